//! Tidy CSV writers: one observation per row, loadable directly by pandas, R and Excel.
//!
//! Files are UTF-8 with a byte-order mark, so Excel shows the Chinese units correctly when the
//! file is double-clicked (pandas and readr skip the mark; base R needs
//! `read.csv(f, fileEncoding = "UTF-8-BOM")`). Numbers use Rust's shortest round-trip format.
//!
//! - `timeseries.csv`: `scenario,time,variable,sector,category,unit,value`; `sector` is empty for
//!   city-wide values, `category` is `H`, `S`, `G` or empty.
//! - `annual.csv`: `scenario,year,variable,unit,value` — calendar-year integrals and growth.
//! - `sectors.csv`: `id,name_zh,name_en,group,manufacturing`.
//!
//! `plot DIR` and `report DIR` read these files back with the `csv` crate into the typed rows
//! below ([`read_rows`]), so quoted fields (a sector named `能源,化工`) come back whole.

use std::fmt::Write as _;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::error::Error;
use crate::results::RunResult;
use crate::scenario::Scenario;

/// UTF-8 byte-order mark.
pub const BOM: &str = "\u{feff}";

/// Header of `timeseries.csv`.
pub const TIMESERIES_HEADER: &str = "scenario,time,variable,sector,category,unit,value";

/// Formats a float for CSV: shortest round-trip form; non-finite values as empty cells.
pub fn number(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

/// Quotes a field if it contains a comma, quote or newline.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `timeseries.csv` bytes.
pub fn timeseries(result: &RunResult) -> Vec<u8> {
    let mut out = String::with_capacity(result.values.len() * result.columns.len() * 48);
    out.push_str(BOM);
    out.push_str(TIMESERIES_HEADER);
    out.push('\n');
    let scenario = field(&result.scenario);
    for (t, row) in result.times.iter().zip(&result.values) {
        let time = number(*t);
        for (col, value) in result.columns.iter().zip(row) {
            let sector = col.sector.map_or("", |i| result.sector_ids[i].as_str());
            let _ = writeln!(
                out,
                "{scenario},{time},{},{sector},{},{},{}",
                col.variable,
                col.category,
                col.unit,
                number(*value)
            );
        }
    }
    out.into_bytes()
}

/// `annual.csv` bytes.
pub fn annual(result: &RunResult) -> Vec<u8> {
    let mut out = String::from(BOM);
    out.push_str("scenario,year,variable,unit,value\n");
    let scenario = field(&result.scenario);
    for a in &result.annual {
        let _ = writeln!(
            out,
            "{scenario},{},{},{},{}",
            a.year,
            a.variable,
            a.unit,
            number(a.value)
        );
    }
    out.into_bytes()
}

/// `sectors.csv` bytes.
pub fn sectors(scenario: &Scenario) -> Vec<u8> {
    let mut out = String::from(BOM);
    out.push_str("id,name_zh,name_en,group,manufacturing\n");
    for s in &scenario.sectors {
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            field(&s.id),
            field(&s.name_zh),
            field(&s.name_en),
            field(&s.group),
            s.manufacturing
        );
    }
    out.into_bytes()
}

/// One row of `timeseries.csv`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TidyRow {
    /// Scenario name.
    pub scenario: String,
    /// Time (years).
    #[serde(deserialize_with = "nan_if_empty")]
    pub time: f64,
    /// Variable.
    pub variable: String,
    /// Sector id, empty for city-wide values.
    pub sector: String,
    /// Category.
    pub category: String,
    /// Unit.
    pub unit: String,
    /// Value (NaN for an empty cell).
    #[serde(deserialize_with = "nan_if_empty")]
    pub value: f64,
}

/// One row of `sectors.csv`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SectorRow {
    /// Sector id.
    pub id: String,
    /// Chinese label.
    pub name_zh: String,
    /// English label.
    pub name_en: String,
    /// Group in the 5+2+3 system.
    pub group: String,
    /// Whether it counts as manufacturing.
    pub manufacturing: bool,
}

/// Reads a number cell written by [`number`]: the writers leave non-finite values empty, so an
/// empty cell is NaN rather than an error.
pub fn nan_if_empty<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// NaN: the value of a numeric column that a file written by an earlier version lacks.
pub fn nan() -> f64 {
    f64::NAN
}

/// Reads a CSV file written by talentloop into typed rows (columns matched by header name; the
/// byte-order mark is skipped).
pub fn read_rows<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>, Error> {
    let bad = |e: ::csv::Error| Error::BadOutput {
        path: path.to_path_buf(),
        message: format!("{e}; is this a file written by talentloop?"),
    };
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    ::csv::Reader::from_reader(std::io::BufReader::new(file))
        .deserialize()
        .map(|row| row.map_err(bad))
        .collect()
}

/// Reads a `timeseries.csv` written by `run`.
pub fn read_timeseries(path: &Path) -> Result<Vec<TidyRow>, Error> {
    read_rows(path)
}

/// Reads a `sectors.csv` written by `run`.
pub fn read_sectors(path: &Path) -> Result<Vec<SectorRow>, Error> {
    read_rows(path)
}
