//! `talentloop optimize` on small searches: the front is not dominated by anything archived,
//! every front point's scenario file reproduces its objectives and meets the constraints, the
//! best point under the budget beats every shipped package within the budget, robust statistics
//! can be recomputed from the stored futures, the files are byte-identical for -j 1 and -j 2,
//! and a parameter that is not a costed lever is refused with file, line and key.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::common::{repo, run_quietly, talentloop, PACKAGES};

/// A spec in `dir` with the repository's paths filled in (`{repo}`).
fn spec(dir: &Path, name: &str, text: &str) -> PathBuf {
    let file = dir.join(format!("{name}.toml"));
    let root = repo("").display().to_string();
    std::fs::write(&file, text.replace("{repo}", root.trim_end_matches('/'))).unwrap();
    file
}

/// The search of budget_10yi (its levers, objectives, constraints and packages) made small.
fn small_budget_spec(dir: &Path) -> PathBuf {
    let shipped = std::fs::read_to_string(repo("optimizations/budget_10yi.toml")).unwrap();
    let body = &shipped[shipped.find("[[levers]]").unwrap()..];
    // The packages that are steps from 2026 (the combined one ramps).
    let compare: Vec<String> = PACKAGES
        .iter()
        .filter(|p| **p != "combined")
        .map(|p| format!("\"{{repo}}/scenarios/{p}.toml\""))
        .collect();
    let head = format!(
        "[optimize]\nname = \"small\"\nscenario = \"{{repo}}/scenarios/baseline.toml\"\n\
         population = 16\ngenerations = 6\nseed = 5\ncompare = [{}]\n\n",
        compare.join(", ")
    );
    spec(dir, "small", &(head + body))
}

fn optimize(spec: &Path, out: &Path, extra: &[&str]) {
    talentloop()
        .args([
            "optimize",
            spec.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "-q",
        ])
        .args(extra)
        .assert()
        .success();
}

