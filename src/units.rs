//! Units as dimensions, for checking that every equation is dimensionally consistent, and the
//! numeric policy of the model.
//!
//! A unit string such as `person/yr`, `亿元/yr/yr` or `万元/(person·yr)` parses into exponents of
//! four base dimensions: money (亿元, 万元 — scale is not a dimension), persons (person, FTE,
//! 万人), time (yr) and projects. Tests use this to check that each stock's flows have the stock's
//! unit per year.
//!
//! Numeric policy: stocks are never negative beyond [`crate::solver::NEGATIVE_TOLERANCE`]; a
//! non-finite state is a solver error naming the stocks; ratios with a zero reference are 1 (the
//! channel is absent); adequacy with zero demand is 1.

use std::fmt;
use std::ops::{Div, Mul};

/// Exponents of the base dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dim {
    /// Money (亿元, 万元).
    pub money: i8,
    /// Persons (person, FTE, 万人).
    pub person: i8,
    /// Time (yr).
    pub time: i8,
    /// Projects.
    pub project: i8,
}

impl Dim {
    /// Dimensionless.
    pub const ONE: Dim = Dim {
        money: 0,
        person: 0,
        time: 0,
        project: 0,
    };
    /// Per year.
    pub const PER_YEAR: Dim = Dim {
        money: 0,
        person: 0,
        time: -1,
        project: 0,
    };

    fn base(name: &str) -> Option<Dim> {
        let mut d = Dim::ONE;
        match name {
            "1" | "" | "grade 1-10" | "stage 1-4" => {}
            "亿元" | "万元" => d.money = 1,
            "person" | "FTE" | "万人" => d.person = 1,
            "yr" => d.time = 1,
            "project" => d.project = 1,
            "D" => {}
            _ => return None,
        }
        Some(d)
    }

    /// Parses a unit string: products with `·`, quotients with `/` (left to right), groups in
    /// parentheses; None for an unknown base unit or unbalanced parentheses.
    pub fn parse(unit: &str) -> Option<Dim> {
        let chars: Vec<char> = unit.chars().collect();
        let mut pos = 0;
        let d = Dim::expression(&chars, &mut pos)?;
        (pos == chars.len()).then_some(d)
    }

    fn expression(c: &[char], pos: &mut usize) -> Option<Dim> {
        let mut d = Dim::term(c, pos)?;
        while *pos < c.len() && c[*pos] == '/' {
            *pos += 1;
            d = d / Dim::term(c, pos)?;
        }
        Some(d)
    }

    fn term(c: &[char], pos: &mut usize) -> Option<Dim> {
        let mut d = Dim::factor(c, pos)?;
        while *pos < c.len() && c[*pos] == '·' {
            *pos += 1;
            d = d * Dim::factor(c, pos)?;
        }
        Some(d)
    }

    fn factor(c: &[char], pos: &mut usize) -> Option<Dim> {
        if *pos < c.len() && c[*pos] == '(' {
            *pos += 1;
            let d = Dim::expression(c, pos)?;
            if *pos < c.len() && c[*pos] == ')' {
                *pos += 1;
                return Some(d);
            }
            return None;
        }
        let start = *pos;
        while *pos < c.len() && !matches!(c[*pos], '/' | '·' | '(' | ')') {
            *pos += 1;
        }
        let name: String = c[start..*pos].iter().collect();
        Dim::base(name.trim())
    }
}

impl Mul for Dim {
    type Output = Dim;
    fn mul(self, o: Dim) -> Dim {
        Dim {
            money: self.money + o.money,
            person: self.person + o.person,
            time: self.time + o.time,
            project: self.project + o.project,
        }
    }
}

impl Div for Dim {
    type Output = Dim;
    fn div(self, o: Dim) -> Dim {
        Dim {
            money: self.money - o.money,
            person: self.person - o.person,
            time: self.time - o.time,
            project: self.project - o.project,
        }
    }
}

impl fmt::Display for Dim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "money^{} person^{} yr^{} project^{}",
            self.money, self.person, self.time, self.project
        )
    }
}

/// A unit as a Chinese reader writes it: persons, years, full-time equivalents, projects and
/// enterprises in words (人, 年, 全时当量, 个项目, 家); "1/yr" as 每年. Money units are Chinese
/// already.
pub fn unit_zh(unit: &str) -> String {
    unit.replace("person", "人")
        .replace("FTE", "全时当量")
        .replace("project", "个项目")
        .replace("enterprise", "家")
        .replace("1/yr", "每年")
        .replace("yr", "年")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_compound_units() {
        assert_eq!(
            Dim::parse("person/yr"),
            Some(Dim {
                person: 1,
                time: -1,
                ..Dim::ONE
            })
        );
        assert_eq!(
            Dim::parse("亿元/yr/yr"),
            Some(Dim {
                money: 1,
                time: -2,
                ..Dim::ONE
            })
        );
        assert_eq!(
            Dim::parse("万元/(person·yr)"),
            Some(Dim {
                money: 1,
                person: -1,
                time: -1,
                ..Dim::ONE
            })
        );
        assert_eq!(Dim::parse("person/(亿元/yr)"), Dim::parse("person·yr/亿元"));
        assert_eq!(Dim::parse("furlongs"), None);
    }
}
