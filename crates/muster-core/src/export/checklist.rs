//! A runbook printed as a paper checklist, for when the laptops fail: the service targets, a
//! sheet for the milestones and for who holds each role, then every step of the four phases
//! in order with a box to tick, its owner, target, evidence, decision and the instructions
//! (command blocks in a monospaced box), and ruled pages for a handwritten log. A PDF on A4 or
//! Letter, laid out by the same typst engine and under the same rule as the review (`pdf`):
//! the runbook's text is data for the fixed template `checklist.typ`, never markup.

use std::path::Path;

use chrono::{DateTime, Utc};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde_json::{json, Value};

use super::pdf::{cell, missing_in, typeset};
use super::{capital, duration, utc, PaperSize};
use crate::error::Result;
use crate::phase::Phase;
use crate::runbook::{Runbook, Step};

const TEMPLATE: &str = include_str!("checklist.typ");

/// Renders revision `revision` of `runbook` as a printable checklist, stamped as printed at
/// `printed_at`.
pub fn render(runbook: &Runbook, revision: u32, printed_at: DateTime<Utc>, paper: PaperSize) -> Result<Vec<u8>> {
    typeset(TEMPLATE, checklist_json(runbook, revision, printed_at), paper, "the runbook")
}

/// Renders the checklist and writes it to `path` through a temporary file and a rename.
pub fn write(runbook: &Runbook, revision: u32, printed_at: DateTime<Utc>, paper: PaperSize, path: &Path) -> Result<()> {
    crate::library::write_atomically(path, &render(runbook, revision, printed_at, paper)?)
}

/// The characters of the runbook's text that no installed font can show.
pub fn missing_characters(runbook: &Runbook, revision: u32) -> Vec<char> {
    missing_in(&checklist_json(runbook, revision, DateTime::<Utc>::UNIX_EPOCH))
}

/// `Some(minutes)` as a reader says it, or a dash.
fn minutes(value: Option<u32>) -> String {
    value.map_or("—".into(), |m| duration(i64::from(m) * 60))
}

fn checklist_json(runbook: &Runbook, revision: u32, printed_at: DateTime<Utc>) -> Value {
    let severities =
        if runbook.severities.is_empty() { "all severities".to_string() } else { runbook.severities.join(", ") };
    let mut facts = vec![
        ("Runbook", format!("{} (revision {revision})", cell(&runbook.id))),
        ("For", severities),
        ("Owner", cell(&runbook.owner)),
    ];
    if !runbook.tags.is_empty() {
        facts.push(("Tags", runbook.tags.join(", ")));
    }
    facts.push(("Printed", format!("{} UTC — check that this is still the current revision", utc(printed_at))));
    let targets: Vec<Vec<String>> = runbook
        .targets
        .iter()
        .map(|(severity, t)| {
            vec![
                cell(severity),
                minutes(t.acknowledge_minutes),
                minutes(t.mitigate_minutes),
                minutes(t.resolve_minutes),
                t.update_minutes.map_or("—".into(), |m| format!("every {}", duration(i64::from(m) * 60))),
            ]
        })
        .collect();
    let roles: Vec<[String; 2]> = runbook.roles.iter().map(|r| [cell(&r.name), cell(&r.duties)]).collect();

    // Steps are numbered through the whole runbook, phase by phase, so a condition can name
    // the decision it depends on by number.
    let ordered: Vec<&Step> = Phase::ALL.iter().flat_map(|phase| runbook.steps_in(*phase)).collect();
    let number_of = |key: &str| ordered.iter().position(|s| s.key == key).map(|i| i + 1);
    let phases: Vec<Value> = Phase::ALL
        .iter()
        .map(|phase| {
            let steps: Vec<Value> = ordered
                .iter()
                .enumerate()
                .filter(|(_, step)| step.phase == *phase)
                .map(|(index, step)| step_json(runbook, step, index + 1, &number_of))
                .collect();
            json!({ "name": capital(phase.as_str()), "steps": steps })
        })
        .collect();
    json!({
        "title": format!("Checklist: {}", cell(&runbook.title)),
        "footer": format!("{} · revision {revision}", cell(&runbook.title)),
        "summary": runbook.summary.trim(),
        "context": blocks(&runbook.context),
        "facts": facts,
        "targets": targets,
        "roles": roles,
        "phases": phases,
    })
}

