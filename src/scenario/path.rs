//! Time paths of levers and drivers: a constant, a step, a linear ramp or a table of points.
//!
//! Paths are exact at their breakpoints and piecewise linear between them; the solver restarts at
//! every breakpoint (see [`TimePath::breakpoints`]) so no integration step straddles a kink or a
//! jump.
//! A step is right-continuous: at `year` the value is already `after`.

/// A value over simulated time (years).
#[derive(Debug, Clone, PartialEq)]
pub enum TimePath {
    /// The same value at all times.
    Constant(f64),
    /// `before` until `year`, `after` from `year` on.
    Step {
        /// Switch-on date (decimal year).
        year: f64,
        /// Value before the switch.
        before: f64,
        /// Value from the switch on.
        after: f64,
    },
    /// `from` until `start`, linear to `to` at `end`, `to` afterwards.
    Ramp {
        /// Start of the ramp.
        start: f64,
        /// End of the ramp.
        end: f64,
        /// Value up to `start`.
        from: f64,
        /// Value from `end` on.
        to: f64,
    },
    /// Linear interpolation between (year, value) points, flat outside them; years strictly
    /// increasing.
    Table(Vec<(f64, f64)>),
}

impl TimePath {
    /// Value at time `t`.
    #[inline]
    pub fn at(&self, t: f64) -> f64 {
        match self {
            TimePath::Constant(v) => *v,
            TimePath::Step {
                year,
                before,
                after,
            } => {
                if t < *year {
                    *before
                } else {
                    *after
                }
            }
            TimePath::Ramp {
                start,
                end,
                from,
                to,
            } => {
                if t <= *start {
                    *from
                } else if t >= *end {
                    *to
                } else {
                    from + (to - from) * (t - start) / (end - start)
                }
            }
            TimePath::Table(points) => interpolate(points, t),
        }
    }

    /// Dates where the path jumps or changes slope.
    pub fn breakpoints(&self) -> Vec<f64> {
        match self {
            TimePath::Constant(_) => Vec::new(),
            TimePath::Step { year, .. } => vec![*year],
            TimePath::Ramp { start, end, .. } => vec![*start, *end],
            TimePath::Table(points) => points.iter().map(|p| p.0).collect(),
        }
    }

    /// Every value the path can take at a corner (for range checks): the path never leaves their
    /// hull.
    pub fn corner_values(&self) -> Vec<f64> {
        match self {
            TimePath::Constant(v) => vec![*v],
            TimePath::Step { before, after, .. } => vec![*before, *after],
            TimePath::Ramp { from, to, .. } => vec![*from, *to],
            TimePath::Table(points) => points.iter().map(|p| p.1).collect(),
        }
    }

    /// The constant value, if the path is constant.
    pub fn as_constant(&self) -> Option<f64> {
        match self {
            TimePath::Constant(v) => Some(*v),
            _ => None,
        }
    }

    /// Multiplies every value of the path by `factor` (used by sweeps and tests).
    pub fn scaled(&self, factor: f64) -> TimePath {
        match self {
            TimePath::Constant(v) => TimePath::Constant(v * factor),
            TimePath::Step {
                year,
                before,
                after,
            } => TimePath::Step {
                year: *year,
                before: before * factor,
                after: after * factor,
            },
            TimePath::Ramp {
                start,
                end,
                from,
                to,
            } => TimePath::Ramp {
                start: *start,
                end: *end,
                from: from * factor,
                to: to * factor,
            },
            TimePath::Table(points) => {
                TimePath::Table(points.iter().map(|&(x, y)| (x, y * factor)).collect())
            }
        }
    }
}

/// Piecewise-linear interpolation, clamped (flat) outside the first and last point.
/// `points` must be non-empty with strictly increasing x (checked when the scenario is loaded).
#[inline]
pub fn interpolate(points: &[(f64, f64)], x: f64) -> f64 {
    let n = points.len();
    if n == 0 {
        return 0.0;
    }
    if x <= points[0].0 {
        return points[0].1;
    }
    if x >= points[n - 1].0 {
        return points[n - 1].1;
    }
    // Tables are short (a handful of points): a linear scan beats a binary search here.
    let mut k = 1;
    while points[k].0 < x {
        k += 1;
    }
    let (x0, y0) = points[k - 1];
    let (x1, y1) = points[k];
    y0 + (y1 - y0) * (x - x0) / (x1 - x0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_is_right_continuous_and_exact() {
        let p = TimePath::Step {
            year: 2027.0,
            before: 40.0,
            after: 60.0,
        };
        assert_eq!(p.at(2026.9999), 40.0);
        assert_eq!(p.at(2027.0), 60.0);
        assert_eq!(p.breakpoints(), vec![2027.0]);
    }

    #[test]
    fn ramp_is_exact_at_its_ends_and_linear_between() {
        let p = TimePath::Ramp {
            start: 2026.0,
            end: 2028.0,
            from: 1.0,
            to: 3.0,
        };
        assert_eq!(p.at(2026.0), 1.0);
        assert_eq!(p.at(2028.0), 3.0);
        assert!((p.at(2027.0) - 2.0).abs() < 1e-12);
        assert_eq!(p.at(2040.0), 3.0);
    }

    #[test]
    fn table_interpolates_and_clamps() {
        let p = TimePath::Table(vec![(2024.0, 0.1), (2030.0, 0.4), (2035.0, 0.4)]);
        assert_eq!(p.at(2000.0), 0.1);
        assert_eq!(p.at(2030.0), 0.4);
        assert!((p.at(2027.0) - 0.25).abs() < 1e-12);
        assert_eq!(p.at(2050.0), 0.4);
    }
}
