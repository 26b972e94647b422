//! The industry–talent model: compiled parameters, initial state, equations and indicators.
//!
//! This is the only module where the economics lives. [`Model::compile`] turns a validated
//! [`Scenario`] into flat arrays (no strings or maps on the hot path), derives the calibrated
//! constants (talent intensities θ, initial capacity) and the initial state, in which every stock
//! is at the steady state of its start-year flows given the stored constants of the balanced
//! start — exit multipliers, obsolescence, R&D and adequacy references — or, with
//! [`Balance::Rederive`], derives those constants so that the start is at rest (docs/model.md §4).
//!
//! # References
//! - Sterman, J. (2000). *Business Dynamics*, ch. 11 (delays), ch. 21 (model testing).
//! - Forrester, J. W. (1969). *Urban Dynamics* (attractiveness multipliers, departure table).

pub mod annual;
mod equations;
pub mod indicator_registry;
pub mod indicators;
pub mod layout;
pub mod plausibility;

pub use equations::{departure, Aux};
pub use layout::StateLayout;

use crate::error::{IssueKind, Location, ScenarioError, ScenarioIssue};
pub use crate::scenario::schema::{Globals, Levers, SectorParams};
use crate::scenario::Scenario;

/// Per-sector constants the model derives at compile time (each vector has one entry per sector);
/// the values the scenario gives, including the stored constants of the balanced start, are in
/// [`SectorParams`].
#[derive(Debug, Clone, PartialEq)]
pub struct SectorConsts {
    /// θlo_H, θhi_H: high-level talent per unit capacity at A = 0 and A = 1 (person per 亿元/yr).
    pub theta_lo_h: Vec<f64>,
    /// θhi_H (person per 亿元/yr).
    pub theta_hi_h: Vec<f64>,
    /// θlo_S: skilled technicians per unit capacity at A = 0 (person per 亿元/yr).
    pub theta_lo_s: Vec<f64>,
    /// θhi_S (person per 亿元/yr).
    pub theta_hi_s: Vec<f64>,
    /// θlo_G: general labour per unit capacity at A = 0 (person per 亿元/yr).
    pub theta_lo_g: Vec<f64>,
    /// θhi_G (person per 亿元/yr).
    pub theta_hi_g: Vec<f64>,
    /// w_G = max(0, 1 − w_H − w_S), output weight of general labour.
    pub w_g: Vec<f64>,
    /// v_RD/(1 − A_0): the R&D upgrading term of U1 per unit (1 − A) at the reference R&D
    /// intensity (1/yr; 0 when A_0 = 1 or there is no reference R&D).
    pub upgrade_scale: Vec<f64>,
    /// 1/x_RD0 (0 when x_RD0 = 0).
    pub inv_rd_intensity_ref: Vec<f64>,
    /// K0: capacity at the start (亿元/yr), from start-year value added (IN2).
    pub k0: Vec<f64>,
    /// 1/D_H,i(t0) = 1/(θ_H0,i·K0_i): per-post scale of the sector's spending (P0; 0 when the
    /// sector demands no high-level talent, so its spending has no effect).
    pub inv_posts0: Vec<f64>,
    /// r_H(t0): high-level adequacy of this run at the start (reported, not assumed).
    pub r_h0: Vec<f64>,
    /// r_S(t0): skilled adequacy of this run at the start.
    pub r_s0: Vec<f64>,
}

/// Values of the start year that attractiveness, acceptance and the amenity index are relative to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct References {
    /// Y_OT0 = GDP_0 − Σ Y_0: the residual economy in the start year (亿元/yr).
    pub y_ot0: f64,
    /// HC_0: housing-cost index at the start (1).
    pub housing0: f64,
    /// Acc_0: accessibility index at the start (1).
    pub access0: f64,
    /// k_o = AM_S0^e_st·(1 − r_o)/r_o: the odds constant of the order-class stay rate (S3), so
    /// that the rate is r_o at the 2024 attractiveness.
    pub stay_odds_order: f64,
    /// k_gen, the same for general graduates.
    pub stay_odds_general: f64,
    /// Σ_i graduate_field_share_i (the field shares are normalised by it, S4).
    pub field_share_total: f64,
    /// Σ K_i(t0): the sectors' capacity at the start (亿元/yr), the scale of the plausibility
    /// bound on capacity.
    pub k_total0: f64,
    /// 1/Σ_i D_H,i(t0): per-post scale of city-wide spending (P0).
    pub inv_posts0: f64,
}

/// Fixed normalisation of one coupling indicator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Normalisation {
    /// Maps to 0.
    pub lower: f64,
    /// Maps to 1.
    pub upper: f64,
    /// Weight within its subsystem (normalised to sum 1).
    pub weight: f64,
}

