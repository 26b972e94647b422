//! Writes results; computes no economics.
//!
//! - [`atomic`]: every file is written to a temporary file and renamed, and every output folder
//!   is a transaction ([`atomic::OutputDir`]): written beside the target under a lock, renamed
//!   into place when complete; a non-empty target is refused unless overwriting was asked for.
//! - [`csv`]: tidy long CSV (`timeseries.csv`, `annual.csv`, `sectors.csv`).
//! - [`json`]: `summary.json` (milestone indicators) and `manifest.json` (provenance of the run).
//! - [`register`]: the assumption register (every parameter with value, unit, source, note).
//! - [`table`]: the short terminal table of headline indicators; [`number`]: how every table,
//!   report and chart tick writes a number.
//! - [`chart`], [`plots`]: PNG/SVG charts with the bundled CJK font; [`report`]: the HTML report.
//! - [`compare`], [`sweep`], [`calibrate`]: the files of comparisons, sweeps and calibrations;
//!   [`balance`]: the stored constants of the balanced start, rewritten in their scenario file.

pub mod atomic;
pub mod balance;
pub mod calibrate;
pub mod chart;
pub mod compare;
pub mod csv;
pub mod docs;
pub mod json;
pub mod layer;
pub mod manifest;
pub mod number;
pub mod optimize;
pub mod plots;
pub mod register;
pub mod report;
pub mod sweep;
pub mod sweep_headline;
pub mod table;
pub mod uncertainty;
pub mod xlsx;

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::model::indicator_registry::{shown_in, IndicatorDef, Shown};
use crate::results::RunResult;
use crate::scenario::Scenario;

/// Headline indicators shown in the terminal table and the summary: those the indicator
/// registry shows as headlines, in its order.
pub fn headlines() -> impl Iterator<Item = &'static IndicatorDef> {
    shown_in(Shown::Headline)
}

/// What `run` writes, and where.
#[derive(Debug, Clone)]
pub struct WrittenRun {
    /// Output directory.
    pub dir: PathBuf,
    /// Files written, in order.
    pub files: Vec<PathBuf>,
}

/// Writes every output of one run as the folder `dir`, in one transaction
/// ([`atomic::OutputDir`]). Refuses a non-empty `dir` unless `force`.
pub fn write_run(
    dir: &Path,
    force: bool,
    scenario: &Scenario,
    result: &RunResult,
    provenance: &json::RunProvenance,
) -> Result<WrittenRun, Error> {
    let command = provenance.command_line.join(" ");
    let files = atomic::write_folder(dir, force, &command, |tmp| {
        write_run_files(tmp, scenario, result, provenance)
    })?;
    Ok(WrittenRun {
        dir: dir.to_path_buf(),
        files,
    })
}

/// Writes every output of one run into the existing folder `dir` (a transaction's folder, or a
/// scenario's inside a comparison) and returns the file names. The manifest, listing the other
/// files with their hashes, is written last.
pub fn write_run_files(
    dir: &Path,
    scenario: &Scenario,
    result: &RunResult,
    provenance: &json::RunProvenance,
) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    let mut put = |name: &str, bytes: Vec<u8>| -> Result<(), Error> {
        atomic::write(&dir.join(name), &bytes)?;
        files.push(PathBuf::from(name));
        Ok(())
    };
    put("timeseries.csv", csv::timeseries(result))?;
    put("annual.csv", csv::annual(result))?;
    put("sectors.csv", csv::sectors(scenario))?;
    put("summary.json", json::summary(scenario, result)?)?;
    put(xlsx::XLSX, xlsx::run_workbook(scenario, result)?)?;
    manifest::seal(
        dir,
        manifest::MANIFEST,
        &manifest::RunManifest::new(scenario, result, provenance),
    )?;
    files.push(PathBuf::from(manifest::MANIFEST));
    Ok(files)
}
