//! Sweeps: spec validation, run-in-sweep equals a plain run, determinism across thread counts,
//! shards merged equal the unsharded sweep byte for byte, cancellation leaves complete files.

use std::sync::atomic::AtomicBool;

use assert_cmd::Command;
use predicates::prelude::*;
use talentloop::analysis::sweep::design::design;
use talentloop::analysis::sweep::spec::load_spec;
use talentloop::analysis::sweep::{
    evaluate_run, execute, scalar, Plan, Quiet, RunOutputs, RunSink,
};
use talentloop::results::run;

use crate::common::repo;

fn small() -> std::path::PathBuf {
    repo("tests/data/sweeps/small_lhs.toml")
}

#[test]
fn a_run_inside_a_sweep_equals_the_same_run_on_its_own() {
    let spec = load_spec(&small()).unwrap();
    let d = design(&spec);
    let rows = spec.scenario.time.n_intervals() + 1;
    let plan = Plan::new(&spec).unwrap();
    // One scratch scenario reused run after run, as each worker thread does.
    let mut scratch = spec.scenario.clone();
    for k in [0, 7, 23] {
        let inside = evaluate_run(&spec, &plan, &d, k, rows, &mut scratch);
        assert_eq!(scratch, spec.apply(&d.values(k)), "run {k}: reused scratch");
        let alone = run(&spec.apply(&d.values(k))).unwrap();
        for (o, v) in spec.outputs.iter().zip(&inside.scalars) {
            let w = scalar(&alone, o);
            assert!(
                (v - w).abs() <= 1e-12 * w.abs().max(1.0),
                "{}: {v} vs {w}",
                o.name
            );
        }
    }
    // The scaled sector growth path really changed the scenario.
    let scaled = spec.apply(&d.values(3));
    let factor = d.values(3)[2];
    let base = spec.scenario.sectors[0]
        .param("market_growth")
        .value
        .at(2030.0);
    assert!(
        (scaled.sectors[0].param("market_growth").value.at(2030.0) - base * factor).abs() < 1e-12
    );
}

fn sweep(args: &[&str], out: &std::path::Path) {
    Command::cargo_bin("talentloop")
        .unwrap()
        .arg("sweep")
        .arg(small())
        .args(["--no-plots", "--quiet", "--out"])
        .arg(out)
        .args(args)
        .assert()
        .success();
}

fn files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    ["samples.csv", "bands.csv"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(dir.join(f)).unwrap()))
        .collect()
}

#[test]
fn thread_count_and_sharding_do_not_change_a_byte() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("j1");
    let two = dir.path().join("j2");
    sweep(&["-j", "1"], &one);
    sweep(&["-j", "2"], &two);
    assert_eq!(files(&one), files(&two));
    let samples = String::from_utf8(std::fs::read(one.join("samples.csv")).unwrap()).unwrap();
    assert_eq!(samples.lines().count(), 25);
    assert!(samples.lines().next().unwrap().ends_with(
        "params.high_level.quit_rate_new,\
        params.levers.housing_subsidy,sectors.*.market_growth,high_level_2035,peak_gap_ratio"
    ));

    let shards: Vec<_> = (1..=3)
        .map(|i| {
            let d = dir.path().join(format!("shard{i}"));
            sweep(&["--shard", &format!("{i}/3")], &d);
            d
        })
        .collect();
    let merged = dir.path().join("merged");
    Command::cargo_bin("talentloop")
        .unwrap()
        .args(["merge", "--no-plots", "--out"])
        .arg(&merged)
        .args(shards.iter().rev())
        .assert()
        .success();
    assert_eq!(files(&one), files(&merged));
    // A missing shard is an error, not a silent partial merge.
    Command::cargo_bin("talentloop")
        .unwrap()
        .args(["merge", "--no-plots", "--out"])
        .arg(dir.path().join("partial"))
        .args(&shards[..2])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("missing"));
}

struct Count(usize);

impl RunSink for Count {
    fn record(
        &mut self,
        _: &talentloop::analysis::sweep::design::Design,
        _: &RunOutputs,
    ) -> Result<(), talentloop::Error> {
        self.0 += 1;
        Ok(())
    }
}

