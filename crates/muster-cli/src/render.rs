//! The text forms of incidents for a terminal: the incident list, the incident screen
//! (`show`) and the lines that acknowledge recorded events.
//!
//! Times are shown in the local time zone, because that is what TIME arguments read; `TZ=UTC`
//! shows UTC. Text output is for people and may change; scripts use `--json`.

use std::io::{self, Write};

use chrono::{DateTime, Local, Utc};
use muster_core::{
    EventBody, Incident, IncidentMode, IncidentSummary, IncidentView, Phase, StepState, StepStatus, TimelineEvent,
    Timer, TimerKind, TimerState,
};

/// A moment to the minute, local: `2026-05-14 02:40`.
pub fn minute(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

/// A moment to the second, local: `2026-05-14 02:40:05`.
fn second(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// A moment near `now`: the time alone on the same local day, else with the date.
fn near(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let (at, now) = (at.with_timezone(&Local), now.with_timezone(&Local));
    if at.date_naive() == now.date_naive() {
        at.format("%H:%M").to_string()
    } else {
        at.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// A length of time, rounded down to what a person reads at a glance: `40s`, `12m`, `1h 05m`,
/// `2d 3h`.
fn span(duration: chrono::Duration) -> String {
    let seconds = duration.num_seconds().abs();
    let (days, hours, minutes) = (seconds / 86_400, seconds % 86_400 / 3_600, seconds % 3_600 / 60);
    match seconds {
        0..60 => format!("{seconds}s"),
        60..3_600 => format!("{minutes}m"),
        3_600..86_400 => format!("{hours}h {minutes:02}m"),
        _ => format!("{days}d {hours}h"),
    }
}

fn phase_name(phase: Phase) -> &'static str {
    match phase {
        Phase::Identify => "Identify",
        Phase::Respond => "Respond",
        Phase::Recover => "Recover",
        Phase::Review => "Review",
    }
}

/// Where the incident stands: closed, resolved, mitigated or active.
fn status(incident: &Incident) -> &'static str {
    if incident.closed_at.is_some() {
        "closed"
    } else if incident.resolved_at.is_some() {
        "resolved"
    } else if incident.mitigated_at.is_some() {
        "mitigated"
    } else {
        "active"
    }
}

fn mode(mode: IncidentMode) -> &'static str {
    match mode {
        IncidentMode::Drill => "DRILL",
        IncidentMode::Real => "real",
    }
}

/// The shortest start of each id that no other id shares, at least 8 characters.
fn short_ids(ids: &[&str]) -> Vec<String> {
    let shared = |a: &str, b: &str| a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let mut sorted: Vec<&str> = ids.to_vec();
    sorted.sort_unstable();
    ids.iter()
        .map(|id| {
            let index = sorted.binary_search(id).unwrap_or(0);
            let before = index.checked_sub(1).map_or(0, |i| shared(id, sorted[i]));
            let after = sorted.get(index + 1).map_or(0, |next| shared(id, next));
            let mut length = (before.max(after) + 1).max(8).min(id.len());
            // A start ending in a dash reads as cut off; take the next character too.
            if id[..length].ends_with('-') && length < id.len() {
                length += 1;
            }
            id[..length].to_string()
        })
        .collect()
}

pub fn incident_list(out: &mut impl Write, list: &[IncidentSummary]) -> io::Result<()> {
    if list.is_empty() {
        return writeln!(out, "no incidents yet; start one with `muster incident start RUNBOOK --severity SEV`");
    }
    let ids: Vec<&str> = list.iter().map(|s| s.incident.id.as_str()).collect();
    let short = short_ids(&ids);
    let id_width = short.iter().map(String::len).max().unwrap_or(8);
    let severity_width = list.iter().map(|s| s.incident.severity.chars().count()).max().unwrap_or(3).max(3);
    writeln!(
        out,
        "{:<id_width$}  {:<severity_width$}  {:<5}  {:<8}  {:<9}  {:>7}  {:<16}  TITLE",
        "ID", "SEV", "MODE", "PHASE", "STATUS", "DONE", "DETECTED"
    )?;
    for (summary, id) in list.iter().zip(short) {
        let incident = &summary.incident;
        writeln!(
            out,
            "{id:<id_width$}  {:<severity_width$}  {:<5}  {:<8}  {:<9}  {:>7}  {:<16}  {}",
            incident.severity,
            mode(incident.mode),
            incident.phase.as_str(),
            status(incident),
            format!("{}/{}", summary.steps_done, summary.steps_total),
            minute(incident.detected_at),
            incident.title
        )?;
    }
    Ok(())
}

pub fn incident_view(out: &mut impl Write, view: &IncidentView, now: DateTime<Utc>) -> io::Result<()> {
    let incident = &view.incident;
    header(out, view, now)?;
    writeln!(out)?;
    writeln!(out, "Roles")?;
    let role_width = view.roles.iter().map(|h| h.role.name.chars().count()).max().unwrap_or(0);
    for holder in &view.roles {
        let who = match (&holder.person, &holder.waived) {
            (Some(person), _) => {
                let reach: Vec<&str> = std::iter::once(person.id.as_str()).chain(person.contacts()).collect();
                format!("{} ({})", person.name, reach.join(", "))
            }
            (None, Some(reason)) => format!("waived: {reason}"),
            (None, None) => "—".to_string(),
        };
        let since = holder.since.map(|at| format!("  since {}", near(at, now))).unwrap_or_default();
        writeln!(out, "  {:<role_width$}  {who}{since}", holder.role.name)?;
    }
    timers(out, view, now)?;
    for phase in &view.phases {
        writeln!(out)?;
        let entered = phase.entered_at.map_or("not entered".to_string(), |at| format!("entered {}", second(at)));
        let current = if phase.phase == incident.phase && incident.closed_at.is_none() { "  ◀ current" } else { "" };
        writeln!(out, "{} — {entered}{current}", phase_name(phase.phase))?;
        for state in phase.steps.iter().filter(|s| !s.hidden) {
            step(out, view, state, now)?;
        }
        let hidden = phase.steps.iter().filter(|s| s.hidden).count();
        if hidden > 0 {
            let steps = if hidden == 1 { "step" } else { "steps" };
            writeln!(out, "  ({hidden} {steps} hidden: they apply only after another answer to a decision)")?;
        }
    }
    writeln!(out)?;
    timeline(out, view)
}

fn header(out: &mut impl Write, view: &IncidentView, now: DateTime<Utc>) -> io::Result<()> {
    let incident = &view.incident;
    if incident.mode == IncidentMode::Drill {
        writeln!(out, "DRILL — practice, not a real incident")?;
    }
    writeln!(out, "{}", incident.title)?;
    let progress = view.progress();
    let rows: Vec<(&str, String)> = vec![
        ("id", incident.id.clone()),
        ("severity", incident.severity.clone()),
        ("mode", mode(incident.mode).to_string()),
        (
            "state",
            format!(
                "{}, phase {}, {}/{} steps settled",
                status(incident),
                phase_name(incident.phase),
                progress.0,
                progress.1
            ),
        ),
        ("runbook", format!("{} ({} revision {})", view.runbook_title, incident.runbook_id, incident.runbook_revision)),
        ("detected", second(view.milestones.detected)),
        ("declared", second(incident.started_at)),
        ("acknowledged", view.milestones.acknowledged.map_or("—".to_string(), second)),
        ("mitigated", view.milestones.mitigated.map_or("—".to_string(), second)),
        ("resolved", view.milestones.resolved.map_or("—".to_string(), second)),
    ];
    for (label, value) in rows {
        writeln!(out, "  {label:<13} {value}")?;
    }
    if let Some(closed) = incident.closed_at {
        writeln!(out, "  {:<13} {}", "closed", second(closed))?;
    }
    if let Some(update) = &view.last_status {
        let text = update.text.as_deref().unwrap_or("");
        writeln!(out, "  {:<13} {text} ({}, {})", "last status", second(update.occurred_at), update.event.actor)?;
    }
    writeln!(out, "  {:<13} local, UTC{}", "times", now.with_timezone(&Local).format("%:z"))?;
    if view.clock_jumped {
        writeln!(out, "  warning: the system clock jumped during this incident; some times may be off")?;
    }
    Ok(())
}

fn timer_label(view: &IncidentView, timer: &Timer) -> String {
    match timer.kind {
        TimerKind::Acknowledge => "acknowledge".to_string(),
        TimerKind::Mitigate => "mitigate".to_string(),
        TimerKind::Resolve => "resolve".to_string(),
        TimerKind::StatusUpdate => "next status update".to_string(),
        TimerKind::Step => {
            let key = timer.step.as_deref().unwrap_or(&timer.id);
            format!("step: {}", view.step(key).map_or(key, |s| s.step.title.as_str()))
        }
    }
}

/// How a timer stands at `now`, in words: `12m left`, `overdue by 5m`, `met at 02:50`…
fn timer_state(timer: &Timer, now: DateTime<Utc>) -> (&'static str, String) {
    match timer.state {
        TimerState::Running => ("running", format!("{} left", span(timer.due_at - now))),
        TimerState::Warning => ("WARNING", format!("{} left", span(timer.due_at - now))),
        TimerState::Breached => ("BREACHED", format!("overdue by {}", span(now - timer.due_at))),
        TimerState::Met => ("met", timer.stopped_at.map_or(String::new(), |at| format!("at {}", near(at, now)))),
        TimerState::Missed => (
            "missed",
            timer
                .stopped_at
                .map_or(String::new(), |at| format!("by {}, at {}", span(at - timer.due_at), near(at, now))),
        ),
    }
}

/// The service timers and the status-update reminder always; of the step timers, those that
/// need attention (warning, breached, missed), and a count of the rest: each open step shows its
/// own due time.
fn timers(out: &mut impl Write, view: &IncidentView, now: DateTime<Utc>) -> io::Result<()> {
    if view.timers.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "Timers (now {})", near(now, now))?;
    let shown: Vec<&Timer> = view
        .timers
        .iter()
        .filter(|t| {
            t.kind != TimerKind::Step
                || matches!(t.state, TimerState::Warning | TimerState::Breached | TimerState::Missed)
        })
        .collect();
    let labels: Vec<String> = shown.iter().map(|t| timer_label(view, t)).collect();
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    for (timer, label) in shown.iter().zip(&labels) {
        let (state, detail) = timer_state(timer, now);
        writeln!(out, "  {label:<width$}  due {:<16}  {state:<8}  {detail}", near(timer.due_at, now))?;
    }
    let steps = view.timers.iter().filter(|t| t.kind == TimerKind::Step);
    let (running, met) = steps.fold((0, 0), |(running, met), t| match t.state {
        TimerState::Running => (running + 1, met),
        TimerState::Met => (running, met + 1),
        _ => (running, met),
    });
    if running + met > 0 {
        writeln!(out, "  step targets: {running} running, {met} met")?;
    }
    Ok(())
}

