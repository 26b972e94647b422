//! `talentloop sweep` and `talentloop merge`: progress bar, Ctrl-C, shards, writing.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::Args;
use indicatif::ProgressBar;

use talentloop::analysis::sweep::design::{design, Design};
use talentloop::analysis::sweep::estimate::{self, parse_bytes, parse_duration, Limits};
use talentloop::analysis::sweep::{
    complete_blocks, execute, indices, shard_range, spec::load_spec, Observe,
};
use talentloop::output::atomic::OutputDir;
use talentloop::output::sweep::{
    merge as merge_shards, write_summaries, write_sweep_charts, SamplesWriter, SweepProvenance,
};
use talentloop::output::sweep_headline::headline;

use super::out::{outln, warn, Out};

/// Arguments of `sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Sweep specification (TOML).
    pub spec: PathBuf,
    /// Output directory [default: outputs/<sweep name>]
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Worker threads [default: all cores].
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Run only shard I of N (1-based), for a cluster job array; combine with `merge`.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// Overwrite a non-empty output directory.
    #[arg(long)]
    pub force: bool,
    /// Do not draw charts.
    #[arg(long)]
    pub no_plots: bool,
    /// No progress bar or summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Run even when the size estimate is over --max-memory or --max-time.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Refuse a sweep estimated to need more memory (e.g. 8GB, 500MB) [default: 2GB].
    #[arg(long, value_name = "SIZE", value_parser = parse_bytes)]
    pub max_memory: Option<u64>,
    /// Refuse a sweep estimated to take longer (e.g. 1h, 30min, 90s) [default: 1h].
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub max_time: Option<f64>,
    #[command(flatten)]
    pub chart: super::plot::ChartArgs,
}

/// Arguments of `merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Shard directories written by `sweep --shard`.
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Output directory.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Overwrite a non-empty output directory.
    #[arg(long)]
    pub force: bool,
    /// Do not draw charts.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub chart: super::plot::ChartArgs,
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (i, n) = s
        .split_once('/')
        .ok_or_else(|| format!("expected I/N such as 3/10, got {s:?}"))?;
    let i: usize = i
        .trim()
        .parse()
        .map_err(|_| format!("shard index is not a whole number: {i:?}"))?;
    let n: usize = n
        .trim()
        .parse()
        .map_err(|_| format!("shard count is not a whole number: {n:?}"))?;
    if n == 0 || i == 0 || i > n {
        return Err(format!("need 1 ≤ I ≤ N, got {i}/{n}"));
    }
    Ok((i, n))
}

struct Bar(ProgressBar);

impl Observe for Bar {
    fn on_start(&mut self, total: usize) {
        self.0.set_length(total as u64);
    }
    fn on_progress(&mut self, done: usize) {
        self.0.set_position(done as u64);
    }
}

pub(super) fn threads(jobs: Option<usize>) -> anyhow::Result<usize> {
    if let Some(j) = jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(j.max(1))
            .build_global()
            .context("setting up worker threads")?;
    }
    Ok(rayon::current_num_threads())
}

/// The command line, recorded in the output folder's lock.
fn command_line() -> String {
    std::env::args().collect::<Vec<_>>().join(" ")
}

fn provenance(started: Instant, shard: Option<(usize, usize)>, threads: usize) -> SweepProvenance {
    SweepProvenance {
        version: env!("CARGO_PKG_VERSION").to_string(),
        git_commit: Some(env!("TALENTLOOP_GIT_COMMIT").to_string()).filter(|c| !c.is_empty()),
        shard,
        threads,
        wall_seconds: started.elapsed().as_secs_f64(),
    }
}

