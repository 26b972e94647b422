//! Sample designs: one-at-a-time, full factorial, Monte Carlo, Latin hypercube, Saltelli (Sobol
//! sequence) and Morris trajectories, all from an explicit seed.
//!
//! A design is lazy: it knows its number of runs and computes run k's values, unit coordinates
//! and label on demand, so that memory does not grow with the runs of a large design. Every run
//! is index-computable: random streams are derived from the seed and the run (or trajectory)
//! index with ChaCha8's `set_stream`, and the Sobol sequence is sampled by index. The only state
//! that grows is the Latin hypercube's: one permutation of the strata per dimension (a u32 per
//! stratum, 4·N·D bytes), drawn from one stream reserved for them.

use std::sync::Arc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::spec::{Distribution, Method, SweepSpec};

/// The runs of a sweep, computed on demand: parameter values per run (in spec order), their
/// unit-cube coordinates and a label per run.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    runs: usize,
    seed: u64,
    /// Distribution of each parameter, mapping unit coordinates to values.
    distributions: Vec<Distribution>,
    kind: Kind,
}

/// What each method needs to compute a run.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Oat {
        base: Vec<f64>,
        ends: Vec<(f64, f64)>,
    },
    Grid {
        axes: Vec<Vec<f64>>,
    },
    MonteCarlo,
    /// `perms[d · N + k]`: the stratum of run k in dimension d (shared, so a clone is cheap).
    Lhs {
        perms: Arc<[u32]>,
    },
    Sobol {
        second_order: bool,
    },
    Morris {
        levels: usize,
    },
}

/// Stream reserved for Latin-hypercube permutations.
const PERMUTATION_STREAM: u64 = u64::MAX;

fn rng(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    r.set_stream(stream);
    r
}

/// A random permutation of 0..n (Fisher–Yates), appended to `out`. The draws are made on usize
/// ranges, as the designs recorded before permutations were stored as u32, so they are the same.
fn permutation_into(r: &mut ChaCha8Rng, n: usize, out: &mut Vec<u32>) {
    let start = out.len();
    let n32 = u32::try_from(n).expect("a Latin hypercube has at most 10^7 strata");
    out.extend(0..n32);
    let p = &mut out[start..];
    for i in (1..n).rev() {
        let j = r.random_range(0..=i);
        p.swap(i, j);
    }
}

/// A random permutation of 0..n, as indices.
fn permutation(r: &mut ChaCha8Rng, n: usize) -> Vec<usize> {
    let mut p = Vec::with_capacity(n);
    permutation_into(r, n, &mut p);
    p.into_iter().map(|x| x as usize).collect()
}

/// Grid levels of each parameter: its discrete values, or `levels` quantiles from 0 to 1.
fn grid_axes(spec: &SweepSpec) -> Vec<Vec<f64>> {
    spec.parameters
        .iter()
        .map(|p| match &p.distribution {
            Distribution::Discrete(v) => v.clone(),
            d => {
                let n = p.levels.max(1);
                if n == 1 {
                    vec![p.base]
                } else {
                    (0..n)
                        .map(|k| d.quantile(k as f64 / (n - 1) as f64))
                        .collect()
                }
            }
        })
        .collect()
}

/// The number of grid levels of a parameter (as [`grid_axes`] makes them).
fn axis_len(p: &super::spec::SweepParam) -> usize {
    match &p.distribution {
        Distribution::Discrete(v) => v.len(),
        _ => p.levels.max(1),
    }
}

/// The Sobol seed of a spec seed.
fn seed32(seed: u64) -> u32 {
    (seed ^ (seed >> 32)) as u32
}

