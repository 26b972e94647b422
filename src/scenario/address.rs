//! Dotted parameter keys (`params.levers.housing_subsidy`, `sectors.food_bev.market_growth`,
//! `sectors.*.market_growth`, `sectors.food_bev.name_zh`, `lookups.investment_skilled`) parsed into
//! typed addresses, for `--set`, sweeps and calibration.
//!
//! A key is parsed once into registry positions ([`schema::GROUPS`], [`schema::SECTOR_PARAMS`])
//! and a sector index, so every later use indexes the scenario directly instead of matching
//! strings, and every reader reports a wrong key with the same did-you-mean suggestions.

use std::fmt;

use super::schema::{self, ParamDef};
use super::{Param, Scenario};
use crate::diagnostics::suggest;

/// Where a parameter lives in a scenario, by registry position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `params.<group>.<key>`: indices into [`schema::GROUPS`].
    Global {
        /// Group index.
        group: usize,
        /// Parameter index.
        param: usize,
    },
    /// `sectors.<id>.<key>` (one sector) or `sectors.*.<key>` (all): index into
    /// [`schema::SECTOR_PARAMS`].
    Sector {
        /// Sector index, or None for every sector.
        sector: Option<usize>,
        /// Parameter index.
        param: usize,
    },
    /// `lookups.<name>`: the strength of a lookup ([`schema::LOOKUP_STRENGTH`]), index into
    /// the scenario's lookups. Varied by scale only.
    Lookup {
        /// Lookup index.
        lookup: usize,
    },
}

impl Target {
    /// Parses a parameter key; sector metadata is refused (it is not a number to vary).
    pub fn parse(key: &str, scenario: &Scenario) -> Result<Target, AddressError> {
        match Address::parse(key, scenario)? {
            Address::Param(target) => Ok(target),
            Address::SectorField { field, .. } => Err(AddressError {
                part: Part::Metadata,
                path: key.to_string(),
                name: field.key().to_string(),
                suggestion: None,
            }),
        }
    }

    /// The registry row of the parameter.
    pub fn def(self) -> &'static ParamDef {
        match self {
            Target::Global { group, param } => &schema::GROUPS[group].params[param],
            Target::Sector { param, .. } => &schema::SECTOR_PARAMS[param],
            Target::Lookup { .. } => &schema::LOOKUP_STRENGTH,
        }
    }

    /// The dotted key of this address in `scenario`.
    pub fn key(self, scenario: &Scenario) -> String {
        match self {
            Target::Global { group, param } => format!(
                "params.{}.{}",
                schema::GROUPS[group].name,
                schema::GROUPS[group].params[param].key
            ),
            Target::Sector { sector, param } => format!(
                "sectors.{}.{}",
                sector_label(scenario, sector),
                schema::SECTOR_PARAMS[param].key
            ),
            Target::Lookup { lookup } => format!("lookups.{}", scenario.lookups[lookup].name),
        }
    }

    /// The one parameter addressed; None for `sectors.*`, which has no single value, and for a
    /// lookup, which is a table.
    pub fn param(self, scenario: &Scenario) -> Option<&Param> {
        match self {
            Target::Global { group, param } => Some(&scenario.globals[group][param]),
            Target::Sector {
                sector: Some(k),
                param,
            } => Some(&scenario.sectors[k].params[param]),
            Target::Sector { sector: None, .. } | Target::Lookup { .. } => None,
        }
    }

    /// Every parameter addressed (each sector's for `sectors.*`; none for a lookup, whose
    /// points are written by strength), for writing.
    pub fn params_mut(self, scenario: &mut Scenario) -> Vec<&mut Param> {
        match self {
            Target::Global { group, param } => vec![&mut scenario.globals[group][param]],
            Target::Sector { sector, param } => scenario
                .sectors
                .iter_mut()
                .enumerate()
                .filter(|(k, _)| sector.is_none_or(|i| i == *k))
                .map(|(_, s)| &mut s.params[param])
                .collect(),
            Target::Lookup { .. } => Vec::new(),
        }
    }

    /// The index of the lookup addressed, None for a parameter.
    pub fn lookup(self) -> Option<usize> {
        match self {
            Target::Lookup { lookup } => Some(lookup),
            _ => None,
        }
    }
}

/// Sector metadata a key can address (the id is the address itself, so it cannot be set).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectorField {
    /// `name_zh`.
    NameZh,
    /// `name_en`.
    NameEn,
    /// `group`.
    Group,
    /// `manufacturing`.
    Manufacturing,
}

impl SectorField {
    /// Every field, in the order of the docs.
    pub const ALL: [SectorField; 4] = [
        SectorField::NameZh,
        SectorField::NameEn,
        SectorField::Group,
        SectorField::Manufacturing,
    ];

    /// The key as written in scenario files.
    pub fn key(self) -> &'static str {
        match self {
            SectorField::NameZh => "name_zh",
            SectorField::NameEn => "name_en",
            SectorField::Group => "group",
            SectorField::Manufacturing => "manufacturing",
        }
    }
}

/// A parsed dotted key: a parameter, or a sector's metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Address {
    /// A global or per-sector parameter.
    Param(Target),
    /// A metadata field of one sector, or of every sector (`sectors.*`).
    SectorField {
        /// Sector index, or None for every sector.
        sector: Option<usize>,
        /// The field.
        field: SectorField,
    },
}