/// A compiled model: everything the right-hand side needs, in flat arrays.
#[derive(Debug, Clone)]
pub struct Model {
    /// Where each stock lives in `y`.
    pub layout: StateLayout,
    /// Sector ids, in scenario order.
    pub sector_ids: Vec<String>,
    /// Chinese sector names.
    pub sector_names_zh: Vec<String>,
    /// Whether each sector counts as manufacturing.
    pub manufacturing: Vec<bool>,
    /// Industry group of each sector (主导, 优势, 支撑 …) as an index; movement between sectors of
    /// one group uses the within-group transferability (M2).
    pub groups: Vec<usize>,
    /// Start year.
    pub t0: f64,
    /// Global constants.
    pub g: Globals,
    /// Levers.
    pub levers: Levers,
    /// Sector parameters as the scenario gives them.
    pub sp: SectorParams,
    /// Sector constants derived at compile time.
    pub sec: SectorConsts,
    /// Start-year references.
    pub refs: References,
    /// L_H, investment multiplier vs relative perceived high-level adequacy.
    pub lookup_h: Vec<(f64, f64)>,
    /// L_S, same for skilled adequacy.
    pub lookup_s: Vec<(f64, f64)>,
    /// Coupling normalisation, in the order of the schema.
    pub coupling: Vec<Normalisation>,
    /// α, weight of the talent subsystem.
    pub coupling_alpha: f64,
    /// Reciprocals of the time constants and references the right-hand side divides by.
    pub reciprocals: Reciprocals,
    /// Initial state.
    pub y0: Vec<f64>,
    /// For each model stock (accumulators excluded), how far below zero it may dip through
    /// integration error before it counts as negative (see [`negative_floor`]).
    pub negative_floor: Vec<f64>,
}

/// Relative depth of a dip below zero that is integration error, not a negative stock: the
/// stated accuracy of the integration (docs/model.md §8), on the stock's scale.
pub const NEGATIVE_RELATIVE: f64 = 1e-4;

/// Absolute floor of that depth, in each stock's own unit.
pub const NEGATIVE_ABSOLUTE: f64 = 1e-6;

/// How far below zero each model stock of `y0` may dip: max(10⁻⁶, 10⁻⁴ × its scale), where the
/// scale of a per-sector stock is its largest start value over the sectors (a sector starting
/// with no recruits, Hn = 0, has the scale of the others) and a city stock's is its own start
/// value, at least 1 in the stock's unit.
pub fn negative_floor(layout: &StateLayout, y0: &[f64]) -> Vec<f64> {
    let n = layout.n_sectors();
    let sector_slots = layout::SECTOR_STOCKS.len() * n;
    (0..layout.accumulators_start())
        .map(|k| {
            let scale = if k < sector_slots {
                let first = k / n * n;
                y0[first..first + n]
                    .iter()
                    .fold(1.0f64, |m, v| m.max(v.abs()))
            } else {
                y0[k].abs().max(1.0)
            };
            (NEGATIVE_RELATIVE * scale).max(NEGATIVE_ABSOLUTE)
        })
        .collect()
}

/// 1/x of the constants the right-hand side divides by, so each evaluation multiplies instead
/// (a division costs several multiplications). Field names are those of the constants.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reciprocals {
    /// 1/τ_settle.
    pub tau_settle: f64,
    /// 1/τ_car.
    pub tau_car: f64,
    /// 1/τ_fill.
    pub tau_fill: f64,
    /// 1/τ_post.
    pub tau_post: f64,
    /// 1/τ_fillS.
    pub tau_fill_s: f64,
    /// 1/τ_retS.
    pub tau_ret_s: f64,
    /// 1/τ_r.
    pub tau_r: f64,
    /// 1/r_H,ref per sector.
    pub r_h_ref: Vec<f64>,
    /// 1/r_S,ref per sector.
    pub r_s_ref: Vec<f64>,
}

impl Reciprocals {
    fn of(g: &Globals, sp: &SectorParams) -> Self {
        let inverse = |v: &[f64]| v.iter().map(|x| 1.0 / x).collect();
        Reciprocals {
            tau_settle: 1.0 / g.tau_settle,
            tau_car: 1.0 / g.tau_car,
            tau_fill: 1.0 / g.tau_fill,
            tau_post: 1.0 / g.tau_post,
            tau_fill_s: 1.0 / g.tau_fill_s,
            tau_ret_s: 1.0 / g.tau_ret_s,
            tau_r: 1.0 / g.tau_r,
            r_h_ref: inverse(&sp.r_h_ref),
            r_s_ref: inverse(&sp.r_s_ref),
        }
    }
}

/// Largest number of sweeps of the start-year fixed point (recruits, capacity and, when
/// re-deriving, the exit multipliers and references).
const INIT_MAX_SWEEPS: usize = 2000;
/// Smallest weight of a damped step of the start-year fixed point.
const INIT_MIN_WEIGHT: f64 = 1.0 / 1024.0;
/// Sweeps of the start-year fixed point stepped by the secant rule; the rest use
/// [`INIT_FALLBACK_WEIGHT`].
const INIT_SECANT_SWEEPS: usize = 200;
/// The fixed weight of the start-year fixed point after [`INIT_SECANT_SWEEPS`] sweeps.
const INIT_FALLBACK_WEIGHT: f64 = 0.05;
/// Relative change below which the start-year fixed point counts as converged.
const INIT_TOLERANCE: f64 = 1e-13;
/// Largest relative change accepted when the sweeps run out (rounding can stall just above
/// INIT_TOLERANCE); beyond it the start year has no steady state and compiling fails.
const INIT_ACCEPT: f64 = 1e-9;
/// An exit multiplier above this is printed as a warning by `talentloop balance`: the start-year
/// inflows need exits far above the behavioural quit and retirement rates.
pub const EXIT_MULTIPLIER_WARNING: f64 = 5.0;

/// Where the constants of the balanced start come from (docs/model.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Balance {
    /// As stored in the scenario (`derived` values written by `talentloop balance`): every run is
    /// a counterfactual under the same behaviour, so level effects are kept.
    Stored,
    /// Re-derived from this scenario's own start year (`--rebalance`, `talentloop balance`), so
    /// that it starts at rest; for a genuinely different start-year dataset.
    Rederive,
}

