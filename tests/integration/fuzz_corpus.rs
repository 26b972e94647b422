//! The fuzz corpora (fuzz/corpus/<target>/) replayed through the same properties as the fuzz
//! targets, so every input that ever found a problem stays fixed without running a fuzzer in CI.

use std::path::Path;

use talentloop::scenario::{apply_override, load_str};

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let path = e.unwrap().path();
            (path.display().to_string(), std::fs::read(&path).unwrap())
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "{} is empty", dir.display());
    out
}

#[test]
fn scenario_corpus_loads_or_fails_with_located_issues() {
    for (name, data) in corpus("scenario") {
        if let Ok(text) = std::str::from_utf8(&data) {
            if let Err(e) = load_str(text, Path::new("fuzz.toml")) {
                assert!(!e.issues.is_empty(), "{name}");
            }
        }
    }
}

#[test]
fn override_and_simulate_corpora_never_panic_and_fail_with_named_errors() {
    let base = crate::common::baseline();
    for (name, data) in corpus("override").into_iter().chain(corpus("simulate")) {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let Ok(scenario) = apply_override(&base, text) else {
            continue;
        };
        match talentloop::results::run(&scenario) {
            Ok(r) => assert!(r.values.iter().flatten().all(|v| v.is_finite()), "{name}"),
            Err(e) => assert!(
                matches!(
                    e.code(),
                    "solver_failed"
                        | "non_finite"
                        | "negative_stock"
                        | "implausible"
                        | "inconsistent"
                ),
                "{name}: {e}"
            ),
        }
    }
}

#[test]
fn specs_corpus_reads_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("scenarios")).unwrap();
    std::fs::create_dir_all(dir.path().join("specs")).unwrap();
    std::fs::copy(
        crate::common::repo("scenarios/baseline.toml"),
        dir.path().join("scenarios/baseline.toml"),
    )
    .unwrap();
    let path = dir.path().join("specs/fuzz.toml");
    let mut loaded = 0;
    for (_, data) in corpus("specs") {
        std::fs::write(&path, &data).unwrap();
        let sweep = talentloop::analysis::sweep::spec::load_spec(&path);
        let checks = talentloop::analysis::check::load_checks(&path);
        loaded += usize::from(sweep.is_ok()) + usize::from(checks.is_ok());
    }
    // The seeds are one valid sweep spec and one valid checks file.
    assert_eq!(loaded, 2);
}
