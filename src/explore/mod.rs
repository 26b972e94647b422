//! `talentloop explore`: the interactive policy explorer — a local web server (127.0.0.1 only)
//! that runs the model in its own process for every slider move and serves one page.
//!
//! An [`Explorer`] holds the base scenario, the controls (levers from the parameter registry,
//! assumptions from the band's sweep spec), the fixed sample of the band (common random numbers:
//! the same draws for every request) and the baseline's answer (the ghost line). A request is
//! applied to the base scenario as sweeps apply samples, run, and answered as JSON
//! ([`response`]); the same request downloads as a scenario file that `extends` the base and
//! that `talentloop run` reproduces bit for bit ([`Explorer::scenario_toml`]). [`server`] is the
//! HTTP side. docs/explore.md documents the page and the API.

pub mod controls;
pub mod request;
pub mod response;
pub mod server;

use std::path::{Path, PathBuf};

use std::sync::atomic::AtomicBool;

use serde_json::{json, Value};

use crate::analysis::sweep::bands::PERCENTILES;
use crate::analysis::sweep::design::Design;
use crate::analysis::sweep::spec::{load_spec, BandSpec, Distribution, Method, Mode, SweepSpec};
use crate::analysis::sweep::{execute, Quiet, RunOutputs, RunSink};
use crate::error::Error;
use crate::model::indicator_registry::Shown;
use crate::output::layer;
use crate::results::run;
use crate::scenario::schema::MeasureGroup;
use crate::scenario::{load, Scenario, Source};
use crate::units::unit_zh;

use controls::{AssumptionControl, LeverControl};
use request::Request;
use response::Indicators;

/// The percentiles of the band's edges: the outer two of a sweep's bands.
pub const BAND_PERCENTILES: (f64, f64) = (PERCENTILES[0], PERCENTILES[4]);

/// The indicators the two large graphs show first: high-level talent working in firms and the
/// high-tech share of manufacturing (the seed's talent and upgrading goals).
pub const DEFAULT_VIEW: [&str; 2] = ["talent_firms[H]", "high_tech_share_manufacturing"];

/// The default cumulative budget the meter compares with (亿元 over the run).
pub const BUDGET_DEFAULT: f64 = 10.0;

/// The year a lever moved on the page takes effect from, unless the analyst changes it: the
/// first year after the 2025 plan, as the shipped packages assume.
pub const FROM_YEAR_DEFAULT: f64 = 2026.0;

/// Why a request got no answer.
#[derive(Debug)]
pub enum Refusal {
    /// The request is malformed or asks for something out of range (HTTP 400).
    BadRequest(String),
    /// The model cannot run with these settings (HTTP 422).
    Unrunnable(String),
}

/// The band keeps no run: only its percentiles.
struct NoSink;

impl RunSink for NoSink {
    fn record(&mut self, _: &Design, _: &RunOutputs) -> Result<(), Error> {
        Ok(())
    }
}

/// Everything a request needs, built once at start-up and shared read-only by the workers.
#[derive(Debug)]
pub struct Explorer {
    base: Scenario,
    base_file: PathBuf,
    levers: Vec<LeverControl>,
    assumptions: Vec<AssumptionControl>,
    band_spec: SweepSpec,
    band_design: Design,
    indicators: Indicators,
    baseline: Value,
    meta: String,
}

