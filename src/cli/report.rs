//! `talentloop report`: one self-contained HTML file from a run or comparison directory.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use clap::Args;

use talentloop::output::{atomic, report::report};

use super::out::{outln, Out};

/// Arguments of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A directory written by `talentloop run` or `talentloop compare`.
    pub dir: PathBuf,
    /// Output file [default: DIR/report.html]
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Overwrite an existing report file.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub chart: super::plot::ChartArgs,
}

pub fn run(args: ReportArgs) -> anyhow::Result<ExitCode> {
    if !args.dir.is_dir() {
        bail!("{} is not a directory", args.dir.display());
    }
    if !args.dir.join("charts").is_dir() {
        super::plot::draw(&args.dir, &args.chart)?;
    }
    let out = args.out.unwrap_or_else(|| args.dir.join("report.html"));
    if out.exists() && !args.force {
        bail!(
            "{} exists; pass --force to overwrite it, or choose another --out",
            out.display()
        );
    }
    let html = report(&args.dir)?;
    atomic::write(&out, html.as_bytes())?;
    outln!(
        Out::stdout(),
        "wrote {} ({} KB)",
        out.display(),
        html.len() / 1024
    )?;
    Ok(ExitCode::SUCCESS)
}