#[test]
fn a_cancelled_sweep_stops_cleanly_with_what_it_finished() {
    let spec = load_spec(&small()).unwrap();
    let d = design(&spec);
    let cancel = AtomicBool::new(true);
    let mut sink = Count(0);
    let r = execute(&spec, &d, 0..d.len(), &mut sink, &mut Quiet, &cancel).unwrap();
    assert!(r.interrupted);
    assert_eq!(r.completed, 0);
    assert_eq!(sink.0, 0);
}

fn spec_error(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sweeps")).unwrap();
    std::fs::create_dir_all(dir.path().join("scenarios")).unwrap();
    std::fs::copy(
        repo("scenarios/baseline.toml"),
        dir.path().join("scenarios/baseline.toml"),
    )
    .unwrap();
    let path = dir.path().join("sweeps/bad.toml");
    std::fs::write(&path, text).unwrap();
    load_spec(&path).unwrap_err().to_string()
}

const HEAD: &str = "[sweep]\nscenario = \"../scenarios/baseline.toml\"\nmethod = \"lhs\"\nsamples \
    = 10\nseed = 1\n[[outputs]]\nname = \"h\"\nvariable = \"gdp\"\nyear = 2030\n";

#[test]
fn sweep_specs_are_validated_like_scenarios() {
    let e = spec_error(&format!(
        "{HEAD}[[parameters]]\nkey = \"params.high_level.quit_rate_neww\"\npercent = 10\n"
    ));
    assert!(
        e.contains("bad.toml:11:") && e.contains("did you mean `params.high_level.quit_rate_new`"),
        "{e}"
    );
    let e = spec_error(&format!(
        "{HEAD}[[parameters]]\nkey = \
        \"params.levers.deployed_share\"\ndistribution = \"uniform\"\nlower = 0.5\nupper = 1.5\n"
    ));
    assert!(e.contains("must stay in [0, 1]"), "{e}");
    let e = spec_error(&format!(
        "{HEAD}[[parameters]]\nkey = \
        \"params.levers.deployed_share\"\ndistribution = \"gaussian\"\n"
    ));
    assert!(
        e.contains("unknown distribution") && e.contains("allowed"),
        "{e}"
    );
    let e = spec_error(&HEAD.replace("lhs", "latin").to_string());
    assert!(
        e.contains("unknown method") && e.contains("bad.toml:3:"),
        "{e}"
    );
    let e = spec_error(&format!(
        "{HEAD}[[parameters]]\nkey = \"sectors.electronic.priority\"\npercent = 10\n"
    ));
    assert!(e.contains("did you mean `electronics`"), "{e}");
    let e = spec_error(&format!(
        "{HEAD}[[parameters]]\nkey = \"sectors.*.market_growth\"\npercent = 10\nmode = \"value\"\n"
    ));
    assert!(
        e.contains("mode = \\\"scale\\\"") || e.contains("mode = \"scale\""),
        "{e}"
    );
    let e = spec_error(&format!(
        "{HEAD}samplez = 3\n[[parameters]]\nkey = \"params.levers.deployed_share\"\npercent = 10\n"
    ));
    assert!(e.contains("unknown key"), "{e}");
}

#[test]
fn the_shipped_sweeps_load() {
    for entry in std::fs::read_dir(repo("sweeps")).unwrap() {
        let path = entry.unwrap().path();
        let spec = load_spec(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!design(&spec).is_empty());
    }
    let lhs = load_spec(&repo("sweeps/assumptions_lhs.toml")).unwrap();
    assert!(
        lhs.parameters.len() > 50,
        "every assumption-tagged constant is swept"
    );
}

