#!/usr/bin/env bash
# Prints what an index finds for the judged queries of benches/relevance (queries*.tsv), in a
# form to diff between two builds: per query the total, the facet counts and the top 20 paths
# (hits of equal score in path order, and those tied at the cut only counted, so that ties
# between documents do not count as a change), then `duplicates --json`. A speed change must
# leave this output the same.
# Usage: benches/same_results.sh BINARY INDEX >out.txt
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1
index=$2
canonical() {
  python3 -c '
import json, sys
d = json.load(sys.stdin)
hits = sorted(d["hits"], key=lambda h: (-round(h["score"], 4), h["path"]))
print("total", d["total"], d["with_every_word"])
print("facets", json.dumps(d["facets"], sort_keys=True, ensure_ascii=False))
# Which of the documents tied at the cut make the top 20 follows the document ids, which
# follow which indexing thread took which document: only their score and number count.
cut = round(hits[-1]["score"], 4) if len(hits) == 20 else None
for h in hits:
    if round(h["score"], 4) != cut:
        print(" ", round(h["score"], 4), h["path"])
print("tied at the cut:", cut, sum(round(h["score"], 4) == cut for h in hits))
'
}
for file in benches/relevance/queries*.tsv; do
  grep -v '^#' "$file" | while IFS=$'\t' read -r id _ query _; do
    echo "== $id $query"
    "$bin" search -n 20 --json --index "$index" -- "$query" | canonical
  done
done
echo "== duplicates"
"$bin" duplicates --json --index "$index"
