//! The standard charts of a run and of a comparison, with labels in Chinese (default) or English:
//! drawn from memory by `run` and `compare` ([`plot_run`], [`plot_comparison`]), and by `plot DIR`
//! from the typed files they wrote ([`plot_dir`]; no re-simulation).
//!
//! A run directory gets `charts/{talent_stocks, gap_matching, high_tech_share, gdp, coordination,
//! fiscal_cost, sectors}.{png,svg}`; a comparison directory gets one line chart per headline
//! indicator (baseline in black, others by colour and dash) and bar charts of the percentage
//! change against the baseline at the last comparison year.

use std::path::{Path, PathBuf};

use super::atomic;
use super::chart::{render, Band, Chart, Plot, Series, Size};
use super::csv::read_sectors;
pub use super::csv::{read_timeseries, TidyRow};
use super::manifest::{ComparisonManifest, RunManifest};
use crate::analysis::compare::Comparison;
use crate::error::Error;
use crate::model::indicator_registry::find;
use crate::model::indicators::COORDINATION_GRADES;
use crate::model::layout::COSTS;
use crate::results::RunResult;
use crate::scenario::Scenario;

/// Label language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Chinese (default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The Chinese or the English text.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Label of a variable in `lang`, from the indicator registry (`variable[category]` when the
/// registry has no such indicator).
pub fn label(variable: &str, category: &str, lang: Lang) -> String {
    match find(variable, category) {
        Some(def) => def.label(lang == Lang::Zh).to_string(),
        None if category.is_empty() => variable.to_string(),
        None => format!("{variable}[{category}]"),
    }
}

/// Where the charts take their numbers from: a run in memory ([`RunResult`], as `run` and
/// `compare` hand it over) or its `timeseries.csv` read back ([`TidyRow`]s, for `plot DIR`).
/// Both give the same points, since the CSV holds shortest round-trip numbers.
pub trait Source {
    /// Scenario name.
    fn scenario(&self) -> &str;
    /// (time, value) of `variable`/`category`, city-wide when `sector` is empty.
    fn points(&self, variable: &str, category: &str, sector: &str) -> Vec<(f64, f64)>;
}

impl Source for RunResult {
    fn scenario(&self) -> &str {
        &self.scenario
    }

    fn points(&self, variable: &str, category: &str, sector: &str) -> Vec<(f64, f64)> {
        let sector = (!sector.is_empty()).then_some(sector);
        self.column(variable, category, sector)
            .map_or_else(Vec::new, |c| {
                self.times
                    .iter()
                    .zip(&self.values)
                    .map(|(t, row)| (*t, row[c]))
                    .collect()
            })
    }
}

impl Source for [TidyRow] {
    fn scenario(&self) -> &str {
        self.first().map_or("", |r| r.scenario.as_str())
    }

    fn points(&self, variable: &str, category: &str, sector: &str) -> Vec<(f64, f64)> {
        self.iter()
            .filter(|r| r.variable == variable && r.category == category && r.sector == sector)
            .map(|r| (r.time, r.value))
            .collect()
    }
}

impl Source for Vec<TidyRow> {
    fn scenario(&self) -> &str {
        self.as_slice().scenario()
    }

    fn points(&self, variable: &str, category: &str, sector: &str) -> Vec<(f64, f64)> {
        self.as_slice().points(variable, category, sector)
    }
}

impl<T: Source + ?Sized> Source for &T {
    fn scenario(&self) -> &str {
        (**self).scenario()
    }

    fn points(&self, variable: &str, category: &str, sector: &str) -> Vec<(f64, f64)> {
        (**self).points(variable, category, sector)
    }
}

fn series_of<S: Source + ?Sized>(
    data: &S,
    variable: &str,
    category: &str,
    sector: &str,
    scale: f64,
) -> Vec<(f64, f64)> {
    data.points(variable, category, sector)
        .into_iter()
        .map(|(t, v)| (t, v * scale))
        .collect()
}

