#!/usr/bin/env bash
# Records the runs of two engines outside projsok on the judged query set, for pooling and
# for the comparison in `cargo bench --bench relevance` (method: README.md here).
#
#   benches/relevance/engines.sh [G0VSE_FOLDER]
#
# Installs python3-xapian and postgresql from Debian when they are missing (needs root then),
# indexes the five seeds plus the g0vse corpus (the folder given, or the archive in
# ../shared/corpora extracted to a temporary folder) with (a) Xapian and its Swedish stemmer and
# (b) PostgreSQL's `swedish` text search configuration in a throwaway cluster, runs every query
# of queries.tsv, queries-new.tsv and queries-variants.tsv (the intended spelling of the queries
# typed without å/ä/ö or misspelt, run only to pool documents for judging), and writes each
# engine's ranked top 20 to runs/xapian.tsv and runs/postgresql.tsv (qid, rank, path below the
# collection).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
queries=("$here/queries.tsv" "$here/queries-new.tsv" "$here/queries-variants.tsv")

scratch=$(mktemp -d -t relevance-engines.XXXXXX)
pg_dir=""
cleanup() {
    if [[ -n $pg_dir && -f $pg_dir/data/postmaster.pid ]]; then
        as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null || true
    fi
    rm -rf "$scratch"
}
trap cleanup EXIT

# Debian's python3-xapian is built for Debian's own python3, not one earlier on PATH.
py=python3
[[ -x /usr/bin/python3 ]] && py=/usr/bin/python3
need=()
"$py" -c 'import xapian' 2>/dev/null || need+=(python3-xapian)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
if ((${#need[@]})); then
    if ((EUID != 0)); then
        echo "engines.sh: ${need[*]} missing; run as root to install them from Debian" >&2
        exit 2
    fi
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
fi

# The collection as the bench names its documents: seeds/… and g0vse/….
collection=$scratch/collection
mkdir -p "$collection"
ln -s "$repo/seeds" "$collection/seeds"
if (($# >= 1)); then
    [[ -d $1 ]] || { echo "engines.sh: $1 is not a folder" >&2; exit 2; }
    ln -s "$(cd "$1" && pwd)" "$collection/g0vse"
else
    archive=$repo/../shared/corpora/g0vse-regeringen.tar.gz
    [[ -f $archive ]] || { echo "engines.sh: no corpus folder given and no $archive" >&2; exit 2; }
    tar xzf "$archive" -C "$collection"
fi

mkdir -p "$here/runs"
echo "xapian …" >&2
"$py" "$here/engines.py" xapian "$collection" "${queries[@]}" >"$scratch/xapian.tsv"
mv "$scratch/xapian.tsv" "$here/runs/xapian.tsv"

# initdb refuses root, so as root the cluster belongs to the postgres user.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_dir=$scratch/pg
mkdir -p "$pg_dir"
if ((EUID == 0)); then
    chown postgres "$pg_dir"
    chmod 755 "$scratch"
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi
echo "postgresql …" >&2
"$py" "$here/engines.py" export "$collection" "$pg_dir/docs.csv" "$pg_dir/queries.csv" "${queries[@]}"
chmod 644 "$pg_dir"/*.csv
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U projsok -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
    -o "-c listen_addresses= -k $pg_dir -c max_wal_size=4GB" start >/dev/null
psql() { as_pg "$pg_bin/psql" -h "$pg_dir" -U projsok -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
psql <<SQL
CREATE TABLE docs (path text PRIMARY KEY, body text NOT NULL, tsv tsvector);
\copy docs (path, body) FROM '$pg_dir/docs.csv' WITH (FORMAT csv)
UPDATE docs SET tsv = to_tsvector('swedish', body);
CREATE INDEX docs_tsv ON docs USING gin (tsv);
CREATE TABLE queries (qid text PRIMARY KEY, query text NOT NULL);
\copy queries FROM '$pg_dir/queries.csv' WITH (FORMAT csv)
SQL
version=$(psql -c 'SHOW server_version')
{
    echo "# PostgreSQL $version: to_tsvector('swedish', whole file text), websearch_to_tsquery('swedish', query), ts_rank_cd (normalization 0), ties by path; top 20"
    printf '# qid\trank\tpath\n'
    psql -F $'\t' <<'SQL'
SELECT q.qid, r.rank, r.path
FROM queries q
CROSS JOIN LATERAL (
    SELECT d.path, row_number() OVER (ORDER BY ts_rank_cd(d.tsv, t) DESC, d.path) AS rank
    FROM docs d, websearch_to_tsquery('swedish', q.query) t
    WHERE d.tsv @@ t
    ORDER BY rank
    LIMIT 20
) r
ORDER BY q.ctid, r.rank;
SQL
} >"$scratch/postgresql.tsv"
mv "$scratch/postgresql.tsv" "$here/runs/postgresql.tsv"
echo "runs written to $here/runs" >&2
