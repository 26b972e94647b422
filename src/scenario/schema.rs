//! The scenario schema: the parameter registry (every parameter the model reads, declared once
//! with its unit, range, role, labels and meaning), the lookups and the coupling indicators.
//!
//! The registry rows are the single source of truth for validation, the compiled model structs,
//! the assumption register (`talentloop params`), addressing and docs/scenarios.md. A scenario file
//! must give every parameter listed here with `value`, `unit` (exactly the unit below) and
//! `source`; the model reads them by position after validation, so a typo can never silently fall
//! back to a default.

use super::registry::{compiled_value, param_def, registry, value_type};
pub use super::registry::{Control, Cost, MeasureGroup, ParamDef, ParamGroup, Role, Variation};

// Every parameter has a finite upper bound. Where no source bounds a value (start-year stocks,
// unit costs, pay), the bound is a sanity limit far outside anything Bazhong or any Chinese city
// has (GDP ≤ 10⁵ 亿元 against 成都's 2.4·10⁴; population ≤ 10⁸): it refuses a typo such as 1e300,
// it does not constrain a plausible scenario.
// The registry: one row per parameter (see [`super::registry`] for what each column means).
registry! {
  constants {
    economy {
        gdp0 = "gdp_2024", "GDP_0", "亿元/yr", [1.0, 1.0e5], Constant, Initial,
            "2024年地区生产总值", "GDP in 2024 (constant 2024 prices)",
            "GDP in the start year at constant 2024 prices";
        pop0 = "population_2024", "Pop_0", "person", [1.0, 1.0e8], Constant, Initial,
            "2024年常住人口", "resident population in 2024",
            "resident population in the start year";
        g_pop = "population_growth", "g_Pop", "1/yr", [-0.2, 0.2], Constant, Driver,
            "常住人口年增长率", "resident population growth rate",
            "continuous growth rate of the resident population";
        s_wa = "working_age_share", "s_wa", "1", [0.0, 1.0], Constant, Initial,
            "劳动年龄人口占比", "working-age (15-59) share of residents",
            "share of residents aged 15-59";
        lfpr = "participation_rate", "lfpr", "1", [0.0, 1.0], Constant, Initial,
            "劳动参与率", "labour-force participation rate",
            "labour-force participation of the working-age population";
        g_ot = "residual_growth", "g_OT", "1/yr", [-0.5, 0.5], Constant, Driver,
            "其他经济部门增速", "growth of the rest of the economy",
            "growth rate of the residual economy Y_OT (construction, public administration, other \
                services)";
        delta_k = "depreciation", "δ_K", "1/yr", [0.0, 1.0], Constant, Structural,
            "产能折旧率", "capacity depreciation rate",
            "capacity depreciation rate";
        e_a = "competitiveness_elasticity", "e_A", "1", [0.0, 5.0], Constant, Behaviour,
            "投资对技术竞争力弹性", "investment elasticity to relative technology",
            "elasticity of investment to technology relative to competitors";
        g_a = "competitor_upgrading", "g_A", "1/yr", [-0.5, 0.5], Constant, Driver,
            "竞争地区技术升级速度", "competitors' technology upgrading rate",
            "growth rate of competitors' technology intensity";
        tau_tr = "trend_time", "τ_tr", "yr", [0.01, 50.0], Constant, Structural,
            "经济趋势平滑时间", "GDP trend averaging time",
            "averaging time of the GDP trend stock P";
        g0 = "gdp_growth_2024", "g_0", "1/yr", [-0.5, 0.5], Constant, Initial,
            "2024年地区生产总值增速", "GDP growth in 2024",
            "annual GDP growth in the start year (sets the trend stock's start so trend growth \
                starts there)";
    }
    upgrading {
        beta = "rd_elasticity", "β", "1", [0.0, 1.0], Constant, Behaviour,
            "产业升级对研发人才弹性", "elasticity of upgrading to R&D talent",
            "elasticity of upgrading to R&D talent per unit capacity";
        lambda_rd = "rd_share", "λ_RD", "1", [0.0, 1.0], Constant, Structural,
            "高层次人才中研发人员占比", "share of high-level talent doing R&D",
            "share of high-level talent doing technical or R&D work";
        phi_rd = "rd_share_of_upgrading", "φ_RD", "1", [0.0, 0.99], Constant, Behaviour,
            "研发对产业升级贡献份额", "share of start-year upgrading from own R&D",
            "share of the start-year upgrading that offsets obsolescence supplied by own R&D (the \
                rest by investment at the frontier); used by the balance step";
        e_emb = "embodiment_exponent", "e_emb", "1", [0.0, 10.0], Constant, Behaviour,
            "人才短缺对新产能升级制约", "drag of talent shortage on new capacity",
            "how strongly a high-level shortage keeps new capacity from the frontier";
        a_proj = "project_high_tech_share", "A_proj", "1", [0.0, 1.0], Constant, Efficacy,
            "飞地落地项目高新技术占比", "high-tech share of landed enclave projects",
            "technology intensity of capacity landed from the enclave";
    }
    demand {
        ratio_h = "intensity_ratio_high", "R_H", "1", [0.01, 100.0], Constant, Structural,
            "高新与传统高层次人才密度比", "high-tech/conventional ratio, high-level",
            "high-level talent per unit capacity, high-tech vs conventional";
        ratio_s = "intensity_ratio_skilled", "R_S", "1", [0.01, 100.0], Constant, Structural,
            "高新与传统技能人才密度比", "high-tech/conventional ratio, skilled",
            "skilled technicians per unit capacity, high-tech vs conventional";
        ratio_g = "intensity_ratio_general", "R_G", "1", [0.01, 100.0], Constant, Structural,
            "高新与传统普工密度比", "high-tech/conventional ratio, general labour",
            "general labour per unit capacity, high-tech vs conventional";
        pi_h = "productivity_drift_high", "π_H", "1/yr", [-0.2, 0.2], Constant, Driver,
            "高层次人才需求密度年变化", "yearly drift of high-level talent intensity",
            "drift of high-level talent per unit capacity";
        pi_s = "productivity_drift_skilled", "π_S", "1/yr", [-0.2, 0.2], Constant, Driver,
            "技能人才需求密度年变化", "yearly drift of skilled talent intensity",
            "drift of skilled technicians per unit capacity";
        pi_g = "productivity_drift_general", "π_G", "1/yr", [-0.2, 0.2], Constant, Driver,
            "普工需求密度年变化", "yearly drift of general labour intensity",
            "drift of general labour per unit capacity";
        tau_r = "adequacy_perception_time", "τ_r", "yr", [0.01, 20.0], Constant, Behaviour,
            "企业感知人才充足度时间", "time for firms to perceive talent adequacy",
            "time for firms to perceive talent adequacy";
    }
    high_level {
        rho_n = "recruit_productivity", "ρ_n", "1", [0.0, 1.0], Constant, Behaviour,
            "服务期内人才相对效能", "productivity of recruits vs settled staff",
            "productivity of a recruit in the commitment period relative to settled staff";
        rho_mis = "mismatch_productivity", "ρ_mis", "1", [0.0, 1.0], Constant, Efficacy,
            "政招企用错配人员效能", "productivity of mismatched deployed hires",
            "productivity of a mismatched 政招企用 hire";
        delta_z = "deployed_attrition", "δ_z", "1/yr", [0.0, 1.0], Constant, Behaviour,
            "政招企用人员流出率", "outflow rate of deployed 编制 staff",
            "outflow rate of 政招企用 staff working in firms (they keep 编制: like public service)";
        tau_ret = "mismatch_return_time", "τ_ret", "yr", [0.1, 50.0], Constant, Behaviour,
            "错配人员回流事业单位时间", "time for mismatched deployed staff to return",
            "average time after which a mismatched 政招企用 hire returns to a public-service post";
        tau_settle = "settling_time", "τ_settle", "yr", [0.1, 20.0], Constant, Structural,
            "新引进人才服务期", "service-commitment period of recruits",
            "service-commitment (settling) period of new recruits";
        tau_fill = "fill_time", "τ_fill", "yr", [0.05, 20.0], Constant, Behaviour,
            "高层次人才缺口填补时间", "time firms aim to close a high-level gap in",
            "time firms aim to close a high-level gap in";
        delta_h0 = "quit_rate_settled", "δ_H0", "1/yr", [0.0, 1.0], Constant, Behaviour,
            "稳定期人才基准离职率", "base quit rate of settled high-level staff",
            "quit rate of settled staff at attractiveness 1";
        delta_n0 = "quit_rate_new", "δ_n0", "1/yr", [0.0, 2.0], Constant, Behaviour,
            "服务期内人才基准离职率", "base quit rate of recruits",
            "quit rate of recruits at attractiveness 1";
        g_h0 = "high_level_trend_2024", "g_H0", "1/yr", [-0.5, 0.5], Constant, Initial,
            "2024年企业高层次人才增速", "growth of firms' high-level talent in 2024",
            "growth rate of the firms' high-level stocks at the start (the balance step derives \
                exits so that H and Hn grow at it)";
        tau_car = "career_length", "τ_car", "yr", [1.0, 60.0], Constant, Structural,
            "高层次人才剩余职业年限", "remaining career of high-level talent",
            "average remaining career (retirement outflow H/τ_car)";
        p_promo = "promotion_rate", "p_promo", "1/yr", [0.0, 0.2], Constant, Behaviour,
            "技能人才晋升高层次比率", "promotion rate, skilled to high-level",
            "promotion rate of skilled technicians to high-level";
        hm0 = "market_hires_2024", "HireM_0", "person/yr", [0.0, 1.0e5], Constant, Initial,
            "2024年企业市场化引才人数", "firms' market hires of high-level talent, 2024",
            "high-level talent firms hired on the market (outside the programmes) in 2024; the \
                balance step sizes the candidate pool to it";
        e_cp = "pool_peer_elasticity", "e_cp", "1", [0.0, 10.0], Constant, Behaviour,
            "候选人才规模对人才集聚弹性", "elasticity of the candidate pool to the peer pool",
            "elasticity of the number of candidates weighing Bazhong to its peer pool of talent";
        e_pool = "pool_attractiveness_elasticity", "e_pool", "1", [0.0, 10.0], Constant,
            Behaviour,
            "候选人才规模对吸引力弹性", "elasticity of the candidate pool to attractiveness",
            "elasticity of the number of candidates weighing Bazhong to its arrival \
                attractiveness";
        p_fill0 = "programme_acceptance_2024", "p_fill0", "1", [0.0, 1.0], Constant, Initial,
            "2024年计划引才到岗率", "programme offer acceptance in 2024",
            "share of programme offers accepted at the 2024 attractiveness";
        e_acc = "acceptance_elasticity", "e_acc", "1", [0.0, 10.0], Constant, Behaviour,
            "到岗率对吸引力弹性", "elasticity of acceptance to attractiveness",
            "elasticity of acceptance to arrival attractiveness";
        w_h = "wage", "W_H0", "万元/yr", [0.1, 1000.0], Constant, Initial,
            "2024年高层次人才年薪", "annual pay of high-level talent, 2024",
            "annual firm pay of high-level talent in Bazhong in the start year (the pay stock W_H \
                starts at it)";
        beta_bond = "bond_strength", "β_bond", "1", [0.0, 5.0], Constant, Efficacy,
            "安家补助服务期留人作用", "retention effect of subsidy in commitment",
            "quit reduction per unit subsidy-to-pay ratio during the commitment period";
        tau_serv = "subsidy_commitment_years", "τ_serv", "yr", [0.1, 20.0], Constant, Structural,
            "安家补助服务期年限", "service years the settling subsidy is tied to",
            "service years a subsidised recruit commits to (the subsidy, paid in full at hire, is \
                repaid pro rata on leaving earlier; valued as its annuity over these years)";
        rho_team = "team_relocation_share", "ρ_team", "1", [0.0, 1.0], Constant, Efficacy,
            "落地项目团队随迁比例", "share of a landed project's team relocating",
            "share of a landed project's high-level team that relocates";
    }
    public_service {
        delta_ps = "attrition", "δ_PS", "1/yr", [0.001, 1.0], Constant, Behaviour,
            "事业单位人才流出率", "outflow rate of public-service talent",
            "outflow rate of public-service talent";
        tau_post = "post_fill_time", "τ_post", "yr", [0.05, 20.0], Constant, Behaviour,
            "事业单位空编补充时间", "time to fill vacant public posts",
            "time public institutions take to fill posts vacant under the 编制 ceiling";
    }
    attractiveness {
        am_h0 = "high_level_2024", "AM_H0", "1", [0.01, 10.0], Constant, Initial,
            "2024年对高层次人才吸引力", "attractiveness to high-level talent, 2024",
            "attractiveness of Bazhong to high-level talent relative to 成都 in 2024";
        am_s0 = "skilled_2024", "AM_S0", "1", [0.01, 10.0], Constant, Initial,
            "2024年对技能人才吸引力", "attractiveness to skilled technicians, 2024",
            "attractiveness to skilled technicians relative to 成都 in 2024";
        e_w = "wage_elasticity", "e_w", "1", [0.0, 10.0], Constant, Behaviour,
            "吸引力对薪酬弹性", "elasticity of attractiveness to pay",
            "elasticity of attractiveness to pay";
        e_hc = "housing_elasticity", "e_hc", "1", [0.0, 10.0], Constant, Efficacy,
            "吸引力对住房成本弹性", "elasticity of attractiveness to housing cost",
            "elasticity of attractiveness to the housing-cost index";
        e_c = "peer_elasticity", "e_c", "1", [0.0, 10.0], Constant, Behaviour,
            "吸引力对人才集聚弹性", "elasticity of attractiveness to peer pool",
            "elasticity of attractiveness to the peer pool Cc";
        e_n = "amenity_elasticity", "e_N", "1", [0.0, 10.0], Constant, Efficacy,
            "高层次人才吸引力对宜居弹性", "elasticity of high-level appeal to amenity",
            "elasticity of high-level attractiveness to the amenity index N";
        e_ns = "amenity_elasticity_skilled", "e_NS", "1", [0.0, 10.0], Constant, Efficacy,
            "技能人才吸引力对宜居弹性", "elasticity of skilled appeal to amenity",
            "elasticity of skilled attractiveness to N";
        e_x = "access_elasticity", "e_X", "1", [0.0, 10.0], Constant, Behaviour,
            "吸引力对交通可达性弹性", "elasticity of attractiveness to access",
            "elasticity of attractiveness to accessibility";
        e_ch = "choice_elasticity", "e_ch", "1", [0.0, 10.0], Constant, Behaviour,
            "人才择城对吸引力弹性", "elasticity of the choice of Bazhong over 成都",
            "elasticity of the choice between Bazhong and 成都 to attractiveness (½ when as \
                attractive as 成都)";
        tau_perc = "perception_time", "τ_perc", "yr", [0.01, 30.0], Constant, Behaviour,
            "人才感知吸引力变化时间", "time for talent to perceive attractiveness",
            "time for talent to perceive a change in attractiveness";
    }
    pay {
        g_w = "reference_pay_growth", "g_W", "1/yr", [-0.2, 0.3], Constant, Driver,
            "成都薪酬年增长率", "pay growth in the reference city",
            "growth of pay in 成都 at constant prices: Bazhong's pay is compared with it";
        k_w = "pay_response_high", "k_W", "1/yr", [0.0, 5.0], Constant, Behaviour,
            "高层次人才薪酬对缺口的响应", "response of high-level pay to the gap",
            "extra yearly growth of firms' high-level pay per unit rise of the high-level gap \
                ratio above its balanced-start level";
        k_ws = "pay_response_skilled", "k_WS", "1/yr", [0.0, 5.0], Constant, Behaviour,
            "技能人才薪酬对缺口的响应", "response of skilled pay to the gap",
            "extra yearly growth of skilled pay per unit rise of the skilled gap ratio above its \
                balanced-start level";
        eps_theta = "substitution_elasticity", "ε_θ", "1", [0.0, 5.0], Constant, Behaviour,
            "人才需求对相对薪酬弹性", "substitution away from dear high-level talent",
            "elasticity of firms' high-level talent intensity to its pay relative to 成都's";
        w_s0 = "skilled_wage", "W_S0", "万元/yr", [0.1, 1000.0], Constant, Initial,
            "2024年技能人才年薪", "annual pay of skilled technicians in 2024",
            "annual pay of skilled technicians in Bazhong in the start year";
        e_ws = "wage_elasticity_skilled", "e_wS", "1", [0.0, 10.0], Constant, Behaviour,
            "技能人才吸引力对薪酬弹性", "elasticity of skilled appeal to pay",
            "elasticity of skilled attractiveness to pay relative to 成都's";
    }
    skilled {
        y_v = "vocational_yield", "y_V", "1", [0.0, 1.0], Constant, Efficacy,
            "职业院校毕业率", "share of vocational entrants who graduate",
            "share of vocational entrants who graduate";
        tau_v = "vocational_duration", "τ_V", "yr", [0.1, 10.0], Constant, Structural,
            "职业教育学制年限", "duration of vocational courses",
            "total delay of the vocational pipelines (third order)";
        r_o = "order_class_stay", "r_o", "1", [0.0, 1.0], Constant, Efficacy,
            "订单班毕业生留巴率", "share of order-class graduates who stay",
            "share of order-class graduates who stay in Bazhong";
        e_st = "stay_elasticity", "e_st", "1", [0.0, 10.0], Constant, Behaviour,
            "毕业生留巴率对吸引力弹性", "elasticity of graduates' stay to attractiveness",
            "elasticity of the graduates' odds of staying in Bazhong to skilled attractiveness";
        r_gen = "general_stay", "r_gen", "1", [0.0, 1.0], Constant, Behaviour,
            "普通职校毕业生留巴率", "share of general graduates who stay",
            "share of general vocational graduates who stay";
        y_u = "upskilling_yield", "y_U", "1", [0.01, 1.0], Constant, Efficacy,
            "在职提升培训合格率", "share of upskilling trainees qualifying",
            "share of upskilling trainees who reach 高级工";
        tau_u = "upskilling_duration", "τ_U", "yr", [0.05, 10.0], Constant, Structural,
            "在职提升培训周期", "duration of in-service upskilling",
            "duration of in-service upskilling";
        tau_fill_s = "fill_time", "τ_fillS", "yr", [0.05, 20.0], Constant, Behaviour,
            "技能人才缺口填补时间", "time firms aim to close a skilled gap in",
            "time firms aim to close a skilled gap in";
        hs_pool = "external_pool", "HS_pool", "person/yr", [0.0, 1.0e6], Constant, Initial,
            "外出技能人才返乡意向规模", "skilled natives weighing a return each year",
            "skilled workers from Bazhong working elsewhere (and others) who weigh a post in \
                Bazhong each year; the share choosing Bazhong over 成都 can be hired";
        delta_s0 = "quit_rate", "δ_S0", "1/yr", [0.0, 1.0], Constant, Behaviour,
            "技能人才基准离职率", "base quit rate of skilled technicians",
            "quit rate of skilled technicians at attractiveness 1";
        g_s0 = "skilled_trend_2024", "g_S0", "1/yr", [-0.5, 0.5], Constant, Initial,
            "2024年技能人才增速", "growth of skilled technicians in 2024",
            "growth rate of the skilled stocks at the start (the balance step derives exits so \
                that S grows at it)";
        tau_ret_s = "career_length", "τ_retS", "yr", [1.0, 60.0], Constant, Structural,
            "技能人才剩余职业年限", "remaining career of skilled technicians",
            "average remaining career of skilled technicians";
    }
    enclave {
        eta_e = "remote_efficiency", "η_E", "1", [0.0, 1.0], Constant, Efficacy,
            "飞地研发人员服务本地效能", "FTE per enclave researcher for local firms",
            "FTE contributed by one enclave researcher to Bazhong firms";
        tau_fill_e = "fill_time", "τ_fillE", "yr", [0.05, 20.0], Constant, Behaviour,
            "飞地席位填补时间", "time to fill vacant enclave seats",
            "time to fill vacant enclave seats";
        p_acc_e = "acceptance", "p_accE", "1", [0.0, 1.0], Constant, Behaviour,
            "飞地岗位接受率", "acceptance of enclave positions",
            "acceptance of enclave positions (located in 成都/重庆)";
        tau_close = "close_time", "τ_close", "yr", [0.05, 20.0], Constant, Behaviour,
            "飞地超额人员调减时间", "time to shed researchers above seats",
            "time to shed researchers above the seat capacity";
        delta_e = "attrition", "δ_E", "1/yr", [0.0, 2.0], Constant, Behaviour,
            "飞地研发人员流失率", "turnover of enclave researchers",
            "turnover of enclave researchers";
        pi_q = "projects_per_researcher", "π_Q", "project/(person·yr)", [0.0, 10.0], Constant,
            Efficacy,
            "飞地人均孵化项目数", "projects started per researcher-year",
            "projects started per researcher-year";
        tau_inc = "incubation_time", "τ_inc", "yr", [0.1, 20.0], Constant, Structural,
            "飞地项目孵化周期", "incubation time of an enclave project",
            "average incubation time of a project";
        y_proj = "capacity_per_project", "y_proj", "亿元/(yr·project)", [0.0, 100.0], Constant,
            Efficacy,
            "单个落地项目新增产能", "capacity added per landed project",
            "capacity a landed project adds (value added per year, per project)";
    }
    flexible {
        phi_f = "fte_per_contract", "φ_F", "1", [0.0, 1.0], Constant, Efficacy,
            "柔性人才折算全职当量", "FTE per flexible-talent contract",
            "FTE contributed by one flexible contract (周末工程师 ≈ one day a week)";
        p_acc_f = "acceptance", "p_accF", "1", [0.0, 1.0], Constant, Behaviour,
            "柔性引才签约达成率", "share of the contract target signed",
            "share of the contract target that can be signed";
        tau_c = "contract_time", "τ_c", "yr", [0.05, 20.0], Constant, Behaviour,
            "柔性引才签约周期", "time to sign or end flexible contracts",
            "time to sign or end contracts";
    }
    amenity {
        am0 = "capital_2024", "Am_0", "亿元", [0.01, 1.0e5], Constant, Initial,
            "2024年人才配套设施存量", "amenity capital in 2024",
            "amenity capital (talent apartments, schools, clinics, culture) in 2024";
        tau_am = "lifetime", "τ_Am", "yr", [0.5, 100.0], Constant, Structural,
            "配套设施平均使用年限", "average life of amenity capital",
            "average life of amenity capital";
        a1 = "public_service_elasticity", "a_1", "1", [0.0, 5.0], Constant, Efficacy,
            "宜居指数对公共服务能力弹性", "amenity elasticity to public-service capacity",
            "elasticity of the amenity index to public-service capacity SC";
        a2 = "capital_elasticity", "a_2", "1", [0.0, 5.0], Constant, Efficacy,
            "宜居指数对配套设施弹性", "amenity elasticity to amenity capital",
            "elasticity of the amenity index to amenity capital";
        tau_n = "adjustment_time", "τ_N", "yr", [0.05, 30.0], Constant, Structural,
            "宜居指数调整时间", "adjustment time of the amenity index",
            "time for the amenity index to follow its indicated value";
    }
    costs {
        c_e = "enclave_seat", "c_E", "万元/(person·yr)", [0.0, 1.0e4], Constant, Structural,
            "飞地席位年均成本", "annual cost per enclave seat",
            "annual cost of one enclave seat";
        c_t = "upskilling_place", "c_T", "万元/person", [0.0, 1000.0], Constant, Structural,
            "在职培训人均成本", "public cost per upskilling trainee",
            "public cost per upskilling trainee";
        c_o = "order_class_place", "c_o", "万元/person", [0.0, 1000.0], Constant, Structural,
            "订单班人均成本", "public cost per order-class entrant",
            "public cost per order-class entrant";
        c_f = "flexible_contract", "c_F", "万元/(person·yr)", [0.0, 1.0e4], Constant, Structural,
            "柔性引才人均年成本", "annual cost per flexible contract",
            "annual cost of one flexible contract";
        w_ps = "public_salary", "w_PS", "万元/(person·yr)", [0.0, 1000.0], Constant,
            Structural,
            "编制人员年人均财政工资", "annual public salary per 编制 post",
            "public salary and on-costs of one filled high-level 编制 post (public service and \
                政招企用 staff), paid by the city";
        c_sc = "public_service_capacity", "c_SC", "亿元/yr", [0.0, 1000.0], Constant,
            Structural,
            "公共服务能力提升年成本", "annual cost per unit of public-service capacity",
            "annual public spending per unit of public-service capacity above its 2024 level \
                (SC − 1)";
        c_on = "online_place", "c_on", "万元/person", [0.0, 1000.0], Constant, Structural,
            "云上大学城人均成本", "public cost per online-upskilling trainee",
            "public cost per 云上大学城 trainee";
        c_rt = "retraining_place", "c_rt", "万元/person", [0.0, 1000.0], Constant, Structural,
            "转岗培训人均成本", "public cost per retraining trainee",
            "public cost per 转岗培训 trainee";
        c_pp = "partner_project", "c_pp", "亿元/project", [0.0, 1000.0], Constant, Structural,
            "共建飞地项目引进成本", "public cost per partner-region project",
            "public cost (land, plant, incentives) per project landing from partner regions";
    }
    efficacy {
        ret_max = "retention_max", "E_ret,max", "1", [0.0, 0.95], Constant, Efficacy,
            "留才措施最大降低离职比例", "largest cut in quits spending can buy",
            "largest share by which retention spending (services, 人才驿站) can cut quits";
        ret_half = "retention_half_spending", "x_ret,½", "万元/(person·yr)", [1.0e-3, 1.0e4],
            Constant, Efficacy,
            "留才措施半饱和投入", "retention spending per post for half the effect",
            "retention spending per high-level post of the start year at which half of the \
                largest cut is reached";
        reach_max = "reach_max", "E_reach,max", "1", [0.0, 10.0], Constant, Efficacy,
            "引才渠道最大扩展比例", "largest gain in reach spending can buy",
            "largest relative gain in market hires (人才驿站) and candidates (人力资源服务产业园) \
                that spending can buy";
        reach_half = "reach_half_spending", "x_reach,½", "万元/(person·yr)", [1.0e-3, 1.0e4],
            Constant, Efficacy,
            "引才渠道半饱和投入", "reach spending per post for half the effect",
            "reach spending per high-level post of the start year at which half of the largest \
                gain is reached";
        up_max = "upgrading_max", "E_up,max", "1", [0.0, 10.0], Constant, Efficacy,
            "创新平台最大提升比例", "largest gain in R&D productivity spending can buy",
            "largest relative gain in R&D upgrading productivity and promotions that platform and \
                research-fund spending can buy";
        up_half = "upgrading_half_spending", "x_up,½", "万元/(person·yr)", [1.0e-3, 1.0e4],
            Constant, Efficacy,
            "创新平台半饱和投入", "upgrading spending per post for half the effect",
            "platform and research-fund spending per high-level post of the start year at which \
                half of the largest gain is reached";
        eval_quit = "evaluation_quit_cut", "ε_ev,q", "1", [0.0, 0.9], Constant, Efficacy,
            "人才评价改革降低离职比例", "cut in settled quits of the full reform",
            "share by which a fully implemented 人才评价改革 cuts settled staff's quits";
        eval_promo = "evaluation_promotion_gain", "ε_ev,p", "1", [0.0, 10.0], Constant, Efficacy,
            "人才评价改革晋升提升比例", "gain in promotions of the full reform",
            "relative gain in promotions of technicians to high-level roles under a fully \
                implemented 人才评价改革";
        rent_ref = "rent_reference", "rent_ref", "万元/(person·yr)", [0.01, 100.0], Constant,
            Initial,
            "人才住房年租金参照值", "annual housing cost of a recruit, 2024",
            "annual rent of the housing a high-level recruit takes in Bazhong in the start year";
        h_min = "housing_floor", "h_min", "1", [0.01, 1.0], Constant, Efficacy,
            "租房补贴后住房成本下限", "floor of housing cost after a rent subsidy",
            "lowest share of housing cost a rent subsidy can leave (recipients still pay \
                something: location, size)";
        y_on = "online_yield", "y_on", "1", [0.0, 1.0], Constant, Efficacy,
            "云上大学城结业达标率", "share of online trainees reaching 高级工",
            "share of 云上大学城 trainees who reach senior-worker level";
        tau_on = "online_duration", "τ_on", "yr", [0.05, 10.0], Constant, Structural,
            "云上大学城培训周期", "duration of online upskilling",
            "average duration of 云上大学城 upskilling";
        y_rt = "retraining_yield", "y_rt", "1", [0.0, 1.0], Constant, Efficacy,
            "转岗培训成功率", "share of retrainees taking a post in a short sector",
            "share of 转岗培训 trainees from a surplus sector who take a post in a sector with a \
                gap";
    }
    mobility {
        k_sur = "surplus_quit_factor", "k_sur", "1", [0.0, 20.0], Constant, Behaviour,
            "人才富余对离职的放大系数", "extra quits per unit of surplus",
            "settled and skilled quits rise by this factor times the surplus ratio (adequacy − 1)⁺";
        mu_h = "surplus_mobility_high", "μ_H", "1/yr", [0.0, 10.0], Constant, Behaviour,
            "富余高层次人才转岗速度", "yearly share of high-level surplus moving",
            "share of a sector's surplus settled high-level talent that moves to sectors with gaps \
                per year (when the gaps in reach are large)";
        mu_s = "surplus_mobility_skilled", "μ_S", "1/yr", [0.0, 10.0], Constant, Behaviour,
            "富余技能人才转岗速度", "yearly share of skilled surplus moving",
            "share of a sector's surplus skilled technicians that moves to sectors with gaps per \
                year";
        c_within = "within_group_transferability", "c_in", "1", [0.0, 1.0], Constant,
            Behaviour,
            "同组产业间人才可转移性", "transferability within an industry group",
            "weight of a gap in another sector of the same group (主导, 优势, 支撑) in where \
                surplus staff move";
        c_cross = "cross_group_transferability", "c_x", "1", [0.0, 1.0], Constant, Behaviour,
            "跨组产业间人才可转移性", "transferability across industry groups",
            "weight of a gap in a sector of another group in where surplus staff move";
    }
    structure {
        coupling_form = "coupling_form", "form_C", "1", [0.0, 1.0], Switch, Structural,
            "耦合度计算公式", "coupling-degree formula",
            "0: the standard C = 2√(U1·U2)/(U1 + U2); 1: 王淑佳 (2021)'s modified C = \
                √((1 − |U2 − U1|)·min(U1, U2)/max(U1, U2)) (docs/model.md I9)";
        deployed_retention = "deployed_retention", "form_z", "1", [0.0, 1.0], Switch, Structural,
            "政招企用人员留任形式", "retention of deployed 编制 staff",
            "0: deployed 政招企用 staff keep 编制 retention and leave at δ_z; 1: they leave like \
                the firm's settled staff, at its quit and retirement rates (H11)";
        pay_loop = "pay_loop", "form_W", "1", [0.0, 1.0], Switch, Structural,
            "薪酬反馈回路", "pay responds to gaps",
            "1: pay responds to the gap ratios (W3, the default); 0: pay only follows 成都 (k_W = \
                k_WS = 0)";
        pool_form = "candidate_pool_form", "form_CP", "1", [0.0, 1.0], Switch, Structural,
            "候选人才池形式", "candidate-pool form",
            "0: the candidate pool answers to the peer pool and arrival attractiveness (T6); 1: a \
                fixed pool CP_H0 whatever the city does";
    }
    balance {
        cp0 = "candidate_pool_ref", "CP_H0", "person/yr", [0.0, 1.0e7], Constant, Initial,
            "高层次候选人才规模参照值", "candidates weighing Bazhong at the balanced start",
            "high-level candidates a year weighing a post in Bazhong at the balanced start: \
                programme offers and market hires draw on them (derived by `talentloop balance` \
                from the 2024 market hires)";
        cc0 = "peer_pool_ref", "Cc_0", "person", [0.0, 1.0e8], Constant, Initial,
            "人才集聚参照规模", "peer pool of the balanced start",
            "reference peer pool Σ(H + Hn + Hz) + PS + E of the balanced start (derived by \
                `talentloop balance`; T2 compares the peer pool with it)";
        pay_ref = "pay_ref", "pay_0", "万元/yr", [0.1, 2000.0], Constant, Initial,
            "高层次人才薪酬参照值", "high-level pay of the balanced start",
            "high-level pay (firm pay + allowance) of the balanced start, the reference of T2 \
                (derived by `talentloop balance`)";
        gap_ref_h = "gap_ratio_high_ref", "gr_H0", "1", [0.0, 1.0], Constant, Initial,
            "高层次人才缺口率参照值", "high-level gap ratio of the balanced start",
            "high-level gap ratio of the balanced start: pay grows faster than 成都's only above \
                it (derived by `talentloop balance`)";
        gap_ref_s = "gap_ratio_skilled_ref", "gr_S0", "1", [0.0, 1.0], Constant, Initial,
            "技能人才缺口率参照值", "skilled gap ratio of the balanced start",
            "skilled gap ratio of the balanced start (derived by `talentloop balance`)";
        ap_arr0 = "arrival_attractiveness_ref", "AP_arr,0", "1", [1.0e-4, 1.0e3], Constant,
            Initial,
            "到岗吸引力参照值", "arrival attractiveness of the balanced start",
            "reference arrival attractiveness of the balanced start (derived by `talentloop \
                balance`; programme and market acceptance scale with the level against it)";
    }
  }
  levers {
        subsidy = "housing_subsidy", "S_H", "万元/person", [0.0, 1000.0], TimePath,
            Lever(Line("cost_subsidy"), slider(Attract, 0.0, 200.0, 5.0,
                "给每位符合条件的新引进博士、正高等高层次人才的一次性安家补助")),
            "安家补助标准", "settling subsidy per eligible hire",
            "安家补助 per eligible hire (博士/正高)";
        eligible_share = "eligible_share", "e_el", "1", [0.0, 1.0], TimePath,
            Lever(Line("cost_subsidy"), slider(Attract, 0.0, 1.0, 0.05,
                "新引进高层次人才中可领取安家补助的比例")),
            "安家补助覆盖比例", "share of hires eligible for the subsidy",
            "share of high-level hires eligible for the subsidy";
        quota_enterprise = "quota_enterprise", "Q_ent", "person/yr", [0.0, 1.0e5], TimePath,
            Lever(Line("cost_subsidy"), slider(Attract, 0.0, 2000.0, 10.0,
                "企业每年的引才计划名额")),
            "企业引才计划名额", "enterprise recruitment quota",
            "enterprise recruitment quota";
        quota_public = "quota_public", "Q_pub", "person/yr", [0.0, 1.0e5], TimePath,
            Lever(Line("cost_salaries"), slider(Attract, 0.0, 2000.0, 10.0,
                "事业单位每年的引才计划名额（含政招企用的名额）")),
            "事业单位引才计划名额", "public-institution recruitment quota",
            "public-institution (事业单位) recruitment quota";
        deployed_share = "deployed_share", "z", "1", [0.0, 1.0], TimePath,
            Lever(Administrative(
                "政招企用把现有事业单位编制名额调配到企业，不新增支出",
                "政招企用 reallocates existing public-institution posts to firms; no new outlay",
            ),
                slider(Deploy, 0.0, 1.0, 0.05, "政招企用：事业单位名额中派到企业工作的比例")),
            "政招企用比例", "share of public quota deployed to firms",
            "政招企用: share of the public quota working in firms";
        matching = "matching_efficiency", "m", "1", [0.0, 1.0], TimePath,
            Lever(Administrative(
                "提高人岗匹配属于程序性措施，无直接支出",
                "better person-post matching is a procedural measure with no direct outlay",
            ),
                slider(Deploy, 0.0, 1.0, 0.05, "政招企用人员与企业岗位匹配的比例")),
            "政招企用人岗匹配率", "post matching of deployed hires",
            "share of 政招企用 hires matched to their post";
        service = "service_spending", "X_serv", "亿元/yr", [0.0, 100.0], TimePath,
            Lever(Line("cost_service"), slider(Retain, 0.0, 2.0, 0.05,
                "人才服务专员、一站式服务等人才服务体系的年投入（通过留任曲线减少离职）")),
            "人才服务体系年投入", "talent-service spending",
            "spending on 人才服务专员 and 一站式服务 (acts on quits through the retention curve)";
        rent_subsidy = "rent_subsidy", "rs", "万元/(person·yr)", [0.0, 100.0], TimePath,
            Lever(Line("cost_rent"), slider(Retain, 0.0, 5.0, 0.1,
                "人才公寓或租房补贴：服务期内每位企业引进人才每年的补贴")),
            "人才公寓租房补贴标准", "rent subsidy per recruit",
            "人才公寓 / 租房补贴 paid to each firms' recruit in the commitment period (acts on \
                their arrival and their quits)";
        amenity_investment = "amenity_investment", "ΔI_Am", "亿元/yr", [0.0, 1000.0], TimePath,
            Lever(Line("cost_amenity"), slider(Retain, 0.0, 10.0, 0.5,
                "人才公寓、子女入学、医疗绿色通道等配套设施的新增年投入")),
            "人才配套设施新增投入", "extra amenity investment",
            "extra amenity investment (人才公寓, schooling, 医疗绿色通道)";
        enclave_seats = "enclave_seats", "C_E", "person", [0.0, 1.0e5], TimePath,
            Lever(Line("cost_enclave"), slider(Enclave, 0.0, 1000.0, 10.0,
                "在成都、重庆设立的科创飞地研发席位数")),
            "科创飞地席位数", "innovation-enclave seats in Chengdu/Chongqing",
            "科创飞地 seats in 成都/重庆";
        landing_probability = "landing_probability", "p_land", "1", [0.0, 1.0], TimePath,
            Lever(Administrative(
                "产业飞地的承接条件（协议、审批、用地）；\
                 园区建设属于产能投资，不计入人才预算",
                "产业飞地 readiness (agreements, approvals, land); park construction is \
                 investment counted in capacity, not in the talent budget",
            ),
                slider(Enclave, 0.0, 1.0, 0.05,
                    "飞地孵化项目回巴中落地的比例（产业飞地的承接条件）")),
            "飞地项目落地率", "share of incubated projects landing locally",
            "share of incubated projects that land in Bazhong (产业飞地 readiness)";
        upskilling_output = "upskilling_output", "UpOut*", "person/yr", [0.0, 1.0e6], TimePath,
            Lever(Line("cost_training"), slider(Train, 0.0, 10000.0, 100.0,
                "每年在岗培训形成的高级工以上技能人才目标数")),
            "高级工以上培训目标", "planned senior-worker upskilling output",
            "planned 高级工以上 output of in-service upskilling";
        order_class_share = "order_class_share", "o", "1", [0.0, 1.0], TimePath,
            Lever(Line("cost_training"), slider(Train, 0.0, 1.0, 0.05,
                "职业院校新生中订单班、产业学院学生的比例")),
            "订单班招生占比", "order-class share of vocational entrants",
            "share of vocational entrants in order classes (订单班, 产业学院)";
        enrolment = "vocational_enrolment", "Enrol", "person/yr", [0.0, 1.0e6], TimePath,
            Lever(Administrative(
                "由省级招生计划确定、由教育经费支付；\
                 其中订单班名额的费用计入技能培训与订单班支出",
                "set by the provincial enrolment plan and paid from the education budget; its \
                 order-class places are costed in C3",
            ),
                slider(Train, 0.0, 20000.0, 500.0, "职业院校每年的招生人数")),
            "职业院校年招生数", "vocational entrants per year",
            "vocational entrants per year";
        flexible_target = "flexible_target", "F_target", "person", [0.0, 1.0e5], TimePath,
            Lever(Line("cost_flexible"), slider(Attract, 0.0, 1000.0, 10.0,
                "柔性引才（周末工程师、顾问等）的签约目标人数")),
            "柔性引才签约目标", "flexible-talent contract target",
            "flexible-talent contracts sought (周末工程师, 顾问)";
        platform = "platform_spending", "X_plat", "亿元/yr", [0.0, 100.0], TimePath,
            Lever(Line("cost_platform"), slider(Deploy, 0.0, 2.0, 0.05,
                "产业技术研究院、产学研平台的年投入（提升研发效率和人才晋升）")),
            "产业技术研究院等平台年投入", "innovation-platform spending",
            "spending on 产业技术研究院 and 产学研 platforms (R&D productivity and promotions \
                through the upgrading curve)";
        evaluation_reform = "evaluation_reform", "ev", "1", [0.0, 1.0], TimePath,
            Lever(Administrative(
                "人才评价改革调整职称与考核规则，无直接支出",
                "人才评价改革 changes titles and appraisal rules; no direct outlay",
            ),
                slider(Deploy, 0.0, 1.0, 0.05,
                    "人才评价改革的推进程度（0 为未改，1 为全面推行）：减少流失、增加晋升")),
            "人才评价改革推进程度", "talent-evaluation reform (0–1)",
            "phase-in of 人才评价改革 (0 none, 1 full): fewer settled quits, more promotions";
        hr_park = "hr_park_spending", "X_HR", "亿元/yr", [0.0, 100.0], TimePath,
            Lever(Line("cost_hr_park"), slider(Attract, 0.0, 2.0, 0.05,
                "人力资源服务产业园的年投入（扩大可引进的候选人才）")),
            "人力资源服务产业园年投入", "HR-service park spending",
            "spending on 人力资源服务产业园 (widens the candidate pool through the reach curve)";
        online_places = "online_upskilling_places", "On", "person/yr", [0.0, 1.0e6], TimePath,
            Lever(Line("cost_training"), slider(Train, 0.0, 10000.0, 100.0,
                "云上大学城每年的培训人数（技能人才的线上提升）")),
            "云上大学城年培训人数", "online upskilling entrants per year",
            "云上大学城 entrants a year (extra upskilling of technicians, own yield and duration)";
        retraining_places = "retraining_places", "Rt", "person/yr", [0.0, 1.0e6], TimePath,
            Lever(Line("cost_training"), slider(Train, 0.0, 5000.0, 50.0,
                "转岗培训每年的人数：从技能人才富余的产业转到有缺口的产业")),
            "转岗培训年培训人数", "retraining entrants per year",
            "转岗培训 entrants a year, drawn from skilled surplus and placed in sectors with gaps";
        partner_projects = "partner_projects", "PP", "project/yr", [0.0, 1.0e4], TimePath,
            Lever(Line("cost_partner"), slider(Enclave, 0.0, 50.0, 1.0,
                "成渝、金华等共建产业园每年落地巴中的项目数")),
            "共建产业飞地引进项目数", "projects landing from partner regions",
            "projects a year landing in Bazhong from partner regions (成渝, 金华 共建产业园)";
        partner_share = "partner_value_share", "s_pp", "1", [0.0, 1.0], TimePath,
            Lever(Administrative(
                "共建项目增加值的分成比例由两地协商确定，无直接支出",
                "the split of a partner project's value added is agreed between the cities",
            ),
                slider(Enclave, 0.0, 1.0, 0.05, "共建项目增加值计入巴中的比例（共建园区分成）")),
            "共建项目增加值分成比例", "share of partner projects' value counted in Bazhong",
            "share of a partner project's capacity counted in Bazhong (共建园区 分成)";
        housing_cost = "housing_cost_index", "HC", "1", [0.05, 20.0], TimePath, Driver,
            "住房成本指数", "housing cost index of the local market",
            "housing cost of the local market faced by talent (1 = 2024; a rent subsidy lowers \
                it for its recipients only)";
        accessibility = "accessibility_index", "Acc", "1", [0.05, 20.0], TimePath, Driver,
            "对外交通可达性指数", "accessibility to Chengdu/Chongqing",
            "accessibility to 成都/重庆 (1 = 2024)";
        ps_max = "public_post_ceiling", "PS_max", "person", [0.0, 1.0e6], TimePath,
            Lever(Line("cost_salaries"), slider(Attract, 0.0, 20000.0, 100.0,
                "事业单位高层次人才编制上限")),
            "事业单位高层次人才编制上限", "编制 ceiling of high-level public posts",
            "编制 ceiling of high-level public-service posts (public hires fill at most up to it)";
        sc = "public_service_capacity", "SC", "1", [0.1, 10.0], TimePath,
            Lever(Line("cost_public_service"), slider(Retain, 0.5, 2.0, 0.05,
                "面向人才的学校、医院等公共服务能力指数（2024年为 1）")),
            "公共服务能力指数", "public-service capacity index",
            "capacity of schools, hospitals and public services for talent (1 = 2024)";
        allowance = "allowance", "allow", "万元/yr", [0.0, 1000.0], TimePath,
            Lever(Line("cost_allowance"), slider(Retain, 0.0, 20.0, 0.5,
                "每位高层次人才每年的津贴")),
            "高层次人才年度津贴", "recurring allowance per high-level person",
            "recurring allowances paid to high-level talent";
  }
  sectors {
        va0 = "value_added_2024", "Y_0", "亿元/yr", [0.0, 1.0e5], Constant, Initial,
            "2024年产业增加值", "sector value added in 2024",
            "value added in the start year";
        a0 = "high_tech_share_2024", "A_0", "1", [0.0, 1.0], Constant, Initial,
            "2024年高新技术占比", "high-tech share of value added in 2024",
            "high-tech share of value added in the start year";
        a_front = "frontier_share", "A_front", "1", [0.0, 1.0], Constant, Structural,
            "新增产能高新技术占比", "high-tech share of new capacity (frontier)",
            "high-tech share embodied in new capacity when talent suffices";
        growth = "market_growth", "g", "1/yr", [-0.5, 1.0], TimePath, Driver,
            "市场需求产能增速", "market-driven capacity growth",
            "observed capacity growth when talent is adequate";
        h0 = "high_level_2024", "H_0", "person", [0.0, 1.0e7], Constant, Initial,
            "2024年高层次人才存量", "settled high-level talent in 2024",
            "settled high-level talent in the start year";
        s0 = "skilled_2024", "S_0", "person", [0.0, 1.0e7], Constant, Initial,
            "2024年技能人才存量", "skilled technicians in 2024",
            "skilled technicians in the start year";
        theta_h0 = "high_level_intensity_2024", "θ_H0", "person/(亿元/yr)", [0.0, 1.0e4],
            Constant, Initial,
            "2024年高层次人才需求密度", "high-level talent demand per unit capacity, 2024",
            "high-level demand (FTE) per unit capacity at the start-year technology";
        theta_s0 = "skilled_intensity_2024", "θ_S0", "person/(亿元/yr)", [0.0, 1.0e5],
            Constant, Initial,
            "2024年技能人才需求密度", "skilled demand per unit capacity, 2024",
            "skilled technicians demanded per unit capacity at the start-year technology";
        theta_g0 = "general_intensity_2024", "θ_G0", "person/(亿元/yr)", [0.0, 1.0e6], Constant,
            Initial,
            "2024年普工用工密度", "general labour per unit capacity, 2024",
            "general labour per unit capacity in the start year";
        w_h = "weight_high", "w_H", "1", [0.0, 1.0], Constant, Structural,
            "高层次人才产出权重", "output weight of high-level talent",
            "output weight of high-level talent (w_G = 1 - w_H - w_S)";
        w_s = "weight_skilled", "w_S", "1", [0.0, 1.0], Constant, Structural,
            "技能人才产出权重", "output weight of skilled technicians",
            "output weight of skilled technicians";
        priority = "priority", "ω", "1", [0.0, 100.0], TimePath,
            Lever(
                Administrative(
                    "在各产业之间重新分配共用引才名额，不新增支出",
                    "reallocates the common quota among sectors; no outlay",
                ),
                slider(Industry, 0.0, 5.0, 0.1, "该产业在共用引才名额分配中的优先权重"),
            ),
            "共用引才名额优先权重", "priority in programme-hire rationing",
            "weight of the sector in the rationing of the common programme quota";
        station = "talent_station_spending", "X_st", "亿元/yr", [0.0, 100.0], TimePath,
            Lever(Line("cost_stations"), slider(Industry, 0.0, 0.5, 0.01,
                "该产业人才驿站的年投入（扩大市场化引才、减少流失）")),
            "人才驿站年投入", "talent-station spending",
            "人才驿站 spending for the sector (market hires through the reach curve, quits \
                through the retention curve)";
        programme_quota = "programme_quota", "Q_sp", "person/yr", [0.0, 1.0e5], TimePath,
            Lever(Line("cost_programmes"), slider(Industry, 0.0, 200.0, 5.0,
                "该产业专项计划（如霞石计划）每年新增的引才名额")),
            "产业专项计划新增名额", "sector programme's own quota",
            "offers a year of the sector's 专项计划 (e.g. 霞石), added to the common quotas (its \
                hires also cost the city's settling subsidy, C1)";
        programme_subsidy = "programme_subsidy", "S_sp", "万元/person", [0.0, 1000.0], TimePath,
            Lever(Line("cost_programmes"), slider(Industry, 0.0, 100.0, 5.0,
                "该产业专项计划给每位引进人才的补助")),
            "产业专项计划安家补助", "sector programme's subsidy per hire",
            "subsidy per hire of the sector's 专项计划, paid at hire (raises its acceptance)";
        research_fund = "research_fund", "X_rf", "亿元/yr", [0.0, 100.0], TimePath,
            Lever(Line("cost_programmes"), slider(Industry, 0.0, 2.0, 0.05,
                "该产业专项计划的科研基金年投入")),
            "产业专项研发资金", "sector programme's research fund",
            "research fund of the sector's 专项计划 (R&D productivity and promotions through \
                the upgrading curve)";
        alloc_e = "enclave_share", "allocE", "1", [0.0, 1.0], Constant, Structural,
            "飞地研发人员产业分配比例", "share of enclave researchers for the sector",
            "share of enclave researchers working for this sector";
        alloc_f = "flexible_share", "allocF", "1", [0.0, 1.0], Constant, Structural,
            "柔性人才产业分配比例", "share of flexible contracts in the sector",
            "share of flexible contracts in this sector";
        alloc_q = "project_share", "allocQ", "1", [0.0, 1.0], Constant, Structural,
            "飞地项目产业落地比例", "share of enclave projects landing in sector",
            "share of enclave projects that would land in this sector";
        alloc_o = "order_class_target", "allocO", "1", [0.0, 1.0], Constant, Structural,
            "订单班产业培养比例", "share of order-class graduates for sector",
            "share of order-class graduates trained for this sector";
        field_share = "graduate_field_share", "f_grad", "1", [0.0, 1.0], Constant, Initial,
            "职校毕业生专业对口产业占比", "share of general graduates trained for the sector",
            "share of general vocational graduates whose field fits this sector (normalised over \
                the sectors)";
        upskill_share = "upskilling_share", "u_up", "1", [0.0, 1.0], TimePath,
            Lever(Line("cost_training"), slider(Industry, 0.0, 1.0, 0.01,
                "在岗技能提升培训名额分配给该产业的比例（各产业合计归一）")),
            "技能提升培训名额产业分配", "share of upskilling places for the sector",
            "share of in-service upskilling places in this sector (normalised over the sectors)";
        exit_h = "high_level_exit_multiplier", "c_H", "1", [0.0, 100.0], Constant, Behaviour,
            "高层次人才流出校准系数", "exit multiplier, settled high-level talent",
            "multiplier on all exits (quits and retirement) of settled high-level talent that \
                balances the start (derived by `talentloop balance`)";
        exit_s = "skilled_exit_multiplier", "c_S", "1", [0.0, 100.0], Constant, Behaviour,
            "技能人才流出校准系数", "exit multiplier, skilled technicians",
            "multiplier on all exits of skilled technicians that balances the start (derived by \
                `talentloop balance`)";
        delta_a = "obsolescence", "δ_A", "1/yr", [0.0, 10.0], Constant, Behaviour,
            "技术相对老化率", "technology obsolescence rate",
            "relative obsolescence of technology intensity, derived so that R&D and investment at \
                the frontier offset it at the balanced start (`talentloop balance`)";
        v_rd = "rd_upgrading_2024", "v_RD", "1/yr", [0.0, 10.0], Constant, Behaviour,
            "2024年研发带来的升级速度", "upgrading from own R&D at the start",
            "rate at which own R&D raises the high-tech share at the balanced start, \
                φ_RD·δ_A·A_0 (derived by `talentloop balance`)";
        x_rd0 = "rd_intensity_ref", "x_RD0", "person/(亿元/yr)", [0.0, 1.0e4], Constant, Initial,
            "研发人才密度参照值", "R&D labour per unit capacity of the balanced start",
            "R&D FTE per unit capacity at the balanced start (derived by `talentloop balance`)";
        r_h_ref = "high_level_adequacy_ref", "r_H,ref", "1", [0.001, 100.0], Constant, Initial,
            "高层次人才充足率参照值", "high-level adequacy of the balanced start",
            "high-level supply / demand at the balanced start, the reference of the investment \
                lookup L_H (derived by `talentloop balance`)";
        r_s_ref = "skilled_adequacy_ref", "r_S,ref", "1", [0.001, 100.0], Constant, Initial,
            "技能人才充足率参照值", "skilled adequacy of the balanced start",
            "skilled supply / demand at the balanced start, the reference of L_S (derived by \
                `talentloop balance`)";
  }
}

