//! Figures the docs quote from the program are checked against the program: a fenced output
//! block in README.md or docs/*.md that follows a marker line
//!
//! ```text
//! <!-- checked: run scenarios/baseline.toml --out OUT -->
//! ```
//!
//! is produced again by running `talentloop` with those arguments (from the repository root,
//! `OUT` a fresh folder), and every line of the block must appear in the output — except the
//! command line itself (`$ …`), elisions (`…`), and lines that vary from run to run or machine
//! to machine (timings, the files-written summary, temporary paths).

use crate::common::{repo, talentloop};

/// (file, marker's arguments, block lines) of every checked block.
fn checked_blocks() -> Vec<(String, String, Vec<String>)> {
    let mut files = vec![repo("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(repo("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (k, line) in lines.iter().enumerate() {
            let Some(args) = line
                .trim()
                .strip_prefix("<!-- checked:")
                .and_then(|r| r.strip_suffix("-->"))
            else {
                continue;
            };
            assert!(
                lines.get(k + 1).is_some_and(|l| l.starts_with("```")),
                "{}:{}: a checked marker must stand right before a fenced block",
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

/// Whether a quoted line varies between runs or machines (and so is not compared).
fn volatile(line: &str) -> bool {
    line.starts_with('$')
        || line.trim() == "…"
        || line.trim().is_empty()
        || line.contains(" ms)")
        || line.contains("/tmp/")
        || line.starts_with("wrote ")
        || line.contains(" s on ")
}

#[test]
fn quoted_program_output_is_what_the_program_prints() {
    let blocks = checked_blocks();
    assert!(
        blocks.len() >= 3,
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
                    let mut files: Vec<String> = std::fs::read_dir(repo(folder))
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
            .current_dir(repo(""))
            .args(&args)
            .output()
            .unwrap();
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&result.stdout),
            String::from_utf8_lossy(&result.stderr)
        );
        let printed: Vec<&str> = printed.lines().map(str::trim_end).collect();
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
