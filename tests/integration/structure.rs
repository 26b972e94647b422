//! Structural options (`[params.structure]`, role `structural`): each form runs, each equals the
//! model it stands for, and sweeps sample them only as discrete factors.

use talentloop::results::RunResult;
use talentloop::scenario::apply_override;

use crate::common::*;

fn set(assignments: &[&str]) -> RunResult {
    let s = assignments.iter().fold(baseline(), |s, a| {
        apply_override(&s, a).unwrap_or_else(|e| panic!("{a}: {e}"))
    });
    simulate(&s)
}

/// Every state slot of two runs agrees to `tol` (relative, on a scale of at least 1).
fn assert_same_states(a: &RunResult, b: &RunResult, tol: f64, what: &str) {
    for (row, (x, y)) in a
        .trajectory
        .states
        .iter()
        .zip(&b.trajectory.states)
        .enumerate()
    {
        for (k, (p, q)) in x.iter().zip(y).enumerate() {
            assert!(
                (p - q).abs() <= tol * q.abs().max(1.0),
                "{what}: {} in row {row}: {p} vs {q}",
                a.slot_names[k]
            );
        }
    }
}

#[test]
fn the_baseline_forms_are_the_stated_defaults() {
    let s = baseline();
    for (key, value) in [
        ("coupling_form", 0.0),
        ("deployed_retention", 0.0),
        ("pay_loop", 1.0),
        ("candidate_pool_form", 0.0),
    ] {
        assert_eq!(
            s.global("structure", key).value,
            talentloop::scenario::TimePath::Constant(value),
            "{key}"
        );
    }
}

#[test]
fn pay_loop_off_is_the_model_without_pay_feedback() {
    let off = set(&["params.structure.pay_loop=0"]);
    let no_gain = set(&[
        "params.pay.pay_response_high=0",
        "params.pay.pay_response_skilled=0",
    ]);
    assert_same_states(&off, &no_gain, 1e-12, "pay loop off");
    let on = simulate(&baseline());
    assert!(at(&on, "pay", "H", 2035.0) != at(&off, "pay", "H", 2035.0));
}

#[test]
fn a_fixed_candidate_pool_is_the_pool_without_elasticities() {
    let fixed = set(&["params.structure.candidate_pool_form=1"]);
    let inelastic = set(&[
        "params.high_level.pool_peer_elasticity=0",
        "params.high_level.pool_attractiveness_elasticity=0",
    ]);
    assert_same_states(&fixed, &inelastic, 1e-12, "fixed pool");
}

#[test]
fn the_coupling_formula_changes_the_indicator_not_the_dynamics() {
    let (standard, modified) = (
        simulate(&baseline()),
        set(&["params.structure.coupling_form=1"]),
    );
    assert_same_states(&standard, &modified, 0.0, "coupling form");
    let c = |r: &RunResult| at(r, "coupling_degree", "", 2030.0);
    assert!(c(&modified) < c(&standard));
    let stage = at(&modified, "coupling_stage", "", 2030.0);
    assert!((1.0..=4.0).contains(&stage) && stage.fract() == 0.0);
}

#[test]
fn firm_like_deployed_staff_leave_at_the_settled_staff_rate() {
    let r = set(&["params.structure.deployed_retention=1"]);
    let row = row_at(&r, 2030.0);
    let mut checked = 0;
    for sector in &r.sector_ids {
        let v = |name: &str| r.values[row][r.column(name, "H", Some(sector)).unwrap()];
        let deployed = v("talent_deployed");
        let settled = v("talent_settled");
        if deployed <= 1.0 || settled <= 1.0 {
            continue;
        }
        // Exits of deployed staff = δ_z·Hz in form 0; in form 1 they leave at the settled
        // staff's per-capita quit and retirement rate.
        let theirs = (v("flow_quits_settled") + v("flow_retirements")) / settled;
        let returns = v("flow_returns_deployed");
        let exits = v("flow_exits_deployed");
        assert!(
            (exits / deployed - theirs).abs() <= 1e-9 * theirs,
            "{sector}: {} vs {theirs} (returns {returns})",
            exits / deployed
        );
        checked += 1;
    }
    assert!(
        checked >= 5,
        "{checked} sectors with deployed and settled staff"
    );
    assert!(at(&r, "talent_firms", "H", 2035.0) > 0.0);
}

#[test]
fn a_structural_option_takes_whole_numbers_only() {
    let err = apply_override(&baseline(), "params.structure.coupling_form=0.5").unwrap_err();
    assert_eq!(err.issues[0].code(), "out_of_range");
    assert!(err.to_string().contains("structural option"), "{err}");
    let err = apply_override(&baseline(), "params.structure.pay_loop=2").unwrap_err();
    assert_eq!(err.issues[0].code(), "out_of_range");
}

#[test]
fn sweeps_sample_structural_options_as_discrete_factors_only() {
    let dir = tempfile::tempdir().unwrap();
    let base = repo("scenarios/baseline.toml");
    let spec = |parameter: &str| {
        format!(
            "[sweep]\nname = \"s\"\nscenario = \"{}\"\nmethod = \"mc\"\nsamples = 4\nseed = 1\n\
             [[parameters]]\nkey = \"params.structure.pay_loop\"\n{parameter}\n[[outputs]]\n\
             name = \"gdp\"\nvariable = \"gdp\"\nstat = \"at\"\nyear = 2030\n",
            base.to_string_lossy().replace('\\', "/")
        )
    };
    let load = |text: String| {
        let path = dir.path().join("s.toml");
        std::fs::write(&path, text).unwrap();
        talentloop::analysis::sweep::spec::load_spec(&path)
    };
    assert!(load(spec("distribution = \"discrete\"\nvalues = [0, 1]")).is_ok());
    for (bad, says) in [
        (
            "distribution = \"uniform\"\nlower = 0\nupper = 1",
            "structural option",
        ),
        (
            "distribution = \"discrete\"\nvalues = [0, 0.5]",
            "structural option",
        ),
        (
            "distribution = \"discrete\"\nvalues = [0, 2]",
            "must stay in [0, 1]",
        ),
    ] {
        let err = load(spec(bad)).unwrap_err().to_string();
        assert!(err.contains(says), "{bad}: {err}");
    }
}

#[test]
fn the_shipped_robustness_sweep_samples_assumptions_and_structure() {
    let spec = talentloop::analysis::sweep::spec::load_spec(&repo("sweeps/policy_robustness.toml"))
        .unwrap();
    let keys: Vec<&str> = spec.parameters.iter().map(|p| p.key.as_str()).collect();
    for option in [
        "coupling_form",
        "deployed_retention",
        "pay_loop",
        "candidate_pool_form",
    ] {
        assert!(keys.contains(&format!("params.structure.{option}").as_str()));
    }
    assert!(keys.len() > 50, "assumptions too: {}", keys.len());
}
