//! The hypervolume indicator: the volume of objective space (all objectives minimised) that a set
//! of points dominates, bounded by a reference point — the standard single number for how close
//! and how spread a Pareto front is (Zitzler & Thiele 1998). Exact: a sweep in two dimensions,
//! slicing along the last objective in more (fine for the fronts of a policy search, a hundred
//! points in two or three objectives).

/// The hypervolume of `points` with respect to `reference` (points that do not strictly dominate
/// the reference add nothing).
pub fn hypervolume(points: &[Vec<f64>], reference: &[f64]) -> f64 {
    let inside: Vec<&[f64]> = points
        .iter()
        .map(|p| p.as_slice())
        .filter(|p| p.iter().zip(reference).all(|(x, r)| x < r))
        .collect();
    volume(inside, reference)
}

fn volume(mut points: Vec<&[f64]>, reference: &[f64]) -> f64 {
    let m = reference.len();
    if points.is_empty() || m == 0 {
        return 0.0;
    }
    if m == 1 {
        let best = points.iter().map(|p| p[0]).fold(f64::INFINITY, f64::min);
        return reference[0] - best;
    }
    points.sort_by(|a, b| a[m - 1].total_cmp(&b[m - 1]));
    if m == 2 {
        // Sweep in order of the second objective: each point adds the strip its first objective
        // improves on every point before it.
        let mut area = 0.0;
        let mut best_first = reference[0];
        for (k, p) in points.iter().enumerate() {
            best_first = best_first.min(p[0]);
            let next = points.get(k + 1).map_or(reference[1], |q| q[1]);
            area += (reference[0] - best_first) * (next - p[1]);
        }
        return area;
    }
    // Slices between consecutive values of the last objective: the points below a slice, projected
    // on the other objectives, dominate its cross-section.
    let mut total = 0.0;
    for k in 0..points.len() {
        let next = points.get(k + 1).map_or(reference[m - 1], |q| q[m - 1]);
        let height = next - points[k][m - 1];
        if height > 0.0 {
            let below: Vec<&[f64]> = points[..=k].iter().map(|p| &p[..m - 1]).collect();
            total += volume(below, &reference[..m - 1]) * height;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_volumes() {
        let r = [1.0, 1.0];
        assert_eq!(hypervolume(&[vec![0.0, 0.0]], &r), 1.0);
        assert_eq!(hypervolume(&[vec![0.5, 0.5]], &r), 0.25);
        // Two overlapping boxes: 0.375 + 0.375 − 0.25.
        let two = [vec![0.25, 0.5], vec![0.5, 0.25]];
        assert!((hypervolume(&two, &r) - (0.75 * 0.5 + 0.5 * 0.25)).abs() < 1e-12);
        // A dominated point and one outside the reference add nothing.
        let more = [
            vec![0.25, 0.5],
            vec![0.5, 0.25],
            vec![0.6, 0.6],
            vec![2.0, 0.0],
        ];
        assert_eq!(hypervolume(&more, &r), hypervolume(&two, &r));
        // Three objectives: a unit cube corner, and two boxes that overlap.
        assert_eq!(hypervolume(&[vec![0.0, 0.0, 0.0]], &[1.0, 1.0, 1.0]), 1.0);
        let boxes = [vec![0.0, 0.5, 0.0], vec![0.5, 0.0, 0.0]];
        assert!((hypervolume(&boxes, &[1.0, 1.0, 1.0]) - 0.75).abs() < 1e-12);
    }
}
