//! Robust conclusions (`compare --uncertainty`): common random numbers across packages, shares
//! that add up, determinism, and the written files.

use std::sync::atomic::AtomicUsize;

use talentloop::analysis::sweep::design::design;
use talentloop::analysis::sweep::spec::load_spec;
use talentloop::analysis::uncertainty::{robustness, scenario_for_draw};
use talentloop::scenario::load;

use crate::common::*;

/// A small spec: Monte Carlo over assumptions (±30 %) and two structural options.
fn small_spec(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("robust.toml");
    std::fs::write(
        &path,
        format!(
            "[sweep]\nname = \"robust\"\nscenario = \"{}\"\nmethod = \"mc\"\nsamples = 12\nseed = \
             7\n[[parameters]]\nselect = \"assumption\"\npercent = 30\n[[parameters]]\nkey = \
             \"params.structure.pay_loop\"\ndistribution = \"discrete\"\nvalues = [0, 1]\n\
             [[parameters]]\nkey = \"params.structure.coupling_form\"\ndistribution = \
             \"discrete\"\nvalues = [0, 1]\n[[outputs]]\nname = \"gdp\"\nvariable = \"gdp\"\nstat \
             = \"at\"\nyear = 2030\n",
            repo("scenarios/baseline.toml")
                .to_string_lossy()
                .replace('\\', "/")
        ),
    )
    .unwrap();
    path
}

fn packages() -> Vec<talentloop::scenario::Scenario> {
    [
        "baseline",
        "subsidy_plus",
        "full_cycle_service",
        "zhengzhao_qiyong",
    ]
    .iter()
    .map(|n| load(&repo(&format!("scenarios/{n}.toml"))).unwrap())
    .collect()
}

#[test]
fn every_package_sees_the_same_draws() {
    let dir = tempfile::tempdir().unwrap();
    let spec = load_spec(&small_spec(dir.path())).unwrap();
    let d = design(&spec);
    let scenarios = packages();
    for k in 0..d.len() {
        let values = d.values(k);
        let drawn: Vec<_> = scenarios
            .iter()
            .map(|s| scenario_for_draw(&spec, s, &values))
            .collect();
        for p in &spec.parameters {
            let mut first = drawn[0].clone();
            let reference: Vec<_> = p
                .target
                .params_mut(&mut first)
                .iter()
                .map(|x| x.value.clone())
                .collect();
            for other in &drawn[1..] {
                let mut other = other.clone();
                let theirs: Vec<_> = p
                    .target
                    .params_mut(&mut other)
                    .iter()
                    .map(|x| x.value.clone())
                    .collect();
                assert_eq!(theirs, reference, "draw {k}: {}", p.key);
            }
        }
        // The packages keep their own levers.
        assert_ne!(
            drawn[1].global("levers", "housing_subsidy").value,
            drawn[0].global("levers", "housing_subsidy").value
        );
    }
}

#[test]
fn robustness_shares_add_up_and_are_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let spec = load_spec(&small_spec(dir.path())).unwrap();
    let rank = ("talent_years_per_yi".to_string(), String::new());
    let run = || {
        robustness(
            &spec,
            &packages(),
            0,
            &[2035.0],
            &rank,
            0.0,
            &AtomicUsize::new(0),
        )
        .unwrap()
    };
    let r = run();
    assert_eq!(r.draws.len(), 12);
    assert!(r.failed.is_empty(), "{:?}", r.failed);
    for b in &r.beats {
        assert!((b.a_beats_b + b.b_beats_a + b.tie - 1.0).abs() < 1e-12);
    }
    // Three packages: three pairs per measure.
    assert_eq!(r.beats.len(), 3 * r.measures.len());
    let subsidy = r
        .effects
        .iter()
        .find(|e| {
            r.scenarios[e.scenario] == "subsidy_plus"
                && r.measures[e.measure].name == "talent_firms[H]"
        })
        .unwrap();
    assert_eq!(
        subsidy.p_better, 1.0,
        "more subsidy, more talent in firms in every draw"
    );
    assert!(subsidy.p5 <= subsidy.p50 && subsidy.p50 <= subsidy.p95);
    // 政招企用 changes only administrative levers: no ratio per 亿元 in any draw.
    let zq = r
        .effects
        .iter()
        .find(|e| r.scenarios[e.scenario] == "zhengzhao_qiyong" && r.measures[e.measure].is_ratio())
        .unwrap();
    assert_eq!(zq.undefined, 12);
    // NaN (n/a) is not equal to itself: compare the printed values, every bit shown.
    assert_eq!(
        format!("{:?}", run()),
        format!("{r:?}"),
        "deterministic for a seed"
    );
}

#[test]
fn compare_writes_the_robustness_files_and_section() {
    let dir = tempfile::tempdir().unwrap();
    let spec = small_spec(dir.path());
    let out = dir.path().join("cmp");
    assert_cmd::Command::cargo_bin("talentloop")
        .unwrap()
        .arg("compare")
        .arg(repo("scenarios/baseline.toml"))
        .arg(repo("scenarios/subsidy_plus.toml"))
        .arg(repo("scenarios/dual_enclave.toml"))
        .args(["--no-plots", "-q", "--uncertainty"])
        .arg(&spec)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    for f in ["draws.csv", "effects.csv", "summary.csv", "beats.csv"] {
        assert!(out.join("uncertainty").join(f).is_file(), "{f}");
    }
    let md = std::fs::read_to_string(out.join("comparison.md")).unwrap();
    assert!(md.contains("Robustness over 12 draws"), "{md}");
    assert!(md.contains("P(row beats column)"));
    let draws = std::fs::read_to_string(out.join("uncertainty/draws.csv")).unwrap();
    assert_eq!(draws.lines().count(), 13);
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("uncertainty/beats.csv"),
        "the manifest lists the files"
    );
}

#[test]
fn a_set_of_a_sampled_parameter_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let spec = small_spec(dir.path());
    assert_cmd::Command::cargo_bin("talentloop")
        .unwrap()
        .arg("compare")
        .arg(repo("scenarios/baseline.toml"))
        .arg(repo("scenarios/subsidy_plus.toml"))
        .args([
            "--no-plots",
            "-q",
            "--set",
            "params.structure.pay_loop=0",
            "--uncertainty",
        ])
        .arg(&spec)
        .arg("--out")
        .arg(dir.path().join("cmp"))
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "--set params.structure.pay_loop has no effect under --uncertainty",
        ));
}

#[test]
fn a_package_setting_a_sampled_parameter_is_warned_about() {
    // The spec samples the pay loop by value; a package that sets it loses it in every draw.
    let dir = tempfile::tempdir().unwrap();
    let spec = load_spec(&small_spec(dir.path())).unwrap();
    let mut scenarios = packages();
    scenarios[1] =
        talentloop::scenario::apply_override(&scenarios[1], "params.structure.pay_loop=0").unwrap();
    let r = robustness(
        &spec,
        &scenarios,
        0,
        &[2035.0],
        &("talent_years_per_yi".to_string(), String::new()),
        0.0,
        &AtomicUsize::new(0),
    )
    .unwrap();
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert!(r.warnings[0].contains("`subsidy_plus` sets params.structure.pay_loop"));
}
