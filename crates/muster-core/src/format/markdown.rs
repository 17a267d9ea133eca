//! Muster's own Markdown runbook format (`docs/runbook-format.md`): TOML front matter between
//! `+++` lines for the metadata, `## Identify` … `## Review` headings for the phases,
//! task-list items for steps with trailing `@role`, `within 10 min` and `(optional)`
//! annotations, `## Drill scenario: …` sections (a briefing and a numbered list of injects,
//! `1. T+5 min → everyone: message`), and an optional last `## Review template` section, kept
//! verbatim.
//!
//! The reader is line-based on purpose: the format is small, and a line-based reader reports
//! the exact line and column of every problem, which a team's CI lint needs. It does not stop
//! at the first problem: [`check`] lists them all, [`read`] returns the first.
//!
//! Invariant: [`write`] produces text that [`read`] turns back into the same runbook, for
//! every runbook inside the format's domain (the property test in `tests/it/format.rs` states
//! the domain): step keys are the slugs of the titles, texts carry no trailing whitespace, and
//! the context and briefings have no line starting with `## ` (nor a briefing an `### Injects`
//! line). [`fit`] brings any runbook into the domain with
//! the least change; every foreign importer calls it, so export then import is the identity.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::ImportNote;
use crate::drill::{offset_label, Inject, Scenario};
use crate::duration::{format_minutes, parse_minutes, parse_seconds};
use crate::error::{Error, Result};
use crate::milestone::Milestone;
use crate::phase::Phase;
use crate::runbook::{slug, Role, Runbook, ServiceTargets, Step, StepCondition, DEFAULT_REVIEW_DAYS};

/// The heading of the last section, whose text is the post-incident review template.
const REVIEW_TEMPLATE_HEADING: &str = "Review template";

/// The step-line annotation of an optional step.
const OPTIONAL: &str = "(optional)";

/// What a drill scenario's heading starts with: `## Drill scenario: Ransomware`.
const SCENARIO_HEADING: &str = "Drill scenario:";

/// The example an inject error shows.
const INJECT_EXAMPLE: &str = "'1. T+5 min → everyone: message'";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: Option<Spanned<String>>,
    title: Spanned<String>,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    severities: Vec<Spanned<String>>,
    review_every: Option<Spanned<String>>,
    drill_every: Option<Spanned<String>>,
    #[serde(default)]
    /// A table, not a map type, so roles keep the order the file lists them in.
    roles: toml::Table,
    #[serde(default)]
    targets: BTreeMap<String, TargetsText>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetsText {
    acknowledge: Option<Spanned<String>>,
    mitigate: Option<Spanned<String>>,
    resolve: Option<Spanned<String>>,
    update: Option<Spanned<String>>,
}

/// A problem at a line and column of the file (both from 1).
struct Problem {
    line: usize,
    column: usize,
    message: String,
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, line: usize, column: usize, message: impl Into<String>) {
        self.0.push(Problem { line, column, message: message.into() });
    }

    /// The problems as errors naming `path`, in file order.
    fn into_errors(mut self, path: &Path) -> Vec<Error> {
        self.0.sort_by_key(|p| (p.line, p.column));
        self.0
            .into_iter()
            .map(|p| Error::Format { path: path.to_path_buf(), line: p.line, column: p.column, message: p.message })
            .collect()
    }
}

/// Reads a runbook from Markdown text; `path` only names the file in error messages. Fails with
/// the first problem in the file; [`check`] lists all of them.
pub fn read(path: &Path, text: &str) -> Result<Runbook> {
    read_all(path, text).map_err(|problems| {
        problems.into_iter().next().unwrap_or_else(|| Error::Format {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: "unreadable runbook".into(),
        })
    })
}

/// Every problem in the file, in file order: empty when it is a valid runbook.
pub fn check(path: &Path, text: &str) -> Vec<Error> {
    read_all(path, text).err().unwrap_or_default()
}

fn read_all(path: &Path, text: &str) -> Result<Runbook, Vec<Error>> {
    let mut problems = Problems::default();
    // Some Windows editors start UTF-8 files with an invisible byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    if lines.first().map(|l| l.trim_end()) != Some("+++") {
        problems.add(1, 1, "expected front matter: the file must start with a '+++' line");
        return Err(problems.into_errors(path));
    }
    let Some(close) = lines.iter().skip(1).position(|l| l.trim_end() == "+++").map(|i| i + 1) else {
        problems.add(1, 1, "front matter is not closed: add a '+++' line after it");
        return Err(problems.into_errors(path));
    };
    let front_text = lines[1..close].join("\n");
    // The position in the file of a byte offset into the front matter.
    let at = |offset: usize| {
        let (line, column) = line_column(&front_text, offset);
        (line + 2, column + 1)
    };
    let mut runbook = Runbook::new("", "");
    // `None` when the front matter is unreadable: the steps are still checked, but not their roles.
    let mut roles: Option<Vec<Role>> = None;
    match toml::from_str::<FrontMatter>(&front_text) {
        Err(err) => {
            let (line, column) = err.span().map_or((1, 1), |span| at(span.start));
            problems.add(line, column, format!("front matter: {}", err.message()));
        }
        Ok(front) => {
            read_front_matter(front, &lines[..close], &at, &mut runbook, &mut problems);
            roles = Some(runbook.roles.clone());
        }
    }

    let mut context = Vec::new();
    let mut title_line_skipped = false;
    let mut template: Option<Vec<&str>> = None;
    let mut phase: Option<Phase> = None;
    // The drill scenario sections, read once every step is known (an inject may name one).
    let mut scenarios: Vec<ScenarioSection> = Vec::new();
    let mut in_scenario = false;
    let mut pending_blank = 0usize;
    // Directive lines ("Evidence: …") may only come directly under a step's title line.
    let mut directives_open = false;
    for (index, raw) in lines.iter().enumerate().skip(close + 1) {
        let number = index + 1;
        let line = raw.trim_end();
        if let Some(template) = template.as_mut() {
            template.push(line);
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            directives_open = false;
            pending_blank = 0;
            let name = heading.trim();
            if name.eq_ignore_ascii_case(REVIEW_TEMPLATE_HEADING) {
                template = Some(Vec::new());
                continue;
            }
            if let Some(scenario) = strip_prefix_ignore_case(name, SCENARIO_HEADING) {
                let column = line.chars().count() - scenario.trim_start().chars().count() + 1;
                scenarios.push(ScenarioSection { line: number, column, name: scenario.trim(), lines: Vec::new() });
                in_scenario = true;
                continue;
            }
            if in_scenario {
                problems.add(
                    number,
                    4,
                    format!(
                        "'{name}' comes after a drill scenario: write the phases first, the drill scenarios after them"
                    ),
                );
                in_scenario = false;
            }
            match Phase::parse(name) {
                Some(next) => {
                    if let Some(previous) = phase.filter(|previous| next <= *previous) {
                        let message = if next == previous {
                            format!("a second '{name}' heading: write each phase once")
                        } else {
                            format!(
                                "'{name}' comes after '{}': write the phases in the order Identify, Respond, Recover, Review",
                                phase_title(previous)
                            )
                        };
                        problems.add(number, 4, message);
                    }
                    phase = Some(next);
                }
                None => {
                    problems.add(
                        number,
                        4,
                        format!("unknown phase '{name}': use Identify, Respond, Recover or Review"),
                    );
                    // Read on as if the phase were right, so the steps below are checked too.
                    phase = Some(phase.unwrap_or(Phase::Identify));
                }
            }
            continue;
        }
        if in_scenario {
            if let Some(section) = scenarios.last_mut() {
                section.lines.push((number, raw));
            }
            continue;
        }
        let Some(current) = phase else {
            // Before the first phase: an optional "# Title" line, then free context.
            let first = !title_line_skipped && context.iter().all(|l: &&str| l.is_empty());
            if first && line.starts_with("# ") {
                title_line_skipped = true;
            } else {
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
            let mut step_problems = Vec::new();
            let step = read_step(item, current, roles.as_deref(), &runbook.steps, &mut step_problems);
            for (column, message) in step_problems {
                problems.add(number, column + 6, message);
            }
            runbook.steps.push(step);
            pending_blank = 0;
            directives_open = true;
            continue;
        }
        if raw.starts_with("  ") || raw.starts_with('\t') {
            let Some((step, earlier)) = runbook.steps.split_last_mut().filter(|(step, _)| step.phase == current) else {
                problems.add(number, 1, "indented text must follow a step ('- [ ] …')");
                continue;
            };
            let text = dedent(raw).trim_end();
            if directives_open {
                let indent = raw.len() - raw.trim_start().len();
                match read_directive(text, step, earlier) {
                    Ok(true) => continue,
                    Ok(false) => directives_open = false,
                    Err((column, message)) => {
                        problems.add(number, indent + column + 1, message);
                        continue;
                    }
                }
            }
            if !step.instructions.is_empty() {
                step.instructions.extend(std::iter::repeat_n('\n', pending_blank + 1));
            }
            step.instructions.push_str(text);
            pending_blank = 0;
            continue;
        }
        problems.add(
            number,
            1,
            format!("expected a step ('- [ ] title @role within 10 min') under {}, found '{}'", current.as_str(), line),
        );
    }
    for section in &scenarios {
        let scenario = read_scenario(section, roles.as_deref(), &runbook, &mut problems);
        runbook.scenarios.push(scenario);
    }
    runbook.context = trim_blank_lines(&context.join("\n")).to_string();
    runbook.review_template = template.map(|lines| trim_blank_lines(&lines.join("\n")).to_string()).unwrap_or_default();
    if problems.0.is_empty() {
        Ok(runbook)
    } else {
        Err(problems.into_errors(path))
    }
}

