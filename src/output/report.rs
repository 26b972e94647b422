//! A self-contained HTML report of a run or comparison directory: descriptions, headline tables at
//! milestone years, deltas against the baseline, cost-effectiveness, every chart (inline SVG) and
//! the assumption register. It needs no network access and no other file.
//!
//! The report is built from typed data — [`RunReport`] or [`ComparisonReport`] — made either from
//! a run or comparison in memory or by reading back the typed files `run`/`compare` wrote
//! (manifests, `summary.json`, `comparison.csv`, `effectiveness.csv`), never by re-simulating. The
//! provenance line and the assumption register of a comparison are the baseline's, as its
//! manifest records it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::compare::{
    comparison_notes, comparison_rows, effectiveness_rows, fiscal_rows, ComparisonRow,
    EffectivenessRow, FiscalRow,
};
use super::csv::read_rows;
use super::json::{RunProvenance, Summary};
use super::manifest::{ComparisonManifest, RunManifest};
use super::table::display_number;
use crate::analysis::compare::{parse_indicator, Comparison, ADMINISTRATIVE_MARK};
use crate::analysis::fiscal::GDP_SHARE_WARNING;
use crate::error::Error;
use crate::model::indicator_registry::find;
use crate::results::RunResult;
use crate::scenario::Scenario;

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',\
'PingFang SC','WenQuanYi Micro Hei',sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;\
color:#222;line-height:1.5}\
h1{border-bottom:2px solid #005ab5;padding-bottom:.3em}h2{margin-top:2em;color:#005ab5}\
table{border-collapse:collapse;margin:1em 0;font-size:14px}th,\
    td{border:1px solid #ccc;padding:4px 8px;text-align:right}\
th:first-child,td:first-child{text-align:left}thead th{background:#eef3fa}\
tr.assumption td{background:#fff6e0}figure{margin:1.5em 0}figure \
    svg{width:100%;height:auto;border:1px solid #eee}\
figcaption{font-size:13px;color:#555}.note{color:#555;font-size:13px}";

