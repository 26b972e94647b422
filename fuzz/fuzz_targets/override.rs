//! Fuzz target: `--set` assignments applied to the baseline never panic.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use talentloop::scenario::{apply_override, load_str, Scenario};

fn baseline() -> &'static Scenario {
    static BASE: OnceLock<Scenario> = OnceLock::new();
    BASE.get_or_init(|| {
        let text = include_str!("../../scenarios/baseline.toml");
        load_str(text, std::path::Path::new("baseline.toml")).expect("baseline loads")
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = apply_override(baseline(), text);
    }
});
