//! Reads a scenario TOML file into a [`Scenario`], collecting every problem with its place in the
//! file.
//!
//! Parsing uses `toml`'s spanned document tree, and problems are reported with the shared
//! [`crate::diagnostics`] toolkit, so each names line and column. The loader never panics on
//! input: every lookup of a key or type is checked and reported as a [`ScenarioIssue`]; the
//! scenario is returned only when there are none. `--set` overrides are read here too, as
//! one-key layers built from a parsed [`Address`] and value.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::{Deref, DerefMut, Range};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use toml::de::{DeArray, DeTable, DeValue};
use toml::Spanned;

use super::address::{Address, Part, SectorField, Target};
use super::schema::{self, ParamDef, Variation};
use super::{
    Budget, CouplingBound, Layer, Lookup, Method, Param, Scenario, Sector, SolverSettings, Source,
    TimePath, TimeSettings,
};
use crate::diagnostics::{
    did_you_mean, get, join, parse_document, range_text, read_input, read_points, Diagnostics,
    Value,
};
use crate::error::{Error, IssueKind, Location, ScenarioError, ScenarioIssue};

/// Reads and validates the scenario at `path`, following its `extends` chain.
pub fn load(path: &Path) -> Result<Scenario, Error> {
    let text = read_text(path)?;
    load_chain(&text, path, &mut Vec::new())
}

/// Validates scenario text; `file` names it in messages, and a relative `extends` is resolved
/// against its directory.
pub fn load_str(text: &str, file: &Path) -> Result<Scenario, ScenarioError> {
    load_chain(text, file, &mut Vec::new()).map_err(|e| match e {
        Error::Scenario(e) => e,
        other => single_issue(file, IssueKind::MissingKey, "extends", other.to_string()),
    })
}

/// Applies one `key.path=value` override (the `--set` flag) on top of `scenario`, validated like
/// a file: unknown keys get a suggestion, values are type- and range-checked. The value is TOML
/// (`60`, `"rk4"`, `{ kind = "step", year = 2026, before = 40, after = 60 }`); a bare word is
/// taken as a string. Overridden parameters are tagged `assumption` with a note naming the flag.
///
/// The key is parsed by [`Address`] and the value by `toml`; the two are put together as the
/// document tree of a one-key layer and read by the same code as a file layer, so ranges, units,
/// time-path rules and the cross-sector rules are the file's. Nothing is formatted as TOML text,
/// so no value can be misquoted on the way.
pub fn apply_override(scenario: &Scenario, assignment: &str) -> Result<Scenario, ScenarioError> {
    let label = PathBuf::from(format!("--set {assignment}"));
    let fail =
        |key: &str, message: String| single_issue(&label, IssueKind::UnknownKey, key, message);
    let Some((key, raw)) = assignment.split_once('=') else {
        return Err(fail(
            "",
            "expected KEY=VALUE, e.g. params.levers.housing_subsidy=60".into(),
        ));
    };
    let key = key.trim();
    let key = key.strip_suffix(".value").unwrap_or(key);
    let raw = raw.trim();
    // Text that is not a TOML value (a bare word such as rk4) is the string it spells.
    let value = DeValue::parse(raw)
        .unwrap_or_else(|_| Spanned::new(0..raw.len(), DeValue::String(raw.into())));
    let note = format!("set on the command line: {assignment}");
    let root = override_layer(scenario, key, value, &note).map_err(|message| fail(key, message))?;
    // The layer's text, hashed into `layers`, is the assignment the user wrote.
    let mut ctx = Ctx::new(Diagnostics::unlocated(assignment, &label));
    ctx.parent = Some(scenario.clone());
    ctx.is_override = true;
    let read = read_root(&mut ctx, &root);
    let mut out = ctx
        .diag
        .finish(read, "scenario")
        .map_err(|issues| ScenarioError { issues })?;
    out.overrides.push(assignment.to_string());
    Ok(out)
}

/// The document tree of the layer that sets `key` to `value`; Err is the message for a key that
/// addresses nothing.
fn override_layer<'a>(
    scenario: &Scenario,
    key: &'a str,
    value: Value<'a>,
    note: &'a str,
) -> Result<DeTable<'a>, String> {
    let parts: Vec<&str> = key.split('.').collect();
    if let [table @ ("time" | "solver" | "scenario" | "coupling" | "budget"), name] =
        parts.as_slice()
    {
        return Ok(tree([(*table, node(tree([(*name, value)])))]));
    }
    // A parameter is given as a whole entry, as in a file: the unit is the schema's.
    let entry = |def: &ParamDef| {
        node(tree([
            ("value", value.clone()),
            ("unit", text(def.unit)),
            ("source", text(Source::Assumption.as_str())),
            ("note", text(note)),
        ]))
    };
    let (sector, field, value) = match Address::parse(key, scenario) {
        Ok(Address::Param(Target::Global { group, param })) => {
            let group = &schema::GROUPS[group];
            let def = &group.params[param];
            let params = tree([(group.name, node(tree([(def.key, entry(def))])))]);
            return Ok(tree([("params", node(params))]));
        }
        Ok(Address::Param(target @ Target::Sector { sector, .. })) => {
            (sector, target.def().key, entry(target.def()))
        }
        Ok(Address::SectorField { sector, field }) => (sector, field.key(), value),
        Ok(Address::Param(Target::Lookup { .. })) => {
            return Err("a lookup is a table: change its points in a scenario file \
                ([lookups.<name>]); sweeps and calibrations vary its strength by scale"
                .into())
        }
        Err(e) if e.part == Part::Shape => {
            return Err("unknown key; use params.<group>.<key>, \
            sectors.<id>.<key>, time.<key> or solver.<key> (see `talentloop params`)"
                .into())
        }
        Err(e) => return Err(e.layer_message()),
    };
    // `[[sectors]]` entries naming an existing id change only the keys they give.
    let mut entries = DeArray::new();
    for (k, s) in scenario.sectors.iter().enumerate() {
        if sector.is_none_or(|i| i == k) {
            entries.push(node(tree([
                ("id", text(s.id.clone())),
                (field, value.clone()),
            ])));
        }
    }
    Ok(tree([(
        "sectors",
        Spanned::new(0..0, DeValue::Array(entries)),
    )]))
}

