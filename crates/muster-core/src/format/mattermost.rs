//! Mattermost Playbooks exports (the JSON a playbook's "Export" button writes, `"version": 1`).
//!
//! Mapping:
//! - `title` → title (the file name when empty), id = its slug; `description` → context;
//! - `checklists` → steps, in order. A checklist's phase comes from the first phase word in
//!   its title: triage / investigate / identify … → Identify, respond / mitigate / fix /
//!   communicate … → Respond, recover / resolve / verify / clean … → Recover, retro / review /
//!   follow … → Review. A checklist without one takes the phase of the checklist before it
//!   (the first ones: of the next one that has a phase; none at all: Respond), with a note;
//!   steps are then kept in phase order.
//! - items: `title` → title, `description` → instructions, `command` → a fenced `sh` block
//!   after them, `due_date` (relative, in milliseconds from the start of the run) → the step's
//!   target in minutes, rounded up;
//! - `retrospective_template` → review template;
//! - `reminder_timer_default_seconds` (when `status_update_enabled` is not false) → the status
//!   update interval (`ServiceTargets::update_minutes`) of every severity the runbook applies
//!   to; an export names no severity, so that is Muster's default scale (SEV1–SEV4).
//!
//! The runbook ends fitted to Muster's own format ([`markdown::fit`]: a multi-line task title
//! becomes one line, with a warning), so export then import is the identity.
//!
//! Everything else is reported as a note, "not imported: …": metrics, channel settings,
//! templates without a Muster equivalent, and any key this reader does not know, at any level.
//! Keys with an empty value (`""`, `[]`, `null`) are only reported when unknown.
//!
//! The JSON is read three times: once for the version alone (so a newer export fails on its
//! version rather than on some changed field), once untyped to list the keys, and once into
//! explicit structs; serde_json's errors carry the line and column, and so do ours.

use std::path::Path;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::alert_markdown::{first_paragraph_plain, step_key, title_from};
use super::{markdown, ImportFormat, ImportNote, Imported};
use crate::duration::format_minutes;
use crate::error::{Error, Result};
use crate::phase::Phase;
use crate::runbook::{slug, Runbook, Step};
use crate::store::DEFAULT_SEVERITIES;

/// The only export version this reader knows.
const VERSION: u64 = 1;

/// Relative due dates beyond this are timestamps of a run, not of a playbook (ten years in ms).
const MAX_RELATIVE_DUE_MS: i64 = 10 * 365 * 24 * 60 * 60 * 1000;

/// Whether `text` looks like a Playbooks export: a JSON object with `version` and `checklists`.
pub fn detect(text: &str) -> bool {
    matches!(serde_json::from_str::<Value>(text), Ok(Value::Object(map)) if map.contains_key("version") && map.contains_key("checklists"))
}

/// Reads a Mattermost Playbooks export of version 1.
pub fn read(path: &Path, text: &str) -> Result<Imported> {
    serde_json::from_str::<Head>(text).map_err(|err| json_error(path, &err))?;
    let tree: Value = serde_json::from_str(text).map_err(|err| json_error(path, &err))?;
    let export: Export = serde_json::from_str(text).map_err(|err| json_error(path, &err))?;
    let mut notes = Vec::new();

    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("playbook");
    let title = match export.title.trim() {
        "" => {
            notes.push(ImportNote::warning(format!("the playbook has no title: the file name '{stem}' is the title")));
            stem.to_string()
        }
        title => title.to_string(),
    };
    let mut id = slug(&title);
    if id.is_empty() {
        id = "imported-playbook".to_string();
    }
    notes.push(ImportNote::info(format!("title '{title}', id '{id}'")));
    let mut runbook = Runbook::new(&id, &title);

    if !export.description.trim().is_empty() {
        runbook.context = export.description.trim().to_string();
        runbook.summary = first_paragraph_plain(&runbook.context, false).map(|p| title_from(&p)).unwrap_or_default();
        notes.push(ImportNote::info("description → context, its first sentence → summary".to_string()));
    }

    runbook.steps = steps(&export.checklists, &mut notes);

    if !export.retrospective_template.trim().is_empty() {
        runbook.review_template = export.retrospective_template.trim().to_string();
        let disabled = if export.retrospective_enabled == Some(false) {
            " (the retrospective is disabled in the playbook; the template is kept)"
        } else {
            ""
        };
        notes.push(ImportNote::info(format!("retrospective template → review template{disabled}")));
    }

    status_updates(&export, &mut runbook, &mut notes);

    for metric in &export.metrics {
        let target = metric.target.map(|t| format!(", target {t}")).unwrap_or_default();
        notes.push(ImportNote::warning(format!(
            "not imported: metric '{}' ({}{target}): Muster has no playbook metrics",
            metric.title, metric.kind
        )));
    }
    unsupported_keys(&tree, &mut notes);
    let (runbook, fitted) = markdown::fit(runbook);
    notes.extend(fitted);

    Ok(Imported { runbook, format: ImportFormat::Mattermost, report: notes })
}

