//! The review as one self-contained HTML file: inline CSS (screen and print), no scripts, no
//! external references of any kind, so it opens the same offline, in a mail client or in an
//! archive years later. A Content-Security-Policy meta tag forbids loading anything, in case a
//! future change slips a reference in.

use std::fmt::Write;

use super::{
    action_status, capital, describe, duration, milestone_result, settled_status, utc, Label, ReviewData, Zone,
};
use crate::review::ReviewStatus;

pub(super) const STYLE: &str = r#"
:root { color-scheme: light; --ink: #1b1f24; --muted: #5b6470; --line: #d6dae0; --soft: #f4f6f8; --bad: #a4161a; --good: #1e6b34; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 2rem 1.5rem 4rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 1.7rem; margin: 0 0 1rem; line-height: 1.25; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.6rem; padding-bottom: 0.2rem; border-bottom: 1px solid var(--line); }
table { width: 100%; border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
.facts th { width: 11rem; }
.breached, .overdue { color: var(--bad); font-weight: 600; }
.met { color: var(--good); }
.muted, .empty { color: var(--muted); }
.superseded { text-decoration: line-through; color: var(--muted); }
.drill-banner { border: 3px solid var(--bad); color: var(--bad); font-weight: 700; letter-spacing: 0.08em; padding: 0.5rem 1rem; margin-bottom: 1rem; text-align: center; }
.watermark { position: fixed; inset: 0; display: flex; align-items: center; justify-content: center; pointer-events: none; font-size: 9rem; font-weight: 800; color: rgba(164, 22, 26, 0.08); transform: rotate(-30deg); z-index: 0; }
.section-body pre { background: var(--soft); padding: 0.6rem; overflow-x: auto; }
.section-body code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
ul.highlights { padding-left: 1.2rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  tr, .section-body p { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  a[href]::after { content: " (" attr(href) ")"; font-size: 0.85em; color: var(--muted); }
  @page { margin: 18mm 16mm; }
}
"#;

pub fn render(data: &ReviewData, zone: &Zone) -> String {
    let mut out = String::with_capacity(8192 + data.view.timeline.len() * 260);
    // Writing into a String cannot fail.
    let _ = write_review(&mut out, data, zone);
    out
}

fn write_review(out: &mut String, data: &ReviewData, zone: &Zone) -> std::fmt::Result {
    let view = &data.view;
    let incident = &view.incident;
    let drill = data.is_drill();
    let title = format!("{}Post-incident review: {}", if drill { "DRILL — " } else { "" }, incident.title);
    write_opening(out, &title, drill.then_some(("DRILL", "DRILL — this was an exercise, not a real incident.")))?;

    let review = &data.review;
    let status = match review.status {
        ReviewStatus::Draft => format!("Draft (version {})", review.version),
        ReviewStatus::Published => format!(
            "Published (version {}) {} UTC by {}",
            review.version,
            review.published_at.map(utc).unwrap_or_default(),
            esc(review.published_by.as_deref().unwrap_or_default())
        ),
    };
    writeln!(out, "<table class=\"facts\">")?;
    for (label, value) in [
        ("Incident", esc(&incident.id)),
        ("Severity", esc(&incident.severity)),
        ("Runbook", format!("{} (revision {})", esc(&view.runbook_title), incident.runbook_revision)),
        ("Review", status),
        ("Times", format!("UTC and {}", esc(&zone.name))),
        ("Generated", format!("{} UTC", utc(data.generated_at))),
    ] {
        writeln!(out, "<tr><th scope=\"row\">{label}</th><td>{value}</td></tr>")?;
    }
    writeln!(out, "</table>")?;

    writeln!(out, "<h2>Milestones</h2>\n<table>")?;
    writeln!(
        out,
        "<thead><tr><th>Milestone</th><th>UTC</th><th>{}</th><th class=\"num\">Since detection</th><th class=\"num\">Since previous</th><th class=\"num\">Target</th><th>Result</th></tr></thead><tbody>",
        esc(&zone.name)
    )?;
    for m in &data.facts.milestones {
        let result = styled(milestone_result(m));
        writeln!(
            out,
            "<tr><td>{}</td><td class=\"time\">{}</td><td class=\"time\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{result}</td></tr>",
            capital(m.milestone.as_str()),
            m.at.map_or("—".into(), utc),
            m.at.map_or("—".into(), |at| zone.format(at)),
            m.since_detected_seconds.map_or("—".into(), duration),
            m.since_previous_seconds.map_or("—".into(), duration),
            m.target_minutes.map_or("—".into(), |t| duration(i64::from(t) * 60)),
        )?;
    }
    writeln!(out, "</tbody></table>")?;

    writeln!(out, "<h2>Responders</h2>\n<table>")?;
    writeln!(out, "<thead><tr><th>Role</th><th>Person</th><th>From (UTC)</th><th>Until (UTC)</th><th>Note</th></tr></thead><tbody>")?;
    for r in &data.facts.responders {
        let who = match (&r.person, &r.waived) {
            (Some(name), _) => esc(name),
            (None, Some(reason)) => format!("<span class=\"muted\">waived: {}</span>", esc(reason)),
            (None, None) => "—".into(),
        };
        writeln!(
            out,
            "<tr><td>{}</td><td>{who}</td><td class=\"time\">{}</td><td class=\"time\">{}</td><td>{}</td></tr>",
            esc(&r.role),
            utc(r.from),
            r.until.map_or("—".into(), utc),
            esc(&r.note)
        )?;
    }
    writeln!(out, "</tbody></table>")?;

    writeln!(out, "<h2>Time in each phase</h2>\n<table>")?;
    writeln!(out, "<thead><tr><th>Phase</th><th>Entered (UTC)</th><th>Left (UTC)</th><th class=\"num\">Duration</th></tr></thead><tbody>")?;
    for p in &data.facts.phases {
        writeln!(
            out,
            "<tr><td>{}</td><td class=\"time\">{}</td><td class=\"time\">{}</td><td class=\"num\">{}</td></tr>",
            capital(p.phase.as_str()),
            p.entered_at.map_or("—".into(), utc),
            p.left_at.map_or("—".into(), utc),
            p.seconds.map_or("—".into(), duration)
        )?;
    }
    writeln!(out, "</tbody></table>")?;

    if !data.facts.skipped.is_empty() {
        writeln!(out, "<h2>Steps skipped or not applicable</h2>\n<table>")?;
        writeln!(
            out,
            "<thead><tr><th>Phase</th><th>Step</th><th>Status</th><th>Reason</th><th>By</th></tr></thead><tbody>"
        )?;
        for s in &data.facts.skipped {
            let status = settled_status(s.status);
            writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{status}</td><td>{}</td><td>{}</td></tr>",
                capital(s.phase.as_str()),
                esc(&s.title),
                esc(s.reason.as_deref().unwrap_or("—")),
                esc(s.by.as_deref().unwrap_or("—"))
            )?;
        }
        writeln!(out, "</tbody></table>")?;
    }

    for section in &review.sections {
        writeln!(out, "<h2>{}</h2>", esc(&section.title))?;
        if section.body.trim().is_empty() {
            writeln!(out, "<p class=\"empty\">Not written yet.</p>")?;
        } else {
            // Sanitised by the one Markdown path: no script, handler, remote image or
            // javascript: link survives it.
            writeln!(out, "<div class=\"section-body\">{}</div>", crate::html::markdown_to_html(&section.body))?;
        }
    }

    if !data.facts.highlights.is_empty() {
        writeln!(out, "<h2>Highlights</h2>\n<ul class=\"highlights\">")?;
        for entry in &data.facts.highlights {
            writeln!(
                out,
                "<li><strong>{} UTC</strong> <span class=\"muted\">({} {})</span> — {}</li>",
                utc(entry.occurred_at),
                zone.format(entry.occurred_at),
                esc(&zone.name),
                esc(&describe(entry, view))
            )?;
        }
        writeln!(out, "</ul>")?;
    }

    writeln!(out, "<h2>Action items</h2>")?;
    if data.action_items.is_empty() {
        writeln!(out, "<p class=\"empty\">None.</p>")?;
    } else {
        writeln!(out, "<table><thead><tr><th>Action</th><th>Owner</th><th>Due</th><th>Status</th><th>Runbook</th></tr></thead><tbody>")?;
        for item in &data.action_items {
            let status = styled(action_status(item));
            writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"time\">{}</td><td>{status}</td><td>{}</td></tr>",
                esc(&item.title),
                esc(&item.owner),
                item.due_on.map_or("—".into(), |d| d.to_string()),
                esc(item.runbook_id.as_deref().unwrap_or("—"))
            )?;
        }
        writeln!(out, "</tbody></table>")?;
    }

    writeln!(out, "<h2>Timeline</h2>\n<table class=\"timeline\">")?;
    writeln!(
        out,
        "<thead><tr><th class=\"num\">#</th><th>UTC</th><th>{}</th><th>Who</th><th>What</th></tr></thead><tbody>",
        esc(&zone.name)
    )?;
    for entry in &view.timeline {
        let mut what = esc(&describe(entry, view));
        if entry.occurred_at != entry.event.recorded_at {
            what.push_str(&format!(" <span class=\"muted\">(written {} UTC)</span>", utc(entry.event.recorded_at)));
        }
        if let Some(seq) = entry.superseded_by {
            what =
                format!("<span class=\"superseded\">{what}</span> <span class=\"muted\">(corrected by #{seq})</span>");
        }
        writeln!(
            out,
            "<tr><td class=\"num\">{}</td><td class=\"time\">{}</td><td class=\"time\">{}</td><td>{}</td><td>{what}</td></tr>",
            entry.event.seq,
            utc(entry.occurred_at),
            zone.format(entry.occurred_at),
            esc(&entry.event.actor)
        )?;
    }
    writeln!(out, "</tbody></table>\n</body>\n</html>")
}

/// Everything up to the page's heading: the head (charset, a CSP that loads nothing, the inline
/// style), and for a marked document (a drill) the watermark and the banner.
pub(super) fn write_opening(out: &mut String, title: &str, mark: Option<(&str, &str)>) -> std::fmt::Result {
    writeln!(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    )?;
    writeln!(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")?;
    writeln!(out, "<meta name=\"generator\" content=\"Muster\">")?;
    writeln!(out, "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>", esc(title))?;
    if let Some((watermark, banner)) = mark {
        writeln!(out, "<div class=\"watermark\" aria-hidden=\"true\">{}</div>", esc(watermark))?;
        writeln!(out, "<p class=\"drill-banner\">{}</p>", esc(banner))?;
    }
    writeln!(out, "<h1>{}</h1>", esc(title))
}

/// A label in its class's span, or plain.
fn styled(label: Label) -> String {
    match label.class {
        Some(class) => format!("<span class=\"{class}\">{}</span>", label.text),
        None => label.text,
    }
}

/// Text as HTML text or attribute value.
pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
