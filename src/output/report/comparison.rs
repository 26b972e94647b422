//! The report of a comparison: summary, packages, results, uncertainty, methods, glossary,
//! caveats and (on request) an appendix of each scenario's charts.

use std::fmt::Write as _;

use crate::analysis::compare::ADMINISTRATIVE_MARK;
use crate::output::compare::{ComparisonRow, EffectivenessRow};
use crate::output::plots::{legend_name, Lang};

use super::optimize::{self, OptimizationReport};
use super::page::{charts, escape, headings, named_charts, page, table, wide_charts, Section};
use super::sections;
use super::text::{
    cost_of, indicator_name, indicator_unit, indicator_value, is_lever, is_share, number,
    number_in, param_name, path_text, percent, percent_change, probability, signed_in, unit,
};
use super::{ComparisonReport, ReportOptions, Robustness, SweepReport};

/// The outcome the summary ranks packages by: high-level talent in firms, the loop's aim.
const OUTCOME: (&str, &str) = ("talent_firms", "H");

/// The cost-effectiveness measure the summary ranks by (talent-years in firms per 亿元).
const EFFECTIVENESS: &str = "talent_years_per_yi";

/// Indicators per results table, so that a table fits an A4 page's width.
const COLUMNS_PER_TABLE: usize = 4;

/// The page.
pub fn html(
    r: &ComparisonReport,
    o: &ReportOptions,
    sweeps: &[SweepReport],
    optimizations: &[OptimizationReport],
) -> String {
    let lang = o.lang;
    let mut sections = vec![
        Section::new("summary", lang.pick("摘要", "Summary"), summary(r, lang)),
        Section::new(
            "packages",
            lang.pick("方案说明", "The packages"),
            packages(r, lang),
        ),
        Section::new(
            "results",
            lang.pick("主要结果", "Results"),
            results(r, lang),
        ),
        Section::new(
            "uncertainty",
            lang.pick("不确定性", "Uncertainty"),
            uncertainty(r, lang, sweeps),
        ),
    ];
    sections.extend(optimize::sections(lang, optimizations));
    sections.extend([
        Section {
            id: "methods".into(),
            title: lang.pick("方法与假设", "Method and assumptions").into(),
            body: methods(r, lang),
        },
        Section::new(
            "glossary",
            lang.pick("指标说明", "Indicators"),
            sections::glossary(lang, &indicator_ids(r)),
        ),
        Section::new(
            "caveats",
            lang.pick("注意事项", "Caveats"),
            sections::caveats(lang, &notes(r, lang)),
        ),
    ]);
    if o.appendix {
        sections.push(Section {
            id: "appendix".into(),
            title: lang
                .pick("附录：各情景图表", "Appendix: charts of each scenario")
                .into(),
            body: appendix(r, lang),
        });
    }
    let baseline = r.baseline();
    let lead = format!(
        "<p>{}</p>\n{}",
        escape(&match lang {
            Lang::Zh => {
                let title = title_of(r, &r.manifest.baseline);
                let named = if title.starts_with("基准情景") {
                    title
                } else {
                    format!("基准情景：{title}")
                };
                format!("{named}。比较年份：{}。", years(r))
            }
            Lang::En => format!(
                "Baseline: {}. Comparison years: {}.",
                title_of(r, &r.manifest.baseline),
                years(r)
            ),
        }),
        baseline.map_or_else(String::new, |b| sections::provenance(lang, &b.manifest))
    );
    page(
        lang.pick("zh-CN", "en"),
        lang.pick(
            "巴中市人才政策方案比较报告",
            "Bazhong talent-policy packages compared",
        ),
        &lead,
        lang.pick("目录", "Contents"),
        &sections,
    )
}

/// The baseline as a sentence names it: its title when that says 基准情景 already, else
/// "基准情景（title）" / "the baseline (title)".
fn baseline_phrase(r: &ComparisonReport, lang: Lang) -> String {
    let title = title_of(r, &r.manifest.baseline);
    match lang {
        Lang::Zh if title.starts_with("基准情景") => title,
        Lang::Zh => format!("基准情景（{title}）"),
        Lang::En => format!("the baseline ({title})"),
    }
}

fn years(r: &ComparisonReport) -> String {
    r.manifest
        .years
        .iter()
        .map(|y| format!("{y:.0}"))
        .collect::<Vec<_>>()
        .join("、")
}

