//! The shards of a sweep read back, checked to form the whole design, and streamed run by run in
//! run order (so merging needs memory for one run's series, not for the sweep).
//!
//! A shard directory (written by `talentloop sweep --shard I/N`) holds `manifest.json` (spec file
//! and hash, run range, whether it was interrupted), `samples.csv` (one record per run) and
//! `series.f32` (each run's band series, little-endian f32, run-major).

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::design::{design, Design};
use super::spec::{load_spec, SweepSpec};
use crate::error::Error;

/// One shard: its directory and run range.
#[derive(Debug, Clone)]
struct Shard {
    dir: PathBuf,
    range: (u64, u64),
}

/// Shards that together cover a sweep's design exactly once, in run order.
#[derive(Debug, Clone)]
pub struct ShardSet {
    /// The sweep spec (read from the path the shards recorded; unchanged since they ran).
    pub spec: SweepSpec,
    /// Its design.
    pub design: Design,
    shards: Vec<Shard>,
}

/// A damaged or foreign file in a shard.
fn problem(path: &Path, message: String) -> Error {
    Error::BadOutput {
        path: path.to_path_buf(),
        message,
    }
}

/// Shards that do not make one sweep.
fn inconsistent(message: String) -> Error {
    Error::InconsistentShards { message }
}

/// Reads a shard's manifest. (`output::sweep::merge` has checked every file of the shard against
/// the manifest's list of sizes and SHA-256 first.)
fn read_manifest(dir: &Path) -> Result<Value, Error> {
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let manifest: Value = serde_json::from_str(&text).map_err(|e| {
        problem(
            &path,
            format!("{e}; is this a shard written by `talentloop sweep --shard`?"),
        )
    })?;
    Ok(manifest)
}

impl ShardSet {
    /// Reads the shards' manifests and checks that they come from one unchanged spec, are complete
    /// and cover every run once.
    pub fn open(dirs: &[PathBuf]) -> Result<ShardSet, Error> {
        if dirs.is_empty() {
            return Err(inconsistent("no shard directories given".into()));
        }
        let manifests = dirs
            .iter()
            .map(|d| read_manifest(d))
            .collect::<Result<Vec<_>, _>>()?;
        let first = &manifests[0];
        let spec_path = PathBuf::from(first["spec_file"].as_str().unwrap_or_default());
        let spec = load_spec(&spec_path)?;
        if first["spec_sha256"].as_str() != Some(spec.sha256.as_str()) {
            return Err(inconsistent(format!(
                "{} changed since the shards ran (SHA-256 differs)",
                spec_path.display()
            )));
        }
        let mut shards = Vec::new();
        for (dir, manifest) in dirs.iter().zip(&manifests) {
            if manifest["spec_sha256"] != first["spec_sha256"] {
                return Err(inconsistent(format!(
                    "{} comes from a different spec",
                    dir.display()
                )));
            }
            let version = manifest["talentloop_version"].as_str().unwrap_or("unknown");
            if version != env!("CARGO_PKG_VERSION") {
                return Err(inconsistent(format!(
                    "{} was written by talentloop {version}, this is {}: run every shard with \
                        one version",
                    dir.display(),
                    env!("CARGO_PKG_VERSION")
                )));
            }
            let bound = |k: usize| manifest["range"][k].as_u64().unwrap_or(0);
            let complete =
                manifest["completed"].as_u64() == Some(bound(1).saturating_sub(bound(0)));
            if manifest["shard"].is_null() || manifest["interrupted"] != false || !complete {
                return Err(inconsistent(format!(
                    "{} is not a complete shard (interrupted, or not written by `sweep \
                        --shard`): run it again",
                    dir.display()
                )));
            }
            shards.push(Shard {
                dir: dir.clone(),
                range: (bound(0), bound(1)),
            });
        }
        shards.sort_by_key(|s| s.range.0);
        for pair in shards.windows(2) {
            if pair[0].range == pair[1].range {
                return Err(inconsistent(format!(
                    "the shard with runs [{}, {}] is given twice",
                    pair[0].range.0, pair[0].range.1
                )));
            }
        }
        let design = design(&spec);
        let mut expected = 0u64;
        for s in &shards {
            if s.range.0 != expected {
                return Err(inconsistent(format!(
                    "runs {expected}..{} are missing: give every shard of the sweep",
                    s.range.0
                )));
            }
            expected = s.range.1;
        }
        if expected as usize != design.len() {
            return Err(inconsistent(format!(
                "runs {expected}..{} are missing: give every shard of the sweep",
                design.len()
            )));
        }
        Ok(ShardSet {
            spec,
            design,
            shards,
        })
    }

    /// Calls `f(record, series)` for every run in run order: its samples.csv record and its band
    /// series. Fails on a shard whose files do not hold its runs.
    pub fn for_each_run(
        &self,
        mut f: impl FnMut(&::csv::StringRecord, &[f32]) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let rows = self.spec.scenario.time.n_intervals() + 1;
        let per_run = self.spec.bands.len() * rows;
        let mut bytes = vec![0u8; per_run * 4];
        let mut series = vec![0f32; per_run];
        for shard in &self.shards {
            let samples_path = shard.dir.join("samples.csv");
            let series_path = shard.dir.join("series.f32");
            let file =
                std::fs::File::open(&samples_path).map_err(|e| Error::io(&samples_path, e))?;
            let mut values = std::io::BufReader::new(
                std::fs::File::open(&series_path).map_err(|e| Error::io(&series_path, e))?,
            );
            let mut runs = 0u64;
            for record in ::csv::Reader::from_reader(std::io::BufReader::new(file)).records() {
                let record = record.map_err(|e| {
                    problem(
                        &samples_path,
                        format!("{e}; is this a shard written by `talentloop sweep --shard`?"),
                    )
                })?;
                values.read_exact(&mut bytes).map_err(|_| {
                    problem(
                        &series_path,
                        format!(
                            "holds fewer runs than samples.csv ({runs}); the shard is damaged: run \
                                it again"
                        ),
                    )
                })?;
                for (v, b) in series.iter_mut().zip(bytes.chunks_exact(4)) {
                    *v = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                }
                f(&record, &series)?;
                runs += 1;
            }
            let mut rest = [0u8; 1];
            let extra = values
                .read(&mut rest)
                .map_err(|e| Error::io(&series_path, e))?;
            if runs != shard.range.1 - shard.range.0 || extra != 0 {
                return Err(problem(
                    &shard.dir,
                    format!(
                        "holds {runs} runs in samples.csv for its range [{}, {}]{}; the shard is \
                            damaged: run it again",
                        shard.range.0,
                        shard.range.1,
                        if extra != 0 {
                            " and more series than runs"
                        } else {
                            ""
                        }
                    ),
                ));
            }
        }
        Ok(())
    }
}
