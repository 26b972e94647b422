//! The model's equations: one pass computes every auxiliary and flow into [`Aux`], the right-hand
//! side assembles `dy` from it.
//!
//! `rhs` and the indicators share this pass, so reported values are the ones the dynamics used.
//! Nothing here allocates: [`Aux`] is created once per thread and reused. Equation labels (D1, H5,
//! …) refer to docs/model.md, which states each equation exactly as written here.

use super::layout::acc;
use super::Model;
use crate::scenario::path::interpolate;

/// Auxiliaries and flows of one evaluation (per-sector vectors have one entry per sector).
#[derive(Debug, Clone, Default)]
#[allow(missing_docs)]
pub struct Aux {
    // Levers and exogenous inputs at t.
    pub subsidy: f64,
    pub eligible: f64,
    pub quota_ent: f64,
    pub quota_pub: f64,
    pub deployed: f64,
    /// Talent-service spending X_serv (亿元/yr).
    pub service: f64,
    /// Rent subsidy rs (万元/(person·yr)).
    pub rent_subsidy: f64,
    /// The housing-cost factor h = max(h_min, 1 − rs/rent_ref) it leaves its recipients (R1).
    pub rent_factor: f64,
    /// Phase-in of the evaluation reform ev (0–1).
    pub evaluation: f64,
    /// Spending on innovation platforms X_plat (亿元/yr).
    pub platform: f64,
    /// Spending on HR-service parks X_HR (亿元/yr).
    pub hr_park: f64,
    /// Entrants to online upskilling On (person/yr, S10).
    pub online_places: f64,
    /// Retraining places Rt (person/yr, M3).
    pub retraining_places: f64,
    /// Retrainees drawn from skilled surplus T (person/yr, M3), the cost base of C3.
    pub retrainees: f64,
    /// Projects a year offered by partner regions PP (E6).
    pub partner_projects: f64,
    /// The share of a partner project's capacity counted in Bazhong s_pp (E4).
    pub partner_share: f64,
    pub amenity_inv: f64,
    pub seats: f64,
    pub landing: f64,
    pub enrol: f64,
    pub order_share: f64,
    pub up_enrol: f64,
    pub flex_target: f64,
    pub pop: f64,
    pub labour_force: f64,
    pub y_ot: f64,
    // City-wide auxiliaries.
    /// Matching efficiency m of 政招企用 hires at t.
    pub matching: f64,
    /// High-level candidates weighing Bazhong this year, CP_H (H8).
    pub candidates: f64,
    /// Share of candidates choosing Bazhong over 成都, p_ch (T6).
    pub p_choice: f64,
    /// Returns of mismatched deployed staff to public service, Σ Hzx/τ_ret (H10).
    pub returns: f64,
    /// Public-service capacity index SC (N2).
    pub service_capacity: f64,
    pub r_g: f64,
    pub gdp: f64,
    pub ten_sector_va: f64,
    pub manufacturing_va: f64,
    pub high_tech_share: f64,
    pub peer_pool: f64,
    pub am_h: f64,
    pub am_s: f64,
    pub ap_arr: f64,
    pub p_acc: f64,
    /// Acceptance of firms' offers (enterprise quota), with the rent subsidy (T6, R1).
    pub p_acc_firm: f64,
    /// Candidates the programmes took (accepted or not), so the market sees the rest (H8).
    pub offers_taken: f64,
    /// Output of online upskilling (person/yr).
    pub online_out: f64,

    /// Share of the external skilled pool choosing Bazhong over 成都 (S8).
    pub choice_s: f64,
    /// Skilled workers hireable from outside this year, HS_pool·choice (S8).
    pub hs_cap: f64,
    /// Pay of high-level talent W_H + allowance (万元/yr), and both categories' pay relative to
    /// the balanced start in 成都's terms (W1).
    pub pay_h: f64,
    pub rel_pay_h: f64,
    pub rel_pay_s: f64,
    /// Gap ratios Σ gap / Σ demand (W3).
    pub gap_ratio_h: f64,
    pub gap_ratio_s: f64,
    /// Stay rates of order-class and general graduates (S3).
    pub stay_order: f64,
    pub stay_general: f64,
    pub departure_h: f64,
    pub departure_s: f64,
    pub bond: f64,
    pub hire_ps: f64,
    pub quit_ps: f64,
    pub vo_out: f64,
    pub vg_out: f64,
    pub grad_order: f64,
    pub grad_general: f64,
    pub up_out: f64,
    pub e_hire: f64,
    pub e_close: f64,
    pub e_quit: f64,
    pub q_start: f64,
    pub q_done: f64,
    pub f_change: f64,
    pub n_star: f64,
    pub cost: [f64; acc::N_COSTS],
    pub sum_d_s: f64,
    pub sum_gap_s: f64,
    pub sum_des: f64,
    // Per sector.
    pub theta_h: Vec<f64>,
    pub d_h: Vec<f64>,
    pub d_s: Vec<f64>,
    pub d_g: Vec<f64>,
    pub sup_h: Vec<f64>,
    pub r_h: Vec<f64>,
    pub r_s: Vec<f64>,
    pub labour_g: Vec<f64>,
    pub utilisation: Vec<f64>,
    pub va: Vec<f64>,
    pub inv: Vec<f64>,
    pub landed: Vec<f64>,
    pub land: Vec<f64>,
    pub rd: Vec<f64>,
    pub a_front_eff: Vec<f64>,
    pub upgrade_rd: Vec<f64>,
    pub des: Vec<f64>,
    pub hire_q: Vec<f64>,
    /// 政招企用 hires (deployed 编制 quota) per sector (H8).
    pub hire_z: Vec<f64>,
    /// Exits of deployed staff δ_z·(Hzm + Hzx) and returns Hzx/τ_ret per sector (H11).
    pub exit_z: Vec<f64>,
    pub return_z: Vec<f64>,
    pub hire_m: Vec<f64>,
    pub reloc: Vec<f64>,
    pub settle: Vec<f64>,
    pub quit_n: Vec<f64>,
    /// Per-capita quit rate of recruits (1/yr), used by the initialisation and R3.
    pub quit_n_rate: Vec<f64>,
    pub quit_h: Vec<f64>,
    pub ret_h: Vec<f64>,
    pub promo: Vec<f64>,
    pub grad: Vec<f64>,
    pub up_in: Vec<f64>,
    pub gap_s: Vec<f64>,
    /// High-level gap (D_H − Sup_H)⁺ per sector (FTE).
    pub gap_h: Vec<f64>,
    /// Surplus settled high-level talent min(H, (Sup_H − D_H)⁺) and skilled (S − D_S)⁺ (M1).
    pub sur_h: Vec<f64>,
    pub sur_s: Vec<f64>,
    /// Persons moving into and out of each sector's settled high-level and skilled stocks (M2).
    pub move_in_h: Vec<f64>,
    pub move_out_h: Vec<f64>,
    pub move_in_s: Vec<f64>,
    pub move_out_s: Vec<f64>,
    /// Quit rates per person of settled high-level and skilled staff before the exit multiplier
    /// (H5, S9), used by the balance step.
    pub quit_rate_h: Vec<f64>,
    pub quit_rate_s: Vec<f64>,
    pub hire_s: Vec<f64>,
    pub quit_s: Vec<f64>,
    pub ret_s: Vec<f64>,
    /// Reach multiplier σ_i = 1 + E_reach(x_st,i) on market hires (P2).
    pub reach: Vec<f64>,
    /// Retention ξ_i = E_ret(x_serv + x_st,i): the share by which quits fall (P1).
    pub retention: Vec<f64>,
    /// Upgrading multiplier κ_i = 1 + E_up(x_plat + x_rf,i) (P3).
    pub upgrading: Vec<f64>,
    /// Hires of the sector's own programme (专项计划), into Hn (H8a).
    pub hire_sp: Vec<f64>,
    // The sector's spending levers at t, read once per evaluation.
    /// 人才驿站 spending X_st,i (亿元/yr).
    pub station_spending: Vec<f64>,
    /// Research fund of the sector programme X_rf,i (亿元/yr).
    pub research_fund: Vec<f64>,
    /// The sector programme's own offers Q_sp,i (person/yr).
    pub own_quota: Vec<f64>,
    /// The sector programme's subsidy per hire S_sp,i (万元/person).
    pub own_subsidy: Vec<f64>,
    /// Landed partner-region projects per sector (project/yr, E6).
    pub landed_partner: Vec<f64>,
    pub priority: Vec<f64>,
    /// Scratch for the rationing of programme hires.
    pub saturated: Vec<bool>,
}

