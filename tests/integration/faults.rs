//! Faults found by the fault battery of issue 10: each is a clean error or a quiet success,
//! never a panic or a hang.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::repo;

const BIN: &str = env!("CARGO_BIN_EXE_talentloop");

/// Runs talentloop in `dir` with the read end of its stdout closed before it prints.
fn reader_gone(dir: &Path, args: &[OsString]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away at once, as `| head` does after its lines: every write fails.
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

fn args(list: &[&dyn AsRef<std::ffi::OsStr>]) -> Vec<OsString> {
    list.iter().map(|a| a.as_ref().to_os_string()).collect()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// TOML string of a path (forward slashes keep it valid on any platform).
fn toml_path(p: &Path) -> String {
    format!("{:?}", p.display().to_string().replace('\\', "/"))
}

#[test]
fn every_command_exits_quietly_when_its_reader_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = repo("scenarios/baseline.toml");
    let package = repo("scenarios/subsidy_plus.toml");
    let sweep = write(
        d,
        "sweep.toml",
        &format!(
            "[sweep]\nscenario = {}\nmethod = \"oat\"\nseed = 1\n[[parameters]]\nkey = \
             \"params.levers.housing_subsidy\"\npercent = 10\n[[outputs]]\nname = \"gdp\"\n\
             variable = \"gdp\"\nyear = 2030\n",
            toml_path(&base)
        ),
    );
    let checks = write(
        d,
        "checks.toml",
        &format!(
            "[[check]]\nname = \"grows\"\nscenario = {}\n[[check.expect]]\nvariable = \"gdp\"\n\
             kind = \"at\"\nyear = 2030\nop = \">\"\nvalue = 0\n",
            toml_path(&base)
        ),
    );
    let calibration = write(
        d,
        "fit.toml",
        &format!(
            "[calibrate]\nscenario = {}\nhistory = {}\nstarts = 1\nmax_iterations = 2\n\
             [[parameters]]\nkey = \"params.economy.residual_growth\"\nlower = 0.0\nupper = 0.1\n\
             [[series]]\nname = \"gdp_growth\"\n",
            toml_path(&base),
            toml_path(&repo("data/history.csv"))
        ),
    );
    let (run, shard) = (d.join("run"), d.join("shard"));
    let commands: Vec<Vec<OsString>> = vec![
        args(&[&"run", &base, &"--no-plots", &"--out", &run]),
        args(&[&"plot", &run]),
        args(&[&"report", &run]),
        args(&[
            &"compare",
            &base,
            &package,
            &"--no-plots",
            &"--out",
            &d.join("cmp"),
        ]),
        args(&[
            &"sweep",
            &sweep,
            &"--shard",
            &"1/1",
            &"--no-plots",
            &"--out",
            &shard,
        ]),
        args(&[&"merge", &shard, &"--no-plots", &"--out", &d.join("merged")]),
        args(&[&"check", &checks]),
        args(&[&"calibrate", &calibration, &"--out", &d.join("fit")]),
        args(&[&"params", &base]),
        args(&[&"--help"]),
        args(&[&"sweep", &"--help"]),
    ];
    for command in &commands {
        let out = reader_gone(d, command);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{command:?}: {stderr}"
        );
        assert_eq!(out.status.code(), Some(0), "{command:?}: {stderr}");
    }
}

#[test]
fn a_full_stdout_is_an_error_not_a_panic() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(BIN)
        .args(["params"])
        .arg(repo("scenarios/baseline.toml"))
        .stdout(full.try_clone().unwrap())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("writing to standard output"), "{stderr}");
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["run", "--no-plots", "--out"])
        .arg(dir.path().join("run"))
        .arg(repo("scenarios/baseline.toml"))
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(2), "{stderr}");
}

/// A sweep spec on the baseline with the given `[[parameters]]` entries (written from line 6).
fn sweep_spec(dir: &Path, parameters: &str) -> PathBuf {
    write(
        dir,
        "spec.toml",
        &format!(
            "[sweep]\nscenario = {}\nmethod = \"mc\"\nsamples = 4\nseed = 1\n{parameters}\
             [[outputs]]\nname = \"gdp\"\nvariable = \"gdp\"\nyear = 2030\n",
            toml_path(&repo("scenarios/baseline.toml"))
        ),
    )
}

/// The one issue of a spec that must not load: (key, line, message).
fn spec_issue(path: &Path) -> (String, usize, String) {
    use talentloop::analysis::sweep::spec::load_spec;
    match load_spec(path) {
        Err(talentloop::Error::Spec(e)) => {
            assert_eq!(e.issues.len(), 1, "{e}");
            let i = &e.issues[0];
            (i.key.clone(), i.location.line, i.message.clone())
        }
        Err(other) => panic!("expected a spec error, got {other}"),
        Ok(_) => panic!("the spec loaded"),
    }
}

