//! One test per class of bad scenario input: each names the file, line, column, key and what is
//! allowed, with a stable code — and never panics.

use std::path::Path;

use talentloop::error::ScenarioError;
use talentloop::scenario::load_str;

use crate::common::repo;

fn baseline_text() -> String {
    std::fs::read_to_string(repo("scenarios/baseline.toml")).unwrap()
}

/// Replaces the first line starting with `prefix` by `replacement` and loads the text.
fn with_line(prefix: &str, replacement: &str) -> ScenarioError {
    let text = baseline_text();
    let mut done = false;
    let edited: Vec<String> = text
        .lines()
        .map(|l| {
            if !done && l.starts_with(prefix) {
                done = true;
                replacement.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(done, "no line starts with {prefix}");
    load_str(&edited.join("\n"), Path::new("bad.toml")).expect_err("must be rejected")
}

fn line_of(prefix: &str) -> usize {
    baseline_text()
        .lines()
        .position(|l| l.starts_with(prefix))
        .unwrap()
        + 1
}

fn assert_issue(err: &ScenarioError, code: &str, key: &str, line: usize, fragment: &str) {
    let text = err.to_string();
    let issue = err
        .issues
        .iter()
        .find(|i| i.code() == code && i.key == key)
        .unwrap_or_else(|| panic!("no {code} issue for {key} in:\n{text}"));
    if line > 0 {
        assert_eq!(issue.location.line, line, "{text}");
        assert!(issue.location.col > 0);
    }
    assert!(
        issue.message.contains(fragment),
        "{:?} lacks {fragment:?}",
        issue.message
    );
    assert!(
        text.contains(&format!("bad.toml:{}:", issue.location.line)) || line == 0,
        "{text}"
    );
}

#[test]
fn malformed_toml_names_line_and_column() {
    let err = with_line("report_step", "report_step = = 0.25");
    let issue = &err.issues[0];
    assert_eq!(issue.code(), "toml_syntax");
    assert_eq!(issue.location.line, line_of("report_step"));
}

#[test]
fn unknown_key_suggests_the_closest_valid_key() {
    let err = with_line(
        "quit_rate_new",
        "quit_rate_neww = { value = 0.1, unit = \"1/yr\", source = \"assumption\" }",
    );
    assert_issue(
        &err,
        "unknown_key",
        "params.high_level.quit_rate_neww",
        line_of("quit_rate_new"),
        "did you mean `quit_rate_new`",
    );
    // The real key is now missing, and that is reported too.
    assert!(err
        .issues
        .iter()
        .any(|i| i.code() == "missing_key" && i.key == "params.high_level.quit_rate_new"));
}

#[test]
fn wrong_type_says_what_was_expected() {
    let err = with_line(
        "housing_subsidy",
        "housing_subsidy = { value = \"forty\", unit = \"万元/person\", source = \"seed\" }",
    );
    assert_issue(
        &err,
        "wrong_type",
        "params.levers.housing_subsidy.value",
        line_of("housing_subsidy"),
        "expected a number, found string",
    );
}

#[test]
fn fraction_above_one_is_out_of_range() {
    let err = with_line(
        "deployed_share",
        "deployed_share = { value = 1.2, unit = \"1\", source = \"assumption\" }",
    );
    assert_issue(
        &err,
        "out_of_range",
        "params.levers.deployed_share.value",
        line_of("deployed_share"),
        "must be in [0, 1], got 1.2",
    );
}

#[test]
fn negative_stock_is_out_of_range() {
    let err = with_line(
        "high_level_2024 = { value = 300.0",
        "high_level_2024 = { value = -300.0, unit = \"person\", source = \"assumption\" }",
    );
    assert_issue(
        &err,
        "out_of_range",
        "sectors.energy_chem.high_level_2024.value",
        line_of("high_level_2024 = { value = 300.0"),
        "got -300",
    );
}

#[test]
fn nan_and_infinity_are_rejected() {
    let err = with_line(
        "wage",
        "wage = { value = nan, unit = \"万元/yr\", source = \"assumption\" }",
    );
    assert_issue(
        &err,
        "out_of_range",
        "params.high_level.wage.value",
        line_of("wage"),
        "finite",
    );
    let err = with_line(
        "wage",
        "wage = { value = inf, unit = \"万元/yr\", source = \"assumption\" }",
    );
    assert_issue(
        &err,
        "out_of_range",
        "params.high_level.wage.value",
        line_of("wage"),
        "finite",
    );
}

#[test]
fn non_positive_time_is_rejected() {
    let err = with_line("report_step", "report_step = 0.0");
    assert_issue(
        &err,
        "out_of_range",
        "time.report_step",
        line_of("report_step"),
        "must be in",
    );
    let err = with_line(
        "settling_time",
        "settling_time = { value = 0.0, unit = \"yr\", source = \"assumption\" }",
    );
    assert_issue(
        &err,
        "out_of_range",
        "params.high_level.settling_time.value",
        line_of("settling_time"),
        "must be in [0.1, 20] yr",
    );
}

#[test]
fn wrong_unit_names_the_model_unit() {
    let err = with_line(
        "housing_subsidy",
        "housing_subsidy = { value = 400000, unit = \"元/person\", source = \"seed\" }",
    );
    assert_issue(
        &err,
        "wrong_unit",
        "params.levers.housing_subsidy.unit",
        line_of("housing_subsidy"),
        "\"万元/person\"",
    );
}

#[test]
fn unknown_provenance_tag_is_rejected() {
    let err = with_line(
        "wage",
        "wage = { value = 15.0, unit = \"万元/yr\", source = \"guess\" }",
    );
    assert_issue(
        &err,
        "bad_source",
        "params.high_level.wage.source",
        line_of("wage"),
        "allowed: seed, official, press, literature, derived, assumption",
    );
}

#[test]
fn derived_value_without_note_is_rejected() {
    let err = with_line(
        "gdp_2024",
        "gdp_2024 = { value = 831.0, unit = \"亿元/yr\", source = \"derived\" }",
    );
    assert_issue(
        &err,
        "bad_source",
        "params.economy.gdp_2024.note",
        line_of("gdp_2024"),
        "arithmetic",
    );
}

#[test]
fn empty_sector_list_is_rejected() {
    let text = baseline_text();
    let cut = text.find("[[sectors]]").unwrap();
    let rest = &text[cut..];
    let lookups = rest.find("# Graphical functions").unwrap();
    let edited = format!("sectors = []\n{}{}", &text[..cut], &rest[lookups..]);
    let err = load_str(&edited, Path::new("bad.toml")).unwrap_err();
    assert!(
        err.issues
            .iter()
            .any(|i| i.code() == "bad_sectors" && i.message.contains("empty")),
        "{err}"
    );
}

#[test]
fn duplicate_sector_id_is_rejected() {
    let err = with_line("id = \"adv_materials\"", "id = \"energy_chem\"");
    assert_issue(
        &err,
        "bad_sectors",
        "sectors[1].id",
        line_of("id = \"adv_materials\""),
        "duplicate sector id \"energy_chem\"",
    );
}

#[test]
fn horizon_before_start_is_rejected() {
    let err = with_line("end = ", "end = 2020.0");
    assert_issue(
        &err,
        "bad_time",
        "time.end",
        line_of("end = "),
        "after the start",
    );
}

#[test]
fn shares_must_sum_to_one() {
    let err = with_line(
        "enclave_share = { value = 0.25",
        "enclave_share = { value = 0.5, unit = \"1\", source = \"assumption\" }",
    );
    assert_issue(&err, "bad_shares", "sectors.*.enclave_share", 0, "sum to 1");
}

#[test]
fn time_path_on_a_structural_parameter_is_rejected() {
    let err = with_line(
        "wage",
        "wage = \
        { value = { kind = \"step\", year = 2026, before = 15, after = 20 \
            }, unit = \"万元/yr\", source = \"assumption\" }",
    );
    assert_issue(
        &err,
        "wrong_type",
        "params.high_level.wage.value",
        line_of("wage"),
        "structural parameter",
    );
}

#[test]
fn malformed_time_path_is_rejected() {
    let err = with_line(
        "housing_subsidy",
        "housing_subsidy = \
        { value = { kind = \"ramp\", start = 2028, end = 2026, from = 40, to = 80 \
            }, unit = \"万元/person\", source = \"seed\" }",
    );
    assert_issue(
        &err,
        "bad_path",
        "params.levers.housing_subsidy.value.end",
        line_of("housing_subsidy"),
        "must end after it starts",
    );
    let err = with_line(
        "housing_subsidy",
        "housing_subsidy = \
        { value = { kind = \"jump\", year = 2026 }, unit = \"万元/person\", source = \"seed\" }",
    );
    assert_issue(
        &err,
        "bad_path",
        "params.levers.housing_subsidy.value.kind",
        line_of("housing_subsidy"),
        "allowed: \"step\", \"ramp\", \"table\"",
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = baseline_text()
        .replace("rtol = 3e-6", "rtol = -1.0")
        .replace("talent_weight = 0.5", "talent_weigth = 0.5");
    let err = load_str(&text, Path::new("bad.toml")).unwrap_err();
    assert!(err.issues.len() >= 3, "{err}");
}

#[test]
fn labour_demand_above_labour_force_is_inconsistent() {
    let mut s = crate::common::baseline();
    for sector in &mut s.sectors {
        sector.param_mut("general_intensity_2024").value =
            talentloop::scenario::TimePath::Constant(1e5);
    }
    let err = talentloop::model::Model::compile(&s).unwrap_err();
    assert_eq!(err.issues[0].code(), "inconsistent");
}

#[test]
fn an_explosive_parameter_set_fails_cleanly() {
    let mut s = crate::common::baseline();
    // Competitors' technology collapses, so relative competitiveness and investment explode.
    crate::common::set_const(&mut s, "economy", "competitor_upgrading", -0.5);
    crate::common::set_const(&mut s, "economy", "competitiveness_elasticity", 5.0);
    s.time.end = 2100.0;
    match talentloop::results::run(&s) {
        Ok(_) => panic!("expected a solver failure"),
        // The plausibility guard now stops it first, before the integrator gives up.
        Err(e) => assert!(
            matches!(e.code(), "solver_failed" | "non_finite" | "implausible"),
            "{e}"
        ),
    }
}

#[test]
fn a_misspelt_sector_id_in_a_package_gets_one_error_with_the_nearest_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("package.toml");
    std::fs::write(
        &path,
        format!(
            "extends = {:?}\n[scenario]\nname = \"p\"\n[[sectors]]\nid = \"adv_material\"\n\
             programme_quota = {{ value = 5.0, unit = \"person/yr\", source = \"assumption\" }}\n",
            repo("scenarios/baseline.toml")
        ),
    )
    .unwrap();
    let err = talentloop::scenario::load(&path).expect_err("must be rejected");
    let text = err.to_string();
    assert!(text.contains("1 problem"), "{text}");
    assert!(
        text.contains(
            ":5:6: sectors[0].id: no sector \"adv_material\" in the base scenario; did you \
             mean `adv_materials`?"
        ),
        "{text}"
    );
}
