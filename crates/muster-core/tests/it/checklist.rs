//! The printed checklist of a runbook, read back with poppler: the sheets to fill in, every
//! step in order with its number, owner, decision and commands, the service targets, hostile
//! and Chinese text as written, both page sizes.

use muster_core::export::checklist;
use muster_core::export::PaperSize;
use muster_core::phase::Phase;
use muster_core::Runbook;

use crate::export::{pdf_info, pdf_text, squeezed};
use crate::Fixture;

fn print(f: &Fixture, runbook: &Runbook, revision: u32, paper: PaperSize, name: &str) -> std::path::PathBuf {
    let path = f.dir.path().join(name);
    let pdf = checklist::render(runbook, revision, f.clock_now(), paper).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    std::fs::write(&path, pdf).unwrap();
    path
}

/// The index of the first line at or after `from` that contains `needle` (spaces ignored).
fn find_after(lines: &[String], from: usize, needle: &str) -> usize {
    let needle = squeezed(needle);
    lines[from..]
        .iter()
        .position(|line| squeezed(line).contains(&needle))
        .map(|at| from + at)
        .unwrap_or_else(|| panic!("{needle:?} not found after line {from}:\n{}", lines.join("\n")))
}

#[test]
fn a_runbook_prints_with_every_step_in_order_and_sheets_to_fill_in() {
    let f = Fixture::new();
    let (runbook, revision) = f.store.runbook("data-centre-power-loss").unwrap();
    let path = print(&f, &runbook, revision, PaperSize::A4, "checklist.pdf");
    let lines: Vec<String> = pdf_text(&path, None).lines().map(|l| l.trim().to_string()).collect();

    let mut at = find_after(&lines, 0, &format!("Checklist: {}", runbook.title));
    at = find_after(&lines, at, &format!("{} (revision {revision})", runbook.id));
    for sheet in ["This incident", "Incident", "Commander", "Milestone", "Detected", "Resolved", "Service targets"] {
        at = find_after(&lines, at, sheet);
    }
    // A target row: severity, then acknowledge, mitigate and resolve as a reader says them.
    let sev1 = &runbook.targets["SEV1"];
    let row = find_after(&lines, at, "SEV1");
    let minutes = |m: Option<u32>| muster_core::export::duration(i64::from(m.unwrap()) * 60);
    let mut rest = squeezed(&lines[row]);
    for cell in [minutes(sev1.acknowledge_minutes), minutes(sev1.mitigate_minutes), minutes(sev1.resolve_minutes)] {
        let cell = squeezed(&cell);
        let found = rest.find(&cell).unwrap_or_else(|| panic!("{cell} not in order in {}", lines[row]));
        rest = rest[found + cell.len()..].to_string();
    }
    at = find_after(&lines, at, "Roles");
    for role in &runbook.roles {
        find_after(&lines, at, &role.name);
    }

    // Every step, numbered through the runbook, under its phase, in order.
    let mut number = 0;
    for phase in Phase::ALL {
        let heading = capitalised(phase.as_str());
        at = lines[at..].iter().position(|l| *l == heading).map(|p| at + p).unwrap_or_else(|| {
            panic!("phase heading {heading} not found after line {at}:\n{}", lines.join("\n"));
        });
        for step in runbook.steps_in(phase) {
            number += 1;
            // Long titles wrap: the first words are enough to place the step.
            let start: String = step.title.split(' ').take(4).collect::<Vec<_>>().join(" ");
            at = find_after(&lines, at, &format!("{number}. {start}"));
        }
    }
    assert_eq!(number, runbook.steps.len());
    find_after(&lines, at, "Log");

    // The decision with a box per option, the step that depends on it, commands as written.
    let text = squeezed(&lines.join("\n"));
    assert!(text.contains(&squeezed("Decision: Ride through Fail over")), "{text}");
    let decision = runbook.steps.iter().position(|s| s.is_decision()).unwrap();
    let decision_number = Phase::ALL
        .iter()
        .flat_map(|p| runbook.steps_in(*p))
        .position(|s| s.key == runbook.steps[decision].key)
        .unwrap()
        + 1;
    assert!(
        text.contains(&squeezed(&format!(
            "Only if step {decision_number} ({}) was answered",
            runbook.steps[decision].title
        ))),
        "{text}"
    );
    assert!(text.contains(&squeezed("upsc ups1@ups-mgmt.example.com battery.runtime")), "{text}");
    assert!(text.contains(&squeezed("Write down: the UPS and generator readings")), "{text}");
    assert!(text.contains(&squeezed("1. UPS runtime at the current load, in minutes.")), "{text}");

    let pages: u32 = pdf_info(&path, "Pages:").parse().unwrap();
    assert!(pages >= 3, "{pages} pages");
    let footer = squeezed(&format!("{} · revision {revision}", runbook.title));
    assert_eq!(text.matches(&footer).count(), pages as usize, "a footer on each page");
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[test]
fn chinese_and_hostile_text_print_as_written_on_letter() {
    let f = Fixture::new();
    let (mut runbook, revision) = f.store.runbook("it-system-outage").unwrap();
    let typst = "#set page(fill: red) $x$ #import \"/etc/passwd\" ]";
    runbook.title = "支付网关故障".into();
    runbook.steps[0].title = "确认告警并开启事件".into();
    runbook.steps[0].instructions = format!("数据库连接池耗尽时重启服务。\n\n{typst}\n\n<script>alert(1)</script>");
    assert_eq!(checklist::missing_characters(&runbook, revision), Vec::<char>::new());

    let path = print(&f, &runbook, revision, PaperSize::Letter, "checklist-zh.pdf");
    assert!(pdf_info(&path, "Page size:").starts_with("612 x 792 pts"));
    let text = squeezed(&pdf_text(&path, None));
    for expected in [
        "Checklist: 支付网关故障",
        "1. 确认告警并开启事件",
        "数据库连接池耗尽时重启服务。",
        typst,
        "<script>alert(1)</script>",
    ] {
        assert!(text.contains(&squeezed(expected)), "{expected} missing from:\n{text}");
    }
}
