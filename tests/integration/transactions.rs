//! Output folders are transactions (issue 10): a folder appears whole or not at all, a second
//! writer is locked out, a failed `--force` leaves the old folder byte for byte, and every reader
//! (`plot`, `report`, `merge`) checks the folder against the file list of its manifest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;
use sha2::{Digest, Sha256};

use crate::common::{baseline, compare_quietly, repo, simulate, talentloop};

fn run_into(out: &Path, scenario: &str, extra: &[&str]) -> Command {
    let mut cmd = talentloop();
    cmd.args(["run", "--quiet", "--no-plots"])
        .arg(repo(scenario))
        .args(extra)
        .arg("--out")
        .arg(out);
    cmd
}

/// Every file below `dir` with its bytes, by relative path.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Checks, independently of the library, that the manifest `name` of `dir` lists exactly the
/// folder's files (charts and reports aside) with their sizes and SHA-256.
fn assert_listing_verifies(dir: &Path, name: &str) {
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    let listed = manifest["files"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no file list", dir.join(name).display()));
    let mut paths = Vec::new();
    for f in listed {
        let path = f["path"].as_str().unwrap().to_string();
        let bytes = std::fs::read(dir.join(&path)).unwrap();
        assert_eq!(f["bytes"].as_u64().unwrap(), bytes.len() as u64, "{path}");
        let hash: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(f["sha256"].as_str().unwrap(), hash, "{path}");
        paths.push(path);
    }
    let mut on_disk: Vec<String> = snapshot(dir)
        .into_keys()
        // The views `plot` and `report` draw into the folder are not listed.
        .filter(|p| p != name && !p.split('/').any(|c| c == "charts") && !p.ends_with(".html"))
        .collect();
    on_disk.sort();
    paths.sort();
    assert_eq!(
        paths,
        on_disk,
        "the manifest lists every file of {}",
        dir.display()
    );
}

/// Asserts that no lock or half-written folder is left in `parent`.
fn assert_clean(parent: &Path) {
    let left: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".talentloop-") || n.ends_with(".lock"))
        .collect();
    assert!(left.is_empty(), "left in {}: {left:?}", parent.display());
}

#[test]
fn a_second_writer_is_locked_out_and_the_folder_holds_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // A writer that is alive (this test process) holds the lock.
    let lock = dir.path().join("out.lock");
    let me = std::process::id();
    std::fs::write(
        &lock,
        format!("pid={me}\ncommand=talentloop run elsewhere\n"),
    )
    .unwrap();
    run_into(&out, "scenarios/baseline.toml", &[])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(lock.display().to_string())
                .and(predicate::str::contains(format!("pid {me}")))
                .and(predicate::str::contains("being written")),
        );
    assert!(!out.exists(), "nothing written while locked");
    std::fs::remove_file(&lock).unwrap();

    // Two runs of different scenarios started together into one new folder, several times:
    // one wins, the other is refused, and the folder is the winner's alone.
    for trial in 0..6 {
        let out = dir.path().join(format!("race{trial}"));
        let spawn = |scenario: &str| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("talentloop"))
                .args(["run", "--quiet", "--no-plots"])
                .arg(repo(scenario))
                .arg("--out")
                .arg(&out)
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let children = [
            spawn("scenarios/baseline.toml"),
            spawn("scenarios/subsidy_plus.toml"),
        ];
        let results: Vec<_> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        let won: Vec<bool> = results.iter().map(|r| r.status.success()).collect();
        assert_eq!(
            won.iter().filter(|w| **w).count(),
            1,
            "trial {trial}: {won:?}"
        );
        let loser = results.iter().find(|r| !r.status.success()).unwrap();
        let stderr = String::from_utf8_lossy(&loser.stderr);
        assert!(
            stderr.contains("race") && (stderr.contains(".lock") || stderr.contains("--force")),
            "trial {trial}: {stderr}"
        );
        assert_listing_verifies(&out, "manifest.json");
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
        assert_eq!(
            manifest["scenario_name"], summary["scenario"],
            "trial {trial}"
        );
        assert_clean(dir.path());
    }
}

#[test]
fn a_stale_lock_is_taken_over_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // No process has this pid (above any pid_max), and it left a half-written folder.
    let dead = u32::MAX - 1;
    std::fs::write(
        dir.path().join("out.lock"),
        format!("pid={dead}\ncommand=talentloop run\n"),
    )
    .unwrap();
    let half = dir
        .path()
        .join(format!(".talentloop-tmp-out-{dead}-abcdef"));
    std::fs::create_dir(&half).unwrap();
    std::fs::write(half.join("timeseries.csv"), "partial").unwrap();
    run_into(&out, "scenarios/baseline.toml", &[])
        .assert()
        .success()
        .stderr(predicate::str::contains("stale lock").and(predicate::str::contains("4294967294")));
    assert_listing_verifies(&out, "manifest.json");
    assert_clean(dir.path());
}

