//! Sections every report shares: the model and its assumptions (with the loop diagram and the
//! calibration targets), the glossary of indicators, the caveats, the fiscal table, sweeps and
//! the provenance line.

use std::fmt::Write as _;

use crate::analysis::calibrate::{bundled_history, counterpart, Compare};
use crate::analysis::fiscal::GDP_SHARE_WARNING;
use crate::output::compare::FiscalRow;
use crate::output::json::Summary;
use crate::output::manifest::{ParameterRecord, RunManifest};
use crate::output::plots::Lang;

use super::page::{escape, headings, named_charts, table};
use super::text::{
    indicator, indicator_name, number, number_in, param_name, path_text, percent, source_label,
    unit,
};
use super::SweepReport;

/// The feedback loop of the model as an inline SVG: demand draws talent, talent enables
/// upgrading, upgrading raises demand; policy acts on attraction and retention, the pool of
/// candidates limits it.
pub fn loop_diagram(lang: Lang) -> String {
    let t = |zh, en| escape(lang.pick(zh, en));
    let boxes = [
        (300, 40, t("产业需求", "industry demand")),
        (520, 260, t("人才集聚", "talent agglomeration")),
        (80, 260, t("产业升级", "industrial upgrading")),
        (520, 40, t("人才政策：引、育、用、留", "talent policy")),
        (300, 380, t("候选人才池（成都等）", "candidate pool")),
    ];
    let mut svg = String::from(
        "<svg viewBox=\"0 0 720 440\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">\n\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" \
         fill=\"#333\"/></marker></defs>\n",
    );
    for (x, y, label) in &boxes {
        let _ = writeln!(
            svg,
            "<rect x=\"{}\" y=\"{}\" width=\"210\" height=\"50\" rx=\"8\" fill=\"#eef3fa\" \
             stroke=\"#005ab5\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" \
             font-size=\"16\">{label}</text>",
            x - 105,
            y - 25,
            x,
            y + 6
        );
    }
    let arrows = [
        ((360, 70), (480, 230), t("缺口 → 招聘", "gaps → hiring")),
        (
            (430, 270),
            (170, 270),
            t("人才支撑研发与投资", "talent → R&D, investment"),
        ),
        (
            (100, 230),
            (240, 70),
            t("升级 → 新需求", "upgrading → demand"),
        ),
        (
            (520, 70),
            (520, 230),
            t("吸引力、留任", "attraction, retention"),
        ),
        ((360, 355), (480, 290), t("市场选择", "market choice")),
    ];
    for ((x1, y1), (x2, y2), label) in &arrows {
        let _ = writeln!(
            svg,
            "<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" stroke=\"#333\" \
             stroke-width=\"2\" marker-end=\"url(#arrow)\"/><text x=\"{}\" y=\"{}\" \
             text-anchor=\"middle\" font-size=\"13\" fill=\"#555\">{label}</text>",
            (x1 + x2) / 2 + if x1 == x2 { 60 } else { 0 },
            (y1 + y2) / 2 - 8
        );
    }
    let _ = writeln!(
        svg,
        "<text x=\"300\" y=\"200\" text-anchor=\"middle\" font-size=\"22\" fill=\"#005ab5\">\
         {}</text></svg>",
        t("增强回路 R", "reinforcing loop R")
    );
    format!("<figure>{svg}</figure>\n")
}

