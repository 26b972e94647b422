//! Calibration: from a deliberately wrong start, Nelder–Mead recovers growth assumptions that
//! reproduce the sourced 2025 growth figures, and the calibrated scenario reproduces the fit.

use talentloop::analysis::calibrate::{
    calibrate, load_calibration, pooled_error, read_history, Part,
};
use talentloop::output::calibrate::write_calibration;

use crate::common::repo;

#[test]
fn history_holds_only_sourced_rows() {
    let rows = read_history(&repo("data/history.csv")).unwrap();
    assert!(rows.len() >= 25);
    for r in &rows {
        assert!(
            ["seed", "official", "press", "derived", "literature"].contains(&r.source.as_str()),
            "{r:?}: invented figures are not allowed"
        );
        // Every figure says where it was found and what it is; a derived one shows its
        // arithmetic; a seed figure names the report.
        assert!(
            r.url.starts_with("http") || (r.source == "seed" && r.url.starts_with("seed")),
            "{r:?}: a source address"
        );
        assert!(r.note.len() > 10, "{r:?}: a note");
        if r.source == "derived" {
            assert!(
                r.note.contains("derived") && r.note.contains('='),
                "{r:?}: the arithmetic"
            );
        }
    }
    // No two rows give the same series and year (no silent duplicates or interpolations).
    let mut seen = std::collections::BTreeSet::new();
    for r in &rows {
        assert!(seen.insert((r.series.clone(), r.year)), "{r:?}: twice");
    }
}

#[test]
fn calibration_recovers_growth_from_a_wrong_start() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("scenarios")).unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::copy(
        repo("scenarios/baseline.toml"),
        dir.path().join("scenarios/baseline.toml"),
    )
    .unwrap();
    std::fs::copy(
        repo("data/history.csv"),
        dir.path().join("data/history.csv"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("scenarios/wrong.toml"),
        "extends = \"baseline.toml\"\n[params.economy]\nresidual_growth = \
            { value = 0.03, unit = \"1/yr\", source = \"assumption\" }\n",
    )
    .unwrap();
    let spec_path = dir.path().join("fit.toml");
    std::fs::write(
        &spec_path,
        "[calibrate]\nscenario = \"scenarios/wrong.toml\"\nhistory = \"data/history.csv\"\nstarts \
            = 1\nmax_iterations = 80\n[[parameters]]\nkey = \
                \"params.economy.residual_growth\"\nlower = 0.0\nupper = 0.1\n[[series]]\nname = \
                \"gdp_growth\"\n",
    )
    .unwrap();
    let spec = load_calibration(&spec_path).unwrap();
    let c = calibrate(&spec).unwrap();
    assert!(
        c.payoff < 1e-3 * c.start_payoff,
        "{} → {}",
        c.start_payoff,
        c.payoff
    );
    let baseline_growth = crate::common::baseline()
        .global("economy", "residual_growth")
        .value
        .at(2024.0);
    assert!(
        (c.values[0] - baseline_growth).abs() < 0.002,
        "fitted residual growth {}",
        c.values[0]
    );
    let gdp = c.fit.iter().find(|f| f.series == "gdp_growth").unwrap();
    assert_eq!(gdp.points.len(), 1, "only 2025 lies inside the run");
    assert!((gdp.points[0].2 - 0.06).abs() < 1e-4);
    // The calibrated scenario extends the original and reproduces the fit.
    let out = dir.path().join("out");
    let files = write_calibration(&out, false, &spec, &c).unwrap();
    let calibrated = files
        .iter()
        .find(|f| f.extension().is_some_and(|x| x == "toml"))
        .unwrap();
    let s = talentloop::scenario::load(calibrated).unwrap();
    assert_eq!(
        s.global("economy", "residual_growth").source,
        talentloop::scenario::Source::Derived
    );
    let r = talentloop::results::run(&s).unwrap();
    assert!((r.annual_value("gdp_growth", 2025).unwrap() - 0.06).abs() < 1e-4);
}

