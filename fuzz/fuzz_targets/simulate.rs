//! Fuzz target: a `--set` assignment on the baseline, then a whole run: loading never panics and
//! the run either succeeds with finite, non-negative, plausible results or fails with a named
//! error (`solver_failed`, `non_finite`, `negative_stock`, `implausible`, `inconsistent`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use talentloop::scenario::apply_override;

#[path = "baseline.rs"]
mod baseline;
use baseline::baseline;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(scenario) = apply_override(baseline(), text) else {
        return;
    };
    match talentloop::results::run(&scenario) {
        Ok(r) => assert!(r.values.iter().flatten().all(|v| v.is_finite())),
        Err(e) => assert!(
            matches!(
                e.code(),
                "solver_failed" | "non_finite" | "negative_stock" | "implausible" | "inconsistent"
            ),
            "{e}"
        ),
    }
});
