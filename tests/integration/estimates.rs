//! Size estimates before a sweep or a run starts: designs the schema allows but a laptop cannot
//! hold are refused with the estimate and the limit, before anything is built or written.

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use talentloop::analysis::sweep::design::Design;
use talentloop::analysis::sweep::estimate::{
    self, format_seconds, parse_bytes, parse_duration, Limits, RunShape,
};
use talentloop::analysis::sweep::spec::{load_spec, Method};
use talentloop::results::{format_bytes, format_count, size_estimate};

use crate::common::{repo, talentloop};

/// The 20-parameter benchmark as a Monte Carlo of 10⁷ runs with 30 outputs (8 bytes each per
/// run, kept for indices): over 2 GB by its scalars alone.
fn huge_mc(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(repo("bench/sobol_20x1024.toml")).unwrap();
    let scenario = repo("scenarios/baseline.toml");
    let mut text = text
        .replace(
            "\"../scenarios/baseline.toml\"",
            &format!("{:?}", scenario.display().to_string()),
        )
        .replace("method = \"sobol\"", "method = \"mc\"")
        .replace("samples = 1024", "samples = 10_000_000")
        .replace("bootstrap = 200\n", "");
    for year in 0..30 {
        text.push_str(&format!(
            "\n[[outputs]]\nname = \"h_{year}\"\nvariable = \"talent_total\"\ncategory = \"H\"\n\
            stat = \"at\"\nyear = {}\n",
            2024.0 + f64::from(year) * 0.25
        ));
    }
    let path = dir.join("huge_mc.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_huge_monte_carlo_sweep_is_refused_with_its_estimate_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let spec = huge_mc(dir.path());
    let out = dir.path().join("out");
    let started = std::time::Instant::now();
    talentloop()
        .args(["sweep", spec.to_str().unwrap(), "-j", "2", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("plan: 10,000,000 runs, ≈ "))
        .stderr(predicate::str::contains(
            "sweep refused before it starts: 10,000,000 runs, ≈ ",
        ))
        .stderr(predicate::str::contains("over the limit of 2 GB of memory"))
        .stderr(predicate::str::contains("--yes"));
    assert!(!out.exists(), "nothing is written");
    // Neither the design nor a run is made: refusing takes no longer than loading the spec.
    assert!(started.elapsed().as_secs_f64() < 20.0);
}

#[test]
fn a_sweep_over_the_time_limit_is_refused_and_max_limits_are_read_with_units() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    talentloop()
        .args([
            "sweep",
            "--max-time",
            "0.000001s",
            "--max-memory",
            "1TB",
            "--out",
        ])
        .arg(&out)
        .arg(repo("tests/data/sweeps/small_lhs.toml"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("plan: 24 runs, ≈ "))
        .stderr(predicate::str::contains("over the limit of 0 s"));
    assert!(!out.exists(), "nothing is written");
    talentloop()
        .args(["sweep", "--max-time", "soon"])
        .arg(repo("tests/data/sweeps/small_lhs.toml"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("expected a duration"));
}

#[test]
fn the_estimate_counts_runs_without_building_the_design_and_grows_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut spec = load_spec(&huge_mc(dir.path())).unwrap();
    assert_eq!(Design::runs_of(&spec), 10_000_000);
    let shape = estimate::shape(&spec).unwrap();
    assert_eq!(shape.rows, spec.scenario.time.n_intervals() + 1);
    let mc = estimate::memory(&spec, 10_000_000, 2, shape);
    assert!(mc.memory() > 2_000_000_000, "{mc}");
    assert!(mc.scalar_bytes >= 10_000_000 * 30 * 8);
    assert_eq!(mc.design_bytes, Design::state_bytes(&spec) as u64);
    let err = mc.check(&Limits::default()).unwrap_err();
    assert_eq!(err.code(), "too_large");
    // The refusal is a limit, not an impossibility: with room for it the same estimate passes.
    let roomy = Limits {
        memory: 10_000_000_000,
        seconds: 1e9,
    };
    assert!(mc.check(&roomy).is_ok());
    // A Latin hypercube of the same size also keeps its permutations: 4·N·D bytes.
    spec.method = Method::Lhs {
        samples: 10_000_000,
    };
    let lhs = estimate::memory(&spec, 10_000_000, 2, shape);
    assert!(lhs.design_bytes >= 4 * 10_000_000 * 20);
    assert_eq!(
        lhs.memory() - mc.memory(),
        lhs.design_bytes - mc.design_bytes
    );
    // Time: runs × the base run's cost ÷ threads.
    let timed = estimate::Estimate {
        base_run_seconds: Some(0.001),
        ..mc.clone()
    };
    assert_eq!(timed.seconds(), Some(5000.0));
    assert!(
        timed.to_string().ends_with("≈ 1.4 h on 2 threads"),
        "{timed}"
    );
    let err = timed
        .check(&Limits {
            memory: u64::MAX,
            seconds: 3600.0,
        })
        .unwrap_err();
    assert!(err.to_string().contains("over the limit of 1 h"), "{err}");
}

#[test]
fn the_estimate_of_a_small_sweep_measures_one_base_run() {
    let spec = load_spec(&repo("tests/data/sweeps/small_lhs.toml")).unwrap();
    let e = estimate::estimate(&spec, 24, 2, &Limits::default()).unwrap();
    let s = e.seconds().unwrap();
    assert!(s > 0.0 && s < 60.0, "{e}");
    assert!(e.check(&Limits::default()).is_ok());
    let shape = RunShape {
        rows: 45,
        slots: 100,
        columns: 1000,
    };
    assert!(estimate::memory(&spec, 24, 2, shape).memory() < 50_000_000);
}

#[test]
fn sizes_and_durations_read_and_print_in_plain_units() {
    assert_eq!(parse_bytes("2GB"), Ok(2_000_000_000));
    assert_eq!(parse_bytes("500 MB"), Ok(500_000_000));
    assert_eq!(parse_bytes("1.5g"), Ok(1_500_000_000));
    assert_eq!(parse_bytes("1GiB"), Ok(1 << 30));
    assert_eq!(parse_bytes("123"), Ok(123));
    assert!(parse_bytes("lots").is_err());
    assert!(parse_bytes("2 parsecs").is_err());
    assert_eq!(parse_duration("1h"), Ok(3600.0));
    assert_eq!(parse_duration("30min"), Ok(1800.0));
    assert_eq!(parse_duration("90"), Ok(90.0));
    assert_eq!(parse_duration("2d"), Ok(172_800.0));
    assert!(parse_duration("1 fortnight").is_err());
    assert_eq!(format_count(22_528), "22,528");
    assert_eq!(format_count(999), "999");
    assert_eq!(format_count(10_000_000), "10,000,000");
    assert_eq!(format_bytes(2_000_000_000), "2 GB");
    assert_eq!(format_bytes(19_400_000), "19 MB");
    assert_eq!(format_bytes(5_900_000_000), "5.9 GB");
    assert_eq!(format_bytes(740), "740 B");
    assert_eq!(format_seconds(3.0), "3 s");
    assert_eq!(format_seconds(0.42), "0.4 s");
    assert_eq!(format_seconds(5000.0), "1.4 h");
    assert_eq!(format_seconds(600.0), "10 min");
}

/// The baseline run to 2300, reported every 0.001 years: 276,001 rows.
fn long_run(dir: &Path) -> PathBuf {
    let path = dir.join("long.toml");
    std::fs::write(
        &path,
        format!(
            "extends = {:?}\n\n[scenario]\nname = \"long\"\ntitle_zh = \"长期\"\n\
            description = \"The baseline to 2300 at a 0.001-year step.\"\n\n\
            [time]\nstart = 2024.0\nend = 2300.0\nreport_step = 0.001\n",
            repo("scenarios/baseline.toml").display().to_string()
        ),
    )
    .unwrap();
    path
}

#[test]
fn a_run_to_2300_at_a_thousandth_of_a_year_is_refused_without_yes() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = long_run(dir.path());
    let size = size_estimate(&talentloop::scenario::load(&scenario).unwrap()).unwrap();
    assert_eq!(size.rows, 276_001);
    assert!(size.bytes > 2_000_000_000, "{size}");
    assert!(size.bytes >= size.rows as u64 * size.columns as u64 * 8);
    let out = dir.path().join("out");
    talentloop()
        .args(["run", scenario.to_str().unwrap(), "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "run refused before it starts: 276,001 rows × ",
        ))
        .stderr(predicate::str::contains("over the limit of 2 GB of memory"))
        .stderr(predicate::str::contains("--yes"));
    assert!(!out.exists(), "nothing is written");
}
