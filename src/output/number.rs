//! One way to write a number for a reader — tables, reports and chart ticks alike: thousands
//! separators from 1,000, one decimal from 10, two from 1, three below, and the minus sign −.

/// A number for a reader: thousands separators from 1,000, one decimal from 10, two from 1,
/// three below; "—" when not finite.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let a = v.abs();
    let text = if a == 0.0 {
        "0".to_string()
    } else if a >= 1000.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    };
    group_thousands(&text)
}

/// `text` (a plain decimal) with a comma every three digits of its whole part.
pub fn group_thousands(text: &str) -> String {
    // The minus sign, not a hyphen, as print and the reports write it.
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("−", r));
    let (whole, frac) = rest.split_once('.').map_or((rest, ""), |(w, f)| (w, f));
    let mut out = String::new();
    for (k, c) in whole.chars().enumerate() {
        if k > 0 && (whole.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if frac.is_empty() {
        format!("{sign}{out}")
    } else {
        format!("{sign}{out}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_thousands_and_keep_their_sign() {
        assert_eq!(number(1_234_567.4), "1,234,567");
        assert_eq!(number(-12_345.0), "−12,345");
        assert_eq!(number(999.94), "999.9");
        assert_eq!(number(12.345), "12.3");
        assert_eq!(number(1.234), "1.23");
        assert_eq!(number(0.1234), "0.123");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(f64::NAN), "—");
    }
}