/// The constants of the balanced start that `talentloop balance` derives and a scenario stores.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceConstants {
    /// CP_H0 (person/yr).
    pub candidate_pool_ref: f64,
    /// pay_0 (万元/yr).
    pub pay_ref: f64,
    /// gr_H0 (1).
    pub gap_ratio_high_ref: f64,
    /// gr_S0 (1).
    pub gap_ratio_skilled_ref: f64,
    /// Cc_0 (person).
    pub peer_pool_ref: f64,
    /// AP_arr,0 (1).
    pub arrival_attractiveness_ref: f64,
    /// c_H per sector (1).
    pub exit_h: Vec<f64>,
    /// c_S per sector (1).
    pub exit_s: Vec<f64>,
    /// δ_A per sector (1/yr).
    pub obsolescence: Vec<f64>,
    /// v_RD per sector (1/yr).
    pub rd_upgrading: Vec<f64>,
    /// x_RD0 per sector (FTE per 亿元/yr).
    pub rd_intensity_ref: Vec<f64>,
    /// r_H,ref per sector (1).
    pub r_h_ref: Vec<f64>,
    /// r_S,ref per sector (1).
    pub r_s_ref: Vec<f64>,
}

/// A start year that cannot be balanced or has no steady state: the key at fault and why.
struct StartError {
    key: String,
    message: String,
}

impl Model {
    /// Compiles a validated scenario with the stored constants of the balanced start (re-derived
    /// when the scenario asks for it, [`Scenario::rebalance`]): resolves parameters, computes the
    /// talent intensities and the start state. Fails (with a scenario error) only when the
    /// start-year data are inconsistent.
    pub fn compile(scenario: &Scenario) -> Result<Model, ScenarioError> {
        let balance = if scenario.rebalance {
            Balance::Rederive
        } else {
            Balance::Stored
        };
        Self::compile_with(scenario, balance)
    }

    /// Compiles with the constants of the balanced start re-derived from this scenario's own
    /// start year (`--rebalance`).
    pub fn compile_rebalanced(scenario: &Scenario) -> Result<Model, ScenarioError> {
        Self::compile_with(scenario, Balance::Rederive)
    }

    /// Compiles with the given source of the balanced-start constants.
    pub fn compile_with(scenario: &Scenario, balance: Balance) -> Result<Model, ScenarioError> {
        let n = scenario.sectors.len();
        let g = Globals::from_scenario(scenario);
        let levers = Levers::from_scenario(scenario);
        let t0 = scenario.time.start;
        let sp = SectorParams::from_scenario(scenario);
        let w_g: Vec<f64> = sp
            .w_h
            .iter()
            .zip(&sp.w_s)
            .map(|(a, b)| (1.0 - a - b).max(0.0))
            .collect();
        // Intensities are given at the start-year technology A_0; θ is linear in A (D1, IN3).
        let lerp_base = |ratio: f64, a: f64| 1.0 + (ratio - 1.0) * a;
        let low = |theta0: &[f64], ratio: f64| -> Vec<f64> {
            (0..n)
                .map(|i| theta0[i] / lerp_base(ratio, sp.a0[i]))
                .collect()
        };
        let theta_lo_h = low(&sp.theta_h0, g.ratio_h);
        let theta_lo_s = low(&sp.theta_s0, g.ratio_s);
        let theta_lo_g = low(&sp.theta_g0, g.ratio_g);
        let high = |lo: &[f64], ratio: f64| -> Vec<f64> { lo.iter().map(|t| t * ratio).collect() };
        let sec = SectorConsts {
            theta_hi_h: high(&theta_lo_h, g.ratio_h),
            theta_hi_s: high(&theta_lo_s, g.ratio_s),
            theta_hi_g: high(&theta_lo_g, g.ratio_g),
            theta_lo_h,
            theta_lo_s,
            theta_lo_g,
            w_g,
            upgrade_scale: vec![0.0; n],
            inv_rd_intensity_ref: vec![0.0; n],
            k0: vec![0.0; n],
            inv_posts0: vec![0.0; n],
            r_h0: vec![0.0; n],
            r_s0: vec![0.0; n],
        };
        let y_ot0 = g.gdp0 - sp.va0.iter().sum::<f64>();
        let stay_odds_order = stay_odds(g.am_s0, g.e_st, g.r_o);
        let stay_odds_general = stay_odds(g.am_s0, g.e_st, g.r_gen);
        let field_share_total = sp.field_share.iter().sum();
        let mut model = Model {
            layout: StateLayout::new(n),
            sector_ids: scenario.sectors.iter().map(|s| s.id.clone()).collect(),
            sector_names_zh: scenario.sectors.iter().map(|s| s.name_zh.clone()).collect(),
            manufacturing: scenario.sectors.iter().map(|s| s.manufacturing).collect(),
            groups: group_indices(scenario),
            t0,
            g,
            levers,
            sp,
            sec,
            refs: References {
                y_ot0,
                stay_odds_order,
                stay_odds_general,
                field_share_total,
                ..References::default()
            },
            lookup_h: scenario.lookup("investment_high_level").points.clone(),
            lookup_s: scenario.lookup("investment_skilled").points.clone(),
            coupling: normalised_coupling(scenario),
            coupling_alpha: scenario.coupling_talent_weight,
            reciprocals: Reciprocals::default(),
            y0: Vec::new(),
            negative_floor: Vec::new(),
        };
        model.derive_upgrading_terms();
        model.reciprocals = Reciprocals::of(&model.g, &model.sp);
        let issue = |key: String, message: String| ScenarioIssue {
            kind: IssueKind::Inconsistent,
            location: Location {
                file: scenario.file.clone(),
                line: 0,
                col: 0,
            },
            key,
            message,
        };
        if y_ot0 < 0.0 {
            return Err(ScenarioError {
                issues: vec![issue(
                    "params.economy.gdp_2024".into(),
                    format!(
                        "the sectors' value added ({:.2} 亿元/yr) exceeds GDP ({:.2} 亿元/yr): \
                            the residual economy would be negative",
                        model.sp.va0.iter().sum::<f64>(),
                        model.g.gdp0
                    ),
                )],
            });
        }
        if let Err(e) = model.initialise(balance) {
            return Err(ScenarioError {
                issues: vec![issue(e.key, e.message)],
            });
        }
        let demand_g: f64 = (0..n).map(|i| model.sp.theta_g0[i] * model.sec.k0[i]).sum();
        let lf0 = model.g.pop0 * model.g.s_wa * model.g.lfpr;
        if demand_g > lf0 {
            return Err(ScenarioError {
                issues: vec![issue(
                    "sectors.*.general_intensity_2024".into(),
                    format!(
                        "general-labour demand in the start year ({demand_g:.0} persons) exceeds \
                            the labour force ({lf0:.0}); lower the intensities or check \
                            population, working-age share and participation"
                    ),
                )],
            });
        }
        Ok(model)
    }

