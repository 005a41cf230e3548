#!/usr/bin/env bash
# Scale benchmark: index N synthetic ESF project pages for each N given (the first N of one
# generated set, so that the sizes share their pages), then query each index in process.
# Reports wall, CPU, peak RSS, index size per document, segment count, the cost ratio between
# the sizes, and query p50/p95/p99 with facet counts (benches/queries.rs on that index), with a
# last table of every size's query figures and its ratio to plain tantivy side by side.
# Usage: benches/scale.sh [N ...]   (default 100000 1000000)
#   PROJSOK_SCALE_PAGES=DIR  pages made earlier by the generator (else generated into a temp
#                            folder: about 6.5 KB per page, 6.5 GB for a million)
#   PROJSOK_SCALE_WORK=DIR   where the indexes go (else a temp folder; they are large)
#   PROJSOK_SCALE_REUSE=1    query the indexes a run into the same PROJSOK_SCALE_WORK built,
#                            reprinting that build's figures (a million-page build takes minutes)
#   The generator takes its vocabulary from PROJSOK_G0VSE or ../shared/corpora.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-100000 1000000}")
read -r -a sizes <<<"${sizes[*]}"
largest=$(printf '%s\n' "${sizes[@]}" | sort -n | tail -1)
work=${PROJSOK_SCALE_WORK:-$(mktemp -d)}
[ -n "${PROJSOK_SCALE_WORK:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
cargo build --release --quiet --bin projsok --example generate
. benches/stats.sh

pages=${PROJSOK_SCALE_PAGES:-}
if [ -z "$pages" ]; then
  corpus=${PROJSOK_G0VSE:-}
  if [ -z "$corpus" ]; then
    tar xzf ../shared/corpora/g0vse-regeringen.tar.gz -C "$work"
    corpus=$work/g0vse
  fi
  pages=$work/pages
  target/release/examples/generate "$largest" "$pages" "$corpus"
fi

printf '%-9s %-9s %-9s %-10s %-10s %-12s %-9s %s\n' docs "wall s" "cpu s" "RSS MiB" "docs/s" \
  "bytes/doc" segments index
for n in "${sizes[@]}"; do
  # The generator writes folders of 1,000 pages: take the first n/1000 of them.
  folders=()
  while IFS= read -r folder; do folders+=("$folder"); done \
    < <(find "$pages" -mindepth 1 -maxdepth 1 -type d | sort | head -n $((n / 1000)))
  index=$work/index-$n
  if [ -z "${PROJSOK_SCALE_REUSE:-}" ] || [ ! -s "$work/build-$n" ] || [ ! -e "$index/CURRENT" ]; then
    rm -rf "$index" "$work/build-$n"
    timed "$work/builds" target/release/projsok index "${folders[@]}" --index "$index"
    # The binary groups thousands with a space: "indexed 100 000 documents".
    grep -q "indexed $(grouped "$n") documents" "$work/err" || { tail -3 "$work/err" >&2; exit 1; }
    cp "$work/time" "$work/build-$n"
  fi
  read -r wall user sys rss <"$work/build-$n"
  size=$(du -sb "$index" | cut -f1)
  segments=$(grep -o '"segment_id"' "$index/$(cat "$index/CURRENT")/meta.json" | wc -l)
  printf '%-9s %-9s %-9s %-10s %-10s %-12s %-9s %s\n' "$n" "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')" "$((rss / 1024))" \
    "$(awk -v n="$n" -v w="$wall" 'BEGIN {printf "%.0f", n / w}')" "$((size / n))" \
    "$segments" "$index"
  echo "$n $wall" >>"$work/costs"
done
if [ "${#sizes[@]}" -gt 1 ]; then
  awk 'NR==1 {n0=$1; w0=$2} END {printf "cost ratio %d→%d documents: %.2f wall for %.1f× the documents\n", n0, $1, $2/w0, $1/n0}' "$work/costs"
fi
for n in "${sizes[@]}"; do
  PROJSOK_BENCH_INDEX=$work/index-$n cargo bench --quiet --bench queries | tee "$work/queries-$n"
done
# p50/p95/p99 in ms of: counts only, top 10, top 10 + snippets; then plain tantivy's p50.
echo
printf '%-9s %-22s %-22s %-22s %-9s %s\n' docs "counts p50/p95/p99" "top 10 p50/p95/p99" \
  "+ snippets p50/p95/p99" "plain" ratio
for n in "${sizes[@]}"; do
  awk -v n="$n" '
    / p50 .* p95 .* p99 / { figures[++k] = $(NF - 10) "/" $(NF - 7) "/" $(NF - 4) }
    /^baseline/ { plain = $(NF - 4); ratio = $NF }
    END { printf "%-9s %-22s %-22s %-22s %-9s %s\n", n, figures[1], figures[2], figures[3], plain, ratio }
  ' "$work/queries-$n"
done