#[test]
fn review_findings_stay_fixed() {
    // Morris with an odd number of levels would step off the grid.
    let e = spec_error(&format!(
        "{}[[parameters]]\nkey = \"params.levers.deployed_share\"\npercent = 10\n",
        HEAD.replace(
            "method = \"lhs\"\nsamples = 10",
            "method = \"morris\"\nsamples = 4\nlevels = 3"
        )
    ));
    assert!(e.contains("even number of levels"), "{e}");
    // A misspelt output variable is refused before any run, with a suggestion.
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("typo.toml");
    let text = std::fs::read_to_string(small())
        .unwrap()
        .replace("variable = \"talent_total\"", "variable = \"talent_totl\"")
        .replace(
            "../../../scenarios",
            &repo("scenarios").display().to_string(),
        );
    std::fs::write(&spec, text).unwrap();
    Command::cargo_bin("talentloop")
        .unwrap()
        .args(["sweep", "--no-plots", "--quiet", "--out"])
        .arg(dir.path().join("out"))
        .arg(&spec)
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("no such indicator")
                .and(predicates::str::contains("did you mean `talent_total`")),
        );
    // An I/O error is printed once.
    let out = Command::cargo_bin("talentloop")
        .unwrap()
        .args(["run", "no/such.toml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.matches("No such file").count(), 1, "{stderr}");
}

#[test]
fn from_keeps_the_start_year_and_switches_the_lever_at_its_date() {
    use talentloop::scenario::TimePath;
    let spec = load_spec(&repo("sweeps/sobol_key_levers.toml")).unwrap();
    let d = design(&spec);
    let s = spec.apply(&d.values(0));
    let subsidy = &s.global("levers", "housing_subsidy").value;
    match subsidy {
        TimePath::Step {
            year,
            before,
            after,
        } => {
            assert_eq!((*year, *before), (2026.0, 40.0));
            assert_eq!(*after, d.values(0)[0]);
        }
        other => panic!("expected a step, got {other:?}"),
    }
    // With only the levers sampled (the behavioural parameters at their base values), the run
    // starts from the baseline's 2024 state.
    let levers_only: Vec<f64> = spec
        .parameters
        .iter()
        .zip(&d.values(0))
        .map(|(p, &v)| if p.from.is_some() { v } else { p.base })
        .collect();
    let base = talentloop::model::Model::compile(&spec.scenario).unwrap();
    let model = talentloop::model::Model::compile(&spec.apply(&levers_only)).unwrap();
    assert_eq!(base.y0, model.y0);
}

/// Scale mode could take a parameter out of its range without a word (`market_growth` × 1000 →
/// 4.2·10¹¹⁵ persons, status `ok`); now such a run is `out_of_range`, and a run the model cannot
/// represent is `implausible` — neither is ever `ok`.
#[test]
fn scaled_values_are_range_checked_and_absurd_runs_are_not_ok() {
    let dir = tempfile::tempdir().unwrap();
    let spec_path = dir.path().join("scaled.toml");
    let text = format!(
        "[sweep]\nscenario = \"{}\"\nmethod = \"mc\"\nsamples = 6\nseed = 3\n\
         [[parameters]]\nkey = \"sectors.*.market_growth\"\nmode = \"scale\"\n\
         distribution = \"uniform\"\nlower = 900.0\nupper = 1100.0\n\
         [[parameters]]\nkey = \"params.economy.competitiveness_elasticity\"\n\
         distribution = \"uniform\"\nlower = 4.5\nupper = 5.0\n\
         [[outputs]]\nname = \"h\"\nvariable = \"talent_total\"\ncategory = \"H\"\nyear = 2035\n",
        repo("scenarios/baseline.toml").display()
    );
    std::fs::write(&spec_path, text).unwrap();
    every_run_fails_as(&spec_path, "out_of_range");
    // Without the scaling, the competitiveness elasticity alone makes the runs implausible.
    let spec2_path = dir.path().join("elastic.toml");
    let text = std::fs::read_to_string(&spec_path).unwrap();
    let start = text.find("[[parameters]]\nkey = \"sectors").unwrap();
    let end = text.find("[[parameters]]\nkey = \"params").unwrap();
    std::fs::write(&spec2_path, format!("{}{}", &text[..start], &text[end..])).unwrap();
    every_run_fails_as(&spec2_path, "implausible");
}

/// An output at a year outside the run silently took the nearest year's value.
#[test]
fn an_output_outside_the_run_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("late.toml");
    let text = std::fs::read_to_string(small())
        .unwrap()
        .replace("year = 2035", "year = 2040")
        .replace(
            "../../../scenarios",
            &repo("scenarios").display().to_string(),
        );
    std::fs::write(&spec, text).unwrap();
    let spec = load_spec(&spec).unwrap();
    let err = Plan::new(&spec).unwrap_err().to_string();
    assert!(err.contains("2040 is outside the run"), "{err}");
}

