//! `talentloop plot`: draw the charts of a run or comparison directory from its files (no
//! re-simulation), and the shared chart options of `run` and `compare`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};

use talentloop::output::chart::Size;
use talentloop::output::plots::{plot_tree, Lang};

use super::out::{outln, Out};

/// Chart label language.
#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum LangArg {
    /// Chinese.
    #[default]
    Zh,
    /// English.
    En,
}

/// Chart options shared by `run`, `compare` and `plot`.
#[derive(Debug, Args, Clone)]
pub struct ChartArgs {
    /// Chart size in pixels, WIDTHxHEIGHT (PNG; SVG uses the same user units).
    #[arg(long, default_value = "1600x1000", value_parser = parse_size)]
    pub size: Size,
    /// Language of the charts and reports [default: zh]. For `run` and `compare`, when given,
    /// also of the terminal table and comparison.md's tables (otherwise English).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

impl LangArg {
    fn lang(self) -> Lang {
        match self {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

impl ChartArgs {
    /// The language of charts and reports: Chinese unless asked otherwise.
    pub fn lang(&self) -> Lang {
        self.lang.map_or(Lang::Zh, LangArg::lang)
    }

    /// The language of terminal tables and comparison.md: English unless `--lang` is given.
    pub fn table_lang(&self) -> Lang {
        self.lang.map_or(Lang::En, LangArg::lang)
    }
}

fn parse_size(s: &str) -> Result<Size, String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("expected WIDTHxHEIGHT such as 1600x1000, got {s:?}"))?;
    let parse = |v: &str| {
        v.trim()
            .parse::<u32>()
            .map_err(|_| format!("not a whole number of pixels: {v:?}"))
    };
    let size = Size {
        width: parse(w)?,
        height: parse(h)?,
    };
    if !(200..=10_000).contains(&size.width) || !(150..=10_000).contains(&size.height) {
        return Err(format!(
            "size must be between 200x150 and 10000x10000, got {s}"
        ));
    }
    Ok(size)
}

/// Arguments of `plot`.
#[derive(Debug, Args)]
pub struct PlotArgs {
    /// A directory written by `talentloop run` or `talentloop compare`.
    pub dir: PathBuf,
    #[command(flatten)]
    pub chart: ChartArgs,
}

/// Draws the charts of the directory `dir` (and, for a comparison, of each run in it) from the
/// files written there.
pub fn draw(dir: &Path, chart: &ChartArgs) -> anyhow::Result<usize> {
    Ok(plot_tree(dir, chart.size, chart.lang())
        .with_context(|| format!("drawing charts for {}", dir.display()))?
        .len())
}

pub fn run(args: PlotArgs) -> anyhow::Result<ExitCode> {
    if !args.dir.is_dir() {
        bail!("{} is not a directory", args.dir.display());
    }
    let n = draw(&args.dir, &args.chart)?;
    outln!(
        Out::stdout(),
        "wrote {n} chart files to {}",
        args.dir.join("charts").display()
    )?;
    Ok(ExitCode::SUCCESS)
}
