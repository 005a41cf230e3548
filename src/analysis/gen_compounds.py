#!/usr/bin/env python3
"""Generate src/analysis/compounds.fst, the lexicon of the Swedish compound splitter.

Sources
  * Word list and compounding model: the Swedish hunspell dictionary sv_SE
    ("Den stora svenska ordlistan", Göran Andersson, 2003-2014), as shipped by the Debian
    package hunspell-sv 1:7.5.0-1 (source package libreoffice-dictionaries).
    Licence: GNU LGPL version 3 (see /usr/share/doc/hunspell-sv/copyright). The generated
    lexicon is a derived work and is therefore distributed under the LGPL-3.0 as well.
  * Word frequencies: lowercased token counts over the g0vse snapshot of regeringen.se
    (44,397 Markdown documents of the Swedish government). Only per-word counts, bucketed
    logarithmically, end up in the lexicon; no text is shipped.

What it does
  1. Expands every hunspell entry with its suffix rules (the dictionary has no prefix rules),
     remembering for each form its lemma and the compounding flags hunspell gives it:
     X = may begin a compound, U = may stand in the middle, Y = may end one,
     Z = exists only inside compounds (e.g. "arbets", "kvinno", "skol").
     The linking forms ("matchnings", "kvinno", "skol") come from the suffixes with the
     continuation flags W/X/U. Three short hand-made lists below (particles, lexicalised
     compounds, suffix-like words) mark words that hunspell's model would split into junk.
  2. Counts lowercased letter-only tokens in the corpus, sums them per lemma.
  3. Writes one line per form: the form and a u64 of its flags, its lemma's frequency, how to
     turn a linking form into its word ("arbets" → "arbete") and an inflected form into its
     lemma ("arbetet" → "arbete"): strip N bytes, append a suffix from a fixed table.
     Every form is kept, seen in the corpus or not: an inflection missing from the lexicon would
     not be known as a dictionary word ("handledarna") and could be split into junk. Dropping
     the unseen ones would save only 0.4 of 2.1 MB.

Rerun (Python 3.8+; the output is deterministic: the same inputs give a byte-identical fst)
  apt-get install hunspell-sv
  # the corpus: the project's shared g0vse-regeringen.tar.gz, extracted; not in this repository
  python3 src/analysis/gen_compounds.py --dic /usr/share/hunspell/sv_SE.dic \
      --aff /usr/share/hunspell/sv_SE.aff --corpus DIR_WITH_G0VSE_MARKDOWN > /tmp/compounds.tsv
  cargo run --release --example build_compound_fst -- /tmp/compounds.tsv src/analysis/compounds.fst
"""

import argparse
import collections
import math
import os
import re
import sys

# Keep in sync with BASE_SUFFIXES in src/analysis/compounds.rs: index = the id stored in the value.
BASE_SUFFIXES = ["", "a", "e", "o", "um", "el", "er", "en",
                 "d", "n", "and", "dd", "mer", "ma", "s", "ot"]

# Value layout (u64), keep in sync with src/analysis/compounds.rs:
#   bits 0-5   flags below
#   bits 8-15  lemma frequency, round(4·log2(n+1)) of the corpus count of the form's lemma
#   bits 16-23 the word a linking form stands for: bytes to strip (4 bits), BASE_SUFFIXES index
#   bits 24-31 the lemma of an inflected form, the same way ("arbetet" → "arbete")
BEGIN, MIDDLE, END, WORD, PARTICLE, KEEP_WHOLE = 1, 2, 4, 8, 16, 32
LEMMA_FREQ_SHIFT, BASE_SHIFT, LEMMA_SHIFT = 8, 16, 24

# Particles and prefix-like adverbs. A dictionary word that starts with one is a lexicalised
# derivation far more often than a transparent compound ("undervisning", "framtid", "övergång",
# "efterfrågan", "genomsnitt", "självklar", "fullständig"), so such a word is never split there.
# Words outside the dictionary still are ("underteman", "återaktiverad").
PARTICLE_WORDS = """
    bak bakom bort efter emot fort fram från full förbi före genom ihop inne inom isär kring med
    mellan mot ned ner omkring ovan samman själv till under upp utan ute utom vid åter över
""".split()

# Dictionary words whose parts mean something else than the word: a query for a part must not
# find them. Reviewed by reading the most frequent dictionary words that split in the corpus.
KEEP_WHOLE_LEMMAS = """
    handleda handledare handledarskap handledning handlägga handläggare handläggning
    livsmedel drivmedel modersmål stickprov storslagen
""".split()

# Suffix-like words that do not end compounds: "värdefull", "arbetslös", "kvartalsvis" are
# derivations.
NOT_LAST_WORDS = """
    full fulla fullt lös lösa löst vis visa vist
""".split()

# Nouns with these endings always take the linking -s- ("arbetsförmedlingskontor",
# "samhällsbyggnadsfrågor"); hunspell lacks the linking form for some of them.
S_LINKED_ENDINGS = ("ning", "ing", "het", "else", "tion", "itet", "dom", "skap", "nad", "ande",
                    "ende")

