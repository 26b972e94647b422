//! Costed policies (docs/model.md §3.1a, §3.9; model-spec v3 §6): each measure acts through its
//! channel and only there, no spending reproduces the run without the measure, and the cost
//! lines add up.

use talentloop::results::RunResult;
use talentloop::scenario::{apply_override, Scenario};

use crate::common::*;

/// The baseline with `assignments` (`--set` syntax) applied.
fn with(base: &Scenario, assignments: &[String]) -> Scenario {
    assignments.iter().fold(base.clone(), |s, a| {
        apply_override(&s, a).unwrap_or_else(|e| panic!("{a}: {e}"))
    })
}

/// `key` switched from 0 to `value` in 2026.
fn from_2026(key: &str, value: f64) -> String {
    switch_2026(key, 0.0, value)
}

/// `key` switched from `before` to `after` in 2026.
fn switch_2026(key: &str, before: f64, after: f64) -> String {
    format!("{key}={{ kind = 'step', year = 2026, before = {before}, after = {after} }}")
}

/// A city-wide or one sector's value of a reported variable at `row`.
fn value(r: &RunResult, variable: &str, category: &str, sector: Option<&str>, row: usize) -> f64 {
    match sector {
        Some(id) => r.values[row][r.column(variable, category, Some(id)).unwrap()],
        None => match r.column(variable, category, None) {
            Some(c) => r.values[row][c],
            None => sector_sum(r, variable, category, row),
        },
    }
}

/// One measure: the lever switched on in 2026 (from `before`, on top of `given`, which both
/// runs share), the variables it must move at the switch (before any stock has changed) and in
/// which direction, those it must leave exactly unchanged there, and its cost line.
struct Channel {
    lever: &'static str,
    given: &'static [&'static str],
    before: f64,
    value: f64,
    moves: &'static [(&'static str, &'static str, Option<&'static str>, f64)],
    keeps: &'static [(&'static str, &'static str, Option<&'static str>)],
    cost: Option<&'static str>,
}

