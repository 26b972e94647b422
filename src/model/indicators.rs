//! Indicators reported at every reporting time, computed from the same auxiliary pass as the
//! dynamics: talent stocks, gaps, matching, retention, high-tech share, GDP, coupling coordination,
//! enclave contribution, fiscal cost, and every flow of every stock (so accounting can be checked).
//!
//! One function, [`visit`], lists the indicators in order; a [`Sink`] either records their
//! definitions (names, units, sectors) or their values, so the two can never drift apart.

use super::indicator_registry::{ind, IndicatorDef};
use super::layout::{acc, COSTS};
use super::{Aux, Model};
use crate::scenario::schema::COUPLING_INDICATORS;

/// Grades of the coupling coordination degree D, one per tenth (D in [0.0, 0.1) is the first).
pub const COORDINATION_GRADES: [(&str, &str); 10] = [
    ("极度失调", "extreme imbalance"),
    ("严重失调", "serious imbalance"),
    ("中度失调", "moderate imbalance"),
    ("轻度失调", "mild imbalance"),
    ("濒临失调", "on the verge of imbalance"),
    ("勉强协调", "barely coordinated"),
    ("初级协调", "primary coordination"),
    ("中级协调", "intermediate coordination"),
    ("良好协调", "good coordination"),
    ("优质协调", "high-quality coordination"),
];

/// Stages of the coupling degree C (低水平耦合 to 高水平耦合), each with its upper bound: C in
/// [0, 0.3], (0.3, 0.5], (0.5, 0.8], (0.8, 1].
pub const COUPLING_STAGES: [(&str, &str, f64); 4] = [
    ("低水平耦合", "low-level coupling", 0.3),
    ("拮抗", "antagonism", 0.5),
    ("磨合", "running-in", 0.8),
    ("高水平耦合", "high-level coupling", 1.0),
];

/// Stage index (0–3) of a coupling degree C: the first stage whose upper bound C does not
/// exceed.
pub fn stage_index(c: f64) -> usize {
    COUPLING_STAGES
        .iter()
        .position(|s| c <= s.2)
        .unwrap_or(COUPLING_STAGES.len() - 1)
}

/// Grade index (0–9) of a coordination degree D.
pub fn grade_index(d: f64) -> usize {
    ((d * 10.0).floor().max(0.0) as usize).min(9)
}

/// Receives indicators in order, each with its declaration in the registry.
pub trait Sink {
    /// A city-wide value.
    fn city(&mut self, def: &'static IndicatorDef, value: f64);
    /// A value of sector `i`.
    fn sector(&mut self, def: &'static IndicatorDef, i: usize, value: f64);
}

/// Definition of one reported column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Variable name (snake_case).
    pub variable: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// Talent category (`H`, `S`, `G`) or empty.
    pub category: &'static str,
    /// Sector index, or None for city-wide values.
    pub sector: Option<usize>,
    /// The indicator's declaration (labels, direction, description).
    pub def: &'static IndicatorDef,
}

impl Column {
    fn of(def: &'static IndicatorDef, sector: Option<usize>) -> Self {
        Column {
            variable: def.variable,
            unit: def.unit,
            category: def.category,
            sector,
            def,
        }
    }
}

/// Records column definitions.
#[derive(Debug, Default)]
pub struct ColumnRecorder(pub Vec<Column>);

impl Sink for ColumnRecorder {
    fn city(&mut self, def: &'static IndicatorDef, _: f64) {
        self.0.push(Column::of(def, None));
    }
    fn sector(&mut self, def: &'static IndicatorDef, i: usize, _: f64) {
        self.0.push(Column::of(def, Some(i)));
    }
}

/// Writes values into a row.
#[derive(Debug, Default)]
pub struct ValueRecorder(pub Vec<f64>);

impl Sink for ValueRecorder {
    fn city(&mut self, _: &'static IndicatorDef, value: f64) {
        self.0.push(value);
    }
    fn sector(&mut self, _: &'static IndicatorDef, _: usize, value: f64) {
        self.0.push(value);
    }
}

/// Coupling coordination of the talent (U1) and industry (U2) subsystems.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coordination {
    /// U1 in [0, 1].
    pub u1: f64,
    /// U2 in [0, 1].
    pub u2: f64,
    /// Coupling degree C.
    pub c: f64,
    /// Comprehensive index T = αU1 + (1−α)U2.
    pub t: f64,
    /// Coordination degree D = √(C·T).
    pub d: f64,
}