    /// The constants of the balanced start this model runs with (stored or re-derived).
    pub fn balance_constants(&self) -> BalanceConstants {
        BalanceConstants {
            candidate_pool_ref: self.g.cp0,
            pay_ref: self.g.pay_ref,
            gap_ratio_high_ref: self.g.gap_ref_h,
            gap_ratio_skilled_ref: self.g.gap_ref_s,
            peer_pool_ref: self.g.cc0,
            arrival_attractiveness_ref: self.g.ap_arr0,
            exit_h: self.sp.exit_h.clone(),
            exit_s: self.sp.exit_s.clone(),
            obsolescence: self.sp.delta_a.clone(),
            rd_upgrading: self.sp.v_rd.clone(),
            rd_intensity_ref: self.sp.x_rd0.clone(),
            r_h_ref: self.sp.r_h_ref.clone(),
            r_s_ref: self.sp.r_s_ref.clone(),
        }
    }

    /// The exit rates (quits and retirement per person and year) of settled high-level talent
    /// and of skilled technicians per sector at the start, as the exit multipliers imply them.
    pub fn start_exit_rates(&self) -> (Vec<f64>, Vec<f64>) {
        let l = self.layout;
        let mut aux = Aux::new(l.n_sectors());
        self.eval(self.t0, &self.y0, &mut aux);
        let per_person = |flow: f64, stock: f64| if stock > 0.0 { flow / stock } else { 0.0 };
        (0..l.n_sectors())
            .map(|i| {
                (
                    per_person(aux.quit_h[i] + aux.ret_h[i], self.y0[l.h(i)]),
                    per_person(aux.quit_s[i] + aux.ret_s[i], self.y0[l.s(i)]),
                )
            })
            .unzip()
    }

    /// U1's R&D term from the stored v_RD, x_RD0 and A_0 (see [`SectorConsts::upgrade_scale`]).
    fn derive_upgrading_terms(&mut self) {
        for i in 0..self.layout.n_sectors() {
            let (a0, x0) = (self.sp.a0[i], self.sp.x_rd0[i]);
            let usable = a0 < 1.0 && x0 > 0.0;
            self.sec.upgrade_scale[i] = if usable {
                self.sp.v_rd[i] / (1.0 - a0)
            } else {
                0.0
            };
            self.sec.inv_rd_intensity_ref[i] = if usable { 1.0 / x0 } else { 0.0 };
        }
    }

