//! NSGA-II (Deb, Pratap, Agarwal & Meyarivan 2002) with constraint domination: a population of
//! candidate lever settings evolves by binary tournament (rank, then crowding distance),
//! simulated binary crossover and polynomial mutation; parents and children are merged and the
//! best fronts survive. Every random draw comes from one seeded ChaCha stream on the calling
//! thread, and candidates are evaluated in batches by the caller (in parallel or not), so the
//! result depends on the seed only — never on the number of threads.
//!
//! Decision variables live in boxes, optionally on a grid (`step`: whole persons, 5 万元 steps);
//! a variable on a grid is snapped after crossover and mutation. Identical candidates are
//! evaluated once.

use std::collections::HashMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One decision variable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Variable {
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
    /// Grid step from the lower bound (None: continuous).
    pub step: Option<f64>,
}

impl Variable {
    /// `x` clamped to the box and snapped to the grid.
    pub fn snap(&self, x: f64) -> f64 {
        let x = x.clamp(self.lower, self.upper);
        match self.step {
            Some(step) => {
                let k = ((x - self.lower) / step).round();
                (self.lower + k * step).min(self.upper)
            }
            None => x,
        }
    }
}

/// Settings of the search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Population size (even).
    pub population: usize,
    /// Generations after the initial population.
    pub generations: usize,
    /// Seed of every random draw.
    pub seed: u64,
    /// Probability that a pair of parents is recombined.
    pub crossover_probability: f64,
    /// Distribution index of simulated binary crossover (larger: children nearer their parents).
    pub crossover_eta: f64,
    /// Distribution index of polynomial mutation.
    pub mutation_eta: f64,
}

impl Settings {
    /// Deb's usual operators (crossover 0.9, η_c = 15, η_m = 20; mutation of 1/n variables).
    pub fn new(population: usize, generations: usize, seed: u64) -> Settings {
        Settings {
            population,
            generations,
            seed,
            crossover_probability: 0.9,
            crossover_eta: 15.0,
            mutation_eta: 20.0,
        }
    }
}

/// What a candidate scored: objectives (all minimised) and its total constraint violation (0:
/// feasible).
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Objective values, each to be minimised.
    pub objectives: Vec<f64>,
    /// Sum of the amounts by which constraints are broken (0 when all hold).
    pub violation: f64,
}

impl Evaluation {
    /// Whether every constraint holds.
    pub fn feasible(&self) -> bool {
        self.violation <= 0.0
    }

    /// Deb's constrained domination: a feasible point beats an infeasible one, the smaller
    /// violation wins between infeasible ones, Pareto dominance between feasible ones.
    pub fn dominates(&self, other: &Evaluation) -> bool {
        match (self.feasible(), other.feasible()) {
            (true, false) => true,
            (false, true) => false,
            (false, false) => self.violation < other.violation,
            (true, true) => pareto_dominates(&self.objectives, &other.objectives),
        }
    }
}

/// Whether `a` is no worse than `b` in every objective and better in one (minimising).
pub fn pareto_dominates(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x <= y) && a.iter().zip(b).any(|(x, y)| x < y)
}

/// A member of the population.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Decision variables.
    pub x: Vec<f64>,
    /// Its evaluation.
    pub eval: Evaluation,
    /// Index of its non-domination front (0: best).
    pub rank: usize,
    /// Crowding distance within its front (infinite at the ends).
    pub crowding: f64,
}

/// Fronts of constrained non-domination: indices into `evals`, best front first.
pub fn fronts(evals: &[&Evaluation]) -> Vec<Vec<usize>> {
    let n = evals.len();
    let mut dominated_by = vec![0usize; n];
    let mut dominates: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        for j in i + 1..n {
            if evals[i].dominates(evals[j]) {
                dominates[i].push(j);
                dominated_by[j] += 1;
            } else if evals[j].dominates(evals[i]) {
                dominates[j].push(i);
                dominated_by[i] += 1;
            }
        }
    }
    let mut out = Vec::new();
    let mut current: Vec<usize> = (0..n).filter(|&i| dominated_by[i] == 0).collect();
    while !current.is_empty() {
        let mut next = Vec::new();
        for &i in &current {
            for &j in &dominates[i] {
                dominated_by[j] -= 1;
                if dominated_by[j] == 0 {
                    next.push(j);
                }
            }
        }
        next.sort_unstable();
        out.push(std::mem::replace(&mut current, next));
    }
    out
}