const CHANNELS: &[Channel] = &[
    Channel {
        given: &[],
        before: 0.0,
        lever: "params.levers.service_spending",
        value: 0.3,
        moves: &[
            ("flow_quits_settled", "H", None, -1.0),
            ("flow_quits_recruits", "H", None, -1.0),
        ],
        keeps: &[
            ("flow_quits", "S", None),
            ("candidate_pool", "H", None),
            ("acceptance_programme", "H", None),
            ("flow_promotions", "S", None),
        ],
        cost: Some("cost_service"),
    },
    Channel {
        given: &[],
        before: 0.0,
        lever: "params.levers.rent_subsidy",
        value: 0.6,
        moves: &[
            ("flow_quits_recruits", "H", None, -1.0),
            ("acceptance_market", "H", None, 1.0),
        ],
        keeps: &[
            ("flow_quits_settled", "H", None),
            ("acceptance_programme", "H", None),
            ("candidate_pool", "H", None),
        ],
        cost: Some("cost_rent"),
    },
    Channel {
        given: &[],
        before: 0.0,
        lever: "params.levers.platform_spending",
        value: 0.5,
        moves: &[("flow_promotions", "S", None, 1.0)],
        keeps: &[
            ("flow_quits_settled", "H", None),
            ("flow_quits", "S", None),
            ("candidate_pool", "H", None),
        ],
        cost: Some("cost_platform"),
    },
    Channel {
        given: &[],
        before: 0.0,
        lever: "params.levers.evaluation_reform",
        value: 1.0,
        moves: &[
            ("flow_quits_settled", "H", None, -1.0),
            ("flow_promotions", "S", None, 1.0),
        ],
        keeps: &[
            ("flow_quits_recruits", "H", None),
            ("candidate_pool", "H", None),
        ],
        cost: None,
    },
    Channel {
        given: &[],
        before: 0.0,
        lever: "params.levers.hr_park_spending",
        value: 0.5,
        moves: &[("candidate_pool", "H", None, 1.0)],
        keeps: &[
            ("flow_quits_settled", "H", None),
            ("flow_quits_recruits", "H", None),
            ("acceptance_programme", "H", None),
        ],
        cost: Some("cost_hr_park"),
    },
    Channel {
        given: &[],
        before: 0.0,
        lever: "params.levers.partner_projects",
        value: 2.0,
        moves: &[("flow_landed_capacity", "", None, 1.0)],
        keeps: &[
            ("flow_quits_settled", "H", None),
            ("candidate_pool", "H", None),
            ("flow_projects_started", "", None),
        ],
        cost: Some("cost_partner"),
    },
    Channel {
        given: &[],
        before: 0.0,
        lever: "params.levers.online_upskilling_places",
        value: 1000.0,
        // A pipeline: nothing moves at the switch, trainees complete later.
        moves: &[],
        keeps: &[("flow_upskilled", "S", None), ("flow_quits", "S", None)],
        cost: Some("cost_training"),
    },
    Channel {
        given: &[],
        before: 0.0,
        lever: "sectors.culture_tourism.talent_station_spending",
        value: 0.05,
        moves: &[
            ("flow_hires_market", "H", Some("culture_tourism"), 1.0),
            ("flow_quits_settled", "H", Some("culture_tourism"), -1.0),
        ],
        keeps: &[
            ("flow_quits_settled", "H", Some("adv_materials")),
            ("flow_quits", "S", Some("culture_tourism")),
            ("candidate_pool", "H", None),
        ],
        cost: Some("cost_stations"),
    },
    Channel {
        given: &[],
        before: 0.0,
        lever: "sectors.adv_materials.programme_quota",
        value: 20.0,
        moves: &[(
            "flow_hires_sector_programme",
            "H",
            Some("adv_materials"),
            1.0,
        )],
        keeps: &[
            ("flow_hires_programme", "H", Some("energy_chem")),
            ("flow_hires_programme", "H", Some("adv_materials")),
            ("flow_hires_public_service", "H", None),
        ],
        // Without a programme subsidy its hires cost the city's settling subsidy (C1) only.
        cost: Some("cost_subsidy"),
    },
    Channel {
        given: &[],
        before: 0.0,
        lever: "sectors.adv_materials.research_fund",
        value: 0.2,
        moves: &[("flow_promotions", "S", Some("adv_materials"), 1.0)],
        keeps: &[
            ("flow_promotions", "S", Some("energy_chem")),
            ("flow_quits_settled", "H", Some("adv_materials")),
        ],
        cost: Some("cost_programmes"),
    },
    Channel {
        given: &[
            "sectors.adv_materials.programme_quota={ kind = 'step', year = 2026, before = 0, \
            after = 20 }",
        ],
        before: 0.0,
        lever: "sectors.adv_materials.programme_subsidy",
        value: 40.0,
        moves: &[(
            "flow_hires_sector_programme",
            "H",
            Some("adv_materials"),
            1.0,
        )],
        keeps: &[
            ("flow_hires_programme", "H", Some("energy_chem")),
            ("acceptance_programme", "H", None),
            ("flow_quits_recruits", "H", None),
        ],
        cost: Some("cost_programmes"),
    },
    Channel {
        given: &[],
        before: 1.0,
        lever: "params.levers.public_service_capacity",
        value: 1.2,
        // Capacity acts on the amenity index, a stock: nothing moves at the switch.
        moves: &[],
        keeps: &[
            ("amenity_index", "", None),
            ("flow_quits_settled", "H", None),
            ("candidate_pool", "H", None),
        ],
        cost: Some("cost_public_service"),
    },
];