/// A table of `pairs`, with no place in any text.
fn tree<'a, const N: usize>(pairs: [(&'a str, Value<'a>); N]) -> DeTable<'a> {
    let mut table = DeTable::new();
    for (key, value) in pairs {
        table.insert(Spanned::new(0..0, Cow::Borrowed(key)), value);
    }
    table
}

/// `table` as a value, with no place in any text.
fn node(table: DeTable<'_>) -> Value<'_> {
    Spanned::new(0..0, DeValue::Table(table))
}

/// A string value with no place in any text.
fn text<'a>(s: impl Into<Cow<'a, str>>) -> Value<'a> {
    Spanned::new(0..0, DeValue::String(s.into()))
}

fn single_issue(file: &Path, kind: IssueKind, key: &str, message: String) -> ScenarioError {
    ScenarioError {
        issues: vec![ScenarioIssue {
            kind,
            location: Location {
                file: file.to_path_buf(),
                line: 0,
                col: 0,
            },
            key: key.to_string(),
            message,
        }],
    }
}

fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = read_input(path)?;
    String::from_utf8(bytes).map_err(|e| {
        Error::Scenario(single_issue(
            path,
            IssueKind::Syntax,
            "",
            format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        ))
    })
}

/// Loads `text` (from `file`) after its parent, if it names one with `extends`.
fn load_chain(text: &str, file: &Path, stack: &mut Vec<PathBuf>) -> Result<Scenario, Error> {
    let identity = file.canonicalize().unwrap_or_else(|_| file.to_path_buf());
    if let Some(first) = stack.iter().position(|p| *p == identity) {
        let mut chain: Vec<String> = stack[first..]
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        chain.push(identity.display().to_string());
        return Err(Error::Scenario(single_issue(
            file,
            IssueKind::ExtendsCycle,
            "extends",
            format!("`extends` forms a cycle: {}", chain.join(" → ")),
        )));
    }
    let mut ctx = Ctx::new(Diagnostics::new(text, file));
    let parent = match DeTable::parse(text)
        .ok()
        .and_then(|root| extends_of(root.get_ref()))
    {
        Some((relative, span)) => {
            let parent_path = file.parent().unwrap_or(Path::new("")).join(&relative);
            if !parent_path.is_file() {
                ctx.issue(
                    IssueKind::MissingParent,
                    span,
                    "extends",
                    format!(
                        "parent scenario {} not found (paths are relative to this file's \
                        directory)",
                        parent_path.display()
                    ),
                );
                return Err(Error::Scenario(ScenarioError {
                    issues: ctx.diag.issues,
                }));
            }
            stack.push(identity);
            let parent_text = read_text(&parent_path)?;
            let parent = load_chain(&parent_text, &parent_path, stack)?;
            stack.pop();
            Some(parent)
        }
        None => None,
    };
    // A file without a name is named after its stem, made a valid name (ASCII, starting with a
    // letter) so it can name the output directory.
    ctx.default_name = file.file_stem().map(|s| {
        let stem = s
            .to_string_lossy()
            .replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_");
        if stem.starts_with(|c: char| c.is_ascii_alphabetic()) {
            stem
        } else {
            format!("s_{stem}")
        }
    });
    ctx.parent = parent;
    read_layer(ctx, text).map_err(Error::Scenario)
}

/// The `extends` value and its span, when it is a string.
fn extends_of(root: &DeTable<'_>) -> Option<(String, Range<usize>)> {
    let v = get(root, "extends")?;
    match v.get_ref() {
        DeValue::String(s) => Some((s.to_string(), v.span())),
        _ => None,
    }
}

/// Parses and validates one layer (a file, or a `--set` override) on top of `ctx.parent`.
fn read_layer(mut ctx: Ctx, text: &str) -> Result<Scenario, ScenarioError> {
    let Some(root) = parse_document(&mut ctx, text) else {
        return Err(ScenarioError {
            issues: ctx.diag.issues,
        });
    };
    if let Some(v) = get(root.get_ref(), "extends") {
        if !matches!(v.get_ref(), DeValue::String(_)) {
            ctx.wrong_type(v, "extends", "a path (string) relative to this file");
        }
    }
    let scenario = read_root(&mut ctx, root.get_ref());
    ctx.diag
        .finish(scenario, "scenario")
        .map_err(|issues| ScenarioError { issues })
}

/// Reads one layer: the diagnostics of its text, and what the layer builds on.
///
/// It dereferences to its [`Diagnostics`] because every reader below both reports issues and
/// consults the parent; spelling `ctx.diag.` at each of the hundreds of reports would only add
/// noise.
struct Ctx {
    diag: Diagnostics,
    /// The scenario this layer changes (`extends`, or the file under `--set` overrides).
    parent: Option<Scenario>,
    /// Name to use when a file layer gives none (its file stem).
    default_name: Option<String>,
    /// Whether this layer is a command-line override (it keeps the parent's file and hash).
    is_override: bool,
}

impl Ctx {
    fn new(diag: Diagnostics) -> Self {
        Ctx {
            diag,
            parent: None,
            default_name: None,
            is_override: false,
        }
    }
}

impl Deref for Ctx {
    type Target = Diagnostics;
    fn deref(&self) -> &Diagnostics {
        &self.diag
    }
}