#[test]
fn every_distribution_refuses_crossed_bounds_at_upper() {
    let dir = tempfile::tempdir().unwrap();
    let key = "key = \"params.high_level.acceptance_elasticity\"\nmode = \"scale\"\n";
    for body in [
        "distribution = \"uniform\"\nlower = 1.2",
        "distribution = \"triangular\"\nmode_value = 1.0\nlower = 1.2",
        "distribution = \"normal\"\nmean = 1.0\nsd = 0.1\nlower = 1.2",
        "distribution = \"lognormal\"\nmu = 0.0\nsigma = 0.1\nlower = 1.2",
    ] {
        // `upper` is on line 11 in each case: [[parameters]] is line 6.
        let entry = format!("[[parameters]]\n{key}{body}\n");
        let entry = entry.replace("lower = 1.2", "lower = 1.2\nupper = 0.8");
        let lines = entry.lines().count();
        let path = sweep_spec(dir.path(), &entry);
        let (k, line, message) = spec_issue(&path);
        assert_eq!(k, "parameters[0].upper", "{body}: {message}");
        assert_eq!(line, 6 + lines - 1, "{body}: {message}");
        assert!(message.contains("lower ≤ upper"), "{body}: {message}");
    }
    // A truncation window far in the tail holds no probability: every sample would be a bound.
    let path = sweep_spec(
        dir.path(),
        &format!(
            "[[parameters]]\n{key}distribution = \"normal\"\nmean = 1.0\nsd = 0.01\nlower = 2.0\n\
             upper = 3.0\n"
        ),
    );
    let (k, line, message) = spec_issue(&path);
    assert_eq!((k.as_str(), line), ("parameters[0].lower", 12), "{message}");
}

#[test]
fn a_parameter_swept_twice_names_both_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = sweep_spec(
        dir.path(),
        "[[parameters]]\nkey = \"params.levers.housing_subsidy\"\npercent = 10\n\
         [[parameters]]\nkey = \"params.levers.housing_subsidy\"\npercent = 20\n",
    );
    let (k, line, message) = spec_issue(&path);
    assert_eq!((k.as_str(), line), ("parameters[1].key", 10), "{message}");
    assert!(
        message.contains("at line 7") && message.contains("at line 10"),
        "{message}"
    );
    // One sector's parameter overlaps every sector's.
    let path = sweep_spec(
        dir.path(),
        "[[parameters]]\nkey = \"sectors.*.market_growth\"\npercent = 10\n\
         [[parameters]]\nkey = \"sectors.food_bev.market_growth\"\npercent = 20\n",
    );
    let (k, _, message) = spec_issue(&path);
    assert_eq!(k, "parameters[1].key", "{message}");
    assert!(message.contains("sectors.*.market_growth"), "{message}");
}

/// `short.toml` in `dir`: the baseline ending in 2030 instead of 2035 (docs/scenarios.md §11).
fn short_scenario(dir: &Path) -> PathBuf {
    write(
        dir,
        "short.toml",
        &format!(
            "extends = {}\n[time]\nend = 2030.0\n",
            toml_path(&repo("scenarios/baseline.toml"))
        ),
    )
}

/// A checks file in `dir` with one check on the baseline (and `extra` check keys) whose one
/// expectation is `expect` (the expectation table starts on line 5).
fn checks_file(dir: &Path, extra: &str, expect: &str) -> PathBuf {
    write(
        dir,
        "checks.toml",
        &format!(
            "[[check]]\nname = \"c\"\nscenario = {}\n{extra}[[check.expect]]\nvariable = \"gdp\"\n\
             {expect}\n",
            toml_path(&repo("scenarios/baseline.toml"))
        ),
    )
}

/// The issues of a checks file that must not load, as `key line: message` lines.
fn checks_issues(path: &Path) -> String {
    match talentloop::analysis::check::load_checks(path) {
        Err(talentloop::Error::Spec(e)) => e
            .issues
            .iter()
            .map(|i| format!("{} {}: {}", i.key, i.location.line, i.message))
            .collect::<Vec<_>>()
            .join("\n"),
        Err(other) => panic!("expected a spec error, got {other}"),
        Ok(_) => panic!("the checks file loaded"),
    }
}

#[test]
fn a_check_without_an_operator_or_tolerance_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = checks_file(dir.path(), "", "kind = \"at\"\nyear = 2030\nvalue = 0");
    let issues = checks_issues(&path);
    assert!(issues.starts_with("check[0].expect[0].op "), "{issues}");
    assert!(issues.contains("approx"), "{issues}");
    let path = checks_file(
        dir.path(),
        "",
        "kind = \"at\"\nyear = 2030\nop = \"approx\"\nvalue = 1000",
    );
    let issues = checks_issues(&path);
    assert!(
        issues.starts_with("check[0].expect[0].tolerance "),
        "{issues}"
    );
}