/// Fills the runbook's metadata, roles and targets from the front matter. `file_lines` are the
/// file's lines up to the closing `+++`; `at` turns an offset into the front matter into a
/// line and column of the file.
fn read_front_matter(
    front: FrontMatter,
    file_lines: &[&str],
    at: &dyn Fn(usize) -> (usize, usize),
    runbook: &mut Runbook,
    problems: &mut Problems,
) {
    let mut problem_at = |offset: usize, message: String| {
        let (line, column) = at(offset);
        problems.add(line, column, message);
    };
    runbook.title = front.title.get_ref().trim().to_string();
    runbook.id = match &front.id {
        Some(id) if !id.get_ref().trim().is_empty() => {
            let given = id.get_ref().trim();
            if slug(given) != given {
                problem_at(
                    id.span().start,
                    format!(
                        "id: '{given}' is not a slug: use lowercase letters, digits and single dashes, like '{}'",
                        slug(given)
                    ),
                );
            }
            given.to_string()
        }
        _ => slug(&runbook.title),
    };
    if runbook.id.is_empty() || runbook.title.is_empty() {
        problem_at(
            front.title.span().start,
            "title: the runbook needs a title with at least one letter or digit".into(),
        );
    }
    runbook.summary = front.summary.trim().to_string();
    runbook.owner = front.owner.trim().to_string();
    for (field, values, out) in
        [("tags", front.tags, &mut runbook.tags), ("severities", front.severities, &mut runbook.severities)]
    {
        for value in values {
            let text = value.get_ref().trim();
            if text.is_empty() {
                problem_at(value.span().start, format!("{field}: an empty name; remove it or write one"));
            } else if out.iter().any(|seen| seen == text) {
                problem_at(value.span().start, format!("{field}: '{text}' is listed twice"));
            } else {
                out.push(text.to_string());
            }
        }
    }
    let mut days = |field: &str, every: Option<Spanned<String>>| -> Option<u32> {
        let every = every?;
        let text = every.get_ref();
        match parse_minutes(text) {
            None => problem_at(
                every.span().start,
                format!("{field}: '{text}' is not a duration (try '180 d' or '90 days')"),
            ),
            Some(minutes) if minutes % (24 * 60) != 0 || minutes == 0 => problem_at(
                every.span().start,
                format!("{field}: '{text}' is not a whole number of days, at least 1 (try '90 d')"),
            ),
            Some(minutes) => return Some(minutes / (24 * 60)),
        }
        None
    };
    runbook.review_days = days("review_every", front.review_every).unwrap_or(DEFAULT_REVIEW_DAYS);
    runbook.drill_days = days("drill_every", front.drill_every);
    for (id, value) in &front.roles {
        // A role is `id = "Name"`, or a table with a name and its duties.
        let line = find_line(file_lines, &format!("roles.{id}]"))
            .or_else(|| find_line(file_lines, &format!("{id} =")))
            .unwrap_or(1);
        let role = match value {
            toml::Value::String(name) => Ok(Role::new(id, name)),
            toml::Value::Table(table) => match (table.get("name"), table.get("duties")) {
                _ if table.keys().any(|k| k != "name" && k != "duties") => {
                    let key = table.keys().find(|k| *k != "name" && *k != "duties").cloned().unwrap_or_default();
                    Err(format!("roles.{id}: unknown field `{key}`, expected `name` or `duties`"))
                }
                (Some(toml::Value::String(name)), None) => Ok(Role::new(id, name)),
                (Some(toml::Value::String(name)), Some(toml::Value::String(duties))) => {
                    Ok(Role { duties: duties.trim().to_string(), ..Role::new(id, name) })
                }
                (Some(toml::Value::String(_)), Some(_)) => Err(format!("roles.{id}.duties: write the duties as a string")),
                _ => Err(format!("roles.{id}: a role table needs a name, like name = \"Incident Commander\"")),
            },
            _ => Err(format!(
                "roles.{id}: the role's name must be a string, like {id} = \"Incident Commander\", or a table with name and duties"
            )),
        };
        match role {
            Ok(role) => runbook.roles.push(role),
            Err(message) => problems.add(line, 1, message),
        }
    }
    for (severity, text_targets) in &front.targets {
        let mut minutes = |field: &str, value: &Option<Spanned<String>>| -> Option<u32> {
            let value = value.as_ref()?;
            let minutes = parse_minutes(value.get_ref());
            if minutes.is_none() {
                let (line, column) = at(value.span().start);
                problems.add(
                    line,
                    column,
                    format!(
                        "targets.{severity}.{field}: '{}' is not a duration (try '15 min' or '1 h')",
                        value.get_ref()
                    ),
                );
            }
            minutes
        };
        let targets = ServiceTargets {
            acknowledge_minutes: minutes("acknowledge", &text_targets.acknowledge),
            mitigate_minutes: minutes("mitigate", &text_targets.mitigate),
            resolve_minutes: minutes("resolve", &text_targets.resolve),
            update_minutes: minutes("update", &text_targets.update),
        };
        runbook.targets.insert(severity.clone(), targets);
    }
}

