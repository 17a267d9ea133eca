//! Muster's Markdown format in both directions: writing then reading gives back the same
//! runbook, for the samples and for generated runbooks.

use std::collections::BTreeMap;
use std::path::Path;

use muster_core::drill::{Inject, Scenario};
use muster_core::format::markdown;
use muster_core::runbook::slug;
use muster_core::seed::SAMPLE_RUNBOOKS;
use muster_core::{Milestone, Phase, Role, Runbook, ServiceTargets, Step, StepCondition};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;

#[test]
fn every_sample_runbook_round_trips() {
    for (name, text) in SAMPLE_RUNBOOKS {
        let runbook = markdown::read(Path::new(name), text).unwrap_or_else(|err| panic!("{err}"));
        let written = markdown::write(&runbook);
        let again = markdown::read(Path::new(name), &written).unwrap_or_else(|err| panic!("{err}\n{written}"));
        assert_eq!(again, runbook, "{name}");
        assert_eq!(markdown::write(&again), written, "{name}: writing is stable");
    }
}

#[test]
fn writes_the_documented_shape() {
    let runbook = Runbook {
        summary: "A volume ran out of space.".into(),
        tags: vec!["storage".into(), "linux".into()],
        owner: "Platform team".into(),
        severities: vec!["SEV1".into(), "SEV2".into()],
        review_days: 90,
        review_template: "### What filled the disk?\n\n### Which alert should have fired earlier?".into(),
        context: "When `df` says 100 %.".into(),
        roles: vec![Role::new("ic", "Incident Commander"), Role::new("ops", "Operations")],
        targets: BTreeMap::from([(
            "SEV1".to_string(),
            ServiceTargets { acknowledge_minutes: Some(15), resolve_minutes: Some(90), ..Default::default() },
        )]),
        steps: vec![
            Step {
                role: Some("ops".into()),
                target_minutes: Some(10),
                instructions: "Run:\n\n```sh\ndf -h\n```".into(),
                ..Step::new("find-the-full-volume", Phase::Identify, "Find the full volume")
            },
            Step {
                role: Some("ic".into()),
                options: vec!["Yes".into(), "No".into()],
                ..Step::new("is-it-the-database", Phase::Identify, "Is it the database?")
            },
            Step {
                role: Some("ops".into()),
                target_minutes: Some(30),
                optional: true,
                condition: Some(StepCondition { step: "is-it-the-database".into(), option: "Yes".into() }),
                evidence: Some("the vendor's ticket number".into()),
                milestone: Some(Milestone::Mitigated),
                instructions: "Evidence: first line of instructions that looks like a directive.".into(),
                ..Step::new("page-the-database-vendor", Phase::Respond, "Page the database vendor")
            },
        ],
        ..Runbook::new("disk-full", "Disk full")
    };
    let expected = r#"+++
id = "disk-full"
title = "Disk full"
summary = "A volume ran out of space."
tags = ["storage", "linux"]
owner = "Platform team"
severities = ["SEV1", "SEV2"]
review_every = "90 d"

[roles]
ic = "Incident Commander"
ops = "Operations"

[targets.SEV1]
acknowledge = "15 min"
resolve = "1 h 30 min"
+++
# Disk full

When `df` says 100 %.

## Identify

- [ ] Find the full volume @ops within 10 min
  Run:

  ```sh
  df -h
  ```
- [ ] Is it the database? @ic
  Options: Yes | No

## Respond

- [ ] Page the database vendor @ops within 30 min (optional)
  Only if: is-it-the-database = Yes
  Evidence: the vendor's ticket number
  Milestone: mitigated

  Evidence: first line of instructions that looks like a directive.

## Recover

## Review

## Review template

### What filled the disk?

### Which alert should have fired earlier?
"#;
    let written = markdown::write(&runbook);
    assert_eq!(written, expected);
    assert_eq!(markdown::read(Path::new("disk-full.md"), &written).unwrap(), runbook);
}