#[test]
fn a_check_year_outside_the_run_is_an_error_not_a_vacuous_pass() {
    let dir = tempfile::tempdir().unwrap();
    // Expectation keys start on line 6 (after `variable`).
    for (expect, key, line) in [
        (
            "kind = \"at\"\nyear = 2040\nop = \">\"\nvalue = 0",
            "year",
            7,
        ),
        (
            "kind = \"at\"\nyear = 2020\nop = \">\"\nvalue = 0",
            "year",
            7,
        ),
        (
            "kind = \"over\"\nfrom = 2030\nto = 2045\nop = \">\"\nvalue = 0",
            "to",
            8,
        ),
        (
            "kind = \"monotonic\"\nfrom = 2036\nto = 2040\ndirection = \"increasing\"",
            "from",
            7,
        ),
        (
            "kind = \"monotonic\"\nfrom = 2030\nto = 2026\ndirection = \"increasing\"",
            "to",
            8,
        ),
        // The last calendar year of a run that ends on 1 January 2035 is 2034.
        (
            "kind = \"annual\"\nyear = 2035\nop = \">\"\nvalue = 0",
            "year",
            7,
        ),
        (
            "kind = \"annual\"\nyear = 2030.5\nop = \">\"\nvalue = 0",
            "year",
            7,
        ),
    ] {
        let issues = checks_issues(&checks_file(dir.path(), "", expect));
        assert!(
            issues.starts_with(&format!("check[0].expect[0].{key} {line}: ")),
            "{expect}: {issues}"
        );
    }
    // A difference needs its year inside both runs.
    short_scenario(dir.path());
    let path = checks_file(
        dir.path(),
        "compare = \"short.toml\"\n",
        "kind = \"difference\"\nyear = 2033\nop = \">\"\nvalue = 0",
    );
    let issues = checks_issues(&path);
    assert!(issues.contains("both runs (2024 to 2030)"), "{issues}");
}

#[test]
fn a_window_between_reporting_times_fails_instead_of_passing() {
    let dir = tempfile::tempdir().unwrap();
    let path = checks_file(
        dir.path(),
        "",
        "kind = \"over\"\nfrom = 2030.1\nto = 2030.2\nop = \"<\"\nvalue = 0",
    );
    let out = Command::new(BIN).arg("check").arg(&path).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("no reporting time in 2030.1–2030.2"),
        "{stdout}"
    );
}

/// A calibration spec in `dir` fitting residual growth to `series` of `history` (text).
fn calibration(dir: &Path, history: &str, series: &str) -> PathBuf {
    write(dir, "history.csv", history);
    write(
        dir,
        "fit.toml",
        &format!(
            "[calibrate]\nscenario = {}\nhistory = \"history.csv\"\nstarts = 1\n\
             max_iterations = 5\n[[parameters]]\nkey = \"params.economy.residual_growth\"\n\
             lower = 0.0\nupper = 0.1\n{series}",
            toml_path(&repo("scenarios/baseline.toml"))
        ),
    )
}

const HEADER: &str = "series,year,value,unit,source,url,note\n";

#[test]
fn calibrating_to_no_usable_history_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    // Rows exist, but none lies inside the 2024–2035 run.
    let spec = calibration(
        dir.path(),
        &format!(
            "{HEADER}gdp_growth,2010,0.1,1,press,http://x,\n\
             gdp_growth,2012,0.1,1,press,http://x,\n"
        ),
        "[[series]]\nname = \"gdp_growth\"\n",
    );
    let out = Command::new(BIN)
        .arg("calibrate")
        .arg(&spec)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(!stdout.contains("converged"), "{stdout}");
    assert!(
        stderr.contains("history.csv: no row of the fitted part can be compared with the run")
            && stderr.contains("gdp_growth (2010, 2012)"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists(), "nothing is written");
    // No series at all, or a series the history lacks, is a spec error.
    let header_only = format!("{HEADER}gdp_growth,2025,0.06,1,press,http://x,\n");
    for (series, key) in [
        ("", "series"),
        ("[[series]]\nname = \"population\"\n", "series[0].name"),
    ] {
        let spec = calibration(dir.path(), &header_only, series);
        let err = talentloop::analysis::calibrate::load_calibration(&spec).unwrap_err();
        let talentloop::Error::Spec(e) = &err else {
            panic!("expected a spec error, got {err}");
        };
        assert!(e.issues.iter().any(|i| i.key == key), "{err}");
    }
}