/// The model in a page: what it represents, the loop, and what it leaves out.
fn model_text(lang: Lang) -> &'static str {
    lang.pick(
        "<p>模型是巴中市“5+2+3”现代产业体系的系统动力学模型：十个产业部门各有产能、增加值和\
         高新技术占比；企业需要的高层次人才与技能人才随产能和技术水平增长（产业需求），\
         人才从政府引才计划、事业单位、“政招企用”、市场招聘、内部晋升和技能培训流入，因\
         吸引力、薪酬和服务而留下或离开（人才集聚）；人才支撑研发与新增投资，使新产能接近\
         技术前沿（产业升级），升级又提高对人才的需求。人才缺口使部分产能闲置并抑制投资。\
         每项政策措施都有财政成本项或注明为行政措施；每个参数都有单位、来源标签和作用类别，\
         完整方程见 docs/model.md。</p>",
        "<p>The model is a system-dynamics model of Bazhong's \"5+2+3\" industry system: ten \
         sectors with capacity, value added and a high-tech share; firms' demand for high-level \
         and skilled talent grows with capacity and technology (industry demand); talent flows \
         in from the city's recruitment programmes, public institutions, 政招企用, the market, \
         promotion and training, and stays or leaves by attractiveness, pay and services (talent \
         agglomeration); talent enables R&D and investment near the technology frontier \
         (upgrading), which raises the demand for talent. Shortages idle capacity and slow \
         investment. Every measure has a cost line or is declared administrative; every parameter \
         has a unit, a provenance tag and a role; the equations are in docs/model.md.</p>",
    )
}

/// 方法与假设: the model, its loop, the calibration targets against the baseline run and the
/// assumption register — parameters the packages change first, the rest collapsed.
pub fn methods(
    lang: Lang,
    baseline: (&RunManifest, &Summary),
    changed: &[(String, Vec<String>)],
    sectors: &[(String, String)],
) -> String {
    let mut html = String::from(model_text(lang));
    html.push_str(&loop_diagram(lang));
    html.push_str(&calibration(lang, baseline.1));
    let _ = writeln!(
        html,
        "<h3>{}</h3>",
        escape(lang.pick("假设登记表", "Assumption register"))
    );
    let params = &baseline.0.parameters;
    let assumptions = params.iter().filter(|p| p.source == "assumption").count();
    let name = format!("<code>{}</code>", escape(&baseline.0.scenario_name));
    let note = match lang {
        Lang::Zh => format!(
            "共 {} 个参数，其中 {assumptions} 个为假设（未找到来源，应做敏感性分析）。来源标签：\
             seed（研究报告）、official（官方统计）、press（新闻报道）、literature（文献）、\
             derived（推算，注明算式）、assumption（假设）。",
            params.len()
        ),
        Lang::En => format!(
            "has {} parameters, {assumptions} of them assumptions (no source found; they \
             belong in sensitivity sweeps). Tags: seed (the research report), official, press, \
             literature, derived (arithmetic shown), assumption.",
            params.len()
        ),
    };
    let _ = writeln!(
        html,
        "<p class=\"note\">{} {name} {}</p>",
        escape(lang.pick("基准情景", "The baseline")),
        escape(&note)
    );
    if !changed.is_empty() {
        let _ = writeln!(
            html,
            "<p>{}</p>",
            escape(lang.pick(
                "各方案改变的参数（基准值；方案值见“方案说明”）：",
                "Parameters the packages change (baseline value; the packages' values are under \
                 Packages):"
            ))
        );
        // Narrow enough for A4: name, baseline value, unit, source and the packages.
        let rows: Vec<(String, Vec<String>)> = changed
            .iter()
            .filter_map(|(key, packages)| {
                let p = params.iter().find(|p| &p.key == key)?;
                Some((
                    "changed".to_string(),
                    vec![
                        param_name(&p.key, lang, sectors),
                        path_text(&p.value, lang),
                        unit(&p.unit, lang),
                        source_label(&p.source, lang),
                        escape(&packages.join(lang.pick("、", ", "))),
                    ],
                ))
            })
            .collect();
        let head = headings(
            lang,
            &[
                ("参数", "parameter"),
                ("基准值", "baseline value"),
                ("单位", "unit"),
                ("来源", "source"),
                ("改变它的方案", "changed by"),
            ],
        );
        html.push_str(&table(&head, &rows));
    }
    let rows: Vec<(String, Vec<String>)> = params
        .iter()
        .map(|p| {
            let class = if p.source == "assumption" {
                "assumption"
            } else {
                ""
            };
            (class.to_string(), register_cells(lang, p, sectors))
        })
        .collect();
    let _ = writeln!(
        html,
        "<details><summary>{}</summary>\n{}</details>",
        escape(lang.pick(
            "完整参数登记表（屏幕阅读时展开；打印时省略）",
            "The full register (expand on screen; left out in print)"
        )),
        table(&register_head(lang), &rows)
    );
    html
}

