//! The answer to a run request as JSON: every city-wide indicator's series, the spending per
//! cost line and calendar year, and the band's edges (docs/explore.md §4).

use serde_json::{json, Map, Value};

use super::controls::cost_lines;
use crate::analysis::sweep::bands::PERCENTILES;
use crate::analysis::sweep::SweepResult;
use crate::diagnostics::did_you_mean;
use crate::model::indicator_registry::IndicatorDef;
use crate::results::RunResult;

/// The city-wide indicator columns of a run, in registry order, and the cost lines' columns.
#[derive(Debug)]
pub struct Indicators {
    columns: Vec<(String, usize, &'static IndicatorDef)>,
    cost_lines: Vec<(&'static str, usize)>,
    cost_total: usize,
}

impl Indicators {
    /// The columns of `result` (every run of one scenario has the same columns).
    pub fn of(result: &RunResult) -> Indicators {
        let columns = result
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.sector.is_none())
            .map(|(k, c)| (c.def.id(), k, c.def))
            .collect();
        let column = |variable: &str| {
            result
                .column(variable, "", None)
                .unwrap_or_else(|| panic!("every cost line is an indicator: {variable}"))
        };
        Indicators {
            columns,
            cost_lines: cost_lines().into_iter().map(|l| (l, column(l))).collect(),
            cost_total: column("cost_total"),
        }
    }

    /// The indicators `ids` (every one when None); Err names an unknown id.
    pub fn select(
        &self,
        ids: Option<&[String]>,
    ) -> Result<Vec<(String, &'static IndicatorDef)>, String> {
        let all = || self.columns.iter().map(|(id, _, def)| (id.clone(), *def));
        let Some(ids) = ids else {
            return Ok(all().collect());
        };
        ids.iter()
            .map(|id| {
                all().find(|(known, _)| known == id).ok_or_else(|| {
                    format!(
                        "band: unknown indicator `{id}`{}",
                        did_you_mean("", id, self.columns.iter().map(|c| c.0.as_str()))
                    )
                })
            })
            .collect()
    }

    /// The declarations of the indicators, in order.
    pub fn defs(&self) -> impl Iterator<Item = &'static IndicatorDef> + '_ {
        self.columns.iter().map(|c| c.2)
    }
}

/// The band of one request: per shown indicator and reporting time, the edges over the draws
/// that ran.
#[derive(Debug)]
pub struct Band {
    members: usize,
    failed: usize,
    edges: Vec<(String, Vec<f64>, Vec<f64>)>,
}

impl Band {
    /// The edges of a swept band, one series per `shown` indicator in its order.
    pub fn of(shown: &[(String, &'static IndicatorDef)], swept: &SweepResult) -> Band {
        let rows = swept.times.len();
        let mut edges: Vec<(String, Vec<f64>, Vec<f64>)> = shown
            .iter()
            .map(|(id, _)| {
                (
                    id.clone(),
                    Vec::with_capacity(rows),
                    Vec::with_capacity(rows),
                )
            })
            .collect();
        for row in swept.bands.rows() {
            let (_, low, high) = &mut edges[row.band];
            low.push(row.percentiles[0]);
            high.push(row.percentiles[PERCENTILES.len() - 1]);
        }
        Band {
            members: swept.completed,
            failed: swept.failures,
            edges,
        }
    }
}

/// Calendar years with a whole year of spending inside the run.
fn spending_years(result: &RunResult) -> Vec<i32> {
    let (Some(&start), Some(&end)) = (result.times.first(), result.times.last()) else {
        return Vec::new();
    };
    (start.ceil() as i32..end.floor() as i32).collect()
}

/// A run (and its band) as the page reads it.
pub fn run_json(ind: &Indicators, result: &RunResult, band: Option<&Band>) -> Value {
    let mut series = Map::new();
    for (id, col, _) in &ind.columns {
        series.insert(id.clone(), json!(result.series(*col)));
    }
    let years = spending_years(result);
    let spent = |col: usize, y: i32| result.at(col, f64::from(y) + 1.0) - result.at(col, y.into());
    let mut annual = Map::new();
    for &(line, col) in &ind.cost_lines {
        let per_year: Vec<f64> = years.iter().map(|&y| spent(col, y)).collect();
        annual.insert(line.to_string(), json!(per_year));
    }
    let start = result.times.first().copied().unwrap_or_default();
    let cumulative: Vec<f64> = years
        .iter()
        .map(|&y| result.at(ind.cost_total, f64::from(y) + 1.0) - result.at(ind.cost_total, start))
        .collect();
    let band = band.map(|b| {
        let mut edges = Map::new();
        for (id, low, high) in &b.edges {
            edges.insert(id.clone(), json!({"low": low, "high": high}));
        }
        json!({"members": b.members, "failed": b.failed, "series": edges})
    });
    json!({
        "times": result.times,
        "series": series,
        "years": years,
        "annual_cost": annual,
        "cumulative_cost": cumulative,
        "band": band,
    })
}
