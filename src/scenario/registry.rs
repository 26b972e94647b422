//! The machinery of the parameter registry: what one declaration row says, and the macro that
//! turns the rows of [`super::schema`] into everything else.
//!
//! One row per parameter (in the style of ripgrep's `flags/defs.rs`) gives its field name in the
//! compiled model, TOML key, symbol, unit, range, kind (constant or time path), role (with the
//! cost line of a lever), Chinese and English labels and a one-line meaning. The crate-internal
//! macro `registry!` generates from the rows:
//! - the schema tables [`super::schema::GROUPS`] and [`super::schema::SECTOR_PARAMS`] that
//!   validation, `talentloop params`, addressing (`--set`, sweeps, calibration) and the generated
//!   key tables of docs/scenarios.md read;
//! - the typed, documented structs the model compiles into ([`super::schema::Globals`],
//!   [`super::schema::Levers`], [`super::schema::SectorParams`]), filled by position from a
//!   validated scenario — no string lookup at run time.
//!
//! Adding a parameter is one row; the compiler then asks for its equation wherever the struct is
//! destructured, and the docs test asks for its line in docs/scenarios.md.

/// How a parameter may vary over simulated time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variation {
    /// A single number (structural parameter or initial value).
    Constant,
    /// A lever or exogenous driver: a number or a time path (step, ramp, table).
    TimePath,
    /// A structural option: one whole number in [min, max] naming a form of an equation
    /// (docs/model.md says what each number means). Sweeps sample it as a discrete factor.
    Switch,
}

/// What a lever costs the city's budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cost {
    /// Its spending is counted in this cost accumulator (e.g. `cost_subsidy`).
    Line(&'static str),
    /// An administrative measure with no direct fiscal outlay, and why: (Chinese, English).
    Administrative(&'static str, &'static str),
}

impl Cost {
    /// Why an administrative measure has no direct outlay, in Chinese or English; `None` for a
    /// costed lever.
    pub fn reason(self, chinese: bool) -> Option<&'static str> {
        match self {
            Cost::Line(_) => None,
            Cost::Administrative(zh, en) => Some(if chinese { zh } else { en }),
        }
    }
}

/// The group of measures a lever belongs to, as the seed groups them (引才, 育才, 用才, 留才) plus
/// the enclaves and the sector programmes; the explorer shows one panel per group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureGroup {
    /// 引才: bringing talent in (subsidies, quotas, flexible contracts, recruitment services).
    Attract,
    /// 育才: training (upskilling, order classes, vocational places, retraining).
    Train,
    /// 用才: using talent (政招企用, matching, evaluation reform, platforms).
    Deploy,
    /// 留才: keeping talent (services, rent, amenities, allowances, public services).
    Retain,
    /// 飞地: enclaves and partner projects.
    Enclave,
    /// 产业: a sector's own measures (priority, 人才驿站, 专项计划, upskilling places).
    Industry,
}

impl MeasureGroup {
    /// Every group, in the order the explorer shows them.
    pub const ALL: [MeasureGroup; 6] = [
        MeasureGroup::Attract,
        MeasureGroup::Train,
        MeasureGroup::Deploy,
        MeasureGroup::Retain,
        MeasureGroup::Enclave,
        MeasureGroup::Industry,
    ];

    /// Identifier (ASCII), Chinese and English name.
    pub fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            MeasureGroup::Attract => ("attract", "引才", "Attract"),
            MeasureGroup::Train => ("train", "育才", "Train"),
            MeasureGroup::Deploy => ("deploy", "用才", "Deploy"),
            MeasureGroup::Retain => ("retain", "留才", "Retain"),
            MeasureGroup::Enclave => ("enclave", "飞地", "Enclaves"),
            MeasureGroup::Industry => ("industry", "产业", "Sectors"),
        }
    }
}

/// How a lever is set interactively: its group and a slider range an analyst explores (narrower
/// than the allowed range, which only bounds validity).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Control {
    /// The group of measures.
    pub group: MeasureGroup,
    /// Slider minimum, in the parameter's unit.
    pub min: f64,
    /// Slider maximum.
    pub max: f64,
    /// Slider step.
    pub step: f64,
    /// One sentence in Chinese on what the measure is (the explorer's hover text).
    pub doc_zh: &'static str,
}

/// A lever's [`Control`] (the short form the registry rows use).
pub const fn slider(
    group: MeasureGroup,
    min: f64,
    max: f64,
    step: f64,
    doc_zh: &'static str,
) -> Control {
    Control {
        group,
        min,
        max,
        step,
        doc_zh,
    }
}

