//! How a report writes numbers and names: one number format (thousands separators, decimals by
//! size, shares in per cent), labels of indicators and parameters from their registries.

use crate::model::indicator_registry::{find, IndicatorDef};
use crate::output::plots::Lang;
use crate::scenario::schema::{self, Cost, ParamDef, Role};

use super::page::escape;

use crate::output::number::group_thousands;
pub use crate::output::number::number;

/// A number in `unit`: persons and posts as whole numbers (one decimal below 10), anything
/// else by [`number`].
pub fn number_in(v: f64, unit: &str) -> String {
    if unit.starts_with("person") || unit.starts_with("FTE") || unit == "project" {
        if !v.is_finite() {
            "—".into()
        } else if v.abs() >= 10.0 {
            group_thousands(&format!("{v:.0}"))
        } else {
            group_thousands(&format!("{v:.1}"))
        }
    } else {
        number(v)
    }
}

/// A percentage change with its sign and one decimal ("+12.3%", "−0.4%").
pub fn percent_change(p: f64) -> String {
    if !p.is_finite() {
        "—".into()
    } else if p < 0.0 {
        format!("−{:.1}%", -p)
    } else {
        format!("+{p:.1}%")
    }
}

/// A change in `unit` with its sign.
pub fn signed_in(v: f64, unit: &str) -> String {
    let n = number_in(v.abs(), unit);
    if v > 0.0 {
        format!("+{n}")
    } else if v < 0.0 {
        format!("−{n}")
    } else {
        n
    }
}

/// A parameter value as the manifest writes it, in words of `lang`: `step A -> B at Y` and
/// `ramp A -> B over Y1-Y2` become Chinese phrases; anything else is kept.
pub fn path_text(value: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return escape(value);
    }
    let words: Vec<&str> = value.split_whitespace().collect();
    match words.as_slice() {
        ["step", a, "->", b, "at", y] => format!("{y}年起 {a} → {b}"),
        ["ramp", a, "->", b, "over", span] => {
            let span = span.replace('-', "—");
            format!("{span}年 {a} → {b}（逐年线性）")
        }
        _ => escape(value),
    }
}

/// A share (0.1234) as per cent with one decimal ("12.3%").
pub fn percent(share: f64) -> String {
    if share.is_finite() {
        format!("{:.1}%", 100.0 * share)
    } else {
        "—".into()
    }
}

/// A probability as a whole per cent, keeping 0 and 1 apart from "almost" ("<1%", ">99%").
pub fn probability(p: f64) -> String {
    if !p.is_finite() {
        "—".into()
    } else if p > 0.0 && p < 0.01 {
        "<1%".into()
    } else if p < 1.0 && p > 0.99 {
        ">99%".into()
    } else {
        format!("{:.0}%", 100.0 * p)
    }
}

/// The registry entry of an indicator written `variable` or `variable[category]`.
pub fn indicator(id: &str) -> Option<&'static IndicatorDef> {
    let (variable, category) = crate::analysis::compare::parse_indicator(id);
    find(&variable, &category)
}

/// An indicator's name in `lang` (its id when the registry does not know it), escaped.
pub fn indicator_name(id: &str, lang: Lang) -> String {
    indicator(id).map_or_else(|| escape(id), |d| escape(d.label(lang == Lang::Zh)))
}

/// An indicator's unit for a heading in `lang` ("" for a plain ratio, "%" for a share).
pub fn indicator_unit(id: &str, lang: Lang) -> String {
    if is_share(id) {
        return "%".into();
    }
    indicator(id).map_or_else(String::new, |d| unit(d.unit, lang))
}

/// Whether an indicator is a share or rate between 0 and 1, shown in per cent: a plain ratio
/// named a share, ratio, rate or retention (not an index such as the coordination degree).
pub fn is_share(id: &str) -> bool {
    let variable = id.split('[').next().unwrap_or(id);
    indicator(id).is_some_and(|d| d.unit == "1")
        && ["share", "ratio", "rate", "retention"]
            .iter()
            .any(|w| variable.contains(w))
}

/// A value of indicator `id` for a table: shares in per cent, persons whole, the rest by
/// [`number`].
pub fn indicator_value(id: &str, v: f64) -> String {
    if is_share(id) {
        percent(v)
    } else {
        number_in(v, indicator(id).map_or("", |d| d.unit))
    }
}