/// Reads the text after `- [ ]`: the title, then trailing `@role`, `within DURATION` and
/// `(optional)` annotations in any order. Problems carry a column relative to `item`; the step
/// is returned anyway so the lines under it are still read. `roles` is `None` when the front
/// matter could not be read, and then roles are not checked.
fn read_step(
    item: &str,
    phase: Phase,
    roles: Option<&[Role]>,
    earlier: &[Step],
    problems: &mut Vec<(usize, String)>,
) -> Step {
    let mut title = item.trim();
    let mut role = None;
    let mut target_minutes = None;
    let mut optional = false;
    loop {
        if !optional {
            if let Some(rest) = strip_suffix_ignore_case(title, OPTIONAL).filter(|r| r.is_empty() || r.ends_with(' ')) {
                optional = true;
                title = rest.trim_end();
                continue;
            }
        }
        if let Some(at) = title.rfind(" @").map(|i| i + 1).or_else(|| title.starts_with('@').then_some(0)) {
            let name = &title[at + 1..];
            if !name.is_empty() && !name.contains(char::is_whitespace) && role.is_none() {
                if let Some(roles) = roles.filter(|roles| !roles.iter().any(|r| r.id == name)) {
                    let known: Vec<&str> = roles.iter().map(|r| r.id.as_str()).collect();
                    problems.push((
                        item.rfind(&title[at..]).unwrap_or(0),
                        format!("unknown role '@{name}': declare it under [roles] (known: {})", list_or_none(&known)),
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
        // Point at where the title should start.
        problems.push((item.len() - item.trim_start().len(), "step has no title".into()));
    }
    let key = step_key(title, earlier);
    Step { role, target_minutes, optional, ..Step::new(&key, phase, title) }
}

/// The key of a step titled `title` after `earlier`: the slug of the title, with `-2`, `-3`…
/// when an earlier step has it already.
fn step_key(title: &str, earlier: &[Step]) -> String {
    let base = slug(title);
    let mut key = base.clone();
    let mut n = 2;
    while earlier.iter().any(|step| step.key == key) {
        key = format!("{base}-{n}");
        n += 1;
    }
    key
}

fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    text.get(..prefix.len()).filter(|start| start.eq_ignore_ascii_case(prefix)).map(|_| &text[prefix.len()..])
}

fn strip_suffix_ignore_case<'t>(text: &'t str, suffix: &str) -> Option<&'t str> {
    let start = text.len().checked_sub(suffix.len())?;
    text.get(start..).filter(|end| end.eq_ignore_ascii_case(suffix)).map(|_| &text[..start])
}

/// The lines under a `## Drill scenario: name` heading, up to the next `## ` heading.
struct ScenarioSection<'t> {
    /// The heading's line, and the column where the name starts (or would).
    line: usize,
    column: usize,
    name: &'t str,
    /// Each line with its number in the file.
    lines: Vec<(usize, &'t str)>,
}

/// Whether a line is the heading that ends a scenario's briefing and starts its injects.
fn is_injects_heading(line: &str) -> bool {
    line.strip_prefix("###").is_some_and(|rest| rest.starts_with(' ') && rest.trim().eq_ignore_ascii_case("injects"))
}

/// The 1-based column of byte `offset` in `line`, counted in characters.
fn column_of(line: &str, offset: usize) -> usize {
    line.get(..offset).map_or(1, |before| before.chars().count() + 1)
}

/// Reads one scenario section: an optional `Key: …` first line, the briefing, then after
/// `### Injects` the numbered injects with their indented `Expected:`, `Step:` and `Notes:`
/// lines. Problems go to `problems`; the scenario is returned anyway. `roles` is `None` when
/// the front matter could not be read, and then recipients are not checked.
fn read_scenario(
    section: &ScenarioSection,
    roles: Option<&[Role]>,
    runbook: &Runbook,
    problems: &mut Problems,
) -> Scenario {
    let name = section.name.to_string();
    if name.is_empty() {
        problems.add(section.line, section.column, "a drill scenario needs a name: '## Drill scenario: Ransomware'");
    }
    let mut key: Option<(String, usize, usize)> = None;
    let mut briefing: Vec<&str> = Vec::new();
    let mut injects: Vec<Inject> = Vec::new();
    // Where each inject's number and offset are, for the problems found once all are read;
    // `None` for an inject whose line had a problem already.
    let mut positions: Vec<Option<(usize, usize, usize)>> = Vec::new();
    let mut in_injects = false;
    for &(number, raw) in &section.lines {
        let line = raw.trim_end();
        if !in_injects && is_injects_heading(line) {
            in_injects = true;
            continue;
        }
        if !in_injects {
            let first = key.is_none() && briefing.iter().all(|l| l.is_empty());
            if let Some(value) = strip_prefix_ignore_case(line, "Key:").filter(|_| first) {
                let given = value.trim();
                let column = column_of(line, line.len() - value.trim_start().len());
                if given.is_empty() {
                    problems.add(number, column, "'Key:' needs a value");
                } else if slug(given) != given {
                    problems.add(
                        number,
                        column,
                        format!(
                            "key: '{given}' is not a slug: use lowercase letters, digits and single dashes, like '{}'",
                            slug(given)
                        ),
                    );
                }
                key = Some((given.to_string(), number, column));
                briefing.clear();
            } else {
                briefing.push(line);
            }
            continue;
        }
        if line.is_empty() {
            continue;
        }
        if raw.starts_with([' ', '\t']) {
            let Some(inject) = injects.last_mut() else {
                problems.add(number, 1, format!("indented text must follow an inject ({INJECT_EXAMPLE})"));
                continue;
            };
            let indent = line.len() - line.trim_start().len();
            if let Err((offset, message)) = read_inject_detail(line.trim_start(), inject, &runbook.steps) {
                problems.add(number, column_of(line, indent + offset), message);
            }
            continue;
        }
        let mut inject_problems = Vec::new();
        let (inject, number_at, offset_at) = read_inject(line, roles, &mut inject_problems);
        positions.push(inject_problems.is_empty().then_some((number, number_at, offset_at)));
        for (offset, message) in inject_problems {
            problems.add(number, column_of(line, offset), message);
        }
        injects.push(inject);
    }
    let (key, key_line, key_column) = key.unwrap_or_else(|| (slug(&name), section.line, section.column));
    if key.is_empty() && !name.is_empty() {
        problems.add(
            key_line,
            key_column,
            format!("drill scenario '{name}' needs a key: add a line 'Key: a-slug' under its heading"),
        );
    } else if runbook.scenarios.iter().any(|earlier| earlier.key == key) {
        problems.add(
            key_line,
            key_column,
            format!("a second drill scenario with the key '{key}': give it a 'Key: …' line of its own"),
        );
    }
    for (i, inject) in injects.iter().enumerate() {
        let Some((line, number_column, offset_column)) = positions[i] else { continue };
        let ok_before = || injects[..i].iter().zip(&positions).filter(|(_, p)| p.is_some()).map(|(e, _)| e);
        if ok_before().any(|earlier| earlier.number == inject.number) {
            problems.add(line, number_column, format!("a second inject numbered {}: number each once", inject.number));
        }
        if let Some(earlier) = ok_before()
            .max_by_key(|earlier| earlier.offset_seconds)
            .filter(|latest| latest.offset_seconds > inject.offset_seconds)
        {
            problems.add(
                line,
                offset_column,
                format!(
                    "inject {} at {} comes after inject {} at {}: list the injects in time order",
                    inject.number,
                    offset_label(inject.offset_seconds),
                    earlier.number,
                    offset_label(earlier.offset_seconds)
                ),
            );
        }
    }
    Scenario { key, name, briefing: trim_blank_lines(&briefing.join("\n")).to_string(), injects }
}

/// Reads an inject line, `1. T+5 min → everyone: message` (`->` for the arrow, `@role` for a
/// role). Problems carry a byte offset into `line`. Returns the inject (with what could be
/// read) and the columns of its number and its offset.
fn read_inject(line: &str, roles: Option<&[Role]>, problems: &mut Vec<(usize, String)>) -> (Inject, usize, usize) {
    let mut inject = Inject {
        number: 0,
        offset_seconds: 0,
        message: String::new(),
        recipient: None,
        expected_action: String::new(),
        step: None,
        facilitator_notes: String::new(),
    };
    let digits = line.find(|c: char| !c.is_ascii_digit()).unwrap_or(line.len());
    let after_number = line[digits..].strip_prefix(". ");
    let (Some(number), Some(after_number)) = (line[..digits].parse::<u32>().ok(), after_number) else {
        problems.push((0, format!("expected an inject ({INJECT_EXAMPLE}), found '{line}'")));
        return (inject, 1, 1);
    };
    inject.number = number;
    let time_at = line.len() - after_number.trim_start().len();
    let Some(time) = strip_prefix_ignore_case(&line[time_at..], "T+") else {
        problems.push((time_at, format!("write the inject's time after its number, like {INJECT_EXAMPLE}")));
        return (inject, 1, column_of(line, time_at));
    };
    let arrow = [("→", time.find('→')), ("->", time.find("->"))]
        .into_iter()
        .filter_map(|(arrow, at)| at.map(|at| (at, arrow.len())))
        .min();
    let Some((arrow_at, arrow_len)) = arrow else {
        problems.push((
            time_at,
            format!("write who receives the inject after an arrow, like {INJECT_EXAMPLE} ('->' works too)"),
        ));
        return (inject, 1, column_of(line, time_at));
    };
    let offset_text = time[..arrow_at].trim();
    match parse_seconds(offset_text) {
        Some(seconds) => inject.offset_seconds = seconds,
        None => problems.push((
            time_at,
            format!(
                "'T+{offset_text}' is not a time from the drill's start (try 'T+5 min', 'T+1 h 30 min' or 'T+45 s')"
            ),
        )),
    }
    let after_arrow = &time[arrow_at + arrow_len..];
    let recipient_at = line.len() - after_arrow.trim_start().len();
    let Some((recipient, message)) = after_arrow.split_once(':') else {
        problems.push((
            recipient_at,
            format!("write the message after who receives it and a colon, like {INJECT_EXAMPLE}"),
        ));
        return (inject, 1, column_of(line, time_at));
    };
    let recipient = recipient.trim();
    if let Some(role) = recipient.strip_prefix('@') {
        if let Some(roles) = roles.filter(|roles| !roles.iter().any(|r| r.id == role)) {
            let known: Vec<&str> = roles.iter().map(|r| r.id.as_str()).collect();
            problems.push((
                recipient_at,
                format!("unknown role '@{role}': declare it under [roles] (known: {})", list_or_none(&known)),
            ));
        }
        inject.recipient = Some(role.to_string());
    } else if !recipient.eq_ignore_ascii_case("everyone") {
        problems
            .push((recipient_at, format!("an inject goes to 'everyone' or to a role like '@ops', not '{recipient}'")));
    }
    inject.message = message.trim().to_string();
    if inject.message.is_empty() {
        problems.push((line.len(), format!("inject {number} has no message")));
    }
    (inject, column_of(line, 0), column_of(line, time_at))
}

/// The lines an inject may have under it, in file spelling.
const INJECT_DETAILS: [&str; 3] = ["Expected", "Step", "Notes"];

/// Applies an indented line under an inject (`Expected: …`, `Step: step-key`, `Notes: …`).
/// Errors carry a byte offset into `text`.
fn read_inject_detail(text: &str, inject: &mut Inject, steps: &[Step]) -> Result<(), (usize, String)> {
    let detail = text.split_once(':').and_then(|(name, value)| {
        INJECT_DETAILS.iter().find(|d| d.eq_ignore_ascii_case(name.trim())).map(|d| (*d, name, value))
    });
    let Some((detail, name, value)) = detail else {
        return Err((0, format!("expected 'Expected:', 'Step:' or 'Notes:' under an inject, found '{text}'")));
    };
    let offset = text.len() - text[name.len() + 1..].trim_start().len();
    let value = value.trim();
    if value.is_empty() {
        return Err((offset, format!("'{detail}:' needs a value")));
    }
    let twice = || (0, format!("a second '{detail}:' line: write it once per inject"));
    match detail {
        "Expected" if inject.expected_action.is_empty() => inject.expected_action = value.to_string(),
        "Notes" if inject.facilitator_notes.is_empty() => inject.facilitator_notes = value.to_string(),
        "Step" if inject.step.is_none() => {
            if !steps.iter().any(|s| s.key == value) {
                let example = steps.first().map_or("the runbook has no steps yet".to_string(), |s| {
                    format!("a step's key is the slug of its title, like '{}'", s.key)
                });
                return Err((offset, format!("'{value}' is not a step of this runbook ({example})")));
            }
            inject.step = Some(value.to_string());
        }
        _ => return Err(twice()),
    }
    Ok(())
}

/// The directive lines a step may start its indented block with, in file spelling.
const DIRECTIVES: [&str; 4] = ["Evidence", "Options", "Only if", "Milestone"];

/// Whether a line of instructions would be read as a directive if it came first.
fn looks_like_directive(text: &str) -> bool {
    text.split_once(':').is_some_and(|(name, _)| DIRECTIVES.iter().any(|d| d.eq_ignore_ascii_case(name.trim())))
}

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

/// The text without blank lines at its start and end (the first line keeps its indentation).
fn trim_blank_lines(text: &str) -> &str {
    let start =
        text.find(|c: char| !c.is_whitespace()).map_or(text.len(), |i| text[..i].rfind('\n').map_or(0, |nl| nl + 1));
    text[start..].trim_end()
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

/// The heading a phase has in files ("Identify").
fn phase_title(phase: Phase) -> &'static str {
    match phase {
        Phase::Identify => "Identify",
        Phase::Respond => "Respond",
        Phase::Recover => "Recover",
        Phase::Review => "Review",
    }
}

/// Writes a runbook in this format: the front matter with every field that is set (and the
/// review interval always), a `# Title` line, the context, the four phase headings with their
/// steps, the drill scenarios, and the review template last.
pub fn write(runbook: &Runbook) -> String {
    let mut out = String::from("+++\n");
    let key = |out: &mut String, name: &str, value: String| {
        out.push_str(&format!("{name} = {value}\n"));
    };
    key(&mut out, "id", toml_string(&runbook.id));
    key(&mut out, "title", toml_string(&runbook.title));
    if !runbook.summary.is_empty() {
        key(&mut out, "summary", toml_string(&runbook.summary));
    }
    if !runbook.tags.is_empty() {
        key(&mut out, "tags", toml_array(&runbook.tags));
    }
    if !runbook.owner.is_empty() {
        key(&mut out, "owner", toml_string(&runbook.owner));
    }
    if !runbook.severities.is_empty() {
        key(&mut out, "severities", toml_array(&runbook.severities));
    }
    key(&mut out, "review_every", toml_string(&format!("{} d", runbook.review_days)));
    if let Some(days) = runbook.drill_days {
        key(&mut out, "drill_every", toml_string(&format!("{days} d")));
    }
    // Roles are `id = "Name"` lines, unless one has duties written down: then each is a table.
    if runbook.roles.iter().any(|role| !role.duties.is_empty()) {
        for role in &runbook.roles {
            out.push_str(&format!("\n[roles.{}]\n", toml_key(&role.id)));
            key(&mut out, "name", toml_string(&role.name));
            if !role.duties.is_empty() {
                key(&mut out, "duties", toml_string(&role.duties));
            }
        }
    } else if !runbook.roles.is_empty() {
        out.push_str("\n[roles]\n");
        for role in &runbook.roles {
            key(&mut out, &toml_key(&role.id), toml_string(&role.name));
        }
    }
    for (severity, targets) in &runbook.targets {
        out.push_str(&format!("\n[targets.{}]\n", toml_key(severity)));
        let fields = [
            ("acknowledge", targets.acknowledge_minutes),
            ("mitigate", targets.mitigate_minutes),
            ("resolve", targets.resolve_minutes),
            ("update", targets.update_minutes),
        ];
        for (name, minutes) in fields {
            if let Some(minutes) = minutes {
                key(&mut out, name, toml_string(&format_minutes(minutes)));
            }
        }
    }
    out.push_str("+++\n");
    out.push_str(&format!("# {}\n", runbook.title.replace(['\n', '\r'], " ")));
    if !runbook.context.is_empty() {
        out.push_str(&format!("\n{}\n", runbook.context));
    }
    for phase in Phase::ALL {
        out.push_str(&format!("\n## {}\n", phase_title(phase)));
        let mut steps = runbook.steps_in(phase).peekable();
        if steps.peek().is_some() {
            out.push('\n');
        }
        for step in steps {
            write_step(&mut out, step);
        }
    }
    for scenario in &runbook.scenarios {
        write_scenario(&mut out, scenario);
    }
    if !runbook.review_template.is_empty() {
        out.push_str(&format!("\n## {REVIEW_TEMPLATE_HEADING}\n\n{}\n", runbook.review_template));
    }
    out
}

/// A scenario section. The key is always written, so renaming the scenario keeps it.
fn write_scenario(out: &mut String, scenario: &Scenario) {
    out.push_str(&format!("\n## {SCENARIO_HEADING} {}\n\nKey: {}\n", scenario.name, scenario.key));
    if !scenario.briefing.is_empty() {
        out.push_str(&format!("\n{}\n", scenario.briefing));
    }
    if scenario.injects.is_empty() {
        return;
    }
    out.push_str("\n### Injects\n\n");
    for inject in &scenario.injects {
        let recipient = inject.recipient.as_ref().map_or("everyone".to_string(), |role| format!("@{role}"));
        let marker = format!("{}. ", inject.number);
        out.push_str(&format!("{marker}{} → {recipient}: {}\n", offset_label(inject.offset_seconds), inject.message));
        // Indented under the list item's text, so Markdown shows the lines as part of the item.
        let indent = " ".repeat(marker.len());
        let details = [
            ("Expected", inject.expected_action.as_str()),
            ("Step", inject.step.as_deref().unwrap_or_default()),
            ("Notes", inject.facilitator_notes.as_str()),
        ];
        for (name, value) in details {
            if !value.is_empty() {
                out.push_str(&format!("{indent}{name}: {value}\n"));
            }
        }
    }
}

fn write_step(out: &mut String, step: &Step) {
    out.push_str("- [ ]");
    out.push_str(&step_line(step));
    out.push('\n');
    if step.is_decision() {
        out.push_str(&format!("  Options: {}\n", step.options.join(" | ")));
    }
    if let Some(condition) = &step.condition {
        out.push_str(&format!("  Only if: {} = {}\n", condition.step, condition.option));
    }
    if let Some(evidence) = &step.evidence {
        out.push_str(&format!("  Evidence: {evidence}\n"));
    }
    if let Some(milestone) = step.milestone {
        out.push_str(&format!("  Milestone: {}\n", milestone.as_str()));
    }
    if step.instructions.is_empty() {
        return;
    }
    // Directives end at a blank line: one keeps a first line such as "Evidence: see above" in
    // the instructions.
    if step.instructions.lines().next().is_some_and(looks_like_directive) {
        out.push('\n');
    }
    for line in step.instructions.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            out.push_str(&format!("  {line}\n"));
        }
    }
}