impl Aux {
    /// Scratch space for `n` sectors.
    pub fn new(n: usize) -> Self {
        let v = || vec![0.0; n];
        Aux {
            theta_h: v(),
            d_h: v(),
            d_s: v(),
            d_g: v(),
            sup_h: v(),
            r_h: v(),
            r_s: v(),
            labour_g: v(),
            utilisation: v(),
            va: v(),
            inv: v(),
            landed: v(),
            land: v(),
            rd: v(),
            a_front_eff: v(),
            upgrade_rd: v(),
            des: v(),
            hire_q: v(),
            hire_z: v(),
            exit_z: v(),
            return_z: v(),
            hire_m: v(),
            reloc: v(),
            settle: v(),
            quit_n: v(),
            quit_n_rate: v(),
            quit_h: v(),
            ret_h: v(),
            promo: v(),
            grad: v(),
            up_in: v(),
            gap_s: v(),
            gap_h: v(),
            sur_h: v(),
            sur_s: v(),
            move_in_h: v(),
            move_out_h: v(),
            move_in_s: v(),
            move_out_s: v(),
            quit_rate_h: v(),
            quit_rate_s: v(),
            hire_s: v(),
            quit_s: v(),
            ret_s: v(),
            reach: v(),
            retention: v(),
            upgrading: v(),
            hire_sp: v(),
            station_spending: v(),
            research_fund: v(),
            own_quota: v(),
            own_subsidy: v(),
            landed_partner: v(),
            priority: v(),
            saturated: vec![false; n],
            ..Aux::default()
        }
    }
}

/// x relative to a start-year reference; 1 when the reference is 0 (the channel is absent,
/// e.g. no public-service talent in a scenario without public posts).
#[inline]
fn relative(x: f64, reference: f64) -> f64 {
    if reference > 0.0 {
        x.max(0.0) / reference
    } else {
        1.0
    }
}

/// Supply / demand, 1 when there is no demand.
#[inline]
pub(super) fn adequacy(supply: f64, demand: f64) -> f64 {
    if demand > 0.0 {
        supply / demand
    } else {
        1.0
    }
}

/// x^e for x ≥ 0, with the exponents the default scenario uses (0, ½, 1, 2) exact and cheap:
/// `powf` dominates the cost of the right-hand side otherwise.
#[inline]
fn pow(x: f64, e: f64) -> f64 {
    if e == 0.0 || x == 1.0 {
        1.0
    } else if e == 1.0 {
        x
    } else if e == 0.5 {
        x.sqrt()
    } else if e == 2.0 {
        x * x
    } else {
        x.powf(e)
    }
}

/// The saturating efficacy curve E(x) = E_max·(1 − 2^(−x/x_half)) (docs/model.md P0): 0 at
/// no spending, E_max/2 at x_half, E_max as spending grows; exactly 0 at x = 0, so a measure
/// with no spending leaves the run unchanged.
#[inline]
pub fn efficacy(x: f64, max: f64, half: f64) -> f64 {
    if x <= 0.0 {
        0.0
    } else {
        max * (1.0 - (-std::f64::consts::LN_2 * x / half).exp())
    }
}

/// Spending per post: X (亿元/yr) over `inv_posts` = 1/posts, in 万元/(post·yr).
#[inline]
pub(super) fn per_post(spending: f64, inv_posts: f64) -> f64 {
    spending * 1e4 * inv_posts
}

