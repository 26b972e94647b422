//! A scenario layer as TOML text: the entries that set some parameters of a scenario to the
//! values they have in another, for files that `extends` a base (`calibrate`'s calibrated
//! scenario, the explorer's downloaded package). Every number is written with Rust's
//! shortest round-trip form, so the file loads back to the same bits.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::scenario::address::Target;
use crate::scenario::{schema, Scenario, TimePath};

/// A time path as a TOML value.
pub fn toml_path(p: &TimePath) -> String {
    match p {
        TimePath::Constant(v) => format!("{v:?}"),
        TimePath::Step {
            year,
            before,
            after,
        } => format!(
            "{{ kind = \"step\", year = {year:?}, before = {before:?}, after = {after:?} }}"
        ),
        TimePath::Ramp {
            start,
            end,
            from,
            to,
        } => format!(
            "{{ kind = \"ramp\", start = {start:?}, end = {end:?}, from = {from:?}, to = {to:?} }}"
        ),
        TimePath::Table(points) => {
            format!("{{ kind = \"table\", points = {} }}", points_of(points))
        }
    }
}

fn points_of(points: &[(f64, f64)]) -> String {
    let pts: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("[{x:?}, {y:?}]"))
        .collect();
    format!("[{}]", pts.join(", "))
}

/// The `[params.*]`, `[[sectors]]` and `[lookups.*]` entries that give each parameter of
/// `targets` the value it has in `scenario`, tagged `source` with `note` (quotes in the note are
/// made single). Sectors' entries are grouped into one `[[sectors]]` table per sector, in the
/// scenario's sector order; a target listed twice is written once.
pub fn entries(scenario: &Scenario, targets: &[Target], source: &str, note: &str) -> String {
    let note = note.replace('"', "'");
    let entry = |unit: &str, value: &TimePath| {
        format!(
            "{{ value = {}, unit = \"{unit}\", source = \"{source}\", note = \"{note}\" }}",
            toml_path(value)
        )
    };
    let mut globals: Vec<(usize, usize)> = Vec::new();
    let mut sector_params: Vec<Vec<usize>> = vec![Vec::new(); scenario.sectors.len()];
    let mut lookups: Vec<usize> = Vec::new();
    for &target in targets {
        match target {
            Target::Global { group, param } => globals.push((group, param)),
            Target::Sector { sector, param } => {
                for (k, list) in sector_params.iter_mut().enumerate() {
                    if sector.is_none_or(|i| i == k) {
                        list.push(param);
                    }
                }
            }
            Target::Lookup { lookup } => lookups.push(lookup),
        }
    }
    globals.sort_unstable();
    globals.dedup();
    lookups.sort_unstable();
    lookups.dedup();
    let mut out = String::new();
    let mut last_group = None;
    for (group, param) in globals {
        if last_group != Some(group) {
            let gap = if out.is_empty() { "" } else { "\n" };
            let _ = writeln!(out, "{gap}[params.{}]", schema::GROUPS[group].name);
            last_group = Some(group);
        }
        let def = &schema::GROUPS[group].params[param];
        let value = &scenario.globals[group][param].value;
        let _ = writeln!(out, "{} = {}", def.key, entry(def.unit, value));
    }
    for (sector, mut params) in scenario.sectors.iter().zip(sector_params) {
        if params.is_empty() {
            continue;
        }
        params.sort_unstable();
        params.dedup();
        let _ = writeln!(out, "\n[[sectors]]\nid = \"{}\"", sector.id);
        for param in params {
            let def = &schema::SECTOR_PARAMS[param];
            let _ = writeln!(
                out,
                "{} = {}",
                def.key,
                entry(def.unit, &sector.params[param].value)
            );
        }
    }
    for lookup in lookups {
        let l = &scenario.lookups[lookup];
        let _ = writeln!(
            out,
            "\n[lookups.{}]\npoints = {}\nsource = \"{source}\"\nnote = \"{note}\"",
            l.name,
            points_of(&l.points)
        );
    }
    out
}

/// `target` as a path relative to `dir` (both made absolute first; `dir` may not exist yet, as
/// an output folder being written), so a written scenario keeps working when the project moves;
/// the absolute path when no relative one exists.
pub fn relative_to(dir: &Path, target: &Path) -> PathBuf {
    let Ok(target) = target.canonicalize() else {
        return target.to_path_buf();
    };
    // The nearest existing ancestor of `dir`, resolved, with the rest appended.
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    let dir = loop {
        if let Ok(resolved) = existing.canonicalize() {
            break rest
                .iter()
                .rev()
                .fold(resolved, |d: PathBuf, part| d.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return target,
        }
    };
    let common = dir
        .components()
        .zip(target.components())
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return target;
    }
    let mut rel = PathBuf::new();
    for _ in dir.components().skip(common) {
        rel.push("..");
    }
    for part in target.components().skip(common) {
        rel.push(part);
    }
    rel
}
