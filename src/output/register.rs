//! The assumption register: every parameter of a scenario with value, unit, provenance and note.
//!
//! Printed by `talentloop params` (as an aligned table or CSV) and embedded in `manifest.json`, so
//! a reader can see which numbers are sourced and which are assumptions to be swept.

use std::fmt::Write as _;

use super::csv::{field, number, BOM};
use crate::scenario::schema::{self, Cost, ParamDef, Role};
use crate::scenario::{Param, Scenario, Source, TimePath};

/// One row of the register.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterRow {
    /// Dotted key, e.g. `params.levers.housing_subsidy` or `sectors.food_bev.market_growth`.
    pub key: String,
    /// Model symbol.
    pub symbol: &'static str,
    /// Value as text (a number, or the time path).
    pub value: String,
    /// Unit.
    pub unit: &'static str,
    /// Provenance tag.
    pub source: Source,
    /// Role in the model (`lever`, `driver`, …; `lookup` for graphical functions).
    pub role: &'static str,
    /// For a lever: its cost line, or why it has none.
    pub cost: String,
    /// The same in Chinese: the cost line's Chinese name, or why it has none.
    pub cost_zh: String,
    /// Chinese label.
    pub label_zh: &'static str,
    /// Note.
    pub note: String,
    /// The file (or `--set` flag) the value came from, and its line.
    pub origin: String,
}

/// Text form of a lever's cost: the cost line, or `administrative: ` and why.
pub fn cost_text(role: Role) -> String {
    match role.cost() {
        None => String::new(),
        Some(Cost::Line(line)) => line.to_string(),
        Some(cost @ Cost::Administrative(..)) => {
            format!("administrative: {}", cost.reason(false).unwrap_or_default())
        }
    }
}

/// A lever's cost as a Chinese reader reads it: the cost line's Chinese name, or
/// `行政措施：` and why.
pub fn cost_text_zh(role: Role) -> String {
    match role.cost() {
        None => String::new(),
        Some(Cost::Line(line)) => crate::model::indicator_registry::find(line, "")
            .map_or(line, |d| d.zh)
            .to_string(),
        Some(cost @ Cost::Administrative(..)) => {
            format!("行政措施：{}", cost.reason(true).unwrap_or_default())
        }
    }
}

/// Text form of a time path.
pub fn describe(path: &TimePath) -> String {
    match path {
        TimePath::Constant(v) => number(*v),
        TimePath::Step {
            year,
            before,
            after,
        } => format!("step {before} -> {after} at {year}"),
        TimePath::Ramp {
            start,
            end,
            from,
            to,
        } => format!("ramp {from} -> {to} over {start}-{end}"),
        TimePath::Table(points) => {
            let parts: Vec<String> = points.iter().map(|(x, y)| format!("{x}:{y}")).collect();
            format!("table {}", parts.join(" "))
        }
    }
}

/// `file:line`, or just the file (the `--set` flag) when there is no line.
fn origin(file: &std::path::Path, line: usize) -> String {
    let name = file.display().to_string();
    if line == 0 {
        name
    } else {
        format!("{name}:{line}")
    }
}

fn row(key: String, def: &ParamDef, p: &Param) -> RegisterRow {
    RegisterRow {
        key,
        symbol: def.symbol,
        value: describe(&p.value),
        unit: def.unit,
        source: p.source,
        role: def.role.name(),
        cost: cost_text(def.role),
        cost_zh: cost_text_zh(def.role),
        label_zh: def.zh,
        note: p.note.clone(),
        origin: origin(&p.file, p.line),
    }
}

/// Every parameter of `scenario`, globals first, then sectors, then lookups.
pub fn rows(scenario: &Scenario) -> Vec<RegisterRow> {
    let mut out = Vec::new();
    for (group, params) in schema::GROUPS.iter().zip(&scenario.globals) {
        for (def, p) in group.params.iter().zip(params) {
            out.push(row(format!("params.{}.{}", group.name, def.key), def, p));
        }
    }
    for sector in &scenario.sectors {
        for (def, p) in schema::SECTOR_PARAMS.iter().zip(&sector.params) {
            out.push(row(format!("sectors.{}.{}", sector.id, def.key), def, p));
        }
    }
    for (lookup, (_, symbol, _, zh)) in scenario.lookups.iter().zip(schema::LOOKUPS) {
        let points: Vec<String> = lookup
            .points
            .iter()
            .map(|(x, y)| format!("{x}:{y}"))
            .collect();
        out.push(RegisterRow {
            key: format!("lookups.{}", lookup.name),
            symbol,
            value: format!("table {}", points.join(" ")),
            unit: "1",
            source: lookup.source,
            role: "lookup",
            cost: String::new(),
            cost_zh: String::new(),
            label_zh: zh,
            note: lookup.note.clone(),
            origin: String::new(),
        });
    }
    out
}