impl Model {
    /// Computes every auxiliary and flow at (t, y) into `aux` (docs/model.md, sections 3–4).
    pub fn eval(&self, t: f64, y: &[f64], aux: &mut Aux) {
        let l = self.layout;
        let g = &self.g;
        let s = &self.sec;
        let sp = &self.sp;
        let lv = &self.levers;
        let r = &self.reciprocals;
        let n = l.n_sectors();
        let dt = t - self.t0;

        // Levers and exogenous inputs (L1–L3).
        aux.subsidy = lv.subsidy.at(t);
        aux.eligible = lv.eligible_share.at(t);
        aux.quota_ent = lv.quota_enterprise.at(t);
        aux.quota_pub = lv.quota_public.at(t);
        aux.deployed = lv.deployed_share.at(t);
        aux.service = lv.service.at(t);
        aux.rent_subsidy = lv.rent_subsidy.at(t);
        aux.evaluation = lv.evaluation_reform.at(t);
        aux.platform = lv.platform.at(t);
        aux.hr_park = lv.hr_park.at(t);
        aux.online_places = lv.online_places.at(t);
        aux.retraining_places = lv.retraining_places.at(t);
        aux.partner_projects = lv.partner_projects.at(t);
        aux.partner_share = lv.partner_share.at(t);
        aux.amenity_inv = lv.amenity_investment.at(t);
        aux.seats = lv.enclave_seats.at(t);
        aux.landing = lv.landing_probability.at(t);
        aux.enrol = lv.enrolment.at(t);
        aux.order_share = lv.order_class_share.at(t);
        aux.up_enrol = lv.upskilling_output.at(t) / g.y_u;
        aux.flex_target = lv.flexible_target.at(t);
        let housing = lv.housing_cost.at(t);
        let access = lv.accessibility.at(t);
        let allowance = lv.allowance.at(t);
        // Pay relative to the reference city (W1–W2): pay in 2024 terms of 成都's pay growth, so
        // a subsidy, the bond and attractiveness do not erode merely because pay grows.
        let reference_growth = (-g.g_w * dt).exp();
        let firm_pay = y[l.w_h()];
        aux.pay_h = firm_pay + allowance;
        let pay = aux.pay_h * reference_growth;
        let firm_pay_real = firm_pay * reference_growth;
        aux.rel_pay_h = pay / g.pay_ref;
        aux.rel_pay_s = y[l.w_s()] * reference_growth / g.w_s0;
        // Firms substitute away from high-level talent whose pay rises against 成都's (D1).
        let substitution = pow((firm_pay_real / g.w_h).max(0.0), -g.eps_theta);
        aux.pop = g.pop0 * (g.g_pop * dt).exp();
        aux.labour_force = aux.pop * g.s_wa * g.lfpr;
        aux.y_ot = self.refs.y_ot0 * (g.g_ot * dt).exp();
        aux.matching = lv.matching.at(t);
        aux.service_capacity = lv.sc.at(t);

        let e = y[l.e()];
        let f = y[l.f()];
        let ps = y[l.ps()];
        let drift_h = (-g.pi_h * dt).exp();
        let drift_s = (-g.pi_s * dt).exp();
        let drift_g = (-g.pi_g * dt).exp();

        // Demand and supply (D1–D5).
        let mut sum_d_g = 0.0;
        aux.sum_d_s = 0.0;
        for i in 0..n {
            let k = y[l.k(i)];
            let a = y[l.a(i)];
            aux.theta_h[i] =
                (s.theta_lo_h[i] * (1.0 - a) + s.theta_hi_h[i] * a) * drift_h * substitution;
            aux.d_h[i] = aux.theta_h[i] * k;
            aux.d_s[i] = (s.theta_lo_s[i] * (1.0 - a) + s.theta_hi_s[i] * a) * drift_s * k;
            aux.d_g[i] = (s.theta_lo_g[i] * (1.0 - a) + s.theta_hi_g[i] * a) * drift_g * k;
            aux.sup_h[i] =
                self.firm_fte(y, i) + g.eta_e * sp.alloc_e[i] * e + g.phi_f * sp.alloc_f[i] * f;
            aux.r_h[i] = adequacy(aux.sup_h[i], aux.d_h[i]);
            aux.r_s[i] = adequacy(y[l.s(i)], aux.d_s[i]);
            aux.gap_h[i] = (aux.d_h[i] - aux.sup_h[i]).max(0.0);
            aux.sur_h[i] = y[l.h(i)].min((aux.sup_h[i] - aux.d_h[i]).max(0.0));
            aux.gap_s[i] = (aux.d_s[i] - y[l.s(i)]).max(0.0);
            aux.sur_s[i] = (y[l.s(i)] - aux.d_s[i]).max(0.0);
            // Spending per post of the start year feeds one efficacy curve per channel, so
            // splitting a sector with its spending leaves the total effect unchanged (P1–P3).
            aux.station_spending[i] = sp.station[i].at(t);
            aux.research_fund[i] = sp.research_fund[i].at(t);
            aux.own_quota[i] = sp.programme_quota[i].at(t);
            aux.own_subsidy[i] = sp.programme_subsidy[i].at(t);
            let station = per_post(aux.station_spending[i], s.inv_posts0[i]);
            aux.reach[i] = 1.0 + efficacy(station, g.reach_max, g.reach_half);
            aux.retention[i] = efficacy(
                per_post(aux.service, self.refs.inv_posts0) + station,
                g.ret_max,
                g.ret_half,
            );
            aux.upgrading[i] = 1.0
                + efficacy(
                    per_post(aux.platform, self.refs.inv_posts0)
                        + per_post(aux.research_fund[i], s.inv_posts0[i]),
                    g.up_max,
                    g.up_half,
                );
            sum_d_g += aux.d_g[i];
            aux.sum_d_s += aux.d_s[i];
        }
        // Surplus staff move to sectors with gaps in reach (M1, M2): one pooled market per
        // category, smooth in the surpluses and gaps so the solver sees no jumps.
        self.move_surplus(
            g.mu_h,
            &aux.sur_h,
            &aux.gap_h,
            &mut aux.move_in_h,
            &mut aux.move_out_h,
        );
        self.move_surplus(
            g.mu_s,
            &aux.sur_s,
            &aux.gap_s,
            &mut aux.move_in_s,
            &mut aux.move_out_s,
        );
        aux.retrainees = self.retrain(
            aux.retraining_places,
            &aux.sur_s,
            &aux.gap_s,
            &mut aux.move_in_s,
            &mut aux.move_out_s,
        );
        let sum_d_h: f64 = aux.d_h.iter().sum();
        aux.gap_ratio_h = if sum_d_h > 0.0 {
            aux.gap_h.iter().sum::<f64>() / sum_d_h
        } else {
            0.0
        };
        aux.gap_ratio_s = if aux.sum_d_s > 0.0 {
            aux.gap_s.iter().sum::<f64>() / aux.sum_d_s
        } else {
            0.0
        };
        // General labour is rationed from one pool (D6).
        aux.r_g = if sum_d_g > 0.0 {
            (aux.labour_force / sum_d_g).min(1.0)
        } else {
            1.0
        };

        // Attractiveness and acceptance (T1–T6).
        aux.peer_pool = (0..n)
            .map(|i| y[l.h(i)] + y[l.hn(i)] + y[l.hzm(i)] + y[l.hzx(i)])
            .sum::<f64>()
            + ps
            + e;
        let amenity = y[l.amenity_index()].max(0.0);
        let common =
            pow(self.refs.housing0 / housing, g.e_hc) * pow(access / self.refs.access0, g.e_x);
        aux.am_h = g.am_h0
            * pow(aux.rel_pay_h, g.e_w)
            * pow(relative(aux.peer_pool, g.cc0), g.e_c)
            * pow(amenity, g.e_n)
            * common;
        aux.am_s = g.am_s0 * pow(aux.rel_pay_s, g.e_ws) * pow(amenity, g.e_ns) * common;
        let ap_h = y[l.ap_h()];
        let ap_s = y[l.ap_s()];
        let subsidy_pay = aux.eligible * aux.subsidy / g.tau_serv;
        aux.ap_arr = ap_h * pow((pay + subsidy_pay) / pay, g.e_w);
        // Arrivals see the level of attractiveness (T6, H8): programme acceptance against the
        // stored reference, the choice between Bazhong and 成都, and the candidate pool.
        let arrival_level = (aux.ap_arr / g.ap_arr0).max(0.0);
        aux.p_acc = (g.p_fill0 * pow(arrival_level, g.e_acc)).min(1.0);
        // The rent subsidy lowers housing cost for firms' recruits only (R1): their offers
        // (enterprise quota, market) see it, public and deployed 编制 offers do not.
        aux.rent_factor = (1.0 - aux.rent_subsidy / g.rent_ref).max(g.h_min);
        let rent_gain = pow(aux.rent_factor, -g.e_hc);
        aux.p_acc_firm = (g.p_fill0 * pow(arrival_level * rent_gain, g.e_acc)).min(1.0);
        let choice_h = pow((aux.ap_arr * rent_gain).max(0.0), g.e_ch);
        aux.p_choice = choice_h / (choice_h + 1.0);
        // The candidate pool answers to the city's level (form 0) or is fixed (form 1); HR-service
        // parks widen it either way.
        let responsive = if g.pool_form == 0.0 {
            pow(relative(aux.peer_pool, g.cc0), g.e_cp) * pow(arrival_level, g.e_pool)
        } else {
            1.0
        };
        aux.candidates = g.cp0
            * responsive
            * (1.0
                + efficacy(
                    per_post(aux.hr_park, self.refs.inv_posts0),
                    g.reach_max,
                    g.reach_half,
                ));
        // Skilled supply answers to the level of attractiveness (S3, S8): graduates' odds of
        // staying and the share of the external pool choosing Bazhong over 成都.
        let ap_s_pos = ap_s.max(0.0);
        aux.stay_order = stay_rate(ap_s_pos, self.refs.stay_odds_order, g.e_st, g.r_o);
        aux.stay_general = stay_rate(ap_s_pos, self.refs.stay_odds_general, g.e_st, g.r_gen);
        let choice = pow(ap_s_pos, g.e_ch);
        aux.choice_s = choice / (choice + 1.0);
        aux.hs_cap = g.hs_pool * aux.choice_s;
        aux.departure_h = departure(ap_h);
        aux.departure_s = departure(ap_s);
        // The commitment bond (H9): one e_el, as the bond binds only eligible recruits.
        aux.bond = (aux.eligible * g.beta_bond * (aux.subsidy / g.tau_serv) / firm_pay_real)
            .clamp(0.0, 1.0);

        // Enclave and projects (E1–E5).
        aux.e_hire = (aux.seats - e).max(0.0) / g.tau_fill_e * g.p_acc_e;
        aux.e_close = (e - aux.seats).max(0.0) / g.tau_close;
        aux.e_quit = g.delta_e * e;
        aux.q_start = g.pi_q * e;
        aux.q_done = y[l.q()] / g.tau_inc;
        aux.f_change = (aux.flex_target * g.p_acc_f - f) / g.tau_c;

        // Output, capacity and upgrading (Y1–Y3, K1–K3, U1–U3).
        let competitor_factor = (-g.e_a * g.g_a * dt).exp();
        aux.ten_sector_va = 0.0;
        aux.manufacturing_va = 0.0;
        let mut high_tech_va = 0.0;
        for i in 0..n {
            let k = y[l.k(i)];
            let a = y[l.a(i)];
            // u = min(1, r_H)^w_H · min(1, r_S)^w_S · r_G^w_G, as one exponential of logs.
            // A zero weight contributes nothing even when adequacy is 0 (0·ln 0 would be NaN).
            // Adequacy at or above 1 idles nothing: skip its logarithm.
            let term = |w: f64, r: f64| {
                if w == 0.0 || r >= 1.0 {
                    0.0
                } else {
                    w * r.ln()
                }
            };
            let log_u =
                term(sp.w_h[i], aux.r_h[i]) + term(sp.w_s[i], aux.r_s[i]) + term(s.w_g[i], aux.r_g);
            let u = if log_u == 0.0 { 1.0 } else { log_u.exp() };
            aux.utilisation[i] = u;
            aux.labour_g[i] = aux.d_g[i] * aux.r_g;
            aux.va[i] = k * u;
            aux.ten_sector_va += aux.va[i];
            if self.manufacturing[i] {
                aux.manufacturing_va += aux.va[i];
                high_tech_va += a * aux.va[i];
            }
            let rel_h = y[l.r_h(i)] * r.r_h_ref[i];
            let rel_s = y[l.r_s(i)] * r.r_s_ref[i];
            let m_h = interpolate(&self.lookup_h, rel_h);
            let m_s = interpolate(&self.lookup_s, rel_s);
            // M_A = (A / A_comp)^e_A with A_comp = A0·e^{g_A (t − t0)}, i.e.
            // (A / A0)^e_A · e^{−e_A·g_A·(t − t0)} (the second factor is common to all sectors).
            let m_a = if sp.a0[i] > 0.0 && g.e_a != 0.0 {
                pow((a / sp.a0[i]).max(0.0), g.e_a) * competitor_factor
            } else {
                1.0
            };
            aux.inv[i] = k * (sp.growth[i].at(t) + g.delta_k) * m_h * m_s * m_a;
            // Enclave projects (E3) and partner-region projects (E6) land where skilled staff
            // can run them; a partner project counts in Bazhong by its agreed value share.
            let readiness = rel_s.min(1.0) * sp.alloc_q[i];
            aux.landed[i] = aux.landing * readiness * aux.q_done;
            aux.landed_partner[i] = readiness * aux.partner_projects;
            aux.land[i] = g.y_proj * (aux.landed[i] + aux.partner_share * aux.landed_partner[i]);
            aux.rd[i] = g.lambda_rd * self.firm_fte(y, i)
                + g.eta_e * sp.alloc_e[i] * e
                + g.phi_f * sp.alloc_f[i] * f;
            aux.a_front_eff[i] = a + (sp.a_front[i] - a) * pow(rel_h.clamp(0.0, 1.0), g.e_emb);
            // R&D upgrading (U1): v_RD at the reference R&D intensity, more with more R&D per
            // unit capacity, saturating as A approaches 1.
            aux.upgrade_rd[i] = if k > 0.0 && aux.rd[i] > 0.0 {
                aux.upgrading[i]
                    * s.upgrade_scale[i]
                    * pow(aux.rd[i] / k * s.inv_rd_intensity_ref[i], g.beta)
                    * (1.0 - a)
            } else {
                0.0
            };
        }
        aux.gdp = aux.ten_sector_va + aux.y_ot;
        aux.high_tech_share = if aux.manufacturing_va > 0.0 {
            high_tech_va / aux.manufacturing_va
        } else {
            0.0
        };

        // High-level talent: outflows, desired hires, rationing (H1–H10).
        // Quit rates before the sector's retention (H4, H5): recruits see the rent subsidy
        // (R1), settled staff the evaluation reform.
        let quit_n_base =
            g.delta_n0 * aux.departure_h * (1.0 - aux.bond) * pow(aux.rent_factor, g.e_hc);
        let quit_h_base = g.delta_h0 * aux.departure_h * (1.0 - g.eval_quit * aux.evaluation);
        let promotion_base = g.p_promo * (1.0 + g.eval_promo * aux.evaluation);
        aux.sum_des = 0.0;
        for i in 0..n {
            let hn = y[l.hn(i)];
            let h = y[l.h(i)];
            let kept = 1.0 - aux.retention[i];
            aux.settle[i] = hn * r.tau_settle;
            aux.quit_n_rate[i] = quit_n_base * kept;
            aux.quit_n[i] = hn * aux.quit_n_rate[i];
            // Exits of settled staff carry the sector's exit multiplier of the balanced start;
            // staff in surplus quit faster.
            let exit = sp.exit_h[i];
            aux.quit_rate_h[i] = quit_h_base * kept * (1.0 + g.k_sur * (aux.r_h[i] - 1.0).max(0.0));
            aux.quit_h[i] = exit * h * aux.quit_rate_h[i];
            aux.ret_h[i] = exit * h * r.tau_car;
            aux.promo[i] = promotion_base * aux.upgrading[i] * y[l.s(i)];
            let theta_proj = (s.theta_lo_h[i] * (1.0 - g.a_proj) + s.theta_hi_h[i] * g.a_proj)
                * drift_h
                * substitution;
            aux.reloc[i] = g.rho_team * theta_proj * aux.land[i];
            // Deployed 编制 staff leave like public service (or, form 1, like the firm's settled
            // staff) and the mismatched return (H11).
            aux.exit_z[i] = self.deployed_exit_rate(aux, i) * (y[l.hzm(i)] + y[l.hzx(i)]);
            aux.return_z[i] = y[l.hzx(i)] / g.tau_ret;
            aux.des[i] = ((aux.d_h[i] - aux.sup_h[i]) * r.tau_fill
                + aux.quit_n[i]
                + aux.quit_h[i]
                + aux.ret_h[i]
                + aux.exit_z[i]
                + aux.return_z[i]
                - aux.promo[i]
                - aux.reloc[i]
                + aux.move_out_h[i]
                - aux.move_in_h[i])
                .max(0.0);
            aux.sum_des += aux.des[i];
            aux.priority[i] = sp.priority[i].at(t);
        }
        // Every accepted offer — enterprise quota, deployed and public 编制 posts, then market
        // hires — comes from one candidate pool: quotas beyond it are rationed down in
        // proportion (H8). Firms' programme hires are rationed among sectors in proportion to
        // priority-weighted desired hires; a sector offered more than it wants takes only what it
        // wants and the rest is rationed again among the others (water-filling), so no post is
        // left unused while a sector still wants hires.
        // Enterprise offers are accepted at the firms' acceptance (rent subsidy), deployed 编制
        // offers at the programme acceptance.
        let enterprise_accepted = aux.quota_ent * aux.p_acc_firm;
        let accepted = enterprise_accepted + aux.deployed * aux.quota_pub * aux.p_acc;
        let all_offers = aux.quota_ent + aux.quota_pub;
        let offered = if all_offers > aux.candidates && all_offers > 0.0 {
            aux.candidates / all_offers
        } else {
            1.0
        };
        let programme_pool = accepted * offered;
        let mut pool = programme_pool;
        for i in 0..n {
            aux.hire_q[i] = 0.0;
            aux.saturated[i] = aux.des[i] <= 0.0;
        }
        for _ in 0..n {
            let weighted: f64 = (0..n)
                .filter(|&i| !aux.saturated[i])
                .map(|i| aux.priority[i] * aux.des[i])
                .sum();
            if weighted <= 0.0 || pool <= 0.0 {
                break;
            }
            let mut newly_saturated = false;
            let share = pool / weighted;
            for i in 0..n {
                if !aux.saturated[i] && aux.priority[i] * aux.des[i] * share >= aux.des[i] {
                    aux.saturated[i] = true;
                    aux.hire_q[i] = aux.des[i];
                    newly_saturated = true;
                }
            }
            if !newly_saturated {
                for i in 0..n {
                    if !aux.saturated[i] {
                        aux.hire_q[i] = aux.priority[i] * aux.des[i] * share;
                    }
                }
                break;
            }
            pool = programme_pool
                - (0..n)
                    .filter(|&i| aux.saturated[i])
                    .map(|i| aux.hire_q[i])
                    .sum::<f64>();
        }
        // The programme hires of each sector split between the enterprise quota (into Hn) and
        // the deployed 编制 quota (into Hz) in proportion to the two quotas' accepted offers (H8).
        let enterprise_share = if accepted > 0.0 {
            enterprise_accepted / accepted
        } else {
            1.0
        };
        // Public service within its 编制 ceiling; returned deployed staff take posts first (H10).
        aux.returns = aux.return_z.iter().sum();
        let room = (lv.ps_max.at(t) - ps).max(0.0) * r.tau_post + g.delta_ps * ps - aux.returns;
        aux.hire_ps =
            ((1.0 - aux.deployed) * aux.quota_pub * offered * aux.p_acc).min(room.max(0.0));
        // Candidates the common programmes took: each hire is one accepted offer.
        let taken_per = |hires: f64, acceptance: f64| {
            if acceptance > 0.0 {
                hires / acceptance
            } else {
                0.0
            }
        };
        let programme_hires: f64 = aux.hire_q.iter().sum();
        aux.offers_taken = taken_per(programme_hires * enterprise_share, aux.p_acc_firm)
            + taken_per(
                programme_hires * (1.0 - enterprise_share) + aux.hire_ps,
                aux.p_acc,
            );
        // Sector programmes (专项计划, H8a) recruit with their own quota from the candidates the
        // common programmes left, rationed in proportion if they ask for more; their own
        // subsidy raises their acceptance like S_H in T6. They add to the common quota, so they
        // take nothing from other sectors' programme hires.
        let own_offers: f64 = aux.own_quota.iter().sum();
        let left = (aux.candidates - aux.offers_taken).max(0.0);
        let own_rationed = if own_offers > left && own_offers > 0.0 {
            left / own_offers
        } else {
            1.0
        };
        let firm_level = arrival_level * rent_gain;
        let mut unmet_total = 0.0;
        for i in 0..n {
            let offers = aux.own_quota[i] * own_rationed;
            aux.hire_sp[i] = if offers > 0.0 {
                let own_subsidy = aux.own_subsidy[i] / g.tau_serv;
                let gain = pow(
                    (pay + subsidy_pay + own_subsidy) / (pay + subsidy_pay),
                    g.e_w,
                );
                offers * (g.p_fill0 * pow(firm_level * gain, g.e_acc)).min(1.0)
            } else {
                0.0
            };
            aux.offers_taken += offers;
            unmet_total += (aux.des[i] - aux.hire_q[i] - aux.hire_sp[i]).max(0.0);
        }
        // Market hires draw on the candidates the programmes did not take, shared by unmet
        // desired hires; the share choosing Bazhong over 成都 comes, never more than is wanted.
        let market_candidates = (aux.candidates - aux.offers_taken).max(0.0);
        for i in 0..n {
            let unmet = (aux.des[i] - aux.hire_q[i] - aux.hire_sp[i]).max(0.0);
            let share = if unmet_total > 0.0 {
                unmet / unmet_total
            } else {
                1.0 / n as f64
            };
            aux.hire_m[i] = (market_candidates * share * aux.p_choice * aux.reach[i]).min(unmet);
            let programme = aux.hire_q[i];
            aux.hire_q[i] = programme * enterprise_share;
            aux.hire_z[i] = programme - aux.hire_q[i];
        }
        aux.quit_ps = g.delta_ps * ps;

        // Skilled technicians: pipelines, upskilling, external hiring (S1–S9).
        let stage = g.tau_v / 3.0;
        aux.vo_out = y[l.vo3()] / stage;
        aux.vg_out = y[l.vg3()] / stage;
        aux.grad_order = g.y_v * aux.vo_out * aux.stay_order;
        aux.grad_general = g.y_v * aux.vg_out * aux.stay_general;
        aux.up_out = g.y_u * y[l.up()] / g.tau_u;
        aux.online_out = g.y_on * y[l.online()] / g.tau_on;
        let quit_s_base = g.delta_s0 * aux.departure_s;
        aux.sum_gap_s = aux.gap_s.iter().sum();
        // External hires are rationed from the pool HS_cap in proportion to the gaps (S8).
        let pool_per_gap = if aux.sum_gap_s > 0.0 {
            aux.hs_cap / aux.sum_gap_s
        } else {
            0.0
        };
        // General graduates by the field mix of the schools, upskilling by the training places
        // of each sector (S4, S6) — what is trained need not be what industry needs.
        let up_total: f64 = (0..n).map(|i| sp.upskill_share[i].at(t)).sum();
        for i in 0..n {
            let field = share(sp.field_share[i], self.refs.field_share_total, n);
            let places = share(sp.upskill_share[i].at(t), up_total, n);
            aux.grad[i] = aux.grad_order * sp.alloc_o[i] + aux.grad_general * field;
            aux.up_in[i] = (aux.up_out + aux.online_out) * places;
            aux.hire_s[i] = if aux.sum_gap_s > 0.0 {
                (aux.gap_s[i] * r.tau_fill_s).min(pool_per_gap * aux.gap_s[i])
            } else {
                0.0
            };
            let sk = y[l.s(i)];
            let exit = sp.exit_s[i];
            aux.quit_rate_s[i] = quit_s_base * (1.0 + g.k_sur * (aux.r_s[i] - 1.0).max(0.0));
            aux.quit_s[i] = exit * sk * aux.quit_rate_s[i];
            aux.ret_s[i] = exit * sk * r.tau_ret_s;
        }

        // Amenity (N1–N3) and fiscal cost (C1–C7).
        aux.n_star =
            pow(aux.service_capacity.max(0.0), g.a1) * pow(relative(y[l.am()], g.am0), g.a2);
        let high_level_hires: f64 = aux.hire_q.iter().sum::<f64>()
            + aux.hire_z.iter().sum::<f64>()
            + aux.hire_m.iter().sum::<f64>()
            + aux.hire_sp.iter().sum::<f64>()
            + aux.hire_ps;
        const WAN_TO_YI: f64 = 1e-4;
        aux.cost[acc::COST_SUBSIDY] = aux.eligible * aux.subsidy * high_level_hires * WAN_TO_YI;
        aux.cost[acc::COST_ENCLAVE] = g.c_e * e * WAN_TO_YI;
        aux.cost[acc::COST_TRAINING] = (g.c_t * aux.up_enrol
            + g.c_o * aux.order_share * aux.enrol
            + g.c_on * aux.online_places
            + g.c_rt * aux.retrainees)
            * WAN_TO_YI;
        aux.cost[acc::COST_FLEXIBLE] = g.c_f * f * WAN_TO_YI;
        aux.cost[acc::COST_AMENITY] = aux.amenity_inv;
        aux.cost[acc::COST_SERVICE] = aux.service;
        // Allowances are paid to every high-level talent working in Bazhong (C7): firms' settled
        // staff and recruits and public service, whose pay they raise in T1.
        aux.cost[acc::COST_ALLOWANCE] = allowance * (aux.peer_pool - e) * WAN_TO_YI;
        // The rent subsidy is paid to the people it acts on: firms' recruits (C8).
        let recruits: f64 = (0..n).map(|i| y[l.hn(i)]).sum();
        aux.cost[acc::COST_RENT] = aux.rent_subsidy * recruits * WAN_TO_YI;
        aux.cost[acc::COST_STATIONS] = aux.station_spending.iter().sum();
        aux.cost[acc::COST_PLATFORM] = aux.platform;
        aux.cost[acc::COST_HR_PARK] = aux.hr_park;
        aux.cost[acc::COST_PROGRAMMES] = (0..n)
            .map(|i| aux.own_subsidy[i] * aux.hire_sp[i] * WAN_TO_YI + aux.research_fund[i])
            .sum();
        let deployed_staff: f64 = (0..n).map(|i| y[l.hzm(i)] + y[l.hzx(i)]).sum();
        aux.cost[acc::COST_SALARIES] = g.w_ps * (ps + deployed_staff) * WAN_TO_YI;
        aux.cost[acc::COST_PUBLIC_SERVICE] = g.c_sc * (aux.service_capacity - 1.0).max(0.0);
        aux.cost[acc::COST_PARTNER] = g.c_pp * aux.landed_partner.iter().sum::<f64>();
    }

