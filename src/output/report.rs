//! A self-contained HTML report of a run or comparison directory: descriptions, headline tables at
//! milestone years, deltas against the baseline, cost-effectiveness, every chart (inline SVG) and
//! the assumption register. It needs no network access and no other file.
//!
//! The report is built from the files `run`/`compare` and `plot` wrote, never by re-simulating.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::table::display_number;
use crate::error::Error;

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

fn read_json(path: &Path) -> Result<Value, Error> {
    serde_json::from_str(&read(path)?).map_err(|e| Error::Serialise {
        what: path.display().to_string(),
        message: e.to_string(),
    })
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','WenQuanYi Micro Hei',sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}\
h1{border-bottom:2px solid #005ab5;padding-bottom:.3em}h2{margin-top:2em;color:#005ab5}\
table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}\
th:first-child,td:first-child{text-align:left}thead th{background:#eef3fa}\
tr.assumption td{background:#fff6e0}figure{margin:1.5em 0}figure svg{width:100%;height:auto;border:1px solid #eee}\
figcaption{font-size:13px;color:#555}.note{color:#555;font-size:13px}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

/// Charts in `dir/charts`, sorted by name, as (name, inline SVG).
fn charts(dir: &Path) -> Result<Vec<(String, String)>, Error> {
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
fn register_section(html: &mut String, manifest: &Value) {
    let Some(params) = manifest["parameters"].as_array() else {
        return;
    };
    let assumptions = params
        .iter()
        .filter(|p| p["source"] == "assumption")
        .count();
    let _ = writeln!(
        html,
        "<h2>参数与来源 Assumption register</h2>\n<p class=\"note\">{} parameters, {assumptions} of them assumptions (highlighted): no source was found, so they belong in sensitivity sweeps. Tags: seed (the research report), official, press, literature, derived (arithmetic shown), assumption.</p>\n<table>\n<thead><tr><th>key</th><th>value</th><th>unit</th><th>source</th><th>note</th></tr></thead>\n<tbody>",
        params.len()
    );
    for p in params {
        let class = if p["source"] == "assumption" {
            " class=\"assumption\""
        } else {
            ""
        };
        let cell = |k: &str| escape(p[k].as_str().unwrap_or_default());
        let _ = writeln!(
            html,
            "<tr{class}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td style=\"text-align:left\">{}</td></tr>",
            cell("key"),
            cell("value"),
            cell("unit"),
            cell("source"),
            cell("note")
        );
    }
    html.push_str("</tbody>\n</table>\n");
}

fn provenance_line(html: &mut String, manifest: &Value) {
    let _ = writeln!(
        html,
        "<p class=\"note\">talentloop {} (commit {}); scenario file {} (SHA-256 {}); solver {} with {} right-hand-side evaluations.</p>",
        escape(manifest["talentloop_version"].as_str().unwrap_or("?")),
        escape(manifest["git_commit"].as_str().unwrap_or("unknown")),
        escape(manifest["scenario_file"].as_str().unwrap_or("?")),
        escape(manifest["scenario_sha256"].as_str().unwrap_or("?")),
        escape(manifest["solver"]["method"].as_str().unwrap_or("?")),
        manifest["solver"]["stats"]["rhs_evaluations"].as_u64().unwrap_or(0)
    );
}

/// Report of a run directory.
fn run_report(dir: &Path) -> Result<String, Error> {
    let summary = read_json(&dir.join("summary.json"))?;
    let manifest = read_json(&dir.join("manifest.json"))?;
    let name = summary["scenario"].as_str().unwrap_or("scenario");
    let title = summary["title_zh"].as_str().unwrap_or(name);
    let mut html = String::new();
    let _ = writeln!(
        html,
        "<h1>{}</h1>\n<p>情景 scenario <code>{}</code>. {}</p>",
        escape(title),
        escape(name),
        escape(manifest["description"].as_str().unwrap_or_default())
    );
    provenance_line(&mut html, &manifest);
    if let Some(milestones) = summary["milestones"].as_object() {
        let years: Vec<&String> = milestones.keys().collect();
        let _ = write!(
            html,
            "<h2>主要指标 Headline indicators</h2>\n<table>\n<thead><tr><th>indicator</th>"
        );
        for y in &years {
            let _ = write!(html, "<th>{}</th>", escape(y));
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        if let Some(first) = milestones.values().next().and_then(|v| v.as_object()) {
            for key in first.keys() {
                let _ = write!(html, "<tr><td>{}</td>", escape(key));
                for y in &years {
                    let v = milestones[*y][key].as_f64().unwrap_or(f64::NAN);
                    let _ = write!(html, "<td>{}</td>", display_number(v));
                }
                html.push_str("</tr>\n");
            }
        }
        html.push_str("<tr><td>协调等级 grade</td>");
        for y in &years {
            let g = &summary["coordination_grade"][y.as_str()];
            let _ = write!(
                html,
                "<td>{} {}</td>",
                escape(g["zh"].as_str().unwrap_or("")),
                escape(g["en"].as_str().unwrap_or(""))
            );
        }
        html.push_str("</tr>\n</tbody>\n</table>\n");
    }
    chart_section(&mut html, "图表 Charts", &charts(dir)?);
    register_section(&mut html, &manifest);
    Ok(page(title, &html))
}

/// Report of a comparison directory.
fn compare_report(dir: &Path) -> Result<String, Error> {
    let csv = read(&dir.join("comparison.csv"))?;
    let mut scenarios: Vec<String> = Vec::new();
    let mut years: Vec<String> = Vec::new();
    let mut indicators: Vec<(String, String, String)> = Vec::new();
    let mut cells: Vec<(String, String, String, f64, Option<f64>)> = Vec::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() < 9 {
            continue;
        }
        if !scenarios.iter().any(|s| s == f[0]) {
            scenarios.push(f[0].to_string());
        }
        if !years.iter().any(|y| y == f[1]) {
            years.push(f[1].to_string());
        }
        let key = format!("{}[{}]", f[2], f[3]);
        if !indicators.iter().any(|i| i.0 == key) {
            indicators.push((key.clone(), f[2].to_string(), f[4].to_string()));
        }
        let value = f[5].parse().unwrap_or(f64::NAN);
        let pct = f[8].parse().ok();
        cells.push((f[0].to_string(), f[1].to_string(), key, value, pct));
    }
    let mut html = String::new();
    let _ = writeln!(html, "<h1>情景比较 Scenario comparison</h1>");
    let _ = writeln!(html, "<h2>情景 Scenarios</h2>\n<table>\n<thead><tr><th>scenario</th><th>情景</th><th>description</th></tr></thead>\n<tbody>");
    let mut baseline_manifest = None;
    for s in &scenarios {
        let manifest = read_json(&dir.join(s).join("manifest.json")).unwrap_or(Value::Null);
        let summary = read_json(&dir.join(s).join("summary.json")).unwrap_or(Value::Null);
        let _ = writeln!(
            html,
            "<tr><td><code>{}</code></td><td style=\"text-align:left\">{}</td><td style=\"text-align:left\">{}</td></tr>",
            escape(s),
            escape(summary["title_zh"].as_str().unwrap_or_default()),
            escape(manifest["description"].as_str().unwrap_or_default())
        );
        if baseline_manifest.is_none() || s == "baseline" {
            baseline_manifest = Some(manifest);
        }
    }
    html.push_str("</tbody>\n</table>\n");
    for y in &years {
        let _ = write!(html, "<h2>{} 年指标与变化 Indicators and change against the baseline, {}</h2>\n<table>\n<thead><tr><th>indicator</th><th>unit</th>", escape(y), escape(y));
        for s in &scenarios {
            let _ = write!(html, "<th>{}</th>", escape(s));
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        for (key, _, unit) in &indicators {
            let _ = write!(
                html,
                "<tr><td>{}</td><td>{}</td>",
                escape(key.trim_end_matches("[]")),
                escape(unit)
            );
            for s in &scenarios {
                let cell = cells.iter().find(|c| &c.0 == s && &c.1 == y && &c.2 == key);
                match cell {
                    Some((_, _, _, v, Some(p))) if p.abs() > 0.0 => {
                        let _ = write!(html, "<td>{} ({p:+.1}%)</td>", display_number(*v));
                    }
                    Some((_, _, _, v, _)) => {
                        let _ = write!(html, "<td>{}</td>", display_number(*v));
                    }
                    None => html.push_str("<td></td>"),
                }
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody>\n</table>\n");
    }
    if let Ok(eff) = read(&dir.join("effectiveness.csv")) {
        let _ = writeln!(
            html,
            "<h2>成本效益 Cost-effectiveness against the baseline</h2>\n<p class=\"note\">Differences at the last comparison year divided by the extra cumulative fiscal cost; n/a below 0.05 亿元.</p>\n<table>\n<thead><tr><th>scenario</th><th>extra cost (亿元)</th><th>talent FTE per 亿元</th><th>high-level per 亿元</th><th>high-tech share, pp per 亿元</th><th>万元 per extra high-level person</th></tr></thead>\n<tbody>"
        );
        for line in eff.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let _ = write!(
                html,
                "<tr><td>{}</td>",
                escape(f.first().copied().unwrap_or_default())
            );
            for v in f.iter().skip(1) {
                let shown = v
                    .parse::<f64>()
                    .map_or_else(|_| "n/a".to_string(), display_number);
                let _ = write!(html, "<td>{shown}</td>");
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody>\n</table>\n");
    }
    if let Ok(md) = read(&dir.join("comparison.md")) {
        if let Some(notes) = md.split("## Notes").nth(1) {
            let _ = writeln!(html, "<h2>说明 Notes</h2>\n<ul>");
            for line in notes.lines().filter(|l| l.starts_with("- ")) {
                let _ = writeln!(html, "<li>{}</li>", escape(&line[2..]));
            }
            html.push_str("</ul>\n");
        }
    }
    chart_section(&mut html, "比较图 Comparison charts", &charts(dir)?);
    for s in &scenarios {
        let sub = charts(&dir.join(s))?;
        chart_section(&mut html, &format!("{s} 情景图表 Charts of {s}"), &sub);
    }
    if let Some(m) = &baseline_manifest {
        provenance_line(&mut html, m);
        register_section(&mut html, m);
    }
    Ok(page("情景比较 Scenario comparison", &html))
}

/// Builds the report of a run or comparison directory.
pub fn report(dir: &Path) -> Result<String, Error> {
    if dir.join("comparison.csv").is_file() {
        compare_report(dir)
    } else if dir.join("summary.json").is_file() {
        run_report(dir)
    } else {
        Err(Error::io(
            dir,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no summary.json or comparison.csv here: give a directory written by `talentloop run` or `talentloop compare`",
            ),
        ))
    }
}