/// Rows of a CSV written with a BOM, as maps from header to field.
fn rows(file: &Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(file).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn num(row: &HashMap<String, String>, key: &str) -> f64 {
    row.get(key)
        .unwrap_or_else(|| panic!("column {key}"))
        .parse()
        .unwrap_or_else(|_| panic!("{key} = {:?}", row[key]))
}

/// talent_firms[H], cost_total and the high-tech share of manufacturing at 2035 of a run folder.
fn at_2035(dir: &Path) -> (f64, f64, f64) {
    let rows = rows(&dir.join("timeseries.csv"));
    let value = |variable: &str, category: &str| {
        rows.iter()
            .find(|r| {
                r["variable"] == variable
                    && r["category"] == category
                    && r["sector"].is_empty()
                    && r["time"] == "2035"
            })
            .map(|r| num(r, "value"))
            .unwrap()
    };
    (
        value("talent_firms", "H"),
        value("cost_total", ""),
        value("high_tech_share_manufacturing", ""),
    )
}

fn run(file: &Path, out: &Path) -> (f64, f64, f64) {
    run_quietly(file, out);
    at_2035(out)
}

#[test]
fn the_front_holds_up_and_beats_the_packages_within_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_budget_spec(dir.path());
    let out = dir.path().join("out");
    optimize(&file, &out, &["--refine", "10"]);
    let front = rows(&out.join("pareto.csv"));
    let archive = rows(&out.join("archive.csv"));
    assert!(!front.is_empty());
    let talent = "objective: talent_firms[H]@2035";
    let cost = "objective: cost_total@2035 change";
    // No front point is dominated by any feasible archived point (talent up, cost down).
    for p in &front {
        for a in archive.iter().filter(|a| a["feasible"] == "true") {
            let (at, ac) = (
                num(a, "talent_firms[H]@2035"),
                num(a, "cost_total@2035 change"),
            );
            let (pt, pc) = (num(p, talent), num(p, cost));
            let dominated = at >= pt && ac <= pc && (at > pt || ac < pc);
            assert!(
                !dominated,
                "front point {} dominated by candidate {}",
                p["point"], a["candidate"]
            );
        }
    }
    // Every front point's scenario file reproduces its objectives and meets the constraints.
    let baseline = run(
        &repo("scenarios/baseline.toml"),
        &dir.path().join("baseline"),
    );
    for p in &front {
        let folder = dir.path().join(format!("p{}", p["point"]));
        let (t, c, share) = run(&out.join(&p["file"]), &folder);
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
        assert!(
            close(t, num(p, talent)),
            "point {}: {t} vs {}",
            p["point"],
            p[talent]
        );
        assert!(close(c - baseline.1, num(p, cost)), "point {}", p["point"]);
        assert!(
            c - baseline.1 <= 10.0 + 1e-9,
            "point {} over budget",
            p["point"]
        );
        assert!(
            share >= baseline.2,
            "point {} below the baseline's share",
            p["point"]
        );
    }
    // The best point under the budget is at least as good as every shipped package that meets
    // the same constraints (at most 10 亿元 extra, the high-tech share not below the baseline's).
    let (best_t, _, _) = run(
        &out.join("best_under_budget.toml"),
        &dir.path().join("best"),
    );
    let mut compared = 0;
    for package in [
        "subsidy_plus",
        "zhengzhao_qiyong",
        "full_cycle_service",
        "dual_enclave",
    ] {
        let file = repo(&format!("scenarios/{package}.toml"));
        let (t, c, share) = run(&file, &dir.path().join(package));
        if c - baseline.1 <= 10.0 && share >= baseline.2 {
            assert!(
                best_t >= t - 1e-9,
                "{package}: {t} beats the best under budget {best_t}"
            );
            compared += 1;
        }
    }
    assert!(
        compared >= 2,
        "only {compared} packages within the constraints"
    );
    // Every package that is a step from 2026 of searched levers started the search.
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let seeded = manifest["seeded_with"].as_array().unwrap();
    for package in [
        "subsidy_plus",
        "zhengzhao_qiyong",
        "dual_enclave",
        "xiashi_programme",
    ] {
        assert!(
            seeded.iter().any(|s| s == package),
            "{package} not seeded: {seeded:?}"
        );
    }
    for f in [
        "convergence.csv",
        "knee.toml",
        "refined.toml",
        "manifest.json",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
}

#[test]
fn the_same_seed_gives_byte_identical_files_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_budget_spec(dir.path());
    let (one, two) = (dir.path().join("j1"), dir.path().join("j2"));
    optimize(&file, &one, &["-j", "1", "--refine", "5"]);
    optimize(&file, &two, &["-j", "2", "--refine", "5"]);
    let mut names: Vec<PathBuf> = Vec::new();
    for sub in ["", "front", "charts"] {
        for e in std::fs::read_dir(one.join(sub)).unwrap() {
            let path = e.unwrap().path();
            if path.is_file() {
                names.push(path.strip_prefix(&one).unwrap().to_path_buf());
            }
        }
    }
    assert!(names.len() > 10, "{names:?}");
    for name in names {
        let (a, b) = (
            std::fs::read(one.join(&name)).unwrap(),
            std::fs::read(two.join(&name)),
        );
        assert_eq!(a, b.unwrap(), "{} differs", name.display());
    }
}

#[test]
fn robust_statistics_are_those_of_the_stored_futures() {
    let dir = tempfile::tempdir().unwrap();
    let file = spec(
        dir.path(),
        "robust",
        r#"[optimize]
scenario = "{repo}/scenarios/baseline.toml"
population = 8
generations = 2
seed = 3

[robust]
sweep = "{repo}/sweeps/policy_robustness.toml"
futures = 6
statistic = "regret"

[[levers]]
key = "params.levers.housing_subsidy"
lower = 0.0
upper = 120.0
step = 5.0
from = 2026.0

[[levers]]
key = "params.levers.enclave_seats"
lower = 0.0
upper = 300.0
step = 10.0
from = 2026.0

[[objectives]]
indicator = "talent_firms[H]"
year = 2035
measure = "ratio"
sense = "max"
satisfy = 1.01

[[objectives]]
indicator = "cost_total"
year = 2035
measure = "change"
sense = "min"
satisfy = 5.0
"#,
    );
    let out = dir.path().join("out");
    optimize(&file, &out, &["--refine", "0", "--no-plots"]);
    let front = rows(&out.join("pareto.csv"));
    let futures = rows(&out.join("futures.csv"));
    let objectives = [
        ("talent_firms[H]@2035 ratio", true, 1.01),
        ("cost_total@2035 change", false, 5.0),
    ];
    // The best value in each future over every candidate is the archive's: recompute regret from
    // the stored futures of the front and check it is at least as large as against the front.
    for p in &front {
        for &(label, maximise, threshold) in &objectives {
            let mut values: Vec<f64> = futures
                .iter()
                .filter(|f| f["point"] == p["point"] && f["objective"] == label)
                .map(|f| num(f, "value"))
                .collect();
            assert_eq!(values.len(), 6, "{label}");
            let mean = values.iter().sum::<f64>() / 6.0;
            values.sort_by(f64::total_cmp);
            let met = values
                .iter()
                .filter(|&&v| {
                    if maximise {
                        v >= threshold
                    } else {
                        v <= threshold
                    }
                })
                .count();
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
            assert!(
                close(mean, num(p, &format!("{label} mean"))),
                "{label} mean"
            );
            assert!(
                close(met as f64 / 6.0, num(p, &format!("{label} satisficing"))),
                "{label}"
            );
            // numpy's linear percentile of six values.
            let q: f64 = if maximise { 0.1 } else { 0.9 } * 5.0;
            let (lo, w) = (q.floor() as usize, q - q.floor());
            let tail = values[lo] * (1.0 - w) + values[(lo + 1).min(5)] * w;
            assert!(
                close(tail, num(p, &format!("{label} tail"))),
                "{label} tail"
            );
            assert!(num(p, &format!("{label} regret")) >= 0.0);
        }
        // The search scored by regret: the objective columns are the regrets.
        for &(label, _, _) in &objectives {
            let score = num(p, &format!("objective: {label}"));
            assert_eq!(score, num(p, &format!("{label} regret")));
        }
    }
}