#[test]
fn each_measure_acts_through_its_channel_and_only_there() {
    let base_scenario = baseline();
    for c in CHANNELS {
        let given: Vec<String> = c.given.iter().map(|a| a.to_string()).collect();
        let base = simulate(&with(&base_scenario, &given));
        let r = simulate(&with(
            &with(&base_scenario, &given),
            &[switch_2026(c.lever, c.before, c.value)],
        ));
        // At the switch the state is still the baseline's: only the lever differs.
        let row = row_at(&r, 2026.0);
        for &(variable, category, sector, sign) in c.moves {
            let (on, off) = (
                value(&r, variable, category, sector, row),
                value(&base, variable, category, sector, row),
            );
            assert!(
                sign * (on - off) > 1e-6 * off.abs().max(1e-3),
                "{}: {variable}[{category}] {sector:?} should move ({sign:+}): {on} vs {off}",
                c.lever
            );
        }
        for &(variable, category, sector) in c.keeps {
            let (on, off) = (
                value(&r, variable, category, sector, row),
                value(&base, variable, category, sector, row),
            );
            assert!(
                (on - off).abs() <= 1e-12 * off.abs().max(1.0),
                "{}: {variable}[{category}] {sector:?} must not move: {on} vs {off}",
                c.lever
            );
        }
        if let Some(line) = c.cost {
            assert!(
                at(&r, line, "", 2035.0) > at(&base, line, "", 2035.0) + 1e-3,
                "{}: {line} must rise",
                c.lever
            );
        }
    }
}

#[test]
fn online_upskilling_reaches_the_skilled_stock_after_its_duration() {
    let base = simulate(&baseline());
    let r = simulate(&with(
        &baseline(),
        &[from_2026("params.levers.online_upskilling_places", 1000.0)],
    ));
    let row = row_at(&r, 2028.0);
    let gained =
        sector_sum(&r, "flow_upskilled", "S", row) - sector_sum(&base, "flow_upskilled", "S", row);
    // y_on = 0.5 of 1,000 entrants a year at steady state, less what the sectors' stocks absorb.
    assert!(gained > 400.0 && gained < 510.0, "{gained}");
}

#[test]
fn no_spending_reproduces_the_run_without_the_measure() {
    // The run without the measures is the plain baseline. The runs under test change only what
    // acts when something is spent — every efficacy curve at another strength, the rent and
    // housing-floor references, a programme subsidy without offers — and switch each lever "on"
    // at its no-spending value (0, or 1 for the capacity index): with nothing spent, none of it
    // may show, to 1e-12.
    let reference = simulate(&baseline());
    let idle: Vec<String> = [
        "params.efficacy.retention_max=0.6",
        "params.efficacy.reach_max=2",
        "params.efficacy.upgrading_max=2",
        "params.efficacy.retention_half_spending=1",
        "params.efficacy.reach_half_spending=1",
        "params.efficacy.upgrading_half_spending=1",
        "params.efficacy.rent_reference=1",
        "params.efficacy.housing_floor=0.5",
        "params.efficacy.online_yield=0.9",
        "params.efficacy.retraining_yield=0.9",
        "sectors.adv_materials.programme_subsidy=50",
    ]
    .map(String::from)
    .to_vec();
    for c in CHANNELS {
        let mut assignments = idle.clone();
        assignments.push(switch_2026(c.lever, c.before, c.before));
        let r = simulate(&with(&baseline(), &assignments));
        for (row, (a, b)) in r.values.iter().zip(&reference.values).enumerate() {
            for (x, y) in a.iter().zip(b) {
                assert!(
                    (x - y).abs() <= 1e-12 * y.abs().max(1.0),
                    "{} at no spending differs in row {row}: {x} vs {y}",
                    c.lever
                );
            }
        }
    }
}

