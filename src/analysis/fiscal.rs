//! Fiscal checks of one run: spending against the scenario's `[budget]` and against GDP
//! (model-spec v3 §6: spending above 5 % of GDP in any year is reported by every command).
//!
//! Two bases, both stated wherever they are shown: the **budget** counts the talent programmes —
//! every cost line except the public salaries of 编制 posts (C13), the establishment's payroll
//! that exists with or without a talent policy; the **share of GDP** counts all fiscal spending
//! the model costs (C1–C15), so nothing a package pays escapes the warning.

use crate::results::RunResult;
use crate::scenario::Budget;

/// Spending above this share of GDP in any calendar year is warned about.
pub const GDP_SHARE_WARNING: f64 = 0.05;

/// The cost line the budget leaves out (public salaries of 编制 posts, C13).
pub const BUDGET_EXCLUDES: &str = crate::model::indicator_registry::ind::COST_SALARIES.variable;

/// A run's spending against its budget and against GDP.
#[derive(Debug, Clone, PartialEq)]
pub struct Fiscal {
    /// Spending on the talent programmes (all lines but public salaries) from the start to the
    /// end of the run (亿元).
    pub programme_total: f64,
    /// The calendar year with the largest programme spending, and that spending (亿元).
    pub peak_year: Option<(i32, f64)>,
    /// Largest calendar-year share of GDP taken by all fiscal spending (C1–C15).
    pub peak_gdp_share: f64,
    /// The calendar year of the largest share.
    pub peak_gdp_share_year: i32,
    /// The scenario's budget.
    pub budget: Budget,
    /// By how much the run exceeds `budget.max_total` (亿元), if it does.
    pub over_total: Option<f64>,
    /// The calendar years whose programme spending exceeds `budget.max_per_year`, with it.
    pub over_years: Vec<(i32, f64)>,
}

impl Fiscal {
    /// Whether a set budget is exceeded.
    pub fn over_budget(&self) -> bool {
        self.over_total.is_some() || !self.over_years.is_empty()
    }

    /// Whether spending exceeds [`GDP_SHARE_WARNING`] of GDP at some time.
    pub fn above_gdp_share(&self) -> bool {
        self.peak_gdp_share > GDP_SHARE_WARNING
    }

    /// Warnings for a user, in Chinese and English, for scenario `name`.
    pub fn warnings(&self, name: &str) -> Vec<String> {
        let mut out = Vec::new();
        let when = self.peak_gdp_share_year;
        if self.above_gdp_share() {
            out.push(format!(
                "{name}: 财政支出在 {when} 年达到GDP的 {:.1}%，超过 {:.0}% 警戒线 — fiscal \
                 spending reaches {:.1} % of GDP in {when} (above {:.0} %); check the spending \
                 levers",
                100.0 * self.peak_gdp_share,
                100.0 * GDP_SHARE_WARNING,
                100.0 * self.peak_gdp_share,
                100.0 * GDP_SHARE_WARNING
            ));
        }
        if let (Some(over), Some(limit)) = (self.over_total, self.budget.max_total) {
            out.push(format!(
                "{name}: 人才项目累计支出 {:.2} 亿元，超出预算 {limit} 亿元 {over:.2} 亿元 — \
                 programme spending {:.2} 亿元 exceeds the budget of {limit} 亿元 by {over:.2}",
                self.programme_total, self.programme_total
            ));
        }
        if let (Some(limit), Some(&(year, amount))) = (
            self.budget.max_per_year,
            self.over_years.iter().max_by(|a, b| a.1.total_cmp(&b.1)),
        ) {
            out.push(format!(
                "{name}: {} 个年度超出年度预算 {limit} 亿元（最高 {year} 年 {amount:.2} 亿元） — \
                 {} calendar years exceed the annual budget of {limit} 亿元 (most: {amount:.2} in \
                 {year})",
                self.over_years.len(),
                self.over_years.len()
            ));
        }
        out
    }
}

/// The value of `variable` (city-wide) at time `t`, 0 when the run does not report it.
fn value(r: &RunResult, variable: &str, t: f64) -> f64 {
    r.column(variable, "", None).map_or(0.0, |c| r.at(c, t))
}

/// Programme spending accumulated by time `t` (亿元).
fn programme_cost(r: &RunResult, t: f64) -> f64 {
    value(r, "cost_total", t) - value(r, BUDGET_EXCLUDES, t)
}

/// The fiscal checks of run `r` against `budget`.
pub fn fiscal(r: &RunResult, budget: Budget) -> Fiscal {
    let (start, end) = (
        r.times.first().copied().unwrap_or(0.0),
        r.times.last().copied().unwrap_or(0.0),
    );
    // Calendar years wholly inside the run (report steps divide a year, so both ends are rows).
    let years: Vec<(i32, f64)> = (start.ceil() as i32..end.floor() as i32)
        .map(|y| {
            let y0 = f64::from(y);
            (y, programme_cost(r, y0 + 1.0) - programme_cost(r, y0))
        })
        .collect();
    let (peak_share, peak_at) = (start.ceil() as i32..end.floor() as i32)
        .filter_map(|y| Some((r.annual_value("spending_share_of_gdp", y)?, y)))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .unwrap_or((0.0, start as i32));
    let programme_total = programme_cost(r, end);
    Fiscal {
        programme_total,
        peak_year: years.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1)),
        peak_gdp_share: peak_share,
        peak_gdp_share_year: peak_at,
        budget,
        over_total: budget
            .max_total
            .filter(|&limit| programme_total > limit)
            .map(|limit| programme_total - limit),
        over_years: budget.max_per_year.map_or_else(Vec::new, |limit| {
            years.into_iter().filter(|&(_, x)| x > limit).collect()
        }),
    }
}