impl Explorer {
    /// Loads the base scenario and the band's spec and draws the band's `members` (a Latin
    /// hypercube with the spec's seed), runs the baseline once.
    pub fn new(base_file: &Path, band_spec: &Path, members: usize) -> Result<Explorer, Error> {
        let base = load(base_file)?;
        let base_file = base_file
            .canonicalize()
            .map_err(|e| Error::io(base_file, e))?;
        let mut spec = load_spec(band_spec)?;
        let ids = |s: &Scenario| s.sectors.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
        if ids(&spec.scenario) != ids(&base) {
            return Err(Error::Invalid {
                message: format!(
                    "{} samples a scenario with other sectors than {}: the band needs the same \
                 sectors, in the same order",
                    band_spec.display(),
                    base_file.display()
                ),
            });
        }
        spec.method = Method::Lhs { samples: members };
        let band_design = Design::new(&spec);
        let assumptions =
            controls::assumptions(&spec).map_err(|message| Error::Invalid { message })?;
        let levers = controls::levers(&base);
        let baseline_run = run(&base)?;
        let indicators = Indicators::of(&baseline_run);
        let view: Vec<String> = DEFAULT_VIEW.iter().map(|id| id.to_string()).collect();
        indicators
            .select(Some(&view))
            .map_err(|message| Error::Invalid { message })?;
        let baseline = response::run_json(&indicators, &baseline_run, None);
        let mut explorer = Explorer {
            base,
            base_file,
            levers,
            assumptions,
            band_spec: spec,
            band_design,
            indicators,
            baseline,
            meta: String::new(),
        };
        explorer.meta = explorer.meta_json().to_string();
        Ok(explorer)
    }

    /// The base scenario.
    pub fn base(&self) -> &Scenario {
        &self.base
    }

    /// The page's description of the controls, indicators and baseline (`GET /api/meta`).
    pub fn meta(&self) -> &str {
        &self.meta
    }

    fn meta_json(&self) -> Value {
        let s = &self.base;
        let groups: Vec<Value> = MeasureGroup::ALL
            .iter()
            .map(|g| {
                let (id, zh, en) = g.names();
                json!({"id": id, "zh": zh, "en": en})
            })
            .collect();
        let cost_lines: Vec<Value> = controls::cost_lines()
            .iter()
            .map(|line| {
                let def = crate::model::indicator_registry::find(line, "");
                let (zh, en) = def.map_or((*line, *line), |d| (d.zh, d.en));
                json!({"id": line, "zh": zh, "en": en})
            })
            .collect();
        let sectors: Vec<Value> = s
            .sectors
            .iter()
            .map(|x| json!({"id": x.id, "zh": x.name_zh, "en": x.name_en}))
            .collect();
        let indicators: Vec<Value> = self
            .indicators
            .defs()
            .map(|d| {
                json!({
                    "id": d.id(), "zh": d.zh, "en": d.en,
                    "unit": d.unit, "unit_zh": unit_zh(d.unit),
                    "description_zh": d.description_zh, "description_en": d.description_en,
                    "direction": format!("{:?}", d.direction).to_lowercase(),
                    "headline": d.is_shown(Shown::Headline),
                })
            })
            .collect();
        let band = json!({
            "members": self.band_design.len(),
            "spec": self.band_spec.file.display().to_string(),
            "low": BAND_PERCENTILES.0,
            "high": BAND_PERCENTILES.1,
        });
        json!({
            "scenario": {
                "name": s.name, "title_zh": s.title_zh, "description": s.description,
                "file": self.base_file.display().to_string(),
            },
            "start": s.time.start, "end": s.time.end,
            "from_year_default": FROM_YEAR_DEFAULT,
            "groups": groups,
            "sectors": sectors,
            "levers": self.levers.iter().map(|l| controls::lever_json(l, s)).collect::<Vec<_>>(),
            "assumptions": self.assumptions.iter().map(|a| controls::assumption_json(a, s))
                .collect::<Vec<_>>(),
            "indicators": indicators,
            "default_view": DEFAULT_VIEW,
            "cost_lines": cost_lines,
            "sources": Source::ALL.iter().map(|s| json!({"tag": s.as_str(), "zh": s.zh()}))
                .collect::<Vec<_>>(),
            "budget_default": BUDGET_DEFAULT,
            "band": band,
            "baseline": self.baseline,
        })
    }

    /// Applies a request to the base scenario.
    pub fn apply(&self, request: &Request) -> Result<request::Applied, Refusal> {
        request::apply(&self.base, &self.levers, &self.assumptions, request)
            .map_err(Refusal::BadRequest)
    }