/// A scenario's Chinese title (its name when it has none), not escaped.
fn title_of(r: &ComparisonReport, name: &str) -> String {
    r.scenarios
        .iter()
        .find(|s| s.manifest.scenario_name == name)
        .map(|s| s.manifest.title_zh.clone())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| name.to_string())
}

/// A package's short name for tables: the part of its title before the first colon, as the
/// charts name it ([`legend_name`]).
fn short_title(r: &ComparisonReport, name: &str) -> String {
    escape(&legend_name(name, &title_of(r, name), Lang::Zh))
}

/// The last comparison year.
fn last_year(r: &ComparisonReport) -> f64 {
    r.manifest.years.last().copied().unwrap_or(f64::NAN)
}

fn row<'a>(
    r: &'a ComparisonReport,
    scenario: &str,
    id: (&str, &str),
    year: f64,
) -> Option<&'a ComparisonRow> {
    r.rows.iter().find(|x| {
        x.scenario == scenario && x.variable == id.0 && x.category == id.1 && x.year == year
    })
}

/// Packages (not the baseline) by talent-years per 亿元, best first; those without a ratio last.
pub fn effectiveness_ranking(r: &ComparisonReport) -> Vec<&EffectivenessRow> {
    let mut ranked: Vec<&EffectivenessRow> = r
        .effectiveness
        .iter()
        .filter(|e| e.scenario != r.manifest.baseline)
        .collect();
    ranked.sort_by(|a, b| {
        let key = |e: &EffectivenessRow| e.talent_years_per_yi.filter(|v| v.is_finite());
        match (key(a), key(b)) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.scenario.cmp(&b.scenario),
        }
    });
    ranked
}

/// Packages by their gain in high-level talent in firms at the last year, largest first.
pub fn outcome_ranking(r: &ComparisonReport) -> Vec<&ComparisonRow> {
    let year = last_year(r);
    let mut ranked: Vec<&ComparisonRow> = r
        .scenarios
        .iter()
        .map(|s| s.manifest.scenario_name.as_str())
        .filter(|n| *n != r.manifest.baseline)
        .filter_map(|n| row(r, n, OUTCOME, year))
        .collect();
    ranked.sort_by(|a, b| b.delta.total_cmp(&a.delta));
    ranked
}

