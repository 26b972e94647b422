//! End-to-end tests of the `talentloop` command, each in a fresh temporary directory.

use predicates::prelude::*;

use crate::common::{repo, talentloop};

#[test]
fn run_writes_every_output_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("base");
    talentloop()
        .args([
            "run",
            repo("scenarios/baseline.toml").to_str().unwrap(),
            "--no-plots",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("high-tech share of manufacturing"));
    for file in [
        "timeseries.csv",
        "annual.csv",
        "sectors.csv",
        "summary.json",
        "manifest.json",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let ts = std::fs::read_to_string(out.join("timeseries.csv")).unwrap();
    let header = ts.lines().next().unwrap().trim_start_matches('\u{feff}');
    assert_eq!(header, "scenario,time,variable,sector,category,unit,value");
    assert!(ts.contains("baseline,2035,gdp,,,亿元/yr,"));
    assert!(ts.contains("baseline,2024.25,talent,food_bev,S,person,"));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert!(summary["milestones"]["2030"]["gdp"].as_f64().unwrap() > 831.0);
    assert!(summary["coordination_grade"]["2035"]["zh"].is_string());
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["scenario_sha256"].as_str().unwrap().len(), 64);
    assert!(
        manifest["solver"]["stats"]["rhs_evaluations"]
            .as_u64()
            .unwrap()
            > 0
    );
    assert!(manifest["parameters"].as_array().unwrap().len() > 100);

    // A second run into the same directory is refused and leaves the files untouched.
    let before = std::fs::read(out.join("timeseries.csv")).unwrap();
    talentloop()
        .args([
            "run",
            repo("scenarios/baseline.toml").to_str().unwrap(),
            "--no-plots",
            "--out",
        ])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read(out.join("timeseries.csv")).unwrap(), before);
    talentloop()
        .args([
            "run",
            repo("scenarios/baseline.toml").to_str().unwrap(),
            "--no-plots",
            "--quiet",
            "--force",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
}

#[test]
fn bad_scenario_exits_2_with_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    let text = std::fs::read_to_string(repo("scenarios/baseline.toml"))
        .unwrap()
        .replace("[params.economy]", "[params.economyy]");
    std::fs::write(&bad, text).unwrap();
    talentloop()
        .args(["run", "--no-plots"])
        .arg(&bad)
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("bad.toml:")
                .and(predicate::str::contains("did you mean `economy`")),
        );
    assert!(
        !dir.path().join("out").exists(),
        "no output for a rejected scenario"
    );
}