    /// Runs a request: the series of every indicator, the spending, and the band when asked.
    pub fn run(&self, request: &Request) -> Result<Value, Refusal> {
        let applied = self.apply(request)?;
        let result = run(&applied.scenario).map_err(|e| Refusal::Unrunnable(e.to_string()))?;
        let band = match &request.band {
            request::BandRequest::Flag(false) => None,
            request::BandRequest::Flag(true) => {
                Some(self.band(&applied.scenario, request, None)?)
            }
            request::BandRequest::Indicators(ids) => {
                Some(self.band(&applied.scenario, request, Some(ids))?)
            }
        };
        Ok(response::run_json(&self.indicators, &result, band.as_ref()))
    }

    /// The band of `scenario` over the indicators `ids` (all when None): a sweep of the fixed
    /// sample with `scenario` as its base. An assumption the analyst set is held at that
    /// setting (the analyst says "suppose it is so"); every other one is drawn as the spec
    /// draws it, with the same draws for every request (common random numbers: holding one
    /// parameter leaves the others' draws unchanged). Draws that leave a range or fail to
    /// integrate are counted and left out.
    fn band(
        &self,
        scenario: &Scenario,
        request: &Request,
        ids: Option<&[String]>,
    ) -> Result<response::Band, Refusal> {
        let shown = self.indicators.select(ids).map_err(Refusal::BadRequest)?;
        let mut spec = self.band_spec.clone();
        let mut held = false;
        for p in &mut spec.parameters {
            if request.assumptions.contains_key(&p.key) {
                // A multiplier of 1 on the analyst's scenario: the setting stays. The design's
                // unit coordinates do not depend on the distributions, so the other draws stay.
                p.mode = Mode::Scale;
                p.distribution = Distribution::Discrete(vec![1.0]);
                p.from = None;
                held = true;
            }
        }
        let held_design;
        let design = if held {
            held_design = Design::new(&spec);
            &held_design
        } else {
            &self.band_design
        };
        spec.scenario = scenario.clone();
        spec.outputs.clear();
        spec.bands = shown
            .iter()
            .map(|&(_, def)| BandSpec {
                variable: def.variable.to_string(),
                category: def.category.to_string(),
                sector: None,
            })
            .collect();
        let range = 0..design.len();
        let cancel = AtomicBool::new(false);
        let swept = execute(&spec, design, range, &mut NoSink, &mut Quiet, &cancel)
            .map_err(|e| Refusal::Unrunnable(e.to_string()))?;
        Ok(response::Band::of(&shown, &swept))
    }

    /// The scenario file of a request: `extends` the base (absolute path) and sets what the
    /// request set, tagged `assumption`.
    pub fn scenario_toml(&self, request: &Request) -> Result<String, Refusal> {
        let applied = self.apply(request)?;
        let name = match &request.name {
            None => "explore".to_string(),
            Some(n)
                if !n.is_empty()
                    && n.len() <= 64
                    && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                n.clone()
            }
            Some(n) => {
                return Err(Refusal::BadRequest(format!(
                    "name `{n}`: use 1–64 ASCII letters, digits or `_`"
                )))
            }
        };
        let description = if applied.changes.is_empty() {
            format!("{} unchanged (talentloop explore)", self.base.name)
        } else {
            format!("{} with: {}", self.base.name, applied.changes.join("; "))
        };
        let header = format!(
            "# Made with `talentloop explore` from {base}.\n# `talentloop run` of this file \
             reproduces the explorer's series exactly.\nextends = {base:?}\n\n[scenario]\nname = \
             \"{name}\"\ntitle_zh = \"{title}（探索调整）\"\ndescription = {description:?}\n\n",
            base = self.base_file.display().to_string(),
            title = self.base.title_zh.replace('"', "'"),
        );
        let note = "set in talentloop explore";
        Ok(header + &layer::entries(&applied.scenario, &applied.targets, "assumption", note))
    }
}
