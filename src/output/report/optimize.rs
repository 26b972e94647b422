//! The report's section on an optimisation folder (`talentloop optimize`): the question asked
//! (objectives, constraints, levers searched), the chosen points side by side (the best under
//! the constraints, the knee, the refined point), the front and lever charts, and what the
//! result does not say. Read from the folder's `manifest.json` and charts.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use super::page::{escape, table, wide_charts, Section};
use super::text::{param_name, unit};
use super::{read_charts, InlineChart};
use crate::error::Error;
use crate::output::manifest::{read_verified, MANIFEST};
use crate::output::number::group_thousands;
use crate::output::optimize::PICKS;
use crate::output::plots::Lang;

/// How to read the front, and what it does not say (Chinese).
const READING_ZH: &str = "读法：前沿上每个点是一组措施，越靠左越省钱，越靠上企业人才越多；\
    三角为基准情景和已有方案，离前沿越远，同样的钱还能多换来的人才越多。注意：结果是模型内的\
    最优，不是政策结论本身；行政性措施（如政招企用、人岗匹配、飞地落地条件）没有直接财政成本，\
    搜索会把它们用到上限，其可行性需另行判断；支出未贴现。";

/// How to read the front, and what it does not say (English).
const READING_EN: &str = "Reading: each point of the front is a combination of measures; left \
    is cheaper, up is more talent in firms. Triangles are the baseline and the existing packages: \
    the farther below the front, the more the same money could buy. The result is optimal within \
    the model, not a policy conclusion; administrative measures (政招企用, matching, enclave \
    landing readiness) have no direct fiscal cost, so the search uses them to their bounds — \
    whether that is feasible must be judged separately; spending is undiscounted.";

/// What the report shows of one optimisation.
#[derive(Debug, Clone)]
pub struct OptimizationReport {
    /// The folder's manifest.
    manifest: Value,
    /// Its charts (front, levers, convergence).
    charts: Vec<InlineChart>,
}

/// Whether `dir` was written by `talentloop optimize`.
pub fn is_optimization(dir: &Path) -> bool {
    dir.join("pareto.csv").is_file() && dir.join("manifest.json").is_file()
}

impl OptimizationReport {
    /// Reads an optimisation folder, checked against its manifest first (a file missing, changed
    /// or not listed is refused, as for every folder a report reads).
    pub fn read(dir: &Path) -> Result<Self, Error> {
        let path = dir.join(MANIFEST);
        let text = read_verified(dir, MANIFEST)?;
        let manifest: Value = serde_json::from_str(&text).map_err(|e| Error::BadOutput {
            path: path.clone(),
            message: e.to_string(),
        })?;
        if !manifest["question"].is_object() {
            return Err(Error::BadOutput {
                path,
                message: "not an optimisation manifest (no `question`): rerun talentloop \
                          optimize"
                    .into(),
            });
        }
        Ok(OptimizationReport {
            manifest,
            charts: read_charts(dir)?,
        })
    }
}

/// A lever value with the lever's unit.
fn lever_value(key: &str, v: f64, lang: Lang) -> String {
    let u = super::text::param_def(key).map_or("", |d| d.unit);
    let shown = if v.abs() >= 1000.0 {
        group_thousands(&format!("{v:.0}"))
    } else {
        format!("{}", (v * 1e6).round() / 1e6)
    };
    match unit(u, lang) {
        u if u.is_empty() || u == "1" => shown,
        u => format!("{shown} {u}"),
    }
}

