//! Fuzz target: arbitrary text as a sweep spec and as a checks file (each written to a temporary
//! file beside a copy of the baseline, as a user's spec would be): reading never panics and every
//! refusal is an error value.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// A directory holding `scenarios/baseline.toml`, so specs can name `../scenarios/baseline.toml`.
fn workdir() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::create_dir_all(dir.path().join("scenarios")).unwrap();
        std::fs::create_dir_all(dir.path().join("specs")).unwrap();
        std::fs::write(
            dir.path().join("scenarios/baseline.toml"),
            include_str!("../../scenarios/baseline.toml"),
        )
        .unwrap();
        dir
    })
    .path()
}

fuzz_target!(|data: &[u8]| {
    let path = workdir().join("specs/fuzz.toml");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let _ = talentloop::analysis::sweep::spec::load_spec(&path);
    let _ = talentloop::analysis::check::load_checks(&path);
});
