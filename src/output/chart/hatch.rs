//! Hatching inside a band (an area between a lower and an upper polyline over the same x), so
//! filled areas differ in greyscale print as well as by colour.
//!
//! The lines are laid out in the band's own coordinates — x along the band and t from its lower
//! edge (0) to its upper edge (1) — and mapped back, so every line stays inside the band without
//! clipping, whatever its shape. The same routine hatches a stacked layer in data coordinates and
//! its legend swatch in pixels.

/// A hatching pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hatch {
    /// Plain fill.
    None,
    /// Lines rising from the lower edge to the upper one, left to right.
    Rising,
    /// Lines falling from the upper edge to the lower one.
    Falling,
    /// Lines across the band at fixed x.
    Vertical,
    /// Lines along the band at fixed fractions of its height.
    Along,
    /// Vertical and along together.
    Cross,
}

/// Patterns in the order layers take them; their period (6) beside the palette's (10) gives
/// 30 distinct colour-and-pattern pairs.
const PATTERNS: [Hatch; 6] = [
    Hatch::None,
    Hatch::Rising,
    Hatch::Vertical,
    Hatch::Falling,
    Hatch::Along,
    Hatch::Cross,
];

/// The pattern of the k-th drawn layer.
pub(super) fn hatch(k: usize) -> Hatch {
    PATTERNS[k % PATTERNS.len()]
}

/// The fractions of the band's height at which `Along` lines run.
const ALONG: [f64; 3] = [0.25, 0.5, 0.75];

/// The hatching lines of the band between `lower` and `upper` at `xs` (x increasing), one line
/// every `step` along x (diagonals climb the band's full height over `step`), each line a
/// polyline.
pub(super) fn hatch_lines(
    pattern: Hatch,
    xs: &[f64],
    lower: &[f64],
    upper: &[f64],
    step: f64,
) -> Vec<Vec<(f64, f64)>> {
    let n = xs.len().min(lower.len()).min(upper.len());
    if n < 2 || step <= 0.0 || !step.is_finite() {
        return Vec::new();
    }
    let band = Band {
        xs: &xs[..n],
        lower: &lower[..n],
        upper: &upper[..n],
    };
    let (first, last) = (xs[0], xs[n - 1]);
    // Lines start half a step in, so that none sits on the band's left or right edge.
    let starts = |from: f64| {
        (0..)
            .map(move |j| from + (j as f64 + 0.5) * step)
            .take_while(move |&x| x < last)
    };
    let vertical = || {
        starts(first)
            .map(|x| vec![band.at(x, 0.0), band.at(x, 1.0)])
            .collect::<Vec<_>>()
    };
    let along = || {
        ALONG
            .iter()
            .map(|&t| band.xs.iter().map(|&x| band.at(x, t)).collect())
            .collect::<Vec<_>>()
    };
    match pattern {
        Hatch::None => Vec::new(),
        Hatch::Vertical => vertical(),
        Hatch::Along => along(),
        Hatch::Cross => vertical().into_iter().chain(along()).collect(),
        Hatch::Rising => starts(first - step)
            .map(|x| band.diagonal(x, step, false))
            .collect(),
        Hatch::Falling => starts(first - step)
            .map(|x| band.diagonal(x, step, true))
            .collect(),
    }
}

/// A band as given, piecewise linear between its knots.
struct Band<'a> {
    xs: &'a [f64],
    lower: &'a [f64],
    upper: &'a [f64],
}

impl Band<'_> {
    /// The point at `x` and height fraction `t`, linear between knots.
    fn at(&self, x: f64, t: f64) -> (f64, f64) {
        let i = self
            .xs
            .partition_point(|&k| k <= x)
            .clamp(1, self.xs.len() - 1);
        let (xa, xb) = (self.xs[i - 1], self.xs[i]);
        let w = if xb > xa { (x - xa) / (xb - xa) } else { 0.0 };
        let lo = self.lower[i - 1] + w * (self.lower[i] - self.lower[i - 1]);
        let hi = self.upper[i - 1] + w * (self.upper[i] - self.upper[i - 1]);
        (x, lo + t * (hi - lo))
    }

    /// The diagonal that crosses the band from bottom to top (or top to bottom if `falling`)
    /// between x = `from` and `from + width`, cut to the band's x range, with a vertex at every
    /// knot it passes (the band bends there).
    fn diagonal(&self, from: f64, width: f64, falling: bool) -> Vec<(f64, f64)> {
        let (first, last) = (self.xs[0], self.xs[self.xs.len() - 1]);
        let (a, b) = (from.max(first), (from + width).min(last));
        let t = |x: f64| {
            let rise = ((x - from) / width).clamp(0.0, 1.0);
            if falling {
                1.0 - rise
            } else {
                rise
            }
        };
        let inner = self.xs.iter().copied().filter(|&x| x > a && x < b);
        std::iter::once(a)
            .chain(inner)
            .chain(std::iter::once(b))
            .map(|x| self.at(x, t(x)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XS: [f64; 3] = [0.0, 5.0, 10.0];
    const LOWER: [f64; 3] = [0.0, 1.0, 0.0];
    const UPPER: [f64; 3] = [2.0, 4.0, 2.0];

    /// The band's edges at x, linear between knots.
    fn edges(x: f64) -> (f64, f64) {
        let w = if x <= 5.0 { x / 5.0 } else { (10.0 - x) / 5.0 };
        (w, 2.0 + 2.0 * w)
    }

    #[test]
    fn every_line_of_every_pattern_stays_inside_the_band() {
        for pattern in PATTERNS {
            let lines = hatch_lines(pattern, &XS, &LOWER, &UPPER, 1.0);
            assert_eq!(lines.is_empty(), pattern == Hatch::None, "{pattern:?}");
            for (x, y) in lines.iter().flatten().copied() {
                let (lo, hi) = edges(x);
                assert!((0.0..=10.0).contains(&x), "{pattern:?}: x {x}");
                assert!(
                    y >= lo - 1e-9 && y <= hi + 1e-9,
                    "{pattern:?}: ({x}, {y}) outside [{lo}, {hi}]"
                );
            }
        }
    }

    #[test]
    fn diagonals_climb_the_full_height_over_one_step() {
        let lines = hatch_lines(Hatch::Rising, &XS, &LOWER, &UPPER, 2.0);
        // A line wholly inside the band starts on the lower edge and ends on the upper one.
        let whole = lines
            .iter()
            .find(|l| l[0].0 > 0.0 && l[l.len() - 1].0 < 10.0)
            .unwrap();
        let (start, end) = (whole[0], whole[whole.len() - 1]);
        assert!((end.0 - start.0 - 2.0).abs() < 1e-9);
        assert!((start.1 - edges(start.0).0).abs() < 1e-9);
        assert!((end.1 - edges(end.0).1).abs() < 1e-9);
        // Ten steps of 2 across 10, starting half a step early: lines through the whole width.
        assert_eq!(lines.len(), 6);
    }

    #[test]
    fn vertical_lines_are_one_step_apart_and_off_the_edges() {
        let lines = hatch_lines(Hatch::Vertical, &XS, &LOWER, &UPPER, 2.5);
        let xs: Vec<f64> = lines.iter().map(|l| l[0].0).collect();
        assert_eq!(xs, vec![1.25, 3.75, 6.25, 8.75]);
    }

    #[test]
    fn a_degenerate_band_has_no_lines() {
        assert!(hatch_lines(Hatch::Cross, &[1.0], &[0.0], &[1.0], 1.0).is_empty());
        assert!(hatch_lines(Hatch::Cross, &XS, &LOWER, &UPPER, 0.0).is_empty());
    }
}
