//! Writes a scenario comparison: `comparison.csv` (tidy), `comparison.md` (tables for a report)
//! and each scenario's own run outputs in a subdirectory.
//!
//! `comparison.csv` columns:
//! `scenario,year,variable,category,unit,value,baseline_value,delta,pct_delta`
//! (`pct_delta` empty when the baseline value is 0). Cost-effectiveness appears in the Markdown and
//! in
//! `effectiveness.csv`: `scenario,delta_cost_yi,talent_fte_per_yi,high_level_per_yi,
//! high_tech_points_per_yi,wan_per_extra_high_level,talent_years,talent_years_per_yi,
//! discount_rate,administrative_levers,only_administrative` (empty cells = n/a; the levers
//! separated by `;`). `fiscal.csv`, one row per scenario: `scenario,programme_spending_yi,
//! peak_year,peak_year_spending_yi,peak_gdp_share,peak_gdp_share_year,budget_total_yi,
//! budget_per_year_yi,over_budget`. `manifest.json` is a [`ComparisonManifest`]: which scenario
//! is the baseline, the scenarios in order, the years.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::csv::{field, nan, nan_if_empty, number, BOM};
use super::json::RunProvenance;
use super::manifest::{self, ComparisonManifest, MANIFEST};
use super::plots::Lang;
use super::table::display_number;
use super::{atomic, write_run_files};
use crate::analysis::compare::{Comparison, ADMINISTRATIVE_MARK, COMPARED, MIN_COST_DIFFERENCE};
use crate::analysis::fiscal::GDP_SHARE_WARNING;
use crate::error::Error;

fn opt(v: Option<f64>) -> String {
    v.map_or(String::new(), number)
}

/// One row of `comparison.csv`: built from a [`Comparison`] for writing and for a report from
/// memory, read back by `report DIR`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ComparisonRow {
    /// Scenario name.
    pub scenario: String,
    /// Year.
    #[serde(deserialize_with = "nan_if_empty")]
    pub year: f64,
    /// Variable.
    pub variable: String,
    /// Category.
    pub category: String,
    /// Unit.
    pub unit: String,
    /// Value in the scenario.
    #[serde(deserialize_with = "nan_if_empty")]
    pub value: f64,
    /// Value in the baseline.
    #[serde(deserialize_with = "nan_if_empty")]
    pub baseline_value: f64,
    /// value − baseline.
    #[serde(deserialize_with = "nan_if_empty")]
    pub delta: f64,
    /// Percentage change, `None` when the baseline is 0.
    pub pct_delta: Option<f64>,
}

/// One row of `effectiveness.csv` (`None` = n/a).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EffectivenessRow {
    /// Scenario name.
    pub scenario: String,
    /// Extra cumulative fiscal cost (亿元).
    #[serde(deserialize_with = "nan_if_empty")]
    pub delta_cost_yi: f64,
    /// Extra talent (FTE) per 亿元.
    pub talent_fte_per_yi: Option<f64>,
    /// Extra high-level talent per 亿元.
    pub high_level_per_yi: Option<f64>,
    /// Extra high-tech share (percentage points) per 亿元.
    pub high_tech_points_per_yi: Option<f64>,
    /// 万元 per extra high-level person.
    pub wan_per_extra_high_level: Option<f64>,
    // The columns below were added with the costed policies; a folder written before them still
    // makes a report (empty or NaN there).
    /// Discounted talent-years gained in firms (person·yr).
    #[serde(default = "nan", deserialize_with = "nan_if_empty")]
    pub talent_years: f64,
    /// Talent-years gained in firms per 亿元.
    #[serde(default)]
    pub talent_years_per_yi: Option<f64>,
    /// Discount rate of costs and talent-years (1/yr).
    #[serde(default = "nan", deserialize_with = "nan_if_empty")]
    pub discount_rate: f64,
    /// Administrative levers the package changes, separated by `;`.
    #[serde(default)]
    pub administrative_levers: String,
    /// Whether every lever it changes is administrative.
    #[serde(default)]
    pub only_administrative: bool,
}