/// The complete example of `docs/runbook-format.md` reads, and each error the page shows is
/// what the reader says for the small change the page describes.
#[test]
fn the_format_documentation_tells_the_truth() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/runbook-format.md")).unwrap();
    let block = |fence: &str, after: &str| {
        let section = doc.find(after).unwrap();
        let start = section + doc[section..].find(fence).unwrap() + fence.len();
        // The closing fence: the backticks of the opening one.
        let end = start + doc[start..].find(fence.trim_end_matches(char::is_alphabetic)).unwrap();
        doc[start..end].trim_start_matches('\n').to_string()
    };
    let example = block("````markdown", "## A complete example");
    let runbook = markdown::read(Path::new("disk-full.md"), &example).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!((runbook.review_days, runbook.tags.len(), runbook.steps.len()), (90, 2, 6));
    assert!(runbook.steps[3].optional && runbook.review_template.starts_with("### What filled the disk"));

    let changes = [
        ("summary =", "sumary ="),
        ("[\"storage\", \"linux\"]", "[\"storage\", \"linux\", \"storage\"]"),
        ("\"90 d\"", "\"36 h\""),
        ("\"15 min\"", "\"soon\""),
        ("## Respond\n", "## Respnd\n"),
        ("  Delete or compress", "Delete or compress"),
        ("## Recover\n", "## Review\n"),
    ];
    let said: Vec<String> = changes
        .iter()
        .map(|(from, to)| {
            assert!(example.contains(from), "{from}");
            markdown::read(Path::new("disk-full.md"), &example.replacen(from, to, 1)).unwrap_err().to_string()
        })
        .collect();
    let shown = block("```text", "## Errors");
    let shown: Vec<&str> = shown.lines().collect();
    assert_eq!(said, shown);

    // The drill section's inline examples, from the example's scenario.
    let scenario = &runbook.scenarios[0];
    assert_eq!((runbook.drill_days, scenario.key.as_str(), scenario.injects.len()), (Some(90), "log-storm", 2));
    for (from, to) in [("1. T+0 min", "1. 0 min"), ("Step: free-space", "Step: free-space-now")] {
        let said = markdown::read(Path::new("disk-full.md"), &example.replacen(from, to, 1)).unwrap_err().to_string();
        assert!(doc.contains(&format!("`{said}`")), "{said}");
    }
}

// The domain of the round trip, which the generators below stay inside:
// - ids, role ids and step keys are slugs; a step's key is the slug of its title, with `-2`,
//   `-3`… for repeats, exactly as the reader derives it (keys are not written to the file);
// - one-line texts (titles, summary, owner, tags, severities, names, duties, options, evidence) have no
//   line breaks or control characters and no surrounding spaces; tags and severities are
//   distinct and not empty; a step title has a letter or digit and no `@`, and does not end in
//   something the reader takes for an annotation (` within 10 min`, `(optional)`); an option
//   has no `|`;
// - Markdown texts (context, instructions, review template, briefings) have no trailing
//   whitespace on any line and no blank lines at either end; the context and briefings have no
//   line starting with `## ` (that is a phase or scenario heading), nor a briefing an
//   `### Injects` line. Anything else goes: lines that look like steps, injects, headings,
//   directives, front matter fences or code fences;
// - steps are in phase order; a condition names an option of an earlier decision step; a step's
//   role is declared; milestones are the three a step can set; the review interval and the drill
//   cadence are ≥ 1 day;
// - scenario keys are distinct slugs; scenario names and inject texts are one-line texts (an
//   inject's message is not empty); injects have distinct numbers and come in offset order; an
//   inject's recipient is a declared role and its step a step of the runbook.

/// Characters for one-line texts: ASCII punctuation that TOML or Markdown treat specially,
/// and letters outside ASCII.
const LINE_CHARS: &str = r#"[a-zA-Z0-9 "'\\:;,.!?()\[\]{}#*_`<>=+~/&%$^-]|é|ß|通|🙂"#;

fn one_line(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("({LINE_CHARS}){{0,{max}}}"))
        .expect("regex")
        .prop_map(|s| s.trim().to_string())
}

fn non_empty_line(max: usize) -> impl Strategy<Value = String> {
    one_line(max).prop_filter("not empty", |s| !s.is_empty())
}

