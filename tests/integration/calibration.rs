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
}