#[test]
fn missing_file_and_unwritable_output_are_clear_errors() {
    talentloop()
        .args(["run", "no/such/scenario.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/scenario.toml"));
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    talentloop()
        .args([
            "run",
            repo("scenarios/baseline.toml").to_str().unwrap(),
            "--no-plots",
            "--out",
        ])
        .arg(blocker.join("sub"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error:"));
}

#[test]
fn params_lists_and_filters_the_register() {
    let base = repo("scenarios/baseline.toml");
    talentloop()
        .args(["params", base.to_str().unwrap()])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("params.levers.housing_subsidy")
                .and(predicate::str::contains("seed")),
        );
    let out = talentloop()
        .args([
            "params",
            base.to_str().unwrap(),
            "--tag",
            "seed",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap().trim_start_matches('\u{feff}'),
        "key,symbol,value,unit,source,role,cost,label_zh,note,from"
    );
    let rows: Vec<&str> = lines.collect();
    assert!(rows.len() >= 4);
    assert!(rows.iter().all(|r| r.contains(",seed,")), "{rows:?}");
}

#[test]
fn every_command_has_help_with_an_example() {
    for cmd in ["run", "params", "compare", "plot"] {
        talentloop()
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Examples:"));
    }
}

#[test]
fn balance_checks_writes_and_refuses_inherited_constants() {
    // The shipped baseline stores the constants its 2024 data give.
    talentloop()
        .args(["balance", "--check"])
        .arg(repo("scenarios/baseline.toml"))
        .assert()
        .success()
        .stdout(predicate::str::contains("stored values match"));
    // A copy with other 2024 data: --check fails and names the stale keys, --write stores the
    // derived values in place (only the numbers change), after which --check passes.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.toml");
    let text = std::fs::read_to_string(repo("scenarios/baseline.toml"))
        .unwrap()
        .replacen(
            "high_level_2024 = { value = 300.0,",
            "high_level_2024 = { value = 450.0,",
            1,
        );
    std::fs::write(&file, &text).unwrap();
    talentloop()
        .args(["balance", "--check"])
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "sectors.energy_chem.high_level_exit_multiplier",
        ));
    talentloop()
        .args(["balance", "--write"])
        .arg(&file)
        .assert()
        .success();
    talentloop()
        .args(["balance", "--check"])
        .arg(&file)
        .assert()
        .success();
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(written.lines().count(), text.lines().count());
    assert!(written.contains("# 基准情景 baseline"), "comments kept");
    // A package inherits the constants from the baseline: writing them there is refused.
    talentloop()
        .args(["balance", "--write"])
        .arg(repo("scenarios/subsidy_plus.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("balance that file instead"));
}

#[test]
fn lang_zh_puts_the_terminal_tables_comparison_md_and_params_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let run = crate::common::talentloop()
        .args(["run", "--no-plots", "--lang", "zh", "--out"])
        .arg(dir.path().join("run"))
        .arg(crate::common::repo("scenarios/baseline.toml"))
        .assert()
        .success();
    let table = String::from_utf8_lossy(&run.get_output().stdout).to_string();
    assert!(
        table.contains("\n指标") && table.contains("地区生产总值（亿元/年）"),
        "{table}"
    );
    // Without --lang the table stays English (charts are Chinese either way).
    let plain = crate::common::talentloop()
        .args(["run", "--no-plots", "--out"])
        .arg(dir.path().join("run_en"))
        .arg(crate::common::repo("scenarios/baseline.toml"))
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&plain.get_output().stdout).contains("\nindicator"));
    let cmp = dir.path().join("cmp");
    crate::common::talentloop()
        .args(["compare", "-q", "--no-plots", "--lang", "zh", "--out"])
        .arg(&cmp)
        .arg(crate::common::repo("scenarios/baseline.toml"))
        .arg(crate::common::repo("scenarios/dual_enclave.toml"))
        .assert()
        .success();
    let md = std::fs::read_to_string(cmp.join("comparison.md")).unwrap();
    assert!(md.contains("| 指标 | 基准情景 | 双向飞地 |"), "{md}");
    assert!(md.contains("| 企业高层次人才（人） |"), "{md}");
    let params = crate::common::talentloop()
        .args(["params", "--lang", "zh", "--role", "lever"])
        .arg(crate::common::repo("scenarios/baseline.toml"))
        .assert()
        .success();
    let text = String::from_utf8_lossy(&params.get_output().stdout).to_string();
    assert!(text.starts_with("参数") && text.contains("安家补助标准") && text.contains("政策措施"));
    assert!(text.contains("万元/人"), "{text}");
    // The graphical functions have a role of their own, and a Chinese name.
    let lookups = crate::common::talentloop()
        .args(["params", "--lang", "zh", "--role", "lookup"])
        .arg(crate::common::repo("scenarios/baseline.toml"))
        .assert()
        .success();
    let text = String::from_utf8_lossy(&lookups.get_output().stdout).to_string();
    assert!(
        text.contains("高层次人才充足率对投资的影响") && text.contains("查找表"),
        "{text}"
    );
    // A report's --out is a file: a folder is refused with the file name to give.
    let refused = crate::common::talentloop()
        .args(["report", "--out"])
        .arg(dir.path())
        .arg(&cmp)
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&refused.get_output().stderr).to_string();
    assert!(
        err.contains("is a folder: give the report's file name"),
        "{err}"
    );
}

#[test]
fn params_csv_follows_lang() {
    let csv = |lang: &[&str]| {
        let out = talentloop()
            .args([
                "params",
                "scenarios/baseline.toml",
                "--format",
                "csv",
                "--role",
                "lever",
            ])
            .args(lang)
            .current_dir(repo(""))
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let en = csv(&[]);
    assert!(
        en.starts_with("\u{feff}key,symbol,value,unit,source,role,"),
        "{en}"
    );
    assert!(en.contains(",seed,lever,"));
    let zh = csv(&["--lang", "zh"]);
    assert!(
        zh.starts_with("\u{feff}参数键,符号,值,单位,来源,作用,"),
        "{zh}"
    );
    assert!(zh.contains(",研究报告,政策措施,"));
    assert_eq!(en.lines().count(), zh.lines().count());
    // Costs too: a cost line by its Chinese name, an administrative measure with its reason.
    let row = |csv: &str, key: &str| {
        csv.lines()
            .find(|l| l.starts_with(key))
            .unwrap()
            .to_string()
    };
    assert!(row(&en, "params.levers.housing_subsidy,").contains(",cost_subsidy,"));
    assert!(row(&zh, "params.levers.housing_subsidy,").contains(",安家补助,"));
    let deployed = row(&zh, "params.levers.deployed_share,");
    assert!(
        deployed.contains(",行政措施：政招企用把现有事业单位编制名额调配到企业"),
        "{deployed}"
    );
    assert!(
        row(&en, "params.levers.deployed_share,").contains(",administrative: 政招企用 reallocates")
    );
}