impl Design {
    /// The design of a spec. Cheap for every method but the Latin hypercube, which draws its
    /// permutations here (call [`Design::runs_of`] first to size a sweep).
    pub fn new(spec: &SweepSpec) -> Design {
        let dims = spec.parameters.len();
        let kind = match &spec.method {
            Method::Oat => Kind::Oat {
                base: spec.parameters.iter().map(|p| p.base).collect(),
                ends: spec
                    .parameters
                    .iter()
                    .map(|p| p.distribution.ends())
                    .collect(),
            },
            Method::Grid => Kind::Grid {
                axes: grid_axes(spec),
            },
            Method::MonteCarlo { .. } => Kind::MonteCarlo,
            Method::Lhs { samples } => {
                let mut perm_rng = rng(spec.seed, PERMUTATION_STREAM);
                let mut perms = Vec::with_capacity(samples * dims);
                for _ in 0..dims {
                    permutation_into(&mut perm_rng, *samples, &mut perms);
                }
                Kind::Lhs {
                    perms: perms.into(),
                }
            }
            Method::Sobol { second_order, .. } => Kind::Sobol {
                second_order: *second_order,
            },
            Method::Morris { levels, .. } => Kind::Morris { levels: *levels },
        };
        Design {
            runs: Design::runs_of(spec),
            seed: spec.seed,
            distributions: spec
                .parameters
                .iter()
                .map(|p| p.distribution.clone())
                .collect(),
            kind,
        }
    }

    /// The number of runs of a spec's design, without building it (saturating: a grid whose
    /// levels multiply beyond usize is as impossible to run as usize::MAX runs).
    pub fn runs_of(spec: &SweepSpec) -> usize {
        let dims = spec.parameters.len();
        match &spec.method {
            Method::Oat => 1 + 2 * dims,
            Method::Grid => spec
                .parameters
                .iter()
                .map(axis_len)
                .fold(1usize, usize::saturating_mul),
            Method::MonteCarlo { samples } | Method::Lhs { samples } => *samples,
            Method::Sobol {
                samples,
                second_order,
                ..
            } => samples.saturating_mul(if *second_order {
                2 * dims + 2
            } else {
                dims + 2
            }),
            Method::Morris { trajectories, .. } => trajectories.saturating_mul(dims + 1),
        }
    }

    /// Bytes of the design's own state that grow with the spec: the Latin hypercube's
    /// permutations (4·N·D), a grid's levels, the one-at-a-time ends.
    pub fn state_bytes(spec: &SweepSpec) -> usize {
        let dims = spec.parameters.len();
        let f = std::mem::size_of::<f64>();
        let own = match &spec.method {
            Method::Lhs { samples } => samples.saturating_mul(dims).saturating_mul(4),
            Method::Grid => spec
                .parameters
                .iter()
                .map(axis_len)
                .sum::<usize>()
                .saturating_mul(f),
            Method::Oat => 3 * dims * f,
            Method::MonteCarlo { .. } | Method::Sobol { .. } | Method::Morris { .. } => 0,
        };
        own.saturating_add(dims * std::mem::size_of::<Distribution>())
    }

    /// Number of runs.
    pub fn len(&self) -> usize {
        self.runs
    }

    /// Whether the design has no runs.
    pub fn is_empty(&self) -> bool {
        self.runs == 0
    }

    /// Number of parameters.
    pub fn dims(&self) -> usize {
        self.distributions.len()
    }

    /// Run k's parameter values and label.
    pub fn run(&self, k: usize) -> (Vec<f64>, String) {
        (self.values(k), self.label(k))
    }

    /// Run k's parameter values, in spec order.
    pub fn values(&self, k: usize) -> Vec<f64> {
        let mut out = Vec::with_capacity(self.dims());
        self.values_into(k, &mut out);
        out
    }

    /// Sets `out` to run k's parameter values (a buffer reused run after run).
    pub fn values_into(&self, k: usize, out: &mut Vec<f64>) {
        assert!(k < self.runs, "run {k} of a design of {} runs", self.runs);
        out.clear();
        match &self.kind {
            Kind::Oat { base, ends } => {
                out.extend_from_slice(base);
                if k > 0 {
                    let (p, high) = ((k - 1) / 2, (k - 1) % 2 == 1);
                    out[p] = if high { ends[p].1 } else { ends[p].0 };
                }
            }
            Kind::Grid { axes } => {
                // The last parameter varies fastest.
                out.resize(axes.len(), 0.0);
                let mut k = k;
                for d in (0..axes.len()).rev() {
                    out[d] = axes[d][k % axes[d].len()];
                    k /= axes[d].len();
                }
            }
            Kind::MonteCarlo | Kind::Lhs { .. } | Kind::Sobol { .. } | Kind::Morris { .. } => {
                self.unit_into(k, out);
                for (x, d) in out.iter_mut().zip(&self.distributions) {
                    *x = d.quantile(*x);
                }
            }
        }
    }

