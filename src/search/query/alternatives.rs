//! The ways one text of a query is found: in each field with its boost, in its English reading,
//! as the parts of a compound, in its other spellings, gathered into one union.

use tantivy::query::{BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::morphology;
use super::word::{Spellings, WordReading};
use super::QueryBuilder;
use crate::index::schema::{TextField, FOLDED_BOOST, PARTS_BOOST};
use crate::search::either_order::EitherOrder;
use crate::text::fold;

/// Weight of "all the parts of a compound query word" relative to the word itself.
const QUERY_PARTS_BOOST: f32 = 0.2;
/// How far apart the parts of a compound query word may stand in a text.
const PARTS_SLOP: u32 = 3;
/// Weight of an English reading of a query word relative to the Swedish one.
const ENGLISH_READING: f32 = 0.8;

/// How a text is searched: as a phrase (with a slop) or as words, and whether snippets mark
/// its stems.
#[derive(Debug, Clone, Copy)]
pub(super) struct SearchedAs {
    pub(super) phrase: bool,
    pub(super) slop: u32,
    pub(super) highlight: bool,
    /// Typed by the user, not a form from the synonym table. The table is Swedish and spelled
    /// right: its forms get no English reading, and of their other spellings only the one
    /// without å, ä and ö (the judged queries rank the same without the rest).
    pub(super) typed: bool,
}

impl QueryBuilder<'_> {
    /// The ways `reading`'s text is found in `fields` (each with its boost), the folded
    /// catch-all and the English reading, each boosted, for one union (see [`any_of`]). `None`
    /// when the text has no searchable words (stop words only); empty when its words are in no
    /// document (the clause then matches nothing, it does not vanish).
    pub(super) fn text_alternatives(
        &mut self,
        fields: &[(Field, f32)],
        folded: bool,
        reading: &WordReading,
        searched_as: SearchedAs,
    ) -> Option<Alternatives> {
        let SearchedAs { phrase: is_phrase, slop, highlight, typed } = searched_as;
        if reading.tokens().is_empty() {
            if typed {
                self.stop_words.push(reading.text().to_string());
            }
            return None;
        }
        if typed && is_phrase {
            self.note_phrase_edges(reading);
        }
        if highlight {
            self.highlight.extend(reading.tokens().iter().map(|token| token.text.clone()));
        }
        // The forms found below (lemma forms, open compounds) mark what they find; for an
        // excluded word they must not, or `NOT ungdomar` marks «unga».
        let marked_before = (!highlight).then(|| self.highlight.clone());
        let sv = reading.stems();
        let en = if typed && self.options.folding && reading.may_be_english() {
            reading.english()
        } else {
            sv
        };
        let mut alternatives = Alternatives::new();
        let english = en != sv;
        // Sections are recognised by their Swedish headings, so an English text's sections
        // stand in the catch-all: its English reading is searched there and in the title.
        let title_or_body = self.title_or_body();
        for (field, boost) in fields {
            let mut terms_query = |reading: &[(usize, String)]| {
                let query = terms_query(*field, reading, is_phrase, slop)?;
                let terms: Vec<Term> =
                    reading.iter().map(|(_, text)| Term::from_field_text(*field, text)).collect();
                self.where_found(query, &terms)
            };
            if let Some(query) = terms_query(sv) {
                alternatives.push(boosted(query, *boost));
            }
            if english && title_or_body.contains(field) {
                if let Some(query) = terms_query(en) {
                    alternatives.push(boosted(query, boost * ENGLISH_READING));
                }
            }
        }
        if typed && !is_phrase && sv.len() == 1 {
            self.morphology_alternatives(fields, reading, &mut alternatives);
        }
        if folded && self.options.compounds && sv.len() == 1 {
            let term = Term::from_field_text(self.fields.body_parts, &sv[0].1);
            let query = boxed(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
            if let Some(query) = self.where_found(query, &[term]) {
                alternatives.push(boosted(query, PARTS_BOOST));
            }
            // Not for synonym expansions (sent as phrases): they are someone else's word.
            if !is_phrase {
                let parts = self.parts_of_query_word(reading);
                alternatives
                    .extend(parts.into_iter().map(|query| boosted(query, QUERY_PARTS_BOOST)));
            }
        }
        if typed && !is_phrase && sv.len() == 1 && self.options.open_compounds {
            let searched = if folded && self.options.compounds {
                reading.compound_parts().to_vec()
            } else {
                Vec::new()
            };
            let open = self.open_forms_of_word(fields, reading, &searched);
            alternatives.extend(open);
        }
        // Words and unquoted word groups only: spellings of a phrase would multiply. A word
        // asked in a field ("titel:halsa") is spelled in that field, as one in every field is
        // in the catch-all.
        if self.options.folding && (!is_phrase || sv.len() == 1) {
            let spelled_in: Vec<Field> = if folded {
                vec![self.fields.body]
            } else {
                fields.iter().map(|(field, _)| *field).collect()
            };
            let accented = if typed && !is_phrase && sv.len() == 1 {
                self.accented_word(reading)
            } else {
                None
            };
            let skipped = accented.as_ref().map(|(_, spelling)| spelling.as_str());
            let spellings = self.other_spellings(reading, typed, skipped, &spelled_in);
            alternatives.extend(spellings.into_iter().map(|query| boosted(query, FOLDED_BOOST)));
            if let Some((word, _)) = accented {
                // Read as typed with å, ä and ö: its compound parts, lemma forms and longer
                // compounds, which the letters typed in ASCII are not found by.
                let accented = self.reading(&word);
                if let Some(found) = self.text_alternatives(fields, folded, &accented, searched_as)
                {
                    alternatives
                        .extend(found.into_iter().map(|query| boosted(query, FOLDED_BOOST)));
                }
            }
        }
        if let Some(marked_before) = marked_before {
            self.highlight = marked_before;
        }
        Some(alternatives)
    }

    /// The other forms of a typed word's lemma and the longer compounds that begin with it
    /// (see [`morphology`]), in the title and the catch-all among `fields`, each below the word.
    fn morphology_alternatives(
        &mut self,
        fields: &[(Field, f32)],
        reading: &WordReading,
        alternatives: &mut Alternatives,
    ) {
        let mut forms: Vec<(String, f32)> = Vec::new();
        if self.options.lemmas {
            let stems = reading.lemma_stems();
            forms.extend(stems.iter().map(|stem| (stem.clone(), morphology::LEMMA_BOOST)));
        }
        if self.options.longer_compounds {
            if let Some(lookup) = self.lookup.as_ref() {
                let longer = reading.longer_compounds(lookup.searcher(), self.fields.body);
                let boost = morphology::LONGER_COMPOUND_BOOST;
                forms.extend(longer.iter().map(|term| (term.clone(), boost)));
            }
        }
        if forms.is_empty() {
            return;
        }
        let title_or_body = self.title_or_body();
        for (field, boost) in fields.iter().filter(|(field, _)| title_or_body.contains(field)) {
            for (form, form_boost) in &forms {
                let term = Term::from_field_text(*field, form);
                let query = boxed(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
                if let Some(query) = self.where_found(query, &[term]) {
                    alternatives.push(boosted(query, boost * form_boost));
                }
            }
        }
        self.highlight.extend(forms.into_iter().map(|(form, _)| form));
    }

    /// The title and the catch-all: the fields where forms below the typed word (its lemma's
    /// other forms, longer and joined compounds, synonyms) and an English reading are searched.
    pub(super) fn title_or_body(&self) -> [Field; 2] {
        [self.fields.body, self.fields.text(TextField::Title)]
    }

    /// `query`, left out where its `terms` are in no document (see [`TermLookup`](crate::search::statistics::TermLookup)).
    pub(super) fn where_found(
        &mut self,
        query: Box<dyn Query>,
        terms: &[Term],
    ) -> Option<Box<dyn Query>> {
        match &mut self.lookup {
            Some(lookup) => lookup.where_found(query, terms),
            None => Some(query),
        }
    }

    /// The word a one-word `reading` typed in ASCII stands for when the index spells its stem
    /// with å, ä or ö ("utrikesfodda" → "utrikesfödda", "lulea" → "luleå"), with that
    /// spelling: the spelling most documents have of those that begin the typed letters, folded,
    /// and the typed letters after it. Snowball cuts a word's ending and leaves its beginning,
    /// so the typed ending read after the spelled stem is the word as written with its letters.
    /// `None` when the typed word is the more common of the two: it is a word of its own.
    pub(super) fn accented_word(&mut self, reading: &WordReading) -> Option<(String, String)> {
        let typed = reading.single_word()?;
        if !typed.is_ascii() {
            return None;
        }
        let lookup = self.lookup.as_mut()?;
        let body = self.fields.body;
        let with_unstemmed = self.options.fold_before_stem;
        let per_token = reading.spellings(lookup.searcher(), body, true, with_unstemmed);
        let [Spellings { candidates, .. }] = per_token else { return None };
        let mut best: Option<(u64, &String)> = None;
        for spelling in candidates {
            let folded = fold(spelling);
            if spelling.is_ascii() || !typed.starts_with(folded.as_str()) {
                continue;
            }
            let doc_freq = lookup.doc_freq(&Term::from_field_text(body, spelling));
            if doc_freq > 0 && best.is_none_or(|(most, _)| doc_freq > most) {
                best = Some((doc_freq, spelling));
            }
        }
        let (accented_docs, spelling) = best?;
        // "behov" is a word of its own, not "behöv" typed without ö: a typed stem the index
        // holds at least as often as the accented one is taken as typed.
        let typed_docs: u64 = reading
            .stems()
            .iter()
            .map(|(_, stem)| lookup.doc_freq(&Term::from_field_text(body, stem)))
            .max()
            .unwrap_or(0);
        if typed_docs >= accented_docs {
            return None;
        }
        let rest = &typed[fold(spelling).len()..];
        Some((format!("{spelling}{rest}"), spelling.clone()))
    }

    /// The query words in the other spellings the index holds (see [`spelling`]): "foretag"
    /// typed in ASCII finds "företag", and "företag" finds "foretag". A word's spellings are
    /// alternatives of their own; a group of words needs each word in some spelling and at
    /// least one in another. Empty when no word has another spelling. With
    /// `fold_before_stem`, the words folded before stemming add the spellings whose stem the
    /// folded stem misses. The `skipped` spelling is searched elsewhere, as the word it spells
    /// (see [`Self::accented_word`]). The spellings are those of the catch-all, which holds
    /// every field's words, each searched in `spelled_in` where that field has it.
    ///
    /// [`spelling`]: crate::search::spelling
    pub(super) fn other_spellings(
        &mut self,
        reading: &WordReading,
        typed: bool,
        skipped: Option<&str>,
        spelled_in: &[Field],
    ) -> Alternatives {
        let Some(lookup) = self.lookup.as_mut() else { return Alternatives::new() };
        let body = self.fields.body;
        let with_unstemmed = self.options.fold_before_stem;
        let per_token = reading.spellings(lookup.searcher(), body, typed, with_unstemmed);
        let mut found = Alternatives::new();
        for &field in spelled_in {
            let mut any_other = false;
            let mut words: Vec<Vec<Term>> = Vec::new();
            for Spellings { exact, candidates } in per_token {
                let mut spellings: Vec<Term> = candidates
                    .iter()
                    .map(|spelling| Term::from_field_text(field, spelling))
                    .filter(|term| lookup.in_index(term))
                    .collect();
                if typed {
                    for term in &spellings {
                        self.spelling_doc_freq = self.spelling_doc_freq.max(lookup.doc_freq(term));
                    }
                }
                spellings.retain(|term| term.value().as_str() != skipped);
                any_other |= !spellings.is_empty();
                if per_token.len() > 1 {
                    spellings.extend(exact.as_ref().map(|stem| Term::from_field_text(field, stem)));
                }
                words.push(spellings);
            }
            if !any_other || words.iter().any(Vec::is_empty) {
                continue;
            }
            let mut either = |spellings: &[Term]| -> Alternatives {
                spellings
                    .iter()
                    .filter_map(|term| {
                        let query =
                            boxed(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
                        lookup.where_found(query, std::slice::from_ref(term))
                    })
                    .collect()
            };
            match words.as_slice() {
                [one] => found.extend(either(one)),
                many => {
                    let all = many.iter().map(|spellings| (Occur::Must, any_of(either(spellings))));
                    found.push(boxed(BooleanQuery::new(all.collect())));
                }
            }
        }
        found
    }

    /// A compound query word also finds texts that write its parts apart, close together and
    /// in either order ("arbetsmarknads- och utbildningsfrågor", "utbildning på arbetsmarknaden"
    /// for "arbetsmarknadsutbildning"), ranked below the word itself. Parts anywhere in a text
    /// would be too loose: "arbetsintegrerande" is not any text with "arbete" and "integrera".
    pub(super) fn parts_of_query_word(&mut self, reading: &WordReading) -> Alternatives {
        let required = reading.compound_parts();
        if required.len() < 2 {
            return Alternatives::new();
        }
        let body = self.fields.body;
        let terms: Vec<Term> =
            required.iter().map(|part| Term::from_field_text(body, part)).collect();
        if let [first, second] = &terms[..] {
            let query = boxed(EitherOrder::new(first.clone(), second.clone(), PARTS_SLOP));
            return self.where_found(query, &terms).into_iter().collect();
        }
        let phrase = |order: &mut dyn Iterator<Item = &Term>| -> Box<dyn Query> {
            let terms = order.cloned().enumerate().collect();
            Box::new(PhraseQuery::new_with_offset_and_slop(terms, PARTS_SLOP))
        };
        let either_order = [phrase(&mut terms.iter()), phrase(&mut terms.iter().rev())];
        either_order.into_iter().filter_map(|query| self.where_found(query, &terms)).collect()
    }
}

/// Queries any of which a document may match, each with its own boost.
pub(super) type Alternatives = Vec<Box<dyn Query>>;

pub(super) fn boxed(query: impl Query) -> Box<dyn Query> {
    Box::new(query)
}

pub(super) fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    boxed(BoostQuery::new(query, boost))
}

/// One union of `alternatives`, scoring the sum of those a document matches. tantivy gives
/// every union a buffer of 4,096 scores per segment, set up for each search: a union of
/// unions (the word in its fields, its spellings, its synonyms) cost more to set up than to
/// run, so alternatives are gathered into one list rather than nested, which scores the same.
pub(super) fn any_of(mut alternatives: Alternatives) -> Box<dyn Query> {
    match alternatives.len() {
        0 => Box::new(EmptyQuery),
        1 => alternatives.remove(0),
        _ => boxed(BooleanQuery::new(
            alternatives.into_iter().map(|query| (Occur::Should, query)).collect(),
        )),
    }
}

/// A term query for one token, a phrase for several (or an AND for several unquoted ones).
pub(super) fn terms_query(
    field: Field,
    reading: &[(usize, String)],
    phrase: bool,
    slop: u32,
) -> Option<Box<dyn Query>> {
    match reading {
        [] => None,
        [(_, text)] => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        ))),
        _ if phrase => {
            let terms = reading
                .iter()
                .map(|(position, text)| (*position, Term::from_field_text(field, text)))
                .collect();
            Some(Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop)))
        }
        _ => Some(boxed(BooleanQuery::new(
            reading
                .iter()
                .map(|(_, text)| {
                    let query: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(field, text),
                        IndexRecordOption::WithFreqs,
                    ));
                    (Occur::Must, query)
                })
                .collect(),
        ))),
    }
}