fn step_title() -> impl Strategy<Value = String> {
    non_empty_line(24).prop_filter("a title the reader keeps whole", |t| {
        !slug(t).is_empty()
            && !t.contains(" within ")
            && !t.to_ascii_lowercase().ends_with("(optional)")
            && !t.contains('@')
    })
}

fn distinct(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// A line of Markdown, including the kinds the reader treats specially outside a step.
fn markdown_line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        6 => proptest::string::string_regex(&format!("( |\t)?({LINE_CHARS}){{0,30}}"))
            .expect("regex")
            .prop_map(|s| s.trim_end().to_string()),
        1 => prop::sample::select(vec![
            "## Heading",
            "# Top heading",
            "### Sub-heading",
            "- [ ] not a step here",
            "* [ ] nor here",
            "+++",
            "```sh",
            "Evidence: a note",
            "Options: Yes | No",
            "only if: x = y",
            "Milestone: resolved",
            "### Injects",
            "## Drill scenario: Not here",
            "1. T+5 min → everyone: not an inject here",
            "Key: not-a-key-here",
            "   Expected: nothing",
            "  - nested item",
            "\tTabbed",
        ])
        .prop_map(str::to_string),
    ]
}

fn markdown(lines: usize) -> impl Strategy<Value = String> {
    vec(markdown_line(), 0..lines).prop_map(|lines| without_blank_ends(&lines))
}

fn context() -> impl Strategy<Value = String> {
    vec(markdown_line().prop_filter("not a phase heading", |line| !line.starts_with("## ")), 0..8)
        .prop_map(|lines| without_blank_ends(&lines))
}

/// The lines as one text without blank lines at either end.
fn without_blank_ends(lines: &[String]) -> String {
    let text = lines.join("\n");
    let start =
        text.find(|c: char| !c.is_whitespace()).map_or(text.len(), |i| text[..i].rfind('\n').map_or(0, |nl| nl + 1));
    text[start..].trim_end().to_string()
}

/// A scenario's briefing: Markdown without the lines that end it.
fn briefing() -> impl Strategy<Value = String> {
    let ends_it = |line: &String| line.starts_with("## ") || line.to_ascii_lowercase().starts_with("### injects");
    vec(markdown_line().prop_filter("does not end the briefing", move |line| !ends_it(line)), 0..6)
        .prop_map(|lines| without_blank_ends(&lines))
}

fn minutes() -> impl Strategy<Value = Option<u32>> {
    prop::option::of(0u32..20_000)
}

fn targets() -> impl Strategy<Value = BTreeMap<String, ServiceTargets>> {
    let severity = proptest::string::string_regex("[A-Za-z0-9 é._-]{1,8}").expect("regex");
    let targets = (minutes(), minutes(), minutes(), minutes()).prop_map(|(a, m, r, u)| ServiceTargets {
        acknowledge_minutes: a,
        mitigate_minutes: m,
        resolve_minutes: r,
        update_minutes: u,
    });
    prop::collection::btree_map(severity, targets, 0..3)
}

fn role_id() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,5}){0,2}"
}

/// A step before its references are resolved: which role, which earlier decision and option.
#[derive(Debug, Clone)]
struct StepDraft {
    phase: Phase,
    title: String,
    instructions: String,
    role: Option<Index>,
    target_minutes: Option<u32>,
    evidence: Option<String>,
    options: Vec<String>,
    condition: Option<(Index, Index)>,
    milestone: Option<Milestone>,
    optional: bool,
}

fn step_draft() -> impl Strategy<Value = StepDraft> {
    let option =
        non_empty_line(10).prop_map(|o| o.replace('|', "/").trim().to_string()).prop_filter("", |o| !o.is_empty());
    (
        (prop::sample::select(Phase::ALL.to_vec()), step_title(), markdown(6), prop::option::of(any::<Index>())),
        (minutes(), prop::option::of(non_empty_line(20)), prop_oneof![Just(vec![]), vec(option, 2..4)]),
        (
            prop::option::of((any::<Index>(), any::<Index>())),
            prop::option::of(prop::sample::select(vec![
                Milestone::Acknowledged,
                Milestone::Mitigated,
                Milestone::Resolved,
            ])),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (phase, title, instructions, role),
                (target_minutes, evidence, options),
                (condition, milestone, optional),
            )| {
                StepDraft {
                    phase,
                    title,
                    instructions,
                    role,
                    target_minutes,
                    evidence,
                    options,
                    condition,
                    milestone,
                    optional,
                }
            },
        )
}