pub fn run(args: SweepArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let threads = threads(args.jobs)?;
    let spec = load_spec(&args.spec)?;
    // The estimate comes before the design is built and before anything is written.
    let total = Design::runs_of(&spec);
    let range = match args.shard {
        Some((i, n)) => shard_range(total, i - 1, n),
        None => 0..total,
    };
    let limits = Limits {
        memory: args.max_memory.unwrap_or(Limits::default().memory),
        seconds: args.max_time.unwrap_or(Limits::default().seconds),
    };
    let plan = estimate::estimate(&spec, range.len(), threads, &limits)?;
    if !args.quiet {
        eprintln!("plan: {plan}");
    }
    if !args.yes {
        plan.check(&limits)?;
    }
    let design = design(&spec);
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from("outputs").join(&spec.name));
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let cancel = Arc::clone(&cancel);
        // A second Ctrl-C is left to the default handler only if installing ours fails.
        // Installed before the output folder exists, so that Ctrl-C or SIGTERM from then on
        // ends the sweep with a complete folder and no lock left behind.
        let _ = ctrlc::set_handler(move || cancel.store(true, Ordering::SeqCst));
    }
    // Locked and checked before the work; written beside `out`, renamed into place when whole
    // (also when interrupted: then the folder holds the runs that finished).
    let txn = OutputDir::begin(&out, args.force, &command_line())?;
    let bar = super::out::progress_bar(
        range.len() as u64,
        args.quiet,
        "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} runs, {per_sec}, ETA {eta}",
    );
    let mut observer = Bar(bar);
    let mut samples = SamplesWriter::create(txn.path(), &spec, args.shard.is_some())?;
    let result = execute(&spec, &design, range, &mut samples, &mut observer, &cancel)?;
    observer.0.finish_and_clear();
    samples.finish()?;
    let (files, index_rows) = write_summaries(
        txn.path(),
        &spec,
        &design,
        &result,
        &provenance(started, args.shard, threads),
    )?;
    let charts = if args.no_plots || args.shard.is_some() {
        0
    } else {
        write_sweep_charts(
            txn.path(),
            &spec,
            &design,
            &result,
            args.chart.size,
            args.chart.lang(),
        )?
        .len()
    };
    txn.commit()?;
    if let Some(w) = result.gdp_share_warning() {
        warn(format_args!("warning: {w}"));
    }
    if !args.quiet {
        outln!(
            Out::stdout(),
            "{}: {} of {} runs ({} method, seed {}), {} failed, {:.2} s on {threads} threads; \
                wrote {} files and {charts} charts to {}",
            spec.name,
            result.completed,
            total,
            spec.method.as_str(),
            spec.seed,
            result.failures,
            started.elapsed().as_secs_f64(),
            files.len() + 1,
            out.display()
        )?;
        // The numbers to read first (a shard has no indices: its merge prints them).
        if args.shard.is_none() {
            let text = headline(&spec, &design, &result, &index_rows, args.chart.lang());
            outln!(Out::stdout(), "{}", text.trim_end())?;
        }
    }
    if result.interrupted {
        warn(format_args!(
            "interrupted: the files hold the {} runs that finished",
            result.completed
        ));
        return Ok(ExitCode::from(130));
    }
    Ok(ExitCode::SUCCESS)
}

/// Why `dir` is plainly not a shard, if it is not: a run or comparison directory given by
/// mistake would otherwise fail deep in the merge with an empty spec path.
fn not_a_shard(dir: &std::path::Path) -> Option<String> {
    let path = dir.join("manifest.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Some("it has no readable manifest.json".into());
    };
    let Ok(manifest) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Some(format!("{} is not JSON", path.display()));
    };
    if manifest.get("spec_file").and_then(|v| v.as_str()).is_none() {
        let what = if manifest.get("scenario_file").is_some() {
            "a run directory (written by `talentloop run`)"
        } else if manifest.get("rank_by").is_some() {
            "a comparison directory (written by `talentloop compare`)"
        } else {
            "another program's directory"
        };
        return Some(format!(
            "it is {what}: its manifest.json names no sweep spec"
        ));
    }
    if manifest.get("shard").is_none_or(|s| s.is_null()) {
        return Some("it is a whole sweep (run without --shard), not a shard".into());
    }
    None
}

pub fn merge(args: MergeArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    if args.dirs.iter().any(|d| !d.is_dir()) {
        bail!("every shard must be a directory written by `talentloop sweep --shard`");
    }
    for dir in &args.dirs {
        if let Some(why) = not_a_shard(dir) {
            bail!(
                "{} is not a sweep shard: {why}; merge takes the directories written by \
                 `talentloop sweep --shard I/N`",
                dir.display()
            );
        }
    }
    let txn = OutputDir::begin(&args.out, args.force, &command_line())?;
    let (spec, result, design) = merge_shards(
        &args.dirs,
        txn.path(),
        &provenance(started, None, rayon::current_num_threads()),
    )?;
    if !args.no_plots {
        write_sweep_charts(
            txn.path(),
            &spec,
            &design,
            &result,
            args.chart.size,
            args.chart.lang(),
        )?;
    }
    txn.commit()?;
    outln!(
        Out::stdout(),
        "merged {} shards ({} runs) into {}",
        args.dirs.len(),
        result.completed,
        args.out.display()
    )?;
    let usable = complete_blocks(&spec, result.completed);
    let index_rows = indices(&spec, &design, &result.scalars[..usable]);
    let text = headline(&spec, &design, &result, &index_rows, args.chart.lang());
    outln!(Out::stdout(), "{}", text.trim_end())?;
    Ok(ExitCode::SUCCESS)
}
