//! Importing what teams already have: alert runbooks in Markdown (the prometheus-operator
//! runbooks in `shared/fixtures`), generic Markdown, and Mattermost Playbooks exports.
//! Every imported runbook must also pass the store's validation, so each test saves it.
//!
//! Snapshots: `tests/fixtures/import/*.snapshot.txt` hold the reviewed summary of two mapped
//! runbooks. Run with `UPDATE_SNAPSHOTS=1` to rewrite them after an intended change, then
//! review the diff.

use std::path::{Path, PathBuf};

use muster_core::format::{import_file, import_text, markdown, ImportFormat, Imported, NoteKind};
use muster_core::{Phase, Runbook};

use crate::Fixture;

/// `shared/fixtures/runbooks/prometheus-operator`, next to the project's checkout
/// (`/work/main` → `/work/shared`; CI lays `shared/` beside its clone the same way).
fn prometheus_runbooks() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/runbooks/prometheus-operator")
}

fn own_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|err| panic!("{}: {err}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(markdown_files(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn is_index_page(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "_index.md")
}

fn save(fixture: &mut Fixture, runbook: &Runbook) {
    fixture
        .store
        .save_runbook(runbook, "import-test", "imported")
        .unwrap_or_else(|err| panic!("saving the imported runbook '{}': {err}", runbook.id));
}

fn messages(imported: &Imported, kind: NoteKind) -> Vec<&str> {
    imported.report.iter().filter(|n| n.kind == kind).map(|n| n.message.as_str()).collect()
}

#[test]
fn every_prometheus_operator_runbook_imports_and_saves() {
    let files = markdown_files(&prometheus_runbooks());
    assert_eq!(files.len(), 56, "54 runbooks and 2 index pages");
    let mut fixture = Fixture::new();
    for path in &files {
        let imported = import_file(path).unwrap_or_else(|err| panic!("{err}"));
        let name = path.display();
        assert_eq!(imported.format, ImportFormat::AlertMarkdown, "{name}");
        assert!(!imported.report.is_empty(), "{name}: no report");
        let runbook = &imported.runbook;
        if is_index_page(path) {
            assert!(runbook.steps.is_empty(), "{name}");
            assert!(messages(&imported, NoteKind::Warning).iter().any(|m| m.starts_with("index page")), "{name}");
        } else {
            assert!(!runbook.steps.is_empty(), "{name}: no steps");
            assert!(runbook.context.contains("### Meaning") || runbook.context.contains("### Impact"), "{name}");
            assert!(!runbook.summary.is_empty(), "{name}: no summary");
            // Context never holds a line Muster's own format would read as a phase heading.
            assert!(!runbook.context.lines().any(|l| l.starts_with("## ")), "{name}");
        }
        save(&mut fixture, runbook);
    }
    let saved: Vec<String> = fixture.store.list_runbooks().unwrap().into_iter().map(|r| r.id).collect();
    assert!(saved.contains(&"kube-pod-crash-looping".to_string()), "{saved:?}");
    assert!(saved.contains(&"alertmanager-cluster-down".to_string()), "{saved:?}");
}

#[test]
fn imported_runbooks_survive_muster_markdown_unchanged() {
    // What an import produces can be exported to Muster's own format and read back as is:
    // no context line reads as a phase heading, no instruction as a directive.
    let mut files = markdown_files(&prometheus_runbooks());
    files.push(prometheus_runbooks().join("../../mattermost/playbook-export.json"));
    files.push(own_fixture("mattermost-database-outage.json"));
    for path in files {
        let imported = import_file(&path).unwrap().runbook;
        let text = markdown::write(&imported);
        let read = markdown::read(Path::new("exported.md"), &text)
            .unwrap_or_else(|err| panic!("{}: {err}\n{text}", path.display()));
        assert_eq!(read, imported, "{}", path.display());
    }
}

#[test]
fn ids_come_from_file_names_and_titles_from_front_matter() {
    let dir = prometheus_runbooks();
    let imported = import_file(&dir.join("kubernetes/KubeAPIDown.md")).unwrap();
    assert_eq!(imported.runbook.id, "kube-api-down");
    assert_eq!(imported.runbook.title, "Kube API Down");
    let index = import_file(&dir.join("alertmanager/_index.md")).unwrap();
    assert_eq!((index.runbook.id.as_str(), index.runbook.title.as_str()), ("alertmanager", "alertmanager"));
}

