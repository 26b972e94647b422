//! A what-if request from the page — levers set from a year on, assumptions set, band or not —
//! parsed strictly and applied to the base scenario exactly as sweeps set parameters
//! ([`set_target_from`]), with every value checked against the registry's allowed range.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::controls::{AssumptionControl, AssumptionKind, LeverControl};
use crate::analysis::sweep::spec::{set_target_from, Mode};
use crate::diagnostics::did_you_mean;
use crate::scenario::address::Target;
use crate::scenario::Scenario;

/// The body of `POST /api/run` and `POST /api/scenario` (docs/explore.md §4).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Levers by dotted key; absent levers keep the base scenario's path.
    #[serde(default)]
    pub levers: BTreeMap<String, LeverSetting>,
    /// Assumptions by the band spec's key: a multiplier (scale), a value, or a choice.
    #[serde(default)]
    pub assumptions: BTreeMap<String, f64>,
    /// The uncertainty band: `false` (none), `true` (every indicator) or a list of indicator
    /// ids (`["talent_firms[H]", "high_tech_share"]`: cheaper, what the page shows).
    #[serde(default)]
    pub band: BandRequest,
    /// Scenario name for the downloaded file (ASCII letters, digits and `_`).
    #[serde(default)]
    pub name: Option<String>,
}

/// Which indicators get a band.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum BandRequest {
    /// None, or every indicator.
    Flag(bool),
    /// These indicators.
    Indicators(Vec<String>),
}

impl Default for BandRequest {
    fn default() -> Self {
        BandRequest::Flag(false)
    }
}

/// One lever's new value and the year it takes effect.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeverSetting {
    /// The value, in the lever's unit.
    pub value: f64,
    /// The year from which it applies (a step from the base value); absent or the start year:
    /// from the start.
    #[serde(default)]
    pub from: Option<f64>,
}

/// A request applied: the scenario, what was set, and a line per change for the file's notes.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The base scenario with the request's settings.
    pub scenario: Scenario,
    /// Every parameter the request set.
    pub targets: Vec<Target>,
    /// One short English line per change (`housing_subsidy 40 → 60 from 2026`).
    pub changes: Vec<String>,
}

/// Parses a request body; Err is the message for a 400 answer.
pub fn parse(body: &[u8]) -> Result<Request, String> {
    serde_json::from_slice(body).map_err(|e| format!("malformed request: {e}"))
}

/// Whether every value `target` takes in `scenario` is inside its registry range.
fn check_range(scenario: &mut Scenario, target: Target, key: &str) -> Result<(), String> {
    if let Some(k) = target.lookup() {
        if scenario.lookups[k].points.iter().any(|&(_, y)| y < 0.0) {
            return Err(format!(
                "`{key}`: this strength takes a point of the lookup below 0"
            ));
        }
        return Ok(());
    }
    let def = target.def();
    for param in target.params_mut(scenario) {
        if let Some(v) = param
            .value
            .corner_values()
            .into_iter()
            .find(|v| !(def.min..=def.max).contains(v))
        {
            return Err(format!(
                "`{key}` would be {v}, outside its allowed range [{}, {}] {}",
                def.min, def.max, def.unit
            ));
        }
    }
    Ok(())
}

/// Applies `request` to `base`; Err is the message for a 400 answer.
pub fn apply(
    base: &Scenario,
    levers: &[LeverControl],
    assumptions: &[AssumptionControl],
    request: &Request,
) -> Result<Applied, String> {
    let mut scenario = base.clone();
    let mut targets = Vec::new();
    let mut changes = Vec::new();
    let (start, end) = (base.time.start, base.time.end);
    for (key, setting) in &request.levers {
        let Some(lever) = levers.iter().find(|l| &l.key == key) else {
            return Err(format!(
                "unknown lever `{key}`{}",
                did_you_mean("", key, levers.iter().map(|l| l.key.as_str()))
            ));
        };
        if !setting.value.is_finite() {
            return Err(format!("`{key}`: the value must be a finite number"));
        }
        let from = match setting.from {
            None => None,
            Some(y) if !(start..end).contains(&y) => {
                return Err(format!(
                    "`{key}`: from = {y} is outside the run [{start}, {end})"
                ))
            }
            Some(y) if y == start => None,
            Some(y) => Some(y),
        };
        let before = lever
            .target
            .param(&scenario)
            .map_or(f64::NAN, |p| p.value.at(start));
        set_target_from(
            &mut scenario,
            lever.target,
            Mode::Value,
            setting.value,
            from,
        );
        check_range(&mut scenario, lever.target, key)?;
        targets.push(lever.target);
        changes.push(match from {
            Some(y) => format!("{key} {before} → {} from {y}", setting.value),
            None => format!("{key} {before} → {}", setting.value),
        });
    }
    for (key, &x) in &request.assumptions {
        let Some(a) = assumptions.iter().find(|a| &a.key == key) else {
            return Err(format!(
                "unknown assumption `{key}`{}",
                did_you_mean("", key, assumptions.iter().map(|a| a.key.as_str()))
            ));
        };
        let valid = match &a.kind {
            AssumptionKind::Choice(values) => values.contains(&x),
            AssumptionKind::Scale { .. } => x.is_finite() && x >= 0.0,
            AssumptionKind::Value { .. } => x.is_finite(),
        };
        if !valid {
            return Err(match &a.kind {
                AssumptionKind::Choice(values) => format!("`{key}` must be one of {values:?}"),
                _ => format!("`{key}` must be a finite number (a multiplier ≥ 0 in scale mode)"),
            });
        }
        set_target_from(&mut scenario, a.target, a.mode, x, a.from);
        check_range(&mut scenario, a.target, key)?;
        targets.push(a.target);
        changes.push(match a.mode {
            Mode::Scale => format!("{key} × {x}"),
            Mode::Value => format!("{key} = {x}"),
        });
    }
    Ok(Applied {
        scenario,
        targets,
        changes,
    })
}
