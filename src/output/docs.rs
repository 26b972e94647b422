//! Documentation tables generated from the registries: the key tables of docs/scenarios.md (one
//! per parameter group and one for sectors), the indicator table of docs/model.md §6.3 and its
//! parameter tables with the baseline's values (§7). Tests compare the documents with these and
//! fail when they are stale.

use std::fmt::Write as _;

use crate::model::indicator_registry::{Direction, Shown, INDICATORS};
use crate::scenario::schema::{self, Cost, ParamDef, Variation};
use crate::scenario::{Scenario, TimePath};

/// A number as docs/scenarios.md writes range ends: integers plainly, powers of ten ≥ 10⁵ as
/// `1e5`, ∞ as `∞`.
fn range_end(x: f64) -> String {
    if x.is_infinite() {
        if x > 0.0 { "∞" } else { "-∞" }.to_string()
    } else if x.abs() >= 1e5 && x.log10().fract() == 0.0 {
        format!(
            "{}e{}",
            if x < 0.0 { "-1" } else { "1" },
            x.abs().log10() as i32
        )
    } else {
        format!("{x}")
    }
}

/// The key table of a list of parameter definitions (docs/scenarios.md §7–8), generated from the
/// registry: key, symbol, unit, range, time path, role (with a lever's cost), Chinese label,
/// meaning.
pub fn key_table(defs: &[ParamDef]) -> String {
    let mut out = String::from(
        "| key | symbol | unit | allowed range | time path | role | 中文 | meaning \
            |\n|---|---|---|---|---|---|---|---|\n",
    );
    for d in defs {
        let close = if d.max.is_infinite() { ")" } else { "]" };
        let role = match d.role.cost() {
            None => d.role.name().to_string(),
            Some(Cost::Line(line)) => format!("lever (`{line}`)"),
            Some(Cost::Administrative(_, why)) => format!("lever (administrative: {why})"),
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | `{}` | [{}, {}{close} | {} | {role} | {} | {} |",
            d.key,
            d.symbol,
            d.unit,
            range_end(d.min),
            range_end(d.max),
            match d.variation {
                Variation::TimePath => "yes",
                Variation::Constant => "no",
                Variation::Switch => "no (option)",
            },
            d.zh,
            d.doc
        );
    }
    out
}

/// The parameters grouped by role (docs/scenarios.md §7): one row per role with its keys
/// (global keys as `group.key`, sector keys as `sectors.key`); levers in a table of their own
/// with their cost line or administrative reason.
pub fn role_table() -> String {
    let all = || {
        schema::GROUPS
            .iter()
            .flat_map(|g| {
                g.params
                    .iter()
                    .map(move |d| (format!("{}.{}", g.name, d.key), d))
            })
            .chain(
                schema::SECTOR_PARAMS
                    .iter()
                    .map(|d| (format!("sectors.{}", d.key), d)),
            )
    };
    let mut out = String::from("| role | parameters |\n|---|---|\n");
    for role in schema::Role::NAMES.iter().filter(|r| **r != "lever") {
        let keys: Vec<String> = all()
            .filter(|(_, d)| d.role.name() == *role)
            .map(|(k, _)| format!("`{k}`"))
            .collect();
        let _ = writeln!(out, "| {role} ({}) | {} |", keys.len(), keys.join(", "));
    }
    out.push_str("\n| lever | 中文 | cost line, or why it has none |\n|---|---|---|\n");
    for (key, d) in all() {
        let cost = match d.role.cost() {
            None => continue,
            Some(Cost::Line(line)) => format!("`{line}`"),
            Some(Cost::Administrative(_, why)) => format!("administrative: {why}"),
        };
        let _ = writeln!(out, "| `{key}` | {} | {cost} |", d.zh);
    }
    out
}

/// Every generated table of docs/scenarios.md: (block name, table), the parameters by role, one
/// key table per global group (`params.economy`, …) and one for `sectors`.
pub fn doc_tables() -> Vec<(String, String)> {
    let mut out = vec![("roles".to_string(), role_table())];
    out.extend(
        schema::GROUPS
            .iter()
            .map(|g| (format!("params.{}", g.name), key_table(g.params))),
    );
    out.push(("sectors".to_string(), key_table(schema::SECTOR_PARAMS)));
    out
}

/// The indicator table of docs/model.md §6.3: every indicator with unit, labels, direction, the
/// outputs that list it and its description.
pub fn indicator_table() -> String {
    let mut out = String::from(
        "| indicator | unit | 中文 | English | better | shown in | meaning \
            |\n|---|---|---|---|---|---|---|\n",
    );
    for d in INDICATORS {
        let better = match d.direction {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
            Direction::Neutral => "—",
        };
        let shown: Vec<&str> = d
            .shown
            .iter()
            .map(|s| match s {
                Shown::Headline => "headline",
                Shown::Comparison => "comparison",
            })
            .collect();
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | {} | {better} | {} | {} |",
            d.id(),
            d.unit,
            d.zh,
            d.en,
            shown.join(", "),
            d.description_en
        );
    }
    out
}