/// The register as CSV (`key,symbol,value,unit,source,role,cost,label_zh,note,from`); with
/// `chinese` the header, the source tags, the roles and the costs in Chinese, for Excel readers
/// (`参数键,符号,值,单位,来源,作用,支出科目,参数名称,说明,定义位置`).
pub fn to_csv(rows: &[RegisterRow], chinese: bool) -> String {
    let mut out = String::from(BOM);
    out.push_str(if chinese {
        "参数键,符号,值,单位,来源,作用,支出科目,参数名称,说明,定义位置\n"
    } else {
        "key,symbol,value,unit,source,role,cost,label_zh,note,from\n"
    });
    for r in rows {
        let (source, role, cost) = if chinese {
            (r.source.zh(), role_zh(r.role), &r.cost_zh)
        } else {
            (r.source.as_str(), r.role, &r.cost)
        };
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{}",
            field(&r.key),
            field(r.symbol),
            field(&r.value),
            field(r.unit),
            source,
            role,
            field(cost),
            field(r.label_zh),
            field(&r.note),
            field(&r.origin)
        );
    }
    out
}

/// The register as an aligned text table.
pub fn to_table(rows: &[RegisterRow]) -> String {
    let width = |f: &dyn Fn(&RegisterRow) -> usize| rows.iter().map(f).max().unwrap_or(0);
    let wk = width(&|r| r.key.chars().count()).max(3);
    let wv = width(&|r| r.value.chars().count()).max(5);
    let wu = width(&|r| r.unit.chars().count()).max(4);
    let mut out = String::new();
    let wo = width(&|r| r.origin.chars().count()).max(4);
    let _ = writeln!(
        out,
        "{:wk$}  {:>wv$}  {:wu$}  {:10}  {:10}  {:wo$}  note",
        "key", "value", "unit", "source", "role", "from"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "{:wk$}  {:>wv$}  {:wu$}  {:10}  {:10}  {:wo$}  {}",
            r.key,
            r.value,
            r.unit,
            r.source.as_str(),
            r.role,
            r.origin,
            r.note
        );
    }
    out
}

/// A role as a Chinese reader names it.
fn role_zh(role: &str) -> &str {
    match role {
        "lever" => "政策措施",
        "driver" => "外部驱动",
        "efficacy" => "政策效力",
        "behaviour" => "行为参数",
        "initial" => "初始值",
        "structural" => "结构参数",
        "lookup" => "查找表",
        other => other,
    }
}

/// The register as a Chinese table (`params --lang zh`): name, key, value, unit, source, role
/// and note, columns aligned by display width (a CJK character is two columns).
pub fn to_table_zh(rows: &[RegisterRow]) -> String {
    use unicode_width::UnicodeWidthStr;
    // A plain ratio has no unit to print.
    let units: Vec<String> = rows
        .iter()
        .map(|r| {
            if r.unit == "1" {
                String::new()
            } else {
                crate::units::unit_zh(r.unit)
            }
        })
        .collect();
    let width = |f: &dyn Fn(usize) -> usize| (0..rows.len()).map(f).max().unwrap_or(0);
    let wn = width(&|k| rows[k].label_zh.width()).max(4);
    let wk = width(&|k| rows[k].key.width()).max(2);
    let wv = width(&|k| rows[k].value.width()).max(2);
    let wu = width(&|k| units[k].width()).max(4);
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.width())));
    let mut out = format!(
        "{}  {}  {}  {}  {}  {}  说明\n",
        pad("参数", wn),
        pad("键", wk),
        pad("值", wv),
        pad("单位", wu),
        pad("来源", 8),
        pad("作用", 8)
    );
    for (k, r) in rows.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {}  {}  {}",
            pad(r.label_zh, wn),
            pad(&r.key, wk),
            pad(&r.value, wv),
            pad(&units[k], wu),
            pad(r.source.zh(), 8),
            pad(role_zh(r.role), 8),
            r.note
        );
    }
    out
}
