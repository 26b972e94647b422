//! Calendar-year statistics from the accumulators: annual totals and growth as ratios of
//! calendar-year integrals, which is how statistical offices report them (not instantaneous rates).

use super::layout::{acc, StateLayout};

/// The calendar-year statistics [`annual`] reports, with their Chinese and English labels:
/// (variable, zh, en).
pub const ANNUAL_LABELS: &[(&str, &str, &str)] = &[
    ("gdp", "地区生产总值（年度）", "GDP, calendar year"),
    (
        "value_added_manufacturing",
        "制造业增加值（年度）",
        "manufacturing value added",
    ),
    (
        "high_tech_share_manufacturing",
        "高新技术制造业占比（年度）",
        "high-tech share of manufacturing, calendar year",
    ),
    ("gdp_growth", "GDP增速", "GDP growth"),
    (
        "value_added_manufacturing_growth",
        "制造业增加值增速",
        "manufacturing value-added growth",
    ),
    (
        "hires_programme_and_public",
        "计划与事业单位引进高层次人才",
        "programme and public high-level hires",
    ),
    (
        "hires_market",
        "市场化引进高层次人才",
        "market hires of high-level talent",
    ),
    (
        "promotions",
        "内部晋升为高层次人才",
        "promotions to high-level",
    ),
    ("relocations", "项目团队随迁人才", "team relocations"),
    (
        "promotion_share_of_inflow",
        "晋升占高层次人才流入比重",
        "promotions' share of high-level inflow",
    ),
    (
        "spending",
        "财政支出（年度）",
        "fiscal spending, calendar year",
    ),
    (
        "spending_share_of_gdp",
        "财政支出占GDP比重",
        "fiscal spending as a share of GDP",
    ),
];

/// The (Chinese, English) label of a calendar-year statistic.
pub fn annual_label(variable: &str) -> Option<(&'static str, &'static str)> {
    ANNUAL_LABELS
        .iter()
        .find(|l| l.0 == variable)
        .map(|l| (l.1, l.2))
}

/// One calendar-year statistic.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnualValue {
    /// The calendar year (the interval [year, year + 1)).
    pub year: i32,
    /// Variable name.
    pub variable: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// Value.
    pub value: f64,
}

/// Annual statistics from state rows at whole years: `year_states[k]` is the state at
/// `first_year + k`. Growth rates start in the second year (they need the year before).
pub fn annual(layout: &StateLayout, first_year: i32, year_states: &[&[f64]]) -> Vec<AnnualValue> {
    let integral = |k: usize, slot: usize| year_integral(layout, year_states, k, slot);
    let mut out = Vec::new();
    for k in 0..year_states.len().saturating_sub(1) {
        let year = first_year + k as i32;
        let mut push = |variable, unit, value| {
            out.push(AnnualValue {
                year,
                variable,
                unit,
                value,
            })
        };
        let gdp = integral(k, acc::GDP);
        let mfg = integral(k, acc::MANUFACTURING_VA);
        push("gdp", "亿元", gdp);
        push("value_added_manufacturing", "亿元", mfg);
        // The value-added-weighted high-tech share over the calendar year, as a statistical
        // office computes it (model-spec v3 §7), not the share on 1 January.
        let high_tech = integral(k, acc::HIGH_TECH_MANUFACTURING_VA);
        push(
            "high_tech_share_manufacturing",
            "1",
            if mfg > 0.0 { high_tech / mfg } else { 0.0 },
        );
        if k > 0 {
            push("gdp_growth", "1", gdp / integral(k - 1, acc::GDP) - 1.0);
            let previous = integral(k - 1, acc::MANUFACTURING_VA);
            let growth = if previous > 0.0 {
                mfg / previous - 1.0
            } else {
                0.0
            };
            push("value_added_manufacturing_growth", "1", growth);
        }
        let programme_public = integral(k, acc::HIRES_PROGRAMME_PUBLIC);
        let market = integral(k, acc::HIRES_MARKET);
        let promotions = integral(k, acc::PROMOTIONS);
        let relocations = integral(k, acc::RELOCATIONS);
        push("hires_programme_and_public", "person", programme_public);
        push("hires_market", "person", market);
        push("promotions", "person", promotions);
        push("relocations", "person", relocations);
        let inflow = programme_public + market + promotions + relocations;
        push(
            "promotion_share_of_inflow",
            "1",
            if inflow > 0.0 {
                promotions / inflow
            } else {
                0.0
            },
        );
        let cost = year_spending(layout, year_states, k);
        push("spending", "亿元", cost);
        push("spending_share_of_gdp", "1", spending_share(cost, gdp));
    }
    out
}

/// The integral of accumulator `slot` over year k (between rows k and k + 1).
fn year_integral(layout: &StateLayout, year_states: &[&[f64]], k: usize, slot: usize) -> f64 {
    year_states[k + 1][layout.acc(slot)] - year_states[k][layout.acc(slot)]
}

/// All fiscal spending (C1–C15) over year k.
fn year_spending(layout: &StateLayout, year_states: &[&[f64]], k: usize) -> f64 {
    (0..acc::N_COSTS)
        .map(|c| year_integral(layout, year_states, k, c))
        .sum()
}

/// Fiscal spending over GDP of one year (0 when GDP is not positive).
fn spending_share(spending: f64, gdp: f64) -> f64 {
    if gdp > 0.0 {
        spending / gdp
    } else {
        0.0
    }
}

/// The largest calendar-year share of GDP taken by all fiscal spending (C1–C15), and its year,
/// from state rows at whole years as [`annual`] takes them; `None` with fewer than two rows.
/// The same statistic as `spending_share_of_gdp` of [`annual`], without the others (sweeps).
pub fn peak_spending_share(
    layout: &StateLayout,
    first_year: i32,
    year_states: &[&[f64]],
) -> Option<(f64, i32)> {
    (0..year_states.len().saturating_sub(1))
        .map(|k| {
            (
                spending_share(
                    year_spending(layout, year_states, k),
                    year_integral(layout, year_states, k, acc::GDP),
                ),
                first_year + k as i32,
            )
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
}
