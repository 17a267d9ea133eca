//! What changed between two revisions of a runbook, for the history view.
//!
//! The diff is taken between the two revisions written in the runbook file format
//! (`format::markdown`), line by line: the same text a team would see in `git diff` of the
//! exported files, and readable without knowing Muster's data model. Unchanged stretches are
//! cut down to a few lines of context around each change.

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};
use ts_rs::TS;

use crate::format::markdown;
use crate::runbook::Runbook;

/// Lines of unchanged text kept before and after each change.
const CONTEXT_LINES: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    Same,
    Added,
    Removed,
}

/// One line of a diff, with its line numbers in the old and the new text (from 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DiffLine {
    pub kind: DiffKind,
    pub old_line: Option<u32>,
    pub new_line: Option<u32>,
    /// Without its line break.
    pub text: String,
}

/// A run of changes with their context; the lines between two hunks did not change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DiffHunk {
    pub lines: Vec<DiffLine>,
}

/// The changes from `old` to `new`; empty when they read the same.
pub fn diff(old: &Runbook, new: &Runbook) -> Vec<DiffHunk> {
    let (old_text, new_text) = (markdown::write(old), markdown::write(new));
    let diff = TextDiff::from_lines(&old_text, &new_text);
    let number = |index: Option<usize>| index.and_then(|i| u32::try_from(i + 1).ok());
    diff.grouped_ops(CONTEXT_LINES)
        .iter()
        .map(|group| DiffHunk {
            lines: group
                .iter()
                .flat_map(|op| diff.iter_changes(op))
                .map(|change| DiffLine {
                    kind: match change.tag() {
                        ChangeTag::Equal => DiffKind::Same,
                        ChangeTag::Insert => DiffKind::Added,
                        ChangeTag::Delete => DiffKind::Removed,
                    },
                    old_line: number(change.old_index()),
                    new_line: number(change.new_index()),
                    text: change.value().trim_end_matches(['\n', '\r']).to_string(),
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{diff, DiffKind};
    use crate::phase::Phase;
    use crate::runbook::{Runbook, Step};

    fn runbook(steps: &[&str]) -> Runbook {
        Runbook {
            steps: steps.iter().map(|t| Step::new(&crate::runbook::slug(t), Phase::Respond, t)).collect(),
            ..Runbook::new("db", "Database down")
        }
    }

    #[test]
    fn same_revisions_have_no_hunks() {
        assert!(diff(&runbook(&["Fail over"]), &runbook(&["Fail over"])).is_empty());
    }

    #[test]
    fn a_changed_step_shows_as_removed_then_added_with_context() {
        let old = runbook(&["Page the DBA", "Fail over", "Check replication"]);
        let new = runbook(&["Page the DBA", "Fail over to the replica", "Check replication"]);
        let hunks = diff(&old, &new);
        assert_eq!(hunks.len(), 1);
        let changed: Vec<_> = hunks[0].lines.iter().filter(|l| l.kind != DiffKind::Same).collect();
        assert_eq!(changed.len(), 2, "{hunks:#?}");
        assert_eq!(changed[0].kind, DiffKind::Removed);
        assert!(changed[0].text.contains("Fail over") && changed[0].new_line.is_none());
        assert_eq!(changed[1].kind, DiffKind::Added);
        assert!(changed[1].text.contains("Fail over to the replica") && changed[1].old_line.is_none());
        assert!(hunks[0].lines.iter().any(|l| l.kind == DiffKind::Same && l.text.contains("Page the DBA")));
    }
}
