//! The indicator registry: every reported indicator declared once — variable, category, unit,
//! Chinese and English label, direction, which outputs show it, and a one-sentence description a
//! policy analyst understands.
//!
//! [`super::indicators::visit`] emits values against these declarations (so a column's unit and
//! labels cannot drift from its definition); headline tables, comparison tables, chart labels, the
//! report and the docs test of docs/model.md §6.2 read [`INDICATORS`]. Adding an indicator is one
//! row here plus its formula in `visit`.

/// Whether more of an indicator is better for Bazhong's talent and upgrading goals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Higher is better (talent, value added, retention, coordination).
    Higher,
    /// Lower is better (gaps, loss rates, cost).
    Lower,
    /// Neither: flows, accounting items, intermediate quantities.
    Neutral,
}

/// An output that lists indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The headline table (terminal, summary.json, report).
    Headline,
    /// The comparison tables (comparison.md, comparison.csv, report).
    Comparison,
}

/// Declaration of one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndicatorDef {
    /// Variable name (snake_case), as in timeseries.csv.
    pub variable: &'static str,
    /// Talent category (`H`, `S`, `G`) or empty.
    pub category: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// Whether higher is better.
    pub direction: Direction,
    /// Outputs that list it, besides timeseries.csv (which has every indicator).
    pub shown: &'static [Shown],
    /// Short Chinese label.
    pub zh: &'static str,
    /// Short English label.
    pub en: &'static str,
    /// One sentence in Chinese.
    pub description_zh: &'static str,
    /// One sentence in English.
    pub description_en: &'static str,
}

impl IndicatorDef {
    /// Whether `output` lists this indicator.
    pub fn is_shown(&self, output: Shown) -> bool {
        self.shown.contains(&output)
    }

    /// The label in Chinese or English.
    pub fn label(&self, chinese: bool) -> &'static str {
        if chinese {
            self.zh
        } else {
            self.en
        }
    }

    /// `variable` or `variable[category]`, as indicators are written on the command line.
    pub fn id(&self) -> String {
        if self.category.is_empty() {
            self.variable.to_string()
        } else {
            format!("{}[{}]", self.variable, self.category)
        }
    }
}

/// Generates one constant per row in [`ind`] and the list [`INDICATORS`] in row order. Row:
/// `NAME = "variable", "category", "unit", Direction, [Shown, …], "zh", "en", "description_zh",
/// "description_en";`
macro_rules! indicators {
    ($( $name:ident = $var:literal, $cat:literal, $unit:literal, $dir:ident, [$($shown:ident),*],
        $zh:literal, $en:literal, $dzh:literal, $den:literal; )*) => {
        /// One constant per indicator (generated from the rows).
        pub mod ind {
            use super::{Direction, IndicatorDef, Shown};
            $(
                #[doc = concat!("`", $var, "` (category `", $cat, "`, unit `", $unit, "`): ", $den)]
                pub const $name: &IndicatorDef = &IndicatorDef {
                    variable: $var,
                    category: $cat,
                    unit: $unit,
                    direction: Direction::$dir,
                    shown: &[$(Shown::$shown),*],
                    zh: $zh,
                    en: $en,
                    description_zh: $dzh,
                    description_en: $den,
                };
            )*
        }

        /// Every indicator, in documentation order (the headline and comparison ones first, in
        /// the order their tables list them).
        pub const INDICATORS: &[&IndicatorDef] = &[$(ind::$name),*];
    };
}

/// The declaration of (`variable`, `category`), if there is one.
pub fn find(variable: &str, category: &str) -> Option<&'static IndicatorDef> {
    INDICATORS
        .iter()
        .copied()
        .find(|d| d.variable == variable && d.category == category)
}

/// The indicators `output` lists, in order.
pub fn shown_in(output: Shown) -> impl Iterator<Item = &'static IndicatorDef> {
    INDICATORS
        .iter()
        .copied()
        .filter(move |d| d.is_shown(output))
}

