//! `talentloop report`: one self-contained HTML file (and, with `--pdf`, an A4 PDF) from run,
//! comparison and sweep directories.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use clap::Args;

use talentloop::output::atomic;
use talentloop::output::report::{classify, pdf, report_dirs, ReportOptions};

use super::out::{outln, Out};

/// Arguments of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Directories written by `talentloop run`, `compare`, `sweep` or `optimize`: at most one
    /// run or comparison, and any number of sweeps and optimisations.
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Output file [default: FIRST_DIR/report.html]
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Overwrite an existing report (and PDF).
    #[arg(long)]
    pub force: bool,
    /// Also print the report to an A4 PDF beside it (headless Chromium; `TALENTLOOP_CHROMIUM`
    /// names the executable if it is not on PATH).
    #[arg(long)]
    pub pdf: bool,
    /// Add each scenario's own charts in an appendix.
    #[arg(long)]
    pub appendix: bool,
    #[command(flatten)]
    pub chart: super::plot::ChartArgs,
}

/// The Chromium executables tried, in order.
const CHROMIUM: &[&str] = &["chromium", "chromium-browser", "google-chrome", "chrome"];

/// The program on PATH called `name`.
fn on_path(name: &std::ffi::OsStr) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The Chromium `TALENTLOOP_CHROMIUM` names (a path, or a name looked up on PATH), else the first
/// of [`CHROMIUM`] on PATH; None when there is none. A variable naming no program is an error, so
/// a typo in it is not mistaken for a missing Chromium or found only after the HTML is written.
fn find_chromium() -> anyhow::Result<Option<PathBuf>> {
    if let Some(named) = std::env::var_os("TALENTLOOP_CHROMIUM") {
        let path = PathBuf::from(&named);
        let found = if path.components().count() == 1 {
            on_path(&named)
        } else {
            path.is_file().then_some(path)
        };
        return match found {
            Some(program) => Ok(Some(program)),
            None => bail!(
                "TALENTLOOP_CHROMIUM names {}, which is not a program on this machine: give the \
                 path of Chromium, or unset it to use the first of {} on PATH",
                named.to_string_lossy(),
                CHROMIUM.join(", ")
            ),
        };
    }
    Ok(CHROMIUM.iter().find_map(|name| on_path(name.as_ref())))
}

pub fn run(args: ReportArgs) -> anyhow::Result<ExitCode> {
    for dir in &args.dirs {
        if !dir.is_dir() {
            bail!("{} is not a directory", dir.display());
        }
    }
    // Every refusal comes before a chart is drawn into the user's folder.
    let folders = classify(&args.dirs)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.dirs[0].join("report.html"));
    if out.is_dir() {
        bail!(
            "{} is a folder: give the report's file name, such as {}",
            out.display(),
            out.join("report.html").display()
        );
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            bail!(
                "{} is not a folder: create it first, or choose another --out",
                parent.display()
            );
        }
    }
    let pdf_path = out.with_extension("pdf");
    for path in [Some(&out), args.pdf.then_some(&pdf_path)]
        .into_iter()
        .flatten()
    {
        if path.exists() && !args.force {
            bail!(
                "{} exists; pass --force to overwrite it, or choose another --out",
                path.display()
            );
        }
    }
    // Chromium is looked for before anything is written, so a missing one costs no half result.
    let chromium = if args.pdf {
        match find_chromium()? {
            Some(c) => Some(c),
            None => bail!(
                "--pdf needs headless Chromium, which is not installed (apt-get install \
                 chromium, or set TALENTLOOP_CHROMIUM to its path); the HTML report needs nothing \
                 and prints from any browser"
            ),
        }
    } else {
        None
    };
    if let Some(dir) = folders.primary.filter(|dir| !dir.join("charts").is_dir()) {
        super::plot::draw(dir, &args.chart)?;
    }
    let options = ReportOptions {
        lang: args.chart.lang(),
        appendix: args.appendix,
    };
    let html = report_dirs(&args.dirs, &options)?;
    atomic::write(&out, html.as_bytes())?;
    let mut stdout = Out::stdout();
    outln!(stdout, "wrote {} ({} KB)", out.display(), html.len() / 1024)?;
    if let Some(chromium) = chromium {
        // Printed into a temporary file beside the target, renamed when complete.
        let tmp = out.with_extension("pdf.part");
        let printed = pdf::print_pdf(&chromium, &out, &tmp);
        if let Err(e) = printed {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.into());
        }
        std::fs::rename(&tmp, &pdf_path)?;
        outln!(stdout, "wrote {}", pdf_path.display())?;
    }
    Ok(ExitCode::SUCCESS)
}