#[test]
fn a_non_finite_history_value_names_file_and_line() {
    use talentloop::analysis::calibrate::read_history;
    let dir = tempfile::tempdir().unwrap();
    for value in ["NaN", "inf", "-infinity"] {
        let path = write(
            dir.path(),
            "history.csv",
            &format!(
                "{HEADER}gdp,2024,831,亿元/yr,seed,seed,\ngdp,2025,{value},亿元/yr,seed,seed,\n"
            ),
        );
        let err = read_history(&path).unwrap_err();
        assert_eq!(err.code(), "bad_history");
        let text = err.to_string();
        assert!(
            text.contains("history.csv:3: value") && text.contains("not a finite number"),
            "{text}"
        );
    }
}

#[test]
fn comparing_runs_with_different_horizons_at_a_missing_year_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let short = short_scenario(dir.path());
    let base = repo("scenarios/baseline.toml");
    let compare = |extra: &[&str]| {
        let out = Command::new(BIN)
            .arg("compare")
            .arg(&base)
            .arg(&short)
            .args(["--no-plots", "--out"])
            .arg(dir.path().join("cmp"))
            .args(extra)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stderr).into_owned()
            + &String::from_utf8_lossy(&out.stdout);
        (out.status.code(), text)
    };
    // The default years include 2035, which the short run lacks: it used to show its 2030
    // value as the 2035 one.
    let (code, text) = compare(&[]);
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("short")
            && text.contains("runs from 2024 to 2030")
            && text.contains("no value at 2035")
            && text.contains("--years 2025,2030"),
        "{text}"
    );
    assert!(!dir.path().join("cmp").exists(), "nothing is written");
    // A year asked for that the baseline lacks is refused too, not dropped.
    let (code, text) = compare(&["--years", "2030,2040"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("no value at 2040"), "{text}");
    // Years inside both runs compare.
    let (code, text) = compare(&["--years", "2025,2030"]);
    assert_eq!(code, Some(0), "{text}");
}

#[test]
fn a_named_pipe_or_directory_as_input_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = vec![(dir.path().to_path_buf(), "is a directory")];
    #[cfg(unix)]
    {
        let fifo = dir.path().join("scenario.toml");
        let made = Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            inputs.push((fifo, "is a named pipe (FIFO)"));
        }
    }
    for (input, what) in inputs {
        for command in ["run", "params", "sweep", "check", "calibrate"] {
            let mut child = Command::new(BIN)
                .arg(command)
                .arg(&input)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            // Opening a FIFO blocks until a writer comes: give it 20 s, then call it a hang.
            let started = std::time::Instant::now();
            while child.try_wait().unwrap().is_none() {
                if started.elapsed().as_secs() > 20 {
                    child.kill().unwrap();
                    panic!("{command} {} hangs", input.display());
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
            assert!(
                stderr.contains(what) && stderr.contains("not a regular file"),
                "{command}: {stderr}"
            );
        }
    }
}

#[test]
fn a_time_path_table_is_capped_at_1000_points() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = |n: usize| {
        let points: Vec<String> = (0..n)
            .map(|k| format!("[{}, 40.0]", 2024.0 + k as f64 * 1e-4))
            .collect();
        let path = write(
            dir.path(),
            "table.toml",
            &format!(
                "extends = {}\n[params.levers]\nhousing_subsidy = {{ value = {{ kind = \"table\", \
                 points = [{}] }}, unit = \"万元/person\", source = \"assumption\" }}\n",
                toml_path(&repo("scenarios/baseline.toml")),
                points.join(", ")
            ),
        );
        let started = std::time::Instant::now();
        let loaded = talentloop::scenario::load(&path);
        (loaded, started.elapsed().as_secs_f64())
    };
    let (loaded, _) = scenario(1000);
    assert!(loaded.is_ok(), "{:?}", loaded.err().map(|e| e.to_string()));
    let (loaded, seconds) = scenario(100_000);
    let err = loaded.unwrap_err().to_string();
    assert!(
        err.contains("table.toml:3:")
            && err.contains("params.levers.housing_subsidy.value.points")
            && err.contains("100000 points; allowed: at most 1000"),
        "{err}"
    );
    // Refusing it takes one linear pass (it took a minute to run).
    assert!(seconds < 10.0, "{seconds} s to refuse 100,000 points");
}

#[test]
fn merge_given_a_run_directory_says_it_is_not_a_shard() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run");
    let out = Command::new(BIN)
        .args(["run", "--quiet", "--no-plots", "--out"])
        .arg(&run)
        .arg(repo("scenarios/baseline.toml"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for (input, why) in [
        (&run, "it is a run directory"),
        (&empty, "it has no readable manifest.json"),
    ] {
        let out = Command::new(BIN)
            .arg("merge")
            .arg(input)
            .arg("--out")
            .arg(dir.path().join("merged"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("{} is not a sweep shard: {why}", input.display()))
                && stderr.contains("talentloop sweep --shard I/N"),
            "{stderr}"
        );
    }
}