/// A time path as docs/model.md §7 writes a baseline value: a constant as its number, a step,
/// ramp or table by its points.
fn path_text(path: &TimePath) -> String {
    match path {
        TimePath::Constant(v) => format!("{v}"),
        TimePath::Step {
            year,
            before,
            after,
        } => format!("{before} until {year}, then {after}"),
        TimePath::Ramp {
            start,
            end,
            from,
            to,
        } => format!("{from} until {start}, linear to {to} at {end}"),
        TimePath::Table(points) => points
            .iter()
            .map(|(t, v)| format!("{t}: {v}"))
            .collect::<Vec<_>>()
            .join(" → "),
    }
}

/// A note as a table cell: italic, with `|` escaped; empty when there is none.
fn note_cell(note: &str) -> String {
    if note.is_empty() {
        String::new()
    } else {
        format!("; *{}*", note.replace('|', "\\|"))
    }
}

/// The parameter tables of docs/model.md §7 with the values of `scenario` (the baseline): one
/// block per global group (`model.params.economy`, …) with key, symbol, unit, value, source and
/// meaning with the scenario's note; and the sector block `model.sectors`, one row per sector
/// key and one column per sector.
pub fn model_parameter_tables(scenario: &Scenario) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = schema::GROUPS
        .iter()
        .map(|g| {
            let mut table = String::from(
                "| key | symbol | unit | baseline | source | meaning; baseline note \
                    |\n|---|---|---|---|---|---|\n",
            );
            for d in g.params {
                let p = scenario.global(g.name, d.key);
                let _ = writeln!(
                    table,
                    "| `params.{}.{}` | {} | {} | {} | {} | {}{} |",
                    g.name,
                    d.key,
                    d.symbol,
                    d.unit,
                    path_text(&p.value),
                    p.source,
                    d.doc,
                    note_cell(&p.note)
                );
            }
            (format!("model.params.{}", g.name), table)
        })
        .collect();
    let mut table = String::from("| key | symbol | unit | source |");
    let mut rule = String::from("|---|---|---|---|");
    for s in &scenario.sectors {
        let _ = write!(table, " {} |", s.id);
        rule.push_str("---|");
    }
    table.push('\n');
    table.push_str(&rule);
    table.push('\n');
    for d in schema::SECTOR_PARAMS {
        let mut sources: Vec<String> = scenario
            .sectors
            .iter()
            .map(|s| s.param(d.key).source.to_string())
            .collect();
        sources.dedup();
        let _ = write!(
            table,
            "| `{}` | {} | {} | {} |",
            d.key,
            d.symbol,
            d.unit,
            sources.join(", ")
        );
        for s in &scenario.sectors {
            let _ = write!(table, " {} |", path_text(&s.param(d.key).value));
        }
        table.push('\n');
    }
    out.push(("model.sectors".to_string(), table));
    out
}