#[test]
fn retraining_moves_skilled_surplus_to_gaps_even_without_market_mobility() {
    // One sector starting in skilled surplus (it lasts about a year and a half as the sector
    // grows and surplus staff quit faster), no market movement between sectors.
    let mut s = with(
        &baseline(),
        &[
            "params.mobility.surplus_mobility_skilled=0".to_string(),
            "sectors.energy_chem.skilled_2024=6000".to_string(),
        ],
    );
    let without = simulate(&s);
    s = with(&s, &["params.levers.retraining_places=500".to_string()]);
    let with_places = simulate(&s);
    let row = row_at(&with_places, 2024.5);
    assert_eq!(sector_sum(&without, "flow_moves_in", "S", row), 0.0);
    let moved_in = sector_sum(&with_places, "flow_moves_in", "S", row);
    let moved_out = sector_sum(&with_places, "flow_moves_out", "S", row);
    assert!(
        moved_in > 50.0 && moved_in <= 0.6 * 500.0 + 1e-9,
        "{moved_in}"
    );
    assert!(
        (moved_in - moved_out).abs() <= 1e-9 * moved_in,
        "persons are conserved"
    );
    assert!(
        at(&with_places, "cost_training", "", 2035.0) > at(&without, "cost_training", "", 2035.0)
    );
}

/// Every costed lever switched on at once.
fn every_measure() -> Scenario {
    // Each lever once (the programme subsidy's channel sets its quota), ramped in over 2026 so
    // the spending rate is continuous and its integral can be checked by quadrature.
    let mut assignments: Vec<String> = CHANNELS
        .iter()
        .map(|c| {
            format!(
                "{}={{ kind = 'ramp', start = 2026, end = 2027, from = {}, to = {} }}",
                c.lever, c.before, c.value
            )
        })
        .collect();
    assignments.extend(
        [
            "params.levers.retraining_places=300",
            "params.levers.allowance=2",
            "params.levers.enclave_seats=100",
            "params.levers.flexible_target=100",
            "params.levers.amenity_investment=1",
        ]
        .map(String::from),
    );
    with(&baseline(), &assignments)
}

#[test]
fn programme_costs_add_up_to_the_total_and_to_the_integral_of_spending() {
    // A fine report grid so that Simpson's rule on the spending rate is far below the solver's
    // tolerance; the ramps' kinks (2026, 2027) are even grid points.
    let r = simulate(&with(
        &every_measure(),
        &["time.report_step=0.015625".to_string()],
    ));
    let lines: Vec<usize> = talentloop::model::layout::COSTS
        .iter()
        .map(|c| r.column(c.variable, "", None).unwrap())
        .collect();
    let total = r.column("cost_total", "", None).unwrap();
    let spending = r.column("spending_rate", "", None).unwrap();
    for row in 0..r.times.len() {
        let sum: f64 = lines.iter().map(|&c| r.values[row][c]).sum();
        let t = r.values[row][total];
        assert!(
            (sum - t).abs() <= 1e-9 * t.abs().max(1.0),
            "row {row}: {sum} vs {t}"
        );
        assert!(lines.iter().all(|&c| r.values[row][c] >= 0.0));
    }
    let rates: Vec<f64> = r.values.iter().map(|row| row[spending]).collect();
    let integral = simpson(&rates, r.times[1] - r.times[0]);
    let last = r.values[r.times.len() - 1][total];
    // The accumulator is integrated with the stocks at rtol 3e-6.
    assert!(
        (integral - last).abs() <= 1e-5 * last,
        "{integral} vs {last}"
    );
    for line in [
        "cost_rent",
        "cost_stations",
        "cost_platform",
        "cost_hr_park",
        "cost_programmes",
        "cost_salaries",
        "cost_public_service",
        "cost_partner",
    ] {
        assert!(at(&r, line, "", 2035.0) > 0.0, "{line}");
    }
}

