//! `talentloop check`: the shipped validity battery passes; a failing expectation exits 1 and
//! says what was expected, what happened and when; malformed check files are clear errors.

use predicates::prelude::*;

use crate::common::{repo, talentloop};

#[test]
fn the_validity_battery_passes() {
    talentloop()
        .arg("check")
        .arg(repo("checks/validity.toml"))
        .assert()
        .success()
        .stdout(predicate::str::contains(" 0 failed"));
}

#[test]
fn a_failing_check_exits_1_with_expected_and_actual() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("scenarios")).unwrap();
    std::fs::copy(
        repo("scenarios/baseline.toml"),
        dir.path().join("scenarios/baseline.toml"),
    )
    .unwrap();
    let file = dir.path().join("wrong.toml");
    std::fs::write(
        &file,
        "[[check]]\nname = \"too_optimistic\"\nscenario = \
            \"scenarios/baseline.toml\"\n[[check.expect]]\nvariable = \"talent_total\"\ncategory = \
                \"H\"\nkind = \"over\"\nfrom = 2030\nto = 2035\nop = \">\"\nvalue = 14000\n",
    )
    .unwrap();
    talentloop()
        .arg("check")
        .arg(&file)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("FAIL too_optimistic")
                .and(predicate::str::contains("breaks it"))
                .and(predicate::str::contains("at 2030")),
        );
    std::fs::write(
        &file,
        "[[check]]\nname = \"x\"\nscenario = \"scenarios/baseline.toml\"\nset = \
        [\"params.levers.deployed_share=2\"]\n[[check.expect]]\nkind = \"sometimes\"\n",
    )
    .unwrap();
    talentloop()
        .arg("check")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("wrong.toml:4:").and(predicate::str::contains("unknown kind")),
        );
}