/// The columns of the full register.
fn register_head(lang: Lang) -> Vec<String> {
    headings(
        lang,
        &[
            ("参数", "parameter"),
            ("键", "key"),
            ("值", "value"),
            ("单位", "unit"),
            ("来源", "source"),
            ("说明", "note"),
        ],
    )
}

fn register_cells(lang: Lang, p: &ParameterRecord, sectors: &[(String, String)]) -> Vec<String> {
    vec![
        param_name(&p.key, lang, sectors),
        format!("<code>{}</code>", escape(&p.key)),
        path_text(&p.value, lang),
        unit(&p.unit, lang),
        source_label(&p.source, lang),
        escape(&p.note),
    ]
}

/// The calendar-year statistics of the bundled history set beside the baseline run's, for every
/// year the run covers (growth rates and hires; levels differ by the start-of-year convention).
fn calibration(lang: Lang, summary: &Summary) -> String {
    let mut rows = Vec::new();
    for o in bundled_history() {
        let Some(Compare::Annual(variable)) = counterpart(&o.series) else {
            continue;
        };
        if variable == "gdp" {
            // Current prices against the model's constant 2024 prices: not comparable.
            continue;
        }
        let Some(model) = summary
            .annual
            .get(variable)
            .and_then(|years| years.get(&o.year.to_string()).copied().flatten())
        else {
            continue;
        };
        // Growth rates and shares in per cent, hires as whole persons.
        let share =
            variable.ends_with("growth") || indicator(variable).is_some_and(|d| d.unit == "1");
        let show = |v: f64| {
            if share {
                percent(v)
            } else {
                number_in(
                    v,
                    if variable.starts_with("hires") {
                        "person"
                    } else {
                        ""
                    },
                )
            }
        };
        let name = match lang {
            Lang::Zh => escape(crate::output::calibrate::series_title(&o.series)),
            Lang::En => indicator_name(variable, lang),
        };
        rows.push((
            String::new(),
            vec![
                name,
                o.year.to_string(),
                show(o.value),
                show(model),
                source_label(&o.source, lang),
            ],
        ));
    }
    if rows.is_empty() {
        return String::new();
    }
    let head: Vec<String> = headings(
        lang,
        &[
            ("校准目标", "calibration target"),
            ("年份", "year"),
            ("统计数据", "statistic"),
            ("基准情景", "baseline run"),
            ("来源", "source"),
        ],
    );
    format!(
        "<h3>{}</h3>\n<p class=\"note\">{}</p>\n{}",
        escape(lang.pick(
            "校准目标与基准情景",
            "Calibration targets and the baseline run"
        )),
        escape(lang.pick(
            "年度统计（增速按日历年积分计算）；2021—2025年回测见 docs/calibration.md。",
            "Calendar-year statistics (growth of calendar-year integrals); the 2021–2025 \
             back-test is in docs/calibration.md."
        )),
        table(&head, &rows)
    )
}

/// 指标说明: every indicator the report shows, with its unit and one sentence.
pub fn glossary(lang: Lang, ids: &[String]) -> String {
    let head: Vec<String> = headings(
        lang,
        &[
            ("指标", "indicator"),
            ("单位", "unit"),
            ("含义", "meaning"),
            ("代码", "id"),
        ],
    );
    let rows: Vec<(String, Vec<String>)> = ids
        .iter()
        .filter_map(|id| {
            let d = indicator(id)?;
            Some((
                String::new(),
                vec![
                    escape(d.label(lang == Lang::Zh)),
                    super::text::indicator_unit(id, lang),
                    escape(lang.pick(d.description_zh, d.description_en)),
                    format!("<code>{}</code>", escape(id)),
                ],
            ))
        })
        .collect();
    table(&head, &rows)
}