/// A step's line after `- [ ]`: the title, then its annotations.
fn step_line(step: &Step) -> String {
    let mut line = format!(" {}", step.title);
    if let Some(role) = &step.role {
        line.push_str(&format!(" @{role}"));
    }
    if let Some(minutes) = step.target_minutes {
        line.push_str(&format!(" within {}", format_minutes(minutes)));
    }
    if step.optional {
        line.push_str(&format!(" {OPTIONAL}"));
    }
    line
}

/// Brings `runbook` into this format's domain — what [`write`] can represent and [`read`]
/// gives back unchanged — with the least change, and says what it changed that a reader of the
/// runbook would notice. Every foreign importer calls it before returning, so a runbook
/// imported from anywhere comes back the same from `muster export` then `muster import`. A
/// runbook already inside the domain is returned as it is, with no note.
///
/// Without a note, since the Markdown means the same: whitespace at the end of lines, blank
/// lines at either end of the context, instructions and review template, spaces around one-line
/// texts. With a warning:
/// - line breaks in a step title, an option or an evidence prompt (the step line and the
///   directive lines are one line each): joined with a space;
/// - a context line starting with `## ` (which reads as a phase heading): indented by one
///   space, which is still the same heading in Markdown;
/// - a step title ending in what the reader takes for an annotation (`@ops`, `within 10 min`,
///   `(optional)`) that the step does not have: that ending quoted in backticks;
/// - a step title without a letter or digit to make its key from: `Step N: ` before it;
/// - `|` in an option (it separates options): `/`; an empty evidence prompt: dropped;
/// - tags and severities that are empty or repeated: dropped; an id that is not a slug: its
///   slug; a review interval of 0 days: the default; a drill cadence of 0 days: none;
/// - in a drill scenario: line breaks in the name or an inject's message, expected action or
///   notes joined with a space; an empty name: `Scenario N`; a key that is not a slug: a slug;
///   a briefing line that would end the briefing (`## …`, `### Injects`): indented by a space.
///
/// Step keys are then what the reader derives from the titles, and conditions follow their
/// step. It does not repair structure — a decision with fewer than two options, a condition or
/// a role that points nowhere, scenarios sharing a key, an inject without a message or out of
/// time order — which `Runbook::problems` reports and no importer produces.
pub fn fit(mut runbook: Runbook) -> (Runbook, Vec<ImportNote>) {
    let mut notes = Vec::new();
    let mut warn = |message: String| notes.push(ImportNote::warning(message));

    runbook.title = runbook.title.trim().to_string();
    if slug(&runbook.id) != runbook.id || runbook.id.is_empty() {
        let id = [slug(&runbook.id), slug(&runbook.title)].into_iter().find(|s| !s.is_empty());
        let id = id.unwrap_or_else(|| "runbook".to_string());
        if !runbook.id.is_empty() {
            warn(format!("the id '{}' is not a slug; now '{id}'", runbook.id));
        }
        runbook.id = id;
    }
    if runbook.title.is_empty() {
        runbook.title = runbook.id.clone();
        warn(format!("the runbook has no title; now '{}'", runbook.title));
    }
    runbook.summary = runbook.summary.trim().to_string();
    runbook.owner = runbook.owner.trim().to_string();
    for (field, names) in [("tag", &mut runbook.tags), ("severity", &mut runbook.severities)] {
        let mut kept: Vec<String> = Vec::with_capacity(names.len());
        for name in names.iter().map(|n| n.trim()) {
            if name.is_empty() {
                warn(format!("an empty {field} was dropped"));
            } else if kept.iter().any(|k| k == name) {
                warn(format!("the {field} '{name}' was listed twice; kept once"));
            } else {
                kept.push(name.to_string());
            }
        }
        *names = kept;
    }
    if runbook.review_days == 0 {
        runbook.review_days = DEFAULT_REVIEW_DAYS;
        warn(format!("a review interval of 0 days; now {DEFAULT_REVIEW_DAYS} days"));
    }
    if runbook.drill_days == Some(0) {
        runbook.drill_days = None;
        warn("a drill cadence of 0 days; removed".to_string());
    }
    for role in &mut runbook.roles {
        role.duties = role.duties.trim().to_string();
    }

    runbook.context = fit_markdown(&runbook.context);
    let mut headings = Vec::new();
    let context: Vec<String> = runbook
        .context
        .lines()
        .enumerate()
        .map(|(index, line)| {
            if line.starts_with("## ") {
                headings.push((index + 1).to_string());
                format!(" {line}")
            } else {
                line.to_string()
            }
        })
        .collect();
    if !headings.is_empty() {
        runbook.context = context.join("\n");
        let lines = if headings.len() == 1 { "line" } else { "lines" };
        warn(format!(
            "{lines} {} of the context started with '## ', which Muster's format reads as a phase heading; \
             indented by one space (in Markdown still the same heading)",
            headings.join(", ")
        ));
    }
    runbook.review_template = fit_markdown(&runbook.review_template);

    // (old key, new key) of the steps so far, for the conditions that name them.
    let mut keys: Vec<(String, String)> = Vec::with_capacity(runbook.steps.len());
    let mut steps: Vec<Step> = Vec::with_capacity(runbook.steps.len());
    for (index, mut step) in std::mem::take(&mut runbook.steps).into_iter().enumerate() {
        let number = index + 1;
        step.instructions = fit_markdown(&step.instructions);
        let title = join_lines(&step.title);
        if title != step.title.trim() {
            warn(format!("the title of step {number} had line breaks; joined into one line: '{title}'"));
        }
        step.title = title;
        let mut options_changed = false;
        for option in &mut step.options {
            let fitted = fit_option(option);
            options_changed |= fitted != option.trim();
            *option = fitted;
        }
        if options_changed {
            warn(format!("an option of step {number} had a line break or '|'; now: {}", step.options.join(" | ")));
        }
        if let Some(evidence) = step.evidence.take() {
            let fitted = join_lines(&evidence);
            if fitted.is_empty() {
                warn(format!("step {number} asked for evidence without a prompt; it no longer asks"));
            } else {
                if fitted != evidence.trim() {
                    warn(format!("the evidence prompt of step {number} had line breaks; joined into one line"));
                }
                step.evidence = Some(fitted);
            }
        }
        if let Some(condition) = &mut step.condition {
            if let Some((_, new)) = keys.iter().find(|(old, _)| *old == condition.step) {
                condition.step = new.clone();
            }
            condition.option = fit_option(&condition.option);
        }
        if step.title.is_empty() {
            step.title = format!("Step {number}");
            warn(format!("step {number} had no title; now '{}'", step.title));
        }
        if !step_line_reads_back(&step) {
            let before = step.title.clone();
            step.title = quote_annotations(&step.title, step.phase);
            if !step_line_reads_back(&step) {
                // Not seen, but never leave a step the reader would misread.
                step.title = bare_title(&step.title, step.phase);
            }
            warn(format!(
                "the title of step {number}, '{before}', ends in what Muster's format reads as an annotation \
                 (@role, within …, (optional)); now '{}'",
                step.title
            ));
        }
        if slug(&step.title).is_empty() {
            let before = std::mem::take(&mut step.title);
            step.title = format!("Step {number}: {before}");
            warn(format!(
                "the title of step {number}, '{before}', has no letter or digit for its key; now '{}'",
                step.title
            ));
        }
        let key = step_key(&step.title, &steps);
        keys.push((std::mem::replace(&mut step.key, key.clone()), key));
        steps.push(step);
    }
    runbook.steps = steps;
    for (index, scenario) in runbook.scenarios.iter_mut().enumerate() {
        fit_scenario(scenario, index + 1, &mut warn);
    }
    (runbook, notes)
}