#[test]
fn commands_and_links_are_kept_exactly() {
    let dir = prometheus_runbooks();
    let imported = import_file(&dir.join("kubernetes/KubeletDown.md")).unwrap();
    let first = &imported.runbook.steps[0];
    assert_eq!(first.phase, Phase::Identify);
    assert!(
        first.instructions.contains(
            "```shell\n$ kubectl get nodes\n$ kubectl describe node $NODE_NAME\n\
             $ kubectl get events --field-selector 'involvedObject.kind=Node'\n$ kubectl get events\n```"
        ),
        "{}",
        first.instructions
    );
    let link = imported.runbook.steps.iter().find(|s| s.title == "See Kubernetes Docs - kubelet").unwrap();
    assert_eq!(
        link.instructions,
        "See [Kubernetes Docs - kubelet](https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/)"
    );
}

/// The reviewed shape of an imported runbook: what a person checks after an import.
fn summary(imported: &Imported) -> String {
    let runbook = &imported.runbook;
    let mut out = String::new();
    out.push_str(&format!("format: {}\n", imported.format.as_str()));
    out.push_str(&format!("id: {}\ntitle: {}\nsummary: {}\n", runbook.id, runbook.title, runbook.summary));
    let excerpt: String = runbook.context.chars().take(300).collect();
    out.push_str(&format!("context ({} chars), first 300:\n{excerpt}\n", runbook.context.len()));
    for phase in Phase::ALL {
        let steps: Vec<_> = runbook.steps_in(phase).collect();
        if steps.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{}:\n", phase.as_str()));
        for (n, step) in steps.iter().enumerate() {
            out.push_str(&format!("  {}. {} [{}]\n", n + 1, step.title, step.key));
        }
    }
    let command = runbook.steps.iter().find_map(|s| first_code_block(&s.instructions));
    out.push_str(&format!("\nfirst command block:\n{}\n", command.unwrap_or("(none)")));
    out.push_str("\nreport:\n");
    for note in &imported.report {
        let line = note.line.map(|l| format!(" line {l}")).unwrap_or_default();
        out.push_str(&format!("  {:?}{line}: {}\n", note.kind, note.message));
    }
    out
}

fn first_code_block(markdown: &str) -> Option<&str> {
    let start = markdown.find("```")?;
    let body_start = start + markdown[start..].find('\n')? + 1;
    let end = body_start + markdown[body_start..].find("```")? + 3;
    Some(&markdown[start..end])
}

fn assert_snapshot(name: &str, actual: &str) {
    let path = own_fixture(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("{}: {err} (run with UPDATE_SNAPSHOTS=1 to create it)", path.display()));
    assert_eq!(actual, expected, "{name} differs; run with UPDATE_SNAPSHOTS=1 and review the diff if intended");
}

#[test]
fn snapshot_of_a_classic_alert_runbook() {
    // Meaning / Impact / Diagnosis / Mitigation with commands, prose and a list.
    let imported = import_file(&prometheus_runbooks().join("kubernetes/KubeAPIDown.md")).unwrap();
    assert_snapshot("kube-api-down.snapshot.txt", &summary(&imported));
}

#[test]
fn snapshot_of_an_unusual_alert_runbook() {
    // No Meaning, sections Muster does not know (Critical, Warning), a general "Runbook"
    // section with numbered items and a sub-section of PromQL queries.
    let imported = import_file(&prometheus_runbooks().join("kubernetes/KubeAPIErrorBudgetBurn.md")).unwrap();
    assert_snapshot("kube-api-error-budget-burn.snapshot.txt", &summary(&imported));
}

#[test]
fn verification_and_clean_up_items_of_a_mitigation_go_to_recover() {
    let text = "# Disk full\n\n## Meaning\n\nThe disk is full.\n\n## Diagnosis\n\n- Run `df -h`\n\n\
                ## Mitigation\n\n- Delete old logs\n- Verify that writes succeed\n- Clean up the temporary files\n\n\
                ## Follow-up\n\n- Add an alert at 80 %\n";
    let imported = import_text(Path::new("disk-full.md"), text).unwrap();
    let phases: Vec<(Phase, &str)> = imported.runbook.steps.iter().map(|s| (s.phase, s.title.as_str())).collect();
    assert_eq!(
        phases,
        [
            (Phase::Identify, "Run df -h"),
            (Phase::Respond, "Delete old logs"),
            (Phase::Recover, "Verify that writes succeed"),
            (Phase::Recover, "Clean up the temporary files"),
            (Phase::Review, "Add an alert at 80 %"),
        ]
    );
    assert!(messages(&imported, NoteKind::Info)
        .contains(&"Mitigation: 3 list items → Respond step 1 and Recover steps 1–2"));
    let mitigation = imported.report.iter().find(|n| n.message.starts_with("Mitigation")).unwrap();
    assert_eq!(mitigation.line, Some(11));
    assert_eq!(imported.runbook.id, "disk-full");
    let mut fixture = Fixture::new();
    save(&mut fixture, &imported.runbook);
}