/// Turns drafts into steps in phase order, with keys derived from titles as the reader does
/// and references that point at declared roles and earlier decisions.
fn resolve(mut drafts: Vec<StepDraft>, roles: &[Role]) -> Vec<Step> {
    drafts.sort_by_key(|draft| draft.phase);
    let mut steps: Vec<Step> = Vec::new();
    for draft in drafts {
        let base = slug(&draft.title);
        let mut key = base.clone();
        let mut n = 2;
        while steps.iter().any(|s| s.key == key) {
            key = format!("{base}-{n}");
            n += 1;
        }
        let decisions: Vec<&Step> = steps.iter().filter(|s| s.is_decision()).collect();
        let condition = draft.condition.filter(|_| !decisions.is_empty()).map(|(which, option)| {
            let decision = decisions[which.index(decisions.len())];
            StepCondition { step: decision.key.clone(), option: option.get(&decision.options).clone() }
        });
        let role = draft.role.filter(|_| !roles.is_empty()).map(|i| i.get(roles).id.clone());
        steps.push(Step {
            instructions: draft.instructions,
            role,
            target_minutes: draft.target_minutes,
            evidence: draft.evidence,
            options: draft.options,
            condition,
            milestone: draft.milestone,
            optional: draft.optional,
            ..Step::new(&key, draft.phase, &draft.title)
        });
    }
    steps
}

/// An inject before its references are resolved: the gap to the inject before it, the
/// message, which role, the expected action, which step, the facilitator notes.
type InjectDraft = (u32, String, Option<Index>, String, Option<Index>, String);

fn inject_draft() -> impl Strategy<Value = InjectDraft> {
    (
        prop_oneof![Just(0u32), 1u32..120, 60u32..20_000],
        non_empty_line(30),
        prop::option::of(any::<Index>()),
        one_line(20),
        prop::option::of(any::<Index>()),
        one_line(30),
    )
}

/// Scenarios with keys given or derived from their names (a repeated key drops the scenario),
/// and injects numbered with gaps, in offset order, whose recipients and steps point at what
/// the runbook has.
fn resolve_scenarios(
    drafts: Vec<(String, Option<String>, String, Vec<InjectDraft>)>,
    roles: &[Role],
    steps: &[Step],
) -> Vec<Scenario> {
    let mut scenarios: Vec<Scenario> = Vec::new();
    for (index, (name, key, briefing, injects)) in drafts.into_iter().enumerate() {
        let key = key.unwrap_or_else(|| slug(&name));
        let key = if key.is_empty() { format!("s-{index}") } else { key };
        if scenarios.iter().any(|s| s.key == key) {
            continue;
        }
        let mut offset = 0;
        let injects = injects
            .into_iter()
            .zip((1u32..).step_by(2))
            .map(|((gap, message, recipient, expected_action, step, facilitator_notes), number)| {
                offset += gap;
                Inject {
                    number,
                    offset_seconds: offset,
                    message,
                    recipient: recipient.filter(|_| !roles.is_empty()).map(|r| r.get(roles).id.clone()),
                    expected_action,
                    step: step.filter(|_| !steps.is_empty()).map(|s| s.get(steps).key.clone()),
                    facilitator_notes,
                }
            })
            .collect();
        scenarios.push(Scenario { key, name, briefing, injects });
    }
    scenarios
}

