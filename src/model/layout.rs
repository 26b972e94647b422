//! State layout: where each stock lives in the state vector `y`.
//!
//! Per-sector stocks are contiguous blocks of length n (`K[0..n]`, `A[0..n]`, …); city-wide stocks
//! and accumulators follow. Each slot is declared once below (name, unit, zh and en label); code
//! reaches the state only through these offsets, so adding a stock is a change in one place.

use super::indicator_registry::{ind, IndicatorDef};

/// Declaration of one slot of the state vector: name (as in docs/model.md and error messages),
/// unit, Chinese and English label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StockDef {
    /// Name, e.g. `Hn` or `cost_subsidy`.
    pub name: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// Chinese label.
    pub zh: &'static str,
    /// English label.
    pub en: &'static str,
}

const fn stock(
    name: &'static str,
    unit: &'static str,
    zh: &'static str,
    en: &'static str,
) -> StockDef {
    StockDef { name, unit, zh, en }
}

/// Per-sector stock blocks, in order.
pub const SECTOR_STOCKS: [StockDef; 9] = [
    stock("K", "亿元/yr", "产能", "capacity"),
    stock("A", "1", "高新技术占比", "high-tech share"),
    stock(
        "Hn",
        "person",
        "服务期内引进人才",
        "recruits in their commitment period",
    ),
    stock("H", "person", "稳定高层次人才", "settled high-level talent"),
    stock("S", "person", "技能人才", "skilled technicians"),
    stock(
        "r_H_perceived",
        "1",
        "感知高层次人才充足率",
        "perceived high-level adequacy",
    ),
    stock(
        "r_S_perceived",
        "1",
        "感知技能人才充足率",
        "perceived skilled adequacy",
    ),
    stock(
        "Hzm",
        "person",
        "政招企用人岗匹配人员",
        "deployed 编制 staff, matched",
    ),
    stock(
        "Hzx",
        "person",
        "政招企用错配人员",
        "deployed 编制 staff, mismatched",
    ),
];

/// City-wide stocks, in order.
pub const CITY_STOCKS: [StockDef; 19] = [
    stock(
        "Vo1",
        "person",
        "订单班在读（一阶）",
        "order classes, stage 1",
    ),
    stock(
        "Vo2",
        "person",
        "订单班在读（二阶）",
        "order classes, stage 2",
    ),
    stock(
        "Vo3",
        "person",
        "订单班在读（三阶）",
        "order classes, stage 3",
    ),
    stock(
        "Vg1",
        "person",
        "普通职教在读（一阶）",
        "general vocational, stage 1",
    ),
    stock(
        "Vg2",
        "person",
        "普通职教在读（二阶）",
        "general vocational, stage 2",
    ),
    stock(
        "Vg3",
        "person",
        "普通职教在读（三阶）",
        "general vocational, stage 3",
    ),
    stock("Up", "person", "在训技能提升学员", "upskilling trainees"),
    stock(
        "PS",
        "person",
        "事业单位高层次人才",
        "public-service high-level talent",
    ),
    stock("E", "person", "飞地研发人员", "enclave researchers"),
    stock("Q", "project", "孵化中项目", "projects incubating"),
    stock("F", "person", "柔性引才合同", "flexible contracts"),
    stock("Am", "亿元", "人才配套设施资本", "amenity capital"),
    stock("N", "1", "公共服务指数", "amenity index"),
    stock(
        "AP_H",
        "1",
        "感知吸引力（高层次）",
        "perceived attractiveness, high-level",
    ),
    stock(
        "AP_S",
        "1",
        "感知吸引力（技能）",
        "perceived attractiveness, skilled",
    ),
    stock("P", "亿元/yr", "GDP趋势值", "GDP trend"),
    stock(
        "W_H",
        "万元/yr",
        "高层次人才企业薪酬",
        "firm pay, high-level",
    ),
    stock("W_S", "万元/yr", "技能人才薪酬", "pay, skilled technicians"),
    stock(
        "Uon",
        "person",
        "云上大学城在训学员",
        "online upskilling trainees",
    ),
];

/// Fiscal cost programmes: the first accumulators, each the integral of one spending line
/// (docs/model.md C1–C15). Each is declared once, as its indicator in the indicator registry (name,
/// unit, labels); a lever's cost line in the parameter registry names one of these.
pub const COSTS: [&IndicatorDef; acc::N_COSTS] = [
    ind::COST_SUBSIDY,
    ind::COST_ENCLAVE,
    ind::COST_TRAINING,
    ind::COST_FLEXIBLE,
    ind::COST_AMENITY,
    ind::COST_SERVICE,
    ind::COST_ALLOWANCE,
    ind::COST_RENT,
    ind::COST_STATIONS,
    ind::COST_PLATFORM,
    ind::COST_HR_PARK,
    ind::COST_PROGRAMMES,
    ind::COST_SALARIES,
    ind::COST_PUBLIC_SERVICE,
    ind::COST_PARTNER,
];