/// One row of `fiscal.csv`: a scenario's spending against its budget and GDP (`None` = empty).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FiscalRow {
    /// Scenario name.
    pub scenario: String,
    /// Programme spending from the start to the end of the run (亿元; 编制 salaries excluded).
    #[serde(deserialize_with = "nan_if_empty")]
    pub programme_spending_yi: f64,
    /// The calendar year of the largest programme spending.
    pub peak_year: Option<i32>,
    /// That year's programme spending (亿元).
    pub peak_year_spending_yi: Option<f64>,
    /// Largest share of GDP of all spending.
    #[serde(deserialize_with = "nan_if_empty")]
    pub peak_gdp_share: f64,
    /// The calendar year it is reached in.
    pub peak_gdp_share_year: i32,
    /// The budget over the run (亿元).
    pub budget_total_yi: Option<f64>,
    /// The budget per calendar year (亿元).
    pub budget_per_year_yi: Option<f64>,
    /// Whether a set budget is exceeded.
    pub over_budget: bool,
}

/// The rows of `fiscal.csv`, one per run in run order.
pub fn fiscal_rows(c: &Comparison) -> Vec<FiscalRow> {
    c.runs
        .iter()
        .zip(&c.fiscal)
        .map(|(r, f)| FiscalRow {
            scenario: r.scenario.name.clone(),
            programme_spending_yi: f.programme_total,
            peak_year: f.peak_year.map(|(y, _)| y),
            peak_year_spending_yi: f.peak_year.map(|(_, x)| x),
            peak_gdp_share: f.peak_gdp_share,
            peak_gdp_share_year: f.peak_gdp_share_year,
            budget_total_yi: f.budget.max_total,
            budget_per_year_yi: f.budget.max_per_year,
            over_budget: f.over_budget(),
        })
        .collect()
}

/// The rows of `comparison.csv`.
pub fn comparison_rows(c: &Comparison) -> Vec<ComparisonRow> {
    c.cells
        .iter()
        .map(|cell| {
            let (variable, category) = (
                COMPARED[cell.indicator].variable,
                COMPARED[cell.indicator].category,
            );
            ComparisonRow {
                scenario: c.runs[cell.run].scenario.name.clone(),
                year: cell.year,
                variable: variable.to_string(),
                category: category.to_string(),
                unit: cell.unit.to_string(),
                value: cell.value,
                baseline_value: cell.baseline,
                delta: cell.delta(),
                pct_delta: cell.pct_delta(),
            }
        })
        .collect()
}

/// The rows of `effectiveness.csv`.
pub fn effectiveness_rows(c: &Comparison) -> Vec<EffectivenessRow> {
    c.effectiveness
        .iter()
        .map(|e| EffectivenessRow {
            scenario: c.runs[e.run].scenario.name.clone(),
            delta_cost_yi: e.delta_cost,
            talent_fte_per_yi: e.talent_per_yi,
            high_level_per_yi: e.high_level_per_yi,
            high_tech_points_per_yi: e.high_tech_points_per_yi,
            wan_per_extra_high_level: e.cost_per_retained_wan,
            talent_years: e.talent_years,
            talent_years_per_yi: e.talent_years_per_yi,
            discount_rate: c.discount_rate,
            administrative_levers: e.administrative_levers.join(";"),
            only_administrative: e.only_administrative(),
        })
        .collect()
}

/// `fiscal.csv` bytes: every run's spending against its budget and GDP.
pub fn fiscal_csv(c: &Comparison) -> Vec<u8> {
    let mut out = String::from(BOM);
    out.push_str(
        "scenario,programme_spending_yi,peak_year,peak_year_spending_yi,peak_gdp_share,\
        peak_gdp_share_year,budget_total_yi,budget_per_year_yi,over_budget\n",
    );
    for f in fiscal_rows(c) {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{}",
            field(&f.scenario),
            number(f.programme_spending_yi),
            f.peak_year.map_or(String::new(), |y| y.to_string()),
            opt(f.peak_year_spending_yi),
            number(f.peak_gdp_share),
            f.peak_gdp_share_year,
            opt(f.budget_total_yi),
            opt(f.budget_per_year_yi),
            f.over_budget
        );
    }
    out.into_bytes()
}