    /// Run k's unit-cube coordinates (Morris needs them to compute elementary effects); empty
    /// for one-at-a-time and grid designs, which are not sampled from the unit cube.
    pub fn unit(&self, k: usize) -> Vec<f64> {
        let mut out = Vec::with_capacity(self.dims());
        self.unit_into(k, &mut out);
        out
    }

    /// Sets `out` to run k's unit-cube coordinates (empty for one-at-a-time and grid designs).
    pub fn unit_into(&self, k: usize, out: &mut Vec<f64>) {
        assert!(k < self.runs, "run {k} of a design of {} runs", self.runs);
        out.clear();
        let dims = self.dims();
        match &self.kind {
            Kind::Oat { .. } | Kind::Grid { .. } => {}
            Kind::MonteCarlo => {
                let mut r = rng(self.seed, k as u64);
                out.extend((0..dims).map(|_| r.random::<f64>()));
            }
            Kind::Lhs { perms } => {
                let n = self.runs;
                let mut r = rng(self.seed, k as u64);
                out.extend(
                    (0..dims).map(|d| (perms[d * n + k] as f64 + r.random::<f64>()) / n as f64),
                );
            }
            Kind::Sobol { second_order } => {
                let block = if *second_order {
                    2 * dims + 2
                } else {
                    dims + 2
                };
                let (j, r) = ((k / block) as u32, k % block);
                let s = seed32(self.seed);
                let a = |d: usize| sobol_burley::sample(j, d as u32, s) as f64;
                let b = |d: usize| sobol_burley::sample(j, (dims + d) as u32, s) as f64;
                // A, B, AB^i (A with B's column i), BA^i (B with A's column i).
                out.extend((0..dims).map(|d| match r {
                    0 => a(d),
                    1 => b(d),
                    r if r < 2 + dims => {
                        if d == r - 2 {
                            b(d)
                        } else {
                            a(d)
                        }
                    }
                    r => {
                        if d == r - 2 - dims {
                            a(d)
                        } else {
                            b(d)
                        }
                    }
                }));
            }
            Kind::Morris { levels } => {
                let (t, s) = (k / (dims + 1), k % (dims + 1));
                let (start, up, order, delta) = morris_trajectory(self.seed, t, dims, *levels);
                out.extend_from_slice(&start);
                // The same additions in the same order as the whole trajectory, so the same bits.
                for &d in &order[..s] {
                    out[d] += if up[d] { delta } else { -delta };
                }
            }
        }
    }

    /// The unit-cube points of Morris trajectory t (D + 1 runs), for the elementary effects.
    pub fn trajectory(&self, t: usize) -> Vec<Vec<f64>> {
        let dims = self.dims();
        let Kind::Morris { levels } = self.kind else {
            return Vec::new();
        };
        let (mut x, up, order, delta) = morris_trajectory(self.seed, t, dims, levels);
        let mut points = Vec::with_capacity(dims + 1);
        points.push(x.clone());
        for &d in &order {
            x[d] += if up[d] { delta } else { -delta };
            points.push(x.clone());
        }
        points
    }