/// One number of a result to four significant digits.
fn score(v: f64) -> String {
    if v.abs() >= 1000.0 {
        group_thousands(&format!("{v:.0}"))
    } else {
        format!("{:.4}", v)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

/// The report's optimisation section (none without an optimisation folder).
pub fn sections(lang: Lang, optimizations: &[OptimizationReport]) -> Option<Section> {
    (!optimizations.is_empty()).then(|| {
        Section::new(
            "optimization",
            lang.pick("政策组合优化", "Optimised packages"),
            body(lang, optimizations),
        )
    })
}

/// The section's body for every optimisation given.
fn body(lang: Lang, optimizations: &[OptimizationReport]) -> String {
    let mut html = String::new();
    for o in optimizations {
        let m = &o.manifest;
        let q = &m["question"];
        let label = |x: &Value| match lang {
            Lang::Zh => x["quantity_zh"].as_str().unwrap_or_default().to_string(),
            Lang::En => x["quantity"].as_str().unwrap_or_default().to_string(),
        };
        let list = |key: &str| q[key].as_array().cloned().unwrap_or_default();
        let objectives: Vec<String> = list("objectives")
            .iter()
            .map(|x| {
                let max = x["sense"] == "max";
                match lang {
                    Lang::Zh => {
                        format!("{}{}", if max { "使最大：" } else { "使最小：" }, label(x))
                    }
                    Lang::En => {
                        format!("{} {}", if max { "maximise" } else { "minimise" }, label(x))
                    }
                }
            })
            .collect();
        let constraints: Vec<String> = list("constraints")
            .iter()
            .map(|x| {
                let bound = |k: &str, zh: &str, en: &str| {
                    x[k].as_f64()
                        .map(|v| lang.pick(zh, en).to_string() + &score(v))
                };
                let bounds: Vec<String> =
                    [bound("min", "不低于 ", "≥ "), bound("max", "不高于 ", "≤ ")]
                        .into_iter()
                        .flatten()
                        .collect();
                format!("{} {}", label(x), bounds.join(lang.pick("、", ", ")))
            })
            .collect();
        let levers = list("levers");
        let name = m["name"].as_str().unwrap_or_default();
        let count = |k: &str| m[k].as_u64().unwrap_or(0);
        let robust = match &q["robust"] {
            Value::Object(r) => match lang {
                Lang::Zh => format!(
                    "；每个组合在 {} 个不确定情景（{}）下运行，按 {} 统计量评分，约束取各情景平均",
                    r["futures"],
                    r["sweep"].as_str().unwrap_or_default(),
                    r["statistic"].as_str().unwrap_or_default()
                ),
                Lang::En => format!(
                    "; each combination runs in {} uncertain futures ({}), scored by their {} \
                     statistic, constraints on the mean over futures",
                    r["futures"],
                    r["sweep"].as_str().unwrap_or_default(),
                    r["statistic"].as_str().unwrap_or_default()
                ),
            },
            _ => String::new(),
        };
        let _ = writeln!(
            html,
            "<h3>{}</h3>\n<p>{}</p>",
            escape(&format!("{} {name}", lang.pick("优化", "Optimisation"))),
            escape(&match lang {
                Lang::Zh => format!(
                    "问题：{}；约束：{}。在 {} 项措施的范围内搜索（每代 {} 组，共 {} 代，\
                     评估 {} 个措施组合，{} 次模型运行{robust}）。",
                    objectives.join("，"),
                    constraints.join("；"),
                    levers.len(),
                    count("population"),
                    count("generations_done"),
                    count("candidates_evaluated"),
                    count("model_runs"),
                ),
                Lang::En => format!(
                    "Question: {}; constraints: {}. {} measures searched ({} per generation, {} \
                     generations, {} combinations evaluated, {} model runs{robust}).",
                    objectives.join(", "),
                    constraints.join("; "),
                    levers.len(),
                    count("population"),
                    count("generations_done"),
                    count("candidates_evaluated"),
                    count("model_runs"),
                ),
            })
        );
        let picks: Vec<(&str, &str, &Value)> = PICKS
            .iter()
            .filter_map(|p| {
                let v = &m["picked"][p.name];
                v.is_object().then_some((p.name, lang.pick(p.zh, p.en), v))
            })
            .collect();
        if picks.is_empty() {
            let _ = writeln!(
                html,
                "<p>{}</p>",
                lang.pick(
                    "没有满足全部约束的措施组合。",
                    "No combination met every constraint."
                )
            );
        } else {
            let mut head = vec![lang
                .pick("措施（搜索范围）与结果", "Measure (range) and result")
                .to_string()];
            head.extend(picks.iter().map(|p| p.1.to_string()));
            let mut rows = Vec::new();
            for (k, lever) in levers.iter().enumerate() {
                let key = lever["key"].as_str().unwrap_or_default();
                let range = format!(
                    "{}–{}",
                    score(lever["lower"].as_f64().unwrap_or(0.0)),
                    score(lever["upper"].as_f64().unwrap_or(0.0))
                );
                let name = match (lang, lever["label_zh"].as_str()) {
                    (Lang::Zh, Some(zh)) => escape(zh),
                    _ => format!("{} ({range})", param_name(key, lang, &[])),
                };
                let mut cells = vec![name];
                cells.extend(picks.iter().map(|p| {
                    let v = p.2["levers"][k]["value"].as_f64().unwrap_or(f64::NAN);
                    escape(&lever_value(key, v, lang))
                }));
                rows.push((String::new(), cells));
            }
            let parts = [
                ("objectives", "score", lang.pick("目标：", "objective: ")),
                ("constraints", "value", lang.pick("约束：", "constraint: ")),
            ];
            for (part, what, kind) in parts {
                for (k, x) in list(part).iter().enumerate() {
                    let mut cells = vec![format!("<b>{kind}{}</b>", escape(&label(x)))];
                    cells.extend(
                        picks
                            .iter()
                            .map(|p| score(p.2[part][k][what].as_f64().unwrap_or(f64::NAN))),
                    );
                    rows.push((String::new(), cells));
                }
            }
            html.push_str(&table(&head, &rows));
        }
        // The front first, then the levers and the convergence, each across the page.
        let captions = [
            (
                "front",
                lang.pick(
                    "帕累托前沿与已有方案",
                    "The front and the existing packages",
                ),
            ),
            (
                "levers",
                lang.pick("前沿方案的措施组合", "The measures along the front"),
            ),
            (
                "convergence",
                lang.pick("搜索的收敛", "Convergence of the search"),
            ),
        ];
        let figures: Vec<(String, &str)> = captions
            .iter()
            .filter_map(|(stem, caption)| {
                let svg = o.charts.iter().find(|c| c.0 == *stem)?;
                Some((caption.to_string(), svg.1.as_str()))
            })
            .collect();
        html.push_str(&wide_charts(&figures));
        let _ = writeln!(
            html,
            "<p class=\"note\">{}</p>",
            escape(lang.pick(READING_ZH, READING_EN))
        );
    }
    html
}
