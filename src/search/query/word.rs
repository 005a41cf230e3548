//! How one word (or phrase) of a query reads: its tokens under each chain, positioned as they
//! stand in the index, and the parts a compound must have.

/// Token texts with positions relative to the first, as they stand in the index (stop words
/// leave gaps); a hyphen-joined word keeps the joined token and drops its parts.
pub(super) fn positioned(tokens: &[tantivy::tokenizer::Token]) -> Vec<(usize, String)> {
    let first = tokens.first().map(|token| token.position).unwrap_or_default();
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut joined_until = 0;
    for token in tokens {
        if token.offset_from < joined_until {
            continue;
        }
        let is_joined = tokens.iter().any(|other| {
            other.position == token.position
                && other.offset_from == token.offset_from
                && other.offset_to < token.offset_to
        });
        if is_joined {
            joined_until = token.offset_to;
        }
        out.push((token.position - first, token.text.clone()));
    }
    out
}

/// The parts a text must have to stand for a compound, from the splitter's part stems: of an
/// inflected part and its lemma ("arbetet", "arbet") the lemma, and of a nested compound and its
/// own parts ("arbetsmarknad", "arbet", "marknad") the compound.
pub(super) fn required_parts(parts: &[String]) -> Vec<&str> {
    let inflection_of = |longer: &str, shorter: &str| {
        longer.len() > shorter.len()
            && longer.starts_with(shorter)
            && longer.len() - shorter.len() <= 3
    };
    parts
        .iter()
        .filter(|part| {
            let is_inflected = parts.iter().any(|other| inflection_of(part, other));
            let is_nested = parts.iter().any(|other| {
                other.len() > part.len()
                    && other.contains(part.as_str())
                    && !inflection_of(other, part)
            });
            !is_inflected && !is_nested
        })
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{self, tokens};

    #[test]
    fn hyphenated_query_word_keeps_the_joined_token() {
        let reading = positioned(&tokens(analysis::SV_QUERY, "SFI-undervisningen i skolan"));
        assert_eq!(reading, [(0, "sfiundervisning".to_string()), (3, "skolan".to_string())]);
    }

    #[test]
    fn required_parts_keep_lemmas_and_whole_nested_compounds() {
        let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(
            required_parts(&owned(&["matchning", "arbetet", "arbet"])),
            ["matchning", "arbet"]
        );
        assert_eq!(
            required_parts(&owned(&["arbetsmarknad", "arbet", "markn", "utbildning"])),
            ["arbetsmarknad", "utbildning"]
        );
        assert_eq!(required_parts(&owned(&["språk", "utbildning"])), ["språk", "utbildning"]);
    }
}
