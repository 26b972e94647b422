//! Shared fixtures: the baseline scenario, scenario edits, runs, column access.

use std::path::{Path, PathBuf};

use talentloop::results::{run, RunResult};
use talentloop::scenario::{self, Scenario, TimePath};

/// Path of a file in the repository.
pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The baseline scenario.
pub fn baseline() -> Scenario {
    scenario::load(&repo("scenarios/baseline.toml")).expect("baseline loads")
}

/// Sets a global parameter to a constant or path.
pub fn set(s: &mut Scenario, group: &str, key: &str, value: TimePath) {
    s.global_mut(group, key).value = value;
}

/// Sets a global parameter to a constant.
pub fn set_const(s: &mut Scenario, group: &str, key: &str, value: f64) {
    set(s, group, key, TimePath::Constant(value));
}

/// Sets a per-sector parameter in every sector.
pub fn set_all_sectors(s: &mut Scenario, key: &str, f: impl Fn(f64) -> TimePath) {
    for sector in &mut s.sectors {
        let current = sector.param(key).value.at(s.time.start);
        sector.param_mut(key).value = f(current);
    }
}

/// The baseline with every exogenous source of change off, under its stored constants: no
/// capacity growth, intensity drift, competitor upgrading, population, residual or 成都 pay
/// growth, and 2024 GDP growth 0 (model-spec v3 P1, P3).
pub fn no_growth_baseline() -> Scenario {
    let mut s = baseline();
    for key in [
        "productivity_drift_high",
        "productivity_drift_skilled",
        "productivity_drift_general",
    ] {
        set_const(&mut s, "demand", key, 0.0);
    }
    for key in [
        "population_growth",
        "residual_growth",
        "competitor_upgrading",
        "gdp_growth_2024",
    ] {
        set_const(&mut s, "economy", key, 0.0);
    }
    set_const(&mut s, "pay", "reference_pay_growth", 0.0);
    set_all_sectors(&mut s, "market_growth", |_| TimePath::Constant(0.0));
    s
}

/// A step lever: `before` until `year`, `after` from then on.
pub fn step(year: f64, before: f64, after: f64) -> TimePath {
    TimePath::Step {
        year,
        before,
        after,
    }
}

/// Runs a scenario, panicking with the error text if it fails.
pub fn simulate(s: &Scenario) -> RunResult {
    run(s).unwrap_or_else(|e| panic!("run failed: {e}"))
}

/// City-wide series of `variable` / `category`.
pub fn series(r: &RunResult, variable: &str, category: &str) -> Vec<f64> {
    let c = r
        .column(variable, category, None)
        .unwrap_or_else(|| panic!("no column {variable}[{category}]"));
    r.series(c)
}

/// City-wide value at time t.
pub fn at(r: &RunResult, variable: &str, category: &str, t: f64) -> f64 {
    let c = r
        .column(variable, category, None)
        .unwrap_or_else(|| panic!("no column {variable}[{category}]"));
    r.at(c, t)
}

/// Sum over sectors of a per-sector variable at row `row`.
pub fn sector_sum(r: &RunResult, variable: &str, category: &str, row: usize) -> f64 {
    r.columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.variable == variable && c.category == category && c.sector.is_some())
        .map(|(k, _)| r.values[row][k])
        .sum()
}

/// Index of the row at time t.
pub fn row_at(r: &RunResult, t: f64) -> usize {
    r.times
        .iter()
        .position(|&x| (x - t).abs() < 1e-9)
        .unwrap_or_else(|| panic!("no row at {t}"))
}

/// The `talentloop` binary of this build.
pub fn talentloop() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("talentloop").unwrap()
}

/// The shipped policy packages (scenarios/<name>.toml), the combined one last.
pub const PACKAGES: [&str; 9] = [
    "subsidy_plus",
    "zhengzhao_qiyong",
    "full_cycle_service",
    "dual_enclave",
    "skills_pipeline",
    "flexible_talent",
    "xiashi_programme",
    "guangwushan_station",
    "combined",
];

/// `talentloop run FILE --out OUT --no-plots`, which must succeed.
pub fn run_quietly(file: &Path, out: &Path) {
    talentloop()
        .args([
            "run",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--no-plots",
        ])
        .assert()
        .success();
}

/// `talentloop compare --quiet --no-plots --out OUT` of the named scenario files, which must
/// succeed.
pub fn compare_quietly(out: &Path, scenarios: &[&str]) {
    let mut cmd = talentloop();
    cmd.args(["compare", "--quiet", "--no-plots", "--out"])
        .arg(out);
    for name in scenarios {
        cmd.arg(repo(&format!("scenarios/{name}.toml")));
    }
    cmd.assert().success();
}

/// Composite Simpson integral of samples at equal spacing h (even number of intervals).
pub fn simpson(values: &[f64], h: f64) -> f64 {
    let n = values.len() - 1;
    assert!(n % 2 == 0);
    let mut sum = values[0] + values[n];
    for (k, v) in values.iter().enumerate().take(n).skip(1) {
        sum += if k % 2 == 1 { 4.0 * v } else { 2.0 * v };
    }
    sum * h / 3.0
}

/// A tool on PATH, or None (the test skips) — a failure when browser tests are required.
pub fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("TALENTLOOP_REQUIRE_BROWSER").is_none(),
            "{name} is required (TALENTLOOP_REQUIRE_BROWSER) but not installed"
        );
        eprintln!("{name} not installed: test skipped");
    }
    found
}
