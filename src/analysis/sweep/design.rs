//! Sample designs: one-at-a-time, full factorial, Monte Carlo, Latin hypercube, Saltelli (Sobol
//! sequence) and Morris trajectories, all from an explicit seed.
//!
//! Random streams are derived from the seed and the run (or trajectory) index with ChaCha8's
//! `set_stream`, so a design never depends on thread count or shard; the Latin-hypercube strata
//! permutations come from one stream reserved for them.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::spec::{Method, SweepSpec};

/// The runs of a sweep: parameter values per run (in spec order) and a label per run.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
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

/// Morris trajectories on a p-level grid with step Δ = p / (2(p − 1)): each trajectory starts at
/// a random grid point and moves every coordinate once, in random order, by ±Δ.
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
pub fn design(spec: &SweepSpec) -> Design {
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
            Design {
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
                    super::spec::Distribution::Discrete(v) => v.clone(),
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
            Design {
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
            Design {
                values: to_values(&unit),
                labels: vec!["mc".to_string(); unit.len()],
                unit,
            }
        }
        Method::Lhs { samples } => {
            let unit = latin_hypercube(*samples, dims, spec.seed);
            Design {
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
            Design {
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
            Design {
                values: to_values(&unit),
                unit,
                labels,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