/// `comparison.csv` bytes.
pub fn comparison_csv(c: &Comparison) -> Vec<u8> {
    let mut out = String::from(BOM);
    out.push_str("scenario,year,variable,category,unit,value,baseline_value,delta,pct_delta\n");
    for r in comparison_rows(c) {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{}",
            field(&r.scenario),
            number(r.year),
            r.variable,
            r.category,
            r.unit,
            number(r.value),
            number(r.baseline_value),
            number(r.delta),
            opt(r.pct_delta)
        );
    }
    out.into_bytes()
}

/// `effectiveness.csv` bytes.
pub fn effectiveness_csv(c: &Comparison) -> Vec<u8> {
    let mut out = String::from(BOM);
    out.push_str(
        "scenario,delta_cost_yi,talent_fte_per_yi,high_level_per_yi,\
        high_tech_points_per_yi,wan_per_extra_high_level,talent_years,talent_years_per_yi,\
        discount_rate,administrative_levers,only_administrative\n",
    );
    for e in effectiveness_rows(c) {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{}",
            field(&e.scenario),
            number(e.delta_cost_yi),
            opt(e.talent_fte_per_yi),
            opt(e.high_level_per_yi),
            opt(e.high_tech_points_per_yi),
            opt(e.wan_per_extra_high_level),
            number(e.talent_years),
            opt(e.talent_years_per_yi),
            number(e.discount_rate),
            field(&e.administrative_levers),
            e.only_administrative
        );
    }
    out.into_bytes()
}

fn fmt_opt(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".into(), display_number)
}

/// The Chinese name of a cost-effectiveness ratio (as comparison.md's table heads it).
fn ratio_zh(id: &str) -> Option<&'static str> {
    Some(match id {
        "talent_years_per_yi" => "每亿元企业高层次人才人·年",
        "talent_per_yi" => "每亿元人才全时当量",
        "high_level_per_yi" => "每亿元高层次人才",
        "high_tech_points_per_yi" => "每亿元高新技术占比（百分点）",
        _ => return None,
    })
}