/// The formula of the coupling degree C (`params.structure.coupling_form`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CouplingForm {
    /// C = 2√(U1·U2)/(U1 + U2), the standard two-system form.
    Standard,
    /// 王淑佳 et al. (2021)'s modified C = √((1 − |U2 − U1|)·min/max), which spreads C over
    /// [0, 1] instead of crowding it near 1.
    Modified,
}

/// C, T, D from U1, U2 and α (eq. I9) with the chosen form of C.
pub fn coordination(u1: f64, u2: f64, alpha: f64, form: CouplingForm) -> Coordination {
    let c = match form {
        _ if u1 + u2 <= 0.0 => 0.0,
        CouplingForm::Standard => 2.0 * (u1 * u2).sqrt() / (u1 + u2),
        CouplingForm::Modified => {
            let (low, high) = (u1.min(u2), u1.max(u2));
            ((1.0 - (u2 - u1).abs()) * low / high).max(0.0).sqrt()
        }
    };
    let t = alpha * u1 + (1.0 - alpha) * u2;
    Coordination {
        u1,
        u2,
        c,
        t,
        d: (c * t).sqrt(),
    }
}

/// Three-year cohort retention of recruits (eq. I6).
///
/// A recruit leaves the commitment period at rate s (settling) or a (= s + quit rate of recruits);
/// once settled, quits at rate b. The probability of still being in Bazhong after 3 years is
/// e^{−3a} + s/(a−b)·(e^{−3b} − e^{−3a}), with the limit 3s·e^{−3a} when a = b.
pub fn retention_3y(s: f64, quit_recruit_rate: f64, quit_settled_rate: f64) -> f64 {
    let a = s + quit_recruit_rate;
    let b = quit_settled_rate;
    let still_new = (-3.0 * a).exp();
    let settled = if (a - b).abs() < 1e-12 {
        3.0 * s * (-3.0 * a).exp()
    } else {
        s / (a - b) * ((-3.0 * b).exp() - (-3.0 * a).exp())
    };
    still_new + settled
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        num / den
    } else {
        0.0
    }
}

/// Cosine similarity of two non-negative vectors (1 when both are zero).
fn similarity(a: &[f64], b: &[f64]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f64 = a.iter().map(|x| x * x).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|x| x * x).sum::<f64>().sqrt();
    if na > 0.0 && nb > 0.0 {
        dot / (na * nb)
    } else if na == 0.0 && nb == 0.0 {
        1.0
    } else {
        0.0
    }
}

/// Dissimilarity index ½·Σ|a_i/Σa − b_i/Σb| of two non-negative vectors (0 = the same mix,
/// 1 = no overlap; each share 0 when its total is 0).
fn dissimilarity(a: &[f64], b: &[f64]) -> f64 {
    let (ta, tb): (f64, f64) = (a.iter().sum(), b.iter().sum());
    0.5 * a
        .iter()
        .zip(b)
        .map(|(x, y)| (ratio(*x, ta) - ratio(*y, tb)).abs())
        .sum::<f64>()
}

