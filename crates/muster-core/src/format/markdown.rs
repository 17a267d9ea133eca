//! Muster's own Markdown runbook format (`docs/runbook-format.md`): TOML front matter between
//! `+++` lines for the metadata, `## Identify` … `## Review` headings for the phases, and
//! task-list items for steps with trailing `@role` and `within 10 min` annotations.
//!
//! The reader is line-based on purpose: the format is small, and a line-based reader reports
//! the exact line and column of every problem, which a team's CI lint needs.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::duration::parse_minutes;
use crate::error::{Error, Result};
use crate::milestone::Milestone;
use crate::phase::Phase;
use crate::runbook::{slug, Role, Runbook, ServiceTargets, Step, StepCondition};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: Option<String>,
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    /// A table, not a map type, so roles keep the order the file lists them in.
    roles: toml::Table,
    #[serde(default)]
    targets: BTreeMap<String, TargetsText>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetsText {
    acknowledge: Option<String>,
    mitigate: Option<String>,
    resolve: Option<String>,
    update: Option<String>,
}

/// Reads a runbook from Markdown text; `path` only names the file in error messages.
pub fn read(path: &Path, text: &str) -> Result<Runbook> {
    let fail =
        |line: usize, column: usize, message: String| Error::Format { path: path.to_path_buf(), line, column, message };
    // Some Windows editors start UTF-8 files with an invisible byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    if lines.first().map(|l| l.trim_end()) != Some("+++") {
        return Err(fail(1, 1, "expected front matter: the file must start with a '+++' line".into()));
    }
    let close = lines
        .iter()
        .skip(1)
        .position(|l| l.trim_end() == "+++")
        .map(|i| i + 1)
        .ok_or_else(|| fail(1, 1, "front matter is not closed: add a '+++' line after it".into()))?;
    let front_text = lines[1..close].join("\n");
    let front: FrontMatter = toml::from_str(&front_text).map_err(|err| {
        let (line, column) = err.span().map(|span| line_column(&front_text, span.start)).unwrap_or((0, 0));
        fail(line + 2, column + 1, format!("front matter: {}", err.message()))
    })?;

    let mut roles: Vec<Role> = Vec::new();
    for (id, name) in &front.roles {
        let name = name.as_str().ok_or_else(|| {
            let line = find_line(&lines[..close], &format!("{id} =")).unwrap_or(1);
            fail(line, 1, format!("roles.{id}: the role's name must be a string, like {id} = \"Incident Commander\""))
        })?;
        roles.push(Role { id: id.clone(), name: name.to_string() });
    }
    let mut targets = BTreeMap::new();
    for (severity, text_targets) in &front.targets {
        let minutes = |field: &str, value: &Option<String>| -> Result<Option<u32>> {
            match value {
                None => Ok(None),
                Some(v) => parse_minutes(v).map(Some).ok_or_else(|| {
                    let line = find_line(&lines[..close], v).unwrap_or(1);
                    fail(
                        line,
                        1,
                        format!("targets.{severity}.{field}: '{v}' is not a duration (try '15 min' or '1 h')"),
                    )
                }),
            }
        };
        targets.insert(
            severity.clone(),
            ServiceTargets {
                acknowledge_minutes: minutes("acknowledge", &text_targets.acknowledge)?,
                mitigate_minutes: minutes("mitigate", &text_targets.mitigate)?,
                resolve_minutes: minutes("resolve", &text_targets.resolve)?,
                update_minutes: minutes("update", &text_targets.update)?,
            },
        );
    }

    let mut context = Vec::new();
    let mut steps: Vec<Step> = Vec::new();
    let mut phase: Option<Phase> = None;
    let mut pending_blank = 0usize;
    // Directive lines ("Evidence: …") may only come directly under a step's title line.
    let mut directives_open = false;
    for (index, raw) in lines.iter().enumerate().skip(close + 1) {
        let number = index + 1;
        let line = raw.trim_end();
        if let Some(heading) = line.strip_prefix("## ") {
            directives_open = false;
            phase = Some(Phase::parse(heading).ok_or_else(|| {
                fail(number, 4, format!("unknown phase '{}': use Identify, Respond, Recover or Review", heading.trim()))
            })?);
            pending_blank = 0;
            continue;
        }
        let Some(current) = phase else {
            // Before the first phase: an optional "# Title" line, then free context.
            if !(line.starts_with("# ") && context.iter().all(|l: &&str| l.trim().is_empty())) {
                context.push(line);
            }
            continue;
        };
        if line.is_empty() {
            pending_blank += 1;
            directives_open = false;
            continue;
        }
        if let Some(item) = line.strip_prefix("- [ ]").or_else(|| line.strip_prefix("* [ ]")) {
            // `item` starts after the five characters of "- [ ]"; error columns are 1-based.
            let step = read_step(item, current, &roles, &steps)
                .map_err(|(column, message)| fail(number, column + 6, message))?;
            steps.push(step);
            pending_blank = 0;
            directives_open = true;
            continue;
        }
        if raw.starts_with("  ") || raw.starts_with('\t') {
            let Some((step, earlier)) = steps.split_last_mut().filter(|(step, _)| step.phase == current) else {
                return Err(fail(number, 1, "indented text must follow a step ('- [ ] …')".into()));
            };
            let text = dedent(raw).trim_end();
            if directives_open {
                let indent = raw.len() - raw.trim_start().len();
                let applied = read_directive(text, step, earlier)
                    .map_err(|(column, message)| fail(number, indent + column + 1, message))?;
                if applied {
                    continue;
                }
                directives_open = false;
            }
            if !step.instructions.is_empty() {
                step.instructions.extend(std::iter::repeat_n('\n', pending_blank + 1));
            }
            step.instructions.push_str(text);
            pending_blank = 0;
            continue;
        }
        return Err(fail(
            number,
            1,
            format!("expected a step ('- [ ] title @role within 10 min') under {}, found '{}'", current.as_str(), line),
        ));
    }
    let mut context = context.join("\n").trim().to_string();
    if context.ends_with('\n') {
        context.pop();
    }
    let id = match front.id {
        Some(id) if !id.trim().is_empty() => id,
        _ => slug(&front.title),
    };
    if id.is_empty() {
        return Err(fail(2, 1, "front matter: the runbook needs a title with at least one letter or digit".into()));
    }
    Ok(Runbook {
        summary: front.summary.trim().to_string(),
        context,
        roles,
        targets,
        steps,
        ..Runbook::new(&id, &front.title)
    })
}