#[test]
fn a_lookup_is_varied_by_its_strength_and_stays_one_at_the_balanced_start() {
    let base = crate::common::baseline();
    let key = "lookups.investment_skilled";
    let target = talentloop::scenario::address::Target::parse(key, &base).unwrap();
    assert_eq!(target.key(&base), key);
    assert!(target.param(&base).is_none() && target.def().key == "strength");
    let given = base.lookups[target.lookup().unwrap()].points.clone();
    let strength = |s: f64| {
        let mut scenario = base.clone();
        talentloop::analysis::sweep::spec::set_target(
            &mut scenario,
            target,
            talentloop::analysis::sweep::spec::Mode::Scale,
            s,
        );
        scenario
    };
    // Strength 1 is the lookup as given, bit for bit; 0.5 halves each point's distance from 1
    // and keeps (1, 1); 0 is no effect at all.
    assert_eq!(strength(1.0).lookups, base.lookups);
    let half = strength(0.5);
    for (&(x, y), &(hx, hy)) in given
        .iter()
        .zip(&half.lookups[target.lookup().unwrap()].points)
    {
        assert_eq!(x, hx);
        assert!(
            (hy - (1.0 + 0.5 * (y - 1.0))).abs() < 1e-15,
            "({x}, {y}) → {hy}"
        );
        if x == 1.0 {
            assert_eq!(hy, 1.0);
        }
    }
    let flat = strength(0.0);
    assert!(flat.lookups[target.lookup().unwrap()]
        .points
        .iter()
        .all(|&(_, y)| y == 1.0));
    // The investment response to a skilled shortage matters: a weaker lookup gives more
    // manufacturing value added in 2035 (the shortage holds investment back less).
    let va = |s: &talentloop::scenario::Scenario| {
        let r = talentloop::results::run(s).unwrap();
        r.at(
            r.column("value_added_manufacturing", "", None).unwrap(),
            2035.0,
        )
    };
    assert!(va(&flat) > va(&base));
    // A misspelt lookup gets a suggestion; value mode and `--set` are refused with the reason.
    let e = talentloop::scenario::address::Target::parse("lookups.investment_skiled", &base)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("did you mean `lookups.investment_skilled`"),
        "{e}"
    );
    let e = spec_error(&format!(
        "{HEAD}[[parameters]]\nkey = \"{key}\"\nmode = \"value\"\ndistribution = \
         \"uniform\"\nlower = 0.5\nupper = 1.0\n"
    ));
    assert!(e.contains("a lookup") && e.contains("scale"), "{e}");
    let e = talentloop::scenario::apply_override(&base, &format!("{key}=2"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("lookup is a table"), "{e}");
}

#[test]
fn a_lookup_strength_that_takes_a_point_below_zero_is_out_of_range() {
    let dir = tempfile::tempdir().unwrap();
    let spec_path = dir.path().join("lookup.toml");
    std::fs::write(
        &spec_path,
        format!(
            "[sweep]\nscenario = \"{}\"\nmethod = \"mc\"\nsamples = 4\nseed = 3\n\
             [[parameters]]\nkey = \"lookups.investment_skilled\"\nmode = \"scale\"\n\
             distribution = \"uniform\"\nlower = 1.3\nupper = 1.5\n\
             [[outputs]]\nname = \"h\"\nvariable = \"gdp\"\nyear = 2035\n",
            repo("scenarios/baseline.toml").display()
        ),
    )
    .unwrap();
    every_run_fails_as(&spec_path, "out_of_range");
}

