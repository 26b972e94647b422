//! The few numbers a reader of a sweep wants first, printed after it: per output, the widest
//! swings (oat), the largest Sobol or Morris indices, the output over a two-parameter grid, or
//! the spread over the runs (mc, lhs) — from memory, the same numbers as the files.

use std::fmt::Write as _;

use crate::analysis::sweep::bands::percentile;
use crate::analysis::sweep::design::Design;
use crate::analysis::sweep::spec::{Method, OutputSpec, Stat, SweepParam, SweepSpec};
use crate::analysis::sweep::{base_scalars, IndexRow, SweepResult};
use crate::output::number::{group_thousands, number};
use crate::output::plots::Lang;

use super::sweep::{output_title, param_label};

/// How many parameters each output lists, largest first.
const TOP: usize = 5;

/// The headline of a whole (unsharded) sweep: a block per output, each line indented under its
/// output's heading. The spread of mc and lhs runs is read against the base scenario's own
/// value, run here (one run).
pub fn headline(
    spec: &SweepSpec,
    design: &Design,
    result: &SweepResult,
    indices: &[IndexRow],
    lang: Lang,
) -> String {
    let base = match spec.method {
        Method::Grid | Method::MonteCarlo { .. } | Method::Lhs { .. } => base_scalars(spec),
        Method::Oat | Method::Sobol { .. } | Method::Morris { .. } => Vec::new(),
    };
    let mut out = String::new();
    for (o, output) in spec.outputs.iter().enumerate() {
        let name = match lang {
            Lang::Zh => output_title(output, lang),
            Lang::En => output.name.clone(),
        };
        let values: Vec<f64> = result.scalars.iter().map(|s| s[o]).collect();
        let rows: Vec<&IndexRow> = indices.iter().filter(|r| r.output == output.name).collect();
        let label = |key: &str| parameter(spec, key, lang);
        let block = match &spec.method {
            Method::Oat => oat(&name, &rows, &label, lang),
            Method::Sobol { .. } => ranked(
                &name,
                &rows,
                ("S1", "ST"),
                &label,
                lang.pick(
                    "，一阶 / 总效应指数最大的参数：",
                    ": largest indices (S1 / ST):",
                ),
                sum_s1(&rows),
                lang,
            ),
            Method::Morris { .. } => ranked(
                &name,
                &rows,
                ("sigma", "mu_star"),
                &label,
                lang.pick("，μ* 最大的参数（σ / μ*）：", ": largest μ* (σ / μ*):"),
                None,
                lang,
            ),
            Method::Grid if spec.parameters.len() == 2 => {
                grid(&name, &spec.parameters, design, &values, lang)
            }
            Method::Grid | Method::MonteCarlo { .. } | Method::Lhs { .. } => {
                let base = base.get(o).copied().unwrap_or(f64::NAN);
                spread(&name, output, (&values, base), result.failures, lang)
            }
        };
        out.push_str(&block);
    }
    out
}

/// A sampled parameter as the headline names it: its key in English, its registry label in
/// Chinese.
fn parameter(spec: &SweepSpec, key: &str, lang: Lang) -> String {
    match (lang, spec.parameters.iter().find(|p| p.key == key)) {
        (Lang::Zh, Some(p)) => param_label(p, lang),
        _ => key.to_string(),
    }
}

/// Σ S1 over the parameters (how additive the model is over the ranges).
fn sum_s1(rows: &[&IndexRow]) -> Option<f64> {
    let s1: Vec<f64> = rows
        .iter()
        .filter(|r| r.statistic == "S1")
        .map(|r| r.value)
        .collect();
    (!s1.is_empty()).then(|| s1.iter().sum())
}

/// The value of `statistic` for `parameter` among `rows` (NaN if absent).
fn stat(rows: &[&IndexRow], parameter: &str, statistic: &str) -> f64 {
    rows.iter()
        .find(|r| r.parameter == parameter && r.statistic == statistic)
        .map_or(f64::NAN, |r| r.value)
}

/// The parameters of `rows` (pairs left out) in the order the indices list them.
fn parameters<'a>(rows: &[&'a IndexRow]) -> Vec<&'a str> {
    let mut keys: Vec<&str> = Vec::new();
    for r in rows {
        if !r.parameter.contains('+') && !keys.contains(&r.parameter.as_str()) {
            keys.push(&r.parameter);
        }
    }
    keys
}

