//! The constants of the balanced start as scenario text: what `talentloop balance` compares and
//! what `--write` puts back into the file that gives each constant.
//!
//! Each constant is a registry parameter (`params.balance.*` and the `derived` sector rows); its
//! new value replaces the number after `value =` on the line the scenario read it from, so the
//! file keeps its layout, comments, units, tags and notes.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::error::Error;
use crate::model::BalanceConstants;
use crate::scenario::{Param, Scenario};

/// One stored constant of the balanced start and the value derived for it.
#[derive(Debug, Clone)]
pub struct DerivedValue<'a> {
    /// Dotted key, e.g. `sectors.food_bev.high_level_exit_multiplier`.
    pub key: String,
    /// The parameter as the scenario gives it (value, file, line).
    pub param: &'a Param,
    /// The value derived for it.
    pub derived: f64,
}

impl DerivedValue<'_> {
    /// The value the scenario stores.
    pub fn stored(&self) -> f64 {
        self.param.value.as_constant().unwrap_or(f64::NAN)
    }

    /// |derived − stored| / max(|derived|, 10⁻¹²): how far the stored value is off.
    pub fn relative_difference(&self) -> f64 {
        (self.derived - self.stored()).abs() / self.derived.abs().max(1e-12)
    }
}

/// Every stored constant of `scenario` next to the value in `derived`, city-wide ones first, then
/// sector by sector.
pub fn derived_values<'a>(
    scenario: &'a Scenario,
    derived: &BalanceConstants,
) -> Vec<DerivedValue<'a>> {
    let city = |key: &str, derived: f64| DerivedValue {
        key: format!("params.balance.{key}"),
        param: scenario.global("balance", key),
        derived,
    };
    let mut out = vec![
        city("candidate_pool_ref", derived.candidate_pool_ref),
        city("pay_ref", derived.pay_ref),
        city("gap_ratio_high_ref", derived.gap_ratio_high_ref),
        city("gap_ratio_skilled_ref", derived.gap_ratio_skilled_ref),
        DerivedValue {
            key: "params.balance.peer_pool_ref".into(),
            param: scenario.global("balance", "peer_pool_ref"),
            derived: derived.peer_pool_ref,
        },
        DerivedValue {
            key: "params.balance.arrival_attractiveness_ref".into(),
            param: scenario.global("balance", "arrival_attractiveness_ref"),
            derived: derived.arrival_attractiveness_ref,
        },
    ];
    let per_sector: [(&str, &[f64]); 7] = [
        ("high_level_exit_multiplier", &derived.exit_h),
        ("skilled_exit_multiplier", &derived.exit_s),
        ("obsolescence", &derived.obsolescence),
        ("rd_upgrading_2024", &derived.rd_upgrading),
        ("rd_intensity_ref", &derived.rd_intensity_ref),
        ("high_level_adequacy_ref", &derived.r_h_ref),
        ("skilled_adequacy_ref", &derived.r_s_ref),
    ];
    for (i, sector) in scenario.sectors.iter().enumerate() {
        for (key, values) in per_sector {
            out.push(DerivedValue {
                key: format!("sectors.{}.{key}", sector.id),
                param: sector.param(key),
                derived: values[i],
            });
        }
    }
    out
}

/// The new text of every file that gives one of `values`, with each derived value written in
/// place of the stored one (shortest decimal that reads back as the same number). Refuses a
/// value given by `--set` or inherited from a file other than `scenario.file`: writing it would
/// change every scenario that extends that file.
pub fn rewrite(
    scenario: &Scenario,
    values: &[DerivedValue],
) -> Result<Vec<(PathBuf, String)>, Error> {
    let mut by_file: BTreeMap<PathBuf, Vec<&DerivedValue>> = BTreeMap::new();
    for v in values {
        if v.param.line == 0 || v.param.file != scenario.file {
            return Err(Error::Invalid {
                message: format!(
                    "{} is given by {} (line {}), not by {}: balance that file instead, or copy \
                        the [params.balance] and derived sector keys into this one",
                    v.key,
                    v.param.file.display(),
                    v.param.line,
                    scenario.file.display()
                ),
            });
        }
        by_file.entry(v.param.file.clone()).or_default().push(v);
    }
    let mut out = Vec::new();
    for (file, values) in by_file {
        let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
        let mut lines: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
        for v in values {
            let line = lines
                .get_mut(v.param.line - 1)
                .ok_or_else(|| Error::Invalid {
                    message: format!(
                        "{}:{}: no such line for {}",
                        file.display(),
                        v.param.line,
                        v.key
                    ),
                })?;
            *line = replace_value(line, v.derived).ok_or_else(|| Error::Invalid {
                message: format!(
                    "{}:{}: {} is not written as `value = <number>` on one line; write it so and \
                        balance again",
                    file.display(),
                    v.param.line,
                    v.key
                ),
            })?;
        }
        out.push((file, lines.concat()));
    }
    Ok(out)
}

/// `line` with the number after its first `value =` replaced by `value`; None when the line has
/// no `value = <number>`.
fn replace_value(line: &str, value: f64) -> Option<String> {
    let marker = line.find("value")?;
    let rest = &line[marker + "value".len()..];
    let equals = rest.find('=')?;
    if !rest[..equals].trim().is_empty() {
        return None;
    }
    let after = &rest[equals + 1..];
    let start = after.len() - after.trim_start().len();
    let number_len = after[start..]
        .find(|c: char| !(c.is_ascii_digit() || "+-.eE_".contains(c)))
        .unwrap_or(after.len() - start);
    if number_len == 0 {
        return None;
    }
    let prefix_len = marker + "value".len() + equals + 1 + start;
    Some(format!(
        "{}{:?}{}",
        &line[..prefix_len],
        value,
        &line[prefix_len + number_len..]
    ))
}

#[cfg(test)]
mod tests {
    use super::replace_value;

    #[test]
    fn replaces_only_the_number_after_value() {
        let line = "obsolescence = { value = 0.0, unit = \"1/yr\", source = \"derived\" }\n";
        assert_eq!(
            replace_value(line, 0.0375).unwrap(),
            "obsolescence = { value = 0.0375, unit = \"1/yr\", source = \"derived\" }\n"
        );
        let exponent = "x = { value = 1e-5, unit = \"1\" }";
        assert_eq!(
            replace_value(exponent, 2.5).unwrap(),
            "x = { value = 2.5, unit = \"1\" }"
        );
        assert!(replace_value("x = { value = { kind = \"step\" } }", 1.0).is_none());
    }
}