#[test]
fn a_parameter_that_is_not_a_costed_lever_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = spec(
        dir.path(),
        "bad",
        r#"[optimize]
scenario = "{repo}/scenarios/baseline.toml"

[[levers]]
key = "params.high_level.quit_rate_new"
lower = 0.0
upper = 0.3

[[objectives]]
indicator = "talent_firms[H]"
year = 2035
sense = "max"
"#,
    );
    talentloop()
        .args(["optimize", file.to_str().unwrap(), "--out"])
        .arg(dir.path().join("out"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("bad.toml:5"))
        .stderr(predicates::str::contains("levers[0].key"))
        .stderr(predicates::str::contains(
            "params.high_level.quit_rate_new is not a policy lever",
        ));
    assert!(!dir.path().join("out").exists(), "nothing written");
}

#[test]
fn ctrl_c_stops_after_a_generation_with_complete_files() {
    let dir = tempfile::tempdir().unwrap();
    let file = spec(
        dir.path(),
        "long",
        r#"[optimize]
scenario = "{repo}/scenarios/baseline.toml"
population = 16
generations = 100000
seed = 1

[[levers]]
key = "params.levers.housing_subsidy"
lower = 40.0
upper = 120.0

[[objectives]]
indicator = "talent_firms[H]"
year = 2035
sense = "max"

[[objectives]]
indicator = "cost_total"
year = 2035
sense = "min"
"#,
    );
    let out = dir.path().join("out");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_talentloop"))
        .args([
            "optimize",
            file.to_str().unwrap(),
            "-q",
            "--no-plots",
            "--out",
        ])
        .arg(&out)
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(3));
    let pid = child.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "interrupted searches exit 130");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["interrupted"], true);
    let done = manifest["generations_done"].as_u64().unwrap();
    assert!((1..100_000).contains(&done), "{done} generations");
    let convergence = rows(&out.join("convergence.csv"));
    assert_eq!(
        convergence.len() as u64,
        done + 1,
        "one row per generation, the first included"
    );
    assert!(!rows(&out.join("pareto.csv")).is_empty());
    assert!(out.join("best_under_budget.toml").is_file());
}

#[test]
fn specs_that_could_only_fail_or_mislead_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = spec(
        dir.path(),
        "bad2",
        r#"[optimize]
scenario = "{repo}/scenarios/baseline.toml"

[robust]
sweep = "{repo}/sweeps/sobol_key_levers.toml"

[[levers]]
key = "params.levers.housing_subsidy"
lower = 40.0
upper = 100.0
from = 2035.0

[[levers]]
key = "params.levers.housing_subsidy"
lower = 40.0
upper = 100.0

[[objectives]]
annual = "spending"
year = 2035
sense = "min"
"#,
    );
    let assert = talentloop()
        .args(["optimize", file.to_str().unwrap(), "--out"])
        .arg(dir.path().join("out"))
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    for expected in [
        "is searched twice",
        "levers[0].from",
        "objectives[0].year",
        "samples the lever",
    ] {
        assert!(stderr.contains(expected), "no `{expected}` in:\n{stderr}");
    }
}

