//! The industry–talent model: compiled parameters, initial state, equations and indicators.
//!
//! This is the only module where the economics lives. [`Model::compile`] turns a validated
//! [`Scenario`] into flat arrays (no strings or maps on the hot path), derives the calibrated
//! constants (talent intensities θ, upgrading productivity κ, initial capacity) and the initial
//! state, in which pipelines, public-service talent, amenity, attractiveness and perceived adequacy
//! start at their steady state and recruits in the commitment period Hn start quasi-steady for the
//! hiring rules (docs/model.md, "Initialisation").
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
/// the values the scenario gives are in [`SectorParams`].
#[derive(Debug, Clone, PartialEq)]
pub struct SectorConsts {
    /// H_0 (person): settled high-level talent at the start (the scenario's, or the steady state
    /// with [`Initialisation::Equilibrium`]).
    pub h0: Vec<f64>,
    /// S_0 (person): skilled technicians at the start (as `h0`).
    pub s0: Vec<f64>,
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
    /// κ_i, upgrading productivity ((FTE per 亿元/yr)^-β per yr).
    pub kappa: Vec<f64>,
    /// Adequacy of the start year (the multipliers' reference): r_H0 (the scenario's, or the
    /// steady state's with [`Initialisation::Equilibrium`]).
    pub r_h_ref: Vec<f64>,
    /// r_S0, as `r_h_ref`.
    pub r_s_ref: Vec<f64>,
}

/// Values of the start year that attractiveness, acceptance and the amenity index are relative to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct References {
    /// Y_OT0 = GDP_0 − Σ Y_0: the residual economy in the start year (亿元/yr).
    pub y_ot0: f64,
    /// Cc_0: the peer pool Σ(H + Hn) + PS + E at the start (person).
    pub cc0: f64,
    /// PS_0: public-service talent at the start (person).
    pub ps0: f64,
    /// AP_arr0: arrival attractiveness at the start (1).
    pub ap_arr0: f64,
    /// Pay_0 = W_H + allowance at the start (万元/yr).
    pub pay0: f64,
    /// HC_0: housing-cost index at the start (1).
    pub housing0: f64,
    /// Acc_0: accessibility index at the start (1).
    pub access0: f64,
    /// Σ K_i(t0): the sectors' capacity at the start (亿元/yr), the scale of the plausibility
    /// bound on capacity.
    pub k_total0: f64,
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
    fn of(g: &Globals, sec: &SectorConsts) -> Self {
        let inverse = |v: &[f64]| v.iter().map(|x| 1.0 / x).collect();
        Reciprocals {
            tau_settle: 1.0 / g.tau_settle,
            tau_car: 1.0 / g.tau_car,
            tau_fill: 1.0 / g.tau_fill,
            tau_fill_s: 1.0 / g.tau_fill_s,
            tau_ret_s: 1.0 / g.tau_ret_s,
            tau_r: 1.0 / g.tau_r,
            r_h_ref: inverse(&sec.r_h_ref),
            r_s_ref: inverse(&sec.r_s_ref),
        }
    }
}

/// Largest number of fixed-point sweeps used to make Hn quasi-steady at the start.
const INIT_MAX_SWEEPS: usize = 500;
/// Relative change below which the start-year fixed point counts as converged.
const INIT_TOLERANCE: f64 = 1e-13;
/// Largest relative change accepted when the sweeps run out (rounding can stall just above
/// INIT_TOLERANCE); beyond it the start year has no steady state and compiling fails.
const INIT_ACCEPT: f64 = 1e-9;

impl Model {
    /// Compiles a validated scenario: resolves parameters, calibrates θ, κ and K0, and builds the
    /// initial state. Fails (with a scenario error) only when the start-year data are inconsistent.
    pub fn compile(scenario: &Scenario) -> Result<Model, ScenarioError> {
        Self::compile_with(scenario, Initialisation::Data)
    }

    /// Compiles with the talent stocks H and S at the steady state of the start-year rules
    /// instead of the scenario's values (for equilibrium tests and "what if 2024 were steady").
    pub fn compile_at_equilibrium(scenario: &Scenario) -> Result<Model, ScenarioError> {
        Self::compile_with(scenario, Initialisation::Equilibrium)
    }