#[test]
fn a_holdout_part_is_compared_but_not_fitted() {
    let dir = tempfile::tempdir().unwrap();
    let spec_path = dir.path().join("split.toml");
    std::fs::write(
        &spec_path,
        format!(
            "[calibrate]\nscenario = \"{}\"\nhistory = \"{}\"\nstarts = 1\nmax_iterations = 5\n\
             fit_until = 2024\n[[parameters]]\nkey = \"params.economy.residual_growth\"\nlower = \
             0.0\nupper = 0.1\n[[series]]\nname = \"gdp_growth\"\n[[series]]\nname = \
             \"population\"\n",
            repo("scenarios/baseline.toml")
                .to_string_lossy()
                .replace('\\', "/"),
            repo("data/history.csv")
                .to_string_lossy()
                .replace('\\', "/"),
        ),
    )
    .unwrap();
    let spec = load_calibration(&spec_path).unwrap();
    assert_eq!(spec.fit_until, Some(2024));
    let r = talentloop::results::run(&spec.scenario).unwrap();
    let fits = talentloop::analysis::calibrate::fit_statistics(&spec, &r);
    let part = |series: &str, part: Part| {
        fits.iter()
            .find(|f| f.series == series && f.part == part)
            .unwrap_or_else(|| panic!("{series} {part:?}"))
    };
    // GDP growth 2025 is held out; population 2024 is fitted (a level on 1 January 2024).
    let held = part("gdp_growth", Part::Holdout);
    assert_eq!(held.points.len(), 1);
    assert!(
        held.r2.is_none() && held.theil.is_none(),
        "one point: no R² or Theil"
    );
    assert_eq!(part("gdp_growth", Part::Fit).points.len(), 0);
    assert_eq!(part("population", Part::Fit).points.len(), 1);
    // The payoff ignores the held-out year: moving growth changes it not at all.
    let faster = spec.apply(&[0.09]);
    let faster = talentloop::results::run(&faster).unwrap();
    assert_eq!(spec.payoff(&r), spec.payoff(&faster));
    let (n, e) = pooled_error(&fits, Part::Holdout).unwrap();
    assert_eq!(n, 1);
    assert!((e - held.relative_errors()[0].abs()).abs() < 1e-15);
    // The written files say which part each point is in.
    let c = calibrate(&spec).unwrap();
    let out = dir.path().join("out");
    write_calibration(&out, false, &spec, &c).unwrap();
    let csv = std::fs::read_to_string(out.join("fit.csv")).unwrap();
    assert!(csv.contains("series,part,year,data,model_start,model_fitted,residual"));
    assert!(csv.contains("gdp_growth,holdout,2025,"), "{csv}");
    let json = std::fs::read_to_string(out.join("calibration.json")).unwrap();
    assert!(json.contains("\"pooled\"") && json.contains("\"holdout\""));
    // The back-test chart, in both formats, names its hold-out period.
    let svg = std::fs::read_to_string(out.join("charts/backtest.svg")).unwrap();
    assert!(svg.contains("检验期") && svg.contains("拟合至2024年"));
    assert!(out.join("charts/backtest.png").metadata().unwrap().len() > 1000);
}

/// The back-test of docs/calibration.md §2: fitted on 2021–2023, held out 2024–2025.
fn history_backtest() -> (
    talentloop::analysis::calibrate::CalibrationSpec,
    talentloop::analysis::calibrate::Calibration,
) {
    let spec = load_calibration(&repo("calibrations/history_2021.toml")).unwrap();
    let c = calibrate(&spec).unwrap();
    (spec, c)
}