/// Lists every indicator at (t, y) into `sink`; `aux` must hold `model.eval(t, y)`.
pub fn visit(model: &Model, t: f64, y: &[f64], aux: &Aux, sink: &mut impl Sink) {
    let _ = t;
    let l = model.layout;
    let n = l.n_sectors();
    let g = &model.g;

    // Per-sector stocks and auxiliaries.
    for i in 0..n {
        sink.sector(ind::CAPACITY, i, y[l.k(i)]);
        sink.sector(ind::VALUE_ADDED, i, aux.va[i]);
        sink.sector(ind::UTILISATION, i, aux.utilisation[i]);
        sink.sector(ind::HIGH_TECH_SHARE, i, y[l.a(i)]);
        sink.sector(ind::TALENT_SETTLED_H, i, y[l.h(i)]);
        sink.sector(ind::TALENT_RECRUITS_H, i, y[l.hn(i)]);
        sink.sector(ind::TALENT_SUPPLY_H, i, aux.sup_h[i]);
        sink.sector(ind::TALENT_S, i, y[l.s(i)]);
        sink.sector(ind::TALENT_G, i, aux.labour_g[i]);
        sink.sector(ind::DEMAND_H, i, aux.d_h[i]);
        sink.sector(ind::DEMAND_S, i, aux.d_s[i]);
        sink.sector(ind::DEMAND_G, i, aux.d_g[i]);
        sink.sector(ind::GAP_H, i, (aux.d_h[i] - aux.sup_h[i]).max(0.0));
        sink.sector(ind::GAP_S, i, aux.gap_s[i]);
        sink.sector(ind::ADEQUACY_H, i, aux.r_h[i]);
        sink.sector(ind::ADEQUACY_S, i, aux.r_s[i]);
        sink.sector(ind::ADEQUACY_PERCEIVED_H, i, y[l.r_h(i)]);
        sink.sector(ind::ADEQUACY_PERCEIVED_S, i, y[l.r_s(i)]);
        sink.sector(ind::RD_FTE_H, i, aux.rd[i]);
    }
    // Per-sector structural deviation: supply share minus demand share (guarded when no talent).
    let total_sup_h: f64 = aux.sup_h.iter().sum();
    let total_d_h: f64 = aux.d_h.iter().sum();
    let total_s: f64 = (0..n).map(|i| y[l.s(i)]).sum();
    for i in 0..n {
        sink.sector(
            ind::STRUCTURAL_DEVIATION_H,
            i,
            ratio(aux.sup_h[i], total_sup_h) - ratio(aux.d_h[i], total_d_h),
        );
        sink.sector(
            ind::STRUCTURAL_DEVIATION_S,
            i,
            ratio(y[l.s(i)], total_s) - ratio(aux.d_s[i], aux.sum_d_s),
        );
    }
    // Flows of each per-sector stock (person/yr or 亿元/yr per yr).
    for i in 0..n {
        sink.sector(ind::FLOW_INVESTMENT, i, aux.inv[i]);
        sink.sector(ind::FLOW_DEPRECIATION, i, g.delta_k * y[l.k(i)]);
        sink.sector(ind::FLOW_LANDED_CAPACITY, i, aux.land[i]);
        sink.sector(ind::FLOW_HIRES_PROGRAMME_H, i, aux.hire_q[i]);
        sink.sector(ind::FLOW_HIRES_MARKET_H, i, aux.hire_m[i]);
        sink.sector(ind::FLOW_HIRES_SECTOR_PROGRAMME_H, i, aux.hire_sp[i]);
        sink.sector(ind::FLOW_HIRES_DEPLOYED_H, i, aux.hire_z[i]);
        sink.sector(ind::FLOW_EXITS_DEPLOYED_H, i, aux.exit_z[i]);
        sink.sector(ind::FLOW_RETURNS_DEPLOYED_H, i, aux.return_z[i]);
        sink.sector(ind::TALENT_DEPLOYED_H, i, y[l.hzm(i)] + y[l.hzx(i)]);
        sink.sector(ind::FLOW_RELOCATIONS_H, i, aux.reloc[i]);
        sink.sector(ind::FLOW_SETTLEMENTS_H, i, aux.settle[i]);
        sink.sector(ind::FLOW_QUITS_RECRUITS_H, i, aux.quit_n[i]);
        sink.sector(ind::FLOW_QUITS_SETTLED_H, i, aux.quit_h[i]);
        sink.sector(ind::FLOW_RETIREMENTS_H, i, aux.ret_h[i]);
        sink.sector(ind::FLOW_PROMOTIONS_S, i, aux.promo[i]);
        sink.sector(ind::FLOW_GRADUATES_S, i, aux.grad[i]);
        sink.sector(ind::FLOW_UPSKILLED_S, i, aux.up_in[i]);
        sink.sector(ind::FLOW_HIRES_EXTERNAL_S, i, aux.hire_s[i]);
        sink.sector(ind::FLOW_QUITS_S, i, aux.quit_s[i]);
        sink.sector(ind::FLOW_RETIREMENTS_S, i, aux.ret_s[i]);
        sink.sector(ind::FLOW_MOVES_IN_H, i, aux.move_in_h[i]);
        sink.sector(ind::FLOW_MOVES_OUT_H, i, aux.move_out_h[i]);
        sink.sector(ind::FLOW_MOVES_IN_S, i, aux.move_in_s[i]);
        sink.sector(ind::FLOW_MOVES_OUT_S, i, aux.move_out_s[i]);
        sink.sector(ind::SURPLUS_H, i, aux.sur_h[i]);
        sink.sector(ind::SURPLUS_S, i, aux.sur_s[i]);
    }

    // City-wide economy.
    sink.city(ind::POPULATION, aux.pop);
    sink.city(ind::LABOUR_FORCE, aux.labour_force);
    sink.city(ind::GDP, aux.gdp);
    sink.city(ind::GDP_TREND, y[l.p()]);
    sink.city(
        ind::GDP_GROWTH_TREND,
        ratio(aux.gdp - y[l.p()], y[l.p()] * g.tau_tr),
    );
    sink.city(ind::VALUE_ADDED_TEN_SECTORS, aux.ten_sector_va);
    sink.city(ind::VALUE_ADDED_RESIDUAL, aux.y_ot);
    sink.city(ind::VALUE_ADDED_MANUFACTURING, aux.manufacturing_va);
    sink.city(ind::HIGH_TECH_SHARE_MANUFACTURING, aux.high_tech_share);
    sink.city(ind::GENERAL_LABOUR_ADEQUACY_G, aux.r_g);

    // Talent totals.
    let settled: f64 = (0..n).map(|i| y[l.h(i)]).sum();
    let recruits: f64 = (0..n).map(|i| y[l.hn(i)]).sum();
    let deployed: f64 = (0..n).map(|i| y[l.hzm(i)] + y[l.hzx(i)]).sum();
    let ps = y[l.ps()];
    let e = y[l.e()];
    let f = y[l.f()];
    sink.city(ind::TALENT_FIRMS_H, settled + recruits + deployed);
    sink.city(ind::TALENT_DEPLOYED_H, deployed);
    sink.city(ind::TALENT_PUBLIC_SERVICE_H, ps);
    sink.city(ind::ENCLAVE_RESEARCHERS_H, e);
    sink.city(ind::FLEXIBLE_CONTRACTS_H, f);
    sink.city(ind::TALENT_TOTAL_H, settled + recruits + deployed + ps + e);
    sink.city(ind::TALENT_TOTAL_S, total_s);
    sink.city(
        ind::TALENT_EQUIVALENT,
        settled + recruits + deployed + total_s + ps + e + g.phi_f * f,
    );
    let gap_h: f64 = (0..n).map(|i| (aux.d_h[i] - aux.sup_h[i]).max(0.0)).sum();
    sink.city(ind::GAP_H, gap_h);
    sink.city(ind::GAP_S, aux.sum_gap_s);
    sink.city(ind::GAP_RATIO_H, ratio(gap_h, total_d_h));
    sink.city(ind::GAP_RATIO_S, ratio(aux.sum_gap_s, aux.sum_d_s));
    let filled_h: f64 = (0..n).map(|i| aux.sup_h[i].min(aux.d_h[i])).sum();
    let filled_s: f64 = (0..n).map(|i| y[l.s(i)].min(aux.d_s[i])).sum();
    let fill_h = if total_d_h > 0.0 {
        filled_h / total_d_h
    } else {
        1.0
    };
    let fill_s = if aux.sum_d_s > 0.0 {
        filled_s / aux.sum_d_s
    } else {
        1.0
    };
    sink.city(ind::FILL_RATE_H, fill_h);
    sink.city(ind::FILL_RATE_S, fill_s);
    let sup_s: Vec<f64> = (0..n).map(|i| y[l.s(i)]).collect();
    sink.city(
        ind::STRUCTURAL_SIMILARITY_H,
        similarity(&aux.sup_h, &aux.d_h),
    );
    sink.city(ind::STRUCTURAL_SIMILARITY_S, similarity(&sup_s, &aux.d_s));

    // Retention (instantaneous: it jumps when a retention lever switches).
    let quit_n: f64 = aux.quit_n.iter().sum();
    let quit_h: f64 = aux.quit_h.iter().sum();
    let r3 = retention_3y(
        1.0 / g.tau_settle,
        ratio(quit_n, recruits),
        ratio(quit_h, settled),
    );
    sink.city(ind::RETENTION_3Y_H, r3);
    sink.city(ind::LOSS_RATE_H, ratio(quit_n + quit_h, recruits + settled));

    // Attractiveness, acceptance, amenity.
    sink.city(ind::ATTRACTIVENESS_H, aux.am_h);
    sink.city(ind::ATTRACTIVENESS_PERCEIVED_H, y[l.ap_h()]);
    sink.city(ind::ATTRACTIVENESS_ARRIVAL_H, aux.ap_arr);
    sink.city(ind::ATTRACTIVENESS_S, aux.am_s);
    sink.city(ind::ATTRACTIVENESS_PERCEIVED_S, y[l.ap_s()]);
    sink.city(ind::ACCEPTANCE_PROGRAMME_H, aux.p_acc);
    sink.city(ind::ACCEPTANCE_MARKET_H, aux.p_choice);
    sink.city(ind::CANDIDATE_POOL_H, aux.candidates);
    sink.city(ind::ACCEPTANCE_EXTERNAL_S, aux.choice_s);
    sink.city(ind::PAY_H, aux.pay_h);
    sink.city(ind::PAY_S, y[l.w_s()]);
    sink.city(ind::RELATIVE_PAY_H, aux.rel_pay_h);
    sink.city(ind::RELATIVE_PAY_S, aux.rel_pay_s);
    sink.city(ind::STAY_RATE_ORDER_CLASS_S, aux.stay_order);
    sink.city(ind::STAY_RATE_GENERAL_S, aux.stay_general);
    sink.city(ind::DISSIMILARITY_H, dissimilarity(&aux.sup_h, &aux.d_h));
    sink.city(ind::DISSIMILARITY_S, dissimilarity(&sup_s, &aux.d_s));
    sink.city(ind::SURPLUS_H, aux.sur_h.iter().sum());
    sink.city(ind::SURPLUS_S, aux.sur_s.iter().sum());
    sink.city(ind::FLOW_MOVES_H, aux.move_out_h.iter().sum());
    sink.city(ind::FLOW_MOVES_S, aux.move_out_s.iter().sum());

    sink.city(ind::AMENITY_CAPITAL, y[l.am()]);
    sink.city(ind::AMENITY_INDEX, y[l.amenity_index()]);

    // Pipelines and city-wide flows.
    sink.city(
        ind::PIPELINE_ORDER_CLASS_S,
        y[l.vo1()] + y[l.vo2()] + y[l.vo3()],
    );
    sink.city(
        ind::PIPELINE_GENERAL_S,
        y[l.vg1()] + y[l.vg2()] + y[l.vg3()],
    );
    sink.city(ind::PIPELINE_UPSKILLING_S, y[l.up()]);
    sink.city(ind::FLOW_VOCATIONAL_ENTRANTS_S, aux.enrol);
    sink.city(ind::FLOW_ORDER_CLASS_COMPLETIONS_S, aux.vo_out);
    sink.city(ind::FLOW_GENERAL_COMPLETIONS_S, aux.vg_out);
    sink.city(ind::FLOW_UPSKILLING_ENTRANTS_S, aux.up_enrol);
    sink.city(ind::FLOW_UPSKILLING_OUTPUT_S, aux.up_out);
    // Trainees leave the pipeline at Up/τ_U; the share y_U who qualify is flow_upskilling_output.
    sink.city(ind::FLOW_UPSKILLING_EXITS_S, y[l.up()] / g.tau_u);
    sink.city(ind::FLOW_HIRES_PUBLIC_SERVICE_H, aux.hire_ps);
    sink.city(ind::FLOW_EXITS_PUBLIC_SERVICE_H, aux.quit_ps);
    sink.city(ind::FLOW_RETURNS_DEPLOYED_H, aux.returns);
    let hires_high = aux.hire_q.iter().sum::<f64>()
        + aux.hire_z.iter().sum::<f64>()
        + aux.hire_m.iter().sum::<f64>()
        + aux.hire_sp.iter().sum::<f64>()
        + aux.hire_ps;
    sink.city(ind::FLOW_HIRES_HIGH_LEVEL_H, hires_high);
    sink.city(ind::FLOW_ENCLAVE_HIRES_H, aux.e_hire);
    sink.city(ind::FLOW_ENCLAVE_CLOSURES_H, aux.e_close);
    sink.city(ind::FLOW_ENCLAVE_QUITS_H, aux.e_quit);
    sink.city(ind::FLOW_PROJECTS_STARTED, aux.q_start);
    sink.city(ind::FLOW_PROJECTS_COMPLETED, aux.q_done);
    sink.city(ind::FLOW_FLEXIBLE_NET_H, aux.f_change);

    // Enclave contribution.
    sink.city(ind::PROJECTS_INCUBATING, y[l.q()]);
    let rd_total: f64 = aux.rd.iter().sum();
    sink.city(ind::ENCLAVE_RD_SHARE_H, ratio(g.eta_e * e, rd_total));
    sink.city(
        ind::LANDED_CAPACITY_CUMULATIVE,
        y[l.acc(acc::LANDED_CAPACITY)],
    );
    sink.city(
        ind::LANDED_PROJECTS_CUMULATIVE,
        y[l.acc(acc::LANDED_PROJECTS)],
    );

    // Fiscal cost by programme (cumulative) and total.
    let mut total_cost = 0.0;
    for (k, def) in COSTS.iter().enumerate() {
        total_cost += y[l.acc(k)];
        sink.city(def, y[l.acc(k)]);
    }
    sink.city(ind::COST_TOTAL, total_cost);
    sink.city(ind::SPENDING_RATE, aux.cost.iter().sum());

    // Coupling coordination (fixed normalisation bounds from the scenario).
    let values = [
        ratio((settled + recruits + deployed + ps + e) * 1e4, aux.pop),
        ratio(total_s * 1e4, aux.pop),
        fill_h,
        fill_s,
        r3,
        ratio(aux.gdp * 1e4, aux.pop),
        aux.high_tech_share,
        ratio(aux.manufacturing_va, aux.gdp),
    ];
    let (mut u1, mut u2) = (0.0, 0.0);
    for ((def, bound), value) in COUPLING_INDICATORS.iter().zip(&model.coupling).zip(values) {
        let x = ((value - bound.lower) / (bound.upper - bound.lower)).clamp(0.0, 1.0);
        match def.2 {
            crate::scenario::schema::Subsystem::Talent => u1 += bound.weight * x,
            crate::scenario::schema::Subsystem::Industry => u2 += bound.weight * x,
        }
    }
    let form = if model.g.coupling_form == 0.0 {
        CouplingForm::Standard
    } else {
        CouplingForm::Modified
    };
    let cc = coordination(u1, u2, model.coupling_alpha, form);
    sink.city(ind::COUPLING_TALENT_INDEX, cc.u1);
    sink.city(ind::COUPLING_INDUSTRY_INDEX, cc.u2);
    sink.city(ind::COUPLING_DEGREE, cc.c);
    sink.city(ind::COORDINATION_INDEX, cc.t);
    sink.city(ind::COORDINATION_DEGREE, cc.d);
    sink.city(ind::COORDINATION_GRADE, (grade_index(cc.d) + 1) as f64);
    sink.city(ind::COUPLING_STAGE, (stage_index(cc.c) + 1) as f64);
}

