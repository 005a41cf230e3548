#!/usr/bin/env python3
"""Indexes the collection with Xapian, exports it for PostgreSQL, and writes the runs.

Called by engines.sh, which installs the engines and runs PostgreSQL; see README.md there.

  engines.py xapian COLLECTION QUERIES... > runs/xapian.tsv
  engines.py export COLLECTION OUT.csv QUERIES_OUT.csv QUERIES...

COLLECTION is a folder holding `seeds/` and `g0vse/`; a document's id is its path below it.
"""

import csv
import os
import sys
import tempfile

DEPTH = 20


def documents(collection):
    """(path, text) for every file under seeds/ and g0vse/, in sorted order so that ties
    break the same way on every run."""
    paths = []
    for top in ("seeds", "g0vse"):
        root = os.path.join(collection, top)
        if not os.path.isdir(root):
            sys.exit(f"engines.py: {root} is not a folder")
        for folder, _, files in os.walk(root, followlinks=True):
            for name in files:
                full = os.path.join(folder, name)
                paths.append(os.path.relpath(full, collection))
    for path in sorted(paths):
        with open(os.path.join(collection, path), "rb") as f:
            # PostgreSQL text holds no NUL; both engines get the same characters.
            text = f.read().decode("utf-8", errors="replace").replace("\0", " ")
        yield path, text


def queries(files):
    """(qid, query) from the third column of each query file, in file order."""
    for name in files:
        with open(name, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cells = line.rstrip("\n").split("\t")
                yield cells[0], cells[2]


def xapian_run(collection, query_files):
    import xapian

    with tempfile.TemporaryDirectory(prefix="relevance-xapian-") as db_dir:
        db = xapian.WritableDatabase(db_dir, xapian.DB_CREATE_OR_OVERWRITE)
        stemmer = xapian.Stem("swedish")
        generator = xapian.TermGenerator()
        generator.set_stemmer(stemmer)
        count = 0
        for path, text in documents(collection):
            doc = xapian.Document()
            generator.set_document(doc)
            generator.index_text(text)
            doc.set_data(path)
            db.add_document(doc)
            count += 1
        db.commit()
        print(f"xapian: indexed {count} documents", file=sys.stderr)

        enquire = xapian.Enquire(db)
        parser = xapian.QueryParser()
        parser.set_stemmer(stemmer)
        parser.set_database(db)
        # Xapian's defaults for a plain search box: STEM_SOME, default operator OR, BM25.
        parser.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        print(f"# Xapian {xapian.version_string()}: QueryParser, Swedish stemmer, STEM_SOME, "
              f"default operator OR, BM25Weight defaults; whole file text; top {DEPTH}")
        print("# qid\trank\tpath")
        for qid, text in queries(query_files):
            query = parser.parse_query(text, xapian.QueryParser.FLAG_DEFAULT)
            enquire.set_query(query)
            for rank, match in enumerate(enquire.get_mset(0, DEPTH), start=1):
                print(f"{qid}\t{rank}\t{match.document.get_data().decode('utf-8')}")


def export(collection, out, queries_out, query_files):
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        for path, text in documents(collection):
            writer.writerow([path, text])
    with open(queries_out, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        for qid, text in queries(query_files):
            writer.writerow([qid, text])


def main(argv):
    if len(argv) >= 3 and argv[1] == "xapian":
        xapian_run(argv[2], argv[3:])
    elif len(argv) >= 5 and argv[1] == "export":
        export(argv[2], argv[3], argv[4], argv[5:])
    else:
        sys.exit(__doc__.strip())


if __name__ == "__main__":
    main(sys.argv)
