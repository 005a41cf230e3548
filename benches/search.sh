#!/usr/bin/env bash
# Whole-process search latency on a warm index: start-up, index opening, lexicon and synonym
# loading, the query, facets, 10 snippets and JSON output, as a user meets them.
# Usage: benches/search.sh INDEX_DIR [RUNS]   (e.g. target/relevance/index-compounds, which
# `cargo bench --bench relevance` builds from the seeds + g0vse)
set -euo pipefail
cd "$(dirname "$0")/.."
index=${1:?usage: benches/search.sh INDEX_DIR [RUNS]}
runs=${2:-21}
cargo build --release --quiet --bin projsok
queries=("sfi" "socialt företagande" "matchning" "arbetsmarknadsutbildning" "\"svenska för invandrare\"")
target/release/projsok search warmup --index "$index" --json >/dev/null
for query in "${queries[@]}"; do
  times=()
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    hits=$(target/release/projsok search "$query" --index "$index" --json | grep -o '"path"' | wc -l)
    times+=($(( ($(date +%s%N) - start) / 1000 )))
  done
  [ "$hits" -gt 0 ] || { echo "no hits for $query" >&2; exit 1; }
  printf '%-30s %s\n' "$query" "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "p50 %.1f ms  min %.1f ms  max %.1f ms  (%d hits shown)", a[int((NR+1)/2)]/1000, a[1]/1000, a[NR]/1000, '"$hits"'}')"
done