fn step_json(runbook: &Runbook, step: &Step, number: usize, number_of: &dyn Fn(&str) -> Option<usize>) -> Value {
    let mut meta = Vec::new();
    if let Some(role) = &step.role {
        meta.push(runbook.role(role).map_or_else(|| cell(role), |r| cell(&r.name)));
    }
    if let Some(target) = step.target_minutes {
        meta.push(format!("within {}", duration(i64::from(target) * 60)));
    }
    if step.optional {
        meta.push("optional".into());
    }
    if let Some(milestone) = step.milestone {
        meta.push(format!("marks: {}", milestone.as_str()));
    }
    let condition = step.condition.as_ref().map(|c| {
        let decision = runbook.step(&c.step).map_or_else(|| cell(&c.step), |s| cell(&s.title));
        match number_of(&c.step) {
            Some(n) => format!("Only if step {n} ({decision}) was answered “{}”.", cell(&c.option)),
            None => format!("Only if “{decision}” was answered “{}”.", cell(&c.option)),
        }
    });
    json!({
        "number": number.to_string(),
        "title": cell(&step.title),
        "meta": meta.join(" · "),
        "condition": condition,
        "evidence": step.evidence.as_deref().map(cell),
        "options": step.options.iter().map(|o| cell(o)).collect::<Vec<_>>(),
        "instructions": blocks(&step.instructions),
    })
}

/// Markdown instructions as the template's blocks: `{"kind": "text" | "code", "text": …}` and
/// list items `{"kind": "item", "marker": "•" | "3.", "depth": 1…, "text": …}`. Emphasis is
/// dropped, inline code and links keep their text (a link's address follows in brackets,
/// since paper has no links), raw HTML is shown as written.
fn blocks(markdown: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut text = String::new();
    // The next number of each open list, `None` for a bulleted one; the marker of each open
    // item.
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    let mut links: Vec<String> = Vec::new();
    let flush = |text: &mut String, items: &[String], out: &mut Vec<Value>| {
        let trimmed = text.trim();
        if !trimmed.is_empty() {
            out.push(match items.last() {
                Some(marker) => json!({ "kind": "item", "marker": marker, "depth": items.len(), "text": trimmed }),
                None => json!({ "kind": "text", "text": trimmed }),
            });
        }
        text.clear();
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => flush(&mut text, &items, &mut out),
            Event::End(TagEnd::CodeBlock) => {
                let code = text.trim_end_matches('\n');
                if !code.trim().is_empty() {
                    out.push(json!({ "kind": "code", "text": code }));
                }
                text.clear();
            }
            Event::Start(Tag::List(first)) => lists.push(first),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut text, &items, &mut out);
                let marker = match lists.last_mut() {
                    Some(Some(next)) => {
                        *next += 1;
                        format!("{}.", *next - 1)
                    }
                    _ => "•".to_string(),
                };
                items.push(marker);
            }
            Event::End(TagEnd::Item) => {
                flush(&mut text, &items, &mut out);
                items.pop();
            }
            // Paragraphs stand alone; inside a list item they are lines of the item.
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableRow) => {
                if items.is_empty() {
                    flush(&mut text, &items, &mut out);
                } else {
                    text.push('\n');
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop() {
                    if !url.is_empty() && !text.ends_with(url.as_str()) {
                        text.push_str(&format!(" ({url})"));
                    }
                }
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => text.push_str(&t),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push('\n'),
            Event::TaskListMarker(done) => text.push_str(if done { "[x] " } else { "[ ] " }),
            Event::End(TagEnd::TableCell) => text.push_str("  "),
            _ => {}
        }
    }
    flush(&mut text, &items, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::blocks;

    #[test]
    fn instructions_become_paragraphs_items_and_commands() {
        let markdown = "Read the **panel**, see [the wiki](https://wiki.example/ups).\n\n\
                        - Mains?\n- UPS:\n  1. runtime\n  2. load\n\n\
                        ```sh\nupsc ups1 ups.status\nupsc ups1 battery.runtime\n```\n\n<b>raw</b> `code`";
        assert_eq!(
            blocks(markdown),
            vec![
                json!({ "kind": "text", "text": "Read the panel, see the wiki (https://wiki.example/ups)." }),
                json!({ "kind": "item", "marker": "•", "depth": 1, "text": "Mains?" }),
                json!({ "kind": "item", "marker": "•", "depth": 1, "text": "UPS:" }),
                json!({ "kind": "item", "marker": "1.", "depth": 2, "text": "runtime" }),
                json!({ "kind": "item", "marker": "2.", "depth": 2, "text": "load" }),
                json!({ "kind": "code", "text": "upsc ups1 ups.status\nupsc ups1 battery.runtime" }),
                json!({ "kind": "text", "text": "<b>raw</b> code" }),
            ]
        );
    }
}