fn runbook() -> impl Strategy<Value = Runbook> {
    let head = (
        role_id(),
        non_empty_line(30),
        one_line(60),
        vec(non_empty_line(12), 0..4).prop_map(distinct),
        one_line(20),
        vec(non_empty_line(8), 0..3).prop_map(distinct),
        1u32..5000,
    );
    let body = (
        context(),
        markdown(8),
        vec((role_id(), one_line(20), prop_oneof![Just(String::new()), one_line(40)]), 0..4),
        targets(),
        vec(step_draft(), 0..10),
    );
    let drills = (
        prop::option::of(1u32..5000),
        vec((non_empty_line(24), prop::option::of(role_id()), briefing(), vec(inject_draft(), 0..5)), 0..3),
    );
    (head, body, drills).prop_map(
        |(
            (id, title, summary, tags, owner, severities, review_days),
            (context, review_template, roles, targets, drafts),
            (drill_days, scenarios),
        )| {
            let mut declared: Vec<Role> = Vec::new();
            for (id, name, duties) in roles {
                if !declared.iter().any(|r| r.id == id) {
                    declared.push(Role { duties, ..Role::new(&id, &name) });
                }
            }
            let steps = resolve(drafts, &declared);
            let scenarios = resolve_scenarios(scenarios, &declared, &steps);
            Runbook {
                summary,
                tags,
                owner,
                severities,
                review_days,
                drill_days,
                scenarios,
                review_template,
                context,
                roles: declared,
                targets,
                steps,
                ..Runbook::new(&id, &title)
            }
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn reading_what_was_written_gives_the_same_runbook(runbook in runbook()) {
        let written = markdown::write(&runbook);
        let read = markdown::read(Path::new("generated.md"), &written);
        prop_assert!(read.is_ok(), "{}\n--- file ---\n{written}", read.unwrap_err());
        prop_assert_eq!(read.unwrap(), runbook, "--- file ---\n{}", written);
    }
}

/// Any text, with what the format reads specially: line breaks, carriage returns, tabs, spaces
/// at the ends, `## ` and step-like lines, annotations, `|`, and letters without a slug.
fn wild_text(max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::string::string_regex(&format!("({LINE_CHARS}){{0,8}}")).expect("regex"),
        1 => prop::sample::select(vec![
            "\n", "\r\n", "\r", "\n\n", " ", "\t", "\u{a0}", "## ", "\n## ", "- [ ] ", "+++", "```", " @ops",
            "@", " within 10 min", " (optional)", "|", "Evidence: ", "🔥", "\n  ",
        ])
        .prop_map(str::to_string),
    ];
    vec(piece, 0..max).prop_map(|pieces| pieces.concat())
}

/// A runbook with any texts, but sound structure (roles declared, targets, no decisions).
fn wild_runbook() -> impl Strategy<Value = Runbook> {
    let step = (
        prop::sample::select(Phase::ALL.to_vec()),
        wild_text(6),
        wild_text(10),
        any::<bool>(),
        minutes(),
        prop::option::of(wild_text(4)),
        any::<bool>(),
    );
    // Distinct keys and non-empty messages: that is structure, which `fit` does not repair.
    let scenario = (wild_text(3), wild_text(4), wild_text(10), vec((wild_text(6), wild_text(4), wild_text(4)), 0..3));
    (
        (wild_text(6), wild_text(6), wild_text(4), vec(wild_text(3), 0..4), vec(wild_text(3), 0..3), 0u32..400),
        (wild_text(12), wild_text(12), vec(step, 0..6)),
        (prop::option::of(0u32..400), vec(scenario, 0..3)),
    )
        .prop_map(
            |(
                (id, title, owner, tags, severities, review_days),
                (context, review_template, steps),
                (drill_days, scenarios),
            )| {
                let steps = steps
                    .into_iter()
                    .map(|(phase, title, instructions, owned, target_minutes, evidence, optional)| Step {
                        instructions,
                        role: owned.then(|| "ops".to_string()),
                        target_minutes,
                        evidence,
                        optional,
                        ..Step::new(&slug(&title), phase, &title)
                    })
                    .collect();
                let mut steps: Vec<Step> = steps;
                steps.sort_by_key(|s| s.phase);
                let scenarios = scenarios
                    .into_iter()
                    .enumerate()
                    .map(|(index, (name, key, briefing, injects))| Scenario {
                        key: format!("{index}{key}"),
                        name,
                        briefing,
                        injects: injects
                            .into_iter()
                            .zip(1..)
                            .map(|((message, expected_action, facilitator_notes), number)| Inject {
                                number,
                                offset_seconds: number * 60,
                                message: format!("m{message}"),
                                recipient: Some("ops".into()),
                                expected_action,
                                step: None,
                                facilitator_notes,
                            })
                            .collect(),
                    })
                    .collect();
                Runbook {
                    owner,
                    tags,
                    severities,
                    review_days,
                    drill_days,
                    scenarios,
                    context,
                    review_template,
                    roles: vec![Role::new("ops", "Operations")],
                    steps,
                    ..Runbook::new(&id, &title)
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// `fit` changes nothing inside the domain, and says nothing.
    #[test]
    fn fit_leaves_a_runbook_of_the_domain_as_it_is(runbook in runbook()) {
        prop_assert_eq!(markdown::fit(runbook.clone()), (runbook, Vec::new()));
    }

    /// `fit` brings any runbook into the domain: what it gives reads back unchanged, and
    /// fitting that again changes nothing.
    #[test]
    fn fit_brings_any_runbook_into_the_domain(runbook in wild_runbook()) {
        let (fitted, _) = markdown::fit(runbook);
        let written = markdown::write(&fitted);
        let read = markdown::read(Path::new("fitted.md"), &written);
        prop_assert!(read.is_ok(), "{}\n--- file ---\n{written}", read.unwrap_err());
        prop_assert_eq!(read.unwrap(), fitted.clone(), "--- file ---\n{}", written);
        prop_assert_eq!(markdown::fit(fitted.clone()), (fitted, Vec::new()));
    }
}

proptest! {
    // Each case opens two databases: fewer cases than the format's own property.
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// Through the library: saved in one database, exported to a folder, imported into another,
    /// the runbook comes back as it was saved.
    #[test]
    fn exporting_then_importing_into_another_library_gives_the_same_runbook(
        runbook in runbook().prop_filter("a runbook the store accepts", |r| r.problems().is_empty())
    ) {
        let mut source = crate::Fixture::new();
        source.store.save_runbook(&runbook, "Ana", "generated").unwrap();
        let dir = source.dir.path().join("export");
        muster_core::library::export_runbooks(&source.store, &dir, Some(&runbook.id)).unwrap();

        let mut target = crate::Fixture::new();
        let reports = muster_core::library::import_paths(&mut target.store, &[dir], "Bo").unwrap();
        prop_assert_eq!(reports.len(), 1);
        prop_assert_eq!(&reports[0].error, &None);
        prop_assert_eq!(target.store.runbook(&runbook.id).unwrap(), (runbook, 1));
    }
}

mod library {
    use muster_core::format::markdown;
    use muster_core::library::{export_runbooks, import_file, runbook_files, IMPORT_EXTENSIONS};
    use muster_core::{ImportOutcome, ImportStatus, Runbook};

    use crate::Fixture;

    fn outcome(id: &str, revision: u32, status: ImportStatus) -> Option<ImportOutcome> {
        Some(ImportOutcome { id: id.into(), revision, status })
    }

    #[test]
    fn exporting_then_importing_the_library_changes_nothing() {
        let mut f = Fixture::new();
        let dir = f.dir.path().join("export");
        let written = export_runbooks(&f.store, &dir, None).unwrap();
        let names: Vec<_> = written.iter().map(|p| p.file_name().unwrap().to_str().unwrap()).collect();
        assert_eq!(names, ["customer-service-disruption.md", "data-centre-power-loss.md", "it-system-outage.md"]);
        let before = f.store.list_runbooks().unwrap();
        for file in runbook_files(std::slice::from_ref(&dir), IMPORT_EXTENSIONS).unwrap() {
            let id = file.file_stem().unwrap().to_str().unwrap().to_string();
            let result = import_file(&mut f.store, &file, "Ana").unwrap();
            assert_eq!(result.outcome, outcome(&id, 1, ImportStatus::Unchanged));
            assert!(result.imported.report.is_empty());
        }
        assert_eq!(f.store.list_runbooks().unwrap(), before);
        assert!(!dir.join(".it-system-outage.md.tmp").exists(), "no temporary file is left behind");
    }

    #[test]
    fn importing_a_changed_file_makes_a_new_revision_and_keeps_the_old_one() {
        let mut f = Fixture::new();
        let dir = f.dir.path().join("export");
        let file = export_runbooks(&f.store, &dir, Some("it-system-outage")).unwrap().remove(0);
        let text =
            std::fs::read_to_string(&file).unwrap().replace("review_every = \"180 d\"", "review_every = \"30 d\"");
        std::fs::write(&file, text).unwrap();

        let result = import_file(&mut f.store, &file, "Ana").unwrap();
        assert_eq!(result.outcome, outcome("it-system-outage", 2, ImportStatus::NewRevision));
        assert_eq!(f.store.runbook("it-system-outage").unwrap().0.review_days, 30);
        assert_eq!(f.store.runbook_revision("it-system-outage", 1).unwrap().review_days, 180);
        let again = import_file(&mut f.store, &file, "Ana").unwrap();
        assert_eq!(again.outcome, outcome("it-system-outage", 2, ImportStatus::Unchanged));
    }

    #[test]
    fn a_new_runbook_is_created_and_a_broken_file_saves_nothing() {
        let mut f = Fixture::new();
        let file = f.dir.path().join("disk.md");
        let runbook =
            Runbook { summary: "A volume ran out of space.".into(), ..Runbook::new("disk-full", "Disk full") };
        std::fs::write(&file, markdown::write(&runbook)).unwrap();
        let result = import_file(&mut f.store, &file, "Ana").unwrap();
        assert_eq!(result.outcome, outcome("disk-full", 1, ImportStatus::Created));
        assert_eq!(f.store.runbook("disk-full").unwrap().0, runbook);

        std::fs::write(&file, "+++\ntitle = \"Disk full\"\nreview_every = \"soon\"\n+++\n").unwrap();
        let err = import_file(&mut f.store, &file, "Ana").unwrap_err().to_string();
        assert!(
            err.ends_with("disk.md:3:16: review_every: 'soon' is not a duration (try '180 d' or '90 days')"),
            "{err}"
        );
        assert_eq!(f.store.runbook("disk-full").unwrap().1, 1);
    }

    #[test]
    fn role_names_are_not_part_of_a_revision() {
        let mut f = Fixture::new();
        let (mut runbook, _) = f.store.runbook("it-system-outage").unwrap();
        runbook.roles[0].name = "Incident Lead".into();
        let result = f.store.import_runbook(&runbook, "Ana", "").unwrap();
        assert_eq!(result, ImportOutcome { id: runbook.id.clone(), revision: 1, status: ImportStatus::Unchanged });
        runbook.roles.reverse();
        let result = f.store.import_runbook(&runbook, "Ana", "").unwrap();
        assert_eq!(result.status, ImportStatus::NewRevision, "the order of the roles is");
    }

    #[test]
    fn folders_are_read_recursively_in_name_order_without_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in ["b.md", "a/c.json", "a/z.markdown", "notes.txt", ".git/x.md", "a/.draft.md"] {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let files = runbook_files(&[root.to_path_buf(), root.join("notes.txt")], IMPORT_EXTENSIONS).unwrap();
        let relative: Vec<_> = files.iter().map(|p| p.strip_prefix(root).unwrap().to_str().unwrap()).collect();
        assert_eq!(relative, ["a/c.json", "a/z.markdown", "b.md", "notes.txt"]);
        let err = runbook_files(&[root.join("missing")], IMPORT_EXTENSIONS).unwrap_err().to_string();
        assert!(err.contains("missing") && err.contains("No such file"), "{err}");
    }

    #[test]
    fn exporting_an_unknown_runbook_fails_and_writes_nothing() {
        let f = Fixture::new();
        let dir = f.dir.path().join("export");
        let err = export_runbooks(&f.store, &dir, Some("ghost")).unwrap_err().to_string();
        assert_eq!(err, "runbook 'ghost' does not exist");
        assert!(!dir.exists());
    }
}
