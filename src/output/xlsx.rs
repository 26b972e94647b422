//! `results.xlsx` of a run or comparison, for readers who work in Excel: one sheet per group of
//! indicators, wide — years as rows (values on 1 January), sectors or scenarios as columns —
//! with Chinese headers that carry the unit, numbers stored as numbers with a format by
//! magnitude, and a 说明 sheet naming every column's variable. Built from memory with
//! `rust_xlsxwriter`; the tidy CSV files stay the complete record.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::analysis::compare::Comparison;
use crate::error::Error;
use crate::model::indicator_registry::{shown_in, Shown};
use crate::results::RunResult;
use crate::scenario::Scenario;

/// The file name.
pub const XLSX: &str = "results.xlsx";

fn xlsx_error(e: XlsxError) -> Error {
    Error::Serialise {
        what: XLSX.into(),
        message: e.to_string(),
    }
}

/// A header with its unit in Chinese: "名称（单位）", the unit left out for a plain ratio.
fn header(zh: &str, unit: &str) -> String {
    if unit == "1" || unit.is_empty() {
        zh.to_string()
    } else {
        format!("{zh}（{}）", crate::units::unit_zh(unit))
    }
}

/// The number format of a column by its largest magnitude, as the reports write numbers.
fn format_for(values: &[f64]) -> Format {
    let largest = values
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    let pattern = if largest >= 1000.0 {
        "#,##0"
    } else if largest >= 10.0 {
        "#,##0.0"
    } else {
        "0.000"
    };
    Format::new().set_num_format(pattern)
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique in `used`.
fn sheet_name(wanted: &str, used: &mut Vec<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let mut name = clean.clone();
    let mut k = 2;
    while used.contains(&name) {
        name = format!("{clean}_{k}");
        k += 1;
    }
    used.push(name.clone());
    name
}

/// One wide table: a year column, then one column per (header, values at those years).
struct Table {
    sheet: String,
    years: Vec<f64>,
    columns: Vec<(String, Vec<f64>)>,
}

fn write_table(sheet: &mut Worksheet, t: &Table) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(0, 0, "年份", &bold)?;
    for (r, y) in t.years.iter().enumerate() {
        sheet.write_number(r as u32 + 1, 0, *y)?;
    }
    for (c, (head, values)) in t.columns.iter().enumerate() {
        let col = c as u16 + 1;
        sheet.write_string_with_format(0, col, head, &bold)?;
        let format = format_for(values);
        for (r, v) in values.iter().enumerate() {
            // A missing value is an empty cell, never text in a number column.
            if v.is_finite() {
                sheet.write_number_with_format(r as u32 + 1, col, *v, &format)?;
            }
        }
        sheet.set_column_width(col, (head.chars().count() as f64 * 2.0).clamp(10.0, 40.0))?;
    }
    sheet.set_freeze_panes(1, 1)?;
    Ok(())
}

/// The 说明 sheet: what the workbook holds, then (sheet, column, variable, category, unit) per
/// column.
fn write_about(
    sheet: &mut Worksheet,
    lines: &[String],
    index: &[(String, String, String, String, String)],
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (r, line) in lines.iter().enumerate() {
        sheet.write_string(r as u32, 0, line)?;
    }
    let top = lines.len() as u32 + 1;
    for (c, h) in [
        "工作表 sheet",
        "列 column",
        "变量 variable",
        "类别 category",
        "单位 unit",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(top, c as u16, *h, &bold)?;
    }
    for (r, (a, b, c, d, e)) in index.iter().enumerate() {
        for (k, text) in [a, b, c, d, e].iter().enumerate() {
            sheet.write_string(top + 1 + r as u32, k as u16, text.as_str())?;
        }
    }
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 36)?;
    sheet.set_column_width(2, 32)?;
    Ok(())
}

/// The whole years of a run's reporting times (values on 1 January).
fn whole_years(result: &RunResult) -> Vec<(usize, f64)> {
    result
        .times
        .iter()
        .enumerate()
        .filter(|(_, t)| (*t - t.round()).abs() < 1e-9)
        .map(|(k, t)| (k, t.round()))
        .collect()
}