/// [`fit`] for scenario `number`: one-line name and inject texts, a slug for a key, a briefing
/// whose lines do not end the section or its briefing.
fn fit_scenario(scenario: &mut Scenario, number: usize, warn: &mut impl FnMut(String)) {
    let name = join_lines(&scenario.name);
    if name != scenario.name.trim() {
        warn(format!("the name of drill scenario {number} had line breaks; joined into one line: '{name}'"));
    }
    scenario.name = name;
    if scenario.name.is_empty() {
        scenario.name = format!("Scenario {number}");
        warn(format!("drill scenario {number} had no name; now '{}'", scenario.name));
    }
    if scenario.key.is_empty() || slug(&scenario.key) != scenario.key {
        let key = [slug(&scenario.key), slug(&scenario.name)].into_iter().find(|k| !k.is_empty());
        let key = key.unwrap_or_else(|| format!("scenario-{number}"));
        warn(format!("the key of drill scenario '{}' was '{}', not a slug; now '{key}'", scenario.name, scenario.key));
        scenario.key = key;
    }
    let briefing = fit_markdown(&scenario.briefing);
    let mut moved = Vec::new();
    let lines: Vec<String> = briefing
        .lines()
        .enumerate()
        .map(|(index, line)| {
            if line.starts_with("## ") || is_injects_heading(line) {
                moved.push((index + 1).to_string());
                format!(" {line}")
            } else {
                line.to_string()
            }
        })
        .collect();
    scenario.briefing = if moved.is_empty() { briefing } else { lines.join("\n") };
    if !moved.is_empty() {
        warn(format!(
            "line {} of the briefing of '{}' read as a heading that ends the briefing; indented by one space",
            moved.join(", "),
            scenario.name
        ));
    }
    for inject in &mut scenario.injects {
        let mut joined = false;
        for text in [&mut inject.message, &mut inject.expected_action, &mut inject.facilitator_notes] {
            let line = join_lines(text);
            joined |= line != text.trim();
            *text = line;
        }
        if joined {
            warn(format!("inject {} of '{}' had line breaks; joined into one line", inject.number, scenario.name));
        }
    }
}