    /// Builds the initial state: every stock at the steady state of its start-year flows given
    /// the constants of the balanced start — stored, or derived here with `Balance::Rederive`
    /// (docs/model.md §4).
    fn initialise(&mut self, balance: Balance) -> Result<(), StartError> {
        let n = self.layout.n_sectors();
        let l = self.layout;
        let g = self.g.clone();
        let t0 = self.t0;
        let mut y = vec![0.0; l.len()];
        for i in 0..n {
            y[l.a(i)] = self.sp.a0[i];
            y[l.h(i)] = self.sp.h0[i];
            y[l.s(i)] = self.sp.s0[i];
        }
        // Pipelines at the steady state of their entry rates.
        let enrol = self.levers.enrolment.at(t0);
        let o = self.levers.order_class_share.at(t0);
        let stage = g.tau_v / 3.0;
        for (idx, inflow) in [
            (l.vo1(), o * enrol),
            (l.vo2(), o * enrol),
            (l.vo3(), o * enrol),
            (l.vg1(), (1.0 - o) * enrol),
            (l.vg2(), (1.0 - o) * enrol),
            (l.vg3(), (1.0 - o) * enrol),
        ] {
            y[idx] = inflow * stage;
        }
        y[l.up()] = self.levers.upskilling_output.at(t0) / g.y_u * g.tau_u;
        y[l.online()] = self.levers.online_places.at(t0) * g.tau_on;
        // Enclave: max(0, C − E)/τ·p = δ·E at the steady state.
        let seats = self.levers.enclave_seats.at(t0);
        let fill = g.p_acc_e / g.tau_fill_e;
        y[l.e()] = if fill + g.delta_e > 0.0 {
            seats * fill / (fill + g.delta_e)
        } else {
            0.0
        };
        y[l.q()] = g.pi_q * y[l.e()] * g.tau_inc;
        y[l.f()] = self.levers.flexible_target.at(t0) * g.p_acc_f;
        y[l.am()] = g.am0;
        y[l.amenity_index()] = 1.0;
        y[l.ap_h()] = g.am_h0;
        y[l.ap_s()] = g.am_s0;

        // References of this run that do not depend on the talent stocks.
        y[l.w_h()] = g.w_h;
        y[l.w_s()] = g.w_s0;
        self.refs.housing0 = self.levers.housing_cost.at(t0);
        self.refs.access0 = self.levers.accessibility.at(t0);
        let rederive = balance == Balance::Rederive;
        if rederive {
            // Arrival attractiveness at the start (T6 with AP_H = AM_H0).
            let subsidy_pay =
                self.levers.eligible_share.at(t0) * self.levers.subsidy.at(t0) / g.tau_serv;
            self.g.pay_ref = g.w_h + self.levers.allowance.at(t0);
            self.g.ap_arr0 =
                g.am_h0 * ((self.g.pay_ref + subsidy_pay) / self.g.pay_ref).powf(g.e_w);
            for i in 0..n {
                self.sp.exit_h[i] = 1.0;
                self.sp.exit_s[i] = 1.0;
            }
        }

        // One fixed point for the quantities that depend on each other at the start: recruits
        // Hn (their own balance given the hires), capacity K0 (value added grossed up for the
        // shortage, which depends on supply including Hn) and, when re-deriving, the exit
        // multipliers (which set desired hires) and the adequacy and peer-pool references.
        let mut aux = Aux::new(n);
        let mut change = f64::INFINITY;
        // Secant relaxation, one scalar per block: each sector's firm FTE F_i (D4) — its
        // recruits and deployed staff are all proportional to its hires — the public-service
        // stock and the candidate pool. `last` holds each block's value and target of the
        // previous sweep.
        let mut last: Option<Vec<(f64, f64)>> = None;
        for sweep in 0..INIT_MAX_SWEEPS {
            change = self.start_capacity(&mut y)?;
            if rederive {
                for i in 0..n {
                    self.sp.r_h_ref[i] = self.sec.r_h0[i];
                    self.sp.r_s_ref[i] = self.sec.r_s0[i];
                }
                self.reciprocals = Reciprocals::of(&self.g, &self.sp);
                self.g.cc0 = peer_pool(&l, &y, n);
            }
            self.eval(t0, &y, &mut aux);
            // Targets: every quantity at the balance of its flows in this evaluation.
            // The candidate pool that gives the 2024 market hires (BAL2).
            let cp0 = if rederive {
                self.candidate_pool_for(&aux)
            } else {
                self.g.cp0
            };
            // Public service at the level its hires and returns sustain, or at its 编制 ceiling
            // if that binds (where hires fill only what leaves).
            let all_offers = aux.quota_ent + aux.quota_pub;
            let rationed = if all_offers > aux.candidates && all_offers > 0.0 {
                aux.candidates / all_offers
            } else {
                1.0
            };
            let offered = (1.0 - aux.deployed) * aux.quota_pub * rationed * aux.p_acc;
            let ps_target =
                ((offered + aux.returns) / g.delta_ps).min(self.levers.ps_max.at(t0).max(0.0));
            // Per sector: recruits, matched and mismatched deployed staff.
            let targets: Vec<[f64; 3]> = (0..n)
                .map(|i| {
                    let inflow = aux.hire_q[i] + aux.hire_m[i] + aux.hire_sp[i] + aux.reloc[i];
                    let deployed = aux.hire_z[i];
                    [
                        inflow / (1.0 / g.tau_settle + aux.quit_n_rate[i] + g.g_h0),
                        aux.matching * deployed / (self.deployed_exit_rate(&aux, i) + g.g_h0),
                        (1.0 - aux.matching) * deployed
                            / (self.deployed_exit_rate(&aux, i) + 1.0 / g.tau_ret + g.g_h0),
                    ]
                })
                .collect();
            let fte = |hn: f64, hzm: f64, hzx: f64| g.rho_n * hn + hzm + g.rho_mis * hzx;
            let mut blocks: Vec<(f64, f64)> = (0..n)
                .map(|i| {
                    let [hn, hzm, hzx] = targets[i];
                    let now = fte(y[l.hn(i)], y[l.hzm(i)], y[l.hzx(i)]);
                    (now, fte(hn, hzm, hzx))
                })
                .collect();
            blocks.push((y[l.ps()], ps_target));
            blocks.push((self.g.cp0, cp0));
            // The weight of each block: 1/(1 − s) with the slope s of its target along its
            // value between the last two sweeps (the secant method on target − value, within
            // [1/1024, 1]; 1 in the first sweep, for a slope ≥ 1, or when the value did not
            // move). Hires fall as supply rises (through desired hires), steeply where the
            // programme quota covers all desired hires: deployed staff stay twenty years
            // (1/δ_z), so a plain step would overshoot many times over.
            let weights: Vec<f64> = blocks
                .iter()
                .enumerate()
                .map(|(b, &(value, target))| {
                    // Where the fixed point sits on a kink (a quota just covering the desired
                    // hires, market hires just capped) the secant slopes of neighbouring sectors
                    // keep switching; from then on a small fixed step contracts on both sides.
                    if sweep >= INIT_SECANT_SWEEPS {
                        return INIT_FALLBACK_WEIGHT;
                    }
                    let Some((old_value, old_target)) = last.as_ref().map(|v| v[b]) else {
                        return 1.0;
                    };
                    let moved = value - old_value;
                    if moved.abs() <= 1e-14 * value.abs().max(1.0) {
                        return 1.0;
                    }
                    let slope = (target - old_target) / moved;
                    if slope < 1.0 {
                        (1.0 / (1.0 - slope)).clamp(INIT_MIN_WEIGHT, 1.0)
                    } else {
                        1.0
                    }
                })
                .collect();
            let step = |old: f64, target: f64, weight: f64| old + weight * (target - old);
            if rederive {
                change = change.max(relative_change(self.g.cp0, cp0));
                self.g.cp0 = step(self.g.cp0, cp0, weights[n + 1]);
            }
            change = change.max(relative_change(y[l.ps()], ps_target));
            y[l.ps()] = step(y[l.ps()], ps_target, weights[n]);
            for i in 0..n {
                let weight = weights[i];
                let [hn, hzm, hzx] = targets[i];
                for (slot, target) in [(l.hn(i), hn), (l.hzm(i), hzm), (l.hzx(i), hzx)] {
                    change = change.max(relative_change(y[slot], target));
                    y[slot] = step(y[slot], target, weight);
                }
                if rederive {
                    let (c_h, c_s) = self.exit_multipliers(i, &y, &aux, hn / g.tau_settle)?;
                    change = change.max(relative_change(self.sp.exit_h[i], c_h));
                    change = change.max(relative_change(self.sp.exit_s[i], c_s));
                    self.sp.exit_h[i] = step(self.sp.exit_h[i], c_h, weight);
                    self.sp.exit_s[i] = step(self.sp.exit_s[i], c_s, weight);
                }
            }
            if change < INIT_TOLERANCE {
                break;
            }
            last = Some(blocks);
        }
        let unsettled = (0..n).any(|i| !y[l.hn(i)].is_finite());
        if change > INIT_ACCEPT || unsettled {
            return Err(StartError {
                key: "params.high_level".into(),
                message: format!(
                    "the start-year hiring rules give no steady number of recruits in their \
                        commitment period (relative change {change:.1e} after \
                        {INIT_MAX_SWEEPS} sweeps); check market_hires_2024 (at most the unmet \
                        desired hires), candidate_pool_ref, fill_time and the quit rates"
                ),
            });
        }
        self.start_capacity(&mut y)?;
        if rederive {
            // The references from the final start state (BAL1 once more).
            for i in 0..n {
                self.sp.r_h_ref[i] = self.sec.r_h0[i];
                self.sp.r_s_ref[i] = self.sec.r_s0[i];
            }
            self.reciprocals = Reciprocals::of(&self.g, &self.sp);
            self.g.cc0 = peer_pool(&l, &y, n);
            self.eval(t0, &y, &mut aux);
            self.g.gap_ref_h = aux.gap_ratio_h;
            self.g.gap_ref_s = aux.gap_ratio_s;
            // Market hires capped by the unmet desired hires cannot reach the 2024 value: no
            // candidate pool balances such a start.
            let market: f64 = aux.hire_m.iter().sum();
            if (market - g.hm0).abs() > 1e-6 * g.hm0.max(1.0) {
                return Err(StartError {
                    key: "params.high_level.market_hires_2024".into(),
                    message: format!(
                        "the start year cannot be balanced: firms want only {market:.1} market \
                            hires a year beyond the programmes (their unmet desired hires), not \
                            the {} given",
                        g.hm0
                    ),
                });
            }
            self.derive_upgrading(&y, &aux)?;
        }
        // The trend stock starts below GDP so that trend growth (GDP − P)/(P·τ_tr) starts at the
        // start year's growth, as a continuous rate (docs/model.md IN12).
        self.eval(t0, &y, &mut aux);
        y[l.p()] = aux.gdp / (1.0 + (1.0 + g.g0).ln() * g.tau_tr);
        self.refs.k_total0 = self.sec.k0.iter().sum();
        self.negative_floor = negative_floor(&l, &y);
        self.y0 = y;
        Ok(())
    }