/// What part a parameter plays in the model (docs/model.md §1, model-spec v3 §1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Role {
    /// A policy measure the city sets, with its cost and how the explorer sets it.
    Lever(Cost, Control),
    /// An exogenous condition the city does not set (markets, demography, competitors).
    Driver,
    /// How strongly a measure works.
    Efficacy,
    /// How people and firms respond (quits, acceptance, perception and adjustment times).
    Behaviour,
    /// A start-year value.
    Initial,
    /// An accounting or structural constant (durations, weights, unit costs, shares).
    Structural,
}

impl Role {
    /// All role names, in documentation order.
    pub const NAMES: [&'static str; 6] = [
        "lever",
        "driver",
        "efficacy",
        "behaviour",
        "initial",
        "structural",
    ];

    /// The role's name as `params --role` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Role::Lever(..) => "lever",
            Role::Driver => "driver",
            Role::Efficacy => "efficacy",
            Role::Behaviour => "behaviour",
            Role::Initial => "initial",
            Role::Structural => "structural",
        }
    }

    /// The cost of a lever; `None` for the other roles.
    pub fn cost(self) -> Option<Cost> {
        match self {
            Role::Lever(cost, _) => Some(cost),
            _ => None,
        }
    }

    /// The explorer control of a lever; `None` for the other roles.
    pub fn control(self) -> Option<Control> {
        match self {
            Role::Lever(_, control) => Some(control),
            _ => None,
        }
    }
}

/// Definition of one parameter (one registry row).
#[derive(Debug, Clone, Copy)]
pub struct ParamDef {
    /// Key inside its group (global) or inside a `[[sectors]]` entry.
    pub key: &'static str,
    /// Name of the compiled field (in `Globals`, `Levers` or `SectorParams`).
    pub field: &'static str,
    /// The model symbol, as in docs/model.md.
    pub symbol: &'static str,
    /// Unit the value must be given in.
    pub unit: &'static str,
    /// Smallest allowed value (inclusive).
    pub min: f64,
    /// Largest allowed value (inclusive).
    pub max: f64,
    /// Whether a time path is allowed.
    pub variation: Variation,
    /// Role in the model.
    pub role: Role,
    /// Short Chinese label (what a leader reads).
    pub zh: &'static str,
    /// Short English label.
    pub en: &'static str,
    /// One-line meaning.
    pub doc: &'static str,
}

/// A group of global parameters (one TOML table under `[params]`).
#[derive(Debug, Clone, Copy)]
pub struct ParamGroup {
    /// Table name, e.g. `economy` for `[params.economy]`.
    pub name: &'static str,
    /// The parameters of the group.
    pub params: &'static [ParamDef],
}

/// The Rust type a parameter of kind `Constant` or `TimePath` compiles to.
macro_rules! value_type {
    (Constant) => {
        f64
    };
    (Switch) => {
        f64
    };
    (TimePath) => {
        $crate::scenario::TimePath
    };
}

/// The compiled value of a validated parameter of kind `Constant` or `TimePath`.
macro_rules! compiled_value {
    (Constant, $param:expr, $t0:expr) => {{
        let p: &$crate::scenario::Param = $param;
        // Validation admits only numbers for constants; a path would be read at the start.
        p.value.as_constant().unwrap_or_else(|| p.value.at($t0))
    }};
    (TimePath, $param:expr, $t0:expr) => {{
        let p: &$crate::scenario::Param = $param;
        p.value.clone()
    }};
    (Switch, $param:expr, $t0:expr) => {
        compiled_value!(Constant, $param, $t0)
    };
}

/// One [`ParamDef`] from a row.
macro_rules! param_def {
    ($field:ident, $key:literal, $sym:literal, $unit:literal, $min:expr, $max:expr, $var:ident,
     $role:expr, $zh:literal, $en:literal, $doc:literal) => {{
        #[allow(unused_imports)]
        use $crate::scenario::registry::{slider, Cost::*, MeasureGroup::*, Role::*};
        $crate::scenario::registry::ParamDef {
            key: $key,
            field: stringify!($field),
            symbol: $sym,
            unit: $unit,
            min: $min,
            max: $max,
            variation: $crate::scenario::registry::Variation::$var,
            role: $role,
            zh: $zh,
            en: $en,
            doc: $doc,
        }
    }};
}