/// Checklists → steps, with one note per checklist saying where its items went.
fn steps(checklists: &[Checklist], notes: &mut Vec<ImportNote>) -> Vec<Step> {
    let named: Vec<Option<Phase>> = checklists.iter().map(|c| phase_of(&c.title)).collect();
    let mut drafts: Vec<(Phase, Step)> = Vec::new();
    let mut previous: Option<Phase> = None;
    let mut targets = Vec::new();
    for (index, checklist) in checklists.iter().enumerate() {
        let (phase, how) = match named[index] {
            Some(phase) => (phase, String::new()),
            None => {
                let (phase, from) = match previous {
                    Some(phase) => (phase, "the checklist before it"),
                    None => match named[index..].iter().flatten().next() {
                        Some(&phase) => (phase, "the next checklist that names a phase"),
                        None => (Phase::Respond, "no checklist names a phase"),
                    },
                };
                (phase, format!(" (no phase word in its title: {from}; check the phase)"))
            }
        };
        previous = Some(phase);
        let first = drafts.iter().filter(|(p, _)| *p == phase).count() + 1;
        for (number, item) in checklist.items.iter().enumerate() {
            let mut title = item.title.trim().to_string();
            if title.is_empty() {
                title = format!("Task {} of '{}'", number + 1, checklist.title);
                notes.push(ImportNote::warning(format!("a task without a title in '{}' → '{title}'", checklist.title)));
            }
            let mut step = Step::new("", phase, &title);
            step.instructions = instructions(item);
            match item.due_date {
                0 => {}
                ms if ms > 0 && ms <= MAX_RELATIVE_DUE_MS => {
                    let minutes = u32::try_from((ms + 59_999) / 60_000).unwrap_or(u32::MAX);
                    step.target_minutes = Some(minutes);
                    targets.push(format!("'{title}' {}", format_minutes(minutes)));
                }
                ms => notes.push(ImportNote::warning(format!(
                    "not imported: due date {ms} of '{title}' is not a relative due date (milliseconds after the start of the run)"
                ))),
            }
            drafts.push((phase, step));
        }
        let count = checklist.items.len();
        let placed = match count {
            0 => "no tasks, no steps".to_string(),
            1 => format!("1 task → {} step {first}", phase_name(phase)),
            n => format!("{n} tasks → {} steps {first}–{}", phase_name(phase), first + n - 1),
        };
        let note = format!("checklist '{}': {placed}{how}", checklist.title);
        notes.push(if how.is_empty() { ImportNote::info(note) } else { ImportNote::warning(note) });
    }
    if !targets.is_empty() {
        notes.push(ImportNote::info(format!("relative due dates → step targets: {}", targets.join(", "))));
    }
    if drafts.windows(2).any(|w| w[0].0 > w[1].0) {
        notes.push(ImportNote::info("steps reordered by phase: Identify, Respond, Recover, Review".to_string()));
        drafts.sort_by_key(|(phase, _)| *phase);
    }
    let mut steps: Vec<Step> = Vec::with_capacity(drafts.len());
    for (_, mut step) in drafts {
        step.key = step_key(&step.title, &steps);
        steps.push(step);
    }
    steps
}

/// The description, then the slash command as a fenced `sh` block.
fn instructions(item: &Item) -> String {
    let mut out = item.description.trim().to_string();
    let command = item.command.trim();
    if !command.is_empty() {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        // A fence longer than any run of backticks in the command.
        let longest = command.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        out.push_str(&format!("{fence}sh\n{command}\n{fence}"));
    }
    out
}

