//! The scenario schema: every parameter the model reads, with its unit, allowed range and meaning.
//!
//! This table is the single source of truth for validation, the assumption register (`talentloop
//! params`) and docs/scenarios.md. A scenario file must give every parameter listed here with
//! `value`, `unit` (exactly the unit below) and `source`; the model reads them by key after
//! validation, so a typo can never silently fall back to a default.

/// How a parameter may vary over simulated time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variation {
    /// A single number (structural parameter or initial value).
    Constant,
    /// A lever or exogenous driver: a number or a time path (step, ramp, table).
    TimePath,
}

/// Definition of one parameter.
#[derive(Debug, Clone, Copy)]
pub struct ParamDef {
    /// Key inside its group (global) or inside a `[[sectors]]` entry.
    pub key: &'static str,
    /// The model symbol, as in docs/model.md.
    pub symbol: &'static str,
    /// Unit the value must be given in.
    pub unit: &'static str,
    /// Smallest allowed value (inclusive).
    pub min: f64,
    /// Largest allowed value (inclusive).
    pub max: f64,
    /// Whether a time path is allowed.
    pub variation: Variation,
    /// One-line meaning.
    pub doc: &'static str,
}

const INF: f64 = f64::INFINITY;

macro_rules! p {
    ($key:literal, $sym:literal, $unit:literal, $min:expr, $max:expr, $var:ident, $doc:literal) => {
        ParamDef {
            key: $key,
            symbol: $sym,
            unit: $unit,
            min: $min,
            max: $max,
            variation: Variation::$var,
            doc: $doc,
        }
    };
}

/// A group of global parameters (one TOML table under `[params]`).
#[derive(Debug, Clone, Copy)]
pub struct ParamGroup {
    /// Table name, e.g. `economy` for `[params.economy]`.
    pub name: &'static str,
    /// The parameters of the group.
    pub params: &'static [ParamDef],
}