    /// Capacity at the start from the current start state (IN2): per sector the K0 with
    /// K0·u0(K0) = Y_0, where u0 uses the adequacies at K0; sets K, the perceived adequacies
    /// (= the actual ones) and `sec.k0`, `sec.r_h0`, `sec.r_s0`. Returns the largest relative
    /// change of K0.
    fn start_capacity(&mut self, y: &mut [f64]) -> Result<f64, StartError> {
        let l = self.layout;
        let g = &self.g;
        let sp = &self.sp;
        let mut change: f64 = 0.0;
        for i in 0..l.n_sectors() {
            let supply_h = self.firm_fte(y, i)
                + g.eta_e * sp.alloc_e[i] * y[l.e()]
                + g.phi_f * sp.alloc_f[i] * y[l.f()];
            let supply_s = y[l.s(i)];
            let (theta_h, theta_s) = (sp.theta_h0[i], sp.theta_s0[i]);
            let (w_h, w_s) = (sp.w_h[i], sp.w_s[i]);
            // The capacity each category's supply can staff (∞ when it is not demanded).
            let staffed = |supply: f64, theta: f64| {
                if theta > 0.0 {
                    supply / theta
                } else {
                    f64::INFINITY
                }
            };
            let (a, b) = (staffed(supply_h, theta_h), staffed(supply_s, theta_s));
            let k0 = solve_capacity(sp.va0[i], a, w_h, b, w_s).ok_or_else(|| StartError {
                key: format!("sectors.{}.value_added_2024", self.sector_ids[i]),
                message: format!(
                    "no capacity gives the start-year value added {:.4} 亿元/yr with the \
                        start-year talent shortage (w_H + w_S = {:.3} leaves no share to \
                        general labour); lower weight_high or weight_skilled",
                    sp.va0[i],
                    w_h + w_s
                ),
            })?;
            change = change.max(relative_change(y[l.k(i)], k0));
            y[l.k(i)] = k0;
            self.sec.k0[i] = k0;
            self.sec.inv_posts0[i] = inverse(theta_h * k0);
            self.sec.r_h0[i] = equations::adequacy(supply_h, theta_h * k0);
            self.sec.r_s0[i] = equations::adequacy(supply_s, theta_s * k0);
            y[l.r_h(i)] = self.sec.r_h0[i];
            y[l.r_s(i)] = self.sec.r_s0[i];
        }
        self.refs.inv_posts0 = inverse(
            (0..l.n_sectors())
                .map(|i| sp.theta_h0[i] * self.sec.k0[i])
                .sum(),
        );
        Ok(change)
    }