#[test]
fn generic_markdown_becomes_one_step_per_list_item_with_a_warning() {
    let text = "# Office flood\n\nWhat to do when water comes in.\n\n\
                ## Things to do\n\n- Switch off the power\n- Move the servers up\n  to the first floor\n\
                - Call the insurer\n\nKeep receipts.\n";
    let imported = import_text(Path::new("office flood.md"), text).unwrap();
    let runbook = &imported.runbook;
    assert_eq!(runbook.id, "office-flood");
    let titles: Vec<&str> = runbook.steps.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Switch off the power", "Move the servers up to the first floor", "Call the insurer"]);
    assert!(runbook.steps.iter().all(|s| s.phase == Phase::Respond));
    // A one-sentence item without markup needs no instructions besides its title.
    assert_eq!(runbook.steps[1].instructions, "");
    assert_eq!(runbook.context, "What to do when water comes in.\n\n### Things to do\n\nKeep receipts.");
    let warnings = messages(&imported, NoteKind::Warning);
    assert!(warnings.iter().any(|w| w.contains("3 list items → Respond steps 1–3")), "{warnings:?}");
    let mut fixture = Fixture::new();
    save(&mut fixture, runbook);
}

#[test]
fn markdown_without_lists_becomes_one_step_per_section() {
    let text = "# Lost laptop\n\n## Lock the account\n\nIn the admin console.\n\n## Tell security\n\nCall 555-0100.\n";
    let imported = import_text(Path::new("lost-laptop.md"), text).unwrap();
    let titles: Vec<&str> = imported.runbook.steps.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Lock the account", "Tell security"]);
    assert_eq!(imported.runbook.steps[1].instructions, "Call 555-0100.");
    assert!(messages(&imported, NoteKind::Warning).iter().any(|w| w.contains("2 sections → Respond steps 1–2")));
}

#[test]
fn markdown_with_no_structure_is_context_only_with_a_warning() {
    let imported = import_text(Path::new("notes.md"), "Just some notes.\n").unwrap();
    assert!(imported.runbook.steps.is_empty());
    assert_eq!(imported.runbook.context, "Just some notes.");
    assert!(messages(&imported, NoteKind::Warning).iter().any(|w| w.starts_with("no sections and no list items")));
}

#[test]
fn unclosed_front_matter_is_an_error_at_the_first_line() {
    let err = import_text(Path::new("broken.md"), "---\ntitle: X\n# X\n").unwrap_err().to_string();
    assert_eq!(err, "broken.md:1:1: front matter is not closed: add a '---' line after it");
}

#[test]
fn the_mattermost_fixture_imports_with_its_targets_and_notes() {
    let path = prometheus_runbooks().join("../../mattermost/playbook-export.json");
    let imported = import_file(&path).unwrap();
    assert_eq!(imported.format, ImportFormat::Mattermost);
    let runbook = &imported.runbook;
    assert_eq!((runbook.id.as_str(), runbook.title.as_str()), ("example-playbook", "Example Playbook"));
    assert!(runbook.context.starts_with("Customize this playbook's description"));
    let steps: Vec<(Phase, &str, &str)> =
        runbook.steps.iter().map(|s| (s.phase, s.key.as_str(), s.title.as_str())).collect();
    assert_eq!(steps, [(Phase::Respond, "untitled-task", "Untitled task")]);
    assert!(runbook.review_template.starts_with("### Summary\nThis should contain 2-3 sentences"));
    // 604800 s = 7 days, for each of the default severities.
    assert_eq!(runbook.targets.keys().collect::<Vec<_>>(), ["SEV1", "SEV2", "SEV3", "SEV4"]);
    assert!(runbook.targets.values().all(|t| t.update_minutes == Some(7 * 24 * 60) && t.resolve_minutes.is_none()));
    let warnings = messages(&imported, NoteKind::Warning);
    assert!(warnings.contains(
        &"checklist 'Default checklist': 1 task → Respond step 1 (no phase word in its title: no checklist names a phase; check the phase)"
    ), "{warnings:?}");
    for key in
        ["create_channel_member_on_new_participant", "create_channel_member_on_removed_participant", "message_on_join"]
    {
        assert!(warnings.iter().any(|w| w.starts_with(&format!("not imported: {key} = "))), "{key}: {warnings:?}");
    }
    let mut fixture = Fixture::new();
    save(&mut fixture, runbook);
}

