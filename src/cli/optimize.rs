//! `talentloop optimize`: search lever settings for the best packages under constraints, write
//! the front, the archive, scenario files of the chosen points and charts.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use clap::Args;

use talentloop::analysis::optimize::optimize;
use talentloop::analysis::optimize::refine::refine;
use talentloop::analysis::optimize::spec::load_optimization;
use talentloop::output::optimize::{front, picks, write_optimization};

use super::out::{outln, progress_bar, warn, Out};

/// Arguments of `optimize`.
#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// The optimisation spec (TOML).
    pub spec: PathBuf,
    /// Output directory [default: outputs/<spec name>]
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Worker threads (default: all cores); the result is the same for any number.
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Overwrite an existing output directory.
    #[arg(long)]
    pub force: bool,
    /// Nelder–Mead iterations refining the best point under the constraints (0: none).
    #[arg(long, default_value_t = 150)]
    pub refine: u64,
    /// Skip the charts.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub chart: super::plot::ChartArgs,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `optimize`.
pub fn run(args: OptimizeArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let spec = load_optimization(&args.spec)?;
    let threads = super::sweep::threads(args.jobs)?;
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from("outputs").join(&spec.name));
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let cancel = Arc::clone(&cancel);
        let _ = ctrlc::set_handler(move || cancel.store(true, Ordering::SeqCst));
    }
    let bar = progress_bar(
        spec.generations as u64 + 1,
        args.quiet,
        "{spinner} [{elapsed_precise}] {bar:30} generation {pos}/{len} {msg}",
    );
    let opt = optimize(
        &spec,
        |g| {
            bar.set_position(g.generation as u64 + 1);
            bar.set_message(format!(
                "hypervolume {:.4}, feasible {:.0} %, front {}",
                g.hypervolume,
                100.0 * g.feasible_share,
                g.front
            ));
        },
        &cancel,
    )?;
    bar.finish_and_clear();
    let front_points = front(&opt);
    let chosen = picks(&front_points);
    let refined = match chosen.best {
        Some(b) if args.refine > 0 && !opt.interrupted => Some(refine(
            &opt.problem,
            &spec.variables(),
            &front_points[b].x,
            args.refine,
        )?),
        _ => None,
    };
    let files = write_optimization(
        &out,
        args.force,
        &opt,
        refined.as_ref(),
        (!args.no_plots).then(|| (args.chart.size, args.chart.lang())),
    )?;
    let mut stdout = Out::stdout();
    if opt.interrupted {
        warn(format_args!(
            "interrupted after generation {} of {}: the files hold the search so far",
            opt.outcome.generations, spec.generations
        ));
    }
    if chosen.best.is_none() {
        warn(format_args!(
            "warning: no candidate meets every constraint; see archive.csv for the violations"
        ));
    }
    let runs = opt.outcome.archive.len() * opt.problem.futures();
    outln!(
        stdout,
        "{}: {} generations of {}, {} candidates ({} model runs) on {threads} threads in {:.1} s; \
         front of {} feasible points",
        spec.name,
        opt.outcome.generations,
        spec.population,
        opt.outcome.archive.len(),
        runs,
        started.elapsed().as_secs_f64(),
        front_points.len()
    )?;
    if let Some(b) = chosen.best {
        let m = opt
            .problem
            .measured(&front_points[b].x)
            .expect("a front point ran");
        let (scores, constraints) = opt.problem.scores(&m);
        outln!(
            stdout,
            "best under the constraints (best_under_budget.toml):"
        )?;
        for (l, v) in spec.levers.iter().zip(&front_points[b].x) {
            outln!(stdout, "  {:<48} {v}", l.key)?;
        }
        for (o, v) in spec.objectives.iter().zip(scores) {
            outln!(stdout, "  objective {:<38} {v:.6}", o.quantity.label)?;
        }
        for (c, v) in spec.constraints.iter().zip(constraints) {
            outln!(stdout, "  constraint {:<37} {v:.6}", c.quantity.label)?;
        }
    }
    outln!(stdout, "wrote {} files to {}", files.len(), out.display())?;
    Ok(if opt.interrupted {
        ExitCode::from(130)
    } else {
        ExitCode::SUCCESS
    })
}