fn summary(r: &ComparisonReport, lang: Lang) -> String {
    let year = last_year(r);
    let packages = r.scenarios.len().saturating_sub(1);
    let mut html = String::new();
    let _ = writeln!(
        html,
        "<p>{}</p>",
        escape(&match lang {
            Lang::Zh => format!(
                "本报告比较 {packages} 个人才政策方案与{}。问题是：到{year:.0}年，各方案能为企业\
                 增加多少高层次人才、推动多少产业升级，每亿元财政投入的效果如何，结论在不确定的\
                 假设下是否稳健。",
                baseline_phrase(r, lang)
            ),
            Lang::En => format!(
                "This report compares {packages} talent-policy packages with {}. \
                 The question: by {year:.0}, how much high-level talent does each package add in \
                 firms, how much upgrading does it bring, what does each 亿元 of public money buy, \
                 and does the answer hold under uncertain assumptions?",
                baseline_phrase(r, lang)
            ),
        })
    );
    let by_cost = effectiveness_ranking(r);
    let by_outcome = outcome_ranking(r);
    html.push_str(&three_numbers(r, lang, &by_cost, &by_outcome));
    // Ranking by cost-effectiveness.
    let discount = r
        .effectiveness
        .first()
        .map(|e| e.discount_rate)
        .filter(|d| d.is_finite())
        .unwrap_or(0.0);
    let _ = writeln!(
        html,
        "<h3>{}</h3>\n<p class=\"note\">{}</p>",
        escape(lang.pick("按成本效益排序", "Ranked by cost-effectiveness")),
        escape(&match lang {
            Lang::Zh =>
                format!(
                "每亿元额外财政投入带来的企业高层次人才“人·年”（{}年前各年企业高层次人才增量之和\
                 ），\
                 贴现率 {discount}。{ADMINISTRATIVE_MARK} 表示方案含无直接财政成本的行政措施，其\
                 代价不在比值中。",
                r.manifest.years.last().map_or(String::new(), |y| format!("{y:.0}"))
            ),
            Lang::En => format!(
                "Talent-years in firms (the added high-level talent in firms summed over the years \
                 to {year:.0}) per 亿元 of extra public money, discount rate {discount}. \
                 {ADMINISTRATIVE_MARK}: the package includes administrative measures without \
                 direct cost, whose price the ratio does not show."
            ),
        })
    );
    let head: Vec<String> = headings(
        lang,
        &[
            ("排名", "rank"),
            ("方案", "package"),
            ("人·年/亿元", "talent-years per 亿元"),
            ("额外投入（亿元）", "extra cost (亿元)"),
            ("行政措施", "administrative"),
        ],
    )
    .into_iter()
    .chain(robustness_head(r, lang))
    .collect();
    let rows: Vec<(String, Vec<String>)> = by_cost
        .iter()
        .enumerate()
        .map(|(k, e)| {
            let mut cells = vec![
                (k + 1).to_string(),
                short_title(r, &e.scenario),
                e.talent_years_per_yi
                    .filter(|v| v.is_finite())
                    .map_or_else(|| "—".into(), number),
                number(e.delta_cost_yi),
                escape(if e.only_administrative {
                    lang.pick("仅行政措施", "only administrative")
                } else if e.administrative_levers.is_empty() {
                    ""
                } else {
                    ADMINISTRATIVE_MARK
                }),
            ];
            if let Some(rb) = &r.robustness {
                // No ratio (no extra cost): no probability of a better ratio either.
                let defined = e.talent_years_per_yi.is_some_and(f64::is_finite);
                cells.push(
                    rb.effect(EFFECTIVENESS, &e.scenario)
                        .filter(|_| defined)
                        .map_or_else(|| "—".into(), |x| probability(x.p_better)),
                );
            }
            (String::new(), cells)
        })
        .collect();
    html.push_str(&table(&head, &rows));
    let _ = writeln!(
        html,
        "<p class=\"note\">{}</p>",
        escape(lang.pick(
            "成本效益取决于各项措施的效力参数（每投入一元能带来多少留任、吸引和升级），这些参数多为\
             假设；第四部分给出它们不确定时排名的稳健性。",
            "Cost-effectiveness rests on the measures' efficacy parameters (how much retention, \
             reach and upgrading a yuan buys), mostly assumptions; section 4 gives how robust the \
             ranking is when they are uncertain."
        ))
    );
    // Ranking by outcome.
    let _ = writeln!(
        html,
        "<h3>{}</h3>",
        escape(&match lang {
            Lang::Zh => format!("按{year:.0}年企业高层次人才增量排序"),
            Lang::En => format!("Ranked by the gain in high-level talent in firms, {year:.0}"),
        })
    );
    let outcome_id = format!("{}[{}]", OUTCOME.0, OUTCOME.1);
    let head: Vec<String> = headings(
        lang,
        &[
            ("排名", "rank"),
            ("方案", "package"),
            ("增量（人）", "gain (persons)"),
            ("增幅", "change"),
        ],
    )
    .into_iter()
    .chain(
        r.robustness
            .as_ref()
            .filter(|rb| rb.measures().contains(&outcome_id.as_str()))
            .map(|_| escape(lang.pick("优于基准的概率", "P(better than baseline)"))),
    )
    .collect();
    let rows: Vec<(String, Vec<String>)> = by_outcome
        .iter()
        .enumerate()
        .map(|(k, x)| {
            let mut cells = vec![
                (k + 1).to_string(),
                short_title(r, &x.scenario),
                signed_in(x.delta, "person"),
                x.pct_delta.map_or_else(|| "—".into(), percent_change),
            ];
            if let Some(e) = r
                .robustness
                .as_ref()
                .and_then(|rb| rb.effect(&outcome_id, &x.scenario))
            {
                cells.push(probability(e.p_better));
            }
            (String::new(), cells)
        })
        .collect();
    html.push_str(&table(&head, &rows));
    html.push_str(&robustness_sentence(r, lang, &by_cost));
    html
}

fn robustness_head(r: &ComparisonReport, lang: Lang) -> Option<String> {
    r.robustness
        .as_ref()
        .map(|_| escape(lang.pick("优于基准的概率", "P(better than baseline)")))
}

