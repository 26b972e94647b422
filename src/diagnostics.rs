//! Spanned TOML diagnostics: reads a TOML document and reports every problem with file:line:col,
//! key and what is allowed.
//!
//! Scenario files, `--set` values and the analysis specs (sweeps, checks, calibrations) are all
//! read with this toolkit, so a mistake is reported the same way wherever it is made. Nothing
//! here fails fast: each helper records an issue and returns `None`, so a reader can go on and
//! report every problem of a file at once.

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::error::{Error, IssueKind, Location, ScenarioIssue, SpecError, SpecKind};

/// A value of the spanned document tree.
pub(crate) type Value<'a> = Spanned<DeValue<'a>>;

/// Collects issues and turns byte spans into line and column.
pub(crate) struct Diagnostics {
    file: PathBuf,
    line_starts: Vec<usize>,
    text: String,
    /// False for text the user did not write as a file (a `--set` value): issues then name the
    /// source (the flag) instead of a line and column that would point nowhere.
    located: bool,
    /// The problems found so far, in the order found.
    pub(crate) issues: Vec<ScenarioIssue>,
}

impl Diagnostics {
    /// Diagnostics for `text` read from `file`.
    pub(crate) fn new(text: &str, file: &Path) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Diagnostics {
            file: file.to_path_buf(),
            line_starts,
            text: text.to_string(),
            located: true,
            issues: Vec::new(),
        }
    }

    /// Diagnostics for `text` given on the command line; issues name `label` without a place.
    pub(crate) fn unlocated(text: &str, label: &Path) -> Self {
        Diagnostics {
            located: false,
            ..Diagnostics::new(text, label)
        }
    }

    /// The file (or label) issues are reported against.
    pub(crate) fn file(&self) -> &Path {
        &self.file
    }

    /// The text being read.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// File, line and column of the start of `span` (line 0 for an empty span at 0, which stands
    /// for "no single place", and for unlocated text).
    pub(crate) fn location(&self, span: &Range<usize>) -> Location {
        if !self.located || (span.start == 0 && span.end == 0) {
            return Location {
                file: self.file.clone(),
                line: 0,
                col: 0,
            };
        }
        let offset = span.start.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let col = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        Location {
            file: self.file.clone(),
            line,
            col,
        }
    }

    /// The line of `span` (0 when unlocated).
    pub(crate) fn line(&self, span: &Range<usize>) -> usize {
        self.location(span).line
    }

    /// Records one issue at `span`.
    pub(crate) fn issue(
        &mut self,
        kind: IssueKind,
        span: Range<usize>,
        key: &str,
        message: String,
    ) {
        let location = self.location(&span);
        self.issues.push(ScenarioIssue {
            kind,
            location,
            key: key.to_string(),
            message,
        });
    }

    /// Reports keys of `table` not in `allowed`, suggesting the closest allowed key.
    pub(crate) fn check_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], path: &str) {
        for key in table.keys() {
            let name: &str = key.get_ref();
            if !allowed.contains(&name) {
                let full = join(path, name);
                let message = match suggest(name, allowed.iter().copied()) {
                    Some(s) => format!("unknown key; did you mean `{s}`?"),
                    None => format!("unknown key; allowed here: {}", allowed.join(", ")),
                };
                self.issue(IssueKind::UnknownKey, key.span(), &full, message);
            }
        }
    }

    /// Reports a missing key; `what` is what should be there.
    pub(crate) fn missing(&mut self, span: Range<usize>, path: &str, what: &str) {
        self.issue(
            IssueKind::MissingKey,
            span,
            path,
            format!("missing; expected {what}"),
        );
    }

    /// `table[key]`, or a missing-key issue at `span` (the enclosing table) naming `what`.
    pub(crate) fn required<'v, 'a>(
        &mut self,
        table: &'v DeTable<'a>,
        key: &str,
        span: Range<usize>,
        path: &str,
        what: &str,
    ) -> Option<&'v Value<'a>> {
        let value = get(table, key);
        if value.is_none() {
            self.missing(span, &join(path, key), what);
        }
        value
    }

    /// The number `table[key]`, or a missing-key issue at `span` (the enclosing table).
    pub(crate) fn required_number(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        span: Range<usize>,
        path: &str,
    ) -> Option<f64> {
        let value = self.required(table, key, span, path, "a number")?;
        self.number(value, &join(path, key))
    }

    /// Reports a value of the wrong TOML type.
    pub(crate) fn wrong_type(&mut self, value: &Value<'_>, path: &str, expected: &str) {
        let found = value.get_ref().type_str();
        self.issue(
            IssueKind::WrongType,
            value.span(),
            path,
            format!("expected {expected}, found {found}"),
        );
    }

    /// A finite number (integer or float).
    pub(crate) fn number(&mut self, value: &Value<'_>, path: &str) -> Option<f64> {
        let parsed = match value.get_ref() {
            DeValue::Integer(i) => {
                let digits: String = i.as_str().chars().filter(|&c| c != '_').collect();
                i64::from_str_radix(&digits, i.radix())
                    .ok()
                    .map(|v| v as f64)
            }
            DeValue::Float(f) => {
                let digits: String = f.as_str().chars().filter(|&c| c != '_').collect();
                digits.parse::<f64>().ok()
            }
            _ => {
                self.wrong_type(value, path, "a number");
                return None;
            }
        };
        match parsed {
            Some(v) if v.is_finite() => Some(v),
            Some(v) => {
                self.issue(
                    IssueKind::OutOfRange,
                    value.span(),
                    path,
                    format!("must be a finite number, got {v}"),
                );
                None
            }
            None => {
                self.issue(
                    IssueKind::OutOfRange,
                    value.span(),
                    path,
                    "number out of the representable range".into(),
                );
                None
            }
        }
    }

    /// A number within [min, max] (`unit` is named in the message).
    pub(crate) fn number_in(
        &mut self,
        value: &Value<'_>,
        path: &str,
        min: f64,
        max: f64,
        unit: &str,
    ) -> Option<f64> {
        let v = self.number(value, path)?;
        if v < min || v > max {
            self.issue(
                IssueKind::OutOfRange,
                value.span(),
                path,
                format!("must be in {}, got {v}", range_text(min, max, unit)),
            );
            return None;
        }
        Some(v)
    }

    /// A whole number within [min, max] (counts, seeds).
    pub(crate) fn whole_in(
        &mut self,
        value: &Value<'_>,
        path: &str,
        min: f64,
        max: f64,
    ) -> Option<u64> {
        let n = self.number_in(value, path, min, max, "")?;
        if n.fract() != 0.0 {
            self.issue(
                IssueKind::OutOfRange,
                value.span(),
                path,
                format!("must be a whole number, got {n}"),
            );
            return None;
        }
        Some(n as u64)
    }

    /// A string.
    pub(crate) fn string(&mut self, value: &Value<'_>, path: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(value, path, "a string");
                None
            }
        }
    }

    /// One of the `allowed` words; anything else is reported as an unknown `noun` with a
    /// did-you-mean hint and the allowed list.
    pub(crate) fn choice<'w>(
        &mut self,
        value: &Value<'_>,
        path: &str,
        noun: &str,
        allowed: &[&'w str],
    ) -> Option<&'w str> {
        let given = self.string(value, path)?;
        if let Some(word) = allowed.iter().find(|w| **w == given) {
            return Some(word);
        }
        let hint = did_you_mean("", &given, allowed.iter().copied());
        self.issue(
            IssueKind::OutOfRange,
            value.span(),
            path,
            format!(
                "unknown {noun} {given:?}{hint} (allowed: {})",
                allowed.join(", ")
            ),
        );
        None
    }

    /// A boolean.
    pub(crate) fn boolean(&mut self, value: &Value<'_>, path: &str) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(value, path, "true or false");
                None
            }
        }
    }

    /// A table.
    pub(crate) fn table<'v, 'a>(
        &mut self,
        value: &'v Value<'a>,
        path: &str,
    ) -> Option<&'v DeTable<'a>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(value, path, "a table");
                None
            }
        }
    }

    /// An array; `expected` describes it for the wrong-type message.
    pub(crate) fn array<'v, 'a>(
        &mut self,
        value: &'v Value<'a>,
        path: &str,
        expected: &str,
    ) -> Option<&'v [Value<'a>]> {
        match value.get_ref() {
            DeValue::Array(items) => Some(items),
            _ => {
                self.wrong_type(value, path, expected);
                None
            }
        }
    }

    /// The value read, if there were no issues; otherwise every issue in file order. A reader
    /// that gave up without saying why still gets one issue naming `what`, so an error is never
    /// empty.
    pub(crate) fn finish<T>(
        mut self,
        value: Option<T>,
        what: &str,
    ) -> Result<T, Vec<ScenarioIssue>> {
        match value {
            Some(v) if self.issues.is_empty() => Ok(v),
            _ => {
                if self.issues.is_empty() {
                    self.issue(
                        IssueKind::Syntax,
                        0..0,
                        "",
                        format!("the {what} could not be read"),
                    );
                }
                self.issues
                    .sort_by_key(|i| (i.location.line, i.location.col));
                Err(self.issues)
            }
        }
    }
}