#[test]
fn plot_and_report_refuse_a_folder_changed_after_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    run_into(&out, "scenarios/baseline.toml", &[])
        .assert()
        .success();
    assert_listing_verifies(&out, "manifest.json");
    let pristine = snapshot(&out);
    let restore = || {
        std::fs::remove_dir_all(&out).unwrap();
        for (rel, bytes) in &pristine {
            let path = out.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
    };
    let refused = |file: &str, what: &str| {
        for command in ["plot", "report"] {
            talentloop().arg(command).arg(&out).assert().code(2).stderr(
                predicate::str::contains(file)
                    .and(predicate::str::contains(what))
                    .and(predicate::str::contains("panicked").not()),
            );
        }
        assert!(!out.join("report.html").exists() && !out.join("charts").exists());
    };
    let ts = out.join("timeseries.csv");
    let text = std::fs::read_to_string(&ts).unwrap();
    // A value edited by hand (the file still parses).
    let k = text.find(",2035,gdp,,,亿元/yr,").unwrap() + ",2035,gdp,,,亿元/yr,".len();
    let digit = if &text[k..=k] == "9" { "8" } else { "9" };
    std::fs::write(&ts, format!("{}{digit}{}", &text[..k], &text[k + 1..])).unwrap();
    refused("timeseries.csv", "changed");
    // Truncated at a line: fewer rows, still a valid CSV.
    restore();
    // Halfway, moved back to a character boundary (the file holds Chinese units).
    let half = (0..=text.len() / 2)
        .rev()
        .find(|&k| text.is_char_boundary(k))
        .unwrap();
    let cut = text[..half].rfind('\n').unwrap() + 1;
    std::fs::write(&ts, &text[..cut]).unwrap();
    refused("timeseries.csv", "changed");
    // A listed file removed, and a file of another run added.
    restore();
    std::fs::remove_file(out.join("annual.csv")).unwrap();
    refused("annual.csv", "missing");
    restore();
    std::fs::write(out.join("old_run.csv"), "x").unwrap();
    refused("old_run.csv", "not listed");
    // The untouched folder is accepted, and the views drawn into it do not count.
    restore();
    talentloop().arg("report").arg(&out).assert().success();
    talentloop().arg("plot").arg(&out).assert().success();
    assert_listing_verifies(&out, "manifest.json");

    // A comparison: a scenario's file is covered by the comparison's manifest too.
    let cmp = dir.path().join("cmp");
    compare_quietly(&cmp, &["baseline", "dual_enclave"]);
    assert_listing_verifies(&cmp, "manifest.json");
    assert_listing_verifies(&cmp.join("dual_enclave"), "manifest.json");
    let md = cmp.join("comparison.md");
    let mut text = std::fs::read(&md).unwrap();
    text.truncate(text.len() - 10);
    std::fs::write(&md, text).unwrap();
    talentloop()
        .arg("report")
        .arg(&cmp)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("comparison.md").and(predicate::str::contains("changed")));
    assert!(!cmp.join("report.html").exists());
}

#[test]
fn a_failed_force_leaves_the_old_folder_byte_for_byte() {
    use talentloop::output::atomic::OutputDir;
    use talentloop::output::json::RunProvenance;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    run_into(&out, "scenarios/subsidy_plus.toml", &[])
        .assert()
        .success();
    std::fs::create_dir(out.join("charts")).unwrap();
    std::fs::write(out.join("charts/kept.svg"), "<svg/>").unwrap();
    let before = snapshot(&out);
    let s = baseline();
    let r = simulate(&s);
    // The fourth file cannot be written: a folder stands where summary.json goes.
    let txn = OutputDir::begin(&out, true, "test").unwrap();
    std::fs::create_dir(txn.path().join("summary.json")).unwrap();
    let err = talentloop::output::write_run_files(txn.path(), &s, &r, &RunProvenance::default())
        .unwrap_err();
    assert!(err.to_string().contains("summary.json"), "{err}");
    drop(txn);
    assert_eq!(snapshot(&out), before);
    assert_clean(dir.path());

    // A comparison failing at its second scenario leaves the old comparison as it was.
    let cmp = dir.path().join("cmp");
    compare_quietly(&cmp, &["baseline", "subsidy_plus"]);
    let before = snapshot(&cmp);
    let scenarios = vec![
        baseline(),
        talentloop::scenario::load(&repo("scenarios/dual_enclave.toml")).unwrap(),
    ];
    let c = talentloop::analysis::compare::compare(
        scenarios,
        0,
        &[2030.0],
        ("gdp".into(), String::new()),
        0.0,
    )
    .unwrap();
    let txn = OutputDir::begin(&cmp, true, "test").unwrap();
    std::fs::write(txn.path().join("dual_enclave"), "in the way").unwrap();
    let provenance = RunProvenance::default();
    assert!(talentloop::output::compare::write_comparison_files(
        txn.path(),
        &c,
        &provenance,
        talentloop::output::plots::Lang::En
    )
    .is_err());
    drop(txn);
    assert_eq!(snapshot(&cmp), before);
    assert_clean(dir.path());

    // The same replacement, completed, replaces the folder as a whole.
    talentloop::output::compare::write_comparison(
        &cmp,
        true,
        &c,
        &provenance,
        talentloop::output::plots::Lang::En,
    )
    .unwrap();
    assert!(!cmp.join("subsidy_plus").exists());
    assert_listing_verifies(&cmp, "manifest.json");
    assert_clean(dir.path());
}

