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
//! or machine to machine (timings, the files-written summary, temporary paths). A marker
//! `<!-- checked: run … --out OUT; file OUT/annual.csv -->` quotes a file the command wrote.
//!
//! Files the docs have the reader write (`mine/…`) are written into that copy from the docs: a
//! fenced block that follows `<!-- file: mine/x.toml -->` is the file's text.
//!
//! Walk-throughs that chain commands (a comparison, then its report, then `pdfinfo` on the PDF)
//! are quoted as shell sessions after `<!-- checked-shell: /tmp/docs17 -->`: every `$ …` line of
//! the block is run by `sh` in the copy, the prefix standing for a scratch folder that the
//! sessions of one document with that prefix share (so a later block builds on an earlier one),
//! and the lines under a command must appear in what it printed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{repo, talentloop, tool};

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

/// Whether a quoted line is an elision or varies between runs or machines in any block (a
/// sweep's timing and threads), and so is not compared.
fn varies(line: &str) -> bool {
    line.trim() == "…"
        || line.trim().is_empty()
        || line.contains(" s on ")
        || line.contains(" threads in ")
}

/// Whether a line of a `checked:` block is not compared: besides what [`varies`], the command
/// line, timings, temporary paths and the files-written summary (its folder is the doc's own).
fn volatile(line: &str) -> bool {
    varies(line)
        || line.starts_with('$')
        || line.contains(" ms)")
        || line.contains("/tmp/")
        || line.starts_with("wrote ")
}

/// What a command printed, stdout then stderr.
fn output_text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A quoted `error:` line means the command must fail; none means it must succeed.
fn assert_exit_matches(place: &str, command: &str, output: &Output, quoted: &[String]) {
    let refused = quoted.iter().any(|l| l.starts_with("error:"));
    assert_eq!(
        output.status.success(),
        !refused,
        "{place}: `{command}` {} but the docs quote {}:\n{}",
        if output.status.success() {
            "succeeded"
        } else {
            "failed"
        },
        if refused { "an error" } else { "no error" },
        output_text(output)
    );
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
    for (place, marker, block) in blocks {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        // `ARGS; file OUT/x.csv` quotes a file the command wrote rather than what it printed.
        let (args, file) = match marker.split_once("; file ") {
            Some((args, file)) => (
                args.to_string(),
                Some(file.replace("OUT", &out.display().to_string())),
            ),
            None => (marker, None),
        };
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
        let printed = match &file {
            Some(file) => std::fs::read_to_string(file).unwrap_or_else(|e| {
                panic!(
                    "{place}: `talentloop {}` wrote no {file}: {e}",
                    args.join(" ")
                )
            }),
            None => output_text(&result),
        };
        // A CSV on stdout starts with a byte-order mark, which the docs do not show.
        let printed: Vec<&str> = printed
            .lines()
            .map(|l| l.trim_start_matches('\u{feff}').trim_end())
            .collect();
        let command = format!("talentloop {}", args.join(" "));
        assert_exit_matches(&place, &command, &result, &block);
        let compared: Vec<&String> = block.iter().filter(|l| !volatile(l)).collect();
        assert!(
            !compared.is_empty(),
            "{place}: every quoted line varies from run to run, so the block checks nothing"
        );
        for line in compared {
            assert!(
                printed.contains(&line.as_str()),
                "{place}: the docs quote\n  {line}\nbut `talentloop {}` prints:\n{}",
                args.join(" "),
                printed.join("\n")
            );
        }
    }
}

/// A quoted line without its trailing size or duration — `wrote …/report.html (2287 KB)`,
/// `wrote … to …/cmp (6.42 s)` — which vary with the commit recorded and the machine.
fn without_measure(line: &str) -> &str {
    let measured = line.rfind(" (").filter(|&open| {
        line[open + 2..].strip_suffix(')').is_some_and(|inner| {
            inner.starts_with(|c: char| c.is_ascii_digit())
                && [" KB", " s", " ms"]
                    .iter()
                    .any(|unit| inner.ends_with(unit))
        })
    });
    measured.map_or(line, |open| &line[..open])
}

/// The commands of a quoted session, each with the lines quoted under it.
fn session_commands(block: &[String]) -> Vec<(String, Vec<String>)> {
    let mut commands: Vec<(String, Vec<String>)> = Vec::new();
    for line in block {
        match (line.strip_prefix("$ "), commands.last_mut()) {
            (Some(command), _) => commands.push((command.to_string(), Vec::new())),
            (None, Some((_, printed))) => printed.push(line.clone()),
            (None, None) => panic!("a checked shell session starts with a `$ ` command: {line}"),
        }
    }
    commands
}

/// Whether a session's command can run here: printing to PDF and reading it back need Chromium
/// and poppler-utils, which CI installs (elsewhere such a command is skipped).
fn runnable(command: &str) -> bool {
    let needs = [
        ("--pdf", "chromium"),
        ("pdfinfo", "pdfinfo"),
        ("pdftotext", "pdftotext"),
    ];
    needs
        .iter()
        .all(|(word, program)| !command.contains(word) || tool(program).is_some())
}

#[test]
fn quoted_shell_sessions_are_what_the_commands_print() {
    let blocks = marked_blocks("checked-shell");
    assert!(
        blocks.len() >= 5,
        "the docs mark {} shell sessions",
        blocks.len()
    );
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_talentloop"));
    let path = std::env::join_paths(
        std::iter::once(binary.parent().unwrap().to_path_buf()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .unwrap();
    // Per document and prefix: a scratch folder for the prefix and a repository copy of its own
    // (so one page's `outputs/baseline` does not stand in another page's way).
    let mut scratch: HashMap<(String, String), (tempfile::TempDir, tempfile::TempDir)> =
        HashMap::new();
    let mut failures = Vec::new();
    for (place, prefix, block) in blocks {
        let document = place.rsplit_once(':').unwrap().0.to_string();
        let (root, copy) = scratch
            .entry((document, prefix.clone()))
            .or_insert_with(|| (tempfile::tempdir().unwrap(), workspace()));
        let root = root.path().display().to_string();
        // `$ echo $?` shows the previous command's exit status (each command has its own `sh`).
        let mut status = 0;
        for (command, quoted) in session_commands(&block) {
            if command == "echo $?" {
                assert_eq!(quoted, [status.to_string()], "{place}: the exit status");
                continue;
            }
            if !runnable(&command) {
                continue;
            }
            let command = command.replace(&prefix, &root);
            let result = std::process::Command::new("sh")
                .arg("-c")
                .arg(&command)
                .current_dir(copy.path())
                .env("PATH", &path)
                .output()
                .unwrap();
            status = result.status.code().unwrap_or(-1);
            assert_exit_matches(&place, &command, &result, &quoted);
            let text = output_text(&result);
            let printed: Vec<&str> = text
                .lines()
                .map(|l| without_measure(l.trim_start_matches('\u{feff}').trim_end()))
                .collect();
            // Every stale line of every session is listed at once, not only the first.
            let stale: Vec<String> = quoted
                .iter()
                .filter(|l| !varies(l))
                .map(|line| line.replace(&prefix, &root))
                .filter(|line| !printed.contains(&without_measure(line)))
                .collect();
            if !stale.is_empty() {
                failures.push(format!(
                    "{place}: the docs quote\n  {}\nbut `{command}` prints:\n{}",
                    stale.join("\n  "),
                    printed.join("\n")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