/// The three numbers a leader should remember.
fn three_numbers(
    r: &ComparisonReport,
    lang: Lang,
    by_cost: &[&EffectivenessRow],
    by_outcome: &[&ComparisonRow],
) -> String {
    let year = last_year(r);
    let mut boxes: Vec<(String, String)> = Vec::new();
    if let Some(best) = by_outcome.first() {
        boxes.push((
            format!(
                "{} {}",
                signed_in(best.delta, "person"),
                lang.pick("人", "persons")
            ),
            match lang {
                Lang::Zh => format!(
                    "{}：到{year:.0}年企业高层次人才比基准多（{}）",
                    short_title(r, &best.scenario),
                    best.pct_delta.map_or_else(String::new, percent_change)
                ),
                Lang::En => format!(
                    "{}: more high-level talent in firms than the baseline by {year:.0}",
                    best.scenario
                ),
            },
        ));
    }
    if let Some(best) = by_cost
        .first()
        .filter(|e| e.talent_years_per_yi.is_some_and(f64::is_finite))
    {
        boxes.push((
            format!(
                "{} {}",
                number(best.talent_years_per_yi.unwrap_or(f64::NAN)),
                lang.pick("人·年/亿元", "talent-years/亿元")
            ),
            match lang {
                Lang::Zh => format!(
                    "成本效益最高：{}，额外投入 {} 亿元",
                    short_title(r, &best.scenario),
                    number(best.delta_cost_yi)
                ),
                Lang::En => format!(
                    "most cost-effective: {}, {} 亿元 extra",
                    best.scenario,
                    number(best.delta_cost_yi)
                ),
            },
        ));
    }
    // How sure the top of the ranking is: P(first beats second) over the common draws.
    let robust = r.robustness.as_ref().and_then(|rb| {
        let (first, second) = (by_cost.first()?, by_cost.get(1)?);
        let p = rb.beats(EFFECTIVENESS, &first.scenario, &second.scenario)?;
        Some((first, second, p, rb.draws_kept))
    });
    match robust {
        Some((first, second, p, draws)) => boxes.push((
            probability(p),
            match lang {
                Lang::Zh => format!(
                    "在 {draws} 组不确定假设下，{}的成本效益高于第二名{}的概率",
                    short_title(r, &first.scenario),
                    short_title(r, &second.scenario)
                ),
                Lang::En => format!(
                    "of {draws} uncertain futures in which {} is more cost-effective than {}",
                    first.scenario, second.scenario
                ),
            },
        )),
        None => {
            if let Some(gap) = row(r, &r.manifest.baseline, ("gap_ratio", "H"), year) {
                boxes.push((
                    percent(gap.value),
                    match lang {
                        Lang::Zh => format!("现行政策下{year:.0}年高层次人才缺口率"),
                        Lang::En => {
                            format!("high-level gap ratio in {year:.0} under current policy")
                        }
                    },
                ));
            }
        }
    }
    let mut html = String::from("<div class=\"numbers\">\n");
    for (big, text) in boxes {
        let _ = writeln!(html, "<div><b>{}</b>{}</div>", escape(&big), escape(&text));
    }
    html.push_str("</div>\n");
    html
}

/// The sentence on how robust the top of the ranking is.
fn robustness_sentence(r: &ComparisonReport, lang: Lang, by_cost: &[&EffectivenessRow]) -> String {
    let Some(rb) = &r.robustness else {
        return format!(
            "<p class=\"note\">{}</p>\n",
            escape(lang.pick(
                "本次比较未做不确定性分析：用 compare … --uncertainty \
                 sweeps/policy_robustness.toml \
                 可得到各方案在共同抽样假设下优于基准和彼此的概率。",
                "This comparison ran without uncertainty: compare … --uncertainty \
                 sweeps/policy_robustness.toml gives each package's probability of beating the \
                 baseline and the others under common sampled assumptions."
            ))
        );
    };
    let (Some(first), Some(second)) = (by_cost.first(), by_cost.get(1)) else {
        return String::new();
    };
    let Some(p) = rb.beats(EFFECTIVENESS, &first.scenario, &second.scenario) else {
        return String::new();
    };
    format!(
        "<p>{}</p>\n",
        escape(&match lang {
            Lang::Zh => format!(
                "稳健性：在 {} 组共同抽样的不确定假设下（{} 个参数），按成本效益排名第一的“{}”优\
                 于第二名“{}”的\
                 概率为 {}。",
                rb.draws_kept,
                rb.parameters.len(),
                title_of(r, &first.scenario),
                title_of(r, &second.scenario),
                probability(p)
            ),
            Lang::En => format!(
                "Robustness: over {} common draws of uncertain assumptions ({} parameters), the \
                 most cost-effective package, {}, beats the second, {}, with probability {}.",
                rb.draws_kept,
                rb.parameters.len(),
                first.scenario,
                second.scenario,
                probability(p)
            ),
        })
    )
}

