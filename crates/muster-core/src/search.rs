//! Full-text search over the library and the roster: what a hit is, and how a user's words
//! become a safe FTS5 query.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    Runbook,
    Step,
    Person,
}

/// One search result, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchHit {
    pub kind: HitKind,
    /// The runbook's id (for runbook and step hits) or the person's id.
    pub id: String,
    /// The step's key, for step hits.
    pub step: Option<String>,
    pub title: String,
    /// For a step, the title of its runbook.
    pub context: Option<String>,
    /// A few words around the match; each match is wrapped in [`MATCH_START`] and [`MATCH_END`]
    /// so the screen can mark it without rendering any markup.
    pub snippet: String,
}

pub const MATCH_START: char = '\u{2}';
pub const MATCH_END: char = '\u{3}';

/// The trigram index needs three characters to match anything.
pub const MIN_TERM_CHARS: usize = 3;

/// Turns what a user typed into an FTS5 query: every word of three or more characters as a
/// quoted phrase (so quotes, `*`, `NEAR`, `-` and other operators are plain text), all required.
/// `None` when no word is long enough.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .filter(|word| word.chars().count() >= MIN_TERM_CHARS)
        .map(|word| format!("\"{}\"", word.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_words_become_quoted_required_phrases() {
        assert_eq!(fts_query("disk full"), Some("\"disk\" \"full\"".into()));
        assert_eq!(fts_query("say \"hi\" NEAR x"), Some("\"say\" \"\"\"hi\"\"\" \"NEAR\"".into()));
        assert_eq!(fts_query("a b"), None);
        assert_eq!(fts_query("数据中心"), Some("\"数据中心\"".into()));
    }
}
