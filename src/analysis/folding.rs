//! Folding to ASCII ("företag" → "foretag"): a query's folded reading (see
//! `search::spelling`) and snippets' matching of words typed without å, ä and ö.

use std::cell::RefCell;

use tantivy::tokenizer::{AsciiFoldingFilter, RawTokenizer, TextAnalyzer};

thread_local! {
    static FOLDER: RefCell<TextAnalyzer> = RefCell::new(
        TextAnalyzer::builder(RawTokenizer::default()).filter(AsciiFoldingFilter).build(),
    );
}

/// `word` folded to ASCII the way tantivy's `AsciiFoldingFilter` folds it.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_string();
    }
    FOLDER.with_borrow_mut(|folder| {
        let mut stream = folder.token_stream(word);
        match stream.next() {
            Some(token) => token.text.clone(),
            None => String::new(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_swedish_letters() {
        assert_eq!(fold("företag"), "foretag");
        assert_eq!(fold("målsättning"), "malsattning");
        assert_eq!(fold("matchning"), "matchning");
        assert_eq!(fold(""), "");
    }
}