/// Column definitions of the indicators of `model`.
pub fn columns(model: &Model) -> Vec<Column> {
    let mut aux = Aux::new(model.n_sectors());
    model.eval(model.t0, &model.y0, &mut aux);
    let mut rec = ColumnRecorder::default();
    visit(model, model.t0, &model.y0, &aux, &mut rec);
    rec.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordination_of_equal_subsystems_is_fully_coupled() {
        for form in [CouplingForm::Standard, CouplingForm::Modified] {
            let c = coordination(0.5, 0.5, 0.5, form);
            assert!((c.c - 1.0).abs() < 1e-12);
            assert!((c.d - 0.5f64.sqrt()).abs() < 1e-12);
            assert_eq!(coordination(0.0, 0.0, 0.5, form).d, 0.0);
        }
    }

    /// The worked table of issue 16: U1 = 0.1782, U2 = 0.6824, α = 0.5.
    #[test]
    fn worked_coupling_table_to_four_decimals() {
        let round4 = |x: f64| (x * 1e4).round() / 1e4;
        let s = coordination(0.1782, 0.6824, 0.5, CouplingForm::Standard);
        assert_eq!(
            (round4(s.c), round4(s.t), round4(s.d)),
            (0.8104, 0.4303, 0.5905)
        );
        assert_eq!(COORDINATION_GRADES[grade_index(s.d)].0, "勉强协调");
        assert_eq!(COUPLING_STAGES[stage_index(s.c)].0, "高水平耦合");
        // Modified C: √((1 − 0.5042)·0.1782/0.6824) = √0.129469 = 0.3598; D = √(0.3598·0.4303).
        let m = coordination(0.1782, 0.6824, 0.5, CouplingForm::Modified);
        assert_eq!(
            (round4(m.c), round4(m.t), round4(m.d)),
            (0.3598, 0.4303, 0.3935)
        );
        assert_eq!(COORDINATION_GRADES[grade_index(m.d)].0, "轻度失调");
        assert_eq!(COUPLING_STAGES[stage_index(m.c)].0, "拮抗");
    }

    #[test]
    fn coupling_stages_follow_their_bounds() {
        assert_eq!(stage_index(0.0), 0);
        assert_eq!(stage_index(0.3), 0);
        assert_eq!(stage_index(0.30001), 1);
        assert_eq!(stage_index(0.5), 1);
        assert_eq!(stage_index(0.8), 2);
        assert_eq!(stage_index(0.81), 3);
        assert_eq!(stage_index(1.0), 3);
    }

    #[test]
    fn grades_follow_tenths() {
        assert_eq!(COORDINATION_GRADES[grade_index(0.05)].0, "极度失调");
        assert_eq!(COORDINATION_GRADES[grade_index(0.55)].0, "勉强协调");
        assert_eq!(COORDINATION_GRADES[grade_index(1.0)].0, "优质协调");
    }

    #[test]
    fn retention_without_quits_is_one_and_limit_is_continuous() {
        assert!((retention_3y(0.2, 0.0, 0.0) - 1.0).abs() < 1e-12);
        let near = retention_3y(0.2, 0.1, 0.3 - 1e-9);
        let at = retention_3y(0.2, 0.1, 0.3);
        assert!((near - at).abs() < 1e-6);
    }
}