/// Reads the text after `- [ ]`: the title, then trailing `@role` and `within DURATION`
/// annotations in either order. Errors carry a column relative to `item`.
fn read_step(item: &str, phase: Phase, roles: &[Role], earlier: &[Step]) -> Result<Step, (usize, String)> {
    let mut title = item.trim();
    let mut role = None;
    let mut target_minutes = None;
    loop {
        if let Some(at) = title.rfind(" @").map(|i| i + 1).or_else(|| title.starts_with('@').then_some(0)) {
            let name = &title[at + 1..];
            if !name.is_empty() && !name.contains(char::is_whitespace) && role.is_none() {
                if !roles.iter().any(|r| r.id == name) {
                    let known: Vec<&str> = roles.iter().map(|r| r.id.as_str()).collect();
                    return Err((
                        item.rfind(&title[at..]).unwrap_or(0),
                        format!("unknown role '@{name}': declare it under [roles] (known: {})", known.join(", ")),
                    ));
                }
                role = Some(name.to_string());
                title = title[..at].trim_end();
                continue;
            }
        }
        if let Some(within) = title.rfind(" within ") {
            if let Some(minutes) = parse_minutes(&title[within + 8..]) {
                if target_minutes.is_none() {
                    target_minutes = Some(minutes);
                    title = title[..within].trim_end();
                    continue;
                }
            }
        }
        break;
    }
    if title.is_empty() {
        return Err((0, "step has no title".into()));
    }
    let base = slug(title);
    let mut key = base.clone();
    let mut n = 2;
    while earlier.iter().any(|step| step.key == key) {
        key = format!("{base}-{n}");
        n += 1;
    }
    Ok(Step { role, target_minutes, ..Step::new(&key, phase, title) })
}

/// The directive lines a step may start its indented block with, in file spelling.
const DIRECTIVES: [&str; 4] = ["Evidence", "Options", "Only if", "Milestone"];