/// A robust regret search over two futures: high-level talent in firms against a budget of
/// +1 亿元 by 2035, the subsidy the only lever.
fn regret_spec(dir: &Path) -> PathBuf {
    spec(
        dir,
        "regret",
        r#"[optimize]
scenario = "{repo}/scenarios/baseline.toml"
population = 8
generations = 1
seed = 1

[robust]
sweep = "{repo}/sweeps/policy_robustness.toml"
futures = 2
statistic = "regret"

[[levers]]
key = "params.levers.housing_subsidy"
lower = 40.0
upper = 150.0
from = 2026.0

[[objectives]]
indicator = "talent_firms[H]"
year = 2035
sense = "max"

[[constraints]]
indicator = "cost_total"
year = 2035
measure = "change"
max = 1.0
"#,
    )
}

#[test]
fn regret_is_against_the_best_candidate_that_meets_the_constraints() {
    use talentloop::analysis::optimize::spec::load_optimization;
    use talentloop::analysis::optimize::Problem;
    let dir = tempfile::tempdir().unwrap();
    let spec = load_optimization(&regret_spec(dir.path())).unwrap();
    let problem = Problem::new(&spec).unwrap();
    // The base subsidy meets the budget; 150 万元 buys more talent in both futures but breaks it.
    let (cheap, dear) = (vec![40.0], vec![150.0]);
    let evaluations = problem.evaluate(&[cheap.clone(), dear.clone()]);
    assert_eq!(evaluations[0].violation, 0.0);
    assert!(evaluations[1].violation > 0.0);
    let (cheap_m, dear_m) = (
        problem.measured(&cheap).unwrap(),
        problem.measured(&dear).unwrap(),
    );
    for (c, d) in cheap_m.iter().zip(&dear_m) {
        assert!(
            d[0] > c[0],
            "the dear candidate has more talent in every future"
        );
    }
    // The only affordable candidate is the best affordable one in every future: no regret.
    assert_eq!(problem.stats(&cheap_m)[0].regret, 0.0);
}

#[test]
fn a_ratio_to_a_base_value_of_zero_is_refused_before_the_search() {
    let dir = tempfile::tempdir().unwrap();
    // Cumulative cost is 0 on 1 January 2024, the start of the run.
    let file = regret_spec(dir.path());
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str(
        "\n[[objectives]]\nindicator = \"cost_total\"\nyear = 2024\nmeasure = \"ratio\"\n\
         sense = \"min\"\n",
    );
    std::fs::write(&file, text).unwrap();
    let out = talentloop()
        .args(["optimize"])
        .arg(&file)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cost_total@2024 ratio is a ratio to the base scenario's value, which is 0"),
        "{err}"
    );
    assert!(!dir.path().join("out").exists(), "nothing written");
}

#[test]
fn lang_en_draws_the_charts_in_english_at_the_size_asked() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_budget_spec(dir.path());
    let (zh, en) = (dir.path().join("zh"), dir.path().join("en"));
    optimize(&file, &zh, &["--refine", "0"]);
    optimize(
        &file,
        &en,
        &["--refine", "0", "--lang", "en", "--size", "800x500"],
    );
    let svg =
        |dir: &Path, name: &str| std::fs::read_to_string(dir.join("charts").join(name)).unwrap();
    let (front_zh, front_en) = (svg(&zh, "front.svg"), svg(&en, "front.svg"));
    assert!(front_zh.contains("帕累托前沿"), "the default is Chinese");
    assert!(front_en.contains("Pareto front: small"), "{front_en}");
    assert!(
        front_en.contains("talent_firms[H]"),
        "the axis names the quantity"
    );
    assert!(
        front_en.lines().any(|l| l.trim() == "1 baseline"),
        "the base scenario by its name"
    );
    assert!(front_en.contains("width=\"800\""), "the size asked");
    for name in ["front.svg", "levers.svg", "convergence.svg"] {
        let text = svg(&en, name);
        // The model's units are 亿元 and 万元 in English too, as in every English output.
        let chinese: String = text
            .replace("亿元", "")
            .replace("万元", "")
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .collect();
        assert!(chinese.is_empty(), "{name} has Chinese words: {chinese}");
    }
    // Only the charts differ: the search and its files are the same.
    assert_eq!(
        std::fs::read(zh.join("pareto.csv")).unwrap(),
        std::fs::read(en.join("pareto.csv")).unwrap()
    );
}