indicators! {
    GDP = "gdp", "", "亿元/yr", Higher, [Headline, Comparison],
        "地区生产总值", "GDP",
        "全市地区生产总值（2024年不变价）",
        "Gross domestic product of Bazhong per year at constant 2024 prices: the ten sectors plus \
            the rest of the economy.";
    VALUE_ADDED_MANUFACTURING = "value_added_manufacturing", "", "亿元/yr",
        Higher, [Headline, Comparison],
        "制造业增加值", "manufacturing value added",
        "五个制造业产业增加值合计",
        "Total value added of the five manufacturing sectors.";
    HIGH_TECH_SHARE_MANUFACTURING = "high_tech_share_manufacturing", "", "1",
        Higher, [Headline, Comparison],
        "高新技术制造业增加值占比", "high-tech share of manufacturing",
        "制造业增加值中高新技术部分所占比重",
        "High-tech share of manufacturing value added, weighted by each manufacturing sector's \
            value added.";
    TALENT_FIRMS_H = "talent_firms", "H", "person", Higher, [Headline, Comparison],
        "企业高层次人才", "high-level talent in firms",
        "全市企业中高层次人才（稳定期、服务期内新引进及政招企用人员）",
        "High-level talent working in Bazhong firms: settled staff, recruits in their commitment \
            period and 政招企用 staff deployed from public institutions.";
    TALENT_TOTAL_H = "talent_total", "H", "person", Higher, [Headline, Comparison],
        "高层次人才合计", "high-level talent, total",
        "全市高层次人才合计：企业（含政招企用）、事业单位和飞地",
        "High-level talent in firms, public service and the enclave (flexible contracts not \
            included).";
    TALENT_PUBLIC_SERVICE_H = "talent_public_service", "H", "person",
        Higher, [Headline, Comparison],
        "事业单位高层次人才", "high-level talent in public service",
        "全市事业单位（未下派企业）的高层次人才",
        "High-level talent in public institutions (事业单位 hires not deployed to firms).";
    TALENT_TOTAL_S = "talent_total", "S", "person", Higher, [Headline, Comparison],
        "技能人才", "skilled technicians",
        "全市各产业技能人才合计",
        "Skilled technicians employed in all ten sectors.";
    TALENT_EQUIVALENT = "talent_equivalent", "", "FTE", Higher, [Comparison],
        "人才全职当量合计", "talent in FTE, total",
        "高层次与技能人才合计全职当量，含柔性人才折算",
        "High-level and skilled talent in FTE, flexible contracts counted at their part-time \
            share; used for cost-effectiveness.";
    GAP_RATIO_H = "gap_ratio", "H", "1", Lower, [Headline, Comparison],
        "高层次人才缺口率", "high-level gap ratio",
        "全市高层次人才缺口占需求的比重",
        "City high-level gap as a share of total high-level demand.";
    GAP_RATIO_S = "gap_ratio", "S", "1", Lower, [Headline, Comparison],
        "技能人才缺口率", "skilled gap ratio",
        "全市技能人才缺口占需求的比重",
        "City skilled gap as a share of total skilled demand.";
    FILL_RATE_H = "fill_rate", "H", "1", Higher, [Headline, Comparison],
        "高层次人才满足率", "high-level fill rate",
        "各产业高层次人才需求被满足部分占总需求比重",
        "Share of total high-level demand met, counting in each sector supply only up to its \
            demand (matching degree).";
    RETENTION_3Y_H = "retention_3y", "H", "1", Higher, [Headline, Comparison],
        "三年留存率", "3-year retention",
        "按当前离职率，新引进人才三年后仍在巴中的比例",
        "Probability that a new high-level recruit is still in Bazhong after 3 years at current \
            quit rates (retirement not counted).";
    COORDINATION_DEGREE = "coordination_degree", "", "1", Higher, [Headline, Comparison],
        "耦合协调度", "coupling coordination degree",
        "人才与产业耦合协调度D（0至1）",
        "Coupling coordination degree D = sqrt(C x T) of talent and industry, in [0, 1].";
    LANDED_CAPACITY_CUMULATIVE = "landed_capacity_cumulative", "", "亿元/yr", Higher, [Comparison],
        "累计落地项目产能", "cumulative landed capacity",
        "自起始年以来飞地项目落地累计新增产能",
        "Capacity added by landed enclave projects since the start year (before depreciation).";
    COST_TOTAL = "cost_total", "", "亿元", Lower, [Headline, Comparison],
        "累计财政投入", "cumulative fiscal cost",
        "自起始年以来各项人才政策累计财政投入合计",
        "Cumulative fiscal cost since the start year, every cost line summed — the talent \
            programmes and the public salaries of filled 编制 posts (C13); administrative measures \
            have no direct outlay.";
    CAPACITY = "capacity", "", "亿元/yr", Neutral, [],
        "产能", "productive capacity",
        "各产业产能，即人才充足时每年可实现的增加值",
        "Productive capacity of each sector: the value added it could produce per year if talent \
            were adequate.";
    VALUE_ADDED = "value_added", "", "亿元/yr", Higher, [],
        "产业增加值", "sector value added",
        "各产业实际增加值（产能乘以利用率，2024年价格）",
        "Value added of each sector per year (capacity times utilisation), at constant 2024 \
            prices.";
    UTILISATION = "utilisation", "", "1", Higher, [],
        "产能利用率", "capacity utilisation",
        "各产业产能因人才短缺受限后的利用率，1为无短缺",
        "Share of each sector's capacity actually used after talent shortages idle part of it (1 = \
            no shortage).";
    HIGH_TECH_SHARE = "high_tech_share", "", "1", Higher, [],
        "高新技术占比", "high-tech share",
        "各产业增加值中高新技术部分所占比重",
        "High-tech share of each sector's value added (its technology intensity).";
    TALENT_SETTLED_H = "talent_settled", "H", "person", Higher, [],
        "稳定期高层次人才", "settled high-level talent",
        "各产业企业中已过服务期的高层次人才人数",
        "High-level talent in each sector's firms who have completed the service-commitment \
            period.";
    TALENT_RECRUITS_H = "talent_recruits", "H", "person", Higher, [],
        "服务期内新引进人才", "high-level recruits in commitment period",
        "各产业仍在服务期内的新引进高层次人才人数",
        "High-level recruits in each sector still in their service-commitment (settling) period.";
    TALENT_SUPPLY_H = "talent_supply", "H", "FTE", Higher, [],
        "高层次人才有效供给", "effective high-level supply (FTE)",
        "各产业高层次人才折算全职当量，含政招企用、飞地和柔性人才",
        "Effective high-level supply of each sector in FTE: settled staff, discounted recruits, \
            deployed 编制 staff (mismatched ones discounted), enclave and flexible contributions.";
    TALENT_S = "talent", "S", "person", Higher, [],
        "产业技能人才", "skilled technicians in the sector",
        "各产业高级工以上技能人才人数",
        "Skilled technicians (senior workers and above) employed in each sector.";
    TALENT_G = "talent", "G", "person", Neutral, [],
        "普通劳动力就业", "general labour employed",
        "各产业实际就业的普通劳动力人数",
        "General labour employed in each sector (its demand, rationed by the city's labour force).";
    DEMAND_H = "demand", "H", "person", Neutral, [],
        "高层次人才需求", "high-level talent demand",
        "各产业按产能和技术水平测算的高层次人才需求",
        "High-level talent each sector needs for its capacity and technology intensity \
            (effectively in FTE).";
    DEMAND_S = "demand", "S", "person", Neutral, [],
        "技能人才需求", "skilled technician demand",
        "各产业按产能和技术水平测算的技能人才需求",
        "Skilled technicians each sector needs for its capacity and technology intensity.";
    DEMAND_G = "demand", "G", "person", Neutral, [],
        "普通劳动力需求", "general labour demand",
        "各产业按产能和技术水平测算的普通劳动力需求",
        "General labour each sector needs for its capacity and technology intensity.";
    GAP_H = "gap", "H", "person", Lower, [],
        "高层次人才缺口", "high-level talent gap",
        "高层次人才需求超出有效供给部分，分产业及全市合计",
        "Shortfall of high-level supply below demand, reported per sector and as the city total \
            (demand is effectively in FTE).";
    GAP_S = "gap", "S", "person", Lower, [],
        "技能人才缺口", "skilled technician gap",
        "技能人才需求超出现有人数部分，分产业及全市合计",
        "Shortfall of skilled technicians below demand, reported per sector and as the city total.";
    ADEQUACY_H = "adequacy", "H", "1", Higher, [],
        "高层次人才充足率", "high-level adequacy",
        "各产业高层次人才有效供给与需求之比，1为满足",
        "Ratio of high-level supply to demand in each sector (1 = demand fully met).";
    ADEQUACY_S = "adequacy", "S", "1", Higher, [],
        "技能人才充足率", "skilled adequacy",
        "各产业技能人才人数与需求之比，1为满足",
        "Ratio of skilled technicians to demand in each sector (1 = demand fully met).";
    ADEQUACY_PERCEIVED_H = "adequacy_perceived", "H", "1", Higher, [],
        "企业感知高层次人才充足率", "perceived high-level adequacy",
        "各产业企业滞后感知的高层次人才充足率，影响投资",
        "High-level adequacy as each sector's firms perceive it after a delay; it drives their \
            investment and upgrading.";
    ADEQUACY_PERCEIVED_S = "adequacy_perceived", "S", "1", Higher, [],
        "企业感知技能人才充足率", "perceived skilled adequacy",
        "各产业企业滞后感知的技能人才充足率，影响投资",
        "Skilled adequacy as each sector's firms perceive it after a delay; it drives investment \
            and project landing.";
    RD_FTE_H = "rd_fte", "H", "FTE", Higher, [],
        "研发人员全时当量", "R&D labour (FTE)",
        "各产业从事研发的人才全时当量，含飞地和柔性人才",
        "R&D labour of each sector in FTE (R&D share of firm staff plus enclave and flexible \
            contributions); drives upgrading.";
    STRUCTURAL_DEVIATION_H = "structural_deviation", "H", "1", Neutral, [],
        "高层次人才结构偏离度", "high-level structural deviation",
        "各产业高层次人才供给占比减需求占比，0为均衡",
        "Each sector's share of city high-level supply minus its share of demand (0 = supply mix \
            matches demand).";
    STRUCTURAL_DEVIATION_S = "structural_deviation", "S", "1", Neutral, [],
        "技能人才结构偏离度", "skilled structural deviation",
        "各产业技能人才占比减需求占比，0为均衡",
        "Each sector's share of city skilled technicians minus its share of demand (0 = supply mix \
            matches demand).";
    FLOW_INVESTMENT = "flow_investment", "", "亿元/yr/yr", Neutral, [],
        "产能投资", "investment in capacity",
        "各产业每年投资新增的产能",
        "Capacity added by investment in each sector per year.";
    FLOW_DEPRECIATION = "flow_depreciation", "", "亿元/yr/yr", Neutral, [],
        "产能折旧", "capacity depreciation",
        "各产业每年因折旧减少的产能",
        "Capacity lost to depreciation in each sector per year.";
    FLOW_LANDED_CAPACITY = "flow_landed_capacity", "", "亿元/yr/yr", Neutral, [],
        "飞地项目落地新增产能", "capacity landed from enclave projects",
        "各产业每年由飞地孵化项目落地形成的产能",
        "Capacity added in each sector per year by enclave-incubated projects that land in \
            Bazhong.";
    FLOW_HIRES_PROGRAMME_H = "flow_hires_programme", "H", "person/yr", Neutral, [],
        "计划引才人数", "programme hires",
        "各产业每年通过企业引才计划引进的人才（政招企用另计）",
        "High-level hires per year in each sector through the enterprise recruitment quota (the \
            deployed 政招企用 posts are flow_hires_deployed).";
    FLOW_HIRES_SECTOR_PROGRAMME_H = "flow_hires_sector_programme", "H", "person/yr", Neutral, [],
        "产业专项计划引才人数", "sector-programme hires",
        "各产业专项计划（如霞石计划）每年新增名额引进的高层次人才",
        "High-level hires per year of the sector's own programme (专项计划), on top of the common \
            quotas.";
    FLOW_HIRES_MARKET_H = "flow_hires_market", "H", "person/yr", Neutral, [],
        "市场化引才人数", "market hires",
        "各产业企业每年自主市场化引进的高层次人才",
        "High-level hires per year that each sector's firms make on the open market, outside the \
            quotas.";
    FLOW_RELOCATIONS_H = "flow_relocations", "H", "person/yr", Neutral, [],
        "项目团队随迁人数", "team relocations with landed projects",
        "各产业每年随飞地落地项目迁入的高层次人才",
        "High-level team members per year who relocate to each sector with landed enclave \
            projects.";
    FLOW_SETTLEMENTS_H = "flow_settlements", "H", "person/yr", Neutral, [],
        "服务期满转稳定人数", "recruits completing commitment",
        "各产业每年服务期满转为稳定期的人才",
        "Recruits per year in each sector who complete the service-commitment period and become \
            settled staff.";
    FLOW_QUITS_RECRUITS_H = "flow_quits_recruits", "H", "person/yr", Neutral, [],
        "服务期内离职人数", "quits of recruits",
        "各产业每年服务期内离开巴中的新引进人才",
        "Recruits per year in each sector who leave during the service-commitment period.";
    FLOW_QUITS_SETTLED_H = "flow_quits_settled", "H", "person/yr", Neutral, [],
        "稳定期人才离职人数", "quits of settled staff",
        "各产业每年离开的稳定期高层次人才",
        "Settled high-level staff per year in each sector who quit.";
    FLOW_RETIREMENTS_H = "flow_retirements", "H", "person/yr", Neutral, [],
        "高层次人才退休人数", "retirements of high-level talent",
        "各产业每年退休的稳定期高层次人才",
        "Settled high-level staff per year in each sector who retire.";
    FLOW_PROMOTIONS_S = "flow_promotions", "S", "person/yr", Neutral, [],
        "技能人才晋升人数", "promotions of skilled to high-level",
        "各产业每年由技能人才晋升为高层次人才的人数",
        "Skilled technicians per year in each sector promoted to high-level talent (leave S, enter \
            settled H).";
    FLOW_GRADUATES_S = "flow_graduates", "S", "person/yr", Neutral, [],
        "职校毕业生留巴就业", "vocational graduates staying",
        "各产业每年新增的留巴职校毕业生（含订单班）",
        "Vocational graduates (order classes and general) per year who stay in Bazhong and join \
            each sector.";
    FLOW_UPSKILLED_S = "flow_upskilled", "S", "person/yr", Neutral, [],
        "在职培训晋级人数", "upskilled to senior worker",
        "各产业每年经在职培训达到高级工的人数",
        "Workers per year in each sector who reach senior-worker (高级工) level through in-service \
            upskilling.";
    FLOW_HIRES_EXTERNAL_S = "flow_hires_external", "S", "person/yr", Neutral, [],
        "外部引进技能人才", "external hires of skilled technicians",
        "各产业每年从外地（返乡、外市）招聘的技能人才",
        "Skilled technicians per year hired into each sector from outside Bazhong (returnees, \
            other cities).";
    FLOW_QUITS_S = "flow_quits", "S", "person/yr", Neutral, [],
        "技能人才离职人数", "quits of skilled technicians",
        "各产业每年离职的技能人才",
        "Skilled technicians per year who quit each sector.";
    FLOW_RETIREMENTS_S = "flow_retirements", "S", "person/yr", Neutral, [],
        "技能人才退休人数", "retirements of skilled technicians",
        "各产业每年退休的技能人才",
        "Skilled technicians per year who retire from each sector.";
    POPULATION = "population", "", "person", Neutral, [],
        "常住人口", "resident population",
        "全市常住人口（外生趋势）",
        "Resident population of Bazhong (exogenous trend).";
    LABOUR_FORCE = "labour_force", "", "person", Neutral, [],
        "劳动力总量", "labour force",
        "全市劳动年龄人口中参与劳动的人数",
        "Working-age residents who participate in the labour force; it caps general-labour \
            employment.";
    GDP_TREND = "gdp_trend", "", "亿元/yr", Neutral, [],
        "地区生产总值趋势值", "GDP trend",
        "地区生产总值的平滑趋势值，用于计算趋势增速",
        "Smoothed trend of GDP, used only to measure trend growth.";
    GDP_GROWTH_TREND = "gdp_growth_trend", "", "1/yr", Higher, [],
        "经济趋势增速", "trend GDP growth",
        "地区生产总值相对趋势值的年增长率",
        "Trend growth rate of GDP (continuous rate per year); calendar-year growth is in the \
            annual statistics.";
    VALUE_ADDED_TEN_SECTORS = "value_added_ten_sectors", "", "亿元/yr", Higher, [],
        "5+2+3产业增加值", "value added of the 10 sectors",
        "“5+2+3”十大产业增加值合计",
        "Total value added of the ten sectors of the 5+2+3 industrial system.";
    VALUE_ADDED_RESIDUAL = "value_added_residual", "", "亿元/yr", Neutral, [],
        "其他经济部门增加值", "value added of the rest of the economy",
        "十大产业以外（建筑、公共管理等）增加值，外生",
        "Value added outside the ten sectors (construction, public administration, other \
            services); exogenous.";
    GENERAL_LABOUR_ADEQUACY_G = "general_labour_adequacy", "G", "1", Higher, [],
        "普通劳动力充足率", "general labour adequacy",
        "劳动力对普通劳动力需求的满足程度，最高为1",
        "Share of general-labour demand the labour force can fill (at most 1).";
    ENCLAVE_RESEARCHERS_H = "enclave_researchers", "H", "person", Higher, [],
        "飞地研发人员", "enclave researchers",
        "在成渝科创飞地工作的研发人员数",
        "Researchers working on Bazhong's innovation-enclave seats in Chengdu/Chongqing.";
    FLEXIBLE_CONTRACTS_H = "flexible_contracts", "H", "person", Higher, [],
        "柔性引才签约人数", "flexible-talent contracts",
        "柔性引进人才（周末工程师、顾问）签约人数",
        "Flexible-talent contracts in force (weekend engineers, advisers); each contributes part \
            of an FTE.";
    FILL_RATE_S = "fill_rate", "S", "1", Higher, [],
        "技能人才满足率", "skilled fill rate",
        "各产业技能人才需求被满足部分占总需求比重",
        "Share of total skilled demand met, counting in each sector supply only up to its demand \
            (matching degree).";
    STRUCTURAL_SIMILARITY_H = "structural_similarity", "H", "1", Higher, [],
        "高层次人才结构相似度", "high-level structural similarity",
        "高层次人才供给与需求产业结构的相似度，1为一致",
        "Cosine similarity of high-level supply and demand across sectors (1 = same sector mix).";
    STRUCTURAL_SIMILARITY_S = "structural_similarity", "S", "1", Higher, [],
        "技能人才结构相似度", "skilled structural similarity",
        "技能人才供给与需求产业结构的相似度，1为一致",
        "Cosine similarity of skilled supply and demand across sectors (1 = same sector mix).";
    LOSS_RATE_H = "loss_rate", "H", "1/yr", Lower, [],
        "高层次人才流失率", "high-level loss rate",
        "企业高层次人才每年离职人数占存量比重",
        "Quits per year of high-level talent in firms (recruits and settled) as a share of that \
            stock.";
    ATTRACTIVENESS_H = "attractiveness", "H", "1", Higher, [],
        "对高层次人才吸引力", "attractiveness to high-level talent",
        "巴中对高层次人才的吸引力，相对成都（1为相当）",
        "Attractiveness of Bazhong to high-level talent relative to Chengdu (1 = as attractive): \
            pay, peers, amenity, housing, access.";
    ATTRACTIVENESS_PERCEIVED_H = "attractiveness_perceived", "H", "1", Higher, [],
        "高层次人才感知吸引力", "perceived attractiveness, high-level",
        "高层次人才滞后感知的吸引力，决定离职倾向",
        "Attractiveness as high-level talent perceive it after a delay; it sets quit rates and \
            arrivals.";
    ATTRACTIVENESS_ARRIVAL_H = "attractiveness_arrival", "H", "1", Higher, [],
        "引进时吸引力", "arrival attractiveness, high-level",
        "计入安家补助后对新引进人才的吸引力",
        "Perceived attractiveness to candidates including the settling subsidy; it sets programme \
            acceptance and market success.";
    ATTRACTIVENESS_S = "attractiveness", "S", "1", Higher, [],
        "对技能人才吸引力", "attractiveness to skilled technicians",
        "巴中对技能人才的吸引力，相对成都（1为相当）",
        "Attractiveness of Bazhong to skilled technicians relative to Chengdu (1 = as attractive).";
    ATTRACTIVENESS_PERCEIVED_S = "attractiveness_perceived", "S", "1", Higher, [],
        "技能人才感知吸引力", "perceived attractiveness, skilled",
        "技能人才滞后感知的吸引力，决定离职和应聘",
        "Attractiveness as skilled technicians perceive it after a delay; it sets their quits and \
            acceptance.";
    ACCEPTANCE_PROGRAMME_H = "acceptance_programme", "H", "1", Higher, [],
        "计划引才到岗率", "programme offer acceptance",
        "引才计划岗位发出后实际到岗的比例",
        "Share of recruitment-programme offers that are accepted.";
    ACCEPTANCE_MARKET_H = "acceptance_market", "H", "1", Higher, [],
        "候选人才选择巴中比例", "candidates choosing Bazhong",
        "高层次候选人才在巴中与成都之间选择巴中的比例",
        "Share of high-level candidates who choose Bazhong over 成都 when both offer a post (½ at \
            equal attractiveness); market hires are this share of the candidates the programmes \
            did not take.";
    CANDIDATE_POOL_H = "candidate_pool", "H", "person/yr", Higher, [],
        "高层次候选人才规模", "high-level candidates a year",
        "每年考虑到巴中就业的高层次候选人才人数（引才计划与市场化招聘的共同来源）",
        "High-level candidates a year weighing a post in Bazhong: every programme and market hire \
            comes from them.";
    TALENT_DEPLOYED_H = "talent_deployed", "H", "person", Higher, [],
        "政招企用在企人员", "deployed 编制 staff in firms",
        "以事业编制招聘、在企业工作的高层次人才（政招企用）",
        "High-level talent hired on public-institution (编制) posts and working in firms \
            (政招企用), per sector and in total.";
    FLOW_HIRES_DEPLOYED_H = "flow_hires_deployed", "H", "person/yr", Neutral, [],
        "政招企用引进人数", "政招企用 hires",
        "各产业每年通过政招企用引进的高层次人才",
        "High-level talent hired per year on deployed public-institution posts, per sector.";
    FLOW_EXITS_DEPLOYED_H = "flow_exits_deployed", "H", "person/yr", Neutral, [],
        "政招企用人员流出", "exits of deployed staff",
        "各产业政招企用人员每年离开的人数",
        "Deployed 编制 staff leaving per year, per sector: at the public-service rate, or like the \
            firm's settled staff under `structure.deployed_retention` = 1 (H11).";
    FLOW_RETURNS_DEPLOYED_H = "flow_returns_deployed", "H", "person/yr", Neutral, [],
        "错配人员回流事业单位", "mismatched staff returning to public posts",
        "政招企用中人岗错配者每年回到事业单位岗位的人数",
        "Mismatched 政招企用 staff returning per year to public-service posts, per sector and in \
            total.";
    ACCEPTANCE_EXTERNAL_S = "acceptance_external", "S", "1", Higher, [],
        "外出技能人才选择返巴比例", "skilled pool share choosing Bazhong",
        "在外技能人才中选择回巴中而非去成都的比例",
        "Share of the external skilled pool (natives working elsewhere and others) that chooses \
            Bazhong over 成都; ½ when Bazhong is as attractive as 成都.";
    PAY_H = "pay", "H", "万元/yr", Higher, [],
        "高层次人才年薪", "high-level pay",
        "企业支付的高层次人才年薪加人才津贴（2024年价格）",
        "Annual pay of high-level talent: firm pay plus any allowance, at constant 2024 prices.";
    PAY_S = "pay", "S", "万元/yr", Higher, [],
        "技能人才年薪", "skilled pay",
        "技能人才年薪（2024年价格）",
        "Annual pay of skilled technicians at constant 2024 prices.";
    RELATIVE_PAY_H = "relative_pay", "H", "1", Higher, [],
        "高层次人才相对成都薪酬", "high-level pay relative to 成都",
        "高层次人才薪酬相对成都的水平，1为2024年水平",
        "High-level pay relative to 成都's (which grows at the reference pay growth), 1 = the \
            balanced start.";
    RELATIVE_PAY_S = "relative_pay", "S", "1", Higher, [],
        "技能人才相对成都薪酬", "skilled pay relative to 成都",
        "技能人才薪酬相对成都的水平，1为2024年水平",
        "Skilled pay relative to 成都's, 1 = the start year.";
    STAY_RATE_ORDER_CLASS_S = "stay_rate_order_class", "S", "1", Higher, [],
        "订单班毕业生留巴率", "order-class graduates staying",
        "订单班毕业生留在巴中就业的比例，随技能人才吸引力变化",
        "Share of order-class graduates who stay in Bazhong; it rises with skilled \
            attractiveness.";
    STAY_RATE_GENERAL_S = "stay_rate_general", "S", "1", Higher, [],
        "普通职校毕业生留巴率", "general graduates staying",
        "普通职校毕业生留在巴中就业的比例，随技能人才吸引力变化",
        "Share of general vocational graduates who stay in Bazhong; it rises with skilled \
            attractiveness.";
    SURPLUS_H = "surplus", "H", "person", Neutral, [],
        "高层次人才富余", "high-level surplus",
        "高层次人才供给超出需求的人数（稳定人才中可转岗部分）",
        "Settled high-level staff beyond demand (supply above demand, at most the settled \
            stock): those who can move to sectors short of talent.";
    SURPLUS_S = "surplus", "S", "person", Neutral, [],
        "技能人才富余", "skilled surplus",
        "技能人才超出需求的人数",
        "Skilled technicians beyond demand.";
    DISSIMILARITY_H = "dissimilarity", "H", "1", Lower, [],
        "高层次人才结构错配指数", "high-level structural mismatch",
        "供给与需求的产业结构差异（0为完全匹配，1为完全错位）",
        "Dissimilarity of the sector mix of high-level supply and demand, ½·Σ|supply share − \
            demand share| (0 = same mix, 1 = no overlap).";
    DISSIMILARITY_S = "dissimilarity", "S", "1", Lower, [],
        "技能人才结构错配指数", "skilled structural mismatch",
        "技能人才供给与需求的产业结构差异（0为完全匹配）",
        "Dissimilarity of the sector mix of skilled supply and demand (0 = same mix, 1 = no \
            overlap).";
    FLOW_MOVES_H = "flow_moves", "H", "person/yr", Neutral, [],
        "高层次人才跨产业转岗", "high-level moves between sectors",
        "富余高层次人才每年转入缺口产业的人数",
        "Settled high-level staff per year moving from sectors in surplus to sectors with gaps.";
    FLOW_MOVES_S = "flow_moves", "S", "person/yr", Neutral, [],
        "技能人才跨产业转岗", "skilled moves between sectors",
        "富余技能人才每年转入缺口产业的人数",
        "Skilled technicians per year moving from sectors in surplus to sectors with gaps.";
    FLOW_MOVES_IN_H = "flow_moves_in", "H", "person/yr", Neutral, [],
        "高层次人才转入", "high-level moves in",
        "各产业每年从富余产业转入的稳定高层次人才",
        "Settled high-level staff per year entering the sector from sectors in surplus.";
    FLOW_MOVES_OUT_H = "flow_moves_out", "H", "person/yr", Neutral, [],
        "高层次人才转出", "high-level moves out",
        "各产业每年转出到缺口产业的稳定高层次人才",
        "Settled high-level staff per year leaving the sector's surplus for sectors with gaps.";
    FLOW_MOVES_IN_S = "flow_moves_in", "S", "person/yr", Neutral, [],
        "技能人才转入", "skilled moves in",
        "各产业每年从富余产业转入的技能人才",
        "Skilled technicians per year entering the sector from sectors in surplus.";
    FLOW_MOVES_OUT_S = "flow_moves_out", "S", "person/yr", Neutral, [],
        "技能人才转出", "skilled moves out",
        "各产业每年转出到缺口产业的技能人才",
        "Skilled technicians per year leaving the sector's surplus for sectors with gaps.";
    AMENITY_CAPITAL = "amenity_capital", "", "亿元", Higher, [],
        "人才配套设施存量", "amenity capital",
        "人才公寓、学校、医疗、文化等配套设施存量",
        "Stock of amenity capital serving talent: talent apartments, schools, clinics, cultural \
            facilities.";
    AMENITY_INDEX = "amenity_index", "", "1", Higher, [],
        "宜居环境指数", "amenity index",
        "非经济宜居环境指数（2024年为1）",
        "Index of non-economic amenity (1 = 2024), driven by amenity capital and public-service \
            capacity (schools, hospitals).";
    PIPELINE_ORDER_CLASS_S = "pipeline_order_class", "S", "person", Neutral, [],
        "订单班在校生", "order-class students",
        "订单班、产业学院在读学生人数",
        "Students currently in order classes and industry colleges (订单班, 产业学院).";
    PIPELINE_GENERAL_S = "pipeline_general", "S", "person", Neutral, [],
        "普通职校在校生", "general vocational students",
        "普通职业教育在读学生人数",
        "Students currently in general vocational courses.";
    PIPELINE_UPSKILLING_S = "pipeline_upskilling", "S", "person", Neutral, [],
        "在职提升培训在训人数", "upskilling trainees",
        "正在参加在职技能提升培训的人数",
        "Workers currently in in-service upskilling towards senior-worker level.";
    FLOW_VOCATIONAL_ENTRANTS_S = "flow_vocational_entrants", "S", "person/yr", Neutral, [],
        "职业院校招生人数", "vocational entrants",
        "每年职业院校新招生人数",
        "New vocational entrants per year (order classes and general).";
    FLOW_ORDER_CLASS_COMPLETIONS_S = "flow_order_class_completions", "S", "person/yr", Neutral, [],
        "订单班结业人数", "order-class completions",
        "每年订单班结业人数（未扣毕业率和留巴率）",
        "Students completing order classes per year, before graduation yield and stay rate.";
    FLOW_GENERAL_COMPLETIONS_S = "flow_general_completions", "S", "person/yr", Neutral, [],
        "普通职校结业人数", "general vocational completions",
        "每年普通职校结业人数（未扣毕业率和留巴率）",
        "Students completing general vocational courses per year, before graduation yield and stay \
            rate.";
    FLOW_UPSKILLING_ENTRANTS_S = "flow_upskilling_entrants", "S", "person/yr", Neutral, [],
        "在职培训入训人数", "upskilling entrants",
        "每年进入在职技能提升培训的人数",
        "Workers entering in-service upskilling per year.";
    FLOW_UPSKILLING_OUTPUT_S = "flow_upskilling_output", "S", "person/yr", Neutral, [],
        "在职培训新增高级工", "upskilling output",
        "每年经在职培训新增的高级工以上人数",
        "Trainees per year who reach senior-worker level and join the skilled stock.";
    FLOW_UPSKILLING_EXITS_S = "flow_upskilling_exits", "S", "person/yr", Neutral, [],
        "在职培训结业人数", "upskilling exits",
        "每年结束在职培训的人数（含未达标者）",
        "Trainees per year leaving upskilling, whether or not they qualify.";
    FLOW_HIRES_PUBLIC_SERVICE_H = "flow_hires_public_service", "H", "person/yr", Neutral, [],
        "事业单位引进人数", "public-service hires",
        "每年事业单位引进并留在系统内的高层次人才",
        "High-level hires per year by public institutions who are not deployed to firms.";
    FLOW_EXITS_PUBLIC_SERVICE_H = "flow_exits_public_service", "H", "person/yr", Neutral, [],
        "事业单位人才流出人数", "public-service exits",
        "每年离开事业单位的高层次人才",
        "High-level public-service staff per year who leave.";
    FLOW_HIRES_HIGH_LEVEL_H = "flow_hires_high_level", "H", "person/yr", Neutral, [],
        "高层次人才引进合计", "high-level hires, total",
        "每年计划引才、产业专项、市场引才和事业单位引进合计",
        "All high-level hires per year: programme, sector-programme and market hires by firms \
            plus public-service hires.";
    FLOW_ENCLAVE_HIRES_H = "flow_enclave_hires", "H", "person/yr", Neutral, [],
        "飞地研发人员招聘数", "enclave hires",
        "每年飞地新聘研发人员数",
        "Researchers hired onto enclave seats per year.";
    FLOW_ENCLAVE_CLOSURES_H = "flow_enclave_closures", "H", "person/yr", Neutral, [],
        "飞地席位调减人数", "enclave seat reductions",
        "每年因飞地席位缩减而减少的研发人员",
        "Enclave researchers shed per year when seats are cut below the staff in post.";
    FLOW_ENCLAVE_QUITS_H = "flow_enclave_quits", "H", "person/yr", Neutral, [],
        "飞地研发人员流失数", "enclave quits",
        "每年离开飞地的研发人员数",
        "Enclave researchers who leave per year.";
    FLOW_PROJECTS_STARTED = "flow_projects_started", "", "project/yr", Neutral, [],
        "飞地新启动孵化项目", "enclave projects started",
        "每年飞地新启动的孵化项目数",
        "Projects started in the enclave per year.";
    FLOW_PROJECTS_COMPLETED = "flow_projects_completed", "", "project/yr", Neutral, [],
        "飞地完成孵化项目", "enclave projects completed",
        "每年完成孵化的飞地项目数（部分落地巴中）",
        "Enclave projects finishing incubation per year; a share of them lands in Bazhong.";
    FLOW_FLEXIBLE_NET_H = "flow_flexible_net", "H", "person/yr", Neutral, [],
        "柔性引才净增签约数", "net change of flexible contracts",
        "每年柔性引才合同净增加数（可为负）",
        "Net change in flexible-talent contracts per year (negative when contracts end).";
    PROJECTS_INCUBATING = "projects_incubating", "", "project", Neutral, [],
        "飞地在孵项目数", "enclave projects incubating",
        "飞地正在孵化的项目数",
        "Projects currently in incubation in the enclave.";
    ENCLAVE_RD_SHARE_H = "enclave_rd_share", "H", "1", Neutral, [],
        "飞地研发贡献占比", "enclave share of R&D labour",
        "飞地研发人员折算贡献占全市研发人力的比重",
        "FTE the enclave contributes to local firms as a share of all R&D labour in the ten \
            sectors.";
    LANDED_PROJECTS_CUMULATIVE = "landed_projects_cumulative", "", "project", Higher, [],
        "累计落地项目数", "cumulative landed projects",
        "自起始年以来落地巴中的飞地项目与共建产业飞地项目累计数",
        "Enclave projects and partner-region projects landed in Bazhong since the start year \
            (partner projects counted whole; their capacity counts by the value share).";
    COST_SUBSIDY = "cost_subsidy", "", "亿元", Lower, [],
        "安家补助", "housing subsidy",
        "自起始年以来安家补助累计财政支出",
        "Cumulative fiscal cost of the settling subsidy (安家补助) since the start year, paid in \
            full at hire.";
    COST_ENCLAVE = "cost_enclave", "", "亿元", Lower, [],
        "飞地席位", "enclave seats",
        "自起始年以来科创飞地席位累计财政支出",
        "Cumulative fiscal cost of innovation-enclave seats since the start year.";
    COST_TRAINING = "cost_training", "", "亿元", Lower, [],
        "技能培训与订单班", "training and order classes",
        "自起始年以来在职培训和订单班累计财政支出",
        "Cumulative fiscal cost of upskilling, order-class, online-upskilling (云上大学城) and \
            retraining (转岗培训) places since the start year.";
    COST_FLEXIBLE = "cost_flexible", "", "亿元", Lower, [],
        "柔性引才", "flexible talent",
        "自起始年以来柔性引才合同累计财政支出",
        "Cumulative fiscal cost of flexible-talent contracts since the start year.";
    COST_AMENITY = "cost_amenity", "", "亿元", Lower, [],
        "人才公寓与公共服务", "amenity investment",
        "自起始年以来新增人才配套设施累计投入",
        "Cumulative extra amenity investment (talent apartments, schooling, clinics) since the \
            start year; maintenance excluded.";
    COST_SERVICE = "cost_service", "", "亿元", Lower, [],
        "人才服务体系", "talent-service system",
        "自起始年以来人才服务体系累计财政支出",
        "Cumulative fiscal cost of the talent-service system (service officers, one-stop service) \
            since the start year.";
    SPENDING_RATE = "spending_rate", "", "亿元/yr", Lower, [],
        "年度财政支出", "fiscal spending rate",
        "当前各项人才政策每年财政支出合计",
        "Current annual fiscal spending on all costed talent programmes.";
    COUPLING_TALENT_INDEX = "coupling_talent_index", "", "1", Higher, [],
        "人才子系统指数", "talent subsystem index (U1)",
        "人才子系统综合评价指数（0至1）",
        "Talent subsystem index U1 in [0, 1]: talent densities, fill rates and retention on fixed \
            bounds.";
    COUPLING_INDUSTRY_INDEX = "coupling_industry_index", "", "1", Higher, [],
        "产业子系统指数", "industry subsystem index (U2)",
        "产业子系统综合评价指数（0至1）",
        "Industry subsystem index U2 in [0, 1]: GDP per capita, high-tech share and manufacturing \
            share on fixed bounds.";
    COUPLING_DEGREE = "coupling_degree", "", "1", Higher, [],
        "耦合度", "coupling degree (C)",
        "人才与产业子系统的耦合度，1为完全均衡",
        "Coupling degree C of the talent and industry subsystems (1 = equally developed).";
    COORDINATION_INDEX = "coordination_index", "", "1", Higher, [],
        "综合协调指数", "comprehensive index (T)",
        "人才与产业子系统指数的加权平均",
        "Comprehensive index T: weighted mean of the talent and industry subsystem indices.";
    COORDINATION_GRADE = "coordination_grade", "", "grade 1-10", Higher, [],
        "耦合协调等级", "coordination grade (1-10)",
        "耦合协调等级，1极度失调至10优质协调",
        "Grade of the coordination degree, 1 (extreme imbalance) to 10 (high-quality \
            coordination).";
    COUPLING_STAGE = "coupling_stage", "", "stage 1-4", Higher, [],
        "耦合阶段", "coupling stage (1-4)",
        "耦合阶段：1低水平耦合，2拮抗，3磨合，4高水平耦合",
        "Stage of the coupling degree C: 1 low-level coupling (C ≤ 0.3), 2 antagonism (≤ 0.5), 3 \
            running-in (≤ 0.8), 4 high-level coupling.";
    COST_ALLOWANCE = "cost_allowance", "", "亿元", Lower, [],
        "人才津贴累计支出", "talent allowance, cumulative cost",
        "人才津贴的累计财政支出",
        "Cumulative fiscal spending on recurring allowances paid to high-level talent working in \
            Bazhong.";
    COST_RENT = "cost_rent", "", "亿元", Lower, [],
        "人才公寓租房补贴", "rent subsidies",
        "自起始年以来向服务期内引进人才发放的租房补贴累计支出",
        "Cumulative rent subsidies paid to firms' recruits in their commitment period.";
    COST_STATIONS = "cost_stations", "", "亿元", Lower, [],
        "人才驿站", "talent stations",
        "自起始年以来各产业人才驿站累计投入",
        "Cumulative spending on the sectors' talent stations (人才驿站).";
    COST_PLATFORM = "cost_platform", "", "亿元", Lower, [],
        "产业技术研究院等平台", "innovation platforms",
        "自起始年以来产业技术研究院等创新平台累计投入",
        "Cumulative spending on innovation platforms (产业技术研究院, 产学研).";
    COST_HR_PARK = "cost_hr_park", "", "亿元", Lower, [],
        "人力资源服务产业园", "HR-service parks",
        "自起始年以来人力资源服务产业园累计投入",
        "Cumulative spending on HR-service parks (人力资源服务产业园).";
    COST_PROGRAMMES = "cost_programmes", "", "亿元", Lower, [],
        "产业专项计划", "sector programmes",
        "自起始年以来产业专项计划（补助与研发资金）累计支出",
        "Cumulative cost of the sector programmes (专项计划): their subsidies per hire and \
            research funds.";
    COST_SALARIES = "cost_salaries", "", "亿元", Lower, [],
        "编制人员财政工资", "public salaries of 编制 posts",
        "自起始年以来事业单位及政招企用编制人员财政工资累计支出",
        "Cumulative public salaries of filled high-level 编制 posts (public service and deployed \
            政招企用 staff).";
    COST_PUBLIC_SERVICE = "cost_public_service", "", "亿元", Lower, [],
        "公共服务能力提升", "public-service capacity",
        "自起始年以来公共服务能力超出2024年水平部分的累计支出",
        "Cumulative spending on public-service capacity above its 2024 level.";
    COST_PARTNER = "cost_partner", "", "亿元", Lower, [],
        "共建产业飞地项目", "partner-region projects",
        "自起始年以来共建产业飞地项目引进累计支出",
        "Cumulative public cost of projects landing from partner regions.";
}