fn named<S: Source + ?Sized>(
    data: &S,
    variable: &str,
    category: &str,
    lang: Lang,
    scale: f64,
) -> Series {
    Series {
        name: label(variable, category, lang),
        points: series_of(data, variable, category, "", scale),
        emphasis: false,
    }
}

/// (id, Chinese name) of each sector, as the sector panels need them.
pub fn sector_names(scenario: &Scenario) -> Vec<(String, String)> {
    scenario
        .sectors
        .iter()
        .map(|s| (s.id.clone(), s.name_zh.clone()))
        .collect()
}

/// The charts of one run, from its numbers and (id, Chinese name) of its sectors.
pub fn run_charts<S: Source + ?Sized>(
    rows: &S,
    sectors: &[(String, String)],
    lang: Lang,
) -> Vec<(String, Chart)> {
    let l = |zh, en| lang.pick(zh, en).to_string();
    let year = l("年份", "year");
    let scenario = rows.scenario();
    // In Chinese the chart's folder names the scenario (an English id in a Chinese title reads
    // as noise); in English the id follows the title.
    let title = |zh: &str, en: &str| match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => format!("{en} ({scenario})"),
    };
    // A line chart of one variable for high-level (H) and skilled (S) talent.
    let both_categories = |stem: &str, title: String, y_label: String, variable: &str| {
        (
            stem.to_string(),
            Chart {
                title,
                x_label: year.clone(),
                y_label,
                plot: Plot::Line {
                    series: vec![
                        named(rows, variable, "H", lang, 1.0),
                        named(rows, variable, "S", lang, 1.0),
                    ],
                    bands: vec![],
                    y_range: None,
                },
            },
        )
    };
    let mut charts = vec![
        (
            "talent_stocks".to_string(),
            Chart {
                title: title("人才存量", "Talent stocks"),
                x_label: year.clone(),
                y_label: l("人", "persons"),
                plot: Plot::Line {
                    series: vec![
                        named(rows, "talent_total", "H", lang, 1.0),
                        named(rows, "talent_firms", "H", lang, 1.0),
                        named(rows, "talent_public_service", "H", lang, 1.0),
                        named(rows, "talent_deployed", "H", lang, 1.0),
                        named(rows, "talent_total", "S", lang, 1.0),
                    ],
                    bands: vec![],
                    y_range: None,
                },
            },
        ),
        (
            "gap_matching".to_string(),
            Chart {
                // Gap ratios only: a fill rate is one minus its gap ratio, so drawing both would
                // show each fact twice.
                title: title("人才缺口率", "Talent gap ratios"),
                x_label: year.clone(),
                y_label: l("缺口率（%）", "gap ratio (%)"),
                plot: Plot::Line {
                    series: vec![
                        named(rows, "gap_ratio", "H", lang, 100.0),
                        named(rows, "gap_ratio", "S", lang, 100.0),
                    ],
                    bands: vec![],
                    y_range: Some((0.0, 100.0)),
                },
            },
        ),
        // The seed's diagnosis (传统产业人才过剩与新兴产业人才不足): how far the sector mix of
        // supply is from that of demand.
        both_categories(
            "mismatch",
            title("人才结构错配", "Structural mismatch of talent"),
            l("错配指数（0为完全匹配）", "dissimilarity (0 = same mix)"),
            "dissimilarity",
        ),
        both_categories(
            "pay",
            title("人才薪酬（相对成都）", "Talent pay relative to 成都"),
            l("相对2024年水平", "relative to 2024"),
            "relative_pay",
        ),
        (
            "high_tech_share".to_string(),
            Chart {
                title: title(
                    "高新技术制造业增加值占比",
                    "High-tech share of manufacturing",
                ),
                x_label: year.clone(),
                y_label: l("占比（%）", "share (%)"),
                plot: Plot::Line {
                    series: vec![named(
                        rows,
                        "high_tech_share_manufacturing",
                        "",
                        lang,
                        100.0,
                    )],
                    bands: vec![],
                    y_range: None,
                },
            },
        ),
        (
            "gdp".to_string(),
            Chart {
                title: title("地区生产总值与产业增加值", "GDP and value added"),
                x_label: year.clone(),
                y_label: l("亿元/年（2024年价格）", "亿元/yr (2024 prices)"),
                plot: Plot::Line {
                    series: vec![
                        named(rows, "gdp", "", lang, 1.0),
                        named(rows, "value_added_ten_sectors", "", lang, 1.0),
                        named(rows, "value_added_manufacturing", "", lang, 1.0),
                    ],
                    bands: vec![],
                    y_range: None,
                },
            },
        ),
        (
            "coordination".to_string(),
            Chart {
                title: title(
                    "人才与产业耦合协调度",
                    "Coupling coordination of talent and industry",
                ),
                x_label: year.clone(),
                y_label: l("协调度 D", "coordination degree D"),
                plot: Plot::Line {
                    series: vec![named(rows, "coordination_degree", "", lang, 1.0)],
                    bands: COORDINATION_GRADES
                        .iter()
                        .enumerate()
                        .map(|(k, (zh, en))| Band {
                            from: k as f64 / 10.0,
                            to: (k + 1) as f64 / 10.0,
                            label: lang.pick(zh, en).to_string(),
                        })
                        .collect(),
                    y_range: Some((0.0, 1.0)),
                },
            },
        ),
        (
            "fiscal_cost".to_string(),
            Chart {
                title: title(
                    "累计财政投入（按项目）",
                    "Cumulative fiscal cost by programme",
                ),
                x_label: year.clone(),
                y_label: l("亿元", "亿元"),
                plot: Plot::Stacked {
                    layers: COSTS
                        .iter()
                        .map(|c| named(rows, c.variable, "", lang, 1.0))
                        .collect(),
                },
            },
        ),
    ];
    let panels = sectors
        .iter()
        .map(|(id, name_zh)| {
            let title = if lang == Lang::Zh {
                name_zh.clone()
            } else {
                id.clone()
            };
            let s = |variable: &str, category: &str| Series {
                name: label(variable, category, lang),
                points: series_of(rows, variable, category, id, 1.0),
                emphasis: false,
            };
            (
                title,
                vec![
                    s("high_tech_share", ""),
                    s("adequacy", "H"),
                    s("adequacy", "S"),
                ],
            )
        })
        .collect();
    charts.push((
        "sectors".to_string(),
        Chart {
            title: title(
                "分产业 - 高新技术占比与人才充足率",
                "By sector: high-tech share and talent adequacy",
            ),
            x_label: year,
            y_label: l("比例", "ratio"),
            plot: Plot::Multiples { panels },
        },
    ));
    charts
}