/// Global parameter groups, in the order they are documented.
pub const GROUPS: &[ParamGroup] = &[
    ParamGroup {
        name: "economy",
        params: &[
            p!("gdp_2024", "GDP_0", "亿元/yr", 1.0, INF, Constant, "GDP in the start year at constant 2024 prices"),
            p!("population_2024", "Pop_0", "person", 1.0, INF, Constant, "resident population in the start year"),
            p!("population_growth", "g_Pop", "1/yr", -0.2, 0.2, Constant, "continuous growth rate of the resident population"),
            p!("working_age_share", "s_wa", "1", 0.0, 1.0, Constant, "share of residents aged 15-59"),
            p!("participation_rate", "lfpr", "1", 0.0, 1.0, Constant, "labour-force participation of the working-age population"),
            p!("residual_growth", "g_OT", "1/yr", -0.5, 0.5, Constant, "growth rate of the residual economy Y_OT (construction, public administration, other services)"),
            p!("depreciation", "δ_K", "1/yr", 0.0, 1.0, Constant, "capacity depreciation rate"),
            p!("competitiveness_elasticity", "e_A", "1", 0.0, 5.0, Constant, "elasticity of investment to technology relative to competitors"),
            p!("competitor_upgrading", "g_A", "1/yr", -0.5, 0.5, Constant, "growth rate of competitors' technology intensity"),
            p!("trend_time", "τ_tr", "yr", 0.01, 50.0, Constant, "averaging time of the GDP trend stock P"),
            p!("gdp_growth_2024", "g_0", "1/yr", -0.5, 0.5, Constant, "annual GDP growth in the start year (sets the trend stock's start so trend growth starts there)"),
        ],
    },
    ParamGroup {
        name: "upgrading",
        params: &[
            p!("rd_elasticity", "β", "1", 0.0, 1.0, Constant, "elasticity of upgrading to R&D talent per unit capacity"),
            p!("rd_share", "λ_RD", "1", 0.0, 1.0, Constant, "share of high-level talent doing technical or R&D work"),
            p!("obsolescence", "δ_A", "1/yr", 0.0, 1.0, Constant, "relative obsolescence of technology intensity"),
            p!("embodiment_exponent", "e_emb", "1", 0.0, 10.0, Constant, "how strongly a high-level shortage keeps new capacity from the frontier"),
            p!("project_high_tech_share", "A_proj", "1", 0.0, 1.0, Constant, "technology intensity of capacity landed from the enclave"),
        ],
    },
    ParamGroup {
        name: "demand",
        params: &[
            p!("intensity_ratio_high", "R_H", "1", 0.01, 100.0, Constant, "high-level talent per unit capacity, high-tech vs conventional"),
            p!("intensity_ratio_skilled", "R_S", "1", 0.01, 100.0, Constant, "skilled technicians per unit capacity, high-tech vs conventional"),
            p!("intensity_ratio_general", "R_G", "1", 0.01, 100.0, Constant, "general labour per unit capacity, high-tech vs conventional"),
            p!("productivity_drift_high", "π_H", "1/yr", -0.2, 0.2, Constant, "drift of high-level talent per unit capacity"),
            p!("productivity_drift_skilled", "π_S", "1/yr", -0.2, 0.2, Constant, "drift of skilled technicians per unit capacity"),
            p!("productivity_drift_general", "π_G", "1/yr", -0.2, 0.2, Constant, "drift of general labour per unit capacity"),
            p!("adequacy_perception_time", "τ_r", "yr", 0.01, 20.0, Constant, "time for firms to perceive talent adequacy"),
        ],
    },
    ParamGroup {
        name: "high_level",
        params: &[
            p!("recruit_productivity", "ρ_n", "1", 0.0, 1.0, Constant, "productivity of a recruit in the commitment period relative to settled staff"),
            p!("mismatch_productivity", "ρ_mis", "1", 0.0, 1.0, Constant, "productivity of a mismatched 政招企用 hire"),
            p!("mismatch_quit_factor", "k_mis", "1", 1.0, 20.0, Constant, "quit rate of mismatched hires relative to matched ones"),
            p!("settling_time", "τ_settle", "yr", 0.1, 20.0, Constant, "service-commitment (settling) period of new recruits"),
            p!("fill_time", "τ_fill", "yr", 0.05, 20.0, Constant, "time firms aim to close a high-level gap in"),
            p!("quit_rate_settled", "δ_H0", "1/yr", 0.0, 1.0, Constant, "quit rate of settled staff at attractiveness 1"),
            p!("quit_rate_new", "δ_n0", "1/yr", 0.0, 2.0, Constant, "quit rate of recruits at attractiveness 1"),
            p!("career_length", "τ_car", "yr", 1.0, 60.0, Constant, "average remaining career (retirement outflow H/τ_car)"),
            p!("promotion_rate", "p_promo", "1/yr", 0.0, 0.2, Constant, "promotion rate of skilled technicians to high-level"),
            p!("market_hiring_reach", "μ_M", "1", 0.0, 1.0, Constant, "share of unmet desired hires firms pursue on the market"),
            p!("market_acceptance_2024", "p_M0", "1", 0.0, 1.0, Constant, "success rate of market recruiting at the 2024 attractiveness"),
            p!("programme_acceptance_2024", "p_fill0", "1", 0.0, 1.0, Constant, "share of programme offers accepted at the 2024 attractiveness"),
            p!("acceptance_elasticity", "e_acc", "1", 0.0, 10.0, Constant, "elasticity of acceptance to arrival attractiveness"),
            p!("wage", "W_H", "万元/yr", 0.1, INF, Constant, "annual pay of high-level talent in Bazhong"),
            p!("bond_strength", "β_bond", "1", 0.0, 5.0, Constant, "quit reduction per unit subsidy-to-pay ratio during the commitment period"),
            p!("subsidy_instalment_years", "τ_serv", "yr", 0.1, 20.0, Constant, "years over which the settling subsidy is paid out"),
            p!("team_relocation_share", "ρ_team", "1", 0.0, 1.0, Constant, "share of a landed project's high-level team that relocates"),
        ],
    },
    ParamGroup {
        name: "public_service",
        params: &[p!("attrition", "δ_PS", "1/yr", 0.001, 1.0, Constant, "outflow rate of public-service talent")],
    },
    ParamGroup {
        name: "attractiveness",
        params: &[
            p!("high_level_2024", "AM_H0", "1", 0.01, 10.0, Constant, "attractiveness of Bazhong to high-level talent relative to 成都 in 2024"),
            p!("skilled_2024", "AM_S0", "1", 0.01, 10.0, Constant, "attractiveness to skilled technicians relative to 成都 in 2024"),
            p!("wage_elasticity", "e_w", "1", 0.0, 10.0, Constant, "elasticity of attractiveness to pay"),
            p!("housing_elasticity", "e_hc", "1", 0.0, 10.0, Constant, "elasticity of attractiveness to the housing-cost index"),
            p!("peer_elasticity", "e_c", "1", 0.0, 10.0, Constant, "elasticity of attractiveness to the peer pool Cc"),
            p!("amenity_elasticity", "e_N", "1", 0.0, 10.0, Constant, "elasticity of high-level attractiveness to the amenity index N"),
            p!("amenity_elasticity_skilled", "e_NS", "1", 0.0, 10.0, Constant, "elasticity of skilled attractiveness to N"),
            p!("access_elasticity", "e_X", "1", 0.0, 10.0, Constant, "elasticity of attractiveness to accessibility"),
            p!("perception_time", "τ_perc", "yr", 0.01, 30.0, Constant, "time for talent to perceive a change in attractiveness"),
        ],
    },
    ParamGroup {
        name: "skilled",
        params: &[
            p!("vocational_yield", "y_V", "1", 0.0, 1.0, Constant, "share of vocational entrants who graduate"),
            p!("vocational_duration", "τ_V", "yr", 0.1, 10.0, Constant, "total delay of the vocational pipelines (third order)"),
            p!("order_class_stay", "r_o", "1", 0.0, 1.0, Constant, "share of order-class graduates who stay in Bazhong"),
            p!("general_stay", "r_gen", "1", 0.0, 1.0, Constant, "share of general vocational graduates who stay"),
            p!("upskilling_yield", "y_U", "1", 0.01, 1.0, Constant, "share of upskilling trainees who reach 高级工"),
            p!("upskilling_duration", "τ_U", "yr", 0.05, 10.0, Constant, "duration of in-service upskilling"),
            p!("fill_time", "τ_fillS", "yr", 0.05, 20.0, Constant, "time firms aim to close a skilled gap in"),
            p!("external_pool", "HS_cap", "person/yr", 0.0, INF, Constant, "skilled workers hireable from outside per year (returnees, other cities)"),
            p!("external_acceptance_2024", "p_S0", "1", 0.0, 1.0, Constant, "acceptance of skilled offers at the 2024 attractiveness"),
            p!("quit_rate", "δ_S0", "1/yr", 0.0, 1.0, Constant, "quit rate of skilled technicians at attractiveness 1"),
            p!("career_length", "τ_retS", "yr", 1.0, 60.0, Constant, "average remaining career of skilled technicians"),
        ],
    },
    ParamGroup {
        name: "enclave",
        params: &[
            p!("remote_efficiency", "η_E", "1", 0.0, 1.0, Constant, "FTE contributed by one enclave researcher to Bazhong firms"),
            p!("fill_time", "τ_fillE", "yr", 0.05, 20.0, Constant, "time to fill vacant enclave seats"),
            p!("acceptance", "p_accE", "1", 0.0, 1.0, Constant, "acceptance of enclave positions (located in 成都/重庆)"),
            p!("close_time", "τ_close", "yr", 0.05, 20.0, Constant, "time to shed researchers above the seat capacity"),
            p!("attrition", "δ_E", "1/yr", 0.0, 2.0, Constant, "turnover of enclave researchers"),
            p!("projects_per_researcher", "π_Q", "project/(person·yr)", 0.0, 10.0, Constant, "projects started per researcher-year"),
            p!("incubation_time", "τ_inc", "yr", 0.1, 20.0, Constant, "average incubation time of a project"),
            p!("capacity_per_project", "y_proj", "亿元/(yr·project)", 0.0, 100.0, Constant, "capacity a landed project adds (value added per year, per project)"),
        ],
    },
    ParamGroup {
        name: "flexible",
        params: &[
            p!("fte_per_contract", "φ_F", "1", 0.0, 1.0, Constant, "FTE contributed by one flexible contract (周末工程师 ≈ one day a week)"),
            p!("acceptance", "p_accF", "1", 0.0, 1.0, Constant, "share of the contract target that can be signed"),
            p!("contract_time", "τ_c", "yr", 0.05, 20.0, Constant, "time to sign or end contracts"),
        ],
    },
    ParamGroup {
        name: "amenity",
        params: &[
            p!("capital_2024", "Am_0", "亿元", 0.01, INF, Constant, "amenity capital (talent apartments, schools, clinics, culture) in 2024"),
            p!("lifetime", "τ_Am", "yr", 0.5, 100.0, Constant, "average life of amenity capital"),
            p!("public_service_elasticity", "a_1", "1", 0.0, 5.0, Constant, "elasticity of the amenity index to public-service talent"),
            p!("capital_elasticity", "a_2", "1", 0.0, 5.0, Constant, "elasticity of the amenity index to amenity capital"),
            p!("adjustment_time", "τ_N", "yr", 0.05, 30.0, Constant, "time for the amenity index to follow its indicated value"),
        ],
    },
    ParamGroup {
        name: "costs",
        params: &[
            p!("enclave_seat", "c_E", "万元/(person·yr)", 0.0, INF, Constant, "annual cost of one enclave seat"),
            p!("upskilling_place", "c_T", "万元/person", 0.0, INF, Constant, "public cost per upskilling trainee"),
            p!("order_class_place", "c_o", "万元/person", 0.0, INF, Constant, "public cost per order-class entrant"),
            p!("flexible_contract", "c_F", "万元/(person·yr)", 0.0, INF, Constant, "annual cost of one flexible contract"),
            p!("service_system", "c_ξ", "亿元/yr", 0.0, INF, Constant, "annual cost of the talent-service system at service quality 1"),
        ],
    },
    ParamGroup {
        name: "levers",
        params: &[
            p!("housing_subsidy", "S_H", "万元/person", 0.0, 1000.0, TimePath, "安家补助 per eligible hire (博士/正高)"),
            p!("eligible_share", "e_el", "1", 0.0, 1.0, TimePath, "share of high-level hires eligible for the subsidy"),
            p!("quota_enterprise", "Q_ent", "person/yr", 0.0, 1.0e5, TimePath, "enterprise recruitment quota"),
            p!("quota_public", "Q_pub", "person/yr", 0.0, 1.0e5, TimePath, "public-institution (事业单位) recruitment quota"),
            p!("deployed_share", "z", "1", 0.0, 1.0, TimePath, "政招企用: share of the public quota working in firms"),
            p!("matching_efficiency", "m", "1", 0.0, 1.0, TimePath, "share of 政招企用 hires matched to their post"),
            p!("service_quality", "ξ", "1", 0.0, 0.9, TimePath, "talent-service quality (人才服务专员, 一站式服务): cuts quits by this share"),
            p!("amenity_investment", "ΔI_Am", "亿元/yr", 0.0, 1000.0, TimePath, "extra amenity investment (人才公寓, schooling, 医疗绿色通道)"),
            p!("enclave_seats", "C_E", "person", 0.0, 1.0e5, TimePath, "科创飞地 seats in 成都/重庆"),
            p!("landing_probability", "p_land", "1", 0.0, 1.0, TimePath, "share of incubated projects that land in Bazhong (产业飞地 readiness)"),
            p!("upskilling_output", "UpOut*", "person/yr", 0.0, 1.0e6, TimePath, "planned 高级工以上 output of in-service upskilling"),
            p!("order_class_share", "o", "1", 0.0, 1.0, TimePath, "share of vocational entrants in order classes (订单班, 产业学院)"),
            p!("vocational_enrolment", "Enrol", "person/yr", 0.0, 1.0e6, TimePath, "vocational entrants per year"),
            p!("flexible_target", "F_target", "person", 0.0, 1.0e5, TimePath, "flexible-talent contracts sought (周末工程师, 顾问)"),
            p!("platform_multiplier", "M_plat", "1", 0.0, 10.0, TimePath, "effect of platforms (产业技术研究院) on promotions"),
            p!("housing_cost_index", "HC", "1", 0.05, 20.0, TimePath, "housing cost faced by talent (1 = 2024; 人才公寓 lower it)"),
            p!("accessibility_index", "Acc", "1", 0.05, 20.0, TimePath, "accessibility to 成都/重庆 (1 = 2024)"),
            p!("allowance", "allow", "万元/yr", 0.0, 1000.0, TimePath, "recurring allowances paid to high-level talent"),
        ],
    },
];