/// A unit as a reader sees it in `lang`: "1" (a plain ratio or index) is left out; in Chinese
/// persons, years and full-time equivalents in words (人, 年, 全时当量).
pub fn unit(u: &str, lang: Lang) -> String {
    if u == "1" {
        return String::new();
    }
    match lang {
        Lang::En => escape(u),
        Lang::Zh => escape(&crate::units::unit_zh(u)),
    }
}

/// The registry row of a dotted parameter key (`params.<group>.<key>`, `sectors.<id>.<key>`).
pub fn param_def(key: &str) -> Option<&'static ParamDef> {
    schema::param_by_key(key)
}

/// The sector id of a sector key, if it is one.
pub fn sector_of(key: &str) -> Option<&str> {
    let mut parts = key.split('.');
    (parts.next() == Some("sectors"))
        .then(|| parts.next())
        .flatten()
}

/// A parameter's name in `lang`, with the sector for a sector key (its Chinese name from
/// `sectors` (id, name) in a Chinese report); the key itself when the registry does not know it.
pub fn param_name(key: &str, lang: Lang, sectors: &[(String, String)]) -> String {
    let Some(def) = param_def(key) else {
        return escape(key);
    };
    let name = lang.pick(def.zh, def.en);
    match sector_of(key) {
        Some(sector) => {
            let shown = match lang {
                Lang::Zh => sectors
                    .iter()
                    .find(|(id, _)| id == sector)
                    .map_or(sector, |(_, zh)| zh.as_str()),
                Lang::En => sector,
            };
            format!("{}（{}）", escape(name), escape(shown))
        }
        None => escape(name),
    }
}

/// A provenance tag as a reader sees it in `lang`.
pub fn source_label(tag: &str, lang: Lang) -> String {
    let zh = crate::scenario::Source::parse(tag).map_or(tag, |s| s.zh());
    escape(lang.pick(zh, tag))
}

/// What a lever costs, in `lang`: its cost line's name, or that it is administrative.
pub fn cost_of(key: &str, lang: Lang) -> String {
    match param_def(key).map(|d| d.role) {
        Some(Role::Lever(Cost::Line(line), _)) => indicator_name(line, lang),
        Some(Role::Lever(cost @ Cost::Administrative(..), _)) => {
            let why = cost.reason(lang == Lang::Zh).unwrap_or_default();
            escape(&match lang {
                Lang::Zh => format!("行政措施，无直接财政支出（{why}）"),
                Lang::En => format!("administrative, no direct outlay ({why})"),
            })
        }
        _ => String::new(),
    }
}

/// Whether a parameter is a policy lever.
pub fn is_lever(key: &str) -> bool {
    matches!(param_def(key).map(|d| d.role), Some(Role::Lever(..)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_probabilities_and_paths_read_as_words() {
        assert_eq!(signed_in(1234.4, "person"), "+1,234");
        assert_eq!(signed_in(-0.5, "1"), "−0.500");
        assert_eq!(number_in(94.9, "person"), "95");
        assert_eq!(
            path_text("step 40 -> 60 at 2026", Lang::Zh),
            "2026年起 40 → 60"
        );
        assert_eq!(unit("万元/person", Lang::Zh), "万元/人");
        assert_eq!(unit("亿元/yr", Lang::Zh), "亿元/年");
        assert_eq!(unit("1", Lang::Zh), "");
        assert_eq!(percent_change(-0.04), "−0.0%");
        assert_eq!(percent_change(12.34), "+12.3%");
        assert!(is_share("gap_ratio[H]") && is_share("high_tech_share_manufacturing"));
        assert!(!is_share("coordination_degree") && !is_share("talent_firms[H]"));
        assert_eq!(percent(0.1234), "12.3%");
        assert_eq!(probability(0.004), "<1%");
        assert_eq!(probability(0.996), ">99%");
        assert_eq!(probability(1.0), "100%");
        assert_eq!(probability(0.5), "50%");
    }

    #[test]
    fn parameter_keys_find_their_registry_rows() {
        assert_eq!(
            param_def("params.levers.housing_subsidy").map(|d| d.zh),
            Some("安家补助标准")
        );
        assert_eq!(
            sector_of("sectors.food_bev.market_growth"),
            Some("food_bev")
        );
        assert!(is_lever("params.levers.housing_subsidy"));
        assert!(!is_lever("params.economy.residual_growth"));
    }
}
