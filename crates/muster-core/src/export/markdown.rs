//! The review as CommonMark (GitHub-flavoured tables for milestones, responders, phases,
//! action items and the timeline).
//!
//! Text a user or an imported runbook wrote is escaped: in tables and headings every Markdown
//! and HTML character is backslash-escaped; in section bodies, which are Markdown by design,
//! raw HTML is escaped (outside code) so it shows as text wherever the file is rendered.

use std::fmt::Write;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{action_status, capital, describe, duration, milestone_result, settled_status, utc, ReviewData, Zone};
use crate::review::ReviewStatus;

pub fn render(data: &ReviewData, zone: &Zone) -> String {
    let mut out = String::with_capacity(4096 + data.view.timeline.len() * 120);
    // Writing into a String cannot fail.
    let _ = write_review(&mut out, data, zone);
    out
}

fn write_review(out: &mut String, data: &ReviewData, zone: &Zone) -> std::fmt::Result {
    let view = &data.view;
    let incident = &view.incident;
    let drill = if data.is_drill() { "DRILL — " } else { "" };
    writeln!(out, "# {drill}Post-incident review: {}\n", inline(&incident.title))?;
    if data.is_drill() {
        writeln!(out, "> **DRILL** — this was an exercise, not a real incident.\n")?;
    }
    let review = &data.review;
    let status = match review.status {
        ReviewStatus::Draft => format!("Draft (version {})", review.version),
        ReviewStatus::Published => format!(
            "Published (version {}) {} UTC by {}",
            review.version,
            review.published_at.map(utc).unwrap_or_default(),
            cell(review.published_by.as_deref().unwrap_or_default())
        ),
    };
    writeln!(out, "| | |\n|---|---|")?;
    writeln!(out, "| Incident | {} |", cell(&incident.id))?;
    writeln!(out, "| Severity | {} |", cell(&incident.severity))?;
    writeln!(out, "| Runbook | {} (revision {}) |", cell(&view.runbook_title), incident.runbook_revision)?;
    writeln!(out, "| Review | {status} |")?;
    writeln!(out, "| Times | UTC and {} |", cell(&zone.name))?;
    writeln!(out, "| Generated | {} UTC |\n", utc(data.generated_at))?;

    writeln!(out, "## Milestones\n")?;
    writeln!(
        out,
        "| Milestone | UTC | {} | Since detection | Since previous | Target | Result |\n|---|---|---|---|---|---|---|",
        cell(&zone.name)
    )?;
    for m in &data.facts.milestones {
        let result = milestone_result(m).text;
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {result} |",
            capital(m.milestone.as_str()),
            m.at.map_or("—".into(), utc),
            m.at.map_or("—".into(), |at| zone.format(at)),
            m.since_detected_seconds.map_or("—".into(), duration),
            m.since_previous_seconds.map_or("—".into(), duration),
            m.target_minutes.map_or("—".into(), |t| duration(i64::from(t) * 60)),
        )?;
    }

    writeln!(out, "\n## Responders\n")?;
    writeln!(out, "| Role | Person | From (UTC) | Until (UTC) | Note |\n|---|---|---|---|---|")?;
    for r in &data.facts.responders {
        let who = match (&r.person, &r.waived) {
            (Some(name), _) => cell(name),
            (None, Some(reason)) => format!("waived: {}", cell(reason)),
            (None, None) => "—".into(),
        };
        writeln!(
            out,
            "| {} | {who} | {} | {} | {} |",
            cell(&r.role),
            utc(r.from),
            r.until.map_or("—".into(), utc),
            cell(&r.note)
        )?;
    }

    writeln!(out, "\n## Time in each phase\n")?;
    writeln!(out, "| Phase | Entered (UTC) | Left (UTC) | Duration |\n|---|---|---|---|")?;
    for p in &data.facts.phases {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            capital(p.phase.as_str()),
            p.entered_at.map_or("—".into(), utc),
            p.left_at.map_or("—".into(), utc),
            p.seconds.map_or("—".into(), duration)
        )?;
    }

    if !data.facts.skipped.is_empty() {
        writeln!(out, "\n## Steps skipped or not applicable\n")?;
        writeln!(out, "| Phase | Step | Status | Reason | By |\n|---|---|---|---|---|")?;
        for s in &data.facts.skipped {
            let status = settled_status(s.status);
            writeln!(
                out,
                "| {} | {} | {status} | {} | {} |",
                capital(s.phase.as_str()),
                cell(&s.title),
                cell(s.reason.as_deref().unwrap_or("—")),
                cell(s.by.as_deref().unwrap_or("—"))
            )?;
        }
    }

    for section in &review.sections {
        writeln!(out, "\n## {}\n", inline(&section.title))?;
        if section.body.trim().is_empty() {
            writeln!(out, "_Not written yet._")?;
        } else {
            writeln!(out, "{}", inert_body(section.body.trim_end()))?;
        }
    }

    if !data.facts.highlights.is_empty() {
        writeln!(out, "\n## Highlights\n")?;
        for entry in &data.facts.highlights {
            writeln!(
                out,
                "- **{} UTC** ({} {}) — {}",
                utc(entry.occurred_at),
                zone.format(entry.occurred_at),
                inline(&zone.name),
                inline(&describe(entry, view))
            )?;
        }
    }

    writeln!(out, "\n## Action items\n")?;
    if data.action_items.is_empty() {
        writeln!(out, "_None._")?;
    } else {
        writeln!(out, "| Action | Owner | Due | Status | Runbook |\n|---|---|---|---|---|")?;
        for item in &data.action_items {
            let status = action_status(item).text;
            writeln!(
                out,
                "| {} | {} | {} | {status} | {} |",
                cell(&item.title),
                cell(&item.owner),
                item.due_on.map_or("—".into(), |d| d.to_string()),
                item.runbook_id.as_deref().map_or("—".into(), cell)
            )?;
        }
    }

    writeln!(out, "\n## Timeline\n")?;
    writeln!(out, "| # | UTC | {} | Who | What |\n|---|---|---|---|---|", cell(&zone.name))?;
    for entry in &view.timeline {
        let mut what = cell(&describe(entry, view));
        if entry.occurred_at != entry.event.recorded_at {
            what.push_str(&format!(" _(written {} UTC)_", utc(entry.event.recorded_at)));
        }
        if let Some(seq) = entry.superseded_by {
            what = format!("~~{what}~~ _(corrected by #{seq})_");
        }
        writeln!(
            out,
            "| {} | {} | {} | {} | {what} |",
            entry.event.seq,
            utc(entry.occurred_at),
            zone.format(entry.occurred_at),
            cell(&entry.event.actor)
        )?;
    }
    Ok(())
}