/// `comparison.md`: one table per year, cost-effectiveness, ranking and notes on reallocations.
pub fn comparison_markdown(c: &Comparison, lang: Lang) -> String {
    let base = &c.runs[c.baseline].scenario;
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# {}\n",
        lang.pick("情景比较", "情景比较 Scenario comparison")
    );
    let _ = match lang {
        Lang::Zh => writeln!(
            md,
            "基准情景：`{}` — {}。数值为各年1月1日的值，变化均相对基准情景。\n",
            base.name, base.title_zh
        ),
        Lang::En => writeln!(
            md,
            "Baseline: `{}` — {}. Values at the start of each year; deltas are against the \
             baseline.\n",
            base.name, base.title_zh
        ),
    };
    let _ = writeln!(
        md,
        "| {} | 情景 |\n|---|---|",
        lang.pick("方案代号", "scenario")
    );
    for r in &c.runs {
        let _ = writeln!(md, "| `{}` | {} |", r.scenario.name, r.scenario.title_zh);
    }
    // Columns by the packages' short Chinese titles in Chinese, by their ids in English.
    let column = |r: &crate::analysis::compare::ComparedRun| {
        super::plots::legend_name(&r.scenario.name, &r.scenario.title_zh, lang)
    };
    for &year in &c.years {
        let _ = write!(md, "\n## {year}\n\n| {} |", lang.pick("指标", "indicator"));
        for r in &c.runs {
            let _ = write!(md, " {} |", column(r));
        }
        md.push_str("\n|---|");
        md.push_str(&"---:|".repeat(c.runs.len()));
        md.push('\n');
        for (indicator, def) in COMPARED.iter().enumerate() {
            let _ = write!(md, "| {} |", super::table::label_in(def, lang));
            for (k, _) in c.runs.iter().enumerate() {
                let cell = c
                    .cells
                    .iter()
                    .find(|x| x.run == k && x.year == year && x.indicator == indicator);
                match cell {
                    Some(cell) if k == c.baseline => {
                        let _ = write!(md, " {} |", display_number(cell.value));
                    }
                    Some(cell) => {
                        let pct = cell
                            .pct_delta()
                            .map_or(String::new(), |p| format!(" ({p:+.1}%)"));
                        let _ = write!(md, " {}{pct} |", display_number(cell.value));
                    }
                    None => md.push_str(" |"),
                }
            }
            md.push('\n');
        }
    }
    let last = c.years.last().copied().unwrap_or(f64::NAN);
    let name = |k: usize| column(&c.runs[k]);
    if lang == Lang::Zh {
        let _ = writeln!(
            md,
            "\n## 与基准相比的成本效益，{last}年\n\n\
             额外累计财政投入低于 {MIN_COST_DIFFERENCE} 亿元（或为负：节省财政的方案按其变化\
             量评价）时不计算比值。人·年：自起始年起企业高层次人才增量的积分；成本与人·年按\
             每年 {} 贴现（0 为不贴现）。{ADMINISTRATIVE_MARK}：方案含无直接财政成本的行政\
             措施，其部分效果在比值中不计成本。\n\n\
             | 方案 | 额外投入（亿元） | 每亿元企业高层次人才人·年 | 每亿元人才全时当量 | \
             每亿元高层次人才 | 每亿元高新技术占比（百分点） | \
             每增加一名高层次人才的成本（万元） | {ADMINISTRATIVE_MARK} |\n\
             |---|---:|---:|---:|---:|---:|---:|---|",
            c.discount_rate
        );
    } else {
        let _ = writeln!(
            md,
            "\n## Cost-effectiveness against the baseline, {last}\n\n\
         n/a where the extra cumulative cost is below {MIN_COST_DIFFERENCE} 亿元 (or negative: a \
             package that saves money is judged by its deltas). Talent-years: ∫Δ high-level \
             talent in firms dt from the start year; costs and talent-years discounted at {} per \
             year (0 = undiscounted). {ADMINISTRATIVE_MARK} (administrative): the package \
             changes a measure with no direct fiscal cost, so part of its effect is free in these \
             ratios.\n\n\
         | scenario | extra cost (亿元) | talent-years in firms per 亿元 | talent FTE per 亿元 | \
             high-level per 亿元 | high-tech share, pp per 亿元 | 万元 per extra high-level \
             person | {ADMINISTRATIVE_MARK} |\n\
         |---|---:|---:|---:|---:|---:|---:|---|",
            c.discount_rate
        );
    }
    for e in &c.effectiveness {
        let administrative = if e.only_administrative() {
            format!(
                "only administrative: {}",
                e.administrative_levers.join(", ")
            )
        } else if e.has_administrative() {
            format!("yes: {}", e.administrative_levers.join(", "))
        } else {
            String::new()
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {administrative} |",
            name(e.run),
            display_number(e.delta_cost),
            fmt_opt(e.talent_years_per_yi),
            fmt_opt(e.talent_per_yi),
            fmt_opt(e.high_level_per_yi),
            fmt_opt(e.high_tech_points_per_yi),
            fmt_opt(e.cost_per_retained_wan)
        );
    }
    let warning = 100.0 * GDP_SHARE_WARNING;
    let _ = match lang {
        Lang::Zh => writeln!(
            md,
            "\n## 财政支出\n\n\
             人才项目支出：除编制人员财政工资外的全部支出项，自起始年至运行结束，\
                 与情景的 `[budget]` 比较。占GDP比重：全部支出（含工资）占当年GDP的比重，\
                 取最高的日历年；超过 {warning:.0}% 时警示。\n\n\
             | 方案 | 人才项目支出（亿元） | 支出最高年份（亿元） | 最高占GDP比重 | 预算（亿元） | \
                 是否在预算内 |\n\
             |---|---:|---:|---:|---|---|"
        ),
        Lang::En => writeln!(
            md,
            "\n## 财政支出 Fiscal spending\n\n\
             Programme spending: every cost line except the public salaries of 编制 posts, from \
                 the start year to the end of the run, against the scenario's `[budget]`. Share \
                 of GDP: all spending (salaries included) over GDP in the calendar year where it \
                 is highest; above {warning:.0} % is a warning.\n\n\
             | scenario | programme spending (亿元) | peak year (亿元) | peak share of GDP | \
                 budget (亿元) | within budget |\n\
             |---|---:|---:|---:|---|---|"
        ),
    };
    for (r, f) in c.runs.iter().zip(&c.fiscal) {
        let peak = f.peak_year.map_or_else(
            || "n/a".to_string(),
            |(y, x)| format!("{} ({y})", display_number(x)),
        );
        let share = format!(
            "{:.2} % ({}){}",
            100.0 * f.peak_gdp_share,
            f.peak_gdp_share_year,
            if f.above_gdp_share() { " ⚠" } else { "" }
        );
        let budget = match (f.budget.max_total, f.budget.max_per_year) {
            (None, None) => lang.pick("未设", "none").to_string(),
            (total, year) => [
                total.map(|x| format!("{x} {}", lang.pick("合计", "total"))),
                year.map(|x| format!("{x} {}", lang.pick("每年", "a year"))),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", "),
        };
        let within = if !f.budget.is_set() {
            ""
        } else if f.over_budget() {
            lang.pick("否，超出预算", "no — over budget")
        } else {
            lang.pick("是", "yes")
        };
        let _ = writeln!(
            md,
            "| {} | {} | {peak} | {share} | {budget} | {within} |",
            column(r),
            display_number(f.programme_total)
        );
    }
    let (rv, rc) = &c.rank_by;
    let indicator = crate::model::indicator_registry::find(rv, rc);
    let label = if let (Lang::Zh, Some(zh)) = (lang, ratio_zh(rv)) {
        zh.to_string()
    } else if let (Lang::Zh, Some(d)) = (lang, indicator) {
        d.zh.to_string()
    } else if rc.is_empty() {
        rv.clone()
    } else {
        format!("{rv}[{rc}]")
    };
    let what = match (c.ranks_by_ratio(), lang) {
        (true, Lang::En) => format!(
            "a cost-effectiveness ratio against the baseline (discount rate {}); packages only, \
                n/a last; choose another with --rank-by",
            c.discount_rate
        ),
        (true, Lang::Zh) => format!(
            "相对基准情景的成本效益比（贴现率 {}）；只排政策方案，无法计算（n/a）的排在最后；\
                可用 --rank-by 换用其他指标",
            c.discount_rate
        ),
        (false, Lang::En) => "an indicator's value; choose another with --rank-by".to_string(),
        (false, Lang::Zh) => "指标数值；可用 --rank-by 换用其他指标".to_string(),
    };
    match lang {
        Lang::Zh => {
            let _ = writeln!(
                md,
                "\n## 按 {label} 排序，{last}年\n\n排序依据：{what}。\n\n\
                 | 排名 | 方案 | 数值 |\n|---:|---|---:|"
            );
        }
        Lang::En => {
            let _ = writeln!(
                md,
                "\n## Ranking by {label}, {last}\n\nRanked by {what}.\n\n\
                 | rank | scenario | value |\n|---:|---|---:|"
            );
        }
    }
    for (rank, (k, v)) in c.ranking.iter().enumerate() {
        let _ = writeln!(
            md,
            "| {} | {} | {} |",
            rank + 1,
            name(*k),
            if v.is_nan() {
                "n/a".to_string()
            } else {
                display_number(*v)
            }
        );
    }
    if let Some(r) = &c.robustness {
        md.push_str(&super::uncertainty::robustness_markdown(r, lang));
    }
    let notes = comparison_notes(c, lang);
    if !notes.is_empty() {
        let _ = writeln!(md, "\n## {}\n", lang.pick("说明", "Notes"));
        for n in notes {
            let _ = writeln!(md, "- {n}");
        }
    }
    md
}

