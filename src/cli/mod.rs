//! Command-line arguments (clap derive) and dispatch to one file per subcommand.

mod balance;
mod calibrate;
mod check;
mod compare;
mod explore;
mod optimize;
mod out;
mod params;
mod plot;
mod report;
mod run;
mod sweep;

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
    /// Run one scenario and write timeseries.csv, annual.csv, results.xlsx, summary.json and
    /// manifest.json.
    #[command(after_help = "\
Examples:
  talentloop run scenarios/baseline.toml
  talentloop run scenarios/baseline.toml --out outputs/base-v2 --force
  talentloop run scenarios/baseline.toml --lang zh      # the terminal table in Chinese too

Writes into --out (default outputs/<scenario name>/): timeseries.csv (tidy: scenario, time,
variable, sector, category, unit, value; UTF-8 with BOM, read with encoding=\"utf-8-sig\"),
annual.csv (calendar-year statistics), sectors.csv, results.xlsx (Excel: years as rows, Chinese
headers), summary.json (headline indicators at 2025, 2030, 2035 and the horizon), manifest.json
(version, scenario hash, every parameter, solver statistics) and charts. An existing non-empty
directory is not overwritten without --force.")]
    Run(run::RunArgs),
    /// Run several scenarios in parallel and compare them with a baseline.
    #[command(after_help = "\
Examples:
  talentloop compare scenarios/*.toml
  talentloop compare scenarios/*.toml --baseline scenarios/baseline.toml --years 2025,2030,2035 \
      --rank-by talent_total[H]
  talentloop compare scenarios/*.toml --rank-by high_level_per_yi --discount-rate 0.03
  talentloop compare scenarios/*.toml --uncertainty sweeps/policy_robustness.toml
  talentloop compare scenarios/subsidy_plus.toml scenarios/dual_enclave.toml --set \
      params.enclave.attrition=0.2
  talentloop compare scenarios/subsidy_plus.toml scenarios/dual_enclave.toml --baseline \
      dual_enclave        (the baseline by name; the report then cites dual_enclave)

Writes into --out (default outputs/compare/): comparison.csv (tidy: scenario, year, variable,
category, unit, value, baseline_value, delta, pct_delta), effectiveness.csv (ratios per 亿元,
talent-years in firms, administrative measures), fiscal.csv (spending against the [budget] and GDP),
comparison.md (tables for a report: indicators at each year with % change, cost-effectiveness per
亿元 marking 含无直接财政成本措施, fiscal spending, the ranking and what it is by, notes; in
Chinese with --lang zh), results.xlsx (one sheet per indicator, packages as columns) and each
scenario's run outputs in a subdirectory; `talentloop report DIR --pdf` then makes the Chinese
report. Ranking defaults to talent-years in firms per 亿元. The baseline defaults to the scenario
named \"baseline\" (else the first). Nothing is overwritten without --force.")]
    Compare(compare::CompareArgs),
    /// Draw the charts of a run or comparison directory (PNG and SVG, Chinese labels by default).
    #[command(after_help = "\
Examples:
  talentloop plot outputs/baseline
  talentloop plot outputs/compare --lang en --size 2400x1500

Reads the files `run` or `compare` wrote (no re-simulation) and writes charts/*.png and
charts/*.svg into the directory.")]
    Plot(plot::PlotArgs),
    /// Write a self-contained report (HTML, and A4 PDF with --pdf) of run, comparison and sweep
    /// directories, in Chinese by default.
    #[command(after_help = "\
Examples:
  talentloop report outputs/compare                      # 中文报告 → outputs/compare/report.html
  talentloop report outputs/compare --pdf                # and report.pdf (A4, needs Chromium)
  talentloop report outputs/compare outputs/sweeps/policy_robustness   # with a sweep's bands
  talentloop report outputs/baseline --lang en --appendix
  talentloop report outputs/compare outputs/budget_10yi  # with an optimisation
  talentloop report outputs/compare --out 巴中人才政策比较.html

Sections: 摘要 (rankings by cost-effectiveness and by outcome, their robustness, three numbers to
remember), 方案说明, 主要结果, 不确定性, 方法与假设, 指标说明, 注意事项; per-scenario charts in an
appendix with --appendix. A comparison run with `compare … --uncertainty SWEEP.toml` brings
P(better than the baseline) and P(A beats B) into the summary; a `talentloop optimize` folder
adds the section 政策组合优化 (the front, the chosen packages and their measures). The page
embeds its font and needs no network; charts are drawn first if a directory has none.")]
    Report(report::ReportArgs),
    /// Explore policies interactively in the browser: sliders for every lever, the baseline as a
    /// ghost line, a live uncertainty band and a budget meter (a local server on 127.0.0.1).
    #[command(after_help = "\
Examples:
  talentloop explore                                   # baseline, http://127.0.0.1:8250/
  talentloop explore scenarios/subsidy_plus.toml --open
  talentloop explore --port 0                          # any free port (printed)
  talentloop explore --band sweeps/assumptions_lhs.toml --members 200

The page loads nothing from the network. Every change reruns the model in this process (about a
millisecond; the band of 100 members in tens of milliseconds). \"下载情景\" saves a scenario file
that extends the base and that `talentloop run` reproduces exactly; the page's URL carries every
setting, so a link restores the view. Ctrl-C stops the server.")]
    Explore(explore::ExploreArgs),
    /// Search lever settings for the best packages under a budget (NSGA-II), optionally robust
    /// over uncertain futures.
    #[command(after_help = "\
Examples:
  talentloop optimize optimizations/budget_10yi.toml
  talentloop optimize optimizations/robust_10yi.toml -j 2 --out outputs/robust --force
  talentloop optimize optimizations/budget_10yi.toml --refine 0 --no-plots
  talentloop optimize optimizations/budget_10yi.toml --lang en --size 2400x1500  # for a slide

Writes pareto.csv (the final front: levers, objectives, constraints, robust statistics),
archive.csv (every candidate), convergence.csv (hypervolume per generation), futures.csv (robust
mode), best_under_budget.toml, knee.toml and refined.toml (scenario files that extend the base;
`talentloop run` reproduces them), charts (front with the budget and the compared packages,
the front's levers, convergence) and manifest.json. Results are identical for any -j. Ctrl-C
stops after the current generation with complete files.")]
    Optimize(optimize::OptimizeArgs),
    /// Run a sensitivity or uncertainty sweep (oat, grid, mc, lhs, sobol, morris) in parallel.
    #[command(after_help = "\
Examples:
  talentloop sweep sweeps/oat_tornado.toml
  talentloop sweep sweeps/assumptions_lhs.toml -j 2 --out outputs/lhs
  talentloop sweep sweeps/sobol_key_levers.toml --shard 3/10 --out shards/3   # one job of an array
  talentloop merge shards/* --out outputs/sobol

Writes samples.csv (one row per run: inputs → outputs, streamed), bands.csv (percentiles per
variable and time), indices.csv (Sobol S1/ST with 95% bootstrap intervals, Morris μ*/σ, or OAT
swings), manifest.json and charts (fan, tornado, index bars, Morris scatter, grid heatmap).
Results are identical for any -j. Ctrl-C stops after the current chunk and writes complete files
for the runs finished.")]
    Sweep(sweep::SweepArgs),
    /// Run behaviour checks (the model-validity battery): exit status 1 if any fails.
    #[command(after_help = "\