/// Markdown as the reader gives it back: no whitespace at line ends, no blank lines at either
/// end (the first line keeps its indentation).
fn fit_markdown(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    trim_blank_lines(&lines.join("\n")).to_string()
}

/// `text` on one line: every run of whitespace with a line break in it becomes one space; the
/// ends are trimmed.
fn join_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = String::new();
    for c in text.trim().chars() {
        if c.is_whitespace() {
            space.push(c);
            continue;
        }
        if space.contains(['\n', '\r']) {
            out.push(' ');
        } else {
            out.push_str(&space);
        }
        space.clear();
        out.push(c);
    }
    out
}

/// An option on one line, without the `|` that separates options.
fn fit_option(option: &str) -> String {
    join_lines(&option.replace('|', "/"))
}

/// Whether the reader gives back the step's title and annotations from the line [`write`]
/// makes of them.
fn step_line_reads_back(step: &Step) -> bool {
    let read = read_step(&step_line(step), step.phase, None, &[], &mut Vec::new());
    (read.title, read.role, read.target_minutes, read.optional)
        == (step.title.clone(), step.role.clone(), step.target_minutes, step.optional)
}

/// The title without the annotations the reader would take from its end.
fn bare_title(title: &str, phase: Phase) -> String {
    read_step(&format!(" {title}"), phase, None, &[], &mut Vec::new()).title
}

/// The title with its annotation-like ending in backticks (`Notify `@here``), which the reader
/// keeps as part of the title.
fn quote_annotations(title: &str, phase: Phase) -> String {
    let bare = bare_title(title, phase);
    let ending = title[bare.len()..].trim();
    if bare.is_empty() {
        format!("`{ending}`")
    } else {
        format!("{bare} `{ending}`")
    }
}
/// A TOML basic string: quoted, with quotes, backslashes and control characters escaped (so a
/// value never spans lines and cannot end the front matter).
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_array(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|item| toml_string(item)).collect();
    format!("[{}]", items.join(", "))
}

/// A TOML key: bare when TOML allows it (`comms-lead`, `SEV1`), quoted otherwise.
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        key.to_string()
    } else {
        toml_string(key)
    }
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
        assert_eq!(err, "disk.md:10:15: targets.SEV1.acknowledge: 'soon' is not a duration (try '15 min' or '1 h')");

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

    const PREPARED: &str = "+++\ntitle = \"Disk full\"\ntags = [\"storage\", \"linux\"]\nowner = \"Platform team\"\nseverities = [\"SEV1\"]\nreview_every = \"90 days\"\n[roles]\nops = \"Operations\"\n+++\n## Identify\n- [ ] Look (optional)\n- [ ] Page the vendor @ops (Optional) within 1 h\n## Review\n- [ ] Book the review\n\n## Review template\n\n## What happened\n\n- [ ] not a step: the template is kept as written\n";

    #[test]
    fn reads_tags_owner_severities_review_interval_optional_steps_and_the_review_template() {
        let runbook = read(Path::new("disk.md"), PREPARED).unwrap();
        assert_eq!(runbook.tags, ["storage", "linux"]);
        assert_eq!(runbook.owner, "Platform team");
        assert_eq!(runbook.severities, ["SEV1"]);
        assert_eq!(runbook.review_days, 90);
        let steps: Vec<_> =
            runbook.steps.iter().map(|s| (s.title.as_str(), s.optional, s.role.as_deref(), s.target_minutes)).collect();
        assert_eq!(
            steps,
            [
                ("Look", true, None, None),
                ("Page the vendor", true, Some("ops"), Some(60)),
                ("Book the review", false, None, None)
            ]
        );
        assert_eq!(runbook.review_template, "## What happened\n\n- [ ] not a step: the template is kept as written");
        assert_eq!(read(Path::new("small.md"), SMALL).unwrap().review_days, 180, "the default interval");
    }

    #[test]
    fn new_front_matter_errors_point_at_the_value() {
        let cases = [
            (
                "[\"storage\", \"linux\"]",
                "[\"storage\", \" \"]",
                "disk.md:3:20: tags: an empty name; remove it or write one",
            ),
            ("[\"storage\", \"linux\"]", "[\"linux\", \"linux\"]", "disk.md:3:18: tags: 'linux' is listed twice"),
            (
                "\"90 days\"",
                "\"quarterly\"",
                "disk.md:6:16: review_every: 'quarterly' is not a duration (try '180 d' or '90 days')",
            ),
            (
                "\"90 days\"",
                "\"36 h\"",
                "disk.md:6:16: review_every: '36 h' is not a whole number of days, at least 1 (try '90 d')",
            ),
            ("\"90 days\"", "90", "disk.md:6:16: front matter: invalid type: integer `90`, expected a string"),
            (
                "title = \"Disk full\"",
                "title = \"  \"",
                "disk.md:2:9: title: the runbook needs a title with at least one letter or digit",
            ),
        ];
        for (from, to, expected) in cases {
            let err = read(Path::new("disk.md"), &PREPARED.replacen(from, to, 1)).unwrap_err().to_string();
            assert_eq!(err, expected);
        }
    }

    #[test]
    fn phases_come_once_and_in_order() {
        let swapped = PREPARED.replace("## Review\n", "## Identify\n");
        let err = read(Path::new("disk.md"), &swapped).unwrap_err().to_string();
        assert_eq!(err, "disk.md:13:4: a second 'Identify' heading: write each phase once");
        let backwards = PREPARED.replace("## Identify\n", "## Recover\n").replace("## Review\n", "## Respond\n");
        let err = read(Path::new("disk.md"), &backwards).unwrap_err().to_string();
        assert_eq!(
            err,
            "disk.md:13:4: 'Respond' comes after 'Recover': write the phases in the order Identify, Respond, Recover, Review"
        );
    }

    #[test]
    fn check_lists_every_problem_in_file_order() {
        let broken = SMALL
            .replace("\"15 min\"", "\"soon\"")
            .replace("@ic\n", "@nobody\n")
            .replace("## Respond\n", "## Respnd\nsome prose\n")
            .replace("Free space within 20 min @ops", "@ops");
        let problems: Vec<String> = check(Path::new("disk.md"), &broken).iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "disk.md:10:15: targets.SEV1.acknowledge: 'soon' is not a duration (try '15 min' or '1 h')",
                "disk.md:26:28: unknown role '@nobody': declare it under [roles] (known: ic, ops)",
                "disk.md:28:4: unknown phase 'Respnd': use Identify, Respond, Recover or Review",
                "disk.md:29:1: expected a step ('- [ ] title @role within 10 min') under identify, found 'some prose'",
                "disk.md:31:7: step has no title",
            ]
        );
        assert!(check(Path::new("disk.md"), SMALL).is_empty());
    }

    #[test]
    fn an_unreadable_front_matter_still_gets_its_steps_checked_but_not_their_roles() {
        let broken = DIRECTIVES_MD.replace("title = \"Leak\"", "title = Leak").replace("= Yes\n", "= Maybe\n");
        let problems: Vec<String> = check(Path::new("leak.md"), &broken).iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("leak.md:2:9: front matter:"), "{problems:?}");
        assert_eq!(problems[1], "leak.md:14:12: 'is-data-affected' has no option 'Maybe' (options: Yes, No)");
    }

    #[test]
    fn roles_may_be_tables_with_duties() {
        let text = "+++\ntitle = \"Leak\"\n[roles]\nic = \"Incident Commander\"\n[roles.dpo]\nname = \"Data Protection Officer\"\nduties = \" Decides whether to notify the authority. \"\n+++\n";
        let runbook = read(Path::new("leak.md"), text).unwrap();
        assert_eq!(
            runbook.roles,
            [
                Role::new("ic", "Incident Commander"),
                Role {
                    duties: "Decides whether to notify the authority.".into(),
                    ..Role::new("dpo", "Data Protection Officer")
                }
            ]
        );
        let written = write(&runbook);
        assert!(written.contains("\n[roles.ic]\nname = \"Incident Commander\"\n\n[roles.dpo]\n"), "{written}");
        assert_eq!(read(Path::new("leak.md"), &written).unwrap(), runbook);

        let cases = [
            ("duties = \"", "dutys = \"", "leak.md:5:1: roles.dpo: unknown field `dutys`, expected `name` or `duties`"),
            ("name = \"Data Protection Officer\"", "title = \"DPO\"", "leak.md:5:1: roles.dpo: unknown field `title`, expected `name` or `duties`"),
            ("duties = \" Decides whether to notify the authority. \"", "duties = 3", "leak.md:5:1: roles.dpo.duties: write the duties as a string"),
            ("ic = \"Incident Commander\"", "ic = 1", "leak.md:4:1: roles.ic: the role's name must be a string, like ic = \"Incident Commander\", or a table with name and duties"),
        ];
        for (from, to, expected) in cases {
            let err = read(Path::new("leak.md"), &text.replacen(from, to, 1)).unwrap_err().to_string();
            assert_eq!(err, expected);
        }
    }
    const DRILL_MD: &str = "+++