/// Parameters every `[[sectors]]` entry must give.
pub const SECTOR_PARAMS: &[ParamDef] = &[
    p!(
        "value_added_2024",
        "Y_0",
        "亿元/yr",
        0.0,
        INF,
        Constant,
        "value added in the start year"
    ),
    p!(
        "high_tech_share_2024",
        "A_0",
        "1",
        0.0,
        1.0,
        Constant,
        "high-tech share of value added in the start year"
    ),
    p!(
        "frontier_share",
        "A_front",
        "1",
        0.0,
        1.0,
        Constant,
        "high-tech share embodied in new capacity when talent suffices"
    ),
    p!(
        "market_growth",
        "g",
        "1/yr",
        -0.5,
        1.0,
        TimePath,
        "observed capacity growth when talent is adequate"
    ),
    p!(
        "high_level_2024",
        "H_0",
        "person",
        0.0,
        INF,
        Constant,
        "settled high-level talent in the start year"
    ),
    p!(
        "skilled_2024",
        "S_0",
        "person",
        0.0,
        INF,
        Constant,
        "skilled technicians in the start year"
    ),
    p!(
        "adequacy_high_2024",
        "r_H0",
        "1",
        0.01,
        5.0,
        Constant,
        "high-level supply / demand in the start year"
    ),
    p!(
        "adequacy_skilled_2024",
        "r_S0",
        "1",
        0.01,
        5.0,
        Constant,
        "skilled supply / demand in the start year"
    ),
    p!(
        "general_intensity_2024",
        "θ_G0",
        "person/(亿元/yr)",
        0.0,
        INF,
        Constant,
        "general labour per unit capacity in the start year"
    ),
    p!(
        "weight_high",
        "w_H",
        "1",
        0.0,
        1.0,
        Constant,
        "output weight of high-level talent (w_G = 1 - w_H - w_S)"
    ),
    p!(
        "weight_skilled",
        "w_S",
        "1",
        0.0,
        1.0,
        Constant,
        "output weight of skilled technicians"
    ),
    p!(
        "priority",
        "ω",
        "1",
        0.0,
        100.0,
        TimePath,
        "weight in the rationing of programme hires (专项计划)"
    ),
    p!(
        "talent_station",
        "σ_st",
        "1",
        0.1,
        10.0,
        TimePath,
        "人才驿站 multiplier on market hires and (inverse) on quits"
    ),
    p!(
        "enclave_share",
        "allocE",
        "1",
        0.0,
        1.0,
        Constant,
        "share of enclave researchers working for this sector"
    ),
    p!(
        "flexible_share",
        "allocF",
        "1",
        0.0,
        1.0,
        Constant,
        "share of flexible contracts in this sector"
    ),
    p!(
        "project_share",
        "allocQ",
        "1",
        0.0,
        1.0,
        Constant,
        "share of enclave projects that would land in this sector"
    ),
    p!(
        "order_class_target",
        "allocO",
        "1",
        0.0,
        1.0,
        Constant,
        "share of order-class graduates trained for this sector"
    ),
];