# Lemmas hunspell gets wrong for our purpose: "data" is not the plural of "datum" (a date) here.
LEMMA_OVERRIDES = {"data": "data"}


def parse_aff(path):
    rules = collections.defaultdict(list)
    flags = {}
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f]
    i = 0
    while i < len(lines):
        parts = lines[i].split()
        i += 1
        if not parts or parts[0].startswith("#"):
            continue
        if parts[0] in ("COMPOUNDBEGIN", "COMPOUNDMIDDLE", "COMPOUNDEND", "ONLYINCOMPOUND",
                        "COMPOUNDPERMITFLAG", "FORBIDDENWORD", "NEEDAFFIX"):
            flags[parts[0]] = parts[1]
        elif parts[0] == "PFX" and len(parts) == 4:
            sys.exit("prefix rules are not supported; the sv_SE dictionary had none")
        elif parts[0] == "SFX" and len(parts) == 4:
            flag, count = parts[1], int(parts[3])
            for _ in range(count):
                p = lines[i].split()
                i += 1
                strip = "" if p[2] == "0" else p[2]
                add, _, cont = p[3].partition("/")
                add = "" if add == "0" else add
                cond = re.compile("(?:" + p[4] + ")$") if p[4] != "." else None
                rules[flag].append((strip, add, cont, cond))
    return rules, flags


def expand(dic_path, rules, fl):
    """Yields (form, lemma, kind, compound flags as a set of hunspell flag chars, is_standalone).

    kind is "entry" for a standalone dictionary entry, "compound-only" for an entry that exists
    only inside compounds ("arbets", "kvinno"), "link" for a compound-forming suffix
    ("matchning" → "matchnings") and "inflection" for an ordinary inflection ("arbete" → "arbetet").
    """
    with open(dic_path, encoding="utf-8") as f:
        next(f)  # entry count
        for line in f:
            line = line.strip()
            if not line:
                continue
            word, _, eflags = line.partition("/")
            if not word.isalpha() or fl["FORBIDDENWORD"] in eflags:
                continue
            lemma = word.lower()
            only_in_compound = fl["ONLYINCOMPOUND"] in eflags
            standalone = not only_in_compound and fl["NEEDAFFIX"] not in eflags
            yield lemma, lemma, "entry" if standalone else "compound-only", set(eflags), standalone
            for flag in eflags:
                for strip, add, cont, cond in rules.get(flag, ()):
                    if cond is not None and not cond.search(lemma):
                        continue
                    if strip and not lemma.endswith(strip):
                        continue
                    form = lemma[: len(lemma) - len(strip)] + add
                    if not form.isalpha():
                        continue
                    if cont:
                        # A compound-forming suffix: the form is only a compound part.
                        yield form, lemma, "link", set(cont), False
                    else:
                        # An inflection: it ends a compound when the lemma may.
                        end = set(eflags) & {fl["COMPOUNDEND"]}
                        yield form, lemma, "inflection", end, not only_in_compound


def count_corpus(root):
    counts = collections.Counter()
    word = re.compile(r"[^\W\d_]+")
    for dirpath, _, files in os.walk(root):
        for name in files:
            if name.endswith(".md"):
                with open(os.path.join(dirpath, name), encoding="utf-8", errors="replace") as f:
                    counts.update(word.findall(f.read().lower()))
    return counts


