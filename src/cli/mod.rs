//! Command-line arguments (clap derive) and dispatch to one file per subcommand.

mod params;
mod run;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// talentloop — system-dynamics simulator of 产业需求 → 人才集聚 → 产业升级 for 巴中 (Bazhong).
#[derive(Debug, Parser)]
#[command(name = "talentloop", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run one scenario and write timeseries.csv, annual.csv, summary.json and manifest.json.
    #[command(after_help = "\
Examples:
  talentloop run scenarios/baseline.toml
  talentloop run scenarios/baseline.toml --out outputs/base-v2 --force

Writes into --out (default outputs/<scenario name>/): timeseries.csv (tidy: scenario, time,
variable, sector, category, unit, value), annual.csv (calendar-year statistics), sectors.csv,
summary.json (headline indicators at 2025, 2030, 2035 and the horizon) and manifest.json
(version, scenario hash, every parameter, solver statistics). An existing non-empty directory
is not overwritten without --force.")]
    Run(run::RunArgs),
    /// Print the assumption register: every parameter with value, unit, source tag and note.
    #[command(after_help = "\
Examples:
  talentloop params scenarios/baseline.toml
  talentloop params scenarios/baseline.toml --tag assumption
  talentloop params scenarios/baseline.toml --tag seed --tag official --format csv > sourced.csv")]
    Params(params::ParamsArgs),
}

/// Parses arguments and runs the command.
pub fn main() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Params(args) => params::run(args),
    }
}