/// The table label of an indicator written `variable` or `variable[category]`: its Chinese and
/// English labels from the indicator registry, with the id for readers of the CSV files.
fn indicator_label(id: &str) -> String {
    let (variable, category) = parse_indicator(id);
    match find(&variable, &category) {
        Some(def) => format!(
            "{} {} <code>{}</code>",
            escape(def.zh),
            escape(def.en),
            escape(id)
        ),
        None => escape(id),
    }
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta \
            charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n\
            <body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

/// A chart as it goes into the report: (name, inline SVG).
pub type InlineChart = (String, String);

/// Charts in `dir/charts`, sorted by name, as (name, inline SVG).
pub fn read_charts(dir: &Path) -> Result<Vec<InlineChart>, Error> {
    let charts_dir = dir.join("charts");
    let mut out = Vec::new();
    if !charts_dir.is_dir() {
        return Ok(out);
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&charts_dir)
        .map_err(|e| Error::io(&charts_dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "svg"))
        .collect();
    paths.sort();
    for p in paths {
        let svg = read(&p)?;
        let start = svg.find("<svg").unwrap_or(0);
        let name = p
            .file_stem()
            .map_or(String::new(), |s| s.to_string_lossy().into_owned());
        out.push((name, svg[start..].to_string()));
    }
    Ok(out)
}

fn chart_section(html: &mut String, title: &str, charts: &[(String, String)]) {
    if charts.is_empty() {
        return;
    }
    let _ = writeln!(html, "<h2>{}</h2>", escape(title));
    for (name, svg) in charts {
        let _ = writeln!(
            html,
            "<figure id=\"chart-{0}\">\n{svg}\n<figcaption>{0}</figcaption>\n</figure>",
            escape(name)
        );
    }
}

/// The assumption register from a manifest: every parameter, assumptions highlighted.
fn register_section(html: &mut String, manifest: &RunManifest) {
    let params = &manifest.parameters;
    let assumptions = params.iter().filter(|p| p.source == "assumption").count();
    let _ = writeln!(
        html,
        "<h2>参数与来源 Assumption register</h2>\n<p class=\"note\">Parameters of <code>{}</code>: \
            {} parameters, {assumptions} of them assumptions (highlighted): no source was found, \
                so they belong in sensitivity sweeps. Tags: seed (the research report), official, \
                press, literature, derived (arithmetic shown), \
                assumption.</p>\n<table>\n<thead><tr><th>key</th><th>value</th><th>unit</th>\
                <th>source</th><th>note</th></tr></thead>\n<tbody>",
        escape(&manifest.scenario_name),
        params.len()
    );
    for p in params {
        let class = if p.source == "assumption" {
            " class=\"assumption\""
        } else {
            ""
        };
        let _ = writeln!(
            html,
            "<tr{class}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td \
                style=\"text-align:left\">{}</td></tr>",
            escape(&p.key),
            escape(&p.value),
            escape(&p.unit),
            escape(&p.source),
            escape(&p.note)
        );
    }
    html.push_str("</tbody>\n</table>\n");
}

fn provenance_line(html: &mut String, manifest: &RunManifest) {
    let _ = writeln!(
        html,
        "<p class=\"note\">talentloop {} (commit {}); scenario <code>{}</code>, file {} (SHA-256 \
            {}); solver {} with {} right-hand-side evaluations.</p>",
        escape(&manifest.talentloop_version),
        escape(manifest.git_commit.as_deref().unwrap_or("unknown")),
        escape(&manifest.scenario_name),
        escape(&manifest.scenario_file),
        escape(&manifest.scenario_sha256),
        escape(&manifest.solver.method),
        manifest.solver.stats.rhs_evaluations
    );
}

/// What the report of one run shows.
#[derive(Debug, Clone, PartialEq)]
pub struct RunReport {
    /// The run's manifest.
    pub manifest: RunManifest,
    /// Its headline indicators at the milestone years.
    pub summary: Summary,
    /// Its charts.
    pub charts: Vec<InlineChart>,
}

impl RunReport {
    /// The report of a run in memory.
    pub fn from_run(
        scenario: &Scenario,
        result: &RunResult,
        provenance: &RunProvenance,
        charts: Vec<InlineChart>,
    ) -> Self {
        RunReport {
            manifest: RunManifest::new(scenario, result, provenance),
            summary: Summary::new(scenario, result),
            charts,
        }
    }

    /// Reads the report's data from a run directory.
    pub fn read(dir: &Path) -> Result<Self, Error> {
        Ok(RunReport {
            manifest: RunManifest::read(dir)?,
            summary: Summary::read(dir)?,
            charts: read_charts(dir)?,
        })
    }

    /// The HTML page.
    pub fn html(&self) -> String {
        let (summary, manifest) = (&self.summary, &self.manifest);
        let name = summary.scenario.as_str();
        let title = if summary.title_zh.is_empty() {
            name
        } else {
            summary.title_zh.as_str()
        };
        let mut html = String::new();
        let _ = writeln!(
            html,
            "<h1>{}</h1>\n<p>情景 scenario <code>{}</code>. {}</p>",
            escape(title),
            escape(name),
            escape(&manifest.description)
        );
        provenance_line(&mut html, manifest);
        let milestones = &summary.milestones;
        let years: Vec<&String> = milestones.keys().collect();
        let _ = write!(
            html,
            "<h2>主要指标 Headline indicators</h2>\n<table>\n<thead><tr><th>indicator</th>"
        );
        for y in &years {
            let _ = write!(html, "<th>{}</th>", escape(y));
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        if let Some((_, first)) = milestones.0.first() {
            for key in first.keys() {
                let _ = write!(html, "<tr><td>{}</td>", indicator_label(key));
                for y in &years {
                    let v = milestones
                        .get(y)
                        .and_then(|m| m.get(key).copied().flatten())
                        .unwrap_or(f64::NAN);
                    let _ = write!(html, "<td>{}</td>", display_number(v));
                }
                html.push_str("</tr>\n");
            }
        }
        html.push_str("<tr><td>协调等级 grade</td>");
        for y in &years {
            let (zh, en) = summary
                .coordination_grade
                .get(y)
                .map_or(("", ""), |g| (g.zh.as_str(), g.en.as_str()));
            let _ = write!(html, "<td>{} {}</td>", escape(zh), escape(en));
        }
        html.push_str("</tr>\n</tbody>\n</table>\n");
        chart_section(&mut html, "图表 Charts", &self.charts);
        register_section(&mut html, manifest);
        page(title, &html)
    }
}

/// One scenario of a comparison as the report describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioEntry {
    /// Its run manifest (name, title, description, parameters).
    pub manifest: RunManifest,
    /// Its own charts.
    pub charts: Vec<InlineChart>,
}

/// What the report of a comparison shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonReport {
    /// The comparison's manifest: baseline, scenarios in order, years, notes.
    pub manifest: ComparisonManifest,
    /// The scenarios, in the manifest's order.
    pub scenarios: Vec<ScenarioEntry>,
    /// Rows of `comparison.csv`.
    pub rows: Vec<ComparisonRow>,
    /// Rows of `effectiveness.csv`.
    pub effectiveness: Vec<EffectivenessRow>,
    /// Rows of `fiscal.csv` (empty for a directory written before it existed).
    pub fiscal: Vec<FiscalRow>,
    /// The comparison charts.
    pub charts: Vec<InlineChart>,
}