/// The comparison's notes in `lang`: in English as `compare` wrote them; in Chinese made from
/// the same data — packages of administrative measures only, reallocations from public service
/// to firms, spending above 5 % of GDP or over budget.
fn notes(r: &ComparisonReport, lang: Lang) -> Vec<String> {
    if lang == Lang::En {
        return r.manifest.notes.clone();
    }
    let year = last_year(r);
    let mut out = Vec::new();
    for e in r.effectiveness.iter().filter(|e| e.only_administrative) {
        out.push(format!(
            "“{}”只含行政措施，没有直接财政支出，成本效益比不适用。",
            short_title(r, &e.scenario)
        ));
    }
    for s in &r.scenarios {
        let name = &s.manifest.scenario_name;
        if *name == r.manifest.baseline {
            continue;
        }
        let firms = row(r, name, ("talent_firms", "H"), year).map(|x| x.delta);
        let public = row(r, name, ("talent_public_service", "H"), year).map(|x| x.delta);
        if let (Some(f), Some(p)) = (firms, public) {
            if crate::analysis::compare::is_reallocation(f, p) {
                out.push(format!(
                    "“{}”部分是人才在事业单位与企业之间的调配：到{year:.0}年企业增加 {} 名\
                     高层次人才，\
                     事业单位减少 {} 名（净增 {}）。",
                    short_title(r, name),
                    number_in(f, "person"),
                    number_in(-p, "person"),
                    number_in(f + p, "person")
                ));
            }
        }
    }
    for f in &r.fiscal {
        if f.peak_gdp_share > crate::analysis::fiscal::GDP_SHARE_WARNING {
            out.push(format!(
                "“{}”的财政支出在{}年达到GDP的{:.2}%，超过5%的警戒线。",
                short_title(r, &f.scenario),
                f.peak_gdp_share_year,
                100.0 * f.peak_gdp_share
            ));
        }
        if f.over_budget {
            out.push(format!("“{}”超出其预算。", short_title(r, &f.scenario)));
        }
    }
    out
}

/// The parameters each package sets differently from the baseline: (key, packages).
pub fn changed_parameters(r: &ComparisonReport) -> Vec<(String, Vec<String>)> {
    let Some(base) = r.baseline() else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for s in &r.scenarios {
        if s.manifest.scenario_name == r.manifest.baseline {
            continue;
        }
        for p in &s.manifest.parameters {
            let same = base
                .manifest
                .parameters
                .iter()
                .any(|b| b.key == p.key && b.value == p.value);
            if same {
                continue;
            }
            match out.iter_mut().find(|(k, _)| k == &p.key) {
                Some((_, names)) => names.push(s.manifest.scenario_name.clone()),
                None => out.push((p.key.clone(), vec![s.manifest.scenario_name.clone()])),
            }
        }
    }
    out
}

