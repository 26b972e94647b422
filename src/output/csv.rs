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

use std::fmt::Write as _;

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
