//! The terminal table of headline indicators at milestone years.

use std::fmt::Write as _;

use super::json::milestones;
use super::HEADLINES;
use crate::results::RunResult;
use crate::scenario::Scenario;

/// A number for people to read: 3 decimals below 10, 1 below 1000, none above; `n/a` if not finite.
pub fn display_number(v: f64) -> String {
    if !v.is_finite() {
        "n/a".into()
    } else if v.abs() >= 1000.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

/// Headline indicators at the start year and each milestone.
pub fn headline_table(scenario: &Scenario, result: &RunResult) -> String {
    let mut years = vec![scenario.time.start];
    years.extend(milestones(scenario));
    years.dedup();
    let label_width = HEADLINES
        .iter()
        .map(|h| h.2.chars().count())
        .max()
        .unwrap_or(10);
    let mut out = String::new();
    let _ = write!(out, "{:label_width$}", "indicator");
    for y in &years {
        let _ = write!(out, "  {:>10}", y);
    }
    out.push('\n');
    for (variable, category, label) in HEADLINES {
        let Some(c) = result.column(variable, category, None) else {
            continue;
        };
        let pad = label_width.saturating_sub(label.chars().count());
        let _ = write!(out, "{label}{}", " ".repeat(pad));
        for y in &years {
            let _ = write!(out, "  {:>10}", display_number(result.at(c, *y)));
        }
        out.push('\n');
    }
    out
}