/// What the tables do not say by themselves: packages that change only administrative measures,
/// fiscal warnings (spending above 5 % of GDP, over budget), and scenarios that move high-level
/// talent from public service to firms at the last comparison year (the totals hide this).
pub fn comparison_notes(c: &Comparison, lang: Lang) -> Vec<String> {
    let year = c.years.last().copied().unwrap_or(f64::NAN);
    let find = |run: usize, variable: &str, category: &str| {
        c.cells.iter().find(|x| {
            x.run == run
                && x.year == year
                && COMPARED[x.indicator].variable == variable
                && COMPARED[x.indicator].category == category
        })
    };
    let mut notes = Vec::new();
    for e in c.effectiveness.iter().filter(|e| e.only_administrative()) {
        let name = &c.runs[e.run].scenario.name;
        let levers = match lang {
            Lang::Zh => e
                .administrative_levers
                .iter()
                .map(|k| crate::scenario::schema::param_by_key(k).map_or(k.as_str(), |d| d.zh))
                .collect::<Vec<_>>()
                .join("、"),
            Lang::En => e.administrative_levers.join(", "),
        };
        notes.push(match lang {
            Lang::Zh => format!(
                "`{name}` 只调整行政性措施（{levers}）：{ADMINISTRATIVE_MARK}；没有直接财政成本，\
                    成本效益比不适用。"
            ),
            Lang::En => format!(
                "`{name}` changes only administrative measures ({levers}): \
                    {ADMINISTRATIVE_MARK}; it has no direct fiscal cost, so its cost-effectiveness \
                    does not apply."
            ),
        });
    }
    for (r, f) in c.runs.iter().zip(&c.fiscal) {
        notes.extend(f.warnings(&r.scenario.name));
    }
    for (k, r) in c.runs.iter().enumerate() {
        if k == c.baseline {
            continue;
        }
        let (Some(firms), Some(public)) = (
            find(k, "talent_firms", "H"),
            find(k, "talent_public_service", "H"),
        ) else {
            continue;
        };
        if crate::analysis::compare::is_reallocation(firms.delta(), public.delta()) {
            let (gain, loss, net) = (
                firms.delta(),
                -public.delta(),
                firms.delta() + public.delta(),
            );
            let name = &r.scenario.name;
            notes.push(match lang {
                Lang::Zh => format!(
                    "`{name}` 部分是人才的再配置：到{year}年企业增加 {gain:.0} 名高层次人才，\
                        事业单位减少 {loss:.0} 名（净增 {net:+.0}）。"
                ),
                Lang::En => format!(
                    "`{name}` is partly a reallocation: by {year} firms gain {gain:.0} high-level \
                        staff while public service loses {loss:.0} (net {net:+.0})."
                ),
            });
        }
    }
    notes
}