/// `results.xlsx` of one run: city-wide indicators, one sheet per sector indicator (sectors as
/// columns), calendar-year statistics.
pub fn run_workbook(scenario: &Scenario, result: &RunResult) -> Result<Vec<u8>, Error> {
    let rows = whole_years(result);
    let years: Vec<f64> = rows.iter().map(|r| r.1).collect();
    let at = |c: usize| -> Vec<f64> { rows.iter().map(|&(k, _)| result.values[k][c]).collect() };
    let mut used = vec!["说明".to_string()];
    let mut index = Vec::new();
    let mut tables = Vec::new();
    // City-wide indicators.
    let city_sheet = sheet_name("城市指标", &mut used);
    let mut city = Vec::new();
    for (c, col) in result.columns.iter().enumerate() {
        if col.sector.is_none() {
            let head = header(col.def.zh, col.unit);
            index.push((
                city_sheet.clone(),
                head.clone(),
                col.variable.to_string(),
                col.category.to_string(),
                col.unit.to_string(),
            ));
            city.push((head, at(c)));
        }
    }
    tables.push(Table {
        sheet: city_sheet,
        years: years.clone(),
        columns: city,
    });
    // Each sector indicator on its own sheet, sectors as columns.
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for col in result.columns.iter().filter(|c| c.sector.is_some()) {
        if seen.contains(&(col.variable, col.category)) {
            continue;
        }
        seen.push((col.variable, col.category));
        let sheet = sheet_name(&format!("分产业_{}", col.def.zh), &mut used);
        let mut columns = Vec::new();
        for (c, other) in result.columns.iter().enumerate() {
            if other.variable == col.variable && other.category == col.category {
                if let Some(i) = other.sector {
                    let name = scenario
                        .sectors
                        .get(i)
                        .map_or(result.sector_ids[i].as_str(), |s| s.name_zh.as_str());
                    index.push((
                        sheet.clone(),
                        name.to_string(),
                        col.variable.to_string(),
                        col.category.to_string(),
                        col.unit.to_string(),
                    ));
                    columns.push((name.to_string(), at(c)));
                }
            }
        }
        tables.push(Table {
            sheet,
            years: years.clone(),
            columns,
        });
    }
    // Calendar-year statistics.
    let mut annual_years: Vec<f64> = result.annual.iter().map(|a| f64::from(a.year)).collect();
    annual_years.sort_by(f64::total_cmp);
    annual_years.dedup();
    let mut variables: Vec<(&str, &str)> = Vec::new();
    for a in &result.annual {
        if !variables.iter().any(|v| v.0 == a.variable) {
            variables.push((a.variable, a.unit));
        }
    }
    let annual_sheet = sheet_name("年度统计", &mut used);
    let mut columns = Vec::new();
    for (variable, unit) in variables {
        let zh = crate::model::annual::annual_label(variable).map_or(variable, |l| l.0);
        let head = header(zh, unit);
        index.push((
            annual_sheet.clone(),
            head.clone(),
            variable.to_string(),
            String::new(),
            unit.to_string(),
        ));
        let values = annual_years
            .iter()
            .map(|&y| {
                result
                    .annual
                    .iter()
                    .find(|a| a.variable == variable && f64::from(a.year) == y)
                    .map_or(f64::NAN, |a| a.value)
            })
            .collect();
        columns.push((head, values));
    }
    tables.push(Table {
        sheet: annual_sheet,
        years: annual_years,
        columns,
    });
    let about = vec![
        format!("情景 scenario: {} — {}", scenario.name, scenario.title_zh),
        "数值为各年1月1日的值（年度统计为日历年积分）；完整数据见 timeseries.csv、annual.csv。"
            .into(),
        "Values on 1 January of each year (calendar-year statistics: integrals over the year); \
         the complete record is timeseries.csv and annual.csv."
            .into(),
    ];
    save(&about, &index, &tables)
}

/// `results.xlsx` of a comparison: one sheet per comparison indicator (years as rows, scenarios as
/// columns), from each run's values on 1 January.
pub fn comparison_workbook(c: &Comparison) -> Result<Vec<u8>, Error> {
    let mut used = vec!["说明".to_string()];
    let mut index = Vec::new();
    let mut tables = Vec::new();
    let Some(first) = c.runs.first() else {
        return save(&[], &index, &tables);
    };
    let rows = whole_years(&first.result);
    let years: Vec<f64> = rows.iter().map(|r| r.1).collect();
    for def in shown_in(Shown::Comparison) {
        let sheet = sheet_name(&header(def.zh, def.unit), &mut used);
        let mut columns = Vec::new();
        for run in &c.runs {
            let Some(col) = run.result.column(def.variable, def.category, None) else {
                continue;
            };
            let head = super::plots::legend_name(
                &run.scenario.name,
                &run.scenario.title_zh,
                super::plots::Lang::Zh,
            );
            index.push((
                sheet.clone(),
                head.clone(),
                def.variable.to_string(),
                def.category.to_string(),
                def.unit.to_string(),
            ));
            let values = years.iter().map(|&y| run.result.at(col, y)).collect();
            columns.push((head, values));
        }
        tables.push(Table {
            sheet,
            years: years.clone(),
            columns,
        });
    }
    let about = vec![
        format!(
            "情景比较 comparison; 基准 baseline: {}",
            c.runs[c.baseline].scenario.name
        ),
        "每个指标一张表：行为年份（各年1月1日的值），列为各方案；完整数据见 comparison.csv \
         与各方案目录。"
            .into(),
        "One sheet per indicator: years as rows (values on 1 January), packages as columns; the \
         complete record is comparison.csv and each scenario's folder."
            .into(),
    ];
    save(&about, &index, &tables)
}

fn save(
    about: &[String],
    index: &[(String, String, String, String, String)],
    tables: &[Table],
) -> Result<Vec<u8>, Error> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("说明").map_err(xlsx_error)?;
    write_about(sheet, about, index).map_err(xlsx_error)?;
    for t in tables {
        let sheet = book
            .add_worksheet()
            .set_name(&t.sheet)
            .map_err(xlsx_error)?;
        write_table(sheet, t).map_err(xlsx_error)?;
    }
    book.save_to_buffer().map_err(xlsx_error)
}