/// Crowding distances of the members of one front (in the front's order).
pub fn crowding(front: &[usize], evals: &[&Evaluation]) -> Vec<f64> {
    let n = front.len();
    let mut distance = vec![0.0; n];
    if n <= 2 {
        return vec![f64::INFINITY; n];
    }
    let m = evals[front[0]].objectives.len();
    let mut order: Vec<usize> = (0..n).collect();
    for k in 0..m {
        let value = |i: usize| evals[front[i]].objectives[k];
        order.sort_by(|&a, &b| value(a).total_cmp(&value(b)).then(a.cmp(&b)));
        let (lo, hi) = (value(order[0]), value(order[n - 1]));
        distance[order[0]] = f64::INFINITY;
        distance[order[n - 1]] = f64::INFINITY;
        if hi > lo {
            for w in 1..n - 1 {
                distance[order[w]] += (value(order[w + 1]) - value(order[w - 1])) / (hi - lo);
            }
        }
    }
    distance
}

/// Ranks and crowding of `members` set in place; returns the fronts.
fn assign(members: &mut [Member]) -> Vec<Vec<usize>> {
    let evals: Vec<&Evaluation> = members.iter().map(|m| &m.eval).collect();
    let fronts = fronts(&evals);
    let mut ranks = vec![0; members.len()];
    let mut crowd = vec![0.0; members.len()];
    for (r, front) in fronts.iter().enumerate() {
        for (&i, d) in front.iter().zip(crowding(front, &evals)) {
            ranks[i] = r;
            crowd[i] = d;
        }
    }
    for (m, (r, c)) in members.iter_mut().zip(ranks.into_iter().zip(crowd)) {
        m.rank = r;
        m.crowding = c;
    }
    fronts
}

/// Whether `a` wins a tournament against `b` (lower rank, then larger crowding distance).
fn better(a: &Member, b: &Member) -> bool {
    a.rank < b.rank || (a.rank == b.rank && a.crowding > b.crowding)
}

/// Simulated binary crossover of one variable (Deb & Agrawal 1995, bounded form).
fn sbx(rng: &mut ChaCha8Rng, v: &Variable, eta: f64, x1: f64, x2: f64) -> (f64, f64) {
    if (x1 - x2).abs() < 1e-14 || v.upper <= v.lower {
        return (x1, x2);
    }
    let (y1, y2) = (x1.min(x2), x1.max(x2));
    let u: f64 = rng.random();
    let child = |beta: f64| {
        let alpha = 2.0 - beta.powf(-(eta + 1.0));
        if u <= 1.0 / alpha {
            (u * alpha).powf(1.0 / (eta + 1.0))
        } else {
            (1.0 / (2.0 - u * alpha)).powf(1.0 / (eta + 1.0))
        }
    };
    let bq1 = child(1.0 + 2.0 * (y1 - v.lower) / (y2 - y1));
    let bq2 = child(1.0 + 2.0 * (v.upper - y2) / (y2 - y1));
    let c1 = 0.5 * ((y1 + y2) - bq1 * (y2 - y1));
    let c2 = 0.5 * ((y1 + y2) + bq2 * (y2 - y1));
    let (c1, c2) = (c1.clamp(v.lower, v.upper), c2.clamp(v.lower, v.upper));
    if rng.random::<bool>() {
        (c2, c1)
    } else {
        (c1, c2)
    }
}

/// Polynomial mutation of one variable (Deb & Goyal 1996, bounded form).
fn mutate(rng: &mut ChaCha8Rng, v: &Variable, eta: f64, x: f64) -> f64 {
    let span = v.upper - v.lower;
    if span <= 0.0 {
        return x;
    }
    let (d1, d2) = ((x - v.lower) / span, (v.upper - x) / span);
    let u: f64 = rng.random();
    let power = 1.0 / (eta + 1.0);
    let dq = if u < 0.5 {
        let val = 2.0 * u + (1.0 - 2.0 * u) * (1.0 - d1).powf(eta + 1.0);
        val.powf(power) - 1.0
    } else {
        let val = 2.0 * (1.0 - u) + 2.0 * (u - 0.5) * (1.0 - d2).powf(eta + 1.0);
        1.0 - val.powf(power)
    };
    (x + dq * span).clamp(v.lower, v.upper)
}

/// One evaluated candidate, in the order of evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Archived {
    /// Generation that produced it (0: the initial population).
    pub generation: usize,
    /// Decision variables.
    pub x: Vec<f64>,
    /// Its evaluation.
    pub eval: Evaluation,
}

/// What the caller is told after each generation; returning false stops the search after it.
#[derive(Debug)]
pub struct Progress<'a> {
    /// Generation just completed (0: the initial population).
    pub generation: usize,
    /// The population after selection.
    pub population: &'a [Member],
}

/// The search's result.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The last population, ranked.
    pub population: Vec<Member>,
    /// Every distinct candidate evaluated.
    pub archive: Vec<Archived>,
    /// Generations completed (fewer than asked when stopped).
    pub generations: usize,
}