/// Applies a directive line (`Evidence: …`, `Options: Yes | No`, `Only if: step = option`,
/// `Milestone: mitigated`) to `step`. Returns `Ok(false)` when the line is ordinary text.
/// Errors carry a column relative to `text`.
fn read_directive(text: &str, step: &mut Step, earlier: &[Step]) -> Result<bool, (usize, String)> {
    let Some((name, value)) = text.split_once(':') else { return Ok(false) };
    let Some(directive) = DIRECTIVES.iter().find(|d| d.eq_ignore_ascii_case(name.trim())) else { return Ok(false) };
    let column = text.len() - text[name.len() + 1..].trim_start().len();
    let value = value.trim();
    if value.is_empty() {
        return Err((column, format!("'{directive}:' needs a value")));
    }
    match *directive {
        "Evidence" => step.evidence = Some(value.to_string()),
        "Options" => {
            let options: Vec<String> = value.split('|').map(|o| o.trim().to_string()).collect();
            if options.len() < 2 || options.iter().any(String::is_empty) {
                return Err((
                    column,
                    format!("a decision needs two or more options separated by '|', found '{value}'"),
                ));
            }
            step.options = options;
        }
        "Only if" => {
            let Some((key, option)) = value.split_once('=').map(|(k, o)| (k.trim(), o.trim())) else {
                return Err((column, format!("write the condition as 'step-key = option', found '{value}'")));
            };
            let Some(decision) = earlier.iter().find(|s| s.key == key && s.is_decision()) else {
                let known: Vec<&str> = earlier.iter().filter(|s| s.is_decision()).map(|s| s.key.as_str()).collect();
                return Err((
                    column,
                    format!(
                        "'{key}' is not an earlier decision step (decision steps so far: {})",
                        list_or_none(&known)
                    ),
                ));
            };
            if !decision.options.iter().any(|o| o == option) {
                return Err((
                    column,
                    format!("'{key}' has no option '{option}' (options: {})", decision.options.join(", ")),
                ));
            }
            step.condition = Some(StepCondition { step: key.to_string(), option: option.to_string() });
        }
        _ => {
            let milestone = Milestone::parse(value).filter(|m| *m != Milestone::Detected).ok_or_else(|| {
                (column, format!("unknown milestone '{value}': use acknowledged, mitigated or resolved"))
            })?;
            step.milestone = Some(milestone);
        }
    }
    Ok(true)
}

