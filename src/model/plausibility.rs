//! The model's own reality check: bounds that no state of Bazhong can exceed, derived from the
//! model itself, checked by the solver after every segment and at every reporting row. A state
//! outside them is an error (`implausible`), never a result file.
//!
//! The bounds (docs/model.md §8, "Plausibility"):
//! - everyone the model counts as working in Bazhong — settled high-level staff and recruits in
//!   firms, deployed 编制 staff, public-service talent, skilled technicians and in-service
//!   upskilling trainees — is at
//!   most the labour force
//!   LF(t) = Pop(t)·s_wa·lfpr (enclave researchers work in 成都/重庆 and are not counted);
//! - the high-tech share of each sector is within [0, 1];
//! - each sector's capacity, and their total, is at most [`CAPACITY_MULTIPLE`] times the ten
//!   sectors' total capacity at the start;
//! - perceived attractiveness and the amenity index stay below [`INDEX_CEILING`] (they start at
//!   their 2024 values, around 1).

use super::Model;

/// Largest multiple of the start-year total capacity a sector (or all of them) may reach.
/// Bazhong's value added growing fiftyfold within a projection horizon has no precedent in any
/// Chinese city; a run that gets there has left the model's domain.
pub const CAPACITY_MULTIPLE: f64 = 50.0;

/// Upper bound of the relative indices (attractiveness, amenity), which start near 1.
pub const INDEX_CEILING: f64 = 1.0e3;

/// Rounding allowed beyond a bound of [0, 1] (a share may reach 1 + 1e-9 through rounding).
const SHARE_ROUNDING: f64 = 1e-9;

/// A state outside the plausibility bounds: the variable, its value and the bound.
#[derive(Debug, Clone, PartialEq)]
pub struct Implausible {
    /// The variable, e.g. `talent working in Bazhong (H + Hn + PS + S)` or `A[food_bev]`.
    pub variable: String,
    /// Its value.
    pub value: f64,
    /// The bound it crossed, in words with its value.
    pub bound: String,
}

impl Model {
    /// The labour force LF(t) = Pop0·e^{g_Pop (t − t0)}·s_wa·lfpr (eq. L2).
    pub fn labour_force(&self, t: f64) -> f64 {
        self.g.pop0 * (self.g.g_pop * (t - self.t0)).exp() * self.g.s_wa * self.g.lfpr
    }

    /// Checks the state `y` at time `t` against the plausibility bounds.
    pub fn check_plausible(&self, t: f64, y: &[f64]) -> Result<(), Implausible> {
        let l = self.layout;
        let n = l.n_sectors();
        // Sector stocks are contiguous blocks of n: sum and scan them as slices.
        let block = |first: usize| &y[first..first + n];
        let sum = |first: usize| block(first).iter().sum::<f64>();
        // In-service upskilling trainees are workers too: a million trainees a year cannot come
        // from a labour force of about one million, even when surplus quits keep S small.
        let working = sum(l.h(0))
            + sum(l.hn(0))
            + sum(l.hzm(0))
            + sum(l.hzx(0))
            + sum(l.s(0))
            + y[l.ps()]
            + y[l.up()];
        let labour_force = self.labour_force(t);
        if working > labour_force {
            return Err(Implausible {
                variable: "talent working or training in Bazhong (Σ H + Σ Hn + Σ Hz + Σ S + PS + \
                    Up)"
                .into(),
                value: working,
                bound: format!("the labour force Pop·s_wa·lfpr = {labour_force:.0} persons"),
            });
        }
        let shares = block(l.a(0));
        let (low, high) = shares
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &a| {
                (lo.min(a), hi.max(a))
            });
        if low < -SHARE_ROUNDING || high > 1.0 + SHARE_ROUNDING {
            let i = shares
                .iter()
                .position(|&a| !(-SHARE_ROUNDING..=1.0 + SHARE_ROUNDING).contains(&a))
                .unwrap_or(0);
            return Err(Implausible {
                variable: format!("A[{}] (high-tech share)", self.sector_ids[i]),
                value: shares[i],
                bound: "a share in [0, 1]".into(),
            });
        }
        let ceiling = CAPACITY_MULTIPLE * self.refs.k_total0;
        let capacity = block(l.k(0));
        let total: f64 = capacity.iter().sum();
        if total > ceiling {
            // The total is at least each sector's (capacities are not negative): name the sector
            // if one alone is beyond the bound.
            let (what, value) = match capacity.iter().position(|&k| k > ceiling) {
                Some(i) => (format!("K[{}] (capacity)", self.sector_ids[i]), capacity[i]),
                None => ("Σ K (capacity of the sectors)".to_string(), total),
            };
            return Err(Implausible {
                variable: what,
                value,
                bound: format!(
                    "{CAPACITY_MULTIPLE} × the sectors' start capacity = {ceiling:.1} 亿元/yr"
                ),
            });
        }
        for (slot, name) in [
            (l.ap_h(), "AP_H (perceived attractiveness, high-level)"),
            (l.ap_s(), "AP_S (perceived attractiveness, skilled)"),
            (l.amenity_index(), "N (amenity index)"),
        ] {
            if y[slot] > INDEX_CEILING {
                return Err(Implausible {
                    variable: name.into(),
                    value: y[slot],
                    bound: format!("{INDEX_CEILING} (a relative index that starts near 1)"),
                });
            }
        }
        Ok(())
    }
}