    /// The candidate pool CP_H0 with which the market hires of an evaluation at the balanced
    /// start (CP_H = CP_H0, AP_arr = AP_arr,0) are the scenario's 2024 market hires HireM_0:
    /// market candidates HireM_0/(p_ch·Σ_i s_i·σ_i) plus those the programmes took (BAL2).
    /// Where a sector's market hires are capped by its unmet desired hires the pool found is a
    /// lower bound; IN8's convergence check then fails unless the hires are reachable.
    fn candidate_pool_for(&self, aux: &Aux) -> f64 {
        let n = self.layout.n_sectors();
        let unmet: Vec<f64> = (0..n)
            .map(|i| (aux.des[i] - aux.hire_q[i] - aux.hire_z[i] - aux.hire_sp[i]).max(0.0))
            .collect();
        let total: f64 = unmet.iter().sum();
        let reach: f64 = (0..n)
            .map(|i| {
                let share = if total > 0.0 {
                    unmet[i] / total
                } else {
                    1.0 / n as f64
                };
                share * aux.reach[i]
            })
            .sum::<f64>()
            * aux.p_choice;
        let market = if reach > 0.0 { self.g.hm0 / reach } else { 0.0 };
        // CP_H = CP_H0·(1 + E(x_HR)) at the balanced start (T6): the stored pool is without the
        // parks' widening.
        let widening = 1.0
            + equations::efficacy(
                equations::per_post(aux.hr_park, self.refs.inv_posts0),
                self.g.reach_max,
                self.g.reach_half,
            );
        (market + aux.offers_taken) / widening
    }

    /// The exit multipliers c_H, c_S of sector i that make its settled stocks grow at g_H0, g_S0
    /// given the start-year inflows (§3 of docs/model.md): c = (inflow − g·X)/(exit rate·X);
    /// 1 for an empty stock. `settle` is the settlement flow at the recruits' balance.
    fn exit_multipliers(
        &self,
        i: usize,
        y: &[f64],
        aux: &Aux,
        settle: f64,
    ) -> Result<(f64, f64), StartError> {
        let g = &self.g;
        let l = self.layout;
        let rate_h = aux.quit_rate_h[i] + 1.0 / g.tau_car;
        let rate_s = aux.quit_rate_s[i] + 1.0 / g.tau_ret_s;
        let multiplier = |stock: f64, inflow: f64, trend: f64, rate: f64| {
            if stock > 0.0 && rate > 0.0 {
                (inflow - trend * stock) / (rate * stock)
            } else {
                1.0
            }
        };
        let h = y[l.h(i)];
        let s = y[l.s(i)];
        let c_h = multiplier(h, settle + aux.promo[i], g.g_h0, rate_h);
        let inflow_s = aux.grad[i] + aux.up_in[i] + aux.hire_s[i] - aux.promo[i];
        let c_s = multiplier(s, inflow_s, g.g_s0, rate_s);
        let sector = &self.sector_ids[i];
        if c_h < 0.0 {
            return Err(StartError {
                key: format!("sectors.{sector}.high_level_2024"),
                message: format!(
                    "the start year cannot be balanced: settled high-level talent would need \
                        negative exits (implied exit rate {:.4}/yr) to grow at \
                        high_level_trend_2024 = {}; its inflows (settlements and promotions, \
                        {:.1} persons/yr) are too small for {:.0} persons",
                    c_h * rate_h,
                    g.g_h0,
                    settle + aux.promo[i],
                    h
                ),
            });
        }
        if c_s < 0.0 {
            return Err(StartError {
                key: format!("sectors.{sector}.skilled_2024"),
                message: format!(
                    "the start year cannot be balanced: skilled technicians would need negative \
                        exits (implied exit rate {:.4}/yr) to grow at skilled_trend_2024 = {}; \
                        their net inflows (graduates, upskilled, hires less promotions, {:.1} \
                        persons/yr) are too small for {:.0} persons",
                    c_s * rate_s,
                    g.g_s0,
                    inflow_s,
                    s
                ),
            });
        }
        Ok((c_h, c_s))
    }

