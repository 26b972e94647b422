//! The terminal table of headline indicators at milestone years.

use std::fmt::Write as _;

use super::json::milestones;
use unicode_width::UnicodeWidthStr;

use super::headlines;
use super::plots::Lang;
use crate::analysis::compare::table_label;
use crate::analysis::fiscal::Fiscal;
use crate::model::indicator_registry::IndicatorDef;
use crate::results::RunResult;
use crate::scenario::Scenario;

/// A number for people to read: 3 decimals below 10, 1 below 1000, none above; `n/a` if not finite.
pub fn display_number(v: f64) -> String {
    if !v.is_finite() {
        "n/a".into()
    } else if v.abs() >= 1000.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

/// The label of an indicator in a terminal or Markdown table in `lang`: English as
/// [`table_label`] writes it; Chinese from the registry with the unit in Chinese.
pub fn label_in(def: &IndicatorDef, lang: Lang) -> String {
    match lang {
        Lang::En => table_label(def),
        Lang::Zh if def.unit == "1" => def.zh.to_string(),
        Lang::Zh => format!("{}（{}）", def.zh, crate::units::unit_zh(def.unit)),
    }
}

/// Headline indicators at the start year and each milestone, labelled in `lang`.
pub fn headline_table(scenario: &Scenario, result: &RunResult, lang: Lang) -> String {
    let mut years = vec![scenario.time.start];
    years.extend(milestones(scenario));
    years.dedup();
    let labels: Vec<(&IndicatorDef, String)> =
        headlines().map(|d| (d, label_in(d, lang))).collect();
    let label_width = labels
        .iter()
        .map(|(_, label)| label.width())
        .max()
        .unwrap_or(10);
    let mut out = String::new();
    let head = lang.pick("指标", "indicator");
    let _ = write!(
        out,
        "{head}{}",
        " ".repeat(label_width.saturating_sub(head.width()))
    );
    for y in &years {
        let _ = write!(out, "  {:>10}", y);
    }
    out.push('\n');
    for (def, label) in &labels {
        let Some(c) = result.column(def.variable, def.category, None) else {
            continue;
        };
        // Display width, so labels with Chinese units (two columns a character) line up.
        let pad = label_width.saturating_sub(label.width());
        let _ = write!(out, "{label}{}", " ".repeat(pad));
        for y in &years {
            let _ = write!(out, "  {:>10}", display_number(result.at(c, *y)));
        }
        out.push('\n');
    }
    out
}

/// One line on a run's spending: the talent programmes' total (public salaries of 编制 posts
/// excluded), their peak calendar year, the peak share of GDP of all spending, and the budget.
pub fn fiscal_line(f: &Fiscal) -> String {
    let mut line = format!(
        "人才项目支出 programme spending (excl. 编制 salaries): {} 亿元 in total",
        display_number(f.programme_total)
    );
    if let Some((year, amount)) = f.peak_year {
        let _ = write!(line, ", at most {} 亿元 in {year}", display_number(amount));
    }
    let _ = write!(
        line,
        "; all spending peaks at {:.2} % of GDP ({})",
        100.0 * f.peak_gdp_share,
        f.peak_gdp_share_year
    );
    if f.budget.is_set() {
        let limits: Vec<String> = [
            f.budget.max_total.map(|x| format!("{x} 亿元 in total")),
            f.budget.max_per_year.map(|x| format!("{x} 亿元 a year")),
        ]
        .into_iter()
        .flatten()
        .collect();
        let verdict = if f.over_budget() {
            "超出预算 OVER BUDGET"
        } else {
            "预算内 within budget"
        };
        let _ = write!(line, "; budget {}: {verdict}", limits.join(", "));
    }
    line
}
