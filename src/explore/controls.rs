//! What the explorer lets an analyst set: one slider per lever (from the parameter registry's
//! [`Control`]s, one per sector for a sector's levers) and one control per uncertain assumption
//! of the band's sweep spec (its sampling range, so the panel and the band agree).

use serde_json::{json, Value};

use crate::analysis::sweep::spec::{Distribution, Mode, SweepSpec};
use crate::scenario::address::Target;
use crate::scenario::schema::{self, Control, Cost, ParamDef, Role};
use crate::scenario::{Scenario, TimePath};
use crate::units::unit_zh;

/// One lever as a slider.
#[derive(Debug, Clone)]
pub struct LeverControl {
    /// Dotted key (`params.levers.housing_subsidy`, `sectors.adv_materials.programme_quota`).
    pub key: String,
    /// Where it lives.
    pub target: Target,
    /// Its registry row.
    pub def: &'static ParamDef,
    /// Group and slider range.
    pub control: Control,
}

/// Every lever of `scenario`: the global ones in registry order, then each sector's.
pub fn levers(scenario: &Scenario) -> Vec<LeverControl> {
    let mut out = Vec::new();
    for (group, g) in schema::GROUPS.iter().enumerate() {
        for (param, def) in g.params.iter().enumerate() {
            if let Some(control) = def.role.control() {
                let target = Target::Global { group, param };
                out.push(LeverControl {
                    key: target.key(scenario),
                    target,
                    def,
                    control,
                });
            }
        }
    }
    for sector in 0..scenario.sectors.len() {
        for (param, def) in schema::SECTOR_PARAMS.iter().enumerate() {
            if let Some(control) = def.role.control() {
                let target = Target::Sector {
                    sector: Some(sector),
                    param,
                };
                out.push(LeverControl {
                    key: target.key(scenario),
                    target,
                    def,
                    control,
                });
            }
        }
    }
    out
}

/// How an assumption control sets its parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum AssumptionKind {
    /// A multiplier of the base value (or a lookup's strength) in [min, max].
    Scale {
        /// Lower end of the sampling range.
        min: f64,
        /// Upper end.
        max: f64,
    },
    /// The value itself, in [min, max].
    Value {
        /// Lower end of the sampling range.
        min: f64,
        /// Upper end.
        max: f64,
    },
    /// One of a list of values (a structural option).
    Choice(Vec<f64>),
}

/// One uncertain assumption of the band's spec as a control.
#[derive(Debug, Clone)]
pub struct AssumptionControl {
    /// Dotted key as the spec names it.
    pub key: String,
    /// Where it lives.
    pub target: Target,
    /// How the control's number is applied.
    pub mode: Mode,
    /// Its range or choices.
    pub kind: AssumptionKind,
    /// The number that leaves the base scenario unchanged (1 in scale mode).
    pub default: f64,
    /// The year from which the spec applies it (None: from the start).
    pub from: Option<f64>,
}

/// The controls of the spec's parameters; Err names a sampled lever (the band would overwrite
/// the analyst's policy with random values).
pub fn assumptions(spec: &SweepSpec) -> Result<Vec<AssumptionControl>, String> {
    let mut out = Vec::new();
    for p in &spec.parameters {
        if matches!(p.target.def().role, Role::Lever(..)) {
            return Err(format!(
                "{} samples the lever `{}`; the explorer's band samples assumptions only (the \
                 sliders set the levers)",
                spec.file.display(),
                p.key
            ));
        }
        let kind = match (&p.distribution, p.mode) {
            (Distribution::Discrete(values), _) => AssumptionKind::Choice(values.clone()),
            (d, Mode::Scale) => {
                let (min, max) = d.ends();
                AssumptionKind::Scale { min, max }
            }
            (d, Mode::Value) => {
                let (min, max) = d.ends();
                AssumptionKind::Value { min, max }
            }
        };
        out.push(AssumptionControl {
            key: p.key.clone(),
            target: p.target,
            mode: p.mode,
            kind,
            default: p.base,
            from: p.from,
        });
    }
    Ok(out)
}

/// Every cost line a lever is charged to, in registry order (each once).
pub fn cost_lines() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for def in schema::GROUPS
        .iter()
        .flat_map(|g| g.params)
        .chain(schema::SECTOR_PARAMS)
    {
        if let Some(Cost::Line(line)) = def.role.cost() {
            if !out.contains(&line) {
                out.push(line);
            }
        }
    }
    out
}

