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