/// Runs NSGA-II. `evaluate` scores a batch of candidates (in order; it may run them in
/// parallel); `rescore` may give a member a new evaluation before each selection (scores that
/// depend on what has been evaluated so far, such as regret; None keeps it); `observe` sees each
/// generation and stops the search by returning false.
pub fn optimise(
    variables: &[Variable],
    settings: &Settings,
    seeds: &[Vec<f64>],
    mut evaluate: impl FnMut(&[Vec<f64>]) -> Vec<Evaluation>,
    mut rescore: impl FnMut(&[f64]) -> Option<Evaluation>,
    mut observe: impl FnMut(&Progress<'_>) -> bool,
) -> Outcome {
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
    let n = settings.population.max(4) & !1;
    let mut archive: Vec<Archived> = Vec::new();
    let mut seen: HashMap<Vec<u64>, usize> = HashMap::new();
    let mut score = |batch: Vec<Vec<f64>>, generation: usize, archive: &mut Vec<Archived>| {
        let key = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<u64>>();
        let mut fresh: Vec<Vec<f64>> = Vec::new();
        for x in &batch {
            if !seen.contains_key(&key(x)) && !fresh.iter().any(|f| f == x) {
                fresh.push(x.clone());
            }
        }
        for (x, eval) in fresh.iter().zip(evaluate(&fresh)) {
            seen.insert(key(x), archive.len());
            archive.push(Archived {
                generation,
                x: x.clone(),
                eval,
            });
        }
        batch
            .into_iter()
            .map(|x| {
                let eval = archive[seen[&key(&x)]].eval.clone();
                Member {
                    x,
                    eval,
                    rank: 0,
                    crowding: 0.0,
                }
            })
            .collect::<Vec<Member>>()
    };
    // The initial population: the seeds (e.g. the base scenario's levers), then uniform in the
    // box, all snapped to the grid.
    let mut initial: Vec<Vec<f64>> = seeds
        .iter()
        .take(n)
        .map(|x| variables.iter().zip(x).map(|(v, &x)| v.snap(x)).collect())
        .collect();
    while initial.len() < n {
        initial.push(
            variables
                .iter()
                .map(|v| v.snap(v.lower + rng.random::<f64>() * (v.upper - v.lower)))
                .collect(),
        );
    }
    let mut population = score(initial, 0, &mut archive);
    assign(&mut population);
    let mut generations = 0;
    if !observe(&Progress {
        generation: 0,
        population: &population,
    }) {
        return Outcome {
            population,
            archive,
            generations,
        };
    }
    let dims = variables.len();
    let mutation_probability = 1.0 / dims.max(1) as f64;
    for generation in 1..=settings.generations {
        let pick = |rng: &mut ChaCha8Rng| {
            let (a, b) = (rng.random_range(0..n), rng.random_range(0..n));
            if better(&population[a], &population[b]) {
                a
            } else {
                b
            }
        };
        let mut children: Vec<Vec<f64>> = Vec::with_capacity(n);
        while children.len() < n {
            let (p1, p2) = (pick(&mut rng), pick(&mut rng));
            let (mut c1, mut c2) = (population[p1].x.clone(), population[p2].x.clone());
            if rng.random::<f64>() < settings.crossover_probability {
                for (k, v) in variables.iter().enumerate() {
                    if rng.random::<f64>() < 0.5 {
                        (c1[k], c2[k]) = sbx(&mut rng, v, settings.crossover_eta, c1[k], c2[k]);
                    }
                }
            }
            for c in [&mut c1, &mut c2] {
                for (k, v) in variables.iter().enumerate() {
                    if rng.random::<f64>() < mutation_probability {
                        c[k] = mutate(&mut rng, v, settings.mutation_eta, c[k]);
                    }
                    c[k] = v.snap(c[k]);
                }
            }
            children.push(c1);
            children.push(c2);
        }
        let mut merged = population;
        merged.extend(score(children, generation, &mut archive));
        for m in &mut merged {
            if let Some(eval) = rescore(&m.x) {
                m.eval = eval;
            }
        }
        let fronts = assign(&mut merged);
        // Whole fronts while they fit, then the most crowded-apart members of the next.
        let mut keep: Vec<usize> = Vec::with_capacity(n);
        for front in fronts {
            if keep.len() + front.len() <= n {
                keep.extend(front);
            } else {
                let mut rest = front;
                rest.sort_by(|&a, &b| {
                    merged[b]
                        .crowding
                        .total_cmp(&merged[a].crowding)
                        .then(a.cmp(&b))
                });
                keep.extend(rest.into_iter().take(n - keep.len()));
                break;
            }
        }
        keep.sort_unstable();
        let mut taken: Vec<Option<Member>> = merged.into_iter().map(Some).collect();
        population = keep
            .iter()
            .map(|&i| taken[i].take().expect("kept once"))
            .collect();
        assign(&mut population);
        generations = generation;
        if !observe(&Progress {
            generation,
            population: &population,
        }) {
            break;
        }
    }
    Outcome {
        population,
        archive,
        generations,
    }
}

#[cfg(test)]
mod tests {
    use super::super::hypervolume::hypervolume;
    use super::*;

    /// ZDT1 (convex front f₂ = 1 − √f₁) or ZDT2 (concave, f₂ = 1 − f₁²), 30 variables in [0, 1].
    fn zdt(x: &[f64], concave: bool) -> Evaluation {
        let f1 = x[0];
        let g = 1.0 + 9.0 * x[1..].iter().sum::<f64>() / (x.len() - 1) as f64;
        let h = if concave {
            1.0 - (f1 / g).powi(2)
        } else {
            1.0 - (f1 / g).sqrt()
        };
        Evaluation {
            objectives: vec![f1, g * h],
            violation: 0.0,
        }
    }

    /// The hypervolume of the analytic front (10,001 points) with the same reference.
    fn analytic(concave: bool, reference: &[f64]) -> f64 {
        let front: Vec<Vec<f64>> = (0..=10_000)
            .map(|k| {
                let f1 = k as f64 / 10_000.0;
                vec![
                    f1,
                    if concave {
                        1.0 - f1 * f1
                    } else {
                        1.0 - f1.sqrt()
                    },
                ]
            })
            .collect();
        hypervolume(&front, reference)
    }

    fn solve(concave: bool, seed: u64) -> f64 {
        let variables = vec![
            Variable {
                lower: 0.0,
                upper: 1.0,
                step: None
            };
            30
        ];
        let out = optimise(
            &variables,
            &Settings::new(100, 250, seed),
            &[],
            |batch| batch.iter().map(|x| zdt(x, concave)).collect(),
            |_| None,
            |_| true,
        );
        let reference = [1.1, 1.1];
        let front: Vec<Vec<f64>> = out
            .population
            .iter()
            .filter(|m| m.rank == 0)
            .map(|m| m.eval.objectives.clone())
            .collect();
        hypervolume(&front, &reference) / analytic(concave, &reference)
    }

    #[test]
    fn zdt1_and_zdt2_reach_98_percent_of_the_analytic_hypervolume() {
        for (concave, name) in [(false, "ZDT1"), (true, "ZDT2")] {
            let share = solve(concave, 7);
            assert!(
                share >= 0.98,
                "{name}: {share:.4} of the analytic hypervolume"
            );
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_search() {
        let variables = vec![
            Variable {
                lower: 0.0,
                upper: 10.0,
                step: Some(0.5)
            };
            3
        ];
        let run = || {
            optimise(
                &variables,
                &Settings::new(20, 15, 3),
                &[vec![0.0, 0.0, 0.0]],
                |batch| {
                    batch
                        .iter()
                        .map(|x| Evaluation {
                            objectives: vec![x[0] + x[1], 10.0 - x[0] + x[2]],
                            violation: (x[1] - 6.0).max(0.0),
                        })
                        .collect()
                },
                |_| None,
                |_| true,
            )
        };
        let (a, b) = (run(), run());
        assert_eq!(a.archive, b.archive);
        // Every value is on its grid, and no archived candidate repeats.
        for c in &a.archive {
            assert!(c.x.iter().all(|v| (v * 2.0).fract() == 0.0), "{:?}", c.x);
        }
        let mut xs: Vec<Vec<u64>> = a
            .archive
            .iter()
            .map(|c| c.x.iter().map(|v| v.to_bits()).collect())
            .collect();
        xs.sort();
        xs.dedup();
        assert_eq!(xs.len(), a.archive.len());
        // The final front is feasible: the constraint x₁ ≤ 6 holds.
        assert!(a
            .population
            .iter()
            .filter(|m| m.rank == 0)
            .all(|m| m.eval.feasible()));
    }

    #[test]
    fn constrained_domination() {
        let e = |f: [f64; 2], v: f64| Evaluation {
            objectives: f.to_vec(),
            violation: v,
        };
        assert!(e([9.0, 9.0], 0.0).dominates(&e([0.0, 0.0], 0.1)));
        assert!(e([9.0, 9.0], 0.1).dominates(&e([0.0, 0.0], 0.2)));
        assert!(e([1.0, 1.0], 0.0).dominates(&e([1.0, 2.0], 0.0)));
        assert!(!e([1.0, 2.0], 0.0).dominates(&e([2.0, 1.0], 0.0)));
    }
}
