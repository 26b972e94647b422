#!/usr/bin/env bash
# Optimisation benchmarks (wall time and peak memory with /usr/bin/time -v), release build, all
# cores: the shipped budget search (96 × 150, about 12,000 distinct candidates of the 14,400 the
# generations propose) and the robust search (48 × 60 over 50 futures), each with its
# Nelder–Mead refinement and charts as a user runs them.
# Usage: bash bench/optimize.sh [OUTDIR]   — results go to OUTDIR (default: a temporary directory).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
for spec in optimizations/budget_10yi.toml optimizations/robust_10yi.toml; do
  name=$(basename "$spec" .toml)
  for refine in 0 150; do
    /usr/bin/time -v ./target/release/talentloop optimize "$spec" --out "$out/$name-$refine" \
      --force --refine "$refine" -q > "$out/$name-$refine.stdout" 2> "$out/$name-$refine.time"
    wall=$(grep 'Elapsed (wall clock)' "$out/$name-$refine.time" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$out/$name-$refine.time" | awk '{print $NF}')
    runs=$(grep -o '([0-9]* model runs)' "$out/$name-$refine.stdout" | tr -dc '0-9')
    printf '%-14s refine %3d  %8d model runs  wall %8s  peak RSS %7.1f MB\n' \
      "$name" "$refine" "$runs" "$wall" "$(echo "$rss/1024" | bc -l)"
  done
done