/// Largest first by `key`; NaN last.
fn largest_first(keys: &mut [&str], by: impl Fn(&str) -> f64) {
    keys.sort_by(|a, b| {
        let (x, y) = (by(a), by(b));
        x.is_nan().cmp(&y.is_nan()).then(y.total_cmp(&x))
    });
}

/// One-at-a-time: the output at the base, and the widest swings with the output at the low and
/// the high input.
fn oat(name: &str, rows: &[&IndexRow], label: &dyn Fn(&str) -> String, lang: Lang) -> String {
    let mut keys = parameters(rows);
    largest_first(&mut keys, |k| stat(rows, k, "swing"));
    let base = keys.first().map_or(f64::NAN, |k| stat(rows, k, "base"));
    let mut out = match lang {
        Lang::Zh => format!(
            "{name}（基准 {}），低值 → 高值输入下波动最大的参数：\n",
            number(base)
        ),
        Lang::En => format!(
            "{name} (base {}): widest swings, at the low → high input:\n",
            number(base)
        ),
    };
    for k in keys.iter().take(TOP) {
        let (low, high, swing) = (
            number(stat(rows, k, "low")),
            number(stat(rows, k, "high")),
            number(stat(rows, k, "swing")),
        );
        let _ = match lang {
            Lang::Zh => writeln!(out, "  {}：{low} → {high}（波动 {swing}）", label(k)),
            Lang::En => writeln!(out, "  {}: {low} → {high} (swing {swing})", label(k)),
        };
    }
    out
}

/// Sobol or Morris: the parameters with the largest second statistic of `pair`, each with both.
fn ranked(
    name: &str,
    rows: &[&IndexRow],
    (first, second): (&str, &str),
    label: &dyn Fn(&str) -> String,
    heading: &str,
    total: Option<f64>,
    lang: Lang,
) -> String {
    let mut keys = parameters(rows);
    largest_first(&mut keys, |k| stat(rows, k, second));
    let mut out = name.to_string();
    if let Some(total) = total {
        let _ = write!(
            out,
            "{}{}",
            lang.pick("（Σ S1 = ", " (Σ S1 = "),
            number(total)
        );
        out.push_str(lang.pick("）", ")"));
    }
    out.push_str(heading);
    out.push('\n');
    for k in keys.iter().take(TOP) {
        let _ = writeln!(
            out,
            "  {}{}{} / {}",
            label(k),
            lang.pick("：", ": "),
            number(stat(rows, k, first)),
            number(stat(rows, k, second))
        );
    }
    out
}