/// The bytes of the input file at `path`, refused before opening unless it is a regular file
/// (or a link to one): opening a named pipe blocks until a writer comes, which may be never, and
/// a directory or device is not a file anyone meant to give. Shared by every reader of inputs.
pub(crate) fn read_input(path: &Path) -> Result<Vec<u8>, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(Error::NotAFile {
            path: path.to_path_buf(),
            what: file_kind(&meta.file_type()),
        });
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// The text of the input file at `path` (see [`read_input`]), which must be UTF-8.
pub(crate) fn read_input_text(path: &Path) -> Result<String, Error> {
    String::from_utf8(read_input(path)?).map_err(|e| {
        Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            ),
        )
    })
}

/// What a file that is not a regular file is, for the message.
fn file_kind(kind: &std::fs::FileType) -> &'static str {
    if kind.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
    }
    "not a regular file"
}

/// Reads the spec file at `path` with `read` (given the document root and `path`): the value
/// read, or every problem of the file as an [`Error::Spec`]. `read` returns `Err` only for
/// failures outside the file (its base scenario).
pub(crate) fn read_spec_file<T>(
    path: &Path,
    kind: SpecKind,
    read: impl FnOnce(&mut Diagnostics, &DeTable<'_>, &Path) -> Result<Option<T>, Error>,
) -> Result<T, Error> {
    let text = read_input_text(path)?;
    let mut diag = Diagnostics::new(&text, path);
    let value = match parse_document(&mut diag, &text) {
        Some(root) => read(&mut diag, root.get_ref(), path)?,
        None => None,
    };
    diag.finish(value, kind.noun())
        .map_err(|issues| Error::Spec(SpecError { kind, issues }))
}

/// Parses TOML text, reporting a syntax error as a located issue; None when the text is not TOML.
pub(crate) fn parse_document<'a>(
    diag: &mut Diagnostics,
    text: &'a str,
) -> Option<Spanned<DeTable<'a>>> {
    match DeTable::parse(text) {
        Ok(root) => Some(root),
        Err(e) => {
            diag.issue(
                IssueKind::Syntax,
                e.span().unwrap_or(0..0),
                "",
                format!("invalid TOML: {}", e.message().trim()),
            );
            None
        }
    }
}