/// Generates the schema tables and the compiled structs from the registry rows (see the module
/// documentation). Row syntax:
///
/// `field = "key", "symbol", "unit", [min, max], Constant|TimePath, Role, "zh", "en", "doc";`
macro_rules! registry {
    (
        constants {
            $( $group:ident {
                $( $field:ident = $key:literal, $sym:literal, $unit:literal, [$min:expr, $max:expr],
                   $var:ident, $role:expr, $zh:literal, $en:literal, $doc:literal; )*
            } )*
        }
        levers {
            $( $lfield:ident = $lkey:literal, $lsym:literal, $lunit:literal,
               [$lmin:expr, $lmax:expr], $lvar:ident, $lrole:expr,
               $lzh:literal, $len:literal, $ldoc:literal; )*
        }
        sectors {
            $( $sfield:ident = $skey:literal, $ssym:literal, $sunit:literal,
               [$smin:expr, $smax:expr], $svar:ident, $srole:expr,
               $szh:literal, $sen:literal, $sdoc:literal; )*
        }
    ) => {
        /// Positions of groups and parameters in the schema tables (generated).
        #[allow(non_camel_case_types, dead_code, clippy::enum_variant_names)]
        mod position {
            /// Group positions in `GROUPS`.
            #[repr(usize)]
            pub enum Group { $( $group, )* levers }
            $(
                #[repr(usize)]
                pub enum $group { $( $field, )* }
            )*
            /// Lever positions in the `levers` group.
            #[repr(usize)]
            pub enum levers { $( $lfield, )* }
            /// Sector parameter positions in `SECTOR_PARAMS`.
            #[repr(usize)]
            pub enum sector { $( $sfield, )* }
        }

        /// Global parameter groups, in the order they are documented (generated from the rows).
        pub const GROUPS: &[ParamGroup] = &[
            $( ParamGroup {
                name: stringify!($group),
                params: &[ $(
                    param_def!($field, $key, $sym, $unit, $min, $max, $var, $role, $zh, $en, $doc),
                )* ],
            }, )*
            ParamGroup {
                name: "levers",
                params: &[ $(
                    param_def!(
                        $lfield, $lkey, $lsym, $lunit, $lmin, $lmax, $lvar, $lrole,
                        $lzh, $len, $ldoc
                    ),
                )* ],
            },
        ];

        /// Parameters every `[[sectors]]` entry must give (generated from the rows).
        pub const SECTOR_PARAMS: &[ParamDef] = &[
            $(
                param_def!(
                    $sfield, $skey, $ssym, $sunit, $smin, $smax, $svar, $srole, $szh, $sen, $sdoc
                ),
            )*
        ];

        /// Global constants of the model, resolved from a validated scenario (generated from the
        /// registry; symbols and units as in docs/model.md).
        #[derive(Debug, Clone, PartialEq)]
        pub struct Globals {
            $( $(
                #[doc = concat!($sym, " (`", $unit, "`) — \
                    ", $doc, " (`params.", stringify!($group), ".", $key, "`).")]
                pub $field: value_type!($var),
            )* )*
        }

        impl Globals {
            /// Reads every global constant of `scenario` by its position in the schema.
            pub fn from_scenario(scenario: &$crate::scenario::Scenario) -> Self {
                let t0 = scenario.time.start;
                Globals {
                    $( $(
                        $field: compiled_value!(
                            $var,
                            &scenario.globals[position::Group::$group as usize]
                                [position::$group::$field as usize],
                            t0
                        ),
                    )* )*
                }
            }
        }

        /// Policy levers (time paths in the units of the schema; generated from the registry).
        #[derive(Debug, Clone, PartialEq)]
        pub struct Levers {
            $(
                #[doc = concat!($lsym, " (`", $lunit, "`) — \
                    ", $ldoc, " (`params.levers.", $lkey, "`).")]
                pub $lfield: value_type!($lvar),
            )*
        }

        impl Levers {
            /// Reads every lever of `scenario` by its position in the schema.
            pub fn from_scenario(scenario: &$crate::scenario::Scenario) -> Self {
                let t0 = scenario.time.start;
                let levers = &scenario.globals[position::Group::levers as usize];
                let _ = t0;
                Levers {
                    $(
                        $lfield: compiled_value!(
                            $lvar,
                            &levers[position::levers::$lfield as usize],
                            t0
                        ),
                    )*
                }
            }
        }

        /// Per-sector parameters as given in the scenario, one entry per sector (generated from
        /// the registry).
        #[derive(Debug, Clone, PartialEq)]
        pub struct SectorParams {
            $(
                #[doc = concat!($ssym, " (`", $sunit, "`) — \
                    ", $sdoc, " (`sectors.*.", $skey, "`).")]
                pub $sfield: Vec<value_type!($svar)>,
            )*
        }

        impl SectorParams {
            /// Reads every sector parameter of `scenario` by its position in the schema.
            pub fn from_scenario(scenario: &$crate::scenario::Scenario) -> Self {
                let t0 = scenario.time.start;
                SectorParams {
                    $( $sfield: scenario
                        .sectors
                        .iter()
                        .map(|s| {
                            let position = position::sector::$sfield as usize;
                            compiled_value!($svar, &s.params[position], t0)
                        })
                        .collect(), )*
                }
            }
        }
    };
}

pub(crate) use {compiled_value, param_def, registry, value_type};