    /// Run k's block label: `base`, `low:k`, `high:k`, `grid`, `mc`, `lhs`, `A`, `B`, `AB:k`,
    /// `BA:k`, `t:r`.
    pub fn label(&self, k: usize) -> String {
        let dims = self.dims();
        match &self.kind {
            Kind::Oat { .. } if k == 0 => "base".to_string(),
            Kind::Oat { .. } => {
                let end = if (k - 1) % 2 == 1 { "high" } else { "low" };
                format!("{end}:{}", (k - 1) / 2)
            }
            Kind::Grid { .. } => "grid".to_string(),
            Kind::MonteCarlo => "mc".to_string(),
            Kind::Lhs { .. } => "lhs".to_string(),
            Kind::Sobol { second_order } => {
                let block = if *second_order {
                    2 * dims + 2
                } else {
                    dims + 2
                };
                match k % block {
                    0 => "A".to_string(),
                    1 => "B".to_string(),
                    r if r < 2 + dims => format!("AB:{}", r - 2),
                    r => format!("BA:{}", r - 2 - dims),
                }
            }
            Kind::Morris { .. } => format!("t:{}", k / (dims + 1)),
        }
    }
}

/// Morris trajectory t on a p-level grid with step Δ = p / (2(p − 1)): its start (a random grid
/// point from which every coordinate has been moved so that its step stays in [0, 1]), the
/// direction of each coordinate's step, the order of the steps and Δ.
fn morris_trajectory(
    seed: u64,
    t: usize,
    dims: usize,
    levels: usize,
) -> (Vec<f64>, Vec<bool>, Vec<usize>, f64) {
    let p = levels as f64;
    let delta = p / (2.0 * (p - 1.0));
    // Start coordinates are grid points from which a step of Δ stays in [0, 1].
    let starts = ((levels as f64 / 2.0).ceil() as usize).max(1);
    let mut r = rng(seed, t as u64);
    let mut x: Vec<f64> = (0..dims)
        .map(|_| r.random_range(0..starts) as f64 / (p - 1.0))
        .collect();
    let up: Vec<bool> = (0..dims).map(|_| r.random::<bool>()).collect();
    for d in 0..dims {
        if !up[d] {
            x[d] += delta;
        }
    }
    let order = permutation(&mut r, dims);
    (x, up, order, delta)
}

/// Builds the design of a spec.
pub fn design(spec: &SweepSpec) -> Design {
    Design::new(spec)
}

/// The eager generators the designs had before they were lazy, kept to test that run k of the
/// lazy design is row k of the eager one, bit for bit.
#[cfg(test)]
pub(crate) mod eager {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::super::spec::{Method, SweepSpec};

    /// The runs of a sweep: parameter values per run (in spec order) and a label per run.
    #[derive(Debug, Clone, PartialEq)]
    pub struct EagerDesign {
        /// `values[run][parameter]`.
        pub values: Vec<Vec<f64>>,
        /// Unit-cube coordinates (Morris needs them to compute elementary effects).
        pub unit: Vec<Vec<f64>>,
        /// Block label per run: `base`, `low:k`, `high:k`, `A`, `B`, `AB:k`, `BA:k`, `t:r`.
        pub labels: Vec<String>,
    }

    /// Stream reserved for Latin-hypercube permutations.
    const PERMUTATION_STREAM: u64 = u64::MAX;

    fn rng(seed: u64, stream: u64) -> ChaCha8Rng {
        let mut r = ChaCha8Rng::seed_from_u64(seed);
        r.set_stream(stream);
        r
    }