    /// Per-capita exit rate of deployed 编制 staff in sector i (H11): δ_z (form 0), or the settled
    /// staff's quit and retirement rate c_H,i·(quit rate + 1/τ_car) (form 1). Needs this
    /// evaluation's quit rates of settled staff.
    #[inline]
    pub(super) fn deployed_exit_rate(&self, aux: &Aux, i: usize) -> f64 {
        if self.g.deployed_retention == 0.0 {
            self.g.delta_z
        } else {
            self.sp.exit_h[i] * (aux.quit_rate_h[i] + self.reciprocals.tau_car)
        }
    }

    /// High-level FTE of sector i's firms (D4, U2): settled staff, recruits at ρ_n, deployed 编制
    /// staff (matched whole, mismatched at ρ_mis).
    #[inline]
    pub(super) fn firm_fte(&self, y: &[f64], i: usize) -> f64 {
        let l = self.layout;
        let g = &self.g;
        y[l.h(i)] + g.rho_n * y[l.hn(i)] + y[l.hzm(i)] + g.rho_mis * y[l.hzx(i)]
    }

    /// Movement of surplus staff between sectors (M2), one category: from each sector i with a
    /// surplus, (μ·Sur_i)·c_ij·Gap_j/(Σ_l c_il·Gap_l + Σ_k Sur_k) persons a year to each sector
    /// j ≠ i, with c_ij the transferability within or across the industry groups. Smooth in Sur
    /// and Gap (the surplus in the denominator keeps it so as the last gap in reach closes); the
    /// city's total surplus there, not the sector's own, makes surpluses compete for the same gaps
    /// and a sector split into tracks move the same people (P12). The same flows leave and enter,
    /// so persons are conserved.
    fn move_surplus(
        &self,
        mobility: f64,
        surplus: &[f64],
        gap: &[f64],
        moves_in: &mut [f64],
        moves_out: &mut [f64],
    ) {
        moves_in.fill(0.0);
        moves_out.fill(0.0);
        if mobility <= 0.0 {
            return;
        }
        let transfer = |i: usize, j: usize| {
            if i == j {
                0.0
            } else if self.groups[i] == self.groups[j] {
                self.g.c_within
            } else {
                self.g.c_cross
            }
        };
        let total_surplus: f64 = surplus.iter().sum();
        for i in 0..surplus.len() {
            if surplus[i] <= 0.0 {
                continue;
            }
            let reach: f64 = (0..gap.len()).map(|j| transfer(i, j) * gap[j]).sum();
            if reach <= 0.0 {
                continue;
            }
            let per_reach = mobility * surplus[i] / (reach + total_surplus);
            for j in 0..gap.len() {
                let m = per_reach * transfer(i, j) * gap[j];
                moves_out[i] += m;
                moves_in[j] += m;
            }
        }
    }