/// Writes the comparison as the folder `dir`, in one transaction ([`atomic::OutputDir`]).
/// Refuses a non-empty `dir` unless `force`.
pub fn write_comparison(
    dir: &Path,
    force: bool,
    c: &Comparison,
    provenance: &RunProvenance,
    lang: Lang,
) -> Result<Vec<PathBuf>, Error> {
    let command = provenance.command_line.join(" ");
    atomic::write_folder(dir, force, &command, |tmp| {
        write_comparison_files(tmp, c, provenance, lang)
    })
}

/// Writes the comparison into the existing folder `dir` (a transaction's): each scenario's run
/// outputs in `dir/<name>/`, then `comparison.csv`, `effectiveness.csv`, `comparison.md` and last
/// `manifest.json`, listing every other file. Returns the file names relative to `dir`.
pub fn write_comparison_files(
    dir: &Path,
    c: &Comparison,
    provenance: &RunProvenance,
    lang: Lang,
) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for r in &c.runs {
        let sub = dir.join(&r.scenario.name);
        std::fs::create_dir(&sub).map_err(|e| Error::io(&sub, e))?;
        let written = write_run_files(&sub, &r.scenario, &r.result, provenance)?;
        files.extend(written.iter().map(|f| Path::new(&r.scenario.name).join(f)));
    }
    for (name, bytes) in [
        ("comparison.csv", comparison_csv(c)),
        ("effectiveness.csv", effectiveness_csv(c)),
        ("fiscal.csv", fiscal_csv(c)),
        ("comparison.md", comparison_markdown(c, lang).into_bytes()),
        (super::xlsx::XLSX, super::xlsx::comparison_workbook(c)?),
    ] {
        atomic::write(&dir.join(name), &bytes)?;
        files.push(PathBuf::from(name));
    }
    if let Some(r) = &c.robustness {
        files.extend(super::uncertainty::write_robustness(dir, r)?);
    }
    manifest::seal(
        dir,
        MANIFEST,
        &ComparisonManifest::new(c, provenance, comparison_notes(c, Lang::En)),
    )?;
    files.push(PathBuf::from(MANIFEST));
    Ok(files)
}