#[test]
fn a_full_mattermost_export_maps_phases_commands_due_dates_and_reports_the_rest() {
    let imported = import_file(&own_fixture("mattermost-database-outage.json")).unwrap();
    let runbook = &imported.runbook;
    let steps: Vec<(Phase, &str, Option<u32>)> =
        runbook.steps.iter().map(|s| (s.phase, s.title.as_str(), s.target_minutes)).collect();
    assert_eq!(
        steps,
        [
            (Phase::Identify, "Confirm the outage", Some(10)),
            (Phase::Identify, "Page the database on-call", Some(15)),
            (Phase::Respond, "Fail over to the replica", Some(30)),
            (Phase::Respond, "Post a status page update", None),
            (Phase::Recover, "Verify that writes succeed", Some(60)),
            (Phase::Review, "Schedule the post-incident review", Some(2880)),
        ]
    );
    assert_eq!(runbook.steps[1].instructions, "```sh\n/pagerduty trigger db-oncall\n```");
    assert_eq!(
        runbook.steps[2].instructions,
        "Only after the on-call agrees.\n\n```sh\n/runbook failover db-primary\n```"
    );
    assert_eq!(runbook.review_template, "### What happened?\n\n### What will we change?");
    assert!(runbook.targets.values().all(|t| t.update_minutes == Some(30)));

    let warnings = messages(&imported, NoteKind::Warning);
    let expected = [
        "checklist 'Stakeholder updates': 1 task → Respond step 2 (no phase word in its title: the checklist before it; check the phase)",
        "not imported: metric 'Time to failover' (metric_duration, target 1800000): Muster has no playbook metrics",
        "not imported: reminder_message_template = \"### Status\\n\\n### Next steps\" (status update template)",
        "not imported: signal_any_keywords = [2 entries] (keyword triggers)",
        "not imported: signal_any_keywords_enabled = true (keyword triggers)",
        "not imported: channel_name_template = \"db-outage-{date}\" (channel setting)",
        "not imported: unknown field runbook_url = \"https://wiki.example.com/db\"",
        "not imported: checklists[1].items[0].state = \"closed\" (run state)",
        "not imported: unknown field checklists[4].items[0].escalation_policy = \"db-team\"",
        "not imported: message_on_join_enabled = false (channel welcome message)",
    ];
    for note in expected {
        assert!(warnings.contains(&note), "missing {note:?} in {warnings:#?}");
    }
    // An empty value of a known field carries nothing, so it is not reported.
    assert!(!warnings.iter().any(|w| w.starts_with("not imported: message_on_join =")), "{warnings:#?}");
    let infos = messages(&imported, NoteKind::Info);
    assert!(infos.contains(&"status update reminder every 30 min → update target for SEV1, SEV2, SEV3, SEV4 (Muster's default severities, since a playbook names none; edit the targets if your team's scale differs)"), "{infos:#?}");
    let mut fixture = Fixture::new();
    save(&mut fixture, runbook);
}

#[test]
fn a_mattermost_export_of_another_version_is_an_error_with_its_position() {
    let text = "{\n  \"title\": \"X\",\n  \"version\": 2,\n  \"checklists\": []\n}\n";
    let err = import_text(Path::new("playbook.json"), text).unwrap_err().to_string();
    assert_eq!(
        err,
        "playbook.json:3:14: Mattermost Playbooks export version 2 is not supported: Muster reads version 1"
    );
}

#[test]
fn a_malformed_mattermost_export_is_an_error_with_its_position() {
    let text = "{\n  \"version\": 1,\n  \"checklists\": [{\"title\": 5}]\n}\n";
    let err = import_text(Path::new("playbook.json"), text).unwrap_err().to_string();
    assert!(err.starts_with("playbook.json:3:28: invalid type: integer `5`, expected a string"), "{err}");
}