impl ComparisonReport {
    /// The report of a comparison in memory; `charts` are the comparison's and `run_charts`
    /// each run's, in the order of `c.runs` (missing entries mean no charts).
    pub fn from_comparison(
        c: &Comparison,
        provenance: &RunProvenance,
        charts: Vec<InlineChart>,
        mut run_charts: Vec<Vec<InlineChart>>,
    ) -> Self {
        run_charts.resize(c.runs.len(), Vec::new());
        ComparisonReport {
            manifest: ComparisonManifest::new(c, provenance, comparison_notes(c)),
            scenarios: c
                .runs
                .iter()
                .zip(run_charts)
                .map(|(r, charts)| ScenarioEntry {
                    manifest: RunManifest::new(&r.scenario, &r.result, provenance),
                    charts,
                })
                .collect(),
            rows: comparison_rows(c),
            effectiveness: effectiveness_rows(c),
            fiscal: fiscal_rows(c),
            charts,
        }
    }

    /// Reads the report's data from a comparison directory: its manifest names the scenarios
    /// (each a subdirectory with its own manifest) and the baseline.
    pub fn read(dir: &Path) -> Result<Self, Error> {
        let manifest = ComparisonManifest::read(dir)?;
        let mut scenarios = Vec::with_capacity(manifest.scenarios.len());
        for name in &manifest.scenarios {
            let sub = dir.join(name);
            scenarios.push(ScenarioEntry {
                manifest: RunManifest::read(&sub)?,
                charts: read_charts(&sub)?,
            });
        }
        Ok(ComparisonReport {
            rows: read_rows(&dir.join("comparison.csv"))?,
            effectiveness: read_optional_rows(&dir.join("effectiveness.csv"))?,
            fiscal: read_optional_rows(&dir.join("fiscal.csv"))?,
            charts: read_charts(dir)?,
            scenarios,
            manifest,
        })
    }

    /// The baseline's run manifest.
    pub fn baseline(&self) -> Option<&RunManifest> {
        self.scenarios
            .iter()
            .map(|s| &s.manifest)
            .find(|m| m.scenario_name == self.manifest.baseline)
    }

