//! Hardening: arbitrary edits of a scenario never panic the loader; an interrupted write leaves
//! no half-written file; regressions found by fuzzing stay fixed.

use std::path::Path;

use proptest::prelude::*;
use talentloop::scenario::load_str;

use crate::common::repo;

fn baseline_text() -> String {
    std::fs::read_to_string(repo("scenarios/baseline.toml")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Replace a random slice of the baseline with random text: the loader returns a scenario or
    /// a list of located issues, and never panics.
    #[test]
    fn arbitrary_edits_never_panic(
        start in 0usize..20_000,
        len in 0usize..200,
        insert in "\\PC{0,40}",
    ) {
        let text = baseline_text();
        let mut start = start.min(text.len());
        while !text.is_char_boundary(start) { start -= 1; }
        let mut end = (start + len).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        let edited = format!("{}{}{}", &text[..start], insert, &text[end..]);
        match load_str(&edited, Path::new("fuzz.toml")) {
            Ok(s) => prop_assert!(!s.sectors.is_empty()),
            Err(e) => {
                prop_assert!(!e.issues.is_empty());
                let lines = edited.lines().count() + 1;
                for issue in &e.issues {
                    prop_assert!(issue.location.line <= lines, "line {} beyond the \
                        file", issue.location.line);
                }
            }
        }
    }

    /// Numbers of any size in any parameter are accepted or rejected with a range message.
    #[test]
    fn any_number_in_a_parameter_is_handled(value in proptest::num::f64::ANY) {
        let text = baseline_text().replacen("value = 0.6, unit = \
            \"1\"", &format!("value = {value:?}, unit = \"1\""), 1);
        if let Err(e) = load_str(&text, Path::new("fuzz.toml")) {
            prop_assert!(
                e.issues.iter().all(|i| ["out_of_range", "toml_syntax"].contains(&i.code())),
                "{e}"
            );
        }
    }
}

#[test]
fn a_failed_write_leaves_the_old_file_and_no_temporary() {
    use talentloop::output::atomic::write;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("summary.json");
    write(&target, b"{\"old\": true}\n").unwrap();
    // A directory where the file should go makes the final rename fail, as a crash between
    // writing and renaming would: the reader sees the old file, and no temporary is left.
    let blocked = dir.path().join("blocked.csv");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("keep"), "x").unwrap();
    assert!(write(&blocked, b"new").is_err());
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "{\"old\": true}\n"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".talentloop-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}