/// The reminder interval → `update_minutes` for every severity the runbook applies to.
fn status_updates(export: &Export, runbook: &mut Runbook, notes: &mut Vec<ImportNote>) {
    let seconds = export.reminder_timer_default_seconds.unwrap_or(0);
    if seconds <= 0 {
        return;
    }
    let minutes = u32::try_from((seconds + 59) / 60).unwrap_or(u32::MAX);
    if export.status_update_enabled == Some(false) {
        notes.push(ImportNote::info(format!(
            "not imported: status update reminder every {} (status updates are disabled in the playbook)",
            format_minutes(minutes)
        )));
        return;
    }
    let (severities, whose): (Vec<String>, &str) = if runbook.severities.is_empty() {
        (
            DEFAULT_SEVERITIES.iter().map(|s| s.to_string()).collect(),
            "Muster's default severities, since a playbook names none; edit the targets if your team's scale differs",
        )
    } else {
        (runbook.severities.clone(), "the runbook's severities")
    };
    for severity in &severities {
        runbook.targets.entry(severity.clone()).or_default().update_minutes = Some(minutes);
    }
    notes.push(ImportNote::info(format!(
        "status update reminder every {} → update target for {} ({whose})",
        format_minutes(minutes),
        severities.join(", ")
    )));
}

/// The phase a checklist title names: the earliest phase word in it.
fn phase_of(title: &str) -> Option<Phase> {
    const WORDS: &[(Phase, &[&str])] = &[
        (Phase::Identify, &["triag", "investigat", "identif", "detect", "diagnos", "assess", "declar"]),
        (Phase::Respond, &["respon", "mitigat", "fix", "communicat", "escalat", "contain", "remedia"]),
        (Phase::Recover, &["recover", "resolv", "verif", "clean", "restor"]),
        (Phase::Review, &["retro", "review", "follow", "postmortem", "lesson", "learn"]),
    ];
    let lower = title.to_lowercase();
    let words = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
    for word in words {
        for (phase, stems) in WORDS {
            if stems.iter().any(|stem| word.starts_with(stem)) {
                return Some(*phase);
            }
        }
    }
    let compact: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    if compact.contains("postmortem") {
        return Some(Phase::Review);
    }
    None
}

fn phase_name(phase: Phase) -> &'static str {
    super::alert_markdown::phase_name(phase)
}

/// The keys this reader maps, per level of the export.
const USED_TOP: &[&str] = &[
    "version",
    "title",
    "description",
    "checklists",
    "metrics",
    "reminder_timer_default_seconds",
    "status_update_enabled",
    "retrospective_template",
    "retrospective_enabled",
];
const USED_CHECKLIST: &[&str] = &["title", "items"];
const USED_ITEM: &[&str] = &["title", "description", "command", "due_date"];

/// Keys Mattermost writes that have no Muster equivalent, with the reason shown in the note.
const KNOWN_TOP: &[(&str, &str)] = &[
    ("reminder_message_template", "status update template"),
    ("message_on_join", "channel welcome message"),
    ("message_on_join_enabled", "channel welcome message"),
    ("retrospective_reminder_interval_seconds", "retrospective reminder"),
    ("signal_any_keywords", "keyword triggers"),
    ("signal_any_keywords_enabled", "keyword triggers"),
    ("categorize_channel_enabled", "channel setting"),
    ("category_name", "channel setting"),
    ("run_summary_template", "run summary template"),
    ("run_summary_template_enabled", "run summary template"),
    ("channel_name_template", "channel setting"),
    ("channel_id", "channel setting"),
    ("channel_mode", "channel setting"),
    ("create_channel_member_on_new_participant", "channel setting"),
    ("create_channel_member_on_removed_participant", "channel setting"),
    ("broadcast_enabled", "channel setting"),
    ("properties", "custom run attributes"),
    ("conditions", "conditional tasks"),
];
const KNOWN_ITEM: &[(&str, &str)] = &[
    ("state", "run state"),
    ("state_modified", "run state"),
    ("assignee_id", "assignee"),
    ("assignee_modified", "assignee"),
    ("command_last_run", "run state"),
    ("delete_at", "run state"),
    ("task_actions", "task actions"),
];

