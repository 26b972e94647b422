//! Figures the docs quote from the program are checked against the program: a fenced output
//! block in README.md or docs/*.md that follows a marker line
//!
//! ```text
//! <!-- checked: run scenarios/baseline.toml --out OUT -->
//! ```
//!
//! is produced again by running `talentloop` with those arguments (from a scratch copy of the
//! repository, `OUT` a fresh folder), and every line of the block must appear in the output —
//! except the command line itself (`$ …`), elisions (`…`), and lines that vary from run to run
//! or machine to machine (timings, the files-written summary, temporary paths).
//!
//! Files the docs have the reader write (`mine/…`) are written into that copy from the docs: a
//! fenced block that follows `<!-- file: mine/x.toml -->` is the file's text.

use std::path::{Path, PathBuf};

use crate::common::{repo, talentloop};

/// The docs checked: README.md and docs/*.md.
fn doc_files() -> Vec<PathBuf> {
    let mut files = vec![repo("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(repo("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// (place, marker's argument, block lines) of every fenced block after a `<!-- KIND: … -->`
/// marker.
fn marked_blocks(kind: &str) -> Vec<(String, String, Vec<String>)> {
    let prefix = format!("<!-- {kind}:");
    let mut out = Vec::new();
    for file in doc_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (k, line) in lines.iter().enumerate() {
            let Some(args) = line
                .trim()
                .strip_prefix(prefix.as_str())
                .and_then(|r| r.strip_suffix("-->"))
            else {
                continue;
            };
            assert!(
                lines.get(k + 1).is_some_and(|l| l.starts_with("```")),
                "{}:{}: a {kind} marker must stand right before a fenced block",
                file.display(),
                k + 1
            );
            let block: Vec<String> = lines[k + 2..]
                .iter()
                .take_while(|l| !l.starts_with("```"))
                .map(|l| l.trim_end().to_string())
                .collect();
            out.push((
                format!("{}:{}", file.display(), k + 1),
                args.trim().to_string(),
                block,
            ));
        }
    }
    out
}

/// A scratch copy of the repository to run the docs' commands in: every top-level entry linked
/// (so relative paths such as `mine/../scenarios/baseline.toml` resolve as in the repository),
/// and the files the docs write out.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo("")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        // Outputs go to the copy's own folder, never the repository's.
        if name == "target" || name == ".git" || name == "outputs" {
            continue;
        }
        std::os::unix::fs::symlink(entry.path(), dir.path().join(&name)).unwrap();
    }
    for (place, path, block) in marked_blocks("file") {
        let target: PathBuf = dir.path().join(&path);
        assert!(
            !Path::new(&path).is_absolute() && !path.contains(".."),
            "{place}: a file marker names a path inside the repository copy"
        );
        assert!(!target.exists(), "{place}: {path} is written twice");
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, block.join("\n") + "\n").unwrap();
    }
    dir
}

/// Whether a quoted line varies between runs or machines (and so is not compared).
fn volatile(line: &str) -> bool {
    line.starts_with('$')
        || line.trim() == "…"
        || line.trim().is_empty()
        || line.contains(" ms)")
        || line.contains("/tmp/")
        || line.starts_with("wrote ")
        || line.contains(" s on ")
        || line.contains(" threads in ")
}

#[test]
fn quoted_program_output_is_what_the_program_prints() {
    let blocks = marked_blocks("checked");
    let copy = workspace();
    assert!(
        blocks.len() >= 30,
        "the docs mark {} checked blocks",
        blocks.len()
    );
    for (place, args, block) in blocks {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        // OUT is a fresh folder; `dir/*.toml` expands as a shell would (sorted).
        let args: Vec<String> = args
            .split_whitespace()
            .flat_map(|a| {
                if a == "OUT" {
                    vec![out.display().to_string()]
                } else if let Some(folder) = a.strip_suffix("/*.toml") {
                    let mut files: Vec<String> = std::fs::read_dir(copy.path().join(folder))
                        .unwrap()
                        .map(|e| e.unwrap().path())
                        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                        .map(|p| format!("{folder}/{}", p.file_name().unwrap().to_string_lossy()))
                        .collect();
                    files.sort();
                    files
                } else {
                    vec![a.to_string()]
                }
            })
            .collect();
        let result = talentloop()
            .current_dir(copy.path())
            .args(&args)
            .output()
            .unwrap();
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&result.stdout),
            String::from_utf8_lossy(&result.stderr)
        );
        // A CSV on stdout starts with a byte-order mark, which the docs do not show.
        let printed: Vec<&str> = printed
            .lines()
            .map(|l| l.trim_start_matches('\u{feff}').trim_end())
            .collect();
        for line in block.iter().filter(|l| !volatile(l)) {
            assert!(
                printed.contains(&line.as_str()),
                "{place}: the docs quote\n  {line}\nbut `talentloop {}` prints:\n{}",
                args.join(" "),
                printed.join("\n")
            );
        }
    }
}
