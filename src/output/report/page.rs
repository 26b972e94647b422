//! The HTML page of a report: its style (screen and A4 print), the bundled CJK font embedded as a
//! web font, the table of contents and escaping. A report needs no network and no system font:
//! text and the inline SVG charts both use the embedded font.

use std::fmt::Write as _;

use base64::Engine as _;

/// The font family name the page gives the embedded font (the charts' SVG text uses it too).
const FONT_FAMILY: &str = "TalentloopCJK";

/// The bundled chart font (assets/fonts/README.md: GB2312, ASCII and the symbols the project
/// uses), embedded whole: a page then renders the same on a machine with no CJK font.
const FONT: &[u8] = include_bytes!("../../../assets/fonts/wqy-microhei-gb2312.ttf");

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page style. Print: A4 with 15 mm margins, every major section on a new page, tables and
/// figures not split, two charts a row.
const STYLE: &str = "\
body{font-family:TalentloopCJK,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;\
color:#222;line-height:1.55;font-size:15px}\
h1{border-bottom:2px solid #005ab5;padding-bottom:.3em;font-size:26px}\
h2{margin-top:2em;color:#005ab5;font-size:21px}h3{font-size:17px;margin:1.2em 0 .4em}\
table{border-collapse:collapse;margin:.6em 0 1em;font-size:13px;max-width:100%}\
th,td{border:1px solid #bbb;padding:3px 7px;text-align:left;vertical-align:top}\
td.n{text-align:right;white-space:nowrap}\
thead th{background:#eef3fa}tr.changed td{background:#fff6e0}\
tr.assumption td{background:#fffbea}\
.wrap{overflow-x:auto}\
.charts{display:flex;flex-wrap:wrap;gap:1%}.charts figure{width:49%;margin:.5em 0}\
.charts.wide figure{width:100%}\
figure svg{width:100%;height:auto;border:1px solid #eee}\
figcaption{font-size:12px;color:#555}.note{color:#555;font-size:13px}\
.numbers{display:flex;gap:1em;margin:1em 0}.numbers div{flex:1;border:1px solid #005ab5;\
padding:.6em;border-radius:4px}.numbers b{display:block;font-size:24px;color:#005ab5}\
nav ol{columns:2;font-size:14px}details summary{cursor:pointer;color:#005ab5}\
svg text{font-family:TalentloopCJK,sans-serif!important}\
@page{size:A4;margin:14mm 12mm 16mm;@bottom-center{content:counter(page) \" / \" counter(pages);\
font-size:9pt;color:#555}}\
@media print{body{max-width:none;margin:0;font-size:10.5pt}nav{display:none}\
section.major{break-before:page}h2,h3{break-after:avoid}\
table,figure,.numbers,.pkg{break-inside:avoid}table{font-size:8.5pt}.wrap{overflow:visible}\
td{overflow-wrap:anywhere}\
.charts figure{width:49%}details:not([open]){display:none}\
figure svg{border:none}}";

/// The `@font-face` rule embedding the bundled font.
fn font_face() -> String {
    format!(
        "@font-face{{font-family:{FONT_FAMILY};src:url(data:font/ttf;base64,{}) \
         format('truetype');font-weight:normal;font-style:normal}}",
        base64::engine::general_purpose::STANDARD.encode(FONT)
    )
}

/// One section of a report: an anchor, a heading and its HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Anchor id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// Body HTML.
    pub body: String,
}

impl Section {
    /// A section with anchor `id`, heading `title` and body HTML.
    pub fn new(id: &str, title: &str, body: String) -> Self {
        Section {
            id: id.into(),
            title: title.into(),
            body,
        }
    }
}

/// The complete page: title, a lead paragraph, the table of contents and the sections, each
/// starting a printed page.
pub fn page(
    lang_tag: &str,
    title: &str,
    lead: &str,
    contents: &str,
    sections: &[Section],
) -> String {
    let mut body = String::new();
    let _ = writeln!(body, "<h1>{}</h1>\n{lead}", escape(title));
    // Sections are numbered in order, in the page's language (一、二、… or 1. 2. …), so a
    // report with or without an uncertainty section counts without gaps.
    let numbered = |k: usize, title: &str| {
        const ZH: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
        match (lang_tag.starts_with("zh"), ZH.get(k)) {
            (true, Some(n)) => format!("{n}、{title}"),
            _ => format!("{}. {title}", k + 1),
        }
    };
    let _ = writeln!(body, "<nav><b>{}</b><ol>", escape(contents));
    for s in sections {
        let _ = writeln!(
            body,
            "<li><a href=\"#{}\">{}</a></li>",
            s.id,
            escape(&s.title)
        );
    }
    body.push_str("</ol></nav>\n");
    for (k, s) in sections.iter().enumerate() {
        // The first section stays on the title page.
        let class = if k == 0 { "" } else { " class=\"major\"" };
        let _ = writeln!(
            body,
            "<section id=\"{}\"{class}>\n<h2>{}</h2>\n{}</section>",
            s.id,
            escape(&numbered(k, &s.title)),
            s.body
        );
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_tag}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{}{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title),
        font_face()
    )
}

/// A table: header cells and rows of cells (already HTML), the first column left-aligned; `class`
/// per row (empty for none). Wrapped so that a wide table scrolls on screen.
pub fn table(head: &[String], rows: &[(String, Vec<String>)]) -> String {
    let mut html = String::from("<div class=\"wrap\"><table>\n<thead><tr>");
    for h in head {
        let _ = write!(html, "<th>{h}</th>");
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for (class, cells) in rows {
        if class.is_empty() {
            html.push_str("<tr>");
        } else {
            let _ = write!(html, "<tr class=\"{class}\">");
        }
        for c in cells {
            if looks_numeric(c) {
                let _ = write!(html, "<td class=\"n\">{c}</td>");
            } else {
                let _ = write!(html, "<td>{c}</td>");
            }
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table></div>\n");
    html
}

/// Table headings in the report's language, escaped: each (Chinese, English).
pub fn headings(lang: crate::output::plots::Lang, words: &[(&str, &str)]) -> Vec<String> {
    words
        .iter()
        .map(|(zh, en)| escape(lang.pick(zh, en)))
        .collect()
}

/// Charts read from a folder, two to a row, captioned with their file names.
pub fn named_charts(figures: &[super::InlineChart]) -> String {
    let figures: Vec<(String, &str)> = figures
        .iter()
        .map(|(n, svg)| (n.clone(), svg.as_str()))
        .collect();
    charts(&figures)
}

/// Whether a cell holds a number (right-aligned): it starts with a digit, a sign, "<", ">" or
/// the dash of a missing value.
fn looks_numeric(cell: &str) -> bool {
    cell.chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || "+-−—<>".contains(c))
}

/// Charts two to a row (inline SVG) with captions.
pub fn charts(figures: &[(String, &str)]) -> String {
    chart_grid(figures, "charts")
}

/// Charts one to a row, for the few that carry the story.
pub fn wide_charts(figures: &[(String, &str)]) -> String {
    chart_grid(figures, "charts wide")
}

fn chart_grid(figures: &[(String, &str)], class: &str) -> String {
    let mut html = format!("<div class=\"{class}\">\n");
    for (caption, svg) in figures {
        let _ = writeln!(
            html,
            "<figure>\n{svg}\n<figcaption>{}</figcaption>\n</figure>",
            escape(caption)
        );
    }
    html.push_str("</div>\n");
    html
}