/// A two-parameter grid: the output in a table, the first parameter's levels as rows and the
/// second's as columns (the cells a failed run left are "—").
fn grid(
    name: &str,
    parameters: &[SweepParam],
    design: &Design,
    values: &[f64],
    lang: Lang,
) -> String {
    let points: Vec<Vec<f64>> = (0..values.len()).map(|k| design.values(k)).collect();
    let levels = |d: usize| {
        let mut v: Vec<f64> = points.iter().map(|p| p[d]).collect();
        v.sort_by(f64::total_cmp);
        v.dedup();
        v
    };
    let (rows, columns) = (levels(0), levels(1));
    // Each run's cell found by binary search: linear in the runs, for grids of any size.
    let position = |levels: &[f64], x: f64| levels.binary_search_by(|l| l.total_cmp(&x)).ok();
    let mut cells = vec![vec![f64::NAN; columns.len()]; rows.len()];
    for (p, &v) in points.iter().zip(values) {
        if let (Some(r), Some(c)) = (position(&rows, p[0]), position(&columns, p[1])) {
            cells[r][c] = v;
        }
    }
    let mut table: Vec<Vec<String>> = vec![std::iter::once(String::new())
        .chain(columns.iter().map(|&c| number(c)))
        .collect()];
    for (&r, row) in rows.iter().zip(&cells) {
        table.push(
            std::iter::once(number(r))
                .chain(row.iter().map(|&v| number(v)))
                .collect(),
        );
    }
    let widths: Vec<usize> = (0..=columns.len())
        .map(|j| {
            table
                .iter()
                .map(|row| row[j].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = match lang {
        Lang::Zh => format!(
            "{name}（行：{}；列：{}）：\n",
            param_label(&parameters[0], lang),
            param_label(&parameters[1], lang)
        ),
        Lang::En => format!(
            "{name} by {} (rows) and {} (columns):\n",
            parameters[0].key, parameters[1].key
        ),
    };
    for row in &table {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(text, &w)| format!("{text:>w$}"))
            .collect();
        let _ = writeln!(out, "  {}", cells.join("  ").trim_end());
    }
    out
}

/// Monte Carlo, Latin hypercube or a larger grid: the mean and the 5th, 50th and 95th
/// percentiles over the runs that gave a value, and the base scenario's own value; for a
/// crossing, how many runs reach it and when.
fn spread(
    name: &str,
    output: &OutputSpec,
    (values, base): (&[f64], f64),
    failures: usize,
    lang: Lang,
) -> String {
    let mut finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    finite.sort_by(f64::total_cmp);
    let ran = values.len().saturating_sub(failures);
    if let Stat::Crossing { .. } = output.stat {
        let median = percentile(&finite, 50.0);
        return match lang {
            Lang::Zh => format!(
                "{name}：{} 次运行中有 {} 次达到，达到者的中位年份 {}；基准情景：{}\n",
                count(ran),
                count(finite.len()),
                year(median),
                if base.is_finite() {
                    year(base)
                } else {
                    "未达到".into()
                }
            ),
            Lang::En => format!(
                "{name}: reached in {} of {} runs, in {} at the median of those; base: {}\n",
                count(finite.len()),
                count(ran),
                year(median),
                if base.is_finite() {
                    year(base)
                } else {
                    "never".into()
                }
            ),
        };
    }
    // No run gave a value: the mean is unknown ("—"), not 0.
    let mean = if finite.is_empty() {
        f64::NAN
    } else {
        finite.iter().sum::<f64>() / finite.len() as f64
    };
    let [p5, p50, p95] = [5.0, 50.0, 95.0].map(|p| number(percentile(&finite, p)));
    match lang {
        Lang::Zh => format!(
            "{name}：均值 {}，5 % {p5}，50 % {p50}，95 % {p95}（{} 次运行）；基准情景 {}\n",
            number(mean),
            count(finite.len()),
            number(base)
        ),
        Lang::En => format!(
            "{name}: mean {}; 5 % {p5}, 50 % {p50}, 95 % {p95} over {} runs; base {}\n",
            number(mean),
            count(finite.len()),
            number(base)
        ),
    }
}

/// A count of runs, with thousands separators.
fn count(n: usize) -> String {
    group_thousands(&n.to_string())
}

/// A reporting time as a year: quarters as decimals, no thousands separator.
fn year(t: f64) -> String {
    if !t.is_finite() {
        return "—".into();
    }
    let text = format!("{t:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(parameter: &str, statistic: &'static str, value: f64) -> IndexRow {
        IndexRow {
            output: "y".into(),
            parameter: parameter.into(),
            statistic,
            value,
            conf: None,
        }
    }

    #[test]
    fn oat_lists_the_widest_swings_first_and_nan_last() {
        let rows = [
            row("a", "base", 10.0),
            row("a", "low", 9.0),
            row("a", "high", 11.0),
            row("a", "swing", 2.0),
            row("b", "base", 10.0),
            row("b", "low", f64::NAN),
            row("b", "high", 12.0),
            row("b", "swing", f64::NAN),
            row("c", "base", 10.0),
            row("c", "low", 4.0),
            row("c", "high", 16.0),
            row("c", "swing", 12.0),
        ];
        let refs: Vec<&IndexRow> = rows.iter().collect();
        let text = oat("y", &refs, &|k| k.to_string(), Lang::En);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "y (base 10.0): widest swings, at the low → high input:"
        );
        assert_eq!(lines[1], "  c: 4.00 → 16.0 (swing 12.0)");
        assert_eq!(lines[2], "  a: 9.00 → 11.0 (swing 2.00)");
        assert_eq!(lines[3], "  b: — → 12.0 (swing —)");
    }

    #[test]
    fn a_spread_without_any_value_has_no_mean() {
        let output = OutputSpec {
            name: "h".into(),
            variable: "gdp".into(),
            category: String::new(),
            sector: None,
            stat: Stat::At(2035.0),
        };
        let text = spread("h", &output, (&[f64::NAN; 4], 1345.0), 4, Lang::En);
        assert!(text.starts_with("h: mean —; 5 % —"), "{text}");
    }

    #[test]
    fn years_keep_their_quarters() {
        assert_eq!(year(2031.0), "2031");
        assert_eq!(year(2031.25), "2031.25");
        assert_eq!(year(2031.5), "2031.5");
        assert_eq!(year(f64::NAN), "—");
    }
}