#[test]
fn each_cost_line_is_the_integral_of_its_own_spending_rate() {
    // Per programme: the accumulator at the end against Simpson's rule on the programme's rate,
    // re-evaluated from the raw states (the rates are not reported one by one).
    let s = with(&every_measure(), &["time.report_step=0.015625".to_string()]);
    let r = simulate(&s);
    let model = talentloop::model::Model::compile(&s).unwrap();
    let mut aux = talentloop::model::Aux::new(model.n_sectors());
    let lines = talentloop::model::layout::COSTS.len();
    let mut rates = vec![Vec::with_capacity(r.times.len()); lines];
    for (t, y) in r.trajectory.times.iter().zip(&r.trajectory.states) {
        model.eval(*t, y, &mut aux);
        for (k, series) in rates.iter_mut().enumerate() {
            series.push(aux.cost[k]);
        }
    }
    let end = r.trajectory.states.last().unwrap();
    let h = r.times[1] - r.times[0];
    for (k, series) in rates.iter().enumerate() {
        let accumulated = end[model.layout.acc(k)];
        let integral = simpson(series, h);
        assert!(
            (integral - accumulated).abs() <= 1e-5 * accumulated.abs().max(1e-3),
            "{}: ∫ rate {integral} vs accumulator {accumulated}",
            talentloop::model::layout::COSTS[k].variable
        );
    }
}

#[test]
fn public_salaries_follow_filled_posts() {
    let base = simulate(&baseline());
    let more_posts = simulate(&with(
        &baseline(),
        &[
            "params.levers.quota_public={ kind = 'step', year = 2026, before = 530, after = 800 }"
                .to_string(),
        ],
    ));
    let row = row_at(&base, 2030.0);
    let posts = |r: &RunResult| {
        value(r, "talent_public_service", "H", None, row)
            + sector_sum(r, "talent_deployed", "H", row)
    };
    let rate = |r: &RunResult| {
        let (a, b) = (row_at(r, 2030.0), row_at(r, 2030.25));
        let c = r.column("cost_salaries", "", None).unwrap();
        (r.values[b][c] - r.values[a][c]) / (r.times[b] - r.times[a])
    };
    assert!(posts(&more_posts) > posts(&base));
    assert!(rate(&more_posts) > rate(&base));
    // 12 万元 a year per filled post (baseline w_PS), within the quarter's drift.
    let per_post = rate(&base) * 1e4 / posts(&base);
    assert!((per_post - 12.0).abs() < 0.1, "{per_post}");
}

fn talentloop(args: &[&str]) -> assert_cmd::assert::Assert {
    assert_cmd::Command::cargo_bin("talentloop")
        .unwrap()
        .args(args)
        .assert()
}

#[test]
fn spending_above_five_percent_of_gdp_is_reported_by_run_compare_and_sweep() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let baseline = repo("scenarios/baseline.toml")
        .to_string_lossy()
        .into_owned();
    let huge = "params.levers.amenity_investment=500";
    use predicates::prelude::*;
    let warned = || {
        predicates::str::contains("warning: baseline")
            .and(predicates::str::contains("of GDP"))
            .and(predicates::str::contains("超过 5% 警戒线"))
    };
    for (command, dir) in [("run", "run"), ("compare", "cmp")] {
        talentloop(&[
            command,
            &baseline,
            "--set",
            huge,
            "--no-plots",
            "-q",
            "--out",
            &out(dir),
        ])
        .success()
        .stderr(warned());
    }
    let fiscal = std::fs::read_to_string(dir.path().join("cmp/fiscal.csv")).unwrap();
    assert!(fiscal.contains("peak_gdp_share"), "{fiscal}");
    // The plain baseline says nothing.
    talentloop(&["run", &baseline, "--no-plots", "-q", "--out", &out("plain")])
        .success()
        .stderr(predicates::str::contains("warning").not());
    let spec = dir.path().join("amenity.toml");
    std::fs::write(
        &spec,
        format!(
            "[sweep]\nname = \"amenity\"\nscenario = \"{}\"\nmethod = \"lhs\"\nsamples = 8\nseed = \
             1\n[[parameters]]\nkey = \"params.levers.amenity_investment\"\ndistribution = \
             \"uniform\"\nlower = 0.0\nupper = 400.0\n[[outputs]]\nname = \"gdp\"\nvariable = \
             \"gdp\"\nstat = \"at\"\nyear = 2030\n",
            baseline.replace('\\', "/")
        ),
    )
    .unwrap();
    talentloop(&[
        "sweep",
        &spec.to_string_lossy(),
        "--no-plots",
        "-q",
        "--out",
        &out("sweep"),
    ])
    .success()
    .stderr(predicates::str::contains("runs spend more than 5% of GDP"));
}

