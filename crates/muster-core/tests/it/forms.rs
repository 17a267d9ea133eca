//! The forms printed from an incident: the ICS-201-style briefing and the ICS-214-style
//! activity log, in Markdown and HTML.

use chrono::Duration;
use muster_core::export::activity_log::{activity_log, Subject};
use muster_core::export::briefing::briefing;
use muster_core::export::document::Block;
use muster_core::export::Zone;
use muster_core::{IncidentAction, IncidentMode, Milestone, Phase};

use crate::{sev1, Fixture};

fn utc() -> Zone {
    Zone::utc()
}

/// A SEV1 declared at 03:00 with every role held by Ana; acknowledged at 03:05; a status update;
/// at 03:30 Ana hands the commander role to Bo (phone +1 555 0101); Respond entered; a hostile
/// log entry at 03:40.
fn running_incident(f: &mut Fixture, mode: IncidentMode) -> String {
    let mut new = sev1(&mut f.store);
    new.mode = mode;
    let id = f.store.start_incident(&new, "ana").unwrap().id;
    let bo = f.store.add_person(&muster_core::PersonInput::new("Bo Chen", "+1 555 0101")).unwrap();
    let act = |f: &mut Fixture, action: IncidentAction| f.store.act(&id, &action, "ana").unwrap();
    f.clock.advance(Duration::minutes(5));
    act(f, IncidentAction::SetMilestone { milestone: Milestone::Acknowledged, at: None });
    act(f, IncidentAction::StatusUpdate { text: "Checkout is down for EU customers; failover started.".into() });
    f.clock.advance(Duration::minutes(25));
    act(
        f,
        IncidentAction::HandOver {
            role: "incident-commander".into(),
            to: bo.id,
            note: "shift change".into(),
            at: None,
        },
    );
    act(f, IncidentAction::EnterPhase { phase: Phase::Respond });
    f.clock.advance(Duration::minutes(10));
    act(f, IncidentAction::Log { text: "<script>alert(1)</script> vendor called back".into(), at: None });
    id
}

fn table_after<'a>(blocks: &'a [Block], heading: &str) -> &'a Vec<Vec<String>> {
    let at = blocks.iter().position(|b| matches!(b, Block::Heading(h) if h.starts_with(heading))).unwrap();
    blocks[at..].iter().find_map(|b| if let Block::Table { rows, .. } = b { Some(rows) } else { None }).unwrap()
}

#[test]
fn the_briefing_gives_situation_objectives_actions_and_organisation() {
    let mut f = Fixture::new();
    let id = running_incident(&mut f, IncidentMode::Real);
    let view = f.store.incident_view(&id).unwrap();
    let doc = briefing(&view, f.clock_now(), &utc(), "Ana");
    assert_eq!(doc.title, "Incident briefing (ICS-201): IT system outage");
    assert_eq!(doc.mark, None);

    let situation = doc.blocks.iter().find_map(|b| match b {
        Block::Paragraph(p) if p.starts_with("Last status update") => Some(p.clone()),
        _ => None,
    });
    assert_eq!(
        situation.as_deref(),
        Some("Last status update, 2026-03-01 03:05:00 UTC (2026-03-01 03:05:00 UTC): Checkout is down for EU customers; failover started.")
    );

    let objectives =
        doc.blocks.iter().find_map(|b| if let Block::List(items) = b { Some(items.clone()) } else { None }).unwrap();
    let expected: Vec<String> = view.phases[1]
        .steps
        .iter()
        .filter(|s| !s.hidden && !s.step.optional && s.status == muster_core::StepStatus::Open)
        .map(|s| s.step.title.clone())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(objectives.iter().map(|o| o.split(" — ").next().unwrap().to_string()).collect::<Vec<_>>(), expected);

    let actions = table_after(&doc.blocks, "Current actions");
    assert_eq!(actions.len(), 15.min(view.timeline.len()));
    assert_eq!(actions[0][3], "<script>alert(1)</script> vendor called back", "newest first");

    let organisation = table_after(&doc.blocks, "Organisation");
    assert_eq!(organisation[0], ["Incident Commander", "Bo Chen", "+1 555 0101", "2026-03-01 03:30:00"]);

    let html = doc.to_html();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; vendor called back") && !html.contains("<script"));
    let md = doc.to_markdown();
    assert!(md.starts_with("# Incident briefing (ICS-201): IT system outage"), "{md}");
    assert!(md.contains("| Incident Commander | Bo Chen | +1 555 0101 | 2026-03-01 03:30:00 |"), "{md}");
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"), "{md}");
}

#[test]
fn a_drill_briefing_is_marked() {
    let mut f = Fixture::new();
    let id = running_incident(&mut f, IncidentMode::Drill);
    let doc = briefing(&f.store.incident_view(&id).unwrap(), f.clock_now(), &utc(), "Ana");
    assert_eq!(doc.mark.as_deref(), Some("DRILL"));
    assert!(doc.to_markdown().starts_with("# DRILL — Incident briefing"));
    assert!(doc.to_html().contains("<div class=\"watermark\" aria-hidden=\"true\">DRILL</div>"));
}

#[test]
fn the_activity_log_of_a_person_and_of_a_role_within_a_period() {
    let mut f = Fixture::new();
    let id = running_incident(&mut f, IncidentMode::Real);
    let view = f.store.incident_view(&id).unwrap();
    let start = view.incident.started_at;

    let bo = activity_log(&view, &Subject::Person("bo-chen".into()), None, None, &utc());
    let facts = match &bo.blocks[0] {
        Block::Facts(pairs) => pairs.clone(),
        other => panic!("{other:?}"),
    };
    assert!(
        facts.contains(&("Name".into(), "Bo Chen".into()))
            && facts.contains(&("Role".into(), "Incident Commander".into()))
    );
    let rows = table_after(&bo.blocks, "Activity");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0][2], "Incident Commander handed over to Bo Chen — shift change");

    let ana = activity_log(&view, &Subject::Person("ana".into()), None, None, &utc());
    let ana_rows = table_after(&ana.blocks, "Activity");
    assert!(ana_rows.iter().any(|r| r[2] == "Ana holds Incident Commander"));
    assert!(
        ana_rows.iter().any(|r| r[2].starts_with("Incident Commander handed over to Bo Chen")),
        "the handover away too"
    );

    let commander = activity_log(&view, &Subject::Role("incident-commander".into()), None, None, &utc());
    let facts = match &commander.blocks[0] {
        Block::Facts(pairs) => pairs.clone(),
        other => panic!("{other:?}"),
    };
    assert!(facts.contains(&("Name".into(), "Ana, Bo Chen".into())), "{facts:?}");
    assert_eq!(table_after(&commander.blocks, "Activity").len(), 2, "assigned, handed over");

    // The operational period: from 03:10 on, the assignment at 03:00 is outside it.
    let later = activity_log(
        &view,
        &Subject::Role("incident-commander".into()),
        Some(start + Duration::minutes(10)),
        None,
        &utc(),
    );
    let later_rows = table_after(&later.blocks, "Activity");
    assert_eq!(later_rows.len(), 1);
    assert!(later.to_markdown().contains("| Operational period | 2026-03-01 03:10:00 UTC to now |"));
}
