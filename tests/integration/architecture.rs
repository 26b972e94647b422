//! Module boundaries: data flows scenario → model → solver → results → analysis → output, and a
//! module may import only from modules to its left (and from `error` and `units`). The check is
//! textual: it looks for `crate::<later layer>` anywhere in a file, grouped imports included.

use std::path::Path;

const LAYERS: &[&str] = &[
    "scenario", "model", "solver", "results", "analysis", "output", "explore",
];

fn sources(path: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            out.extend(sources(&entry.unwrap().path()));
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push((
            path.display().to_string(),
            std::fs::read_to_string(path).unwrap(),
        ));
    }
    out
}

#[test]
fn layers_import_only_from_earlier_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (k, layer) in LAYERS.iter().enumerate() {
        let dir = src.join(layer);
        let files = if dir.is_dir() {
            sources(&dir)
        } else {
            sources(&src.join(format!("{layer}.rs")))
        };
        assert!(!files.is_empty(), "layer {layer} has no sources");
        for (file, text) in files {
            for later in &LAYERS[k + 1..] {
                assert!(
                    !text.contains(&format!("crate::{later}")),
                    "{file} imports crate::{later}, a later layer"
                );
                // Grouped imports: `use crate::{…, later::x, …}`.
                for group in text.split("crate::{").skip(1) {
                    let inside = group.split('}').next().unwrap_or_default();
                    assert!(
                        !inside
                            .split([',', ' ', '\n'])
                            .any(|item| item == *later || item.starts_with(&format!("{later}::"))),
                        "{file} imports {later} in a grouped `use crate::{{…}}`"
                    );
                }
            }
        }
    }
}

#[test]
fn the_library_never_reads_argv_or_the_environment() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (file, text) in sources(&src) {
        if file.contains("/cli/") || file.ends_with("main.rs") {
            continue;
        }
        for forbidden in ["std::env::args", "std::env::var", "current_dir"] {
            assert!(!text.contains(forbidden), "{file} uses {forbidden}");
        }
    }
}

/// rustfmt leaves a statement unformatted when it cannot fit it in 100 columns (a long string
/// literal, a macro body): a line wider than that means a skipped statement. Chinese characters
/// count two columns, as a terminal shows them.
#[test]
fn no_source_line_is_wider_than_100_columns() {
    use unicode_width::UnicodeWidthStr;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut wide = Vec::new();
    for dir in ["src", "tests", "benches"] {
        for (file, text) in sources(&root.join(dir)) {
            for (k, line) in text.lines().enumerate() {
                if line.width() > 100 {
                    wide.push(format!("{file}:{}: {} columns", k + 1, line.width()));
                }
            }
        }
    }
    assert!(
        wide.is_empty(),
        "lines over 100 columns:\n{}",
        wide.join("\n")
    );
}
