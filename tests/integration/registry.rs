//! The parameter registry: every lever is costed or says why not, cost lines exist, and the key
//! tables of docs/scenarios.md are the ones the registry generates.

use std::path::Path;

use talentloop::model::layout::COSTS;
use talentloop::output::register::doc_tables;
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
                COSTS.iter().any(|c| c.name == line),
                "{}: cost line {line} is not a cost programme",
                d.key
            );
        }
        if let Some(Cost::Administrative(why) | Cost::Uncosted(why)) = d.role.cost() {
            assert!(why.len() > 10, "{}: say why it has no cost line", d.key);
        }
    }
    for c in &COSTS {
        assert!(
            all_defs().any(|d| d.role.cost() == Some(Cost::Line(c.name))),
            "no lever pays into {}",
            c.name
        );
    }
}

#[test]
fn levers_are_time_paths_and_labelled() {
    for d in all_defs() {
        if matches!(d.role, Role::Lever(_)) {
            assert_eq!(d.variation, Variation::TimePath, "{}", d.key);
        }
        assert!(!d.zh.is_empty() && !d.en.is_empty(), "{}: labels", d.key);
        assert!(d.min <= d.max, "{}: range", d.key);
    }
    let levers = GROUPS.iter().find(|g| g.name == "levers").unwrap();
    assert!(levers
        .params
        .iter()
        .all(|d| matches!(d.role, Role::Lever(_) | Role::Driver)));
}

/// docs/scenarios.md carries each generated table between `<!-- generated: NAME -->` and
/// `<!-- end generated -->`. `TALENTLOOP_BLESS=1 cargo test registry` rewrites them.
#[test]
fn docs_key_tables_are_generated_from_the_registry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/scenarios.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut updated = text.clone();
    let mut stale = Vec::new();
    for (name, table) in doc_tables() {
        let begin = format!("<!-- generated: {name} -->\n");
        let end = "<!-- end generated -->";
        let start = updated
            .find(&begin)
            .unwrap_or_else(|| panic!("docs/scenarios.md has no block {begin:?}"))
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
            "docs/scenarios.md key tables are stale for {stale:?}; run TALENTLOOP_BLESS=1 cargo test registry"
        );
    }
}