fn step_mark(state: &StepState) -> &'static str {
    match state.status {
        StepStatus::Open => "[ ]",
        StepStatus::Done => "[x]",
        StepStatus::Skipped => "[-]",
        StepStatus::NotApplicable => "[n/a]",
    }
}

fn step(out: &mut impl Write, view: &IncidentView, state: &StepState, now: DateTime<Utc>) -> io::Result<()> {
    let s = &state.step;
    let answer = match (&state.decision, s.is_decision()) {
        (Some(option), _) => format!("  → {option}"),
        (None, true) => format!("  ({})", s.options.join(" | ")),
        (None, false) => String::new(),
    };
    writeln!(out, "  {:<5} {}{answer}", step_mark(state), s.title)?;

    let mut details = vec![s.key.clone()];
    if s.optional {
        details.push("optional".into());
    }
    if let Some(role) = &s.role {
        let holder = view.roles.iter().find(|h| &h.role.id == role);
        let name = holder.map_or(role.as_str(), |h| h.role.name.as_str());
        let who = match holder {
            Some(h) if h.person.is_some() => h.person.as_ref().map_or(String::new(), |p| p.name.clone()),
            Some(h) if h.waived.is_some() => "waived".to_string(),
            _ => "—".to_string(),
        };
        details.push(format!("{name}: {who}"));
    }
    match (state.status, state.changed_at) {
        (StepStatus::Open, _) => {
            let timer = view.timers.iter().find(|t| t.step.as_deref() == Some(s.key.as_str()));
            if let Some(timer) = timer.filter(|t| t.stopped_at.is_none()) {
                let (state, detail) = timer_state(timer, now);
                let state = if state == "running" { String::new() } else { format!("{state}, ") };
                details.push(format!("due {} ({state}{detail})", near(timer.due_at, now)));
            }
        }
        (status, Some(at)) => {
            let verb = match status {
                StepStatus::Skipped => "skipped",
                StepStatus::NotApplicable => "not applicable",
                _ if state.decision.is_some() => "decided",
                _ => "done",
            };
            let by = state.changed_by.as_deref().map(|by| format!(" by {by}")).unwrap_or_default();
            details.push(format!("{verb} {}{by}", near(at, now)));
        }
        (_, None) => {}
    }
    if let Some(milestone) = s.milestone {
        details.push(format!("sets {}", milestone.as_str()));
    }
    writeln!(out, "        {}", details.join(" · "))?;
    if let (Some(prompt), StepStatus::Open) = (&s.evidence, state.status) {
        writeln!(out, "        needs evidence: {prompt}")?;
    }
    if let Some(evidence) = &state.evidence {
        writeln!(out, "        evidence: {evidence}")?;
    }
    if let Some(note) = &state.note {
        let label = if state.status == StepStatus::Skipped { "reason" } else { "note" };
        writeln!(out, "        {label}: {note}")?;
    }
    Ok(())
}