Examples:
  talentloop check                          # every checks/*.toml
  talentloop check checks/validity.toml

A check runs a scenario (with forced inputs, e.g. set = [\"params.levers.quota_public=0\"]) and
asserts on outputs: values at a year or over a period, monotonic trends, the sign of the
difference from another scenario, calendar-year statistics, non-negative or constant stocks, and
agreement between solver settings. Failures print what was expected, what happened and when.")]
    Check(check::CheckArgs),
    /// Fit assumption parameters to the sourced history (data/history.csv) by Nelder–Mead.
    #[command(after_help = "\
Examples:
  talentloop calibrate calibrations/baseline_growth.toml
  talentloop calibrate calibrations/history_2021.toml   # back-test: fit 2021–23, hold out 2024–25
  talentloop calibrate calibrations/baseline_growth.toml --out outputs/calibration --force

Writes calibration.json (fitted values, payoff, termination reason, per-series RMSE, R² and Theil's
U_M, U_S, U_C where a part has 3 points or more, before and after), fit.csv (residuals by part:
fit, and holdout after `fit_until`), charts/backtest.png/.svg (model against data, the hold-out
shaded) and <scenario>_calibrated.toml, a scenario that extends the original with the fitted
values tagged `derived`. A spec with more parameters than compared points is warned about.")]
    Calibrate(calibrate::CalibrateArgs),
    /// Combine sweep shards (from --shard I/N) into the files one machine would have written.
    #[command(after_help = "\
Examples:
  talentloop merge shards/1 shards/2 shards/3 --out outputs/sobol")]
    Merge(sweep::MergeArgs),
    /// Derive the constants of the balanced start (exit multipliers, obsolescence, references).
    #[command(after_help = "\
Examples:
  talentloop balance scenarios/baseline.toml                 # derived vs stored, per sector
  talentloop balance scenarios/baseline.toml --check         # exit status 1 if any is stale
  talentloop balance scenarios/mydata.toml --write           # store them in the file
  talentloop balance scenarios/baseline.toml --set sectors.finance.high_level_2024=800

With growth at zero and the levers at their start values, a scenario with these constants is at
rest at its start year (docs/model.md §4). They are derived once and stored as `derived` values;
every run then uses them unchanged, so a package or a different start-year stock is a
counterfactual under the same behaviour. `run --rebalance` re-derives them for one run instead.")]
    Balance(balance::BalanceArgs),
    /// Print the assumption register: every parameter with value, unit, source tag and note.
    #[command(after_help = "\
Examples:
  talentloop params scenarios/baseline.toml
  talentloop params scenarios/baseline.toml --tag assumption
  talentloop params scenarios/baseline.toml --role lever        (every policy lever and its cost \
      line)
  talentloop params scenarios/baseline.toml --tag seed --tag official --format csv > sourced.csv")]
    Params(params::ParamsArgs),
}

/// Parses arguments and runs the command.
pub fn main() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Plot(args) => plot::run(args),
        Command::Report(args) => report::run(args),
        Command::Explore(args) => explore::run(args),
        Command::Optimize(args) => optimize::run(args),
        Command::Sweep(args) => sweep::run(args),
        Command::Check(args) => check::run(args),
        Command::Calibrate(args) => calibrate::run(args),
        Command::Merge(args) => sweep::merge(args),
        Command::Params(args) => params::run(args),
        Command::Balance(args) => balance::run(args),
    }
}