/// The caveats every report states: (Chinese, English).
const CAVEATS: &[(&str, &str)] = &[
    (
        "表中人才存量、产能等数值为各年1月1日的值；年度统计（增加值、增速、支出）为日历年积分。",
        "Stocks and rates in the tables are values on 1 January of each year; calendar-year \
         statistics (value added, growth, spending) are integrals over the year.",
    ),
    (
        "财政成本为累计名义支出，未贴现（除非注明贴现率）；人才项目支出不含编制人员财政工资。",
        "Fiscal costs are cumulative and undiscounted unless a discount rate is stated; \
         programme spending excludes the salaries of 编制 posts.",
    ),
    (
        "行政措施（如评价改革、政招企用比例、对接效率）没有直接财政支出，成本效益比不能说明其\
         代价。",
        "Administrative measures (evaluation reform, the 政招企用 share, matching efficiency) \
         have no direct outlay; a cost-effectiveness ratio says nothing of their cost.",
    ),
    (
        "标注为“假设”的参数没有找到统计来源；结论应结合不确定性分析阅读。",
        "Parameters tagged assumption have no statistical source; read conclusions with the \
         uncertainty analysis.",
    ),
    (
        "模型不包括：吸引力指数之外的非经济因素、省级和国家政策的变化、产业项目的具体落地时点、\
         人才统计口径差异（人才资源总量未公开）。",
        "Left out: non-economic motives beyond the attractiveness index, changes of provincial \
         and national policy, the timing of individual projects, and differences of statistical \
         definition (the total talent stock is not published).",
    ),
];

/// 注意事项: what the numbers are and are not, plus the report's own notes.
pub fn caveats(lang: Lang, extra: &[String]) -> String {
    let mut items = headings(lang, CAVEATS);
    items.extend(extra.iter().map(|s| escape(s)));
    let mut html = String::from("<ul>\n");
    for i in items {
        let _ = writeln!(html, "<li>{i}</li>");
    }
    html.push_str("</ul>\n");
    html
}

/// The fiscal table: programme spending against each scenario's budget and the peak share of
/// GDP of all spending against 5 %.
pub fn fiscal(lang: Lang, rows: &[FiscalRow], titles: &dyn Fn(&str) -> String) -> String {
    // Budget columns only when some scenario has a budget.
    let budgets = rows
        .iter()
        .any(|f| f.budget_total_yi.is_some() || f.budget_per_year_yi.is_some());
    let mut head = headings(
        lang,
        &[
            ("方案", "package"),
            ("人才项目支出（亿元）", "programme spending (亿元)"),
            ("最高年度支出（亿元）", "peak year (亿元)"),
            ("支出占GDP峰值", "peak share of GDP"),
        ],
    );
    if budgets {
        head.extend(headings(
            lang,
            &[
                ("预算（亿元）", "budget (亿元)"),
                ("是否超预算", "over budget"),
            ],
        ));
    }
    let body: Vec<(String, Vec<String>)> = rows
        .iter()
        .map(|f| {
            let peak = match (f.peak_year, f.peak_year_spending_yi) {
                (Some(y), Some(x)) => format!("{}（{y}）", number(x)),
                _ => "—".to_string(),
            };
            let warn = if f.peak_gdp_share > GDP_SHARE_WARNING {
                " ⚠"
            } else {
                ""
            };
            let mut cells = vec![
                titles(&f.scenario),
                number(f.programme_spending_yi),
                peak,
                format!(
                    "{:.2}%（{}）{warn}",
                    100.0 * f.peak_gdp_share,
                    f.peak_gdp_share_year
                ),
            ];
            if budgets {
                let budget: Vec<String> = [
                    f.budget_total_yi
                        .map(|x| format!("{} {}", lang.pick("合计", "total"), number(x))),
                    f.budget_per_year_yi
                        .map(|x| format!("{} {}", lang.pick("每年", "a year"), number(x))),
                ]
                .into_iter()
                .flatten()
                .collect();
                let over = match (budget.is_empty(), f.over_budget) {
                    (true, _) => "",
                    (false, true) => lang.pick("超预算", "over"),
                    (false, false) => lang.pick("否", "no"),
                };
                cells.push(escape(&budget.join("，")));
                cells.push(escape(over));
            }
            (String::new(), cells)
        })
        .collect();
    format!(
        "<p class=\"note\">{}</p>\n{}",
        escape(&match lang {
            Lang::Zh => format!(
                "人才项目支出不含编制人员财政工资；占GDP比重取全部支出最高的日历年，\
                 超过{:.0}%时警示。",
                100.0 * GDP_SHARE_WARNING
            ),
            Lang::En => format!(
                "Programme spending excludes the salaries of 编制 posts; the share of GDP is that \
                 of all spending in its highest calendar year, a warning above {:.0}%.",
                100.0 * GDP_SHARE_WARNING
            ),
        }),
        table(&head, &body)
    )
}