def bucket(n):
    """Frequency as round(4·log2(n+1)), 0 for unseen, at most 255."""
    return min(255, round(4 * math.log2(n + 1)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dic", required=True)
    ap.add_argument("--aff", required=True)
    ap.add_argument("--corpus", required=True)
    args = ap.parse_args()

    rules, fl = parse_aff(args.aff)
    counts = count_corpus(args.corpus)
    print(f"corpus: {sum(counts.values())} tokens, {len(counts)} distinct", file=sys.stderr)

    # form -> [flags, {kind: lemmas}]
    forms = {}
    lemma_forms = collections.defaultdict(set)
    for form, lemma, kind, cflags, standalone in expand(args.dic, rules, fl):
        entry = forms.setdefault(form, [0, collections.defaultdict(set)])
        if fl["COMPOUNDBEGIN"] in cflags:
            entry[0] |= BEGIN
        if fl["COMPOUNDMIDDLE"] in cflags:
            entry[0] |= MIDDLE
        if fl["COMPOUNDEND"] in cflags:
            entry[0] |= END
        if standalone:
            entry[0] |= WORD
            lemma_forms[lemma].add(form)
        entry[1][kind].add(lemma)
        if kind == "entry" and cflags & {fl["COMPOUNDBEGIN"], fl["COMPOUNDMIDDLE"]}:
            entry[1]["entry-head"].add(lemma)
    lemma_freq = {lemma: sum(counts[f] for f in fs) for lemma, fs in lemma_forms.items()}

    def is_word(form):
        return form in forms and forms[form][0] & WORD

    def distance(a, b):
        lcp = len(os.path.commonprefix([a, b]))
        return len(a) - lcp + len(b) - lcp

    def word_freq(word):
        """How often the lemmas of a standalone word form occur, 0 for unknown words."""
        if not is_word(word):
            return 0
        return max(lemma_freq.get(l, 0) for l in set().union(*forms[word][1].values()))

    def base_of(form, flags, kinds):
        """The standalone word a compound part stands for, so that stemming it matches a query.

        Candidates are the form itself when it is a word ("kompetens", "egen", "data"), the lemmas
        hunspell made it from with a linking suffix ("företag", "företaga" for "företags") and,
        for forms that exist only inside compounds, the usual ways of undoing a linking morpheme
        ("arbets" → "arbete", "kvinno" → "kvinna", "skol" → "skola"). The candidate closest to the
        form wins, where dropping a linking s costs nothing; then an entry that hunspell lets begin
        compounds itself ("kurs", not "kur"); then the most frequent one; unseen words lose.
        """
        if not flags & (BEGIN | MIDDLE):
            return form
        stem = form[:-1] if form.endswith("s") else form
        cands = {form} if is_word(form) else set()
        cands.update(l for l in kinds.get("link", ()) if is_word(l))
        undo = [stem, stem + "e", stem + "a", form + "a", form + "e", form[:-1] + "a",
                form[:-1] + "e", form + "er", form[:-1] + "el"]
        if form.endswith("e"):
            undo.append(form[:-1])  # "skatte" → "skatt"; but "hälso" is "hälsa", not "häls"
        cands.update(c for c in undo if is_word(c))

        def key(cand):
            edit = min(distance(form, cand), distance(stem, cand))
            own_head = cand == form and "entry-head" in kinds
            return (word_freq(cand) == 0, edit, not own_head, -word_freq(cand), cand == form, cand)

        return min(cands, key=key) if cands else form

    def freq_of(base, kinds):
        """How often the lemma of a form, or of the word a linking form stands for, occurs."""
        lemmas = set().union(*kinds.values())
        return max([lemma_freq.get(l, 0) for l in lemmas] + [word_freq(base)])

    for lemma in list(lemma_forms):
        linking = lemma + "s"
        ending = next((e for e in S_LINKED_ENDINGS if lemma.endswith(e)), None)
        if ending and len(lemma) >= len(ending) + 3 and lemma in forms and forms[lemma][0] & WORD:
            entry = forms.setdefault(linking, [0, collections.defaultdict(set)])
            if not entry[0] & (BEGIN | MIDDLE):
                entry[0] |= BEGIN | MIDDLE
                entry[1]["link"].add(lemma)
    for lemma in KEEP_WHOLE_LEMMAS:
        if lemma not in forms:  # not in the dictionary: add it, so that it is known as a word
            forms[lemma] = [WORD | END, collections.defaultdict(set, {"entry": {lemma}})]
            lemma_forms[lemma].add(lemma)
            lemma_freq[lemma] = counts[lemma]
    for form in PARTICLE_WORDS:
        if form in forms:
            forms[form][0] |= PARTICLE
    for lemma in KEEP_WHOLE_LEMMAS:
        for form in lemma_forms.get(lemma, ()):
            forms[form][0] |= KEEP_WHOLE
    for form in NOT_LAST_WORDS:
        if form in forms:
            forms[form][0] &= ~END

    def lemma_of(form, kinds):
        """The most frequent standalone lemma of an inflected form ("insatser" → "insats"), the
        closest among equally frequent ones."""
        if form in LEMMA_OVERRIDES:
            return LEMMA_OVERRIDES[form]
        lemmas = [l for k in ("entry", "inflection") for l in kinds.get(k, ()) if l in lemma_forms]
        key = lambda l: (lemma_freq[l], -distance(form, l), l)
        return max(lemmas, key=key) if lemmas else form

    misses = collections.Counter()

    def encode(form, word, what):
        """(strip, suffix index) turning form into word; (0, 0), the form itself, if impossible."""
        lcp = os.path.commonprefix([form, word])
        strip, add = len(form) - len(lcp), word[len(lcp):]
        if strip > 15 or add not in BASE_SUFFIXES:
            misses[what] += 1
            return 0
        return strip | BASE_SUFFIXES.index(add) << 4

    out = []
    for form, (flags, kinds) in forms.items():
        if len(form) < 2:
            continue
        base = base_of(form, flags, kinds)
        lfreq = freq_of(base, kinds)
        value = (flags | bucket(lfreq) << LEMMA_FREQ_SHIFT
                 | encode(form, base, "base") << BASE_SHIFT
                 | encode(form, lemma_of(form, kinds), "lemma") << LEMMA_SHIFT)
        out.append((form, value))
    out.sort()
    for form, value in out:
        print(f"{form}\t{value}")
    print(f"lexicon: {len(out)} forms; not representable: {dict(misses)}", file=sys.stderr)


if __name__ == "__main__":
    main()
