//! Fuzz target: `--set` assignments applied to the baseline never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use talentloop::scenario::apply_override;

#[path = "baseline.rs"]
mod baseline;
use baseline::baseline;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = apply_override(baseline(), text);
    }
});
