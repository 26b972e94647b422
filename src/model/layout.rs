//! State layout: where each stock lives in the state vector `y`.
//!
//! Per-sector stocks are contiguous blocks of length n (`K[0..n]`, `A[0..n]`, …); city-wide stocks
//! and accumulators follow. Code reaches the state only through these offsets, so adding a stock is
//! a change in one place.

/// Per-sector stock blocks, in order.
pub const SECTOR_STOCKS: [(&str, &str); 7] = [
    ("K", "亿元/yr"),
    ("A", "1"),
    ("Hn", "person"),
    ("H", "person"),
    ("S", "person"),
    ("r_H_perceived", "1"),
    ("r_S_perceived", "1"),
];

/// City-wide stocks, in order.
pub const CITY_STOCKS: [(&str, &str); 16] = [
    ("Vo1", "person"),
    ("Vo2", "person"),
    ("Vo3", "person"),
    ("Vg1", "person"),
    ("Vg2", "person"),
    ("Vg3", "person"),
    ("Up", "person"),
    ("PS", "person"),
    ("E", "person"),
    ("Q", "project"),
    ("F", "person"),
    ("Am", "亿元"),
    ("N", "1"),
    ("AP_H", "1"),
    ("AP_S", "1"),
    ("P", "亿元/yr"),
];

/// Accumulators (integrals of flows, used for costs and calendar-year statistics). They are not
/// stocks of the model: they feed nothing back, and the equilibrium test excludes them.
pub const ACCUMULATORS: [(&str, &str); 14] = [
    ("cost_subsidy", "亿元"),
    ("cost_enclave", "亿元"),
    ("cost_training", "亿元"),
    ("cost_flexible", "亿元"),
    ("cost_amenity", "亿元"),
    ("cost_service", "亿元"),
    ("cum_gdp", "亿元"),
    ("cum_manufacturing_va", "亿元"),
    ("cum_hires_programme_public", "person"),
    ("cum_hires_market", "person"),
    ("cum_promotions", "person"),
    ("cum_relocations", "person"),
    ("cum_landed_capacity", "亿元/yr"),
    ("cum_landed_projects", "project"),
];

/// Offsets into the state vector for a model with `n` sectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateLayout {
    n: usize,
}

macro_rules! sector_block {
    ($($name:ident = $block:expr),* $(,)?) => {
        $(
            #[doc = concat!("Index of stock `", stringify!($name), "` of sector `i`.")]
            #[inline]
            pub fn $name(&self, i: usize) -> usize {
                $block * self.n + i
            }
        )*
    };
}

macro_rules! city_slot {
    ($($name:ident = $slot:expr),* $(,)?) => {
        $(
            #[doc = concat!("Index of city-wide stock `", stringify!($name), "`.")]
            #[inline]
            pub fn $name(&self) -> usize {
                SECTOR_STOCKS.len() * self.n + $slot
            }
        )*
    };
}

impl StateLayout {
    /// Layout for `n` sectors.
    pub fn new(n: usize) -> Self {
        StateLayout { n }
    }

    /// Number of sectors.
    pub fn n_sectors(&self) -> usize {
        self.n
    }

    /// Length of the state vector.
    pub fn len(&self) -> usize {
        SECTOR_STOCKS.len() * self.n + CITY_STOCKS.len() + ACCUMULATORS.len()
    }

    /// Whether the layout is empty (never: there is always a city block).
    pub fn is_empty(&self) -> bool {
        false
    }

    /// First index of the accumulators; everything before is a model stock.
    pub fn accumulators_start(&self) -> usize {
        SECTOR_STOCKS.len() * self.n + CITY_STOCKS.len()
    }

    sector_block!(k = 0, a = 1, hn = 2, h = 3, s = 4, r_h = 5, r_s = 6);
    city_slot!(
        vo1 = 0,
        vo2 = 1,
        vo3 = 2,
        vg1 = 3,
        vg2 = 4,
        vg3 = 5,
        up = 6,
        ps = 7,
        e = 8,
        q = 9,
        f = 10,
        am = 11,
        amenity_index = 12,
        ap_h = 13,
        ap_s = 14,
        p = 15,
    );

    /// Index of accumulator `k` of [`ACCUMULATORS`].
    #[inline]
    pub fn acc(&self, k: usize) -> usize {
        self.accumulators_start() + k
    }

    /// Human-readable name of slot `index`, e.g. `K[energy_chem]` or `PS`.
    pub fn slot_name(&self, index: usize, sector_ids: &[String]) -> String {
        let sector_len = SECTOR_STOCKS.len() * self.n;
        if index < sector_len {
            let (block, i) = (index / self.n, index % self.n);
            format!("{}[{}]", SECTOR_STOCKS[block].0, sector_ids[i])
        } else if index < self.accumulators_start() {
            CITY_STOCKS[index - sector_len].0.to_string()
        } else {
            ACCUMULATORS[index - self.accumulators_start()]
                .0
                .to_string()
        }
    }
}

/// Indices into [`ACCUMULATORS`].
pub mod acc {
    /// Subsidy spending.
    pub const COST_SUBSIDY: usize = 0;
    /// Enclave seats.
    pub const COST_ENCLAVE: usize = 1;
    /// Upskilling and order classes.
    pub const COST_TRAINING: usize = 2;
    /// Flexible contracts.
    pub const COST_FLEXIBLE: usize = 3;
    /// Extra amenity investment.
    pub const COST_AMENITY: usize = 4;
    /// Talent-service system.
    pub const COST_SERVICE: usize = 5;
    /// Number of cost programmes (the first accumulators).
    pub const N_COSTS: usize = 6;
    /// ∫GDP dt.
    pub const GDP: usize = 6;
    /// ∫ manufacturing value added dt.
    pub const MANUFACTURING_VA: usize = 7;
    /// ∫ (programme + public-service) hires dt.
    pub const HIRES_PROGRAMME_PUBLIC: usize = 8;
    /// ∫ market hires dt.
    pub const HIRES_MARKET: usize = 9;
    /// ∫ promotions dt.
    pub const PROMOTIONS: usize = 10;
    /// ∫ relocations dt.
    pub const RELOCATIONS: usize = 11;
    /// ∫ landed capacity dt.
    pub const LANDED_CAPACITY: usize = 12;
    /// ∫ landed projects dt.
    pub const LANDED_PROJECTS: usize = 13;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_distinct_and_cover_the_vector() {
        let layout = StateLayout::new(3);
        let mut seen = vec![false; layout.len()];
        for i in 0..3 {
            for idx in [
                layout.k(i),
                layout.a(i),
                layout.hn(i),
                layout.h(i),
                layout.s(i),
                layout.r_h(i),
                layout.r_s(i),
            ] {
                assert!(!seen[idx]);
                seen[idx] = true;
            }
        }
        for idx in [
            layout.vo1(),
            layout.vo2(),
            layout.vo3(),
            layout.vg1(),
            layout.vg2(),
            layout.vg3(),
            layout.up(),
            layout.ps(),
            layout.e(),
            layout.q(),
            layout.f(),
            layout.am(),
            layout.amenity_index(),
            layout.ap_h(),
            layout.ap_s(),
            layout.p(),
        ] {
            assert!(!seen[idx]);
            seen[idx] = true;
        }
        for k in 0..ACCUMULATORS.len() {
            assert!(!seen[layout.acc(k)]);
            seen[layout.acc(k)] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }
}