/// Plain text as inline Markdown: every character Markdown or HTML would act on is escaped,
/// and line breaks become spaces.
pub(super) fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Plain text in a table cell: as [`inline`], and never empty.
pub(super) fn cell(text: &str) -> String {
    let text = inline(text.trim());
    if text.is_empty() {
        "—".into()
    } else {
        text
    }
}

/// A Markdown section body made inert, keeping the author's Markdown: every `<` outside code
/// is backslash-escaped, so no HTML tag survives; an image becomes its alternative text, so
/// nothing loads from anywhere; a link to anything but http, https or mailto becomes its text.
pub(super) fn inert_body(markdown: &str) -> String {
    let mut code: Vec<std::ops::Range<usize>> = Vec::new();
    // Source ranges to replace, with what replaces them.
    let mut replaced: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut alt: Option<(std::ops::Range<usize>, String)> = None;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            // A code block's start event spans the whole block.
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => code.push(range),
            Event::Start(Tag::Image { .. }) if alt.is_none() => alt = Some((range, String::new())),
            Event::Text(text) if alt.is_some() => {
                if let Some((_, words)) = alt.as_mut() {
                    words.push_str(&text);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((range, words)) = alt.take() {
                    replaced.push((range, inline(&words)));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) if alt.is_none() && !safe_link(&dest_url) => {
                replaced.push((range.clone(), inline(&markdown[range])));
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut index = 0;
    while index < markdown.len() {
        if let Some((range, text)) = replaced.iter().find(|(r, _)| r.start == index) {
            out.push_str(text);
            index = range.end.max(index + 1);
            continue;
        }
        let Some(c) = markdown[index..].chars().next() else { break };
        if c == '<' && !code.iter().any(|r| r.contains(&index)) {
            out.push('\\');
        }
        out.push(c);
        index += c.len_utf8();
    }
    out
}

/// Links a reader may follow: the web and e-mail, and relative links within a document.
fn safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') && !scheme.contains('#') && !scheme.contains('?') => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::{inert_body as body, inline};

    #[test]
    fn inline_text_cannot_become_markup() {
        assert_eq!(inline("<script>a|b</script>"), "\\<script\\>a\\|b\\</script\\>");
        assert_eq!(inline("[x](javascript:alert(1))"), "\\[x\\](javascript:alert(1))");
        assert_eq!(inline("two\nlines"), "two lines");
    }

    #[test]
    fn bodies_keep_markdown_and_code_but_lose_raw_html() {
        let text =
            "**bold** <img src=x onerror=alert(1)>\n\n`<b>code</b>`\n\n```\n<script>kept as code</script>\n```\n";
        let out = body(text);
        assert!(out.starts_with("**bold** \\<img src=x"), "{out}");
        assert!(out.contains("`<b>code</b>`"), "{out}");
        assert!(out.contains("```\n<script>kept as code</script>\n```"), "{out}");
        let html = crate::html::markdown_to_html(&out);
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "shown as text: {html}");
    }

    #[test]
    fn images_become_their_text_and_unsafe_links_their_source() {
        let out = body("See ![the graph](https://t.example/p.png), [docs](https://ok.example), [run](javascript:alert(1)) and [mail](mailto:a@b.example).");
        assert_eq!(
            out,
            "See the graph, [docs](https://ok.example), \\[run\\](javascript:alert(1)) and [mail](mailto:a@b.example)."
        );
        let linked_image = body("[![badge](https://ci.example/b.svg)](https://ci.example)");
        assert_eq!(linked_image, "[badge](https://ci.example)");
    }
}