#[test]
fn history_backtest_refits_its_stored_values_and_holds_out_gdp_growth_within_0_9_pp() {
    let (spec, c) = history_backtest();
    assert_eq!(spec.fit_until, Some(2023));
    // scenarios/history/history_2021.toml stores the fitted values: a refit from them stays
    // there (a
    // change of model or data that moves the fit fails here; refit and store the new values).
    assert!(
        (c.values[0] - 1.0).abs() < 2e-3,
        "capacity-growth scale {}",
        c.values[0]
    );
    assert!(
        (c.values[1] - -0.008441).abs() < 2e-5,
        "population growth {}",
        c.values[1]
    );
    let find = |series: &str, part: Part| {
        c.fit
            .iter()
            .find(|f| f.series == series && f.part == part)
            .unwrap_or_else(|| panic!("{series} {part:?}"))
    };
    // Fitted: 2023 GDP growth (the one growth figure of 2021–2023) to 1e-4.
    let fit = find("gdp_growth", Part::Fit);
    assert_eq!(fit.points.iter().map(|p| p.0).collect::<Vec<_>>(), [2023]);
    assert!((fit.points[0].2 - 0.06).abs() < 1e-4);
    // Held out: 2024 (6.5 %) and 2025 (6.0 %) within ±0.9 percentage points (reached: 0.79).
    let held = find("gdp_growth", Part::Holdout);
    assert_eq!(
        held.points.iter().map(|p| p.0).collect::<Vec<_>>(),
        [2024, 2025]
    );
    for &(year, data, model) in &held.points {
        assert!(
            (model - data).abs() <= 0.009,
            "hold-out GDP growth {year}: model {model:.4}, data {data}"
        );
    }
    // Two points a series in the hold-out: no R² or Theil statistics, a pooled error instead.
    assert!(held.r2.is_none() && held.theil.is_none());
    let (n, e) = pooled_error(&c.fit, Part::Holdout).unwrap();
    assert!(n >= 5 && e.is_finite(), "{n} points, {e}");
    // The chart: the model's GDP growth in every year the run gives one (2022–2025), the 2023
    // figure filled (fitted), 2024 and 2025 hollow (held out), shading from mid-2023.
    let chart = talentloop::output::calibrate::backtest_chart(&spec, &c);
    let talentloop::output::chart::Plot::Backtest {
        panels,
        holdout_from,
        ..
    } = chart.plot
    else {
        panic!("not a back-test chart")
    };
    assert_eq!(holdout_from, Some(2023.5));
    let gdp = &panels[0];
    assert_eq!(
        gdp.model.iter().map(|p| p.0).collect::<Vec<_>>(),
        [2022.0, 2023.0, 2024.0, 2025.0]
    );
    assert_eq!(
        gdp.data.iter().map(|p| (p.0, p.2)).collect::<Vec<_>>(),
        [(2023.0, false), (2024.0, true), (2025.0, true)]
    );
}

#[test]
fn the_history_run_arrives_near_the_2024_start_of_the_baseline() {
    // docs/calibration.md §2.3: where the 2021 back-test arrives on 1 January 2024 against the
    // baseline's start. Talent stocks and flows agree within 7 %, attractiveness within 2 %, the
    // high-tech share within 1.1 points; the gaps do not (the history run arrives with wider
    // ones: capacity grew faster than talent in 2022–2023), which the document explains.
    let history = talentloop::results::run(
        &talentloop::scenario::load(&repo("scenarios/history/history_2021.toml")).unwrap(),
    )
    .unwrap();
    let baseline = talentloop::results::run(&crate::common::baseline()).unwrap();
    let at_2024 = |r: &talentloop::results::RunResult, v: &str, cat: &str| {
        let c = r
            .column(v, cat, None)
            .unwrap_or_else(|| panic!("{v}[{cat}]"));
        r.at(c, 2024.0)
    };
    for (v, cat, tolerance) in [
        ("talent_firms", "H", 0.07),
        ("talent_total", "H", 0.03),
        ("talent_total", "S", 0.03),
        ("talent_public_service", "H", 0.001),
        ("flow_hires_high_level", "H", 0.01),
        ("attractiveness", "H", 0.02),
        ("attractiveness", "S", 0.02),
        ("relative_pay", "H", 0.02),
        ("retention_3y", "H", 0.01),
        ("candidate_pool", "H", 0.01),
    ] {
        let (h, b) = (at_2024(&history, v, cat), at_2024(&baseline, v, cat));
        assert!(
            (h / b - 1.0).abs() <= tolerance,
            "{v}[{cat}] on 1 January 2024: history {h}, baseline {b}"
        );
    }
    let share = |r| at_2024(r, "high_tech_share_manufacturing", "");
    assert!((share(&history) - share(&baseline)).abs() <= 0.011);
    // The difference the document explains: a wider high-level gap than the baseline assumes.
    assert!(at_2024(&history, "gap_ratio", "H") > at_2024(&baseline, "gap_ratio", "H"));
}