    /// Retraining (转岗培训, M3): `places` entrants a year drawn from skilled surplus,
    /// Rt·Sur_i/(Σ Sur + Rt·1 yr) from sector i, of whom the share y_rt is placed in sectors with
    /// gaps, Gap_j/(Σ Gap + y_rt·T·1 yr) of them to sector j (T the entrants). Smooth in the
    /// surpluses and gaps; persons are conserved (those not placed stay where they were).
    /// Adds to the moves and returns the entrants T (person/yr), the cost base of C3.
    fn retrain(
        &self,
        places: f64,
        surplus: &[f64],
        gap: &[f64],
        moves_in: &mut [f64],
        moves_out: &mut [f64],
    ) -> f64 {
        if places <= 0.0 {
            return 0.0;
        }
        const YEAR: f64 = 1.0;
        let total_surplus: f64 = surplus.iter().sum();
        let entrants = places * total_surplus / (total_surplus + places * YEAR);
        let total_gap: f64 = gap.iter().sum();
        let placed = self.g.y_rt * entrants;
        if entrants <= 0.0 || placed <= 0.0 || total_gap <= 0.0 {
            return entrants;
        }
        let placed_share = placed / (total_gap + placed * YEAR);
        for i in 0..surplus.len() {
            let from = surplus[i] / total_surplus;
            for j in 0..gap.len() {
                let m = from * placed_share * gap[j];
                moves_out[i] += m;
                moves_in[j] += m;
            }
        }
        entrants
    }