#[test]
fn a_budget_is_checked_in_total_and_per_year() {
    let package = load_package("full_cycle_service");
    let r = simulate(&package);
    let within = talentloop::analysis::fiscal::fiscal(
        &r,
        talentloop::scenario::Budget {
            max_total: Some(100.0),
            max_per_year: Some(10.0),
        },
    );
    assert!(!within.over_budget());
    assert!(within.warnings("p").is_empty());
    let tight = with(
        &package,
        &[
            "budget.max_total=20".to_string(),
            "budget.max_per_year=2".to_string(),
        ],
    );
    assert_eq!(tight.budget.max_total, Some(20.0));
    let over = talentloop::analysis::fiscal::fiscal(&r, tight.budget);
    assert!(over.over_budget());
    let excess = over.over_total.unwrap();
    assert!((over.programme_total - 20.0 - excess).abs() < 1e-12);
    // Programme spending leaves out public salaries: total cost minus the salary line.
    let end = 2035.0;
    assert!(
        (over.programme_total - (at(&r, "cost_total", "", end) - at(&r, "cost_salaries", "", end)))
            .abs()
            < 1e-9
    );
    assert!(over.over_years.iter().all(|&(_, x)| x > 2.0));
    assert!(over.over_years.iter().any(|&(y, _)| y == 2030));
    assert_eq!(over.warnings("p").len(), 2);
}

#[test]
fn a_bad_budget_is_an_error_naming_the_key() {
    let base = baseline();
    let err = apply_override(&base, "budget.max_total=-1").unwrap_err();
    assert!(err.to_string().contains("budget.max_total"), "{err}");
    assert_eq!(err.issues[0].code(), "out_of_range");
    let err = apply_override(&base, "budget.total=10").unwrap_err();
    assert!(err.to_string().contains("budget"), "{err}");
}

fn load_package(name: &str) -> Scenario {
    talentloop::scenario::load(&repo(&format!("scenarios/{name}.toml"))).unwrap()
}

#[test]
fn re_deriving_with_hr_parks_from_the_start_keeps_the_2024_market_hires() {
    // The stored candidate pool is the one without the parks' widening (BAL2), so a dataset whose
    // start year already funds HR-service parks balances to its market hires.
    let mut s = with(
        &baseline(),
        &["params.levers.hr_park_spending=0.5".to_string()],
    );
    s.rebalance = true;
    let r = simulate(&s);
    let hm0 = baseline()
        .global("high_level", "market_hires_2024")
        .value
        .at(2024.0);
    let market = sector_sum(&r, "flow_hires_market", "H", 0);
    assert!((market - hm0).abs() <= 1e-6 * hm0, "{market} vs {hm0}");
}

#[test]
fn public_service_capacity_raises_the_amenity_index_after_the_switch() {
    let base = simulate(&baseline());
    let r = simulate(&with(
        &baseline(),
        &[switch_2026(
            "params.levers.public_service_capacity",
            1.0,
            1.2,
        )],
    ));
    assert!(at(&r, "amenity_index", "", 2030.0) > at(&base, "amenity_index", "", 2030.0) + 0.01);
    assert!(
        at(&r, "cost_public_service", "", 2035.0) > 15.0,
        "0.2 × 10 亿元/yr for 9 years"
    );
}