/// Headline indicators drawn for a comparison: (variable, category, scale, unit zh, unit en).
const COMPARE_CHARTS: &[(&str, &str, f64, &str, &str)] = &[
    ("talent_total", "H", 1.0, "人", "persons"),
    ("talent_total", "S", 1.0, "人", "persons"),
    ("high_tech_share_manufacturing", "", 100.0, "%", "%"),
    ("gdp", "", 1.0, "亿元/年", "亿元/yr"),
    ("coordination_degree", "", 1.0, "D", "D"),
    ("cost_total", "", 1.0, "亿元", "亿元"),
];

/// The name a comparison chart gives a scenario: in Chinese the part of its title before the
/// first colon (e.g. 双向飞地 for 双向飞地：成渝科创飞地与本地产业飞地), else its name.
pub fn legend_name(name: &str, title_zh: &str, lang: Lang) -> String {
    let short = title_zh
        .split(['：', ':'])
        .next()
        .unwrap_or_default()
        .trim();
    if lang == Lang::Zh && !short.is_empty() {
        short.to_string()
    } else {
        name.to_string()
    }
}

/// The charts of a comparison: `runs` maps scenario name → its numbers, in order, with the
/// baseline's name; `names` are the scenarios as legends and bars show them ([`legend_name`]),
/// in the same order.
pub fn compare_charts<S: Source>(
    runs: &[(String, S)],
    names: &[String],
    baseline: &str,
    lang: Lang,
) -> Vec<(String, Chart)> {
    let shown = |k: usize| names.get(k).cloned().unwrap_or_else(|| runs[k].0.clone());
    let year = lang.pick("年份", "year").to_string();
    let mut charts = Vec::new();
    for (variable, category, scale, unit_zh, unit_en) in COMPARE_CHARTS {
        let name = label(variable, category, lang);
        let series: Vec<Series> = runs
            .iter()
            .enumerate()
            .map(|(k, (scenario, rows))| Series {
                name: shown(k),
                points: series_of(rows, variable, category, "", *scale),
                emphasis: scenario == baseline,
            })
            .collect();
        // A comparison is read for its differences: the axis spans the data (with a margin)
        // rather than reaching down to zero as a single run's levels do.
        let (lo, hi) = series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.1))
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
        let pad = 0.05 * (hi - lo).max(1e-9 * hi.abs().max(1.0));
        let y_range = (lo.is_finite() && hi.is_finite()).then_some((lo - pad, hi + pad));
        let file = if category.is_empty() {
            format!("compare_{variable}")
        } else {
            format!("compare_{variable}_{category}")
        };
        charts.push((
            file.clone(),
            Chart {
                title: format!("{name}{}", lang.pick(" - 情景比较", ": scenarios compared")),
                x_label: year.clone(),
                y_label: lang.pick(unit_zh, unit_en).to_string(),
                plot: Plot::Line {
                    series,
                    bands: vec![],
                    y_range,
                },
            },
        ));
        let Some((_, base_rows)) = runs.iter().find(|(s, _)| s == baseline) else {
            continue;
        };
        let last = |rows: &S| {
            series_of(rows, variable, category, "", 1.0)
                .last()
                .copied()
                .unwrap_or((0.0, f64::NAN))
        };
        let (horizon, base_value) = last(base_rows);
        let others: Vec<(usize, &(String, S))> = runs
            .iter()
            .enumerate()
            .filter(|(_, (s, _))| s != baseline)
            .collect();
        if others.is_empty() || base_value == 0.0 || !base_value.is_finite() {
            continue;
        }
        charts.push((
            format!("{file}_delta"),
            Chart {
                title: format!(
                    "{name}{} {horizon:.0}",
                    lang.pick(" - 相对基准情景的变化", ": change against the baseline,")
                ),
                x_label: lang.pick("情景", "scenario").to_string(),
                y_label: lang.pick("变化（%）", "change (%)").to_string(),
                plot: Plot::Bars {
                    categories: others.iter().map(|(k, _)| shown(*k)).collect(),
                    values: others
                        .iter()
                        .map(|(_, (_, rows))| {
                            100.0 * (last(rows).1 - base_value) / base_value.abs()
                        })
                        .collect(),
                    errors: None,
                },
            },
        ));
    }
    charts
}