    /// Obsolescence δ_A, the R&D upgrading v_RD and the R&D intensity reference x_RD0 of the
    /// balanced start (§7 of docs/model.md): with replacement investment only (Inv = δ_K·K) and
    /// new capacity at the frontier, R&D supplies the share φ_RD and embodiment the rest of the
    /// upgrading that offsets obsolescence.
    fn derive_upgrading(&mut self, y: &[f64], aux: &Aux) -> Result<(), StartError> {
        let l = self.layout;
        let g = &self.g;
        for i in 0..l.n_sectors() {
            let a0 = self.sp.a0[i];
            let embodiment = g.delta_k * (self.sp.a_front[i] - a0);
            let k0 = y[l.k(i)];
            let x0 = if k0 > 0.0 { aux.rd[i] / k0 } else { 0.0 };
            let sector = &self.sector_ids[i];
            if embodiment < 0.0 {
                return Err(StartError {
                    key: format!("sectors.{sector}.frontier_share"),
                    message: format!(
                        "the frontier share {} is below the start-year high-tech share {a0}: new \
                            capacity would lower the share, which no obsolescence rate can \
                            balance",
                        self.sp.a_front[i]
                    ),
                });
            }
            let delta_a = if embodiment == 0.0 {
                0.0
            } else if a0 > 0.0 {
                embodiment / ((1.0 - g.phi_rd) * a0)
            } else {
                return Err(StartError {
                    key: format!("sectors.{sector}.high_tech_share_2024"),
                    message: format!(
                        "a start-year high-tech share of 0 with a frontier share of {} cannot be \
                            at rest: new capacity raises the share and there is none to become \
                            obsolete; give a small positive start share",
                        self.sp.a_front[i]
                    ),
                });
            };
            self.sp.delta_a[i] = delta_a;
            // Without R&D labour or with A_0 = 1 the R&D channel is absent; embodiment alone
            // cannot balance then unless φ_RD = 0, so the share is carried by obsolescence.
            self.sp.v_rd[i] = if x0 > 0.0 && a0 < 1.0 {
                g.phi_rd * delta_a * a0
            } else {
                0.0
            };
            self.sp.x_rd0[i] = x0;
        }
        self.derive_upgrading_terms();
        Ok(())
    }

    /// Number of sectors.
    pub fn n_sectors(&self) -> usize {
        self.layout.n_sectors()
    }
}

/// The capacity K ≥ 0 with K·min(1, a/K)^w_a·min(1, b/K)^w_b = `target` (IN2), where a and b are
/// the capacities the start-year high-level and skilled supply can staff (∞ without demand).
/// The left side is continuous and non-decreasing in K, a power of K between the thresholds, so
/// the solution is closed-form in the first regime that reaches the target: K = target (no
/// shortage), then one category short, then both. None when no capacity reaches it (a category
/// with no supply and a positive weight, or weights adding to 1 or more with both short).
fn solve_capacity(target: f64, a: f64, w_a: f64, b: f64, w_b: f64) -> Option<f64> {
    if target <= 0.0 {
        return Some(0.0);
    }
    if target <= a.min(b) {
        return Some(target);
    }
    let ((c1, w1), (c2, w2)) = if a <= b {
        ((a, w_a), (b, w_b))
    } else {
        ((b, w_b), (a, w_a))
    };
    if c1 <= 0.0 && w1 > 0.0 {
        return None;
    }
    // Only the first category short: K^(1 − w1)·c1^w1 = target, valid up to c2.
    if w1 < 1.0 {
        let k = (target / c1.powf(w1)).powf(1.0 / (1.0 - w1));
        if k <= c2 {
            return Some(k);
        }
    }
    // Both short: K^(1 − w1 − w2)·c1^w1·c2^w2 = target.
    if !c2.is_finite() || (c2 <= 0.0 && w2 > 0.0) || w1 + w2 >= 1.0 {
        return None;
    }
    Some((target / (c1.powf(w1) * c2.powf(w2))).powf(1.0 / (1.0 - w1 - w2)))
}

/// The odds constant k = a0^e·(1 − r0)/r0 of a stay rate a^e/(a^e + k) that equals r0 at the
/// attractiveness a0 (0 when r0 ≥ 1; r0 = 0 is handled by the rate itself).
fn stay_odds(a0: f64, e: f64, r0: f64) -> f64 {
    if r0 >= 1.0 || r0 <= 0.0 {
        0.0
    } else {
        a0.powf(e) * (1.0 - r0) / r0
    }
}

/// Each sector's industry group as an index in order of first appearance.
fn group_indices(scenario: &Scenario) -> Vec<usize> {
    let mut names: Vec<&str> = Vec::new();
    scenario
        .sectors
        .iter()
        .map(|s| {
            names.iter().position(|g| *g == s.group).unwrap_or_else(|| {
                names.push(&s.group);
                names.len() - 1
            })
        })
        .collect()
}

fn relative_change(old: f64, new: f64) -> f64 {
    (new - old).abs() / new.abs().max(1.0)
}

/// Cc = Σ(H + Hn + Hzm + Hzx) + PS + E (T1).
fn peer_pool(l: &StateLayout, y: &[f64], n: usize) -> f64 {
    (0..n)
        .map(|i| y[l.h(i)] + y[l.hn(i)] + y[l.hzm(i)] + y[l.hzx(i)])
        .sum::<f64>()
        + y[l.ps()]
        + y[l.e()]
}

fn normalised_coupling(s: &Scenario) -> Vec<Normalisation> {
    use crate::scenario::schema::{Subsystem, COUPLING_INDICATORS};
    let total = |sub: Subsystem| -> f64 {
        COUPLING_INDICATORS
            .iter()
            .zip(&s.coupling)
            .filter(|(c, _)| c.2 == sub)
            .map(|(_, b)| b.weight)
            .sum()
    };
    let (wt, wi) = (total(Subsystem::Talent), total(Subsystem::Industry));
    COUPLING_INDICATORS
        .iter()
        .zip(&s.coupling)
        .map(|(c, b)| Normalisation {
            lower: b.lower,
            upper: b.upper,
            weight: b.weight / if c.2 == Subsystem::Talent { wt } else { wi },
        })
        .collect()
}

/// 1/x, or 0 when x is not positive (no posts: spending per post has no effect).
fn inverse(x: f64) -> f64 {
    if x > 0.0 {
        1.0 / x
    } else {
        0.0
    }
}