/// A stock as reported, with the reported flows that change it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StockFlows {
    /// Indicator of the stock (variable, category).
    pub stock: (&'static str, &'static str),
    /// Whether the stock is per sector (its flows then are too).
    pub per_sector: bool,
    /// Inflows (variable, category).
    pub inflows: &'static [(&'static str, &'static str)],
    /// Outflows (variable, category).
    pub outflows: &'static [(&'static str, &'static str)],
}

/// A reported variable by (variable, category), e.g. `("talent", "S")`.
pub type VariableId = (&'static str, &'static str);

/// Variables that are small differences of large stocks (a surplus S − D near balance, the moves
/// it drives) and the stock whose scale their integration error lives on: comparisons of two
/// runs (the `agrees` check) measure them on that stock's scale, as docs/model.md §8 states.
pub const MEASURED_ON_STOCK: &[(VariableId, VariableId)] = &[
    (("surplus", "H"), ("talent_settled", "H")),
    (("flow_moves", "H"), ("talent_settled", "H")),
    (("flow_moves_in", "H"), ("talent_settled", "H")),
    (("flow_moves_out", "H"), ("talent_settled", "H")),
    (("surplus", "S"), ("talent", "S")),
    (("flow_moves", "S"), ("talent", "S")),
    (("flow_moves_in", "S"), ("talent", "S")),
    (("flow_moves_out", "S"), ("talent", "S")),
];