fn timeline(out: &mut impl Write, view: &IncidentView) -> io::Result<()> {
    writeln!(out, "Timeline")?;
    let actor_width = view.timeline.iter().map(|e| e.event.actor.chars().count()).max().unwrap_or(0);
    for entry in &view.timeline {
        let event = &entry.event;
        write!(
            out,
            "  #{:<3} {}  {:<actor_width$}  {:<19}  {}",
            event.seq,
            second(entry.occurred_at),
            event.actor,
            event.body.kind(),
            summary(view, &event.body, entry.text.as_deref())
        )?;
        if (event.recorded_at - entry.occurred_at).num_seconds().abs() >= 1 {
            write!(out, "  (recorded {})", second(event.recorded_at))?;
        }
        if let Some(seq) = entry.superseded_by {
            write!(out, "  [corrected by #{seq}]")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The acknowledgement of an action: one line per committed event.
pub fn events(out: &mut impl Write, view: &IncidentView, events: &[TimelineEvent]) -> io::Result<()> {
    for event in events {
        write!(out, "#{:<3} {:<19}  {}", event.seq, event.body.kind(), summary(view, &event.body, None))?;
        if (event.recorded_at - event.occurred_at).num_seconds().abs() >= 1 {
            write!(out, "  (at {})", second(event.occurred_at))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// What an event says, in words. `text` is the event's text after corrections, when it has one.
pub fn summary(view: &IncidentView, body: &EventBody, text: Option<&str>) -> String {
    let step = |key: &str| view.step(key).map_or(format!("'{key}'"), |s| format!("'{}'", s.step.title));
    let role = |id: &str| view.roles.iter().find(|h| h.role.id == id).map_or(id.to_string(), |h| h.role.name.clone());
    let text = |own: &str| text.unwrap_or(own).to_string();
    let with =
        |label: &str, value: &Option<String>| value.as_ref().map(|v| format!("; {label}: {v}")).unwrap_or_default();
    match body {
        EventBody::IncidentDeclared { title, severity, mode: m, runbook_id, runbook_revision, .. } => {
            let drill = if *m == IncidentMode::Drill { ", DRILL" } else { "" };
            format!("declared '{title}' ({severity}{drill}) from {runbook_id} revision {runbook_revision}")
        }
        EventBody::RoleAssigned { role: r, name, .. } => format!("{}: {name}", role(r)),
        EventBody::RoleWaived { role: r, reason } => format!("{} waived: {reason}", role(r)),
        EventBody::RoleHandedOver { role: r, from, name, note, .. } => {
            let from = from.as_ref().map(|f| format!(" from {f}")).unwrap_or_default();
            let note = if note.is_empty() { String::new() } else { format!(": {note}") };
            format!("{} handed over{from} to {name}{note}", role(r))
        }
        EventBody::PhaseEntered { phase } => format!("entered {}", phase_name(*phase)),
        EventBody::StepTicked { step: key, note, evidence } => {
            format!("done {}{}{}", step(key), with("evidence", evidence), with("note", note))
        }
        EventBody::StepUnticked { step: key, note } => format!("reopened {}{}", step(key), with("note", note)),
        EventBody::StepSkipped { step: key, reason } => format!("skipped {}: {}", step(key), text(reason)),
        EventBody::StepNotApplicable { step: key, note } => {
            format!("not applicable: {}{}", step(key), with("note", note))
        }
        EventBody::StepDecided { step: key, option, note } => {
            format!("decided {}: {option}{}", step(key), with("note", note))
        }
        EventBody::StepNoted { step: key, note } => format!("note on {}: {}", step(key), text(note)),
        EventBody::MilestoneReached { milestone, manual } => {
            format!("{}{}", milestone.as_str(), if *manual { " (set by hand)" } else { "" })
        }
        EventBody::SeverityChanged { from, to } => format!("severity {from} → {to}"),
        EventBody::TimerBreached { timer, due_at } => {
            let label = view.timers.iter().find(|t| &t.id == timer).map_or(timer.clone(), |t| timer_label(view, t));
            format!("target passed: {label} (due {})", second(*due_at))
        }
        EventBody::StatusUpdated { text: own } => format!("status: {}", text(own)),
        EventBody::ReminderSnoozed { until } => format!("status-update reminder snoozed until {}", second(*until)),
        EventBody::LogEntry { text: own } => text(own),
        EventBody::EventCorrected { seq, occurred_at, text: new_text, reason, .. } => {
            let mut changes = Vec::new();
            if let Some(at) = occurred_at {
                changes.push(format!("time → {}", second(*at)));
            }
            if let Some(new_text) = new_text {
                changes.push(format!("text → '{new_text}'"));
            }
            format!("corrects #{seq}: {}; reason: {reason}", changes.join(", "))
        }
        EventBody::IncidentClosed { note } if note.is_empty() => "closed".to_string(),
        EventBody::IncidentClosed { note } => format!("closed: {note}"),
        EventBody::ClockJumped { from, to } => {
            format!("the system clock jumped from {} to {}", second(*from), second(*to))
        }
        EventBody::DrillStarted { scenario } => format!("drill clock started: scenario {}", text(scenario)),
        EventBody::DrillPaused {} => "drill clock paused".to_string(),
        EventBody::DrillResumed {} => "drill clock resumed".to_string(),
        EventBody::DrillSpeedChanged { speed } => format!("drill clock speed ×{speed}"),
        EventBody::InjectDelivered { inject, fired: false } => format!("inject {inject} delivered"),
        EventBody::InjectDelivered { inject, fired: true } => format!("inject {inject} delivered early"),
        EventBody::InjectSkipped { inject } => format!("inject {inject} skipped"),
        EventBody::InjectAcknowledged { inject } => format!("inject {inject} acknowledged"),
    }
}

#[cfg(test)]
mod tests {
    use super::{short_ids, span};

    #[test]
    fn short_ids_are_unique_starts_of_at_least_eight_characters() {
        let ids =
            ["0196c3a2-1b2c-7000-8000-000000000001", "0196c3a2-1b2c-7000-8000-000000000002", "0196d000-0000-7000"];
        assert_eq!(
            short_ids(&ids),
            ["0196c3a2-1b2c-7000-8000-000000000001", "0196c3a2-1b2c-7000-8000-000000000002", "0196d000"]
        );
        assert_eq!(short_ids(&["0196c3a2-aa", "0196c3a2-ab"]), ["0196c3a2-aa", "0196c3a2-ab"]);
        assert_eq!(short_ids(&["0196c3a2-aa", "0196c3a3-ab"]), ["0196c3a2", "0196c3a3"]);
        assert_eq!(short_ids(&["0196c3a2f", "0196c3a2e"]), ["0196c3a2f", "0196c3a2e"]);
        assert_eq!(short_ids(&["0196c3a2-a", "0196c3a2-b"]), ["0196c3a2-a", "0196c3a2-b"]);
    }

    #[test]
    fn spans_read_at_a_glance() {
        let span_of = |s: i64| span(chrono::Duration::seconds(s));
        assert_eq!([span_of(42), span_of(-600), span_of(3_900), span_of(93_600)], ["42s", "10m", "1h 05m", "1d 2h"]);
    }
}
