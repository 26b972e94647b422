#!/usr/bin/env bash
# Sweep benchmarks (wall time and peak memory with /usr/bin/time -v), release build, all cores.
# Usage: bash bench/sweep.sh [OUTDIR]   — results go to OUTDIR (default: a temporary directory).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
for spec in bench/lhs_10k.toml bench/sobol_20x1024.toml bench/mc_100k.toml; do
  name=$(basename "$spec" .toml)
  /usr/bin/time -v ./target/release/talentloop sweep "$spec" --out "$out/$name" --force --no-plots -q \
    2> "$out/$name.time"
  wall=$(grep 'Elapsed (wall clock)' "$out/$name.time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$out/$name.time" | awk '{print $NF}')
  runs=$(($(wc -l < "$out/$name/samples.csv") - 1))
  printf '%-16s %8d runs  wall %8s  peak RSS %7.1f MB\n' "$name" "$runs" "$wall" "$(echo "$rss/1024" | bc -l)"
done