/// Integrals of flows for calendar-year statistics, after the costs. They are not stocks of the
/// model: they feed nothing back, and the equilibrium test excludes them.
pub const INTEGRALS: [StockDef; 9] = [
    stock("cum_gdp", "亿元", "累计GDP", "cumulative GDP"),
    stock(
        "cum_manufacturing_va",
        "亿元",
        "累计制造业增加值",
        "cumulative manufacturing VA",
    ),
    stock(
        "cum_hires_programme_public",
        "person",
        "累计计划与事业单位引进",
        "cumulative programme and public hires",
    ),
    stock(
        "cum_hires_market",
        "person",
        "累计市场化引进",
        "cumulative market hires",
    ),
    stock(
        "cum_promotions",
        "person",
        "累计技能人才晋升",
        "cumulative promotions",
    ),
    stock(
        "cum_relocations",
        "person",
        "累计团队随迁",
        "cumulative relocations",
    ),
    stock(
        "cum_landed_capacity",
        "亿元/yr",
        "累计落地产能",
        "cumulative landed capacity",
    ),
    stock(
        "cum_landed_projects",
        "project",
        "累计落地项目",
        "cumulative landed projects",
    ),
    stock(
        "cum_high_tech_manufacturing_va",
        "亿元",
        "累计高新技术制造业增加值",
        "cumulative high-tech manufacturing VA",
    ),
];

/// Number of accumulators (costs, then integrals).
pub const N_ACCUMULATORS: usize = COSTS.len() + INTEGRALS.len();

/// The name of accumulator `k` (costs first, then integrals).
pub fn accumulator_name(k: usize) -> &'static str {
    if k < COSTS.len() {
        COSTS[k].variable
    } else {
        INTEGRALS[k - COSTS.len()].name
    }
}

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
    pub const fn new(n: usize) -> Self {
        StateLayout { n }
    }

    /// Number of sectors.
    pub const fn n_sectors(&self) -> usize {
        self.n
    }

    /// Length of the state vector.
    pub const fn len(&self) -> usize {
        SECTOR_STOCKS.len() * self.n + CITY_STOCKS.len() + N_ACCUMULATORS
    }

    /// Whether the layout is empty (never: there is always a city block).
    pub fn is_empty(&self) -> bool {
        false
    }

    /// First index of the accumulators; everything before is a model stock.
    pub const fn accumulators_start(&self) -> usize {
        SECTOR_STOCKS.len() * self.n + CITY_STOCKS.len()
    }

    sector_block!(
        k = 0,
        a = 1,
        hn = 2,
        h = 3,
        s = 4,
        r_h = 5,
        r_s = 6,
        hzm = 7,
        hzx = 8
    );
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
        w_h = 16,
        w_s = 17,
        online = 18,
    );

    /// Index of accumulator `k` (see [`accumulator_name`]).
    #[inline]
    pub fn acc(&self, k: usize) -> usize {
        self.accumulators_start() + k
    }

    /// Human-readable name of slot `index`, e.g. `K[energy_chem]` or `PS`.
    pub fn slot_name(&self, index: usize, sector_ids: &[String]) -> String {
        let sector_len = SECTOR_STOCKS.len() * self.n;
        if index < sector_len {
            let (block, i) = (index / self.n, index % self.n);
            format!("{}[{}]", SECTOR_STOCKS[block].name, sector_ids[i])
        } else if index < self.accumulators_start() {
            CITY_STOCKS[index - sector_len].name.to_string()
        } else {
            accumulator_name(index - self.accumulators_start()).to_string()
        }
    }
}

/// Indices of the accumulators ([`COSTS`], then [`INTEGRALS`]).
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
    /// Recurring allowances.
    pub const COST_ALLOWANCE: usize = 6;
    /// Rent subsidies to recruits.
    pub const COST_RENT: usize = 7;
    /// 人才驿站 of all sectors.
    pub const COST_STATIONS: usize = 8;
    /// Innovation platforms.
    pub const COST_PLATFORM: usize = 9;
    /// HR-service parks.
    pub const COST_HR_PARK: usize = 10;
    /// Sector programmes (their subsidies and research funds).
    pub const COST_PROGRAMMES: usize = 11;
    /// Public salaries of 编制 posts.
    pub const COST_SALARIES: usize = 12;
    /// Public-service capacity above 2024.
    pub const COST_PUBLIC_SERVICE: usize = 13;
    /// Partner-region projects.
    pub const COST_PARTNER: usize = 14;
    /// Number of cost programmes (the first accumulators).
    pub const N_COSTS: usize = 15;
    /// ∫GDP dt.
    pub const GDP: usize = N_COSTS;
    /// ∫ manufacturing value added dt.
    pub const MANUFACTURING_VA: usize = N_COSTS + 1;
    /// ∫ (programme + public-service) hires dt.
    pub const HIRES_PROGRAMME_PUBLIC: usize = N_COSTS + 2;
    /// ∫ market hires dt.
    pub const HIRES_MARKET: usize = N_COSTS + 3;
    /// ∫ promotions dt.
    pub const PROMOTIONS: usize = N_COSTS + 4;
    /// ∫ relocations dt.
    pub const RELOCATIONS: usize = N_COSTS + 5;
    /// ∫ landed capacity dt.
    pub const LANDED_CAPACITY: usize = N_COSTS + 6;
    /// ∫ landed projects dt.
    pub const LANDED_PROJECTS: usize = N_COSTS + 7;
    /// ∫ Σ_{i∈𝓜} A_i·Y_i dt, the high-tech part of manufacturing value added.
    pub const HIGH_TECH_MANUFACTURING_VA: usize = N_COSTS + 8;
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
                layout.hzm(i),
                layout.hzx(i),
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
            layout.w_h(),
            layout.w_s(),
            layout.online(),
        ] {
            assert!(!seen[idx]);
            seen[idx] = true;
        }
        for k in 0..N_ACCUMULATORS {
            assert!(!seen[layout.acc(k)]);
            seen[layout.acc(k)] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }
}
