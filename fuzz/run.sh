#!/usr/bin/env bash
# Runs every fuzz target for a fixed number of executions (default 10⁶) and prints one table row
# per target for fuzz/README.md. Not part of CI (it takes hours); CI replays fuzz/corpus instead
# (tests/integration/fuzz_corpus.rs).
# Usage: bash fuzz/run.sh [RUNS] [TARGET…]
set -euo pipefail
cd "$(dirname "$0")"
runs="${1:-1000000}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(scenario override simulate specs)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  log="$(mktemp)"
  start=$(date +%s)
  # No sanitizer: safe Rust, and the property is "no panic"; AddressSanitizer made each
  # execution about five times slower.
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O -s none "$t" "corpus/$t" -- -runs="$runs" -max_len=60000 \
    > "$log" 2>&1 || true
  secs=$(( $(date +%s) - start ))
  execs=$(grep -o 'DONE.*' "$log" | grep -o '[0-9]* runs' | head -1 | grep -o '[0-9]*' || true)
  [ -z "$execs" ] && execs=$(grep -o '#[0-9]*' "$log" | tail -1 | tr -d '#')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
  crashes=$(find "artifacts/$t" -type f | wc -l)
  printf '| %s | %s | %s s | %s | %s edges | %s |\n' "$(date +%F)" "$t" "$secs" "$execs" "$cov" "$crashes"
  rm -f "$log"
done