title = \"Outage\"
drill_every = \"90 days\"
[roles]
ic = \"IC\"
comms = \"Comms\"
+++
## Identify

- [ ] Declare the incident @ic

## Drill scenario: Ransomware on the file server

It is Monday, 08:00.

### Injects

1. T+0 min → everyone: The file server is offline.
   Expected: Declare the incident
   Step: declare-the-incident
   notes:  Start when they have read the briefing.
2. T+1 h 5 min 30 s -> @comms: A journalist calls: is it ransomware?

## Drill scenario: Power cut
Key: power

### Injects
7. T+45 s → everyone: The lights go out.

## Review template

## Drill scenario: not one, the template is kept as written
";

    #[test]
    fn reads_the_drill_cadence_and_scenarios() {
        let runbook = read(Path::new("outage.md"), DRILL_MD).unwrap();
        assert_eq!(runbook.drill_days, Some(90));
        let keys: Vec<_> = runbook.scenarios.iter().map(|s| (s.key.as_str(), s.name.as_str())).collect();
        assert_eq!(keys, [("ransomware-on-the-file-server", "Ransomware on the file server"), ("power", "Power cut")]);
        let ransomware = &runbook.scenarios[0];
        assert_eq!(ransomware.briefing, "It is Monday, 08:00.");
        assert_eq!(
            ransomware.injects,
            [
                Inject {
                    number: 1,
                    offset_seconds: 0,
                    message: "The file server is offline.".into(),
                    recipient: None,
                    expected_action: "Declare the incident".into(),
                    step: Some("declare-the-incident".into()),
                    facilitator_notes: "Start when they have read the briefing.".into(),
                },
                Inject {
                    number: 2,
                    offset_seconds: 3930,
                    message: "A journalist calls: is it ransomware?".into(),
                    recipient: Some("comms".into()),
                    expected_action: String::new(),
                    step: None,
                    facilitator_notes: String::new(),
                },
            ]
        );
        assert_eq!((runbook.scenarios[1].injects[0].number, runbook.scenarios[1].injects[0].offset_seconds), (7, 45));
        assert!(runbook.review_template.starts_with("## Drill scenario: not one"));
        assert_eq!(read(Path::new("outage.md"), &write(&runbook)).unwrap(), runbook);
        assert_eq!(read(Path::new("small.md"), SMALL).unwrap().drill_days, None, "no cadence unless set");
    }

    #[test]
    fn scenario_errors_name_line_and_column() {
        let cases = [
            ("\"90 days\"", "\"quarterly\"", "outage.md:3:15: drill_every: 'quarterly' is not a duration (try '180 d' or '90 days')"),
            ("\"90 days\"", "\"0 d\"", "outage.md:3:15: drill_every: '0 d' is not a whole number of days, at least 1 (try '90 d')"),
            ("scenario: Power cut", "scenario: ", "outage.md:24:19: a drill scenario needs a name: '## Drill scenario: Ransomware'"),
            ("Key: power", "Key: Power Cut", "outage.md:25:6: key: 'Power Cut' is not a slug: use lowercase letters, digits and single dashes, like 'power-cut'"),
            ("Key: power", "Key: ransomware-on-the-file-server", "outage.md:25:6: a second drill scenario with the key 'ransomware-on-the-file-server': give it a 'Key: …' line of its own"),
            ("1. T+0 min", "1. 0 min", "outage.md:18:4: write the inject's time after its number, like '1. T+5 min → everyone: message'"),
            ("T+0 min", "T+soon", "outage.md:18:4: 'T+soon' is not a time from the drill's start (try 'T+5 min', 'T+1 h 30 min' or 'T+45 s')"),
            ("T+0 min →", "T+0 min", "outage.md:18:4: write who receives the inject after an arrow, like '1. T+5 min → everyone: message' ('->' works too)"),
            ("→ everyone: The file", "→ all: The file", "outage.md:18:14: an inject goes to 'everyone' or to a role like '@ops', not 'all'"),
            ("-> @comms:", "-> @press:", "outage.md:22:24: unknown role '@press': declare it under [roles] (known: ic, comms)"),
            ("→ everyone: The lights go out.", "→ everyone:", "outage.md:28:22: inject 7 has no message"),
            ("2. T+1 h", "1. T+1 h", "outage.md:22:1: a second inject numbered 1: number each once"),
            ("7. T+45 s", "7) T+45 s", "outage.md:28:1: expected an inject ('1. T+5 min → everyone: message'), found '7) T+45 s → everyone: The lights go out.'"),
            ("Step: declare-the-incident", "Step: declare", "outage.md:20:10: 'declare' is not a step of this runbook (a step's key is the slug of its title, like 'declare-the-incident')"),
            ("   Expected: Declare the incident", "   Expect: Declare the incident", "outage.md:19:4: expected 'Expected:', 'Step:' or 'Notes:' under an inject, found 'Expect: Declare the incident'"),
            ("   notes:  Start", "   Expected: again\n   notes:  Start", "outage.md:21:4: a second 'Expected:' line: write it once per inject"),
            ("   Expected: Declare the incident", "   Expected:", "outage.md:19:13: 'Expected:' needs a value"),
            ("### Injects\n7.", "### Injects\n  stray\n7.", "outage.md:28:1: indented text must follow an inject ('1. T+5 min → everyone: message')"),
            ("## Review template", "## Recover", "outage.md:30:4: 'Recover' comes after a drill scenario: write the phases first, the drill scenarios after them"),
        ];
        for (from, to, expected) in cases {
            assert!(DRILL_MD.contains(from), "{from}");
            let err = read(Path::new("outage.md"), &DRILL_MD.replacen(from, to, 1)).unwrap_err().to_string();
            assert_eq!(err, expected, "{from} → {to}");
        }
    }

    #[test]
    fn injects_come_in_time_order() {
        let swapped = DRILL_MD.replace("T+1 h 5 min 30 s", "T+0 s").replace("T+0 min", "T+10 min");
        let problems: Vec<String> = check(Path::new("outage.md"), &swapped).iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            ["outage.md:22:4: inject 2 at T+0 s comes after inject 1 at T+10 min: list the injects in time order"]
        );
    }

    #[test]
    fn writes_scenarios_as_a_numbered_list_of_injects() {
        let mut runbook = read(Path::new("outage.md"), DRILL_MD).unwrap();
        runbook.scenarios[1].injects[0].number = 10;
        let written = write(&runbook);
        let expected = "## Drill scenario: Ransomware on the file server

Key: ransomware-on-the-file-server

It is Monday, 08:00.

### Injects

1. T+0 s → everyone: The file server is offline.
   Expected: Declare the incident
   Step: declare-the-incident
   Notes: Start when they have read the briefing.
2. T+1 h 5 min 30 s → @comms: A journalist calls: is it ransomware?

## Drill scenario: Power cut

Key: power

### Injects

10. T+45 s → everyone: The lights go out.

## Review template
";
        assert!(written.contains(expected), "{written}");
        assert!(written.contains("review_every = \"180 d\"\ndrill_every = \"90 d\"\n"), "{written}");
    }

    /// `fit(runbook)`, checked to be inside the domain: it reads back from what it writes.
    fn fitted(runbook: Runbook) -> (Runbook, Vec<String>) {
        let (runbook, notes) = fit(runbook);
        let written = write(&runbook);
        let again = read(Path::new("fitted.md"), &written).unwrap_or_else(|err| panic!("{err}\n{written}"));
        assert_eq!(again, runbook, "{written}");
        assert_eq!(fit(runbook.clone()), (runbook.clone(), Vec::new()), "fit is idempotent");
        (runbook, notes.into_iter().map(|n| n.message).collect())
    }

    #[test]
    fn fit_joins_the_lines_of_a_step_title_and_rekeys_the_step() {
        let runbook = Runbook {
            steps: vec![Step::new("check-repl", Phase::Identify, "Check repl\n\n### What was done?\nThe story")],
            ..Runbook::new("db", "Database outage")
        };
        let (runbook, notes) = fitted(runbook);
        assert_eq!(runbook.steps[0].title, "Check repl ### What was done? The story");
        assert_eq!(runbook.steps[0].key, "check-repl-what-was-done-the-story");
        assert_eq!(
            notes,
            ["the title of step 1 had line breaks; joined into one line: 'Check repl ### What was done? The story'"]
        );
    }

    #[test]
    fn fit_indents_a_context_line_that_would_read_as_a_phase_heading() {
        let runbook = Runbook {
            context: "Intro\n\n```sh\nkubectl get pv\n\n## Mitigation\n\n## Review template".into(),
            steps: vec![Step::new("look", Phase::Identify, "Look")],
            ..Runbook::new("disk", "Disk")
        };
        let (runbook, notes) = fitted(runbook);
        assert_eq!(runbook.context, "Intro\n\n```sh\nkubectl get pv\n\n ## Mitigation\n\n ## Review template");
        assert_eq!(notes.len(), 1);
        assert!(notes[0].starts_with("lines 6, 8 of the context started with '## '"), "{notes:?}");
    }

    #[test]
    fn fit_quotes_a_title_ending_that_reads_as_an_annotation() {
        let titles = [
            ("Notify @here", None, None, false, "Notify `@here`"),
            ("Wait within 10 min", None, None, false, "Wait `within 10 min`"),
            ("Page (optional)", None, None, false, "Page `(optional)`"),
            ("@here", None, None, false, "`@here`"),
            ("Ping @a @b", None, Some(5), false, "Ping @a `@b`"),
            // The step has the annotation itself, so the reader stops before the title's.
            ("Ping @a", Some("ops"), None, false, "Ping @a"),
            ("Skip (optional)", None, None, true, "Skip (optional)"),
        ];
        for (title, role, target, optional, expected) in titles {
            let step = Step {
                role: role.map(str::to_string),
                target_minutes: target,
                optional,
                ..Step::new("x", Phase::Respond, title)
            };
            let runbook = Runbook { roles: vec![Role::new("ops", "Ops")], steps: vec![step], ..Runbook::new("r", "R") };
            let (runbook, notes) = fitted(runbook);
            assert_eq!(runbook.steps[0].title, expected);
            assert_eq!(notes.len(), usize::from(title != expected), "{notes:?}");
        }
    }

    #[test]
    fn fit_gives_a_title_without_letters_a_key() {
        let runbook = Runbook {
            steps: vec![Step::new("step-1", Phase::Identify, "🔥"), Step::new("step-2", Phase::Identify, " ")],
            ..Runbook::new("r", "R")
        };
        let (runbook, notes) = fitted(runbook);
        let steps: Vec<_> = runbook.steps.iter().map(|s| (s.key.as_str(), s.title.as_str())).collect();
        assert_eq!(steps, [("step-1", "Step 1: 🔥"), ("step-2", "Step 2")]);
        assert_eq!(notes.len(), 2, "{notes:?}");
    }

    #[test]
    fn fit_keeps_options_evidence_and_conditions_readable() {
        let decision = Step {
            options: vec!["Yes | mostly".into(), "No\nnot at all".into()],
            ..Step::new("decide", Phase::Identify, "Decide")
        };
        let follow = Step {
            condition: Some(StepCondition { step: "decide".into(), option: "Yes | mostly".into() }),
            evidence: Some("the ticket\nnumber".into()),
            ..Step::new("act", Phase::Respond, "Act")
        };
        let empty = Step { evidence: Some(" ".into()), ..Step::new("other", Phase::Respond, "Other") };
        let runbook = Runbook { steps: vec![decision, follow, empty], ..Runbook::new("r", "R") };
        let (runbook, notes) = fitted(runbook);
        assert_eq!(runbook.steps[0].options, ["Yes / mostly", "No not at all"]);
        assert_eq!(
            runbook.steps[1].condition,
            Some(StepCondition { step: "decide".into(), option: "Yes / mostly".into() })
        );
        assert_eq!(runbook.steps[1].evidence.as_deref(), Some("the ticket number"));
        assert_eq!(runbook.steps[2].evidence, None);
        assert_eq!(notes.len(), 3, "{notes:?}");
    }

    #[test]
    fn fit_keeps_scenarios_readable() {
        let inject = Inject {
            number: 1,
            offset_seconds: 60,
            message: "The server\nis down".into(),
            recipient: None,
            expected_action: " Declare ".into(),
            step: None,
            facilitator_notes: "Watch\r\nclosely".into(),
        };
        let scenario = Scenario {
            key: "Power Cut".into(),
            name: "Power\ncut".into(),
            briefing: "Intro\n## Not a phase\n### injects\n".into(),
            injects: vec![inject],
        };
        let runbook = Runbook { drill_days: Some(0), scenarios: vec![scenario], ..Runbook::new("r", "R") };
        let (runbook, notes) = fitted(runbook);
        let scenario = &runbook.scenarios[0];
        assert_eq!(runbook.drill_days, None);
        assert_eq!((scenario.key.as_str(), scenario.name.as_str()), ("power-cut", "Power cut"));
        assert_eq!(scenario.briefing, "Intro\n ## Not a phase\n ### injects");
        let inject = &scenario.injects[0];
        assert_eq!(
            (inject.message.as_str(), inject.expected_action.as_str(), inject.facilitator_notes.as_str()),
            ("The server is down", "Declare", "Watch closely")
        );
        assert_eq!(notes.len(), 5, "cadence, name, key, briefing, inject: {notes:?}");
    }

    #[test]
    fn fit_tidies_markdown_and_lists_silently_and_warns_about_what_it_drops() {
        let runbook = Runbook {
            id: "Disk Full".into(),
            title: " Disk full ".into(),
            tags: vec!["a".into(), " ".into(), "a ".into()],
            review_days: 0,
            context: "\n  \nText  \r\n\n".into(),
            review_template: "\n### Q \n".into(),
            steps: vec![Step {
                instructions: "\n\n  Indented\t\n\nEvidence: first\n  ".into(),
                ..Step::new("look", Phase::Identify, "Look")
            }],
            ..Runbook::new("", "")
        };
        let (runbook, notes) = fitted(runbook);
        assert_eq!((runbook.id.as_str(), runbook.title.as_str()), ("disk-full", "Disk full"));
        assert_eq!(runbook.tags, ["a"]);
        assert_eq!(runbook.review_days, DEFAULT_REVIEW_DAYS);
        assert_eq!(runbook.context, "Text");
        assert_eq!(runbook.review_template, "### Q");
        assert_eq!(runbook.steps[0].instructions, "  Indented\n\nEvidence: first");
        assert_eq!(notes.len(), 4, "id, empty tag, repeated tag, review interval: {notes:?}");
    }
}