/// Every stock whose flows are reported, with those flows: d(stock)/dt = Σ inflows − Σ outflows.
/// Tests use it for accounting (integral of flows = change of stock) and units (flows are
/// stock units per year).
pub const STOCK_FLOWS: &[StockFlows] = &[
    StockFlows {
        stock: ("capacity", ""),
        per_sector: true,
        inflows: &[("flow_investment", ""), ("flow_landed_capacity", "")],
        outflows: &[("flow_depreciation", "")],
    },
    StockFlows {
        stock: ("talent_recruits", "H"),
        per_sector: true,
        inflows: &[
            ("flow_hires_programme", "H"),
            ("flow_hires_market", "H"),
            ("flow_hires_sector_programme", "H"),
            ("flow_relocations", "H"),
        ],
        outflows: &[("flow_settlements", "H"), ("flow_quits_recruits", "H")],
    },
    StockFlows {
        stock: ("talent_settled", "H"),
        per_sector: true,
        inflows: &[
            ("flow_settlements", "H"),
            ("flow_promotions", "S"),
            ("flow_moves_in", "H"),
        ],
        outflows: &[
            ("flow_quits_settled", "H"),
            ("flow_retirements", "H"),
            ("flow_moves_out", "H"),
        ],
    },
    StockFlows {
        stock: ("talent", "S"),
        per_sector: true,
        inflows: &[
            ("flow_graduates", "S"),
            ("flow_upskilled", "S"),
            ("flow_hires_external", "S"),
            ("flow_moves_in", "S"),
        ],
        outflows: &[
            ("flow_quits", "S"),
            ("flow_retirements", "S"),
            ("flow_promotions", "S"),
            ("flow_moves_out", "S"),
        ],
    },
    StockFlows {
        stock: ("talent_deployed", "H"),
        per_sector: true,
        inflows: &[("flow_hires_deployed", "H")],
        outflows: &[("flow_exits_deployed", "H"), ("flow_returns_deployed", "H")],
    },
    StockFlows {
        stock: ("talent_public_service", "H"),
        per_sector: false,
        inflows: &[
            ("flow_hires_public_service", "H"),
            ("flow_returns_deployed", "H"),
        ],
        outflows: &[("flow_exits_public_service", "H")],
    },
    StockFlows {
        stock: ("enclave_researchers", "H"),
        per_sector: false,
        inflows: &[("flow_enclave_hires", "H")],
        outflows: &[("flow_enclave_closures", "H"), ("flow_enclave_quits", "H")],
    },
    StockFlows {
        stock: ("projects_incubating", ""),
        per_sector: false,
        inflows: &[("flow_projects_started", "")],
        outflows: &[("flow_projects_completed", "")],
    },
    StockFlows {
        stock: ("pipeline_upskilling", "S"),
        per_sector: false,
        inflows: &[("flow_upskilling_entrants", "S")],
        outflows: &[("flow_upskilling_exits", "S")],
    },
    StockFlows {
        stock: ("cost_total", ""),
        per_sector: false,
        inflows: &[("spending_rate", "")],
        outflows: &[],
    },
];