fn packages(r: &ComparisonReport, lang: Lang) -> String {
    let Some(base) = r.baseline() else {
        return String::new();
    };
    let mut html = String::new();
    for s in &r.scenarios {
        let m = &s.manifest;
        if m.scenario_name == r.manifest.baseline {
            continue;
        }
        // Descriptions and file names are English; a Chinese report shows the title and the
        // table of measures.
        html.push_str("<div class=\"pkg\">\n");
        let _ = writeln!(html, "<h3>{}</h3>", escape(&title_of(r, &m.scenario_name)));
        if lang == Lang::En {
            let _ = writeln!(
                html,
                "<p><code>{}</code> {}</p>",
                escape(&m.scenario_name),
                escape(&m.description)
            );
        }
        let rows: Vec<(String, Vec<String>)> = m
            .parameters
            .iter()
            .filter_map(|p| {
                let before = base.manifest.parameters.iter().find(|b| b.key == p.key)?;
                (before.value != p.value).then(|| {
                    (
                        String::new(),
                        vec![
                            param_name(&p.key, lang, &s.sectors),
                            path_text(&before.value, lang),
                            path_text(&p.value, lang),
                            unit(&p.unit, lang),
                            if is_lever(&p.key) {
                                cost_of(&p.key, lang)
                            } else {
                                escape(lang.pick("（非政策参数）", "(not a lever)"))
                            },
                        ],
                    )
                })
            })
            .collect();
        if rows.is_empty() {
            let _ = writeln!(
                html,
                "<p class=\"note\">{}</p>\n</div>",
                escape(lang.pick("与基准情景参数相同。", "Same parameters as the baseline."))
            );
            continue;
        }
        let head: Vec<String> = headings(
            lang,
            &[
                ("措施", "measure"),
                ("基准", "baseline"),
                ("方案", "package"),
                ("单位", "unit"),
                ("财政成本项", "cost line"),
            ],
        );
        html.push_str(&table(&head, &rows));
        if let Some(e) = r
            .effectiveness
            .iter()
            .find(|e| e.scenario == m.scenario_name)
        {
            let _ = writeln!(
                html,
                "<p class=\"note\">{}</p>",
                escape(&match lang {
                    Lang::Zh => format!(
                        "与基准相比额外财政投入 {} 亿元（至{:.0}年，未贴现）。",
                        number(e.delta_cost_yi),
                        last_year(r)
                    ),
                    Lang::En => format!(
                        "Extra public money against the baseline: {} 亿元 to {:.0} (undiscounted).",
                        number(e.delta_cost_yi),
                        last_year(r)
                    ),
                })
            );
        }
        html.push_str("</div>\n");
    }
    html
}