/// A time path in words, for a lever whose base value is not one number.
fn path_text(p: &TimePath) -> Option<String> {
    match p {
        TimePath::Constant(_) => None,
        TimePath::Step {
            year,
            before,
            after,
        } => Some(format!("step {year}: {before} → {after}")),
        TimePath::Ramp {
            start,
            end,
            from,
            to,
        } => Some(format!("ramp {start}–{end}: {from} → {to}")),
        TimePath::Table(points) => Some(format!(
            "table: {}",
            points
                .iter()
                .map(|(x, y)| format!("{x}: {y}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// A cost declaration as JSON, with the cost line's labels from the indicator registry.
fn cost_json(cost: Cost) -> Value {
    match cost {
        Cost::Line(line) => {
            let def = crate::model::indicator_registry::find(line, "");
            json!({
                "kind": "line", "line": line,
                "zh": def.map_or(line, |d| d.zh), "en": def.map_or(line, |d| d.en),
            })
        }
        Cost::Administrative(zh, en) => {
            json!({"kind": "administrative", "reason": en, "reason_zh": zh})
        }
    }
}

/// The lever's slider as the page reads it (see docs/explore.md).
pub fn lever_json(l: &LeverControl, scenario: &Scenario) -> Value {
    let param = l
        .target
        .param(scenario)
        .expect("a lever addresses one parameter");
    let sector = match l.target {
        Target::Sector {
            sector: Some(k), ..
        } => Some(scenario.sectors[k].id.clone()),
        _ => None,
    };
    let (group, _, _) = l.control.group.names();
    json!({
        "key": l.key, "sector": sector, "group": group,
        "zh": l.def.zh, "en": l.def.en, "doc": l.def.doc, "doc_zh": l.control.doc_zh,
        "unit": l.def.unit, "unit_zh": unit_zh(l.def.unit),
        "min": l.control.min, "max": l.control.max, "step": l.control.step,
        "allowed": [l.def.min, l.def.max],
        "default": param.value.at(scenario.time.start),
        "default_path": path_text(&param.value),
        "source": param.source.as_str(), "note": param.note,
        "cost": l.def.role.cost().map(cost_json),
    })
}

/// The assumption control as the page reads it.
pub fn assumption_json(a: &AssumptionControl, scenario: &Scenario) -> Value {
    let def = a.target.def();
    let param = a.target.param(scenario);
    let role = match a.target {
        Target::Lookup { .. } => "lookup",
        _ => def.role.name(),
    };
    let (zh, en) = match a.target {
        Target::Lookup { lookup } => {
            let name = &scenario.lookups[lookup].name;
            let label = schema::LOOKUPS.iter().find(|l| l.0 == name);
            (
                label.map_or(name.as_str(), |l| l.3).to_string() + "（强度）",
                format!("{name} (strength)"),
            )
        }
        Target::Sector { sector: None, .. } => (
            format!("{}（各产业）", def.zh),
            format!("{} (every sector)", def.en),
        ),
        _ => (def.zh.to_string(), def.en.to_string()),
    };
    let (kind, min, max, choices) = match &a.kind {
        AssumptionKind::Scale { min, max } => ("scale", Some(*min), Some(*max), None),
        AssumptionKind::Value { min, max } => ("value", Some(*min), Some(*max), None),
        AssumptionKind::Choice(values) => ("choice", None, None, Some(values.clone())),
    };
    // A slider step of about a hundredth of its range, rounded to a power of ten.
    let step = min
        .zip(max)
        .map(|(lo, hi)| 10f64.powf(((hi - lo) / 100.0).log10().floor()));
    // A value's default is the explorer's base scenario's (the spec may sample another base).
    let default = match (a.mode, param) {
        (Mode::Value, Some(p)) => p.value.at(scenario.time.start),
        _ => a.default,
    };
    let base_value = match (a.mode, param) {
        (Mode::Scale, Some(p)) => p.value.as_constant(),
        _ => None,
    };
    json!({
        "key": a.key, "zh": zh, "en": en, "doc": def.doc, "role": role,
        "unit": def.unit, "unit_zh": unit_zh(def.unit),
        "kind": kind, "min": min, "max": max, "step": step, "choices": choices,
        "default": default, "base_value": base_value,
        "source": param.map(|p| p.source.as_str()), "note": param.map(|p| p.note.as_str()),
    })
}