/// The sweeps given with the report: what each varied, its fan charts and its bands at a few
/// years.
pub fn sweeps(lang: Lang, sweeps: &[SweepReport]) -> String {
    let mut html = String::new();
    for s in sweeps {
        let name = std::path::Path::new(&s.spec_file)
            .file_stem()
            .map_or_else(|| s.spec_file.clone(), |n| n.to_string_lossy().into_owned());
        let _ = writeln!(
            html,
            "<h3>{}</h3>\n<p>{}</p>",
            escape(&format!("{} {name}", lang.pick("参数扫描", "Sweep"))),
            escape(&match lang {
                Lang::Zh => format!(
                    "情景 {}；{} 方法，{} 次运行（{} 次失败），变动 {} 个参数；阴影由浅至深为全部\
                     运行、90% 与 50% 区间，蓝线为中位数，黑线为该情景本身。",
                    scenario_of(s),
                    s.method,
                    s.completed,
                    s.failures,
                    s.parameters.len()
                ),
                Lang::En => format!(
                    "scenario {}; {} design, {} runs ({} failed), {} parameters varied; shading \
                     from light to dark: all runs, 90 % and 50 %; blue line the median, black the \
                     scenario itself.",
                    scenario_of(s),
                    s.method,
                    s.completed,
                    s.failures,
                    s.parameters.len()
                ),
            })
        );
        html.push_str(&named_charts(&s.charts));
        let mut rows = Vec::new();
        for b in s
            .bands
            .iter()
            .filter(|b| b.sector.is_empty() && [2025.0, 2030.0, 2035.0].contains(&b.time))
        {
            let id = if b.category.is_empty() {
                b.variable.clone()
            } else {
                format!("{}[{}]", b.variable, b.category)
            };
            rows.push((
                String::new(),
                vec![
                    indicator_name(&id, lang),
                    format!("{:.0}", b.time),
                    number(b.p5),
                    number(b.p50),
                    number(b.p95),
                ],
            ));
        }
        if !rows.is_empty() {
            let head: Vec<String> = headings(lang, &[("指标", "indicator"), ("年份", "year")])
                .into_iter()
                .chain(["P5", "P50", "P95"].iter().map(|s| s.to_string()))
                .collect();
            html.push_str(&table(&head, &rows));
        }
    }
    html
}

/// The file name of the scenario a sweep varied.
fn scenario_of(s: &SweepReport) -> String {
    std::path::Path::new(&s.scenario_file)
        .file_name()
        .map_or_else(
            || s.scenario_file.clone(),
            |n| n.to_string_lossy().into_owned(),
        )
}

/// The line naming the program, commit and scenario file a run came from.
pub fn provenance(lang: Lang, manifest: &RunManifest) -> String {
    format!(
        "<p class=\"note\">talentloop {} (commit {}); {} <code>{}</code>, {} {} (SHA-256 {}); {} \
         {}.</p>\n",
        escape(&manifest.talentloop_version),
        escape(manifest.git_commit.as_deref().unwrap_or("unknown")),
        escape(lang.pick("情景", "scenario")),
        escape(&manifest.scenario_name),
        escape(lang.pick("文件", "file")),
        escape(&manifest.scenario_file),
        escape(&manifest.scenario_sha256),
        escape(lang.pick("求解器", "solver")),
        escape(&manifest.solver.method),
    )
}