    /// Compiles with the given initialisation of the talent stocks.
    pub fn compile_with(scenario: &Scenario, init: Initialisation) -> Result<Model, ScenarioError> {
        let n = scenario.sectors.len();
        let g = Globals::from_scenario(scenario);
        let levers = Levers::from_scenario(scenario);
        let t0 = scenario.time.start;
        let sp = SectorParams::from_scenario(scenario);
        let (va0, a0) = (&sp.va0, &sp.a0);
        let w_g: Vec<f64> = sp
            .w_h
            .iter()
            .zip(&sp.w_s)
            .map(|(a, b)| (1.0 - a - b).max(0.0))
            .collect();

        // Initial capacity: start-year value added grossed up for the shortage that idles capacity
        // (general labour is assumed adequate at the start; checked below).
        let k0: Vec<f64> = (0..n)
            .map(|i| {
                let u0 =
                    sp.r_h_ref[i].min(1.0).powf(sp.w_h[i]) * sp.r_s_ref[i].min(1.0).powf(sp.w_s[i]);
                va0[i] / u0
            })
            .collect();
        let lerp_base = |ratio: f64, a: f64| 1.0 + (ratio - 1.0) * a;
        let theta_lo_g: Vec<f64> = (0..n)
            .map(|i| sp.theta_g0[i] / lerp_base(g.ratio_g, a0[i]))
            .collect();

        let sec = SectorConsts {
            h0: sp.h0.clone(),
            s0: sp.s0.clone(),
            theta_lo_h: vec![0.0; n],
            theta_hi_h: vec![0.0; n],
            theta_lo_s: vec![0.0; n],
            theta_hi_s: vec![0.0; n],
            theta_hi_g: theta_lo_g.iter().map(|t| t * g.ratio_g).collect(),
            theta_lo_g,
            w_g,
            kappa: vec![0.0; n],
            r_h_ref: sp.r_h_ref.clone(),
            r_s_ref: sp.r_s_ref.clone(),
        };
        let y_ot0 = g.gdp0 - va0.iter().sum::<f64>();
        let a0 = a0.clone();
        let mut model = Model {
            layout: StateLayout::new(n),
            sector_ids: scenario.sectors.iter().map(|s| s.id.clone()).collect(),
            sector_names_zh: scenario.sectors.iter().map(|s| s.name_zh.clone()).collect(),
            manufacturing: scenario.sectors.iter().map(|s| s.manufacturing).collect(),
            t0,
            g,
            levers,
            sp,
            sec,
            refs: References {
                y_ot0,
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
        model.reciprocals = Reciprocals::of(&model.g, &model.sec);
        let mut issues = Vec::new();
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
            issues.push(issue(
                "params.economy.gdp_2024".into(),
                format!(
                    "the sectors' value added ({:.2} 亿元/yr) exceeds GDP ({:.2} 亿元/yr): the \
                        residual economy would be negative",
                    model.sp.va0.iter().sum::<f64>(),
                    model.g.gdp0
                ),
            ));
        }
        let demand_g: f64 = (0..n)
            .map(|i| model.sec.theta_lo_g[i] * lerp_base(model.g.ratio_g, a0[i]) * k0[i])
            .sum();
        let lf0 = model.g.pop0 * model.g.s_wa * model.g.lfpr;
        if demand_g > lf0 {
            issues.push(issue(
                "sectors.*.general_intensity_2024".into(),
                format!(
                    "general-labour demand in the start year ({demand_g:.0} persons) exceeds \
                    the labour force ({lf0:.0}); lower the intensities or check population, \
                        working-age share and participation"
                ),
            ));
        }
        if !issues.is_empty() {
            return Err(ScenarioError { issues });
        }
        if let Err(message) = model.initialise(&k0, init) {
            return Err(ScenarioError {
                issues: vec![issue("params.high_level".into(), message)],
            });
        }
        Ok(model)
    }

    /// Builds the initial state and the start-year references (docs/model.md, "Initialisation").
    fn initialise(&mut self, k0: &[f64], init: Initialisation) -> Result<(), String> {
        let n = self.layout.n_sectors();
        let l = self.layout;
        let g = self.g.clone();
        let t0 = self.t0;
        let mut y = vec![0.0; l.len()];
        for i in 0..n {
            y[l.k(i)] = k0[i];
            y[l.a(i)] = self.sp.a0[i];
            y[l.h(i)] = self.sec.h0[i];
            y[l.s(i)] = self.sec.s0[i];
            y[l.r_h(i)] = self.sec.r_h_ref[i];
            y[l.r_s(i)] = self.sec.r_s_ref[i];
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
        y[l.p()] = g.gdp0;

        // References that do not depend on the talent stocks.
        self.refs.pay0 = g.w_h + self.levers.allowance.at(t0);
        self.refs.housing0 = self.levers.housing_cost.at(t0);
        self.refs.access0 = self.levers.accessibility.at(t0);
        let subsidy_pay =
            self.levers.eligible_share.at(t0) * self.levers.subsidy.at(t0) / g.tau_serv;
        self.refs.ap_arr0 = g.am_h0 * ((self.refs.pay0 + subsidy_pay) / self.refs.pay0).powf(g.e_w);
        let hire_ps0 = (1.0 - self.levers.deployed_share.at(t0))
            * self.levers.quota_public.at(t0)
            * g.p_fill0.min(1.0);
        y[l.ps()] = hire_ps0 / g.delta_ps;
        self.refs.ps0 = y[l.ps()];

        // Fixed point for Hn (quasi-steady for the hiring rules), θ_H (calibrated on supply incl.
        // Hn) and the peer pool Cc0 (which includes Hn).
        let mut aux = Aux::new(n);
        let residual = self.settle_recruits(&mut y, &mut aux, true);
        let unsettled = |y: &[f64]| (0..n).any(|i| !y[l.hn(i)].is_finite());
        if residual > INIT_ACCEPT || unsettled(&y) {
            return Err(format!(
                "the start-year hiring rules give no steady number of recruits in their commitment \
                    period (relative change {residual:.1e} after {INIT_MAX_SWEEPS} sweeps); check \
                        market_hiring_reach, market_acceptance_2024, fill_time and the quit rates"
            ));
        }
        if init == Initialisation::Equilibrium {
            // With θ fixed by the start-year data, move H and S (and Hn) to the steady state of
            // the start-year rules; the adequacy found there becomes the reference of the
            // investment multipliers, so capacity is steady too.
            for _ in 0..INIT_MAX_SWEEPS {
                self.refs.cc0 = peer_pool(&l, &y, n);
                self.eval(t0, &y, &mut aux);
                let xi = aux.service;
                let mut change: f64 = 0.0;
                for i in 0..n {
                    let station = aux.station[i];
                    let quit_h = g.delta_h0 * aux.departure_h * (1.0 - xi) / station;
                    let h = (aux.settle[i] + aux.promo[i]) / (quit_h + 1.0 / g.tau_car);
                    let promo_rate = aux.promo[i] / y[l.s(i)].max(f64::MIN_POSITIVE);
                    let quit_s = g.delta_s0 * aux.departure_s / station;
                    let s = (aux.grad[i] + aux.up_in[i] + aux.hire_s[i])
                        / (quit_s + 1.0 / g.tau_ret_s + promo_rate);
                    change = change.max(relative_change(y[l.h(i)], h));
                    change = change.max(relative_change(y[l.s(i)], s));
                    y[l.h(i)] = h;
                    y[l.s(i)] = s;
                }
                change = change.max(self.settle_recruits(&mut y, &mut aux, false));
                if change < INIT_TOLERANCE {
                    break;
                }
            }
            self.eval(t0, &y, &mut aux);
            for i in 0..n {
                self.sec.r_h_ref[i] = aux.r_h[i];
                self.sec.r_s_ref[i] = aux.r_s[i];
                y[l.r_h(i)] = aux.r_h[i];
                y[l.r_s(i)] = aux.r_s[i];
                self.sec.h0[i] = y[l.h(i)];
                self.sec.s0[i] = y[l.s(i)];
            }
            self.reciprocals = Reciprocals::of(&self.g, &self.sec);
        }
        self.refs.cc0 = peer_pool(&l, &y, n);
        // κ: at the start, knowledge production offsets obsolescence (A would stay flat without
        // new capacity); the share rises through investment at the frontier (docs/model.md eq. U1).
        self.eval(t0, &y, &mut aux);
        for i in 0..n {
            let a = self.sp.a0[i];
            let intensity = aux.rd[i] / k0[i];
            self.sec.kappa[i] = if intensity > 0.0 && a < 1.0 {
                g.delta_a * a / (intensity.powf(g.beta) * (1.0 - a))
            } else {
                0.0
            };
        }
        // The trend stock starts below GDP so that trend growth (GDP − P)/(P·τ_tr) starts at the
        // start year's growth, as a continuous rate (docs/model.md IN12).
        y[l.p()] = aux.gdp / (1.0 + (1.0 + g.g0).ln() * g.tau_tr);
        self.refs.k_total0 = k0.iter().sum();
        self.negative_floor = negative_floor(&l, &y);
        self.y0 = y;
        Ok(())
    }

    /// Sets Hn to the quasi-steady state of the hiring rules (inflow / outflow rate), iterating
    /// with θ (which depends on supply including Hn) when `calibrate` is set. Returns the last
    /// relative change.
    fn settle_recruits(&mut self, y: &mut [f64], aux: &mut Aux, calibrate: bool) -> f64 {
        let l = self.layout;
        let mut change: f64 = 0.0;
        let mut previous = f64::INFINITY;
        // Plain fixed-point steps while they contract; hires fall as Hn rises (through desired
        // hires), so with strong market hiring the plain step overshoots and oscillates — then
        // the rest of the iteration is damped.
        let mut weight = 1.0;
        for _ in 0..INIT_MAX_SWEEPS {
            if calibrate {
                self.calibrate_theta(y);
            }
            self.refs.cc0 = peer_pool(&l, y, l.n_sectors());
            self.eval(self.t0, y, aux);
            change = 0.0;
            for i in 0..l.n_sectors() {
                let inflow = aux.hire_q[i] + aux.hire_m[i] + aux.reloc[i];
                let target = inflow / (1.0 / self.g.tau_settle + aux.quit_n_rate[i]);
                change = change.max(relative_change(y[l.hn(i)], target));
                y[l.hn(i)] = (1.0 - weight) * y[l.hn(i)] + weight * target;
            }
            if change < INIT_TOLERANCE {
                break;
            }
            if change >= previous {
                weight = 0.5;
            }
            previous = change;
        }
        if calibrate {
            self.calibrate_theta(y);
        }
        change
    }

    /// θ_H and θ_S calibrated so that demand at A0 equals start-year supply / start-year adequacy.
    fn calibrate_theta(&mut self, y: &[f64]) {
        let l = self.layout;
        let m_eff = self.matching_effectiveness(self.t0);
        let productivity = self.g.rho_n * (m_eff + (1.0 - m_eff) * self.g.rho_mis);
        for i in 0..l.n_sectors() {
            let supply = y[l.h(i)]
                + productivity * y[l.hn(i)]
                + self.g.eta_e * self.sp.alloc_e[i] * y[l.e()]
                + self.g.phi_f * self.sp.alloc_f[i] * y[l.f()];
            let k = y[l.k(i)];
            let theta_a0 = if k > 0.0 {
                supply / (self.sec.r_h_ref[i] * k)
            } else {
                0.0
            };
            self.sec.theta_lo_h[i] = theta_a0 / (1.0 + (self.g.ratio_h - 1.0) * self.sp.a0[i]);
            self.sec.theta_hi_h[i] = self.sec.theta_lo_h[i] * self.g.ratio_h;
            let theta_s_a0 = if k > 0.0 {
                y[l.s(i)] / (self.sec.r_s_ref[i] * k)
            } else {
                0.0
            };
            self.sec.theta_lo_s[i] = theta_s_a0 / (1.0 + (self.g.ratio_s - 1.0) * self.sp.a0[i]);
            self.sec.theta_hi_s[i] = self.sec.theta_lo_s[i] * self.g.ratio_s;
        }
    }

    /// Number of sectors.
    pub fn n_sectors(&self) -> usize {
        self.layout.n_sectors()
    }
}

/// How the talent stocks H and S start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Initialisation {
    /// From the scenario's start-year values (the default).
    Data,
    /// At the steady state of the start-year hiring, training and quit rules.
    Equilibrium,
}

fn relative_change(old: f64, new: f64) -> f64 {
    (new - old).abs() / new.abs().max(1.0)
}

/// Cc = Σ(H + Hn) + PS + E.
fn peer_pool(l: &StateLayout, y: &[f64], n: usize) -> f64 {
    (0..n).map(|i| y[l.h(i)] + y[l.hn(i)]).sum::<f64>() + y[l.ps()] + y[l.e()]
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
