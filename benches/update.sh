#!/usr/bin/env bash
# Incremental update benchmark: `projsok index --update` after one file of the g0vse corpus
# changed, against a full rebuild of the same index and a bare walk of the same files (find
# stating every file: what noticing one change costs at the least), alternated run by run.
# Usage: benches/update.sh [RUNS]   (default 5; corpus from PROJSOK_G0VSE or ../shared/corpora)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The corpus is copied: the bench changes a file in it.
if [ -n "${PROJSOK_G0VSE:-}" ]; then
  cp -r "$PROJSOK_G0VSE" "$work/g0vse"
else
  tar xzf ../shared/corpora/g0vse-regeringen.tar.gz -C "$work"
fi
cp -r seeds "$work/seeds"
cargo build --release --quiet --bin projsok
bin=$PWD/target/release/projsok
. benches/stats.sh
cd "$work"
docs=$(find g0vse seeds -type f | wc -l)
changed=$(find g0vse -type f -name '*.md' | sort | sed -n '1000p')

run() { local name=$1; shift; timed "$work/$name" "$@"; }

"$bin" index g0vse seeds --index index 2>err || { cat err >&2; exit 1; }
for round in $(seq 0 "$runs"); do
  rm -f walk.w update.w rebuild.w
  run walk.w find g0vse seeds -type f -printf '%s %T@\n'
  [ "$(wc -l <out)" = "$docs" ] || { echo "walk saw $(wc -l <out) files" >&2; exit 1; }
  printf '\nEdited by the update bench, round %s.\n' "$round" >>"$changed"
  run update.w "$bin" index g0vse seeds --index index --update
  grep -q "updated: 0 added, 1 changed, 0 removed, $(grouped $((docs - 1))) unchanged" err \
    || { cat err >&2; exit 1; }
  run rebuild.w "$bin" index g0vse seeds --index index
  grep -q "indexed $(grouped "$docs") documents" err || { cat err >&2; exit 1; }
  # Round 0 warms the page cache and is not counted.
  if [ "$round" -gt 0 ]; then
    for name in walk update rebuild; do cat "$name.w" >>"$name"; done
  fi
done

echo "g0vse + seeds: $docs documents, one changed per round; $runs counted runs each, alternated"
printf '%-10s %-28s %-12s %s\n' "" "wall s (median, min–max)" "cpu s (med)" "peak RSS MiB"
for name in walk update rebuild; do
  printf '%-10s %-28s %-12s %s\n' "$name" \
    "$(cut -d' ' -f1 "$name" | median %.3f) ($(cut -d' ' -f1 "$name" | spread %.3f))" \
    "$(awk '{print $2+$3}' "$name" | median %.3f)" \
    "$(awk '{print $4/1024}' "$name" | median %.3f)"
done
ratio() { paste -d' ' update "$1" | awk '{print $1/$5}' | median %.3f; }
echo "update/rebuild wall: $(ratio rebuild)   update/walk wall: $(ratio walk)"