    /// The HTML page.
    pub fn html(&self) -> String {
        let names: Vec<&str> = self
            .scenarios
            .iter()
            .map(|s| s.manifest.scenario_name.as_str())
            .collect();
        let mut years: Vec<f64> = Vec::new();
        let mut indicators: Vec<(String, String)> = Vec::new();
        for r in &self.rows {
            if !years.contains(&r.year) {
                years.push(r.year);
            }
            let key = format!("{}[{}]", r.variable, r.category);
            if !indicators.iter().any(|i| i.0 == key) {
                indicators.push((key, r.unit.clone()));
            }
        }
        let mut html = String::new();
        let _ = writeln!(html, "<h1>情景比较 Scenario comparison</h1>");
        let _ = writeln!(
            html,
            "<p>基准情景 baseline <code>{}</code>; deltas are against it.</p>",
            escape(&self.manifest.baseline)
        );
        let _ = writeln!(
            html,
            "<h2>情景 \
            Scenarios</h2>\n<table>\n<thead><tr><th>scenario</th><th>情景</th>\
            <th>description</th></tr></thead>\n<tbody>"
        );
        for s in &self.scenarios {
            let _ = writeln!(
                html,
                "<tr><td><code>{}</code></td><td style=\"text-align:left\">{}</td><td \
                    style=\"text-align:left\">{}</td></tr>",
                escape(&s.manifest.scenario_name),
                escape(&s.manifest.title_zh),
                escape(&s.manifest.description)
            );
        }
        html.push_str("</tbody>\n</table>\n");
        for y in &years {
            let _ = write!(
                html,
                "<h2>{y} 年指标与变化 Indicators and change against the baseline, \
                {y}</h2>\n<table>\n<thead><tr><th>indicator</th><th>unit</th>"
            );
            for s in &names {
                let _ = write!(html, "<th>{}</th>", escape(s));
            }
            html.push_str("</tr></thead>\n<tbody>\n");
            for (key, unit) in &indicators {
                let _ = write!(
                    html,
                    "<tr><td>{}</td><td>{}</td>",
                    indicator_label(key.trim_end_matches("[]")),
                    escape(unit)
                );
                for s in &names {
                    let cell = self.rows.iter().find(|r| {
                        r.scenario == *s
                            && r.year == *y
                            && format!("{}[{}]", r.variable, r.category) == *key
                    });
                    match cell {
                        Some(r) => match r.pct_delta {
                            Some(p) if p.abs() > 0.0 => {
                                let _ =
                                    write!(html, "<td>{} ({p:+.1}%)</td>", display_number(r.value));
                            }
                            _ => {
                                let _ = write!(html, "<td>{}</td>", display_number(r.value));
                            }
                        },
                        None => html.push_str("<td></td>"),
                    }
                }
                html.push_str("</tr>\n");
            }
            html.push_str("</tbody>\n</table>\n");
        }
        if !self.effectiveness.is_empty() {
            let _ = writeln!(
                html,
                "<h2>成本效益 Cost-effectiveness against the baseline</h2>\n<p \
                    class=\"note\">Differences at the last comparison year divided by the extra \
                        cumulative fiscal cost; n/a below 0.05 亿元. Talent-years: ∫Δ high-level \
                        talent in firms dt, costs and talent-years discounted at {} per year (0 = \
                        undiscounted). {ADMINISTRATIVE_MARK}: the package changes a measure with \
                        no direct fiscal cost.</p>\n<table>\n<thead><tr><th>scenario</th><th>extra \
                        cost (亿元)</th><th>talent-years in firms per 亿元</th><th>talent FTE per \
                        亿元</th><th>high-level per 亿元</th><th>high-tech share, pp per \
                        亿元</th><th>万元 per extra high-level person</th><th>{ADMINISTRATIVE_MARK}\
                        </th></tr></thead>\n<tbody>",
                self.effectiveness
                    .first()
                    .map(|e| e.discount_rate)
                    .filter(|r| !r.is_nan())
                    .map_or_else(|| "0 (not recorded)".to_string(), |r| r.to_string())
            );
            for e in &self.effectiveness {
                let _ = write!(html, "<tr><td>{}</td>", escape(&e.scenario));
                for v in [
                    Some(e.delta_cost_yi),
                    e.talent_years_per_yi,
                    e.talent_fte_per_yi,
                    e.high_level_per_yi,
                    e.high_tech_points_per_yi,
                    e.wan_per_extra_high_level,
                ] {
                    let shown = v
                        .filter(|v| v.is_finite())
                        .map_or_else(|| "n/a".to_string(), display_number);
                    let _ = write!(html, "<td>{shown}</td>");
                }
                let marked = if e.only_administrative {
                    "仅行政措施 only administrative"
                } else if e.administrative_levers.is_empty() {
                    ""
                } else {
                    "是 yes"
                };
                let _ = write!(html, "<td>{marked}</td>");
                html.push_str("</tr>\n");
            }
            html.push_str("</tbody>\n</table>\n");
        }
        if !self.fiscal.is_empty() {
            fiscal_section(&mut html, &self.fiscal);
        }
        if !self.manifest.notes.is_empty() {
            let _ = writeln!(html, "<h2>说明 Notes</h2>\n<ul>");
            for note in &self.manifest.notes {
                let _ = writeln!(html, "<li>{}</li>", escape(note));
            }
            html.push_str("</ul>\n");
        }
        chart_section(&mut html, "比较图 Comparison charts", &self.charts);
        for s in &self.scenarios {
            let name = &s.manifest.scenario_name;
            chart_section(
                &mut html,
                &format!("{name} 情景图表 Charts of {name}"),
                &s.charts,
            );
        }
        if let Some(m) = self.baseline() {
            provenance_line(&mut html, m);
            register_section(&mut html, m);
        }
        page("情景比较 Scenario comparison", &html)
    }
}

