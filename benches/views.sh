#!/usr/bin/env bash
# Whole-process latency of the research views (trends, terms, kwic) against `search` with the
# same query in the same run: start-up, index opening, the view and its JSON output.
# Usage: benches/views.sh INDEX_DIR [RUNS]   (an index of g0vse + seeds, e.g.
# `projsok index "$PROJSOK_G0VSE" seeds --index /some/scratch/idx`)
set -euo pipefail
cd "$(dirname "$0")/.."
index=${1:?usage: benches/views.sh INDEX_DIR [RUNS]}
runs=${2:-21}
cargo build --release --quiet --bin projsok
bin=target/release/projsok
queries=("nyanlända" "socialt företagande" "arbetsmarknadsutbildning")
$bin search warmup --index "$index" --json >/dev/null
median() { sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'; }
time_of() {
  local times=()
  for _ in $(seq "$runs"); do
    local start
    start=$(date +%s%N)
    "$bin" "$@" --index "$index" --json >/dev/null
    times+=($(( ($(date +%s%N) - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | median
}
printf '%-26s %10s %10s %10s %10s   (p50 ms, %s runs)\n' query search trends terms kwic "$runs"
for query in "${queries[@]}"; do
  # The counts are asserted: a view that finds nothing is no measurement.
  total=$("$bin" search -c "$query" --index "$index")
  counted=$("$bin" trends "$query" --count start --index "$index" --json |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(b["count"] for b in d["buckets"]) + d["without"]["count"])')
  [ "$total" -gt 0 ] && [ "$total" = "$counted" ] || { echo "$query: search $total, trends $counted" >&2; exit 1; }
  search=$(time_of search "$query")
  trends=$(time_of trends "$query")
  terms=$(time_of terms "$query")
  kwic=$(time_of kwic "$query")
  printf '%-26s %10s %10s %10s %10s\n' "$query" "$search" "$trends" "$terms" "$kwic"
done
