//! Charts: files for a run and a comparison, valid PNG/SVG of the requested size, deterministic
//! bytes, and every Chinese label the default scenarios use has a glyph in the bundled font.

use ab_glyph::{Font, FontRef};
use talentloop::model::indicator_registry::INDICATORS;
use talentloop::model::indicators::COORDINATION_GRADES;
use talentloop::output::chart::{render, Chart, Plot, Series, Size, CJK_FONT, SVG_FONT_FAMILY};
use talentloop::output::plots::{compare_charts, plot_dir, read_timeseries, run_charts, Lang};
use talentloop::output::{self, json::RunProvenance};

use crate::common::*;

const SMALL: Size = Size {
    width: 400,
    height: 250,
};

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().expect("valid PNG");
    let info = reader.info();
    (info.width, info.height)
}

fn write_baseline(dir: &std::path::Path) {
    let s = baseline();
    let r = simulate(&s);
    output::write_run(dir, false, &s, &r, &RunProvenance::default()).unwrap();
}

#[test]
fn a_run_gets_every_chart_as_png_and_svg_of_the_requested_size() {
    let dir = tempfile::tempdir().unwrap();
    let run_dir = dir.path().join("baseline");
    write_baseline(&run_dir);
    let files = plot_dir(&run_dir, SMALL, Lang::Zh).unwrap();
    for name in [
        "talent_stocks",
        "gap_matching",
        "mismatch",
        "pay",
        "high_tech_share",
        "gdp",
        "coordination",
        "fiscal_cost",
        "sectors",
    ] {
        let png = std::fs::read(run_dir.join("charts").join(format!("{name}.png"))).unwrap();
        assert_eq!(png_size(&png), (400, 250), "{name}");
        let svg =
            std::fs::read_to_string(run_dir.join("charts").join(format!("{name}.svg"))).unwrap();
        assert!(
            svg.starts_with("<svg")
                && svg.contains("width=\"400\"")
                && svg.contains("height=\"250\""),
            "{name}"
        );
        assert!(
            svg.contains(SVG_FONT_FAMILY),
            "{name} names the CJK font families"
        );
    }
    assert_eq!(files.len(), 18);
    let svg = std::fs::read_to_string(run_dir.join("charts/coordination.svg")).unwrap();
    assert!(svg.contains("耦合协调度") && svg.contains("优质协调"));
}

#[test]
fn a_comparison_gets_lines_and_delta_bars() {
    let base = simulate(&baseline());
    let dir = tempfile::tempdir().unwrap();
    let rows = |r: &talentloop::results::RunResult| {
        let path = dir.path().join(format!("{}.csv", r.scenario));
        std::fs::write(&path, output::csv::timeseries(r)).unwrap();
        read_timeseries(&path).unwrap()
    };
    let other =
        simulate(&talentloop::scenario::load(&repo("scenarios/dual_enclave.toml")).unwrap());
    let runs = vec![
        ("baseline".to_string(), rows(&base)),
        ("dual_enclave".to_string(), rows(&other)),
    ];
    let names: Vec<String> = runs.iter().map(|r| r.0.clone()).collect();
    let charts = compare_charts(&runs, &names, "baseline", Lang::En);
    assert!(charts.iter().any(|(n, _)| n == "compare_talent_total_H"));
    assert!(charts
        .iter()
        .any(|(n, c)| n == "compare_high_tech_share_manufacturing_delta"
            && matches!(c.plot, Plot::Bars { .. })));
    for (name, chart) in &charts {
        if let Plot::Line { series, .. } = &chart.plot {
            assert_eq!(
                series.iter().filter(|s| s.emphasis).count(),
                1,
                "{name}: baseline emphasised"
            );
        }
        let r = render(chart, SMALL).unwrap();
        assert_eq!(png_size(&r.png), (400, 250));
    }
}