/// Builds the report of a run or comparison directory from the files written there.
pub fn report(dir: &Path) -> Result<String, Error> {
    if super::plots::is_comparison(dir) {
        Ok(ComparisonReport::read(dir)?.html())
    } else if dir.join("summary.json").is_file() {
        Ok(RunReport::read(dir)?.html())
    } else {
        Err(Error::BadOutput {
            path: dir.to_path_buf(),
            message: "no summary.json or comparison.csv here: give a directory written by \
                `talentloop run` or `talentloop compare`"
                .into(),
        })
    }
}

/// The fiscal table of a comparison: programme spending (编制 salaries excluded) against each
/// scenario's budget, and the peak share of GDP of all spending against 5 %.
fn fiscal_section(html: &mut String, rows: &[FiscalRow]) {
    let _ = writeln!(
        html,
        "<h2>财政支出 Fiscal spending</h2>\n<p class=\"note\">人才项目支出不含编制人员财政工资 \
            Programme spending excludes the public salaries of 编制 posts; the share of GDP counts \
            all spending in the calendar year where it is highest, and above {:.0}% is a \
            warning.</p>\n<table>\n<thead><tr><th>scenario\
            </th><th>人才项目支出 programme spending (亿元)</th><th>最高年度 peak year (亿元)</th>\
            <th>占GDP峰值 peak share of GDP</th><th>预算 budget (亿元)</th><th>是否超支 over \
            budget</th></tr></thead>\n<tbody>",
        100.0 * GDP_SHARE_WARNING
    );
    for f in rows {
        let peak = match (f.peak_year, f.peak_year_spending_yi) {
            (Some(y), Some(x)) => format!("{} ({y})", display_number(x)),
            _ => "n/a".to_string(),
        };
        let budget: Vec<String> = [
            f.budget_total_yi.map(|x| format!("{x} 合计 total")),
            f.budget_per_year_yi.map(|x| format!("{x} 每年 a year")),
        ]
        .into_iter()
        .flatten()
        .collect();
        let over = match (budget.is_empty(), f.over_budget) {
            (true, _) => "",
            (false, true) => "超支 over",
            (false, false) => "否 no",
        };
        let warn = if f.peak_gdp_share > GDP_SHARE_WARNING {
            " ⚠"
        } else {
            ""
        };
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{peak}</td><td>{:.2}% ({}){warn}</td><td>{}</td>\
                <td>{over}</td></tr>",
            escape(&f.scenario),
            display_number(f.programme_spending_yi),
            100.0 * f.peak_gdp_share,
            f.peak_gdp_share_year,
            budget.join(", ")
        );
    }
    html.push_str("</tbody>\n</table>\n");
}

/// The rows of an optional CSV file of a directory: none when it is absent (a directory written
/// before the file existed).
fn read_optional_rows<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, Error> {
    if path.is_file() {
        read_rows(path)
    } else {
        Ok(Vec::new())
    }
}
