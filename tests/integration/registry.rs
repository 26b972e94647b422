//! The parameter registry: every lever is costed or says why not, cost lines exist, and the key
//! tables of docs/scenarios.md are the ones the registry generates.

use std::path::Path;

use talentloop::model::indicator_registry::INDICATORS;
use talentloop::model::layout::COSTS;
use talentloop::output::docs::{doc_tables, indicator_table, model_parameter_tables};
use talentloop::scenario::schema::{Cost, Role, Variation, GROUPS, SECTOR_PARAMS};

fn all_defs() -> impl Iterator<Item = &'static talentloop::scenario::schema::ParamDef> {
    GROUPS
        .iter()
        .flat_map(|g| g.params.iter())
        .chain(SECTOR_PARAMS.iter())
}

#[test]
fn every_cost_line_of_a_lever_is_a_cost_programme_and_every_programme_has_a_lever() {
    for d in all_defs() {
        if let Some(Cost::Line(line)) = d.role.cost() {
            assert!(
                COSTS.iter().any(|c| c.variable == line),
                "{}: cost line {line} is not a cost programme",
                d.key
            );
        }
        if let Some(Cost::Administrative(zh, en)) = d.role.cost() {
            // Why it has no cost line, in both languages: a Chinese sentence for the report and
            // the explorer, an English one for the English outputs.
            assert!(en.len() > 10, "{}: say why it has no cost line", d.key);
            let chinese = zh.chars().filter(|c| !c.is_ascii()).count();
            assert!(chinese > 5, "{}: say why in Chinese too", d.key);
        }
    }
    for c in &COSTS {
        assert!(
            all_defs().any(|d| d.role.cost() == Some(Cost::Line(c.variable))),
            "no lever pays into {}",
            c.variable
        );
    }
}

#[test]
fn levers_are_time_paths_and_labelled() {
    for d in all_defs() {
        if matches!(d.role, Role::Lever(..)) {
            assert_eq!(d.variation, Variation::TimePath, "{}", d.key);
        }
        assert!(!d.zh.is_empty() && !d.en.is_empty(), "{}: labels", d.key);
        assert!(d.min <= d.max, "{}: range", d.key);
        assert!(
            d.max.is_finite() && d.min.is_finite(),
            "{}: every bound is finite",
            d.key
        );
    }
    let levers = GROUPS.iter().find(|g| g.name == "levers").unwrap();
    assert!(levers
        .params
        .iter()
        .all(|d| matches!(d.role, Role::Lever(..) | Role::Driver)));
}

/// Replaces each `<!-- generated: NAME -->` … `<!-- end generated -->` block of `doc` with its
/// table; with `TALENTLOOP_BLESS` set the file is rewritten, otherwise stale blocks fail the test.
fn check_generated(doc: &str, blocks: Vec<(String, String)>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(doc);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut updated = text.clone();
    let mut stale = Vec::new();
    for (name, table) in blocks {
        let begin = format!("<!-- generated: {name} -->\n");
        let end = "<!-- end generated -->";
        let start = updated
            .find(&begin)
            .unwrap_or_else(|| panic!("{doc} has no block {begin:?}"))
            + begin.len();
        let stop = start + updated[start..].find(end).expect("block is closed");
        if updated[start..stop] != table {
            stale.push(name);
            updated.replace_range(start..stop, &table);
        }
    }
    if std::env::var_os("TALENTLOOP_BLESS").is_some() {
        std::fs::write(&path, updated).unwrap();
    } else {
        assert!(
            stale.is_empty(),
            "{doc}: generated tables are stale for {stale:?}; run TALENTLOOP_BLESS=1 cargo test \
                registry"
        );
    }
}

#[test]
fn docs_key_tables_are_generated_from_the_registry() {
    check_generated("docs/scenarios.md", doc_tables());
}

/// One test for every generated block of docs/model.md (two would race when blessing).
#[test]
fn docs_model_tables_are_generated_from_the_registries_and_the_baseline() {
    let mut blocks = vec![("indicators".to_string(), indicator_table())];
    blocks.extend(model_parameter_tables(&crate::common::baseline()));
    check_generated("docs/model.md", blocks);
}

/// docs/model.md §6.2 (how each reported variable is computed) names exactly the variables the
/// registry declares, and the baseline reports exactly the registry's indicators.
#[test]
fn docs_reported_variables_match_the_indicator_registry() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/model.md"))
        .unwrap();
    let start = text.find("### 6.2 Reported variables").expect("§6.2");
    let end = start
        + text[start..]
            .find("Calendar-year statistics")
            .expect("end of §6.2 tables");
    let mut documented = std::collections::BTreeSet::new();
    for line in text[start..end].lines().filter(|l| l.starts_with("| `")) {
        let first_cell = line.split('|').nth(1).unwrap();
        for name in first_cell.split('`').skip(1).step_by(2) {
            documented.insert(name.to_string());
        }
    }
    let declared: std::collections::BTreeSet<String> =
        INDICATORS.iter().map(|d| d.variable.to_string()).collect();
    assert_eq!(
        documented, declared,
        "docs/model.md §6.2 vs the indicator registry"
    );
    let r = crate::common::simulate(&crate::common::baseline());
    let reported: std::collections::BTreeSet<(&str, &str)> =
        r.columns.iter().map(|c| (c.variable, c.category)).collect();
    let registry: std::collections::BTreeSet<(&str, &str)> = INDICATORS
        .iter()
        .map(|d| (d.variable, d.category))
        .collect();
    assert_eq!(
        reported, registry,
        "reported columns vs the indicator registry"
    );
}

#[test]
fn every_calendar_year_statistic_has_labels() {
    let r = talentloop::results::run(&crate::common::baseline()).unwrap();
    for a in &r.annual {
        assert!(
            talentloop::model::annual::annual_label(a.variable).is_some(),
            "{} has no label in model::annual::ANNUAL_LABELS",
            a.variable
        );
    }
}
