//! Error variants say what went wrong: spec problems name the kind of spec, a bad history row
//! names its file and line; the codes stay the first issue's.

use talentloop::analysis::calibrate::{load_calibration, read_history};
use talentloop::analysis::check::load_checks;
use talentloop::analysis::sweep::spec::load_spec;
use talentloop::error::{SpecError, SpecKind};
use talentloop::Error;

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Loads one kind of spec, keeping only whether it loaded.
type Loader = fn(&std::path::Path) -> Result<(), Error>;

#[test]
fn spec_problems_name_the_kind_of_spec() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(SpecKind, &str, Loader); 3] = [
        (SpecKind::Sweep, "sweep spec", |p| load_spec(p).map(drop)),
        (SpecKind::Checks, "checks file", |p| {
            load_checks(p).map(drop)
        }),
        (SpecKind::Calibration, "calibration spec", |p| {
            load_calibration(p).map(drop)
        }),
    ];
    for (kind, noun, load) in cases {
        let path = write(dir.path(), "bad.toml", "nonsense = 1\n");
        let err = load(&path).unwrap_err();
        let Error::Spec(SpecError { kind: k, issues }) = &err else {
            panic!("expected a spec error, got {err:?}");
        };
        assert_eq!(*k, kind);
        assert!(
            issues
                .iter()
                .any(|i| i.key == "nonsense" && i.code() == "unknown_key"),
            "{err}"
        );
        // The code is the first issue's (the missing table, which has no line, sorts first).
        assert_eq!(err.code(), issues[0].code());
        assert!(err.to_string().contains(&format!(" in {noun} ")), "{err}");
        assert!(err.to_string().contains("bad.toml:1:1"), "{err}");
    }
}

#[test]
fn a_bad_history_row_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "history.csv",
        "series,year,value,unit,source,url,note\ngdp,2024,831,亿元/yr,seed,seed,\n\
            gdp,20x5,1,亿元/yr,seed,seed,\n",
    );
    let err = read_history(&path).unwrap_err();
    assert_eq!(err.code(), "bad_history");
    let text = err.to_string();
    assert!(text.contains("history.csv:3: year \"20x5\""), "{text}");
    assert!(!text.contains("serialise"), "{text}");
}