#[test]
fn rendering_twice_gives_identical_png_bytes() {
    let chart = Chart {
        title: "高层次人才 (test)".into(),
        x_label: "年份".into(),
        y_label: "人".into(),
        plot: Plot::Line {
            series: vec![
                Series {
                    name: "基准".into(),
                    points: vec![(2024.0, 1.0), (2030.0, 2.0), (2035.0, 2.5)],
                    emphasis: true,
                },
                Series {
                    name: "飞地".into(),
                    points: vec![(2024.0, 1.0), (2030.0, 2.2), (2035.0, 3.0)],
                    emphasis: false,
                },
            ],
            bands: vec![],
            y_range: None,
        },
    };
    let a = render(&chart, SMALL).unwrap();
    let b = render(&chart, SMALL).unwrap();
    assert_eq!(a.png, b.png);
    assert_eq!(a.svg, b.svg);
    // Not blank: the text and lines put dark pixels on the white background.
    let mut decoder = png::Decoder::new(std::io::Cursor::new(&a.png))
        .read_info()
        .unwrap();
    let mut buf = vec![0; decoder.output_buffer_size().unwrap()];
    decoder.next_frame(&mut buf).unwrap();
    assert!(buf.chunks(3).filter(|p| p.iter().all(|&c| c < 100)).count() > 200);
}