/// Renders charts into `dir` as PNG and SVG (atomic writes). Returns the files written.
pub fn write_charts(
    dir: &Path,
    charts: &[(String, Chart)],
    size: Size,
) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut files = Vec::new();
    for (name, chart) in charts {
        let rendered = render(chart, size)?;
        let png = dir.join(format!("{name}.png"));
        atomic::write(&png, &rendered.png)?;
        let svg = dir.join(format!("{name}.svg"));
        atomic::write(&svg, rendered.svg.as_bytes())?;
        files.push(png);
        files.push(svg);
    }
    Ok(files)
}

/// Draws the charts of a run held in memory into `dir/charts/` (as `run` does after writing).
pub fn plot_run(
    dir: &Path,
    scenario: &Scenario,
    result: &RunResult,
    size: Size,
    lang: Lang,
) -> Result<Vec<PathBuf>, Error> {
    let charts = run_charts(result, &sector_names(scenario), lang);
    write_charts(&dir.join("charts"), &charts, size)
}

/// Draws the charts of a comparison held in memory into `dir/charts/`, and each run's charts
/// into `dir/<scenario>/charts/` (as `compare` does after writing).
pub fn plot_comparison(
    dir: &Path,
    c: &Comparison,
    size: Size,
    lang: Lang,
) -> Result<Vec<PathBuf>, Error> {
    let runs: Vec<(String, &RunResult)> = c
        .runs
        .iter()
        .map(|r| (r.scenario.name.clone(), &r.result))
        .collect();
    let names: Vec<String> = c
        .runs
        .iter()
        .map(|r| legend_name(&r.scenario.name, &r.scenario.title_zh, lang))
        .collect();
    let baseline = &c.runs[c.baseline].scenario.name;
    let mut files = write_charts(
        &dir.join("charts"),
        &compare_charts(&runs, &names, baseline, lang),
        size,
    )?;
    for r in &c.runs {
        files.extend(plot_run(
            &dir.join(&r.scenario.name),
            &r.scenario,
            &r.result,
            size,
            lang,
        )?);
    }
    Ok(files)
}