/// Lookup tables (graphical functions) a scenario must give under `[lookups.<name>]`.
pub const LOOKUPS: &[(&str, &str, &str)] = &[
    (
        "investment_high_level",
        "L_H",
        "investment multiplier vs perceived high-level adequacy relative to 2024 (1 at x = 1)",
    ),
    (
        "investment_skilled",
        "L_S",
        "investment multiplier vs perceived skilled adequacy relative to 2024 (1 at x = 1)",
    ),
];

/// Normalisation bounds of the coupling-coordination indicators, under `[coupling.<name>]`.
/// (name, unit, subsystem, meaning)
pub const COUPLING_INDICATORS: &[(&str, &str, Subsystem, &str)] = &[
    (
        "high_level_density",
        "person/万人",
        Subsystem::Talent,
        "high-level talent (firms + public + enclave) per 10,000 residents",
    ),
    (
        "skilled_density",
        "person/万人",
        Subsystem::Talent,
        "skilled technicians per 10,000 residents",
    ),
    (
        "fill_rate_high",
        "1",
        Subsystem::Talent,
        "fill rate of high-level demand",
    ),
    (
        "fill_rate_skilled",
        "1",
        Subsystem::Talent,
        "fill rate of skilled demand",
    ),
    (
        "retention_3y",
        "1",
        Subsystem::Talent,
        "3-year cohort retention of recruits",
    ),
    (
        "gdp_per_capita",
        "万元/person",
        Subsystem::Industry,
        "GDP per resident",
    ),
    (
        "high_tech_share",
        "1",
        Subsystem::Industry,
        "high-tech share of manufacturing value added",
    ),
    (
        "manufacturing_share",
        "1",
        Subsystem::Industry,
        "manufacturing share of GDP",
    ),
];

/// Which subsystem a coupling indicator belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subsystem {
    /// U1, talent.
    Talent,
    /// U2, industry.
    Industry,
}

/// Every valid dotted path, for did-you-mean suggestions.
pub fn all_global_keys() -> impl Iterator<Item = String> {
    GROUPS.iter().flat_map(|g| {
        g.params
            .iter()
            .map(move |p| format!("params.{}.{}", g.name, p.key))
    })
}
