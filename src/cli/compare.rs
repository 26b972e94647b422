//! `talentloop compare`: load scenarios → run them in parallel → compare → write → print.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::Args;

use talentloop::analysis::compare::{compare, parse_indicator};
use talentloop::output::compare::{comparison_markdown, write_comparison};

/// Arguments of `compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files (TOML).
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Baseline scenario [default: the one named "baseline", else the first]
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// Output directory.
    #[arg(long, short, default_value = "outputs/compare")]
    pub out: PathBuf,
    /// Comparison years, comma-separated (those inside the run are used).
    #[arg(long, value_delimiter = ',', default_value = "2025,2030,2035")]
    pub years: Vec<f64>,
    /// Indicator to rank by at the last year: a variable, with [H], [S] or [G] for a category.
    #[arg(long, default_value = "coordination_degree")]
    pub rank_by: String,
    /// Override a value in every scenario (repeatable): KEY=VALUE.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Worker threads [default: all cores].
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Overwrite a non-empty output directory.
    #[arg(long)]
    pub force: bool,
    /// Do not print the comparison.
    #[arg(long, short)]
    pub quiet: bool,
    /// Do not draw charts.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub chart: super::plot::ChartArgs,
}

pub fn run(args: CompareArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    if let Some(jobs) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global()
            .context("setting up worker threads")?;
    }
    let mut paths = args.scenarios.clone();
    if let Some(b) = &args.baseline {
        let canonical = |p: &PathBuf| p.canonicalize().unwrap_or_else(|_| p.clone());
        if !paths.iter().any(|p| canonical(p) == canonical(b)) {
            paths.insert(0, b.clone());
        }
    }
    let mut scenarios = Vec::with_capacity(paths.len());
    for path in &paths {
        scenarios.push(super::load_scenario(path, &args.set)?);
    }
    for (k, s) in scenarios.iter().enumerate() {
        if let Some(other) = scenarios[..k].iter().find(|o| o.name == s.name) {
            bail!(
                "{} and {} are both named {:?}; scenario names must differ (they name the output directories)",
                other.file.display(),
                s.file.display(),
                s.name
            );
        }
    }
    let baseline = match &args.baseline {
        Some(b) => {
            let canonical = b.canonicalize().unwrap_or_else(|_| b.clone());
            paths
                .iter()
                .position(|p| p.canonicalize().unwrap_or_else(|_| p.clone()) == canonical)
                .unwrap_or(0)
        }
        None => scenarios
            .iter()
            .position(|s| s.name == "baseline")
            .unwrap_or(0),
    };
    let start = scenarios[baseline].time.start;
    let end = scenarios[baseline].time.end;
    let mut years: Vec<f64> = args
        .years
        .iter()
        .copied()
        .filter(|y| *y >= start && *y <= end)
        .collect();
    if years.is_empty() {
        years.push(end);
    }
    let comparison = compare(scenarios, baseline, &years, parse_indicator(&args.rank_by))?;
    if comparison.ranking.iter().all(|(_, v)| v.is_nan()) {
        bail!(
            "--rank-by {}: no such city-wide indicator (see the variable column of timeseries.csv)",
            args.rank_by
        );
    }
    let files = write_comparison(
        &args.out,
        args.force,
        &comparison,
        &super::provenance(started),
    )?;
    let charts = if args.no_plots {
        0
    } else {
        super::plot::draw(&args.out, &args.chart)?
    };
    if !args.quiet {
        print!("{}", comparison_markdown(&comparison));
        println!(
            "\nwrote {} files and {charts} chart files to {} ({:.2} s)",
            files.len(),
            args.out.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}