    /// dy/dt at (t, y); `aux` is scratch space (see [`Aux::new`]).
    pub fn rhs(&self, t: f64, y: &[f64], dy: &mut [f64], aux: &mut Aux) {
        self.eval(t, y, aux);
        let l = self.layout;
        let g = &self.g;
        let r = &self.reciprocals;
        let n = l.n_sectors();
        let mut promotions = 0.0;
        let mut relocations = 0.0;
        let mut landed_capacity = 0.0;
        let mut landed_projects = 0.0;
        for i in 0..n {
            let k = y[l.k(i)];
            let a = y[l.a(i)];
            dy[l.k(i)] = aux.inv[i] - g.delta_k * k + aux.land[i];
            dy[l.a(i)] = if k > 0.0 {
                aux.upgrade_rd[i]
                    + (aux.inv[i] * (aux.a_front_eff[i] - a) + aux.land[i] * (g.a_proj - a)) / k
                    - self.sp.delta_a[i] * a
            } else {
                0.0
            };
            dy[l.hn(i)] = aux.hire_q[i] + aux.hire_m[i] + aux.hire_sp[i] + aux.reloc[i]
                - aux.settle[i]
                - aux.quit_n[i];
            dy[l.h(i)] = aux.settle[i] + aux.promo[i] + aux.move_in_h[i]
                - aux.quit_h[i]
                - aux.ret_h[i]
                - aux.move_out_h[i];
            dy[l.s(i)] = aux.grad[i] + aux.up_in[i] + aux.hire_s[i] + aux.move_in_s[i]
                - aux.quit_s[i]
                - aux.ret_s[i]
                - aux.promo[i]
                - aux.move_out_s[i];
            let deployed = aux.hire_z[i];
            let exit_z = self.deployed_exit_rate(aux, i);
            dy[l.hzm(i)] = aux.matching * deployed - exit_z * y[l.hzm(i)];
            dy[l.hzx(i)] = (1.0 - aux.matching) * deployed - exit_z * y[l.hzx(i)] - aux.return_z[i];
            dy[l.r_h(i)] = (aux.r_h[i] - y[l.r_h(i)]) * r.tau_r;
            dy[l.r_s(i)] = (aux.r_s[i] - y[l.r_s(i)]) * r.tau_r;
            promotions += aux.promo[i];
            relocations += aux.reloc[i];
            landed_capacity += aux.land[i];
            landed_projects += aux.landed[i] + aux.landed_partner[i];
        }
        let stage = g.tau_v / 3.0;
        let o_in = aux.order_share * aux.enrol;
        let g_in = (1.0 - aux.order_share) * aux.enrol;
        dy[l.vo1()] = o_in - y[l.vo1()] / stage;
        dy[l.vo2()] = (y[l.vo1()] - y[l.vo2()]) / stage;
        dy[l.vo3()] = (y[l.vo2()] - y[l.vo3()]) / stage;
        dy[l.vg1()] = g_in - y[l.vg1()] / stage;
        dy[l.vg2()] = (y[l.vg1()] - y[l.vg2()]) / stage;
        dy[l.vg3()] = (y[l.vg2()] - y[l.vg3()]) / stage;
        dy[l.up()] = aux.up_enrol - y[l.up()] / g.tau_u;
        dy[l.online()] = aux.online_places - y[l.online()] / g.tau_on;
        dy[l.ps()] = aux.hire_ps + aux.returns - aux.quit_ps;
        dy[l.e()] = aux.e_hire - aux.e_close - aux.e_quit;
        dy[l.q()] = aux.q_start - aux.q_done;
        dy[l.f()] = aux.f_change;
        dy[l.am()] = g.am0 / g.tau_am + aux.amenity_inv - y[l.am()] / g.tau_am;
        dy[l.amenity_index()] = (aux.n_star - y[l.amenity_index()]) / g.tau_n;
        dy[l.ap_h()] = (aux.am_h - y[l.ap_h()]) / g.tau_perc;
        dy[l.ap_s()] = (aux.am_s - y[l.ap_s()]) / g.tau_perc;
        dy[l.p()] = (aux.gdp - y[l.p()]) / g.tau_tr;
        // Pay follows 成都's growth, faster while the gap ratio is above its balanced level (W3).
        // With the pay loop off (form 0) pay only follows 成都.
        dy[l.w_h()] = y[l.w_h()] * (g.g_w + g.pay_loop * g.k_w * (aux.gap_ratio_h - g.gap_ref_h));
        dy[l.w_s()] = y[l.w_s()] * (g.g_w + g.pay_loop * g.k_ws * (aux.gap_ratio_s - g.gap_ref_s));
        for (k, cost) in aux.cost.iter().enumerate() {
            dy[l.acc(k)] = *cost;
        }
        dy[l.acc(acc::GDP)] = aux.gdp;
        dy[l.acc(acc::MANUFACTURING_VA)] = aux.manufacturing_va;
        dy[l.acc(acc::HIRES_PROGRAMME_PUBLIC)] = aux.hire_q.iter().sum::<f64>()
            + aux.hire_z.iter().sum::<f64>()
            + aux.hire_sp.iter().sum::<f64>()
            + aux.hire_ps;
        dy[l.acc(acc::HIRES_MARKET)] = aux.hire_m.iter().sum::<f64>();
        dy[l.acc(acc::PROMOTIONS)] = promotions;
        dy[l.acc(acc::RELOCATIONS)] = relocations;
        dy[l.acc(acc::LANDED_CAPACITY)] = landed_capacity;
        dy[l.acc(acc::LANDED_PROJECTS)] = landed_projects;
        dy[l.acc(acc::HIGH_TECH_MANUFACTURING_VA)] = aux.high_tech_share * aux.manufacturing_va;
    }
}

/// x/total, or 1/n when the total is 0 (no information: an even split).
#[inline]
fn share(x: f64, total: f64, n: usize) -> f64 {
    if total > 0.0 {
        x / total
    } else {
        1.0 / n as f64
    }
}

/// A stay rate that answers to attractiveness a ≥ 0 (S3): a^e/(a^e + k) with the odds constant
/// k fixed so that the rate is the scenario's r0 at the 2024 attractiveness; r0 = 0 or 1 stay so.
#[inline]
fn stay_rate(a: f64, odds: f64, e: f64, r0: f64) -> f64 {
    if r0 <= 0.0 {
        0.0
    } else if odds <= 0.0 {
        1.0
    } else {
        let p = pow(a, e);
        p / (p + odds)
    }
}

/// Forrester's departure multiplier: 1/AP clipped to [1/8, 8] (eq. T5).
#[inline]
pub fn departure(attractiveness: f64) -> f64 {
    if attractiveness <= 0.0 {
        8.0
    } else {
        (1.0 / attractiveness).clamp(0.125, 8.0)
    }
}