impl Address {
    /// Parses `params.<group>.<key>`, `sectors.<id>.<key>`, `sectors.*.<key>` or
    /// `lookups.<name>` against the sectors and lookups of `scenario`.
    pub fn parse(key: &str, scenario: &Scenario) -> Result<Address, AddressError> {
        let parts: Vec<&str> = key.split('.').collect();
        let error = |part, depth: usize, suggestion: Option<&str>| AddressError {
            part,
            path: parts[..=depth].join("."),
            name: parts[depth].to_string(),
            suggestion: suggestion.map(str::to_string),
        };
        match parts.as_slice() {
            ["params", group, name] => {
                let Some(g) = schema::GROUPS.iter().position(|x| x.name == *group) else {
                    let near = suggest(group, schema::GROUPS.iter().map(|g| g.name));
                    return Err(error(Part::Group, 1, near));
                };
                let defs = schema::GROUPS[g].params;
                let Some(p) = defs.iter().position(|x| x.key == *name) else {
                    let near = suggest(name, defs.iter().map(|p| p.key));
                    return Err(error(Part::Param, 2, near));
                };
                Ok(Address::Param(Target::Global { group: g, param: p }))
            }
            ["sectors", id, name] => {
                let sector = if *id == "*" {
                    None
                } else {
                    let ids = scenario.sectors.iter().map(|s| s.id.as_str());
                    match scenario.sectors.iter().position(|s| s.id == *id) {
                        Some(k) => Some(k),
                        None => return Err(error(Part::Sector, 1, suggest(id, ids))),
                    }
                };
                if let Some(p) = schema::SECTOR_PARAMS.iter().position(|x| x.key == *name) {
                    return Ok(Address::Param(Target::Sector { sector, param: p }));
                }
                match SectorField::ALL.into_iter().find(|f| f.key() == *name) {
                    Some(field) => Ok(Address::SectorField { sector, field }),
                    None => {
                        let keys = schema::SECTOR_PARAMS
                            .iter()
                            .map(|p| p.key)
                            .chain(SectorField::ALL.iter().map(|f| f.key()));
                        Err(error(Part::SectorKey, 2, suggest(name, keys)))
                    }
                }
            }
            ["lookups", name] => {
                let names = scenario.lookups.iter().map(|l| l.name.as_str());
                match scenario.lookups.iter().position(|l| l.name == *name) {
                    Some(lookup) => Ok(Address::Param(Target::Lookup { lookup })),
                    None => Err(error(Part::Lookup, 1, suggest(name, names))),
                }
            }
            _ => Err(AddressError {
                part: Part::Shape,
                path: key.to_string(),
                name: key.to_string(),
                suggestion: None,
            }),
        }
    }

    /// The dotted key of this address in `scenario`.
    pub fn key(&self, scenario: &Scenario) -> String {
        match *self {
            Address::Param(target) => target.key(scenario),
            Address::SectorField { sector, field } => {
                format!("sectors.{}.{}", sector_label(scenario, sector), field.key())
            }
        }
    }
}

/// A sector's id, or `*` for every sector.
fn sector_label(scenario: &Scenario, sector: Option<usize>) -> &str {
    sector.map_or("*", |k| scenario.sectors[k].id.as_str())
}

/// Which part of a key is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The key is not `params.<group>.<key>` or `sectors.<id>.<key>`.
    Shape,
    /// No parameter group of that name.
    Group,
    /// No parameter of that name in the group.
    Param,
    /// No sector with that id in the scenario.
    Sector,
    /// No sector parameter or metadata field of that name.
    SectorKey,
    /// Sector metadata where a parameter is needed.
    Metadata,
    /// No lookup of that name.
    Lookup,
}

/// A key that addresses nothing, with the closest valid word for the part that is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressError {
    /// Which part is wrong.
    pub part: Part,
    /// The key up to and including the wrong part (e.g. `params.levers.housing_subsidi`).
    pub path: String,
    /// The wrong part as written.
    pub name: String,
    /// The closest valid word for that part, when it looks like a typo.
    pub suggestion: Option<String>,
}

impl AddressError {
    /// How a scenario layer reports the key (as the file reader reports an unknown key: the
    /// suggestion is the word to write at that place).
    pub fn layer_message(&self) -> String {
        match (self.part, &self.suggestion) {
            (Part::Group | Part::Param | Part::SectorKey, Some(s)) => {
                format!("unknown key; did you mean `{s}`?")
            }
            (Part::Group | Part::Param | Part::SectorKey, None) => {
                "unknown key (see `talentloop params` for every key)".into()
            }
            _ => self.to_string(),
        }
    }

    /// The parent of the wrong part (`params.levers` for a wrong parameter name).
    fn parent(&self) -> &str {
        self.path.rsplit_once('.').map_or("", |(parent, _)| parent)
    }
}

impl fmt::Display for AddressError {
    /// How a spec reports the key: parameter suggestions are whole keys, to copy into the spec.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.name;
        let hint = |prefix: &str| {
            self.suggestion
                .as_ref()
                .map(|s| format!("; did you mean `{prefix}{s}`?"))
                .unwrap_or_default()
        };
        match self.part {
            Part::Shape => write!(
                f,
                "expected params.<group>.<key>, sectors.<id>.<key>, sectors.*.<key> or \
                    lookups.<name>"
            ),
            Part::Group => write!(f, "no parameter group {name:?}{}", hint("params.")),
            Part::Param => write!(
                f,
                "no parameter {name:?} in {}{}",
                self.parent(),
                hint(&format!("{}.", self.parent()))
            ),
            Part::Sector => write!(
                f,
                "no sector {name:?} in the scenario{} (or `*` for every sector)",
                hint("")
            ),
            Part::SectorKey => write!(f, "no sector parameter {name:?}{}", hint("")),
            Part::Lookup => write!(f, "no lookup {name:?}{}", hint("lookups.")),
            Part::Metadata => write!(
                f,
                "{name} is sector metadata, not a parameter; give a parameter of `talentloop \
                    params`"
            ),
        }
    }
}

impl std::error::Error for AddressError {}
