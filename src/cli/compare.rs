//! `talentloop compare`: load scenarios → run them in parallel → compare → write → print.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;

use talentloop::analysis::compare::{
    check_years_in_every_run, choose_baseline, compare_request, CompareRequest, DEFAULT_RANK_BY,
};
use talentloop::output::atomic::OutputDir;
use talentloop::output::compare::{comparison_markdown, write_comparison_files};
use talentloop::output::plots::plot_comparison;

use super::out::{out, outln, Out};

/// Arguments of `compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files (TOML).
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Baseline: a scenario name or file (a file not listed is compared too) [default: the one
    /// named "baseline", else the first]
    #[arg(long, value_name = "NAME|FILE")]
    pub baseline: Option<String>,
    /// Output directory.
    #[arg(long, short, default_value = "outputs/compare")]
    pub out: PathBuf,
    /// Comparison years, comma-separated; each must lie inside every compared run [default:
    /// 2025,2030,2035, those inside the baseline's run]
    #[arg(long, value_delimiter = ',', value_name = "YEARS")]
    pub years: Option<Vec<f64>>,
    /// What to rank by at the last year: a cost-effectiveness ratio (talent_years_per_yi,
    /// high_level_per_yi, talent_per_yi, high_tech_points_per_yi) or an indicator (a variable,
    /// with [H], [S] or [G] for a category, e.g. talent_firms[H]).
    #[arg(long, default_value = DEFAULT_RANK_BY)]
    pub rank_by: String,
    /// Discount rate of costs and talent-years in the cost-effectiveness ratios (per year, e.g.
    /// 0.03); 0 = undiscounted. Stated in every table.
    #[arg(long, default_value_t = 0.0, value_parser = discount_rate)]
    pub discount_rate: f64,
    /// Run every scenario under each draw of this sweep spec (the same draws for every package:
    /// common random numbers) and report each package's effect distribution, P(better than the
    /// baseline) and P(A beats B) in comparison.md and uncertainty/*.csv.
    #[arg(long, value_name = "SWEEP.toml")]
    pub uncertainty: Option<PathBuf>,
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
    let mut scenarios = Vec::with_capacity(args.scenarios.len() + 1);
    for path in &args.scenarios {
        scenarios.push(super::load_scenario(path, &args.set)?);
    }
    // A baseline file that is not among the scenarios is compared too, first.
    if let Some(b) = &args.baseline {
        if Path::new(b).is_file() && choose_baseline(&scenarios, Some(b)).is_err() {
            scenarios.insert(0, super::load_scenario(Path::new(b), &args.set)?);
        }
    }
    // Years asked for by name must exist in every run; the default ones are first narrowed to
    // the baseline's run (and then checked the same way by the library).
    if let Some(years) = &args.years {
        check_years_in_every_run(&scenarios, years)?;
    }
    let request = CompareRequest {
        baseline: args.baseline.clone(),
        years: args
            .years
            .clone()
            .unwrap_or_else(|| vec![2025.0, 2030.0, 2035.0]),
        rank_by: args.rank_by.clone(),
        discount_rate: args.discount_rate,
    };
    // Locked and checked before the work; written beside the target, renamed in when whole.
    let txn = OutputDir::begin(
        &args.out,
        args.force,
        &super::provenance(started).command_line.join(" "),
    )?;
    let spec = args
        .uncertainty
        .as_deref()
        .map(talentloop::analysis::sweep::spec::load_spec)
        .transpose()?;
    // A parameter the sweep samples takes each draw's value: a --set of it would be silently
    // replaced, so say so.
    if let Some(spec) = &spec {
        for assignment in &args.set {
            let key = assignment.split('=').next().unwrap_or("").trim();
            if spec.parameters.iter().any(|p| p.key == key) {
                super::out::warn(format_args!(
                    "warning: --set {key} has no effect under --uncertainty: {} samples it, so \
                     each draw sets its own value; remove it from a copy of the spec to fix it",
                    spec.file.display()
                ));
            }
        }
    }
    let drawn_scenarios = spec.as_ref().map(|_| scenarios.clone());
    let mut comparison = compare_request(scenarios, &request)?;
    if let (Some(spec), Some(scenarios)) = (&spec, drawn_scenarios) {
        let r = robustness_with_progress(spec, &scenarios, &comparison, args.quiet)?;
        for w in &r.warnings {
            super::out::warn(format_args!("warning: {w}"));
        }
        comparison.robustness = Some(r);
    }
    let provenance = super::provenance(started);
    let files = write_comparison_files(
        txn.path(),
        &comparison,
        &provenance,
        args.chart.table_lang(),
    )?;
    let charts = if args.no_plots {
        0
    } else {
        plot_comparison(txn.path(), &comparison, args.chart.size, args.chart.lang())
            .with_context(|| format!("drawing charts for {}", args.out.display()))?
            .len()
    };
    txn.commit()?;
    // Over-budget packages and spending above 5 % of GDP are said whatever --quiet says.
    super::warn_fiscal(
        comparison
            .runs
            .iter()
            .zip(&comparison.fiscal)
            .map(|(r, f)| (r.scenario.name.as_str(), f)),
    );
    if !args.quiet {
        let mut stdout = Out::stdout();
        out!(
            stdout,
            "{}",
            comparison_markdown(&comparison, args.chart.table_lang())
        )?;
        outln!(
            stdout,
            "\nwrote {} files and {charts} chart files to {} ({:.2} s)",
            files.len(),
            args.out.display(),
            started.elapsed().as_secs_f64()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `--discount-rate`: a rate per year in [0, 0.5].
fn discount_rate(text: &str) -> Result<f64, String> {
    let rate: f64 = text
        .parse()
        .map_err(|_| format!("expected a rate per year such as 0.03, got {text:?}"))?;
    if (0.0..=0.5).contains(&rate) {
        Ok(rate)
    } else {
        Err(format!("must be in [0, 0.5] per year, got {rate}"))
    }
}

/// The robustness of `c` over the draws of `spec`, with a progress bar on stderr.
fn robustness_with_progress(
    spec: &talentloop::analysis::sweep::spec::SweepSpec,
    scenarios: &[talentloop::scenario::Scenario],
    c: &talentloop::analysis::compare::Comparison,
    quiet: bool,
) -> anyhow::Result<talentloop::analysis::uncertainty::Robustness> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let draws = talentloop::analysis::sweep::design::design(spec).len();
    let bar = super::out::progress_bar(
        draws as u64,
        quiet,
        "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} draws × {msg} scenarios, ETA {eta}",
    );
    bar.set_message(scenarios.len().to_string());
    let done = AtomicUsize::new(0);
    let result = std::thread::scope(|scope| {
        let worker = scope.spawn(|| {
            talentloop::analysis::uncertainty::robustness(
                spec,
                scenarios,
                c.baseline,
                &c.years,
                &c.rank_by,
                c.discount_rate,
                &done,
            )
        });
        while !worker.is_finished() {
            bar.set_position(done.load(Ordering::Relaxed) as u64);
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        worker.join()
    });
    bar.finish_and_clear();
    match result {
        Ok(r) => Ok(r?),
        Err(_) => anyhow::bail!("the robustness runs stopped unexpectedly"),
    }
}