/// The indicators of the comparison tables, in file order.
fn indicator_ids(r: &ComparisonReport) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for x in &r.rows {
        let id = if x.category.is_empty() {
            x.variable.clone()
        } else {
            format!("{}[{}]", x.variable, x.category)
        };
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

fn results(r: &ComparisonReport, lang: Lang) -> String {
    let ids = indicator_ids(r);
    let names: Vec<&str> = r
        .scenarios
        .iter()
        .map(|s| s.manifest.scenario_name.as_str())
        .collect();
    let mut html = String::new();
    let _ = writeln!(
        html,
        "<p class=\"note\">{}</p>",
        escape(lang.pick(
            "数值为各年1月1日的值，括号内为相对基准的变化。每行一个方案，便于打印时看到全部方案。",
            "Values on 1 January of each year, the change against the baseline in brackets; one \
             row a package, so that every package stays visible in print."
        ))
    );
    for &year in r.manifest.years.iter().rev() {
        let _ = writeln!(
            html,
            "<h3>{}</h3>",
            escape(&match lang {
                Lang::Zh => format!("{year:.0}年"),
                Lang::En => format!("{year:.0}"),
            })
        );
        let differs = r
            .rows
            .iter()
            .any(|x| x.year == year && x.delta.is_finite() && x.delta != 0.0);
        if !differs {
            let _ = writeln!(
                html,
                "<p>{}</p>",
                escape(lang.pick(
                    "各方案在这一年与基准情景相同（措施尚未开始）。",
                    "Every package equals the baseline in this year (no measure has started)."
                ))
            );
            continue;
        }
        for chunk in ids.chunks(COLUMNS_PER_TABLE) {
            let head: Vec<String> = std::iter::once(escape(lang.pick("方案", "package")))
                .chain(chunk.iter().map(|id| {
                    let u = indicator_unit(id, lang);
                    if u.is_empty() {
                        indicator_name(id, lang)
                    } else {
                        format!("{}（{u}）", indicator_name(id, lang))
                    }
                }))
                .collect();
            let rows: Vec<(String, Vec<String>)> = names
                .iter()
                .map(|n| {
                    let mut cells = vec![short_title(r, n)];
                    for id in chunk {
                        let (v, c) = crate::analysis::compare::parse_indicator(id);
                        let cell = row(r, n, (&v, &c), year).map_or_else(
                            || "—".into(),
                            |x| match x.pct_delta {
                                // A share's change in percentage points, not a relative change
                                // of a percentage.
                                Some(_) if *n != r.manifest.baseline && is_share(id) => {
                                    let pp = 100.0 * x.delta;
                                    if pp.abs() >= 0.05 {
                                        format!(
                                            "{}（{}{:.1}{}）",
                                            indicator_value(id, x.value),
                                            if pp < 0.0 { "−" } else { "+" },
                                            pp.abs(),
                                            lang.pick("个百分点", " pp")
                                        )
                                    } else {
                                        indicator_value(id, x.value)
                                    }
                                }
                                Some(p) if *n != r.manifest.baseline && p.abs() >= 0.05 => {
                                    format!(
                                        "{}（{}）",
                                        indicator_value(id, x.value),
                                        percent_change(p)
                                    )
                                }
                                _ => indicator_value(id, x.value),
                            },
                        );
                        cells.push(cell);
                    }
                    let class = if *n == r.manifest.baseline {
                        "changed"
                    } else {
                        ""
                    };
                    (class.to_string(), cells)
                })
                .collect();
            html.push_str(&table(&head, &rows));
        }
    }
    if !r.fiscal.is_empty() {
        let _ = writeln!(
            html,
            "<h3>{}</h3>",
            escape(lang.pick("财政支出", "Fiscal spending"))
        );
        html.push_str(&sections::fiscal(lang, &r.fiscal, &|n| short_title(r, n)));
    }
    // Paths over time, one to a row (they carry the story); the bar charts of the last year's
    // change repeat the tables' percentages and go to the appendix.
    let paths: Vec<(String, &str)> = r
        .charts
        .iter()
        .filter(|(name, _)| !name.ends_with("_delta"))
        .map(|(name, svg)| (chart_caption(name, lang), svg.as_str()))
        .collect();
    if !paths.is_empty() {
        let _ = writeln!(html, "<h3>{}</h3>", escape(lang.pick("比较图", "Charts")));
        html.push_str(&wide_charts(&paths));
    }
    html
}

/// A comparison chart's caption from its file name (`compare_<indicator>[_delta]`).
fn chart_caption(name: &str, lang: Lang) -> String {
    let stem = name.trim_start_matches("compare_");
    let (stem, delta) = match stem.strip_suffix("_delta") {
        Some(s) => (s, true),
        None => (stem, false),
    };
    // A trailing `_H`, `_S` or `_G` is the talent category.
    let id = match stem.rsplit_once('_') {
        Some((v, c)) if ["H", "S", "G"].contains(&c) => format!("{v}[{c}]"),
        _ => stem.to_string(),
    };
    let label = super::text::indicator(&id).map_or_else(
        || stem.to_string(),
        |d| d.label(lang == Lang::Zh).to_string(),
    );
    if delta {
        format!(
            "{label}{}",
            lang.pick("：与基准之差", ": difference from the baseline")
        )
    } else {
        label
    }
}

fn uncertainty(r: &ComparisonReport, lang: Lang, sweeps: &[SweepReport]) -> String {
    let mut html = String::new();
    match &r.robustness {
        Some(rb) => html.push_str(&robustness_tables(r, rb, lang)),
        None if sweeps.is_empty() => {
            let _ = writeln!(
                html,
                "<p>{}</p>",
                escape(lang.pick(
                    "本报告未包含不确定性分析。运行 talentloop compare … --uncertainty \
                     sweeps/policy_robustness.toml，或把参数扫描目录一并交给 talentloop report。",
                    "This report holds no uncertainty analysis. Run talentloop compare … \
                     --uncertainty sweeps/policy_robustness.toml, or give talentloop report a \
                     sweep directory too."
                ))
            );
        }
        None => {}
    }
    html.push_str(&sections::sweeps(lang, sweeps));
    html
}

fn robustness_tables(r: &ComparisonReport, rb: &Robustness, lang: Lang) -> String {
    let mut html = String::new();
    let _ =
        writeln!(
            html,
            "<p>{}</p>",
            escape(&match lang {
                Lang::Zh => format!(
                "每个方案与基准在同样的 {} 组抽样假设下运行（共同随机数，{} 个参数{}）；效果为与\
                 同一组假设下\
                 基准之差。“优于基准的概率”为方案优于基准的抽样比例。",
                rb.draws_kept,
                rb.parameters.len(),
                if rb.draws_failed > 0 {
                    format!("，{} 组因有方案无法运行而剔除", rb.draws_failed)
                } else {
                    String::new()
                }
            ),
                Lang::En =>
                    format!(
                "Every package and the baseline ran under the same {} draws ({} parameters, \
                 common random numbers{}); effects are against the baseline of the same draw. \
                 P(better): the share of draws in which the package beats the baseline.",
                rb.draws_kept,
                rb.parameters.len(),
                if rb.draws_failed > 0 {
                    format!(", {} draws left out because a package could not run", rb.draws_failed)
                } else {
                    String::new()
                }
            ),
            })
        );
    // A package without a ratio (no extra cost) has no ratio in any draw: left out of the ratio's
    // tables rather than shown as never better.
    let has_ratio = |name: &str| {
        r.effectiveness
            .iter()
            .find(|e| e.scenario == name)
            .is_some_and(|e| e.talent_years_per_yi.is_some_and(f64::is_finite))
    };
    let shown = |measure: &str, name: &str| measure != EFFECTIVENESS || has_ratio(name);
    for measure in rb.measures() {
        let label = if measure == EFFECTIVENESS {
            lang.pick(
                "每亿元企业高层次人才人·年",
                "talent-years in firms per 亿元",
            )
            .to_string()
        } else {
            format!(
                "{}{}",
                lang.pick("增量：", "gain: "),
                indicator_name(measure, lang)
            )
        };
        let _ = writeln!(html, "<h3>{}</h3>", escape(&label));
        let head = headings(
            lang,
            &[
                ("方案", "package"),
                ("均值", "mean"),
                ("P5", "P5"),
                ("中位数", "median"),
                ("P95", "P95"),
                ("优于基准的概率", "P(better)"),
            ],
        );
        let rows: Vec<(String, Vec<String>)> = rb
            .effects
            .iter()
            .filter(|e| e.measure == measure && shown(measure, &e.scenario))
            .map(|e| {
                (
                    String::new(),
                    vec![
                        short_title(r, &e.scenario),
                        number(e.mean),
                        number(e.p5),
                        number(e.p50),
                        number(e.p95),
                        probability(e.p_better),
                    ],
                )
            })
            .collect();
        html.push_str(&table(&head, &rows));
        // P(row beats column), packages by the order of the effects.
        let names: Vec<&str> = rb
            .effects
            .iter()
            .filter(|e| e.measure == measure && shown(measure, &e.scenario))
            .map(|e| e.scenario.as_str())
            .collect();
        let head: Vec<String> =
            std::iter::once(escape(lang.pick("行优于列的概率", "P(row beats column)")))
                .chain((1..=names.len()).map(|k| k.to_string()))
                .collect();
        let rows: Vec<(String, Vec<String>)> = names
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut cells = vec![format!("{}. {}", i + 1, short_title(r, a))];
                for b in &names {
                    cells.push(if a == b {
                        "—".into()
                    } else {
                        rb.beats(measure, a, b)
                            .map_or_else(|| "—".into(), probability)
                    });
                }
                (String::new(), cells)
            })
            .collect();
        html.push_str(&table(&head, &rows));
    }
    html
}

