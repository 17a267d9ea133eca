//! Searching the library and the roster through the `search_text` FTS5 index, which triggers
//! keep (see migration 0003).

use rusqlite::params;

use super::Store;
use crate::error::Result;
use crate::search::{fts_query, HitKind, SearchHit, MATCH_END, MATCH_START};

impl Store {
    /// The best `limit` hits for what a user typed, over the current revision of every runbook
    /// and its steps, and over the roster; ranked by BM25, titles weighing more than bodies.
    pub fn search(&self, text: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let Some(query) = fts_query(text) else { return Ok(Vec::new()) };
        let (start, end) = (MATCH_START.to_string(), MATCH_END.to_string());
        // One statement that FTS5 can answer in rank order: `ORDER BY rank`, with the weights
        // given by `rank MATCH`, is sorted inside FTS5, so SQLite needs no sorter of its own and
        // stops at the `limit`-th row it keeps. That holds only without a join: a join (or an
        // `ORDER BY bm25(…)`) makes SQLite sort every match itself, computing each one's snippet
        // first. So old revisions are skipped by a correlated lookup, after ranking, for the rows
        // read only, and the runbook title and the snippet are made for the returned rows only.
        // With the trigram tokenizer a snippet's length counts characters, not words.
        let mut statement = self.conn.prepare_cached(
            "SELECT s.kind, s.owner, s.key, s.title,
                    (SELECT v.title FROM runbook_revision v WHERE v.runbook_id = s.owner AND v.revision = s.revision),
                    snippet(search_text, -1, ?2, ?3, '…', 48)
             FROM search_text s
             WHERE search_text MATCH ?1 AND rank MATCH 'bm25(5.0, 1.0)'
               AND (s.kind = 'person'
                    OR s.revision = (SELECT r.current_revision FROM runbook r WHERE r.id = s.owner))
             ORDER BY rank
             LIMIT ?4",
        )?;
        let rows = statement.query_map(params![query, start, end, limit], |row| {
            let kind: String = row.get(0)?;
            let kind = match kind.as_str() {
                "runbook" => HitKind::Runbook,
                "step" => HitKind::Step,
                _ => HitKind::Person,
            };
            let key: String = row.get(2)?;
            let context: Option<String> = row.get(4)?;
            Ok(SearchHit {
                kind,
                id: row.get(1)?,
                step: (kind == HitKind::Step).then_some(key),
                title: row.get(3)?,
                context: context.filter(|_| kind == HitKind::Step),
                snippet: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
