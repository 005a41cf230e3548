#!/usr/bin/env bash
# Indexing benchmark: projsok against two baselines measured in the same run, alternated run by
# run so that drift in the machine's speed hits all three alike.
#   floor          benches/floor.rs: walk, read, split on non-letters, lower-case, count (1 thread)
#   plain tantivy  benches/plain_tantivy.rs: the same walk into tantivy's default tokenizer
#   projsok        projsok index with the full Swedish analyzer
#   baseline       with PROJSOK_BASELINE_BIN set: that projsok binary (an earlier build), the
#                  same command, so that a change's indexing cost is a ratio of the same run
# Usage: benches/index.sh [RUNS]   (default 5; corpus from PROJSOK_G0VSE or ../shared/corpora)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

corpus=${PROJSOK_G0VSE:-}
if [ -z "$corpus" ]; then
  tar xzf ../shared/corpora/g0vse-regeringen.tar.gz -C "$work"
  corpus=$work/g0vse
fi
cargo build --release --quiet --bin projsok --example floor --example plain_tantivy
bin=target/release
docs=$(( $(find "$corpus" -type f | wc -l) + $(find seeds -type f | wc -l) ))
bytes=$(( $(find "$corpus" seeds -type f -printf '%s\n' | awk '{s+=$1} END {print s}') ))
# projsok writes counts for people with thousands grouped ("44 402"); older builds did not.
grouped=$(echo "$docs" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\| \)/\1 \2\3/;ta')
indexed="indexed ($docs|$grouped) documents"

. benches/stats.sh
run() { local name=$1; shift; timed "$work/$name" "$@"; }

names="floor plain projsok"
baseline_bin=${PROJSOK_BASELINE_BIN:-}
[ -n "$baseline_bin" ] && names="$names baseline"
for round in $(seq 0 "$runs"); do
  rm -f "$work"/floor.w "$work"/plain.w "$work"/projsok.w "$work"/baseline.w
  for name in $names; do
    case $name in
      floor) run floor.w $bin/examples/floor "$corpus" seeds
             [ "$(cut -d' ' -f1 "$work/out")" = "$docs" ] || { echo "floor read $(cat "$work/out")" >&2; exit 1; } ;;
      plain) run plain.w $bin/examples/plain_tantivy "$work/plain-index" "$corpus" seeds
             [ "$(cat "$work/out")" = "$docs" ] || { echo "plain indexed $(cat "$work/out")" >&2; exit 1; } ;;
      projsok) run projsok.w $bin/projsok index "$corpus" seeds --index "$work/projsok-index"
             grep -Eq "$indexed" "$work/err" || { cat "$work/err" >&2; exit 1; } ;;
      baseline) run baseline.w "$baseline_bin" index "$corpus" seeds --index "$work/baseline-index"
             grep -Eq "$indexed" "$work/err" || { cat "$work/err" >&2; exit 1; } ;;
    esac
  done
  # Round 0 warms the page cache and is not counted.
  if [ "$round" -gt 0 ]; then
    for name in $names; do cat "$work/$name.w" >>"$work/$name"; done
  fi
done

size=$(du -sk "$work/projsok-index" | cut -f1)
plain_size=$(du -sk "$work/plain-index" | cut -f1)

echo "corpus: $docs documents, $((bytes / 1000000)) MB; $runs counted runs each, alternated; $(nproc) cores"
printf '%-14s %-22s %-22s %-16s %s\n' "" "wall s (med min max)" "cpu s (user+sys med)" "peak RSS MiB" "docs/s  MB/s"
for name in $names; do
  wall=$(cut -d' ' -f1 "$work/$name" | summary)
  cpu=$(awk '{print $2+$3}' "$work/$name" | median)
  rss=$(awk '{print $4/1024}' "$work/$name" | median %.0f)
  med=$(cut -d' ' -f1 "$work/$name" | median)
  printf '%-14s %-22s %-22s %-16s %.0f  %.1f\n' "$name" "$wall" "$cpu" "$rss" \
    "$(awk -v d="$docs" -v m="$med" 'BEGIN {print d / m}')" \
    "$(awk -v b="$bytes" -v m="$med" 'BEGIN {print b / 1000000 / m}')"
done
# Ratios pair by pair (run i of projsok against run i of each baseline), then their median.
ratio() {
  local pairs; pairs=$(paste -d' ' "$work/projsok" "$work/$1" | awk '{print $1/$5}')
  echo "$(median <<<"$pairs") ($(spread <<<"$pairs"))"
}
echo "projsok/floor wall:         $(ratio floor)"
echo "projsok/plain tantivy wall: $(ratio plain)"
if [ -n "$baseline_bin" ]; then
  echo "projsok/baseline wall:      $(ratio baseline)"
  cpu_ratio=$(paste -d' ' "$work/projsok" "$work/baseline" | awk '{print ($2+$3)/($6+$7)}')
  echo "projsok/baseline cpu:       $(median <<<"$cpu_ratio") ($(spread <<<"$cpu_ratio"))"
  echo "index size: baseline $(( $(du -sk "$work/baseline-index" | cut -f1) / 1024 )) MiB"
fi
echo "index size: projsok $((size / 1024)) MiB ($((size * 1024 / docs)) bytes/doc), plain tantivy $((plain_size / 1024)) MiB"