/// One note for every key that was not imported: known ones with a non-empty value, and every
/// unknown one.
fn unsupported_keys(tree: &Value, notes: &mut Vec<ImportNote>) {
    let Value::Object(top) = tree else { return };
    for (key, value) in top {
        note_key(key, key, value, USED_TOP, KNOWN_TOP, notes);
    }
    let Some(Value::Array(checklists)) = top.get("checklists") else { return };
    for (c, checklist) in checklists.iter().enumerate() {
        let Value::Object(checklist) = checklist else { continue };
        for (key, value) in checklist {
            note_key(key, &format!("checklists[{c}].{key}"), value, USED_CHECKLIST, &[], notes);
        }
        let Some(Value::Array(items)) = checklist.get("items") else { continue };
        for (i, item) in items.iter().enumerate() {
            let Value::Object(item) = item else { continue };
            for (key, value) in item {
                note_key(key, &format!("checklists[{c}].items[{i}].{key}"), value, USED_ITEM, KNOWN_ITEM, notes);
            }
        }
    }
}

fn note_key(key: &str, at: &str, value: &Value, used: &[&str], known: &[(&str, &str)], notes: &mut Vec<ImportNote>) {
    if used.contains(&key) {
        return;
    }
    match known.iter().find(|(k, _)| *k == key) {
        Some(_) if is_empty(value) => {}
        Some((_, reason)) => {
            notes.push(ImportNote::warning(format!("not imported: {at} = {} ({reason})", preview(value))));
        }
        None => notes.push(ImportNote::warning(format!("not imported: unknown field {at} = {}", preview(value)))),
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

/// A short rendering of a value for a note.
fn preview(value: &Value) -> String {
    match value {
        Value::String(s) if s.chars().count() > 40 => format!("\"{}…\"", s.chars().take(40).collect::<String>()),
        Value::Array(a) => format!("[{} entries]", a.len()),
        Value::Object(o) => format!("{{{} keys}}", o.len()),
        other => other.to_string(),
    }
}

fn json_error(path: &Path, err: &serde_json::Error) -> Error {
    // serde_json's message ends with " at line L column C"; ours puts the position first.
    let message = err.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    };
    Error::Format { path: path.to_path_buf(), line: err.line().max(1), column: err.column().max(1), message }
}

/// Only the version, checked before anything else.
#[derive(Deserialize)]
struct Head {
    #[serde(deserialize_with = "version_one")]
    #[allow(dead_code)]
    version: u64,
}

fn version_one<'de, D: Deserializer<'de>>(deserializer: D) -> std::result::Result<u64, D::Error> {
    let version = u64::deserialize(deserializer)?;
    if version != VERSION {
        return Err(D::Error::custom(format!(
            "Mattermost Playbooks export version {version} is not supported: Muster reads version {VERSION}"
        )));
    }
    Ok(version)
}

/// Absent and `null` read as the default.
fn or_default<'de, D: Deserializer<'de>, T: Default + Deserialize<'de>>(d: D) -> std::result::Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[derive(Deserialize, Default)]
struct Export {
    #[serde(default, deserialize_with = "or_default")]
    title: String,
    #[serde(default, deserialize_with = "or_default")]
    description: String,
    #[serde(default, deserialize_with = "or_default")]
    checklists: Vec<Checklist>,
    #[serde(default, deserialize_with = "or_default")]
    metrics: Vec<Metric>,
    #[serde(default)]
    reminder_timer_default_seconds: Option<i64>,
    #[serde(default)]
    status_update_enabled: Option<bool>,
    #[serde(default, deserialize_with = "or_default")]
    retrospective_template: String,
    #[serde(default)]
    retrospective_enabled: Option<bool>,
}

#[derive(Deserialize, Default)]
struct Checklist {
    #[serde(default, deserialize_with = "or_default")]
    title: String,
    #[serde(default, deserialize_with = "or_default")]
    items: Vec<Item>,
}

#[derive(Deserialize, Default)]
struct Item {
    #[serde(default, deserialize_with = "or_default")]
    title: String,
    #[serde(default, deserialize_with = "or_default")]
    description: String,
    #[serde(default, deserialize_with = "or_default")]
    command: String,
    #[serde(default, deserialize_with = "or_default")]
    due_date: i64,
}

#[derive(Deserialize, Default)]
struct Metric {
    #[serde(default, deserialize_with = "or_default")]
    title: String,
    #[serde(default, rename = "type", deserialize_with = "or_default")]
    kind: String,
    #[serde(default)]
    target: Option<i64>,
}