#[test]
fn importing_a_folder_reports_each_file_and_goes_on_past_a_bad_one() {
    let mut f = Fixture::new();
    let dir = f.dir.path().join("runbooks");
    std::fs::create_dir(&dir).unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/runbooks/it-system-outage.md");
    // The store seeds the samples, so this one is already in the library.
    std::fs::copy(sample, dir.join("a-it.md")).unwrap();
    let before = f.store.list_runbooks().unwrap().len();
    std::fs::write(dir.join("b-broken.md"), "+++\ntitle = \n+++\n").unwrap();
    std::fs::write(dir.join("c-notes.md"), "# Disk full\n\n## Mitigation\n\n- Delete old logs\n").unwrap();

    let reports = muster_core::library::import_paths(&mut f.store, std::slice::from_ref(&dir), "Ana").unwrap();
    let rows: Vec<_> = reports
        .iter()
        .map(|r| {
            (r.path.rsplit('/').next().unwrap(), r.format, r.outcome.as_ref().map(|o| o.status), r.error.is_some())
        })
        .collect();
    use muster_core::ImportStatus::{Created, Unchanged};
    assert_eq!(
        rows,
        [
            ("a-it.md", Some(ImportFormat::MusterMarkdown), Some(Unchanged), false),
            ("b-broken.md", None, None, true),
            ("c-notes.md", Some(ImportFormat::AlertMarkdown), Some(Created), false),
        ]
    );
    let error = reports[1].error.as_deref().unwrap();
    assert!(error.starts_with(&format!("{}:2:", dir.join("b-broken.md").display())), "{error}");
    assert!(!reports[2].notes.is_empty(), "a foreign file says what was mapped where");
    assert_eq!(f.store.list_runbooks().unwrap().len(), before + 1);

    let empty = f.dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let err = muster_core::library::import_paths(&mut f.store, &[empty], "Ana").unwrap_err().to_string();
    assert_eq!(err, "no runbook files found (looked for .md, .markdown, .mdown, .mkd, .json)");
}

/// Reads back what `markdown::write` makes of `runbook`: the export–import round trip.
fn exported_and_imported(runbook: &Runbook) -> Runbook {
    let text = markdown::write(runbook);
    markdown::read(Path::new("exported.md"), &text).unwrap_or_else(|err| panic!("{err}\n{text}"))
}

#[test]
fn a_mattermost_item_title_with_line_breaks_becomes_one_line_with_a_warning() {
    let export = r#"{"version": 1, "title": "Database outage", "checklists": [{"title": "Triage", "items": [
        {"title": "Check replication\n\n### What was done?\nThe story"},
        {"title": "Notify @here"}]}]}"#;
    let imported = import_text(Path::new("playbook.json"), export).unwrap();
    let steps: Vec<_> = imported.runbook.steps.iter().map(|s| (s.key.as_str(), s.title.as_str())).collect();
    assert_eq!(
        steps,
        [
            ("check-replication-what-was-done-the-story", "Check replication ### What was done? The story"),
            ("notify-here", "Notify `@here`"),
        ]
    );
    let warnings = messages(&imported, NoteKind::Warning);
    assert!(warnings.contains(&"the title of step 1 had line breaks; joined into one line: 'Check replication ### What was done? The story'"), "{warnings:?}");
    assert!(
        warnings.iter().any(|w| w.starts_with("the title of step 2, 'Notify @here', ends in what")),
        "{warnings:?}"
    );
    assert_eq!(exported_and_imported(&imported.runbook), imported.runbook);
    save(&mut Fixture::new(), &imported.runbook);
}

#[test]
fn a_mattermost_description_with_level_two_headings_survives_the_export() {
    let export = r###"{"version": 1, "title": "Database outage", "description": "When the primary is down.\n\n## Background\n\nIt fails over.",
        "checklists": [{"title": "Triage", "items": [{"title": "Look"}]}]}"###;
    let imported = import_text(Path::new("playbook.json"), export).unwrap();
    assert_eq!(imported.runbook.context, "When the primary is down.\n\n ## Background\n\nIt fails over.");
    let warnings = messages(&imported, NoteKind::Warning);
    assert!(warnings.iter().any(|w| w.starts_with("line 3 of the context started with '## '")), "{warnings:?}");
    assert_eq!(exported_and_imported(&imported.runbook), imported.runbook);
}

#[test]
fn markdown_whose_code_fence_never_closes_survives_the_export() {
    // The fence swallows the rest of the file, `## Mitigation` included, into the context.
    let text =
        "# Disk full\n\n## Meaning\n\nA volume is full.\n\n```sh\ndf -h\n\n## Mitigation\n\n- Grow the volume.\n";
    let imported = import_text(Path::new("KubeDiskFull.md"), text).unwrap();
    assert!(imported.runbook.context.contains("\n ## Mitigation\n"), "{}", imported.runbook.context);
    assert!(!imported.runbook.context.lines().any(|l| l.starts_with("## ")));
    let warnings = messages(&imported, NoteKind::Warning);
    assert!(warnings.iter().any(|w| w.contains("of the context started with '## '")), "{warnings:?}");
    assert_eq!(exported_and_imported(&imported.runbook), imported.runbook);
}
