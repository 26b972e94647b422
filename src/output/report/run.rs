//! The report of one run (summary, results, uncertainty from sweeps, method, indicators,
//! caveats) and of sweeps alone.

use std::fmt::Write as _;

use crate::output::headlines;
use crate::output::plots::Lang;

use super::optimize::{self, OptimizationReport};
use super::page::{escape, named_charts, page, table, Section};
use super::sections;
use super::text::{indicator_name, indicator_unit, indicator_value, number, percent};
use super::{ReportOptions, RunReport, SweepReport};

/// The page of a run.
pub fn html(
    r: &RunReport,
    o: &ReportOptions,
    sweeps: &[SweepReport],
    optimizations: &[OptimizationReport],
) -> String {
    let lang = o.lang;
    let s = &r.summary;
    let title = if s.title_zh.is_empty() {
        s.scenario.clone()
    } else {
        s.title_zh.clone()
    };
    let ids: Vec<String> = headlines()
        .map(|d| {
            if d.category.is_empty() {
                d.variable.to_string()
            } else {
                format!("{}[{}]", d.variable, d.category)
            }
        })
        .collect();
    let mut sections = vec![
        Section::new("summary", lang.pick("摘要", "Summary"), summary(r, lang)),
        Section::new(
            "results",
            lang.pick("主要结果", "Results"),
            results(r, lang, &ids),
        ),
    ];
    if !sweeps.is_empty() {
        sections.push(Section::new(
            "uncertainty",
            lang.pick("不确定性", "Uncertainty"),
            sections::sweeps(lang, sweeps),
        ));
    }
    sections.extend(optimize::sections(lang, optimizations));
    sections.extend([
        Section::new(
            "methods",
            lang.pick("方法与假设", "Method and assumptions"),
            sections::methods(lang, (&r.manifest, &r.summary), &[], &r.sectors),
        ),
        Section::new(
            "glossary",
            lang.pick("指标说明", "Indicators"),
            sections::glossary(lang, &ids),
        ),
        Section::new(
            "caveats",
            lang.pick("注意事项", "Caveats"),
            sections::caveats(lang, &[]),
        ),
    ]);
    let lead = format!(
        "<p><code>{}</code> {}</p>\n{}",
        escape(&s.scenario),
        escape(&r.manifest.description),
        sections::provenance(lang, &r.manifest)
    );
    page(
        lang.pick("zh-CN", "en"),
        &title,
        &lead,
        lang.pick("目录", "Contents"),
        &sections,
    )
}

fn summary(r: &RunReport, lang: Lang) -> String {
    let s = &r.summary;
    let Some(last) = s.milestones.keys().last().cloned() else {
        return String::new();
    };
    let value = |id: &str| {
        s.milestones
            .get(&last)
            .and_then(|m| m.get(id).copied().flatten())
            .unwrap_or(f64::NAN)
    };
    let first = s.milestones.keys().next().cloned().unwrap_or_default();
    let first_value = |id: &str| {
        s.milestones
            .get(&first)
            .and_then(|m| m.get(id).copied().flatten())
            .unwrap_or(f64::NAN)
    };
    let grade = s
        .coordination_grade
        .get(&last)
        .map_or(String::new(), |g| lang.pick(&g.zh, &g.en).to_string());
    let items = [
        (
            number(value("talent_firms[H]")),
            match lang {
                Lang::Zh => format!(
                    "{last}年企业高层次人才（人；{first}年 {}）",
                    number(first_value("talent_firms[H]"))
                ),
                Lang::En => format!(
                    "high-level talent in firms in {last} (persons; {} in {first})",
                    number(first_value("talent_firms[H]"))
                ),
            },
        ),
        (
            percent(value("gap_ratio[H]")),
            match lang {
                Lang::Zh => format!("{last}年高层次人才缺口率"),
                Lang::En => format!("high-level gap ratio in {last}"),
            },
        ),
        (
            format!("{:.3}", value("coordination_degree")),
            match lang {
                Lang::Zh => format!("{last}年产业—人才耦合协调度（{grade}）"),
                Lang::En => format!("coupling coordination degree in {last} ({grade})"),
            },
        ),
    ];
    let mut html = String::from("<div class=\"numbers\">\n");
    for (big, text) in items {
        let _ = writeln!(html, "<div><b>{}</b>{}</div>", escape(&big), escape(&text));
    }
    html.push_str("</div>\n");
    html
}

fn results(r: &RunReport, lang: Lang, ids: &[String]) -> String {
    let s = &r.summary;
    let years: Vec<String> = s.milestones.keys().cloned().collect();
    let head: Vec<String> = std::iter::once(escape(lang.pick("指标", "indicator")))
        .chain(years.iter().map(|y| escape(y)))
        .collect();
    let rows: Vec<(String, Vec<String>)> = ids
        .iter()
        .map(|id| {
            let u = indicator_unit(id, lang);
            let name = if u.is_empty() {
                indicator_name(id, lang)
            } else {
                format!("{}（{u}）", indicator_name(id, lang))
            };
            let mut cells = vec![name];
            for y in &years {
                let v = s
                    .milestones
                    .get(y)
                    .and_then(|m| m.get(id).copied().flatten())
                    .unwrap_or(f64::NAN);
                cells.push(indicator_value(id, v));
            }
            (String::new(), cells)
        })
        .collect();
    let mut html = format!(
        "<p class=\"note\">{}</p>\n{}",
        escape(lang.pick("各年1月1日的值。", "Values on 1 January of each year.")),
        table(&head, &rows)
    );
    html.push_str(&named_charts(&r.charts));
    html
}

/// The page of sweeps given on their own.
pub fn sweeps_only(
    sweeps: &[SweepReport],
    optimizations: &[OptimizationReport],
    o: &ReportOptions,
) -> String {
    let lang = o.lang;
    let mut sections = Vec::new();
    if !sweeps.is_empty() {
        sections.push(Section::new(
            "uncertainty",
            lang.pick("不确定性", "Uncertainty"),
            sections::sweeps(lang, sweeps),
        ));
    }
    sections.extend(optimize::sections(lang, optimizations));
    sections.push(Section::new(
        "caveats",
        lang.pick("注意事项", "Caveats"),
        sections::caveats(lang, &[]),
    ));
    page(
        lang.pick("zh-CN", "en"),
        match (sweeps.is_empty(), optimizations.is_empty()) {
            (false, true) => lang.pick("参数扫描报告", "Sweep report"),
            (true, false) => lang.pick("政策组合优化报告", "Optimisation report"),
            _ => lang.pick("不确定性与优化报告", "Uncertainty and optimisation report"),
        },
        "",
        lang.pick("目录", "Contents"),
        &sections,
    )
}