#[test]
fn force_replaces_only_a_folder_talentloop_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("thesis.tex"), "years of work").unwrap();
    run_into(&mine, "scenarios/baseline.toml", &["--force"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("talentloop did not write it"));
    assert_eq!(
        std::fs::read_to_string(mine.join("thesis.tex")).unwrap(),
        "years of work"
    );
    assert_clean(dir.path());
}

fn small_sweep() -> PathBuf {
    repo("tests/data/sweeps/small_lhs.toml")
}

#[test]
fn merge_refuses_a_changed_foreign_or_incomplete_shard() {
    let dir = tempfile::tempdir().unwrap();
    let shards: Vec<PathBuf> = (1..=2)
        .map(|i| {
            let d = dir.path().join(format!("shard{i}"));
            talentloop()
                .arg("sweep")
                .arg(small_sweep())
                .args([
                    "--no-plots",
                    "--quiet",
                    "--shard",
                    &format!("{i}/2"),
                    "--out",
                ])
                .arg(&d)
                .assert()
                .success();
            assert_listing_verifies(&d, "manifest.json");
            d
        })
        .collect();
    let merged = dir.path().join("merged");
    let refused = |file: &str, what: &str| {
        talentloop()
            .args(["merge", "--no-plots", "--out"])
            .arg(&merged)
            .args(&shards)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(file).and(predicate::str::contains(what)));
        assert!(!merged.exists(), "nothing merged");
    };
    let edit = |path: &Path, f: &dyn Fn(&mut Vec<u8>)| {
        let original = std::fs::read(path).unwrap();
        let mut bytes = original.clone();
        f(&mut bytes);
        std::fs::write(path, bytes).unwrap();
        original
    };
    // One value of one run's series, same length.
    let series = shards[0].join("series.f32");
    let original = edit(&series, &|b| b[100] ^= 0x40);
    refused("series.f32", "changed");
    std::fs::write(&series, original).unwrap();
    // One digit of samples.csv.
    let samples = shards[1].join("samples.csv");
    let original = edit(&samples, &|b| {
        let k = b.len() - 3;
        b[k] = if b[k] == b'1' { b'2' } else { b'1' };
    });
    refused("samples.csv", "changed");
    std::fs::write(&samples, original).unwrap();
    // A shard of another version, and an interrupted one.
    let manifest = shards[1].join("manifest.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let version = format!("\"talentloop_version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(text.contains(&version));
    std::fs::write(
        &manifest,
        text.replace(&version, "\"talentloop_version\": \"0.0.1\""),
    )
    .unwrap();
    refused("0.0.1", "version");
    std::fs::write(
        &manifest,
        text.replace("\"interrupted\": false", "\"interrupted\": true"),
    )
    .unwrap();
    refused("shard2", "not a complete shard");
    std::fs::write(&manifest, text).unwrap();
    talentloop()
        .args(["merge", "--no-plots", "--out"])
        .arg(&merged)
        .args(&shards)
        .assert()
        .success();
    assert_listing_verifies(&merged, "manifest.json");
}

#[test]
fn an_interrupted_sweep_leaves_a_complete_folder_and_no_lock() {
    let dir = tempfile::tempdir().unwrap();
    // Long enough (several chunks of runs) to be interrupted during its first.
    let spec = dir.path().join("long.toml");
    let text = std::fs::read_to_string(small_sweep())
        .unwrap()
        .replace("samples = 24", "samples = 6000")
        .replace(
            "../../../scenarios",
            &repo("scenarios").display().to_string(),
        );
    std::fs::write(&spec, text).unwrap();
    for signal in ["INT", "TERM"] {
        let out = dir.path().join(format!("sweep-{signal}"));
        let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("talentloop"))
            .arg("sweep")
            .arg(&spec)
            .args(["--no-plots", "--quiet", "-j", "1", "--out"])
            .arg(&out)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Wait until the sweep is writing (its folder, temporary or not, exists).
        let started = Instant::now();
        while !out.exists()
            && !std::fs::read_dir(dir.path()).unwrap().any(|e| {
                e.unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".talentloop-tmp")
            })
        {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the sweep never started"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(300));
        let status = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success());
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(130),
            "{signal}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_listing_verifies(&out, "manifest.json");
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
        assert_eq!(manifest["interrupted"], true);
        let done = manifest["completed"].as_u64().unwrap();
        assert!(done > 0 && done < 6000, "{done}");
        let samples = std::fs::read_to_string(out.join("samples.csv")).unwrap();
        assert_eq!(samples.lines().count() as u64, done + 1);
        assert_clean(dir.path());
    }
}