/// `path.key`, or `key` at the top level.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `[min, max] unit` with open ends for infinite bounds; unit `1` is not written.
pub(crate) fn range_text(min: f64, max: f64, unit: &str) -> String {
    let unit = if unit == "1" || unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    match (min.is_finite(), max.is_finite()) {
        (true, true) => format!("[{min}, {max}]{unit}"),
        (true, false) => format!("[{min}, ∞){unit}"),
        (false, true) => format!("(-∞, {max}]{unit}"),
        (false, false) => format!("any finite number{unit}"),
    }
}

/// The closest candidate to `name`, if it is close enough to be a likely typo.
pub(crate) fn suggest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// "; did you mean `PREFIX CLOSEST`?" (without the space) for a likely typo of `name`, or nothing.
pub(crate) fn did_you_mean<'a>(
    prefix: &str,
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> String {
    suggest(name, candidates)
        .map(|s| format!("; did you mean `{prefix}{s}`?"))
        .unwrap_or_default()
}

/// `table[key]`.
pub(crate) fn get<'v, 'a>(table: &'v DeTable<'a>, key: &str) -> Option<&'v Value<'a>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(_, v)| v)
}

/// The most points of a table (a time path or a lookup). Each point of a time path is a solver
/// breakpoint, so 100,000 points took a minute to run; no yearly or quarterly series needs more.
pub(crate) const MAX_TABLE_POINTS: usize = 1_000;

/// `[[x, y], …]` with strictly increasing x, at least one point and at most
/// [`MAX_TABLE_POINTS`]; one pass, so validation stays linear in the points.
pub(crate) fn read_points(
    diag: &mut Diagnostics,
    v: &Value<'_>,
    path: &str,
) -> Option<Vec<(f64, f64)>> {
    let items = diag.array(v, path, "an array of [x, y] pairs")?;
    if items.is_empty() {
        diag.issue(
            IssueKind::BadPath,
            v.span(),
            path,
            "needs at least one [x, y] point".into(),
        );
        return None;
    }
    if items.len() > MAX_TABLE_POINTS {
        diag.issue(
            IssueKind::BadPath,
            v.span(),
            path,
            format!(
                "{} points; allowed: at most {MAX_TABLE_POINTS} (each point of a time path is \
                 a solver breakpoint; use a ramp, steps or fewer points)",
                items.len()
            ),
        );
        return None;
    }
    let mut points = Vec::with_capacity(items.len());
    for (k, item) in items.iter().enumerate() {
        let item_path = format!("{path}[{k}]");
        let pair = match item.get_ref() {
            DeValue::Array(pair) if pair.len() == 2 => pair,
            _ => {
                diag.wrong_type(item, &item_path, "a pair [x, y]");
                return None;
            }
        };
        let x = diag.number(&pair[0], &item_path)?;
        let y = diag.number(&pair[1], &item_path)?;
        if let Some(&(last, _)) = points.last() {
            if x <= last {
                diag.issue(
                    IssueKind::BadPath,
                    item.span(),
                    &item_path,
                    format!("x values must increase strictly; {x} follows {last}"),
                );
                return None;
            }
        }
        points.push((x, y));
    }
    Some(points)
}
