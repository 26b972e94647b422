//! `talentloop run`: load → compile → simulate → write → print the headline table.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;

use talentloop::output::{self, json::RunProvenance, table::headline_table};
use talentloop::{results, scenario};

/// Arguments of `run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Output directory [default: outputs/<scenario name>]
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Overwrite a non-empty output directory.
    #[arg(long)]
    pub force: bool,
    /// Do not print the headline table.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let scenario = scenario::load(&args.scenario)?;
    let result = results::run(&scenario)
        .with_context(|| format!("simulating {}", args.scenario.display()))?;
    let dir = args
        .out
        .unwrap_or_else(|| PathBuf::from("outputs").join(&scenario.name));
    let provenance = RunProvenance {
        version: env!("CARGO_PKG_VERSION").to_string(),
        git_commit: Some(env!("TALENTLOOP_GIT_COMMIT").to_string()).filter(|c| !c.is_empty()),
        command_line: std::env::args().collect(),
        wall_seconds: started.elapsed().as_secs_f64(),
    };
    let written = output::write_run(&dir, args.force, &scenario, &result, &provenance)?;
    if !args.quiet {
        println!(
            "{} — {} ({} to {}, {} RHS evaluations, {:.1} ms)",
            scenario.name,
            scenario.title_zh,
            scenario.time.start,
            scenario.time.end,
            result.stats().rhs_evaluations,
            provenance.wall_seconds * 1e3
        );
        print!("{}", headline_table(&scenario, &result));
        println!(
            "wrote {} files to {}",
            written.files.len(),
            written.dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