/// Evaluates every run of the sweep spec at `spec_path` and asserts each fails with `status`
/// and reports no output.
fn every_run_fails_as(spec_path: &std::path::Path, status: &str) {
    let spec = load_spec(spec_path).unwrap();
    let d = design(&spec);
    let rows = spec.scenario.time.n_intervals() + 1;
    let plan = Plan::new(&spec).unwrap();
    let mut scratch = spec.scenario.clone();
    for k in 0..d.len() {
        let run = evaluate_run(&spec, &plan, &d, k, rows, &mut scratch);
        assert_eq!(run.error.as_deref(), Some(status), "run {k}");
        assert!(run.scalars.iter().all(|v| v.is_nan()));
    }
}

/// What `sweep` prints of `spec` in English, and its output folder's CSV `file` as rows of
/// fields (header first).
fn headline_and_csv(spec: &str, file: &str) -> (String, Vec<Vec<String>>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let printed = Command::cargo_bin("talentloop")
        .unwrap()
        .current_dir(repo(""))
        .args([
            "sweep",
            spec,
            "--no-plots",
            "--lang",
            "en",
            "-j",
            "1",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(printed.status.success());
    let text = std::fs::read_to_string(out.join(file)).unwrap();
    let rows = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    (String::from_utf8(printed.stdout).unwrap(), rows)
}

#[test]
fn the_headline_prints_the_widest_swings_as_indices_csv_has_them() {
    use talentloop::output::number::number;
    let (printed, rows) = headline_and_csv("sweeps/oat_tornado.toml", "indices.csv");
    let value = |output: &str, parameter: &str, statistic: &str| -> f64 {
        let row = rows
            .iter()
            .find(|r| r[0] == output && r[1] == parameter && r[2] == statistic)
            .unwrap();
        row[3].parse().unwrap()
    };
    let outputs = [
        "high_level_2035",
        "skilled_2035",
        "high_tech_share_2035",
        "coordination_2035",
    ];
    for output in outputs {
        // The widest swing of the file is the first line under the output's heading.
        let (widest, _) = rows
            .iter()
            .filter(|r| r[0] == output && r[2] == "swing")
            .map(|r| (r[1].clone(), r[3].parse::<f64>().unwrap()))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap();
        let heading = format!(
            "{output} (base {}): widest swings, at the low → high input:",
            number(value(output, &widest, "base"))
        );
        let line = format!(
            "  {widest}: {} → {} (swing {})",
            number(value(output, &widest, "low")),
            number(value(output, &widest, "high")),
            number(value(output, &widest, "swing"))
        );
        let lines: Vec<&str> = printed.lines().collect();
        let at = lines.iter().position(|l| *l == heading).unwrap_or_else(|| {
            panic!("no heading\n{heading}\nin\n{printed}");
        });
        assert_eq!(lines[at + 1], line, "{printed}");
    }
}

#[test]
fn the_headline_prints_a_two_parameter_grid_as_samples_csv_has_it() {
    use talentloop::output::number::number;
    let (printed, rows) = headline_and_csv("sweeps/subsidy_vs_retention_grid.toml", "samples.csv");
    let column = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let (subsidy, service, high) = (
        column("params.levers.housing_subsidy"),
        column("params.levers.service_spending"),
        column("high_level_2035"),
    );
    let lines: Vec<&str> = printed.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("high_level_2035 by params.levers.housing_subsidy (rows)"))
        .unwrap();
    // Rows by subsidy, columns by service spending, as the runs of the grid give them.
    let mut levels: Vec<f64> = rows[1..]
        .iter()
        .map(|r| r[subsidy].parse().unwrap())
        .collect();
    levels.dedup();
    assert_eq!(levels.len(), 5);
    for (k, level) in levels.iter().enumerate() {
        let mut cells: Vec<(f64, f64)> = rows[1..]
            .iter()
            .filter(|r| r[subsidy].parse::<f64>().unwrap() == *level)
            .map(|r| (r[service].parse().unwrap(), r[high].parse().unwrap()))
            .collect();
        cells.sort_by(|a, b| a.0.total_cmp(&b.0));
        let expected: Vec<String> = std::iter::once(number(*level))
            .chain(cells.iter().map(|c| number(c.1)))
            .collect();
        let printed_row: Vec<&str> = lines[at + 2 + k].split_whitespace().collect();
        assert_eq!(printed_row, expected, "{printed}");
    }
}