impl DerefMut for Ctx {
    fn deref_mut(&mut self) -> &mut Diagnostics {
        &mut self.diag
    }
}

const TOP_KEYS: &[&str] = &[
    "extends", "scenario", "time", "solver", "params", "sectors", "lookups", "coupling", "budget",
];

fn read_root(ctx: &mut Ctx, root: &DeTable<'_>) -> Option<Scenario> {
    ctx.check_keys(root, TOP_KEYS, "");
    let whole = 0..0;
    let parent = ctx.parent.clone();

    let (name, title_zh, description) = read_header(ctx, root);
    let time = read_time(ctx, root);
    let solver = read_solver(ctx, root);
    let budget = read_budget(ctx, root);
    let globals = match (get(root, "params"), &parent) {
        (Some(v), _) => ctx.table(v, "params").map(|t| read_globals(ctx, t)),
        (None, Some(p)) => Some(Some(p.globals.clone())),
        (None, None) => {
            ctx.missing(
                whole.clone(),
                "params",
                "a [params.<group>] table for each parameter group",
            );
            None
        }
    };
    let sectors = match (get(root, "sectors"), &parent) {
        (Some(v), _) => read_sectors(ctx, v),
        (None, Some(p)) => Some(p.sectors.clone()),
        (None, None) => {
            ctx.missing(whole.clone(), "sectors", "a [[sectors]] entry per sector");
            None
        }
    };
    let lookups = match (get(root, "lookups"), &parent) {
        (Some(v), _) => ctx
            .table(v, "lookups")
            .map(|t| read_lookups(ctx, t, v.span())),
        (None, Some(p)) => Some(Some(p.lookups.clone())),
        (None, None) => {
            ctx.missing(
                whole.clone(),
                "lookups",
                "a [lookups.<name>] table for each graphical function",
            );
            None
        }
    };
    let coupling = match (get(root, "coupling"), &parent) {
        (Some(v), _) => ctx
            .table(v, "coupling")
            .map(|t| read_coupling(ctx, t, v.span())),
        (None, Some(p)) => Some(Some((p.coupling_talent_weight, p.coupling.clone()))),
        (None, None) => {
            ctx.missing(
                whole,
                "coupling",
                "a [coupling] table with normalisation bounds",
            );
            None
        }
    };

    if let (Some(time), Some(solver)) = (&time, &solver) {
        if solver.method == Method::Rk4 && solver.rk4_step > time.report_step {
            let span = get(root, "solver")
                .or_else(|| get(root, "time"))
                .map_or(0..0, |x| x.span());
            ctx.issue(
                IssueKind::OutOfRange,
                span,
                "solver.rk4_step",
                format!(
                    "must not exceed the reporting step {}, got {}",
                    time.report_step, solver.rk4_step
                ),
            );
        }
    }
    let sha256 = hex(&Sha256::digest(ctx.text().as_bytes()));
    let (coupling_talent_weight, coupling) = coupling??;
    let mut layers = parent
        .as_ref()
        .map(|p| p.layers.clone())
        .unwrap_or_default();
    layers.push(Layer {
        file: ctx.file().to_path_buf(),
        sha256: sha256.clone(),
    });
    Some(Scenario {
        file: parent.as_ref().map_or_else(
            || ctx.file().to_path_buf(),
            |p| {
                if ctx.is_override {
                    p.file.clone()
                } else {
                    ctx.file().to_path_buf()
                }
            },
        ),
        sha256: parent
            .as_ref()
            .filter(|_| ctx.is_override)
            .map_or(sha256, |p| p.sha256.clone()),
        layers,
        overrides: parent
            .as_ref()
            .map(|p| p.overrides.clone())
            .unwrap_or_default(),
        name: name?,
        title_zh: title_zh.unwrap_or_default(),
        description: description.unwrap_or_default(),
        time: time?,
        solver: solver?,
        globals: globals??,
        sectors: sectors?,
        lookups: lookups??,
        coupling_talent_weight,
        budget: budget?,
        // An override keeps the choice of its base (`--rebalance` then `--set`).
        rebalance: parent
            .as_ref()
            .filter(|_| ctx.is_override)
            .is_some_and(|p| p.rebalance),
        coupling,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn read_header(
    ctx: &mut Ctx,
    root: &DeTable<'_>,
) -> (Option<String>, Option<String>, Option<String>) {
    let inherited = ctx.parent.as_ref().map(|p| {
        (
            ctx.default_name.clone().unwrap_or_else(|| p.name.clone()),
            p.title_zh.clone(),
            p.description.clone(),
        )
    });
    let Some(v) = get(root, "scenario") else {
        return match inherited {
            Some((name, title, description)) => (Some(name), Some(title), Some(description)),
            None => {
                ctx.missing(0..0, "scenario", "a [scenario] table with `name`");
                (None, None, None)
            }
        };
    };
    let Some(t) = ctx.table(v, "scenario") else {
        return (None, None, None);
    };
    ctx.check_keys(t, &["name", "title_zh", "description"], "scenario");
    let name = match get(t, "name") {
        Some(n) => ctx.string(n, "scenario.name").and_then(|s| {
            if is_ascii_id(&s, true) {
                Some(s)
            } else {
                ctx.issue(
                    IssueKind::OutOfRange,
                    n.span(),
                    "scenario.name",
                    format!(
                        "must be ASCII letters, digits, `_` or `-` (it names the output \
                        directory), got {s:?}"
                    ),
                );
                None
            }
        }),
        None => match &inherited {
            Some((name, _, _)) => Some(name.clone()),
            None => {
                ctx.missing(
                    v.span(),
                    "scenario.name",
                    "a short ASCII name such as \"baseline\"",
                );
                None
            }
        },
    };
    let title = match get(t, "title_zh") {
        Some(x) => ctx.string(x, "scenario.title_zh"),
        None => inherited.as_ref().map(|i| i.1.clone()),
    };
    let description = match get(t, "description") {
        Some(x) => ctx.string(x, "scenario.description"),
        None => inherited.as_ref().map(|i| i.2.clone()),
    };
    (name, title, description)
}

fn is_ascii_id(s: &str, allow_dash: bool) -> bool {
    !s.is_empty()
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| {
            c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || c == '_'
                || (allow_dash && (c == '-' || c.is_ascii_uppercase()))
        })
}

fn read_time(ctx: &mut Ctx, root: &DeTable<'_>) -> Option<TimeSettings> {
    let inherited = ctx.parent.as_ref().map(|p| p.time.clone());
    let Some(v) = get(root, "time") else {
        if inherited.is_some() {
            return inherited;
        }
        ctx.missing(
            0..0,
            "time",
            "a [time] table with start, end and report_step",
        );
        return None;
    };
    let t = ctx.table(v, "time")?;
    ctx.check_keys(t, &["start", "end", "report_step"], "time");
    let field =
        |ctx: &mut Ctx, key: &str, min: f64, max: f64, fallback: Option<f64>| match get(t, key) {
            Some(x) => ctx.number_in(x, &format!("time.{key}"), min, max, "yr"),
            None if fallback.is_some() => fallback,
            None => {
                ctx.missing(v.span(), &format!("time.{key}"), "a number of years");
                None
            }
        };
    let start = field(
        ctx,
        "start",
        1900.0,
        2200.0,
        inherited.as_ref().map(|i| i.start),
    );
    let end = field(
        ctx,
        "end",
        1900.0,
        2300.0,
        inherited.as_ref().map(|i| i.end),
    );
    let step = field(
        ctx,
        "report_step",
        1e-3,
        1.0,
        inherited.as_ref().map(|i| i.report_step),
    );
    let (start, end, step) = (start?, end?, step?);
    let mut ok = true;
    if start.fract() != 0.0 {
        ctx.issue(
            IssueKind::BadTime,
            get(t, "start").map_or(0..0, |x| x.span()),
            "time.start",
            format!(
                "must be a whole year (the initial state is that year's statistics), got {start}"
            ),
        );
        ok = false;
    }
    if end <= start {
        ctx.issue(
            IssueKind::BadTime,
            get(t, "end").map_or(0..0, |x| x.span()),
            "time.end",
            format!("the horizon must be after the start ({start}), got {end}"),
        );
        ok = false;
    }
    let per_year = 1.0 / step;
    if (per_year - per_year.round()).abs() > 1e-9 {
        ctx.issue(
            IssueKind::BadTime,
            get(t, "report_step").map_or(0..0, |x| x.span()),
            "time.report_step",
            format!(
                "must divide a year evenly (1, 0.5, 0.25, 1/12 …) so calendar-year statistics \
                fall on report rows, got {step}"
            ),
        );
        ok = false;
    }
    let span_steps = (end - start) / step;
    if ok && (span_steps - span_steps.round()).abs() > 1e-6 {
        ctx.issue(
            IssueKind::BadTime,
            get(t, "end").map_or(0..0, |x| x.span()),
            "time.end",
            format!(
                "end − start must be a whole number of report steps ({step}), got {}",
                end - start
            ),
        );
        ok = false;
    }
    ok.then_some(TimeSettings {
        start,
        end,
        report_step: step,
    })
}

/// `[budget]`: optional, inherited key by key; each bound a positive number of 亿元.
fn read_budget(ctx: &mut Ctx, root: &DeTable<'_>) -> Option<Budget> {
    let mut budget = ctx.parent.as_ref().map(|p| p.budget).unwrap_or_default();
    let Some(v) = get(root, "budget") else {
        return Some(budget);
    };
    let t = ctx.table(v, "budget")?;
    ctx.check_keys(t, &["max_total", "max_per_year"], "budget");
    let mut ok = true;
    for (key, slot) in [
        ("max_total", &mut budget.max_total),
        ("max_per_year", &mut budget.max_per_year),
    ] {
        if let Some(x) = get(t, key) {
            match ctx.number_in(x, &format!("budget.{key}"), 0.0, 1.0e6, "亿元") {
                Some(value) => *slot = Some(value),
                None => ok = false,
            }
        }
    }
    ok.then_some(budget)
}

fn read_solver(ctx: &mut Ctx, root: &DeTable<'_>) -> Option<SolverSettings> {
    let mut settings = ctx
        .parent
        .as_ref()
        .map_or_else(SolverSettings::default, |p| p.solver.clone());
    let Some(v) = get(root, "solver") else {
        return Some(settings);
    };
    let t = ctx.table(v, "solver")?;
    ctx.check_keys(t, &["method", "rtol", "atol", "rk4_step"], "solver");
    let mut ok = true;
    if let Some(m) = get(t, "method") {
        match ctx.string(m, "solver.method").as_deref() {
            Some("dopri5") => settings.method = Method::Dopri5,
            Some("rk4") => settings.method = Method::Rk4,
            Some(other) => {
                ctx.issue(
                    IssueKind::OutOfRange,
                    m.span(),
                    "solver.method",
                    format!(
                        "must be \"dopri5\" or \"rk4\", got {other:?} (Dop853 is not offered: \
                        it mishandles time-dependent right-hand sides in ode_solvers 0.6)"
                    ),
                );
                ok = false;
            }
            None => ok = false,
        }
    }
    for (key, slot, min, max) in [
        ("rtol", &mut settings.rtol, 1e-14, 0.1),
        ("atol", &mut settings.atol, 1e-14, 1e3),
        ("rk4_step", &mut settings.rk4_step, 1e-5, 1.0),
    ] {
        if let Some(x) = get(t, key) {
            match ctx.number_in(x, &format!("solver.{key}"), min, max, "") {
                Some(value) => *slot = value,
                None => ok = false,
            }
        }
    }
    ok.then_some(settings)
}

fn read_globals(ctx: &mut Ctx, params: &DeTable<'_>) -> Option<Vec<Vec<Param>>> {
    let names: Vec<&str> = schema::GROUPS.iter().map(|g| g.name).collect();
    ctx.check_keys(params, &names, "params");
    let mut out = Vec::with_capacity(schema::GROUPS.len());
    let mut ok = true;
    for group in schema::GROUPS {
        let path = format!("params.{}", group.name);
        let Some(v) = get(params, group.name) else {
            match ctx.parent.as_ref() {
                Some(p) => out.push(p.globals[out.len()].clone()),
                None => {
                    ctx.missing(0..0, &path, "a table of parameters");
                    ok = false;
                }
            }
            continue;
        };
        let Some(table) = ctx.table(v, &path) else {
            ok = false;
            continue;
        };
        let inherited = ctx.parent.as_ref().map(|p| p.globals[out.len()].clone());
        match read_param_table(
            ctx,
            table,
            group.params,
            &path,
            v.span(),
            inherited.as_deref(),
        ) {
            Some(p) => out.push(p),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// Reads every parameter of `defs` from `table`; reports unknown and missing keys.
fn read_param_table(
    ctx: &mut Ctx,
    table: &DeTable<'_>,
    defs: &[ParamDef],
    path: &str,
    span: Range<usize>,
    inherited: Option<&[Param]>,
) -> Option<Vec<Param>> {
    let keys: Vec<&str> = defs.iter().map(|d| d.key).collect();
    ctx.check_keys(table, &keys, path);
    let mut out = Vec::with_capacity(defs.len());
    let mut ok = true;
    for (k, def) in defs.iter().enumerate() {
        let key_path = join(path, def.key);
        match get(table, def.key) {
            Some(v) => match read_param(ctx, v, def, &key_path) {
                Some(p) => out.push(p),
                None => ok = false,
            },
            None if inherited.is_some() => out.push(inherited.unwrap_or_default()[k].clone()),
            None => {
                ctx.missing(
                    span.clone(),
                    &key_path,
                    &format!(
                        "{{ value = …, unit = \"{}\", source = \"…\" }} ({})",
                        def.unit, def.doc
                    ),
                );
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// A provenance tag (shared with sweep specs, whose `select` names one).
pub(crate) fn read_source(diag: &mut Diagnostics, value: &Value<'_>, path: &str) -> Option<Source> {
    let s = diag.string(value, path)?;
    match Source::parse(&s) {
        Some(src) => Some(src),
        None => {
            let tags: Vec<&str> = Source::ALL.iter().map(|t| t.as_str()).collect();
            let hint = did_you_mean("", &s, tags.iter().copied());
            diag.issue(
                IssueKind::BadSource,
                value.span(),
                path,
                format!(
                    "unknown provenance tag {s:?}{hint} (allowed: {})",
                    tags.join(", ")
                ),
            );
            None
        }
    }
}

/// Reads `{ value, unit, source, note }` for one parameter definition.
fn read_param(ctx: &mut Ctx, v: &Value<'_>, def: &ParamDef, path: &str) -> Option<Param> {
    let Some(t) = (match v.get_ref() {
        DeValue::Table(t) => Some(t),
        _ => None,
    }) else {
        ctx.issue(
            IssueKind::WrongType,
            v.span(),
            path,
            format!(
                "expected a table {{ value = …, unit = \"{}\", source = \"…\", note = \"…\" }}, \
                    found {}",
                def.unit,
                v.get_ref().type_str()
            ),
        );
        return None;
    };
    ctx.check_keys(t, &["value", "unit", "source", "note"], path);
    let value = match get(t, "value") {
        Some(x) => read_path_value(ctx, x, def, &join(path, "value")),
        None => {
            ctx.missing(
                v.span(),
                &join(path, "value"),
                &format!("a number in {}", def.unit),
            );
            None
        }
    };
    let unit_ok = match get(t, "unit") {
        Some(u) => match ctx.string(u, &join(path, "unit")) {
            Some(unit) if unit.trim() == def.unit => true,
            Some(unit) => {
                ctx.issue(
                    IssueKind::WrongUnit,
                    u.span(),
                    &join(path, "unit"),
                    format!(
                        "the model uses \"{}\" for {} ({}), got {unit:?}; convert the value \
                        and write \"{}\"",
                        def.unit, def.symbol, def.doc, def.unit
                    ),
                );
                false
            }
            None => false,
        },
        None => {
            ctx.missing(v.span(), &join(path, "unit"), &format!("\"{}\"", def.unit));
            false
        }
    };
    let source = match get(t, "source") {
        Some(s) => read_source(ctx, s, &join(path, "source")),
        None => {
            ctx.missing(
                v.span(),
                &join(path, "source"),
                "a provenance tag: seed, official, press, literature, derived or assumption",
            );
            None
        }
    };
    let note = get(t, "note")
        .and_then(|n| ctx.string(n, &join(path, "note")))
        .unwrap_or_default();
    if source == Some(Source::Derived) && note.trim().is_empty() {
        ctx.issue(
            IssueKind::BadSource,
            v.span(),
            &join(path, "note"),
            "a `derived` value needs a note showing the arithmetic".into(),
        );
        return None;
    }
    if !unit_ok {
        return None;
    }
    Some(Param {
        value: value?,
        source: source?,
        note,
        file: ctx.file().to_path_buf(),
        line: ctx.line(&v.span()),
    })
}

/// A constant or, where the definition allows, a time path; every value within range.
fn read_path_value(ctx: &mut Ctx, v: &Value<'_>, def: &ParamDef, path: &str) -> Option<TimePath> {
    let tp = match v.get_ref() {
        DeValue::Table(t) => {
            if def.variation != Variation::TimePath {
                ctx.issue(
                    IssueKind::WrongType,
                    v.span(),
                    path,
                    format!(
                        "{} is a structural parameter: give one number in {}, not a time path",
                        def.symbol, def.unit
                    ),
                );
                return None;
            }
            read_time_path(ctx, t, path, v.span())?
        }
        _ => TimePath::Constant(ctx.number(v, path)?),
    };
    let mut ok = true;
    for value in tp.corner_values() {
        if def.variation == Variation::Switch && value.fract() != 0.0 {
            ctx.issue(
                IssueKind::OutOfRange,
                v.span(),
                path,
                format!(
                    "{} is a structural option: one of the whole numbers {} to {} (see \
                        docs/model.md), got {value}",
                    def.symbol, def.min, def.max
                ),
            );
            ok = false;
            break;
        }
        if value < def.min || value > def.max {
            ctx.issue(
                IssueKind::OutOfRange,
                v.span(),
                path,
                format!(
                    "must be in {}, got {value}",
                    range_text(def.min, def.max, def.unit)
                ),
            );
            ok = false;
            break;
        }
    }
    ok.then_some(tp)
}

fn read_time_path(
    ctx: &mut Ctx,
    t: &DeTable<'_>,
    path: &str,
    span: Range<usize>,
) -> Option<TimePath> {
    let kind = match get(t, "kind") {
        Some(k) => ctx.string(k, &join(path, "kind"))?,
        None => {
            ctx.missing(span, &join(path, "kind"), "\"step\", \"ramp\" or \"table\"");
            return None;
        }
    };
    let num = |ctx: &mut Ctx, key: &str| ctx.required_number(t, key, span.clone(), path);
    match kind.as_str() {
        "step" => {
            ctx.check_keys(t, &["kind", "year", "before", "after"], path);
            let (year, before, after) = (num(ctx, "year"), num(ctx, "before"), num(ctx, "after"));
            Some(TimePath::Step {
                year: year?,
                before: before?,
                after: after?,
            })
        }
        "ramp" => {
            ctx.check_keys(t, &["kind", "start", "end", "from", "to"], path);
            let (start, end) = (num(ctx, "start"), num(ctx, "end"));
            let (from, to) = (num(ctx, "from"), num(ctx, "to"));
            let (start, end) = (start?, end?);
            if end <= start {
                ctx.issue(
                    IssueKind::BadPath,
                    span,
                    &join(path, "end"),
                    format!("a ramp must end after it starts ({start}), got {end}"),
                );
                return None;
            }
            Some(TimePath::Ramp {
                start,
                end,
                from: from?,
                to: to?,
            })
        }
        "table" => {
            ctx.check_keys(t, &["kind", "points"], path);
            let Some(points) = get(t, "points") else {
                ctx.missing(span, &join(path, "points"), "[[year, value], …]");
                return None;
            };
            let points = read_points(ctx, points, &join(path, "points"))?;
            Some(TimePath::Table(points))
        }
        other => {
            ctx.issue(
                IssueKind::BadPath,
                get(t, "kind").map_or(span, |k| k.span()),
                &join(path, "kind"),
                format!("unknown time-path kind {other:?}; allowed: \"step\", \"ramp\", \"table\""),
            );
            None
        }
    }
}

fn read_sectors(ctx: &mut Ctx, v: &Value<'_>) -> Option<Vec<Sector>> {
    let items = ctx.array(v, "sectors", "an array of tables ([[sectors]])")?;
    if items.is_empty() {
        ctx.issue(
            IssueKind::BadSectors,
            v.span(),
            "sectors",
            "the sector list is empty; give at least one [[sectors]] entry".into(),
        );
        return None;
    }
    let mut allowed = vec!["id"];
    allowed.extend(SectorField::ALL.map(SectorField::key));
    allowed.extend(schema::SECTOR_PARAMS.iter().map(|d| d.key));
    // With a parent, entries whose id the parent has change that sector (keys not given are
    // inherited); other entries add sectors.
    let mut sectors: Vec<Sector> = ctx
        .parent
        .as_ref()
        .map(|p| p.sectors.clone())
        .unwrap_or_default();
    let mut seen = HashSet::new();
    let mut ok = true;
    for (k, item) in items.iter().enumerate() {
        let path = format!("sectors[{k}]");
        let Some(t) = ctx.table(item, &path) else {
            ok = false;
            continue;
        };
        ctx.check_keys(t, &allowed, &path);
        let id = match get(t, "id") {
            Some(x) => ctx.string(x, &join(&path, "id")).and_then(|id| {
                if !is_ascii_id(&id, false) {
                    ctx.issue(
                        IssueKind::BadSectors,
                        x.span(),
                        &join(&path, "id"),
                        format!(
                            "must be ASCII snake_case starting with a letter (e.g. \
                            adv_materials), got {id:?}"
                        ),
                    );
                    None
                } else if !seen.insert(id.clone()) {
                    ctx.issue(
                        IssueKind::BadSectors,
                        x.span(),
                        &join(&path, "id"),
                        format!("duplicate sector id {id:?}"),
                    );
                    None
                } else {
                    Some(id)
                }
            }),
            None => {
                ctx.missing(
                    item.span(),
                    &join(&path, "id"),
                    "an ASCII id such as \
                    \"adv_materials\"",
                );
                None
            }
        };
        let label = id
            .clone()
            .map_or(path.clone(), |id| format!("sectors.{id}"));
        let existing = id
            .as_ref()
            .and_then(|id| sectors.iter().position(|s| &s.id == id));
        // An entry of a child scenario whose id its base lacks adds a sector and must be
        // complete; one without its metadata is most likely a misspelt id, so it gets one error
        // with the nearest id instead of one "missing" per key.
        let parent_ids: Option<Vec<String>> = ctx
            .parent
            .as_ref()
            .map(|p| p.sectors.iter().map(|s| s.id.clone()).collect());
        if let (Some(id), None, Some(ids)) = (&id, existing, parent_ids) {
            if get(t, "name_zh").is_none() || get(t, "manufacturing").is_none() {
                let hint = crate::diagnostics::suggest(id, ids.iter().map(String::as_str))
                    .map_or_else(String::new, |near| format!("did you mean `{near}`? "));
                ctx.issue(
                    IssueKind::UnknownKey,
                    get(t, "id").map_or(item.span(), |x| x.span()),
                    &join(&path, "id"),
                    format!(
                        "no sector {id:?} in the base scenario; {hint}(its sectors: {}; a new \
                         sector must give name_zh, manufacturing and every sector key)",
                        ids.join(", ")
                    ),
                );
                ok = false;
                continue;
            }
        }
        let inherited = existing.map(|k| sectors[k].clone());
        let text = |ctx: &mut Ctx, key: &str, fallback: Option<String>| match get(t, key) {
            Some(x) => ctx.string(x, &join(&label, key)),
            None => fallback,
        };
        let name_zh = text(
            ctx,
            "name_zh",
            inherited.as_ref().map(|s| s.name_zh.clone()),
        );
        let name_en = text(
            ctx,
            "name_en",
            inherited.as_ref().map(|s| s.name_en.clone()),
        );
        let group = text(ctx, "group", inherited.as_ref().map(|s| s.group.clone()));
        let manufacturing = match get(t, "manufacturing") {
            Some(x) => ctx.boolean(x, &join(&label, "manufacturing")),
            None if inherited.is_some() => inherited.as_ref().map(|s| s.manufacturing),
            None => {
                ctx.missing(item.span(), &join(&label, "manufacturing"), "true or false");
                None
            }
        };
        // Unknown keys were reported above; read_param_table would report them again.
        let mut params = Vec::with_capacity(schema::SECTOR_PARAMS.len());
        for (k, def) in schema::SECTOR_PARAMS.iter().enumerate() {
            let key_path = join(&label, def.key);
            match get(t, def.key) {
                Some(x) => match read_param(ctx, x, def, &key_path) {
                    Some(p) => params.push(p),
                    None => ok = false,
                },
                None if inherited.is_some() => params.push(
                    inherited
                        .as_ref()
                        .map(|s| s.params[k].clone())
                        .unwrap_or_else(|| unreachable!()),
                ),
                None => {
                    ctx.missing(
                        item.span(),
                        &key_path,
                        &format!(
                            "{{ value = …, unit = \"{}\", source = \"…\" }} ({})",
                            def.unit, def.doc
                        ),
                    );
                    ok = false;
                }
            }
        }
        match (id, manufacturing) {
            (Some(id), Some(manufacturing)) if ok => {
                let sector = Sector {
                    name_zh: name_zh.unwrap_or_else(|| id.clone()),
                    name_en: name_en.unwrap_or_else(|| id.replace('_', " ")),
                    id,
                    group: group.unwrap_or_default(),
                    manufacturing,
                    params,
                };
                match existing {
                    Some(k) => sectors[k] = sector,
                    None => sectors.push(sector),
                }
            }
            _ => ok = false,
        }
    }
    if ok {
        check_sector_consistency(ctx, &sectors, v.span());
    }
    ok.then_some(sectors)
}

/// Cross-sector checks: allocation shares sum to one, output weights leave room for general labour.
fn check_sector_consistency(ctx: &mut Ctx, sectors: &[Sector], span: Range<usize>) {
    for key in [
        "enclave_share",
        "flexible_share",
        "project_share",
        "order_class_target",
    ] {
        let total: f64 = sectors
            .iter()
            .map(|s| s.param(key).value.as_constant().unwrap_or(0.0))
            .sum();
        if (total - 1.0).abs() > 1e-6 {
            let parts: Vec<String> = sectors
                .iter()
                .map(|s| {
                    format!(
                        "{}={}",
                        s.id,
                        s.param(key).value.as_constant().unwrap_or(0.0)
                    )
                })
                .collect();
            ctx.issue(
                IssueKind::BadShares,
                span.clone(),
                &format!("sectors.*.{key}"),
                format!(
                    "shares must sum to 1 across sectors, got {total} ({})",
                    parts.join(", ")
                ),
            );
        }
    }
    for s in sectors {
        let wh = s.param("weight_high").value.as_constant().unwrap_or(0.0);
        let ws = s.param("weight_skilled").value.as_constant().unwrap_or(0.0);
        if wh + ws > 1.0 + 1e-12 {
            ctx.issue(
                IssueKind::BadShares,
                span.clone(),
                &format!("sectors.{}.weight_skilled", s.id),
                format!(
                    "weight_high + weight_skilled must be ≤ 1 (the rest is general labour), got {}",
                    wh + ws
                ),
            );
        }
    }
}

fn read_lookups(ctx: &mut Ctx, t: &DeTable<'_>, span: Range<usize>) -> Option<Vec<Lookup>> {
    let names: Vec<&str> = schema::LOOKUPS.iter().map(|l| l.0).collect();
    ctx.check_keys(t, &names, "lookups");
    let mut out = Vec::new();
    let mut ok = true;
    for (name, _, doc, _) in schema::LOOKUPS {
        let path = format!("lookups.{name}");
        let Some(v) = get(t, name) else {
            if let Some(p) = ctx.parent.as_ref() {
                out.push(p.lookups[out.len()].clone());
                continue;
            }
            ctx.missing(
                span.clone(),
                &path,
                &format!("{{ points = [[x, y], …], source = \"…\" }} ({doc})"),
            );
            ok = false;
            continue;
        };
        let Some(table) = ctx.table(v, &path) else {
            ok = false;
            continue;
        };
        ctx.check_keys(table, &["points", "source", "note"], &path);
        let points = match get(table, "points") {
            Some(p) => read_points(ctx, p, &join(&path, "points")),
            None => {
                ctx.missing(v.span(), &join(&path, "points"), "[[x, y], …]");
                None
            }
        };
        if let Some(points) = &points {
            let at_one = super::path::interpolate(points, 1.0);
            if (at_one - 1.0).abs() > 1e-9 || points.iter().any(|p| p.0 < 0.0 || p.1 < 0.0) {
                ctx.issue(
                    IssueKind::BadPath,
                    v.span(),
                    &join(&path, "points"),
                    format!(
                        "a multiplier table must be non-negative and pass through (1, 1) \
                        (normalised to 2024), gives {at_one} at x = 1"
                    ),
                );
                ok = false;
            }
        }
        let source = match get(table, "source") {
            Some(s) => read_source(ctx, s, &join(&path, "source")),
            None => {
                ctx.missing(v.span(), &join(&path, "source"), "a provenance tag");
                None
            }
        };
        let note = get(table, "note")
            .and_then(|n| ctx.string(n, &join(&path, "note")))
            .unwrap_or_default();
        match (points, source) {
            (Some(points), Some(source)) => out.push(Lookup {
                name: name.to_string(),
                points,
                source,
                note,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_coupling(
    ctx: &mut Ctx,
    t: &DeTable<'_>,
    span: Range<usize>,
) -> Option<(f64, Vec<CouplingBound>)> {
    let mut allowed = vec!["talent_weight"];
    allowed.extend(schema::COUPLING_INDICATORS.iter().map(|c| c.0));
    ctx.check_keys(t, &allowed, "coupling");
    let alpha = match (get(t, "talent_weight"), ctx.parent.as_ref()) {
        (Some(x), _) => ctx.number_in(x, "coupling.talent_weight", 0.0, 1.0, ""),
        (None, Some(p)) => Some(p.coupling_talent_weight),
        (None, None) => {
            ctx.missing(
                span.clone(),
                "coupling.talent_weight",
                "α in [0, 1], the talent subsystem's weight in T = αU1 + βU2",
            );
            None
        }
    };
    let mut bounds = Vec::new();
    let mut ok = true;
    for (name, unit, _, doc) in schema::COUPLING_INDICATORS {
        let path = format!("coupling.{name}");
        let Some(v) = get(t, name) else {
            if let Some(p) = ctx.parent.as_ref() {
                bounds.push(p.coupling[bounds.len()].clone());
                continue;
            }
            ctx.missing(
                span.clone(),
                &path,
                &format!(
                    "{{ lower = …, upper = …, weight = …, source = \"…\" }} in {unit} ({doc})"
                ),
            );
            ok = false;
            continue;
        };
        let Some(table) = ctx.table(v, &path) else {
            ok = false;
            continue;
        };
        ctx.check_keys(
            table,
            &["lower", "upper", "weight", "unit", "source", "note"],
            &path,
        );
        let field = |ctx: &mut Ctx, key: &str, min: f64| match get(table, key) {
            Some(x) => ctx.number_in(x, &join(&path, key), min, f64::INFINITY, unit),
            None => {
                ctx.missing(v.span(), &join(&path, key), "a number");
                None
            }
        };
        let lower = field(ctx, "lower", f64::NEG_INFINITY);
        let upper = field(ctx, "upper", f64::NEG_INFINITY);
        let weight = field(ctx, "weight", 0.0);
        if let Some(u) = get(table, "unit") {
            if let Some(given) = ctx.string(u, &join(&path, "unit")) {
                if given.trim() != *unit {
                    ctx.issue(
                        IssueKind::WrongUnit,
                        u.span(),
                        &join(&path, "unit"),
                        format!("the indicator is in \"{unit}\", got {given:?}"),
                    );
                    ok = false;
                }
            }
        }
        let source = match get(table, "source") {
            Some(s) => read_source(ctx, s, &join(&path, "source")),
            None => {
                ctx.missing(v.span(), &join(&path, "source"), "a provenance tag");
                None
            }
        };
        let note = get(table, "note")
            .and_then(|n| ctx.string(n, &join(&path, "note")))
            .unwrap_or_default();
        match (lower, upper, weight, source) {
            (Some(lower), Some(upper), Some(weight), Some(source)) => {
                if upper <= lower {
                    ctx.issue(
                        IssueKind::OutOfRange,
                        v.span(),
                        &join(&path, "upper"),
                        format!("must exceed lower ({lower}), got {upper}"),
                    );
                    ok = false;
                }
                bounds.push(CouplingBound {
                    lower,
                    upper,
                    weight,
                    source,
                    note,
                });
            }
            _ => ok = false,
        }
    }
    if ok {
        for subsystem in [schema::Subsystem::Talent, schema::Subsystem::Industry] {
            let total: f64 = schema::COUPLING_INDICATORS
                .iter()
                .zip(&bounds)
                .filter(|(c, _)| c.2 == subsystem)
                .map(|(_, b)| b.weight)
                .sum();
            if total <= 0.0 {
                ctx.issue(
                    IssueKind::BadShares,
                    span.clone(),
                    "coupling",
                    format!(
                        "the \
                    {subsystem:?} subsystem needs at least one indicator with positive weight"
                    ),
                );
                ok = false;
            }
        }
    }
    if ok {
        Some((alpha?, bounds))
    } else {
        None
    }
}