/// What sweeps and calibrations vary in a lookup `lookups.<name>`: its strength s, which scales
/// each point's distance from 1 (y ↦ 1 + s·(y − 1)), so the lookup stays 1 at the balanced
/// start and s = 0 switches its effect off. Sampled by scale only (the base strength is 1).
pub const LOOKUP_STRENGTH: ParamDef = ParamDef {
    key: "strength",
    field: "",
    symbol: "s_L",
    unit: "1",
    min: 0.0,
    max: 10.0,
    variation: Variation::Constant,
    role: Role::Behaviour,
    zh: "查找表强度",
    en: "lookup strength",
    doc: "scales each point's distance from 1 (y ↦ 1 + s·(y − 1)); 1 = as given, 0 = no effect",
};

/// Lookup tables (graphical functions) a scenario must give under `[lookups.<name>]`: (name,
/// symbol, meaning, Chinese label).
pub const LOOKUPS: &[(&str, &str, &str, &str)] = &[
    (
        "investment_high_level",
        "L_H",
        "investment multiplier vs perceived high-level adequacy relative to 2024 (1 at x = 1)",
        "高层次人才充足率对投资的影响",
    ),
    (
        "investment_skilled",
        "L_S",
        "investment multiplier vs perceived skilled adequacy relative to 2024 (1 at x = 1)",
        "技能人才充足率对投资的影响",
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

/// The registry row of a dotted parameter key (`params.<group>.<key>` or `sectors.<id>.<key>`),
/// without a scenario (the sector id is not checked): for outputs read back from files.
pub fn param_by_key(key: &str) -> Option<&'static ParamDef> {
    match key.split('.').collect::<Vec<_>>().as_slice() {
        ["params", group, name] => GROUPS
            .iter()
            .find(|g| g.name == *group)?
            .params
            .iter()
            .find(|p| p.key == *name),
        ["sectors", _, name] => SECTOR_PARAMS.iter().find(|p| p.key == *name),
        _ => None,
    }
}
