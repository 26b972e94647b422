//! Output from memory (issue 9): `run` and `compare` draw from their results in memory, and
//! `plot DIR` / `report DIR` read typed files back — quoted CSV fields come back whole, the
//! comparison manifest names the baseline, and a missing or damaged manifest is a clear error.

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use talentloop::analysis::compare::{choose_baseline, compare, comparison_years};
use talentloop::output::chart::Size;
use talentloop::output::csv::read_sectors;
use talentloop::output::json::RunProvenance;
use talentloop::output::manifest::{ComparisonManifest, RunManifest};
use talentloop::output::plots::{plot_dir, read_timeseries, run_charts, sector_names, Lang};
use talentloop::output::report::{read_charts, report, ComparisonReport, RunReport};
use talentloop::output::{self};

use crate::common::*;

const SMALL: Size = Size {
    width: 400,
    height: 250,
};

/// A scenario extending the baseline whose first sector's Chinese name has a comma.
fn comma_scenario(dir: &Path) -> PathBuf {
    std::fs::copy(repo("scenarios/baseline.toml"), dir.join("baseline.toml")).unwrap();
    let path = dir.join("comma.toml");
    std::fs::write(
        &path,
        "extends = \"baseline.toml\"\n[scenario]\nname = \"comma\"\n\n[[sectors]]\nid = \
            \"energy_chem\"\nname_zh = \"能源,化工\"\n",
    )
    .unwrap();
    path
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_sector_name_with_a_comma_survives_run_and_plot() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = comma_scenario(dir.path());
    let out = dir.path().join("out");
    talentloop()
        .args(["run", "--quiet", "--size", "400x250", "--out"])
        .arg(&out)
        .arg(&scenario)
        .assert()
        .success();
    let sectors = read_sectors(&out.join("sectors.csv")).unwrap();
    assert_eq!(sectors[0].id, "energy_chem");
    assert_eq!(sectors[0].name_zh, "能源,化工");
    assert_eq!(sectors.len(), 10, "the quoted comma starts no new field");
    let drawn_by_run = read(&out.join("charts/sectors.svg"));
    assert!(drawn_by_run.contains("能源,化工"), "run: full sector name");
    assert!(!drawn_by_run.contains("\"能源<") && !drawn_by_run.contains("&quot;能源"));

    // `plot DIR` reads the files back and must give the same chart.
    std::fs::remove_dir_all(out.join("charts")).unwrap();
    talentloop()
        .args(["plot", "--size", "400x250"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(read(&out.join("charts/sectors.svg")), drawn_by_run);
}

#[test]
fn charts_and_report_from_memory_equal_those_read_back() {
    let s = baseline();
    let r = simulate(&s);
    let dir = tempfile::tempdir().unwrap();
    let run_dir = dir.path().join("baseline");
    let provenance = RunProvenance::default();
    output::write_run(&run_dir, false, &s, &r, &provenance).unwrap();
    let rows = read_timeseries(&run_dir.join("timeseries.csv")).unwrap();
    // Debug text, since NaN ≠ NaN would fail a direct comparison of equal charts.
    assert_eq!(
        format!("{:?}", run_charts(&r, &sector_names(&s), Lang::Zh)),
        format!("{:?}", run_charts(&rows, &sector_names(&s), Lang::Zh))
    );
    output::plots::plot_run(&run_dir, &s, &r, SMALL, Lang::Zh).unwrap();
    let charts = read_charts(&run_dir).unwrap();
    assert_eq!(charts.len(), 9);
    let from_memory =
        RunReport::from_run(&s, &r, &provenance, charts).html(&Default::default(), &[], &[]);
    assert_eq!(from_memory, report(&run_dir).unwrap());
    let manifest = RunManifest::read(&run_dir).unwrap();
    assert_eq!(manifest.scenario_name, "baseline");
    assert_eq!(manifest.milestones, vec![2025.0, 2030.0, 2035.0]);
    assert_eq!(manifest.layers.len(), 1);

    // A comparison with the second scenario as baseline, drawn and reported from memory.
    let scenarios = vec![
        talentloop::scenario::load(&repo("scenarios/subsidy_plus.toml")).unwrap(),
        talentloop::scenario::load(&repo("scenarios/dual_enclave.toml")).unwrap(),
    ];
    let c = compare(
        scenarios,
        1,
        &[2030.0, 2035.0],
        ("gdp".into(), String::new()),
        0.0,
    )
    .unwrap();
    let cmp = dir.path().join("cmp");
    output::compare::write_comparison(
        &cmp,
        false,
        &c,
        &provenance,
        talentloop::output::plots::Lang::En,
    )
    .unwrap();
    output::plots::plot_comparison(&cmp, &c, SMALL, Lang::En).unwrap();
    let run_charts: Vec<_> = ["subsidy_plus", "dual_enclave"]
        .iter()
        .map(|n| read_charts(&cmp.join(n)).unwrap())
        .collect();
    let in_memory =
        ComparisonReport::from_comparison(&c, &provenance, read_charts(&cmp).unwrap(), run_charts);
    let read_back = ComparisonReport::read(&cmp).unwrap();
    assert_eq!(in_memory.manifest, read_back.manifest);
    assert_eq!(
        in_memory.html(&Default::default(), &[], &[]),
        read_back.html(&Default::default(), &[], &[])
    );
    assert_eq!(
        read_back.baseline().unwrap().manifest.scenario_name,
        "dual_enclave"
    );
}

#[test]
fn compare_with_a_named_baseline_reports_that_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    talentloop()
        .args(["compare", "--quiet", "--no-plots", "--out"])
        .arg(&out)
        .arg(repo("scenarios/subsidy_plus.toml"))
        .arg(repo("scenarios/dual_enclave.toml"))
        .args(["--baseline", "dual_enclave"])
        .assert()
        .success();
    let manifest = ComparisonManifest::read(&out).unwrap();
    assert_eq!(manifest.baseline, "dual_enclave");
    assert_eq!(manifest.scenarios, ["subsidy_plus", "dual_enclave"]);
    assert_eq!(manifest.years, [2025.0, 2030.0, 2035.0]);
    let csv = read(&out.join("comparison.csv"));
    assert!(csv.contains("dual_enclave,2035,gdp,,亿元/yr,"));
    assert!(
        csv.lines()
            .filter(|l| l.starts_with("dual_enclave,"))
            .all(|l| matches!(l.split(',').nth(7), Some("0" | ""))),
        "the baseline's deltas are zero (empty where the indicator is undefined)"
    );

    talentloop()
        .args(["report", "--size", "400x250"])
        .arg(&out)
        .assert()
        .success();
    let html = read(&out.join("report.html"));
    let base = RunManifest::read(&out.join("dual_enclave")).unwrap();
    let other = RunManifest::read(&out.join("subsidy_plus")).unwrap();
    assert_ne!(base.scenario_sha256, other.scenario_sha256);
    assert!(
        html.contains(&format!("基准情景：{}", base.title_zh)),
        "the baseline is named"
    );
    assert!(
        html.contains(&format!(
            "情景 <code>dual_enclave</code>, 文件 {} (SHA-256 {})",
            base.scenario_file, base.scenario_sha256
        )),
        "the provenance line is the baseline's"
    );
    assert!(
        !html.contains(&other.scenario_sha256),
        "nothing of subsidy_plus's provenance"
    );
    assert!(
        html.contains("基准情景 <code>dual_enclave</code> 共"),
        "the assumption register is the baseline's"
    );

    // The baseline given as a file, as before, is recorded the same way.
    let by_file = dir.path().join("by_file");
    talentloop()
        .args(["compare", "--quiet", "--no-plots", "--out"])
        .arg(&by_file)
        .arg(repo("scenarios/subsidy_plus.toml"))
        .arg(repo("scenarios/dual_enclave.toml"))
        .arg("--baseline")
        .arg(repo("scenarios/dual_enclave.toml"))
        .assert()
        .success();
    assert_eq!(
        ComparisonManifest::read(&by_file).unwrap().baseline,
        "dual_enclave"
    );
    talentloop()
        .args(["compare", "--quiet", "--no-plots", "--out"])
        .arg(dir.path().join("bad"))
        .arg(repo("scenarios/subsidy_plus.toml"))
        .args(["--baseline", "no_such_scenario"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no_such_scenario")
                .and(predicate::str::contains("subsidy_plus")),
        );
}

#[test]
fn baseline_choice_and_years_live_in_the_library() {
    let scenarios = vec![
        talentloop::scenario::load(&repo("scenarios/subsidy_plus.toml")).unwrap(),
        baseline(),
        talentloop::scenario::load(&repo("scenarios/dual_enclave.toml")).unwrap(),
    ];
    assert_eq!(choose_baseline(&scenarios, None).unwrap(), 1);
    assert_eq!(choose_baseline(&scenarios[..1], None).unwrap(), 0);
    assert_eq!(
        choose_baseline(&scenarios, Some("dual_enclave")).unwrap(),
        2
    );
    let file = repo("scenarios/dual_enclave.toml");
    assert_eq!(
        choose_baseline(&scenarios, Some(file.to_str().unwrap())).unwrap(),
        2
    );
    let err = choose_baseline(&scenarios, Some("nowhere")).unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert_eq!(
        comparison_years(&scenarios[1], &[2020.0, 2030.0, 2040.0]),
        [2030.0]
    );
    assert_eq!(comparison_years(&scenarios[1], &[2050.0]), [2035.0]);
}

#[test]
fn plot_and_report_refuse_a_missing_or_damaged_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    talentloop()
        .args(["run", "--quiet", "--no-plots", "--out"])
        .arg(&out)
        .arg(repo("scenarios/baseline.toml"))
        .assert()
        .success();
    let manifest = out.join("manifest.json");
    let refused = |command: &str, what: &str| {
        talentloop().arg(command).arg(&out).assert().code(2).stderr(
            predicate::str::contains("manifest.json")
                .and(predicate::str::contains(what))
                .and(predicate::str::contains("panicked").not()),
        );
    };
    std::fs::write(&manifest, "{ \"talentloop_version\": ").unwrap();
    refused("plot", "damaged");
    refused("report", "damaged");
    std::fs::write(&manifest, "{}").unwrap();
    refused("plot", "missing field");
    std::fs::remove_file(&manifest).unwrap();
    refused("plot", "missing");
    refused("report", "missing");
    assert!(!out.join("report.html").exists());

    // A comparison directory without its manifest, and one whose baseline is not a scenario.
    let cmp = dir.path().join("cmp");
    compare_quietly(&cmp, &["baseline", "dual_enclave"]);
    let text = read(&cmp.join("manifest.json"));
    std::fs::write(
        cmp.join("manifest.json"),
        text.replace("\"baseline\": \"baseline\"", "\"baseline\": \"gone\""),
    )
    .unwrap();
    let err = plot_dir(&cmp, SMALL, Lang::Zh).unwrap_err();
    assert_eq!(err.code(), "bad_output");
    assert!(err.to_string().contains("\"gone\""), "{err}");
    std::fs::remove_file(cmp.join("manifest.json")).unwrap();
    talentloop()
        .arg("report")
        .arg(&cmp)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("manifest.json").and(predicate::str::contains("missing")));
    // A damaged CSV is a clear error too.
    std::fs::write(out.join("sectors.csv"), "id,name_zh\nx,\"unterminated\n").unwrap();
    assert!(read_sectors(&out.join("sectors.csv")).is_err());
}