fn methods(r: &ComparisonReport, lang: Lang) -> String {
    match r.baseline() {
        Some(b) => {
            // Packages by their short titles, as the reader knows them.
            let changed: Vec<(String, Vec<String>)> = changed_parameters(r)
                .into_iter()
                .map(|(key, names)| {
                    let shown = match lang {
                        Lang::Zh => names.iter().map(|n| short_title(r, n)).collect(),
                        Lang::En => names,
                    };
                    (key, shown)
                })
                .collect();
            sections::methods(lang, (&b.manifest, &b.summary), &changed, &b.sectors)
        }
        None => String::new(),
    }
}

fn appendix(r: &ComparisonReport, lang: Lang) -> String {
    let mut html = String::new();
    let deltas: Vec<(String, &str)> = r
        .charts
        .iter()
        .filter(|(name, _)| name.ends_with("_delta"))
        .map(|(name, svg)| (chart_caption(name, lang), svg.as_str()))
        .collect();
    if !deltas.is_empty() {
        let _ = writeln!(
            html,
            "<h3>{}</h3>",
            escape(lang.pick("最后比较年份相对基准的变化", "Change against the baseline"))
        );
        html.push_str(&charts(&deltas));
    }
    for s in &r.scenarios {
        let _ = writeln!(
            html,
            "<h3>{}</h3>",
            escape(&title_of(r, &s.manifest.scenario_name))
        );
        html.push_str(&named_charts(&s.charts));
    }
    html
}