fn list_or_none(items: &[&str]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

/// Removes the first indentation level (two spaces or a tab) of a step's continuation line.
fn dedent(line: &str) -> &str {
    line.strip_prefix('\t').or_else(|| line.strip_prefix("  ")).unwrap_or(line)
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count();
    let column = before.rfind('\n').map_or(before.chars().count(), |nl| before[nl + 1..].chars().count());
    (line, column)
}

fn find_line(lines: &[&str], needle: &str) -> Option<usize> {
    lines.iter().position(|l| l.contains(needle)).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "+++\ntitle = \"Disk full\"\nsummary = \"A volume ran out of space.\"\n\n[roles]\nic = \"Incident Commander\"\nops = \"Operations\"\n\n[targets.SEV1]\nacknowledge = \"15 min\"\nresolve = \"1 h\"\n+++\n\n# Disk full\n\nWhen `df` says 100 %.\n\n## Identify\n\n- [ ] Find the full volume @ops within 10 min\n  Run this:\n\n  ```sh\n  df -h\n  ```\n- [ ] Declare the incident @ic\n\n## Respond\n\n- [ ] Free space within 20 min @ops\n";

    #[test]
    fn reads_steps_roles_targets_and_instructions() {
        let runbook = read(Path::new("disk.md"), SMALL).unwrap();
        assert_eq!(runbook.id, "disk-full");
        assert_eq!(runbook.context, "When `df` says 100 %.");
        assert_eq!(runbook.targets["SEV1"].acknowledge_minutes, Some(15));
        assert_eq!(runbook.targets["SEV1"].resolve_minutes, Some(60));
        assert_eq!(runbook.steps.len(), 3);
        let first = &runbook.steps[0];
        assert_eq!(
            (first.title.as_str(), first.role.as_deref(), first.target_minutes),
            ("Find the full volume", Some("ops"), Some(10))
        );
        assert_eq!(first.instructions, "Run this:\n\n```sh\ndf -h\n```");
        let third = &runbook.steps[2];
        assert_eq!(
            (third.phase, third.title.as_str(), third.role.as_deref(), third.target_minutes),
            (Phase::Respond, "Free space", Some("ops"), Some(20))
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        let bad_role = SMALL.replace("@ic\n", "@nobody\n");
        let err = read(Path::new("disk.md"), &bad_role).unwrap_err().to_string();
        assert!(err.starts_with("disk.md:26:28: unknown role '@nobody'"), "{err}");
        assert!(err.contains("unknown role '@nobody'"), "{err}");

        let bad_phase = SMALL.replace("## Respond", "## Respnd");
        let err = read(Path::new("disk.md"), &bad_phase).unwrap_err().to_string();
        assert_eq!(err, "disk.md:28:4: unknown phase 'Respnd': use Identify, Respond, Recover or Review");

        let bad_key = SMALL.replace("summary =", "sumary =");
        let err = read(Path::new("disk.md"), &bad_key).unwrap_err().to_string();
        assert!(err.starts_with("disk.md:3:1: front matter: unknown field `sumary`"), "{err}");

        let bad_target = SMALL.replace("\"15 min\"", "\"soon\"");
        let err = read(Path::new("disk.md"), &bad_target).unwrap_err().to_string();
        assert_eq!(err, "disk.md:10:1: targets.SEV1.acknowledge: 'soon' is not a duration (try '15 min' or '1 h')");

        let stray = SMALL.replace("## Respond\n", "## Respond\nsome prose\n");
        let err = read(Path::new("disk.md"), &stray).unwrap_err().to_string();
        assert!(err.starts_with("disk.md:29:1: expected a step"), "{err}");
    }

    #[test]
    fn duplicate_titles_get_distinct_keys() {
        let twice = SMALL.replace("- [ ] Declare the incident @ic", "- [ ] Find the full volume @ic");
        let runbook = read(Path::new("disk.md"), &twice).unwrap();
        assert_eq!(runbook.steps[0].key, "find-the-full-volume");
        assert_eq!(runbook.steps[1].key, "find-the-full-volume-2");
    }

    const DIRECTIVES_MD: &str = "+++\ntitle = \"Leak\"\n[roles]\nic = \"IC\"\n[targets.SEV1]\nupdate = \"30 min\"\n+++\n## Identify\n\n- [ ] Is data affected? @ic\n  Options: Yes | No\n  Ask the DBA.\n- [ ] Call the DPO @ic\n  Only if: is-data-affected = Yes\n  Evidence: who you reached\n  Milestone: acknowledged\n\n  Note: the DPO decides.\n";

    #[test]
    fn reads_decisions_conditions_evidence_and_milestones() {
        let runbook = read(Path::new("leak.md"), DIRECTIVES_MD).unwrap();
        assert_eq!(runbook.targets["SEV1"].update_minutes, Some(30));
        let (decision, dpo) = (&runbook.steps[0], &runbook.steps[1]);
        assert_eq!(decision.options, ["Yes", "No"]);
        assert_eq!(decision.instructions, "Ask the DBA.");
        assert_eq!(dpo.condition, Some(StepCondition { step: "is-data-affected".into(), option: "Yes".into() }));
        assert_eq!(dpo.evidence.as_deref(), Some("who you reached"));
        assert_eq!(dpo.milestone, Some(Milestone::Acknowledged));
        assert_eq!(dpo.instructions, "Note: the DPO decides.", "directives end at the first blank line");
    }

    #[test]
    fn directive_errors_name_line_and_column() {
        let cases = [
            ("Only if: is-data-affected = Yes", "Only if: is-data-affected = Maybe", "leak.md:14:12: 'is-data-affected' has no option 'Maybe' (options: Yes, No)"),
            ("Only if: is-data-affected = Yes", "Only if: call-the-dpo = Yes", "leak.md:14:12: 'call-the-dpo' is not an earlier decision step (decision steps so far: is-data-affected)"),
            ("Options: Yes | No", "Options: Yes", "leak.md:11:12: a decision needs two or more options separated by '|', found 'Yes'"),
            ("Milestone: acknowledged", "Milestone: detected", "leak.md:16:14: unknown milestone 'detected': use acknowledged, mitigated or resolved"),
            ("Evidence: who you reached", "Evidence:", "leak.md:15:12: 'Evidence:' needs a value"),
        ];
        for (from, to, expected) in cases {
            let err = read(Path::new("leak.md"), &DIRECTIVES_MD.replace(from, to)).unwrap_err().to_string();
            assert_eq!(err, expected);
        }
    }
}