/// Loads a scenario (following `extends`) and applies `--set` overrides in order.
pub fn load_scenario(
    path: &std::path::Path,
    sets: &[String],
) -> anyhow::Result<talentloop::scenario::Scenario> {
    let mut scenario = talentloop::scenario::load(path)?;
    for assignment in sets {
        scenario = talentloop::scenario::apply_override(&scenario, assignment)
            .map_err(talentloop::Error::Scenario)?;
    }
    Ok(scenario)
}

/// Facts about this program for run manifests.
pub fn provenance(started: std::time::Instant) -> talentloop::output::json::RunProvenance {
    talentloop::output::json::RunProvenance {
        version: env!("CARGO_PKG_VERSION").to_string(),
        git_commit: Some(env!("TALENTLOOP_GIT_COMMIT").to_string()).filter(|c| !c.is_empty()),
        command_line: std::env::args().collect(),
        wall_seconds: started.elapsed().as_secs_f64(),
    }
}

/// Prints the fiscal warnings of runs (spending above 5 % of GDP, over budget) to stderr, one
/// line each, so every command says them even when its table is not printed.
pub fn warn_fiscal<'a>(
    runs: impl IntoIterator<Item = (&'a str, &'a talentloop::analysis::fiscal::Fiscal)>,
) {
    for (name, fiscal) in runs {
        for w in fiscal.warnings(name) {
            out::warn(format_args!("warning: {w}"));
        }
    }
}