/// The charts of the run directory `dir`, from its manifest, `timeseries.csv` and `sectors.csv`.
fn read_run_charts(dir: &Path, lang: Lang) -> Result<Vec<(String, Chart)>, Error> {
    // The manifest is written last: without a readable one the other files may be partial.
    RunManifest::read(dir)?;
    let rows = read_timeseries(&dir.join("timeseries.csv"))?;
    let sectors: Vec<(String, String)> = read_sectors(&dir.join("sectors.csv"))?
        .into_iter()
        .map(|s| (s.id, s.name_zh))
        .collect();
    Ok(run_charts(&rows, &sectors, lang))
}

/// Whether `dir` holds a comparison (rather than one run).
pub fn is_comparison(dir: &Path) -> bool {
    dir.join("comparison.csv").is_file()
}

/// Draws the charts of the run or comparison in `dir` into `dir/charts/`, reading the files
/// `run` or `compare` wrote; for a comparison the baseline and the order of the scenarios come
/// from its manifest.
pub fn plot_dir(dir: &Path, size: Size, lang: Lang) -> Result<Vec<PathBuf>, Error> {
    let out = dir.join("charts");
    if is_comparison(dir) {
        let manifest = ComparisonManifest::read(dir)?;
        let mut runs = Vec::new();
        let mut names = Vec::new();
        for name in &manifest.scenarios {
            let sub = dir.join(name);
            names.push(legend_name(name, &RunManifest::read(&sub)?.title_zh, lang));
            runs.push((name.clone(), read_timeseries(&sub.join("timeseries.csv"))?));
        }
        let charts = compare_charts(&runs, &names, &manifest.baseline, lang);
        return write_charts(&out, &charts, size);
    }
    if dir.join("timeseries.csv").is_file() {
        return write_charts(&out, &read_run_charts(dir, lang)?, size);
    }
    Err(Error::BadOutput {
        path: dir.to_path_buf(),
        message: "no timeseries.csv or comparison.csv here: give a directory written by \
            `talentloop run` or `talentloop compare`"
            .into(),
    })
}

/// [`plot_dir`], and for a comparison also the charts of each of its runs.
pub fn plot_tree(dir: &Path, size: Size, lang: Lang) -> Result<Vec<PathBuf>, Error> {
    let mut files = plot_dir(dir, size, lang)?;
    if is_comparison(dir) {
        for name in ComparisonManifest::read(dir)?.scenarios {
            files.extend(plot_dir(&dir.join(name), size, lang)?);
        }
    }
    Ok(files)
}
