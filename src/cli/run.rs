//! `talentloop run`: load → compile → simulate → write → print the headline table.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;

use talentloop::output::{self, atomic::OutputDir, plots::plot_run, table::headline_table};
use talentloop::results;

use super::out::{out, outln, Out};

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
    /// Override a value: KEY=VALUE, e.g. params.levers.housing_subsidy=60 or
    /// sectors.adv_materials.priority=2 (repeatable; checked like the file; recorded in the
    /// manifest).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Re-derive the constants of the balanced start from this scenario's own start year
    /// instead of using the stored ones (for a different 2024 dataset; docs/model.md §4).
    #[arg(long)]
    pub rebalance: bool,
    /// Do not draw charts.
    #[arg(long)]
    pub no_plots: bool,
    /// Run even when the results are estimated to need more than 2 GB of memory.
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    pub chart: super::plot::ChartArgs,
}

pub fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let mut scenario = super::load_scenario(&args.scenario, &args.set)?;
    scenario.rebalance = args.rebalance;
    // Rows × columns of the results, before they are computed (a run to 2300 every 0.001 years
    // would hold gigabytes).
    if !args.yes {
        results::size_estimate(&scenario)?.check(results::DEFAULT_MAX_MEMORY)?;
    }
    let dir = args
        .out
        .unwrap_or_else(|| PathBuf::from("outputs").join(&scenario.name));
    // Locked and checked before the work; written beside `dir`, renamed into place when whole.
    let txn = OutputDir::begin(
        &dir,
        args.force,
        &super::provenance(started).command_line.join(" "),
    )?;
    let result = results::run(&scenario)
        .with_context(|| format!("simulating {}", args.scenario.display()))?;
    let provenance = super::provenance(started);
    let files = output::write_run_files(txn.path(), &scenario, &result, &provenance)?;
    let charts = if args.no_plots {
        0
    } else {
        plot_run(
            txn.path(),
            &scenario,
            &result,
            args.chart.size,
            args.chart.lang(),
        )
        .with_context(|| format!("drawing charts for {}", dir.display()))?
        .len()
    };
    txn.commit()?;
    let fiscal = talentloop::analysis::fiscal::fiscal(&result, scenario.budget);
    super::warn_fiscal([(scenario.name.as_str(), &fiscal)]);
    if !args.quiet {
        let mut stdout = Out::stdout();
        outln!(
            stdout,
            "{} — {} ({} to {}, {} RHS evaluations, {:.1} ms)",
            scenario.name,
            scenario.title_zh,
            scenario.time.start,
            scenario.time.end,
            result.stats().rhs_evaluations,
            provenance.wall_seconds * 1e3
        )?;
        out!(
            stdout,
            "{}",
            headline_table(&scenario, &result, args.chart.table_lang())
        )?;
        outln!(
            stdout,
            "{}",
            talentloop::output::table::fiscal_line(&fiscal)
        )?;
        outln!(
            stdout,
            "wrote {} files and {charts} chart files to {}",
            files.len(),
            dir.display()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
