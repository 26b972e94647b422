//! `talentloop calibrate`: fit, write, print the fit statistics.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use talentloop::analysis::calibrate::{
    calibrate, load_calibration, pooled_error, Part, MIN_POINTS_FOR_R2,
};
use talentloop::output::atomic::OutputDir;
use talentloop::output::calibrate::write_calibration_files;

use super::out::{outln, Out};

/// Arguments of `calibrate`.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Calibration spec (TOML).
    pub spec: PathBuf,
    /// Output directory [default: outputs/calibration-<scenario name>]
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Overwrite a non-empty output directory.
    #[arg(long)]
    pub force: bool,
}

fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".into(), |x| format!("{x:.3}"))
}

pub fn run(args: CalibrateArgs) -> anyhow::Result<ExitCode> {
    let spec = load_calibration(&args.spec)?;
    let out = args.out.unwrap_or_else(|| {
        PathBuf::from("outputs").join(format!("calibration-{}", spec.scenario.name))
    });
    // Locked and checked before the (long) fit; written beside `out`, renamed in when whole.
    let command = super::provenance(Instant::now()).command_line.join(" ");
    let txn = OutputDir::begin(&out, args.force, &command)?;
    let c = calibrate(&spec)?;
    // Compared points of the fitted part (inside the run), not rows of the history file.
    let fitted_points: usize = c
        .start_fit
        .iter()
        .filter(|f| f.part == Part::Fit)
        .map(|f| f.points.len())
        .sum();
    if spec.parameters.len() > fitted_points {
        eprintln!(
            "warning: {} parameters fitted to {fitted_points} compared points: the fit is not \
             identified (many values fit equally well); fix some parameters or add data",
            spec.parameters.len()
        );
    }
    let files = write_calibration_files(txn.path(), &spec, &c)?;
    txn.commit()?;
    let mut stdout = Out::stdout();
    outln!(
        stdout,
        "payoff {:.3e} → {:.3e} ({} model runs; {})",
        c.start_payoff,
        c.payoff,
        c.evaluations,
        c.termination
    )?;
    for (p, v) in spec.parameters.iter().zip(&c.values) {
        outln!(
            stdout,
            "  {} = {v:.6} (was {:.6}, bounds [{}, {}])",
            p.key,
            p.start,
            p.lower,
            p.upper
        )?;
    }
    outln!(
        stdout,
        "{:<24} {:<8} {:>6} {:>12} {:>8} {:>8} {:>8} {:>8}",
        "series",
        "part",
        "points",
        "RMSE",
        "R²",
        "U_M",
        "U_S",
        "U_C"
    )?;
    for f in &c.fit {
        let (m, s, cv) = f
            .theil
            .map_or((None, None, None), |(a, b, c)| (Some(a), Some(b), Some(c)));
        outln!(
            stdout,
            "{:<24} {:<8} {:>6} {:>12} {:>8} {:>8} {:>8} {:>8}",
            f.series,
            f.part.name(),
            f.points.len(),
            if f.rmse.is_nan() {
                "n/a".to_string()
            } else {
                format!("{:.4e}", f.rmse)
            },
            opt(f.r2),
            opt(m),
            opt(s),
            opt(cv)
        )?;
    }
    for part in [Part::Fit, Part::Holdout] {
        if let Some((n, e)) = pooled_error(&c.fit, part) {
            outln!(
                stdout,
                "pooled {}: RMS relative error {:.4} over {n} points of every series",
                part.name(),
                e
            )?;
        }
    }
    outln!(
        stdout,
        "R² and Theil's U_M/U_S/U_C need {MIN_POINTS_FOR_R2} points of a series in a part (n/a \
         otherwise)"
    )?;
    outln!(stdout, "wrote {} files to {}", files.len(), out.display())?;
    Ok(ExitCode::SUCCESS)
}
