//! Fuzz target: scenario text → load_str never panics; errors are located.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) = talentloop::scenario::load_str(text, std::path::Path::new("fuzz.toml")) {
            assert!(!e.issues.is_empty());
        }
    }
});