/// Every character of every Chinese label the charts can print must have a glyph.
#[test]
fn every_chinese_label_has_a_glyph_in_the_bundled_font() {
    let font = FontRef::try_from_slice(CJK_FONT).expect("bundled font parses");
    let mut texts: Vec<String> = Vec::new();
    // Every label a leader may see: indicators, parameters, stocks and cost programmes.
    texts.extend(INDICATORS.iter().map(|d| d.zh.to_string()));
    texts.extend(INDICATORS.iter().map(|d| d.description_zh.to_string()));
    texts.extend(
        talentloop::scenario::schema::GROUPS
            .iter()
            .flat_map(|g| g.params.iter())
            .chain(talentloop::scenario::schema::SECTOR_PARAMS.iter())
            .map(|d| d.zh.to_string()),
    );
    // The explorer's Chinese lever descriptions (every lever has one).
    for d in talentloop::scenario::schema::GROUPS
        .iter()
        .flat_map(|g| g.params.iter())
        .chain(talentloop::scenario::schema::SECTOR_PARAMS.iter())
    {
        if let Some(control) = d.role.control() {
            assert!(
                !control.doc_zh.is_empty(),
                "{} has no Chinese description",
                d.key
            );
            texts.push(control.doc_zh.to_string());
        }
    }
    texts.extend(
        talentloop::model::layout::SECTOR_STOCKS
            .iter()
            .chain(&talentloop::model::layout::CITY_STOCKS)
            .map(|d| d.zh.to_string()),
    );
    texts.extend(COORDINATION_GRADES.iter().map(|g| g.0.to_string()));
    let scenario_files = std::fs::read_dir(repo("scenarios"))
        .unwrap()
        .chain(std::fs::read_dir(repo("scenarios/history")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"));
    for path in scenario_files {
        let s = talentloop::scenario::load(&path).unwrap();
        texts.push(s.title_zh.clone());
        texts.extend(s.sectors.iter().map(|x| x.name_zh.clone()));
    }
    let base = simulate(&baseline());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ts.csv");
    std::fs::write(&path, output::csv::timeseries(&base)).unwrap();
    let rows = read_timeseries(&path).unwrap();
    let sectors: Vec<(String, String)> = baseline()
        .sectors
        .iter()
        .map(|s| (s.id.clone(), s.name_zh.clone()))
        .collect();
    for (_, chart) in run_charts(&rows, &sectors, Lang::Zh) {
        texts.extend([
            chart.title.clone(),
            chart.x_label.clone(),
            chart.y_label.clone(),
        ]);
        if let Plot::Line { series, bands, .. } = &chart.plot {
            texts.extend(series.iter().map(|s| s.name.clone()));
            texts.extend(bands.iter().map(|b| b.label.clone()));
        }
    }
    let mut missing = Vec::new();
    for text in &texts {
        for c in text.chars().filter(|c| !c.is_ascii()) {
            if font.glyph_id(c).0 == 0 {
                missing.push((c, text.clone()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "characters without a glyph: {missing:?}"
    );
    assert!(texts.len() > 50);
}

fn compare_dir(root: &std::path::Path) -> std::path::PathBuf {
    use talentloop::analysis::compare::compare;
    let out = root.join("cmp");
    let scenarios = ["baseline", "zhengzhao_qiyong", "dual_enclave"]
        .iter()
        .map(|n| talentloop::scenario::load(&repo(&format!("scenarios/{n}.toml"))).unwrap())
        .collect();
    let c = compare(
        scenarios,
        0,
        &[2030.0, 2035.0],
        ("coordination_degree".into(), String::new()),
        0.0,
    )
    .unwrap();
    output::compare::write_comparison(&out, false, &c, &RunProvenance::default(), Lang::En)
        .unwrap();
    plot_dir(&out, SMALL, Lang::Zh).unwrap();
    for n in ["baseline", "zhengzhao_qiyong", "dual_enclave"] {
        plot_dir(&out.join(n), SMALL, Lang::Zh).unwrap();
    }
    out
}

#[test]
fn the_report_holds_every_scenario_table_and_chart() {
    use talentloop::output::report::{report_dirs, ReportOptions};
    let dir = tempfile::tempdir().unwrap();
    let out = compare_dir(dir.path());
    let with_appendix = ReportOptions {
        appendix: true,
        ..Default::default()
    };
    let html = report_dirs(std::slice::from_ref(&out), &with_appendix).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    // Each package under its Chinese title (the English file names are for an English report).
    for title in [
        "政招企用：事业编制人才更多下沉企业",
        "双向飞地：成渝科创飞地与本地产业飞地",
    ] {
        assert!(
            html.contains(&format!("<h3>{title}</h3>")),
            "{title} described"
        );
    }
    let svg_count = |d: &std::path::Path| {
        std::fs::read_dir(d)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "svg")
            })
            .count()
    };
    let comparison_charts = svg_count(&out.join("charts"));
    let svg_files: usize = comparison_charts
        + ["baseline", "dual_enclave", "zhengzhao_qiyong"]
            .iter()
            .map(|n| svg_count(&out.join(n).join("charts")))
            .sum::<usize>();
    // Every chart inline with the appendix, plus the loop diagram; without it the comparison's
    // paths over time (its bar charts of the last year's change repeat the tables).
    assert_eq!(
        html.matches("<svg").count(),
        svg_files + 1,
        "every chart inline"
    );
    assert_eq!(html.matches("<figure").count(), svg_files + 1);
    let plain = talentloop::output::report::report(&out).unwrap();
    let bar_charts = std::fs::read_dir(out.join("charts"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .to_string_lossy()
                .ends_with("_delta.svg")
        })
        .count();
    assert!(bar_charts > 0);
    assert_eq!(
        plain.matches("<svg").count(),
        comparison_charts - bar_charts + 1
    );
    for section in [
        "一、摘要",
        "二、方案说明",
        "三、主要结果",
        "四、不确定性",
        "五、方法与假设",
        "六、指标说明",
        "七、注意事项",
        "附录",
    ] {
        assert!(html.contains(section), "{section}");
    }
    // Costs as the comparison states them: talent-years, the administrative marking (政招企用
    // is administrative only), the fiscal table; the register with assumptions highlighted.
    assert!(html.contains("按成本效益排序") && html.contains("人·年/亿元"));
    assert!(html.contains("仅行政措施"));
    assert!(html.contains("财政支出") && html.contains("人才项目支出"));
    assert!(html.contains("假设登记表") && html.contains("class=\"assumption\""));
    assert!(
        html.contains("调配"),
        "the 政招企用 reallocation is called out"
    );
    // The embedded font: no system font is needed.
    assert!(html.contains("@font-face{font-family:TalentloopCJK;src:url(data:font/ttf;base64,"));
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "no network resources"
    );
    assert!(!html.contains("<script"), "no scripts");
    // Tables are balanced.
    assert_eq!(
        html.matches("<table>").count(),
        html.matches("</table>").count()
    );
    assert!(html.matches("<table>").count() >= 5);
    // English on request.
    let english = report_dirs(
        &[out],
        &ReportOptions {
            lang: Lang::En,
            appendix: false,
        },
    )
    .unwrap();
    assert!(
        english.contains("Ranked by cost-effectiveness") && english.contains("Assumption register")
    );
    assert!(!english.contains("按成本效益排序"));
}

/// Opens the report in headless Chromium and takes a screenshot, where Chromium is installed
/// (`apt-get install chromium`); elsewhere the HTML checks above stand alone.
#[test]
fn the_report_renders_in_headless_chromium() {
    let chromium = std::path::Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        eprintln!("chromium not installed: screenshot check skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let run_dir = dir.path().join("baseline");
    write_baseline(&run_dir);
    plot_dir(&run_dir, SMALL, Lang::Zh).unwrap();
    let html = talentloop::output::report::report(&run_dir).unwrap();
    let page = run_dir.join("report.html");
    std::fs::write(&page, html).unwrap();
    let shot = dir.path().join("shot.png");
    let status = std::process::Command::new(chromium)
        .args(talentloop::output::report::pdf::CHROMIUM_FLAGS)
        .arg("--window-size=1200,1600")
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(png_size(&png), (1200, 1600));
    // The page is not blank: a good share of pixels are not white.
    let mut decoder = png::Decoder::new(std::io::Cursor::new(&png))
        .read_info()
        .unwrap();
    let mut buf = vec![0; decoder.output_buffer_size().unwrap()];
    let info = decoder.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let dark = buf
        .chunks(channels)
        .filter(|p| p[..3].iter().any(|&c| c < 200))
        .count();
    assert!(dark > 5_000, "only {dark} non-white pixels");
}

/// Every chart kind renders at the smallest and a large allowed size (no plotters panic on small
/// fonts, long labels or crowded categories).
#[test]
fn every_chart_kind_renders_at_extreme_sizes() {
    use talentloop::output::chart::{Band, FanBand};
    let line = |k: f64| Series {
        name: format!("情景 {k}"),
        points: (0..12)
            .map(|i| (2024.0 + i as f64, k + i as f64 * 0.1))
            .collect(),
        emphasis: k == 0.0,
    };
    let plots = vec![
        Plot::Line {
            series: vec![line(0.0), line(1.0)],
            bands: vec![Band {
                from: 0.0,
                to: 0.5,
                label: "勉强协调".into(),
            }],
            y_range: Some((0.0, 3.0)),
        },
        Plot::Stacked {
            layers: vec![line(1.0), line(2.0)],
        },
        Plot::Multiples {
            panels: vec![
                ("能源化工".into(), vec![line(0.5)]),
                ("先进材料".into(), vec![line(0.7)]),
                ("食品饮料".into(), vec![line(0.2)]),
            ],
        },
        Plot::Bars {
            categories: (0..25)
                .map(|k| format!("a_rather_long_parameter_name_{k}"))
                .collect(),
            values: (0..25).map(|k| k as f64 - 12.0).collect(),
            errors: Some(
                (0..25)
                    .map(|k| (k as f64 - 13.0, k as f64 - 11.0))
                    .collect(),
            ),
        },
        Plot::Fan {
            bands: vec![FanBand {
                label: "90%".into(),
                points: (0..12)
                    .map(|i| (2024.0 + i as f64, -1.0, 1.0 + i as f64))
                    .collect(),
            }],
            median: line(0.0),
            reference: Some(line(0.5)),
        },
        Plot::Tornado {
            base: 1.0,
            rows: vec![
                ("attractiveness.high_level_2024".into(), 0.5, 1.5),
                ("x".into(), 0.9, 1.1),
            ],
        },
        Plot::Heatmap {
            xs: vec![0.0, 0.1, 0.2],
            ys: vec![20.0, 40.0],
            values: vec![vec![1.0, 2.0, 3.0], vec![2.0, 3.0, 4.0]],
        },
        Plot::Scatter {
            points: vec![("a".into(), 1.0, 2.0), ("b".into(), 3.0, 0.5)],
        },
    ];
    for size in [
        Size {
            width: 200,
            height: 150,
        },
        Size {
            width: 900,
            height: 560,
        },
    ] {
        for plot in &plots {
            let chart = Chart {
                title: "测试 test".into(),
                x_label: "年份".into(),
                y_label: "值".into(),
                plot: plot.clone(),
            };
            let r = render(&chart, size).unwrap_or_else(|e| panic!("{plot:?}: {e}"));
            assert_eq!(png_size(&r.png), (size.width, size.height));
        }
    }
}