    /// A random permutation of 0..n (Fisher–Yates).
    fn permutation(r: &mut ChaCha8Rng, n: usize) -> Vec<usize> {
        let mut p: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = r.random_range(0..=i);
            p.swap(i, j);
        }
        p
    }

    /// Latin-hypercube unit points: in every dimension each of the n strata holds one point.
    pub fn latin_hypercube(n: usize, dims: usize, seed: u64) -> Vec<Vec<f64>> {
        let mut perm_rng = rng(seed, PERMUTATION_STREAM);
        let perms: Vec<Vec<usize>> = (0..dims).map(|_| permutation(&mut perm_rng, n)).collect();
        (0..n)
            .map(|k| {
                let mut r = rng(seed, k as u64);
                (0..dims)
                    .map(|d| (perms[d][k] as f64 + r.random::<f64>()) / n as f64)
                    .collect()
            })
            .collect()
    }

    /// Saltelli's design on an Owen-scrambled Sobol sequence: for each base sample j, the runs
    /// A_j, B_j, AB_j^1 … AB_j^D (and BA_j^1 … BA_j^D with second order), where AB^i is A with its
    /// i-th column from B.
    pub fn saltelli(
        n: usize,
        dims: usize,
        second_order: bool,
        seed: u64,
    ) -> (Vec<Vec<f64>>, Vec<String>) {
        let seed32 = (seed ^ (seed >> 32)) as u32;
        let mut points = Vec::new();
        let mut labels = Vec::new();
        for j in 0..n {
            let a: Vec<f64> = (0..dims)
                .map(|d| sobol_burley::sample(j as u32, d as u32, seed32) as f64)
                .collect();
            let b: Vec<f64> = (0..dims)
                .map(|d| sobol_burley::sample(j as u32, (dims + d) as u32, seed32) as f64)
                .collect();
            points.push(a.clone());
            labels.push("A".to_string());
            points.push(b.clone());
            labels.push("B".to_string());
            for i in 0..dims {
                let mut ab = a.clone();
                ab[i] = b[i];
                points.push(ab);
                labels.push(format!("AB:{i}"));
            }
            if second_order {
                for i in 0..dims {
                    let mut ba = b.clone();
                    ba[i] = a[i];
                    points.push(ba);
                    labels.push(format!("BA:{i}"));
                }
            }
        }
        (points, labels)
    }

    /// Morris trajectories on a p-level grid with step Δ = p / (2(p − 1)): each trajectory starts
    /// at a random grid point and moves every coordinate once, in random order, by ±Δ.
    pub fn morris(
        trajectories: usize,
        dims: usize,
        levels: usize,
        seed: u64,
    ) -> (Vec<Vec<f64>>, Vec<String>) {
        let p = levels as f64;
        let delta = p / (2.0 * (p - 1.0));
        // Start coordinates are grid points from which a step of Δ stays in [0, 1].
        let starts = ((levels as f64 / 2.0).ceil() as usize).max(1);
        let mut points = Vec::new();
        let mut labels = Vec::new();
        for t in 0..trajectories {
            let mut r = rng(seed, t as u64);
            let mut x: Vec<f64> = (0..dims)
                .map(|_| r.random_range(0..starts) as f64 / (p - 1.0))
                .collect();
            let up: Vec<bool> = (0..dims).map(|_| r.random::<bool>()).collect();
            for d in 0..dims {
                if !up[d] {
                    x[d] += delta;
                }
            }
            let order = permutation(&mut r, dims);
            points.push(x.clone());
            labels.push(format!("t:{t}"));
            for &d in &order {
                x[d] += if up[d] { delta } else { -delta };
                points.push(x.clone());
                labels.push(format!("t:{t}"));
            }
        }
        (points, labels)
    }

    /// Builds the design of a spec.
    pub fn design(spec: &SweepSpec) -> EagerDesign {
        let dims = spec.parameters.len();
        let to_values = |unit: &[Vec<f64>]| -> Vec<Vec<f64>> {
            unit.iter()
                .map(|u| {
                    spec.parameters
                        .iter()
                        .zip(u)
                        .map(|(p, &x)| p.distribution.quantile(x))
                        .collect()
                })
                .collect()
        };
        let base: Vec<f64> = spec.parameters.iter().map(|p| p.base).collect();
        match &spec.method {
            Method::Oat => {
                let mut values = vec![base.clone()];
                let mut labels = vec!["base".to_string()];
                for (k, p) in spec.parameters.iter().enumerate() {
                    let (lo, hi) = p.distribution.ends();
                    for (label, v) in [("low", lo), ("high", hi)] {
                        let mut run = base.clone();
                        run[k] = v;
                        values.push(run);
                        labels.push(format!("{label}:{k}"));
                    }
                }
                EagerDesign {
                    unit: Vec::new(),
                    values,
                    labels,
                }
            }
            Method::Grid => {
                let axes: Vec<Vec<f64>> = spec
                    .parameters
                    .iter()
                    .map(|p| match &p.distribution {
                        super::super::spec::Distribution::Discrete(v) => v.clone(),
                        d => {
                            let n = p.levels.max(1);
                            if n == 1 {
                                vec![p.base]
                            } else {
                                (0..n)
                                    .map(|k| d.quantile(k as f64 / (n - 1) as f64))
                                    .collect()
                            }
                        }
                    })
                    .collect();
                let total: usize = axes.iter().map(Vec::len).product();
                let mut values = Vec::with_capacity(total);
                for mut k in 0..total {
                    // The last parameter varies fastest.
                    let mut run = vec![0.0; dims];
                    for d in (0..dims).rev() {
                        run[d] = axes[d][k % axes[d].len()];
                        k /= axes[d].len();
                    }
                    values.push(run);
                }
                EagerDesign {
                    unit: Vec::new(),
                    labels: vec!["grid".to_string(); values.len()],
                    values,
                }
            }
            Method::MonteCarlo { samples } => {
                let unit: Vec<Vec<f64>> = (0..*samples)
                    .map(|k| {
                        let mut r = rng(spec.seed, k as u64);
                        (0..dims).map(|_| r.random::<f64>()).collect()
                    })
                    .collect();
                EagerDesign {
                    values: to_values(&unit),
                    labels: vec!["mc".to_string(); unit.len()],
                    unit,
                }
            }
            Method::Lhs { samples } => {
                let unit = latin_hypercube(*samples, dims, spec.seed);
                EagerDesign {
                    values: to_values(&unit),
                    labels: vec!["lhs".to_string(); unit.len()],
                    unit,
                }
            }
            Method::Sobol {
                samples,
                second_order,
                ..
            } => {
                let (unit, labels) = saltelli(*samples, dims, *second_order, spec.seed);
                EagerDesign {
                    values: to_values(&unit),
                    unit,
                    labels,
                }
            }
            Method::Morris {
                trajectories,
                levels,
            } => {
                let (unit, labels) = morris(*trajectories, dims, *levels, spec.seed);
                EagerDesign {
                    values: to_values(&unit),
                    unit,
                    labels,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::eager::{latin_hypercube, morris, saltelli};
    use super::*;

    /// Specs of every method over the shipped parameter sets, with distributions of each kind.
    fn specs() -> Vec<SweepSpec> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for file in [
            "sweeps/sobol_key_levers.toml",
            "sweeps/assumptions_lhs.toml",
            "sweeps/oat_tornado.toml",
            "sweeps/subsidy_vs_retention_grid.toml",
            "tests/data/sweeps/small_lhs.toml",
        ] {
            let base = super::super::spec::load_spec(&root.join(file)).unwrap();
            let methods = [
                Method::Oat,
                Method::Grid,
                Method::MonteCarlo { samples: 41 },
                Method::Lhs { samples: 37 },
                Method::Sobol {
                    samples: 9,
                    second_order: false,
                    bootstrap: 10,
                },
                Method::Sobol {
                    samples: 7,
                    second_order: true,
                    bootstrap: 10,
                },
                Method::Morris {
                    trajectories: 6,
                    levels: 4,
                },
                Method::Morris {
                    trajectories: 5,
                    levels: 6,
                },
            ];
            for (i, method) in methods.into_iter().enumerate() {
                let mut spec = base.clone();
                spec.seed = base.seed.wrapping_add(i as u64 * 7919);
                if matches!(method, Method::Grid) {
                    // Three levels of at most four parameters keep the full factorial small.
                    spec.parameters.truncate(4);
                    spec.parameters.iter_mut().for_each(|p| p.levels = 3);
                }
                spec.method = method;
                out.push(spec);
            }
        }
        out
    }

    fn bits(v: &[f64]) -> Vec<u64> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    #[test]
    fn run_k_of_the_lazy_design_is_row_k_of_the_eager_design_bit_for_bit() {
        for spec in specs() {
            let old = eager::design(&spec);
            let new = design(&spec);
            let what = format!("{} {:?}", spec.name, spec.method);
            assert_eq!(new.len(), old.values.len(), "{what}: runs");
            assert_eq!(Design::runs_of(&spec), old.values.len(), "{what}: runs_of");
            let mut buffer = vec![f64::NAN; 3];
            for k in 0..new.len() {
                let (values, label) = new.run(k);
                assert_eq!(
                    bits(&values),
                    bits(&old.values[k]),
                    "{what}: values of run {k}"
                );
                new.values_into(k, &mut buffer);
                assert_eq!(
                    bits(&buffer),
                    bits(&old.values[k]),
                    "{what}: buffer of run {k}"
                );
                assert_eq!(label, old.labels[k], "{what}: label of run {k}");
                let unit = old.unit.get(k).cloned().unwrap_or_default();
                assert_eq!(bits(&new.unit(k)), bits(&unit), "{what}: unit of run {k}");
            }
            if let Method::Morris { trajectories, .. } = spec.method {
                let per = spec.parameters.len() + 1;
                for t in 0..trajectories {
                    let points: Vec<Vec<u64>> = new.trajectory(t).iter().map(|p| bits(p)).collect();
                    let rows: Vec<Vec<u64>> = old.unit[t * per..(t + 1) * per]
                        .iter()
                        .map(|p| bits(p))
                        .collect();
                    assert_eq!(points, rows, "{what}: trajectory {t}");
                }
            }
        }
    }

    #[test]
    fn a_latin_hypercube_keeps_one_u32_per_stratum_and_dimension() {
        let spec = specs()
            .into_iter()
            .find(|s| matches!(s.method, Method::Lhs { .. }))
            .unwrap();
        let d = design(&spec);
        let Kind::Lhs { perms } = &d.kind else {
            panic!("not a Latin hypercube");
        };
        assert_eq!(perms.len(), 37 * spec.parameters.len());
        assert_eq!(
            Design::state_bytes(&spec) - d.dims() * std::mem::size_of::<Distribution>(),
            4 * perms.len()
        );
        // A clone shares the permutations instead of copying them.
        let Kind::Lhs { perms: cloned } = &d.clone().kind else {
            unreachable!()
        };
        assert!(Arc::ptr_eq(perms, cloned));
    }

    #[test]
    fn latin_hypercube_puts_one_point_in_each_stratum_of_each_dimension() {
        let n = 50;
        let pts = latin_hypercube(n, 4, 7);
        for d in 0..4 {
            let mut strata: Vec<usize> = pts
                .iter()
                .map(|p| (p[d] * n as f64).floor() as usize)
                .collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..n).collect::<Vec<_>>());
        }
        assert_eq!(latin_hypercube(n, 4, 7), pts, "same seed, same design");
        assert_ne!(latin_hypercube(n, 4, 8), pts);
    }

    #[test]
    fn morris_steps_change_one_coordinate_by_delta_and_stay_in_the_unit_cube() {
        let (pts, _) = morris(20, 3, 4, 1);
        let delta = 4.0 / 6.0;
        for t in 0..20 {
            let traj = &pts[t * 4..(t + 1) * 4];
            for w in traj.windows(2) {
                let changed: Vec<f64> = w[0]
                    .iter()
                    .zip(&w[1])
                    .map(|(a, b)| b - a)
                    .filter(|d| d.abs() > 1e-12)
                    .collect();
                assert_eq!(changed.len(), 1);
                assert!((changed[0].abs() - delta).abs() < 1e-12);
            }
            assert!(traj
                .iter()
                .flatten()
                .all(|&x| (-1e-12..=1.0 + 1e-12).contains(&x)));
        }
    }

    #[test]
    fn saltelli_blocks_share_columns_as_designed() {
        let (pts, labels) = saltelli(8, 3, true, 5);
        assert_eq!(pts.len(), 8 * (2 * 3 + 2));
        let (a, b, ab1) = (&pts[0], &pts[1], &pts[3]);
        assert_eq!(labels[3], "AB:1");
        assert_eq!(ab1[1], b[1]);
        assert_eq!(ab1[0], a[0]);
        assert_eq!(ab1[2], a[2]);
    }
}
