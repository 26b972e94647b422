//! `talentloop check`: run behaviour checks and report each expectation.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use talentloop::analysis::check::{load_checks, run_checks};

use super::out::{outln, Out};

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Check files [default: checks/*.toml].
    pub files: Vec<PathBuf>,
    /// Print only failures and the summary.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let mut files = args.files.clone();
    if files.is_empty() {
        let mut found: Vec<PathBuf> = std::fs::read_dir("checks")
            .context("no check files given and no checks/ directory here")?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        found.sort();
        files = found;
    }
    let mut checks = Vec::new();
    for f in &files {
        checks.extend(load_checks(f)?);
    }
    let outcomes = run_checks(&checks);
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    let mut stdout = Out::stdout();
    for o in &outcomes {
        if !o.passed || !args.quiet {
            outln!(
                stdout,
                "{} {}: {} — {}",
                if o.passed { "pass" } else { "FAIL" },
                o.check,
                o.expected,
                o.detail
            )?;
        }
    }
    outln!(
        stdout,
        "{} passed, {failed} failed",
        outcomes.len() - failed
    )?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
