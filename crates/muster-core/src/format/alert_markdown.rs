//! Alert runbooks in Markdown: the Meaning / Impact / Diagnosis / Mitigation shape of the
//! Prometheus alert runbooks (and of many teams' wikis), plus a fallback for any other Markdown.
//!
//! The file is parsed with pulldown-cmark, a CommonMark parser, for its outline only: headings,
//! lists, paragraphs and code blocks with their byte ranges. Context and instructions are then
//! copied from the source text by range, so code blocks, links and emphasis stay exactly as
//! written (reference-style link definitions a piece uses are copied along with it).
//!
//! Mapping of a structured file (one with at least one section named like a phase):
//! - title: the front matter `title`, else the first `#` heading, else the file name;
//! - id: the file name, CamelCase split into words and slugged (`KubePodCrashLooping.md` →
//!   `kube-pod-crash-looping`); an index page (`_index.md`, `index.md`) takes its folder's name;
//! - context: the text before the first section and the Meaning / Impact / Summary … sections,
//!   each under a `###` heading (a `##` line would be a phase heading in Muster's own format);
//!   sections with a name Muster does not know go there too, with a warning;
//! - summary: the front matter `description` or `summary`, else the context's first sentence;
//! - steps: Diagnosis / Investigation / Triage … → Identify; Mitigation / Remediation / Fix /
//!   Runbook … → Respond, except items that clearly verify or clean up (`Verify …`,
//!   `Clean up …`) → Recover; Recovery / Verification / Clean-up → Recover; Follow-up /
//!   Prevention / Post-mortem → Review. Inside such a section each list item is a step; a
//!   paragraph (with the code blocks after it) is a step; a list introduced by a paragraph
//!   ending in `:` stays with that paragraph in one step; each sub-section is one step titled
//!   by its heading.
//!
//! A file with no such section is imported "generically", always with a warning: one step per
//! list item, else one step per section, else the whole text as context and no step. A page
//! with nothing but front matter (a Hugo `_index.md`) is an index page: a runbook with no
//! steps and a warning saying so, which callers should not save.
//!
//! Invariant: every Markdown text is valid CommonMark, so reading fails only on front matter
//! that is never closed. Every mapping decision is reported as an [`ImportNote`]. The runbook
//! ends fitted to Muster's own format ([`markdown::fit`]), so export then import is the identity.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{markdown, ImportFormat, ImportNote, Imported};
use crate::error::{Error, Result};
use crate::phase::Phase;
use crate::runbook::{slug, Runbook, Step};

/// Reads an alert runbook (or any Markdown without Muster's `+++` front matter).
pub fn read(path: &Path, text: &str) -> Result<Imported> {
    let mut notes = Vec::new();
    let front = FrontMatter::split(path, text)?;
    let body = &text[front.body_start..];
    let doc = Outline::parse(body, 1 + text[..front.body_start].matches('\n').count());

    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("runbook");
    let index_page = doc.blocks.iter().all(|b| matches!(b.kind, BlockKind::Heading { .. }));
    let id = runbook_id(path, stem);

    let h1_block = doc.title_heading().filter(|&i| !doc.blocks[i].plain.is_empty());
    let h1 = h1_block.map(|i| doc.blocks[i].plain.clone());
    let title = match (&front.title, &h1) {
        (Some(title), Some(h1)) if title != h1 => {
            notes.push(
                ImportNote::info(format!("title from the front matter: '{title}' (the # heading '{h1}' is not used)"))
                    .at_line(front.title_line),
            );
            title.clone()
        }
        (Some(title), _) => {
            notes.push(ImportNote::info(format!("title from the front matter: '{title}'")).at_line(front.title_line));
            title.clone()
        }
        (None, Some(h1)) => {
            let line = h1_block.map_or(1, |i| doc.line_of(i));
            notes.push(ImportNote::info(format!("title from the # heading: '{h1}'")).at_line(line));
            h1.clone()
        }
        (None, None) => {
            notes.push(ImportNote::warning(format!("no title in the file: the file name '{stem}' is the title")));
            stem.to_string()
        }
    };
    notes.push(ImportNote::info(if is_index_name(stem) {
        format!("id '{id}' from the folder name (an index page)")
    } else {
        format!("id '{id}' from the file name")
    }));
    if !front.ignored.is_empty() {
        notes.push(ImportNote::info(format!("not imported: front matter {}", front.ignored.join(", "))));
    }

    let mut runbook = Runbook::new(&id, &title);
    runbook.tags = front.tags.clone();
    if !front.tags.is_empty() {
        notes.push(ImportNote::info(format!("front matter tags → tags: {}", front.tags.join(", "))));
    }

    if index_page {
        notes.push(ImportNote::warning(
            "index page: no content besides the front matter and headings, nothing to run → a runbook without steps; \
             there is no need to save it"
                .to_string(),
        ));
        let (runbook, fitted) = markdown::fit(runbook);
        notes.extend(fitted);
        return Ok(Imported { runbook, format: ImportFormat::AlertMarkdown, report: notes });
    }

    let sections = doc.sections();
    let structured = sections.iter().any(|s| matches!(s.kind, SectionKind::Steps(_) | SectionKind::Actions));
    let (context, steps) =
        if structured { doc.structured(&sections, &mut notes) } else { doc.generic(&sections, &mut notes) };
    runbook.context = context;
    runbook.summary = match &front.summary {
        Some(summary) => {
            notes.push(ImportNote::info("front matter description → summary".to_string()));
            summary.clone()
        }
        None => {
            let summary = first_paragraph_plain(&runbook.context, false).map(|p| title_from(&p)).unwrap_or_default();
            if !summary.is_empty() {
                notes.push(ImportNote::info("first sentence of the context → summary".to_string()));
            }
            summary
        }
    };
    runbook.steps = keyed_steps(steps);
    let (runbook, fitted) = markdown::fit(runbook);
    notes.extend(fitted);
    Ok(Imported { runbook, format: ImportFormat::AlertMarkdown, report: notes })
}

/// The step a piece of the file became, before it gets its key.
#[derive(Debug, Clone)]
struct DraftStep {
    phase: Phase,
    title: String,
    instructions: String,
}

/// Gives each step its key, the slug of its title; a repeated key gets `-2`, `-3` … as in
/// Muster's own format.
fn keyed_steps(drafts: Vec<DraftStep>) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::with_capacity(drafts.len());
    for draft in drafts {
        let key = step_key(&draft.title, &steps);
        let mut step = Step::new(&key, draft.phase, &draft.title);
        step.instructions = draft.instructions;
        steps.push(step);
    }
    steps
}

/// The key of a step titled `title` after the steps `earlier`: the slug of the title, with
/// `-2`, `-3` … when an earlier step has it (`step-N` for a title without letters or digits).
pub(super) fn step_key(title: &str, earlier: &[Step]) -> String {
    let mut base = slug(title);
    if base.is_empty() {
        base = format!("step-{}", earlier.len() + 1);
    }
    let mut key = base.clone();
    let mut n = 2;
    while earlier.iter().any(|s| s.key == key) {
        key = format!("{base}-{n}");
        n += 1;
    }
    key
}

/// The runbook id: the file name in words (`KubeAPIDown` → `kube-api-down`); an index page
/// takes the name of its folder, since every folder has one.
fn runbook_id(path: &Path, stem: &str) -> String {
    let name = if is_index_name(stem) {
        path.parent().and_then(|p| p.file_name()).and_then(|s| s.to_str()).unwrap_or(stem)
    } else {
        stem
    };
    let id = slug(&split_camel_case(name));
    if id.is_empty() {
        "imported-runbook".to_string()
    } else {
        id
    }
}

fn is_index_name(stem: &str) -> bool {
    matches!(stem.to_ascii_lowercase().as_str(), "_index" | "index")
}

/// `KubeAPIDown` → `Kube API Down`, `CPUThrottlingHigh` → `CPU Throttling High`.
fn split_camel_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if i > 0 && c.is_uppercase() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push(' ');
            }
        }
        out.push(c);
    }
    out
}

/// Hugo-style front matter between two `---` lines: flat `key: value` pairs, of which
/// `title`, `description`/`summary` and `tags` are used and the rest reported.
struct FrontMatter {
    body_start: usize,
    title: Option<String>,
    /// The line of `title:`, from 1.
    title_line: usize,
    summary: Option<String>,
    tags: Vec<String>,
    ignored: Vec<String>,
}

impl FrontMatter {
    fn split(path: &Path, text: &str) -> Result<FrontMatter> {
        let mut front = FrontMatter {
            body_start: 0,
            title: None,
            title_line: 1,
            summary: None,
            tags: Vec::new(),
            ignored: Vec::new(),
        };
        let text_start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        let mut lines = line_spans(text, text_start);
        let Some(first) = lines.next() else { return Ok(front) };
        if text[first.clone()].trim_end() != "---" {
            front.body_start = text_start;
            return Ok(front);
        }
        let mut last_key: Option<String> = None;
        for (index, span) in lines.enumerate() {
            let line = text[span.clone()].trim_end_matches(['\r', '\n']);
            if line.trim_end() == "---" || line.trim_end() == "..." {
                front.body_start = span.end;
                return Ok(front);
            }
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            // A block list under the last key: `tags:` then `  - payments`.
            if let Some(item) = line.trim_start().strip_prefix("- ").filter(|_| line.starts_with([' ', '-'])) {
                let tag = unquote(item.trim());
                if last_key.as_deref() == Some("tags") && !tag.is_empty() {
                    front.tags.push(tag.to_string());
                }
                continue;
            }
            if line.starts_with([' ', '\t']) {
                continue; // A nested value of the last key, reported with that key.
            }
            let Some((key, value)) = line.split_once(':') else {
                front.ignored.push(format!("line '{}'", line.trim()));
                continue;
            };
            let (key, value) = (key.trim(), unquote(value.trim()));
            last_key = Some(key.to_string());
            match key {
                "title" if !value.is_empty() => {
                    front.title = Some(collapse_whitespace(value));
                    front.title_line = index + 2;
                }
                "description" | "summary" if !value.is_empty() => front.summary = Some(collapse_whitespace(value)),
                "tags" => {
                    if let Some(list) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                        front
                            .tags
                            .extend(list.split(',').map(|t| unquote(t.trim()).to_string()).filter(|t| !t.is_empty()));
                    } else if !value.is_empty() {
                        front.tags.push(value.to_string());
                    }
                }
                _ => front.ignored.push(key.to_string()),
            }
        }
        Err(Error::Format {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: "front matter is not closed: add a '---' line after it".to_string(),
        })
    }
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote).and_then(|v| v.strip_suffix(quote)) {
            return inner;
        }
    }
    value
}

/// The byte ranges of the lines of `text` from `start`, each with its line ending.
fn line_spans(text: &str, start: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut pos = start;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let span = pos..end;
        pos = end;
        Some(span)
    })
}

#[derive(Debug, Clone, PartialEq)]
enum BlockKind {
    Heading {
        level: u8,
    },
    Paragraph,
    List {
        items: Vec<Range<usize>>,
    },
    Code {
        lang: String,
    },
    /// Block quotes, tables, HTML, rules, footnote definitions.
    Other,
}

/// One top-level block of the body.
#[derive(Debug, Clone)]
struct Block {
    kind: BlockKind,
    /// From the start of the block's first line to the end of its last character.
    range: Range<usize>,
    /// Headings and paragraphs: the text without Markdown, whitespace collapsed.
    plain: String,
}

/// The outline of a Markdown body: its top-level blocks and link reference definitions.
struct Outline<'a> {
    source: &'a str,
    /// The line of the file where `source` starts (after the front matter), from 1.
    first_line: usize,
    blocks: Vec<Block>,
    /// `(label, source of the definition line)`.
    references: Vec<(String, String)>,
}

fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

impl<'a> Outline<'a> {
    fn parse(source: &'a str, first_line: usize) -> Outline<'a> {
        let iter = Parser::new_ext(source, markdown_options()).into_offset_iter();
        let mut references: Vec<(String, String)> = iter
            .reference_definitions()
            .iter()
            .map(|(label, def)| (label.to_lowercase(), source[def.span.clone()].trim_end().to_string()))
            .collect();
        references.sort();
        let mut blocks = Vec::new();
        let mut depth = 0usize;
        let mut current: Option<Block> = None;
        for (event, range) in iter {
            match event {
                Event::Start(tag) => {
                    if depth == 0 {
                        let kind = match &tag {
                            Tag::Heading { level, .. } => BlockKind::Heading { level: heading_level(*level) },
                            Tag::Paragraph => BlockKind::Paragraph,
                            Tag::List(_) => BlockKind::List { items: Vec::new() },
                            Tag::CodeBlock(CodeBlockKind::Fenced(lang)) => {
                                BlockKind::Code { lang: lang.split_whitespace().next().unwrap_or("").to_string() }
                            }
                            Tag::CodeBlock(CodeBlockKind::Indented) => BlockKind::Code { lang: String::new() },
                            _ => BlockKind::Other,
                        };
                        current = Some(Block {
                            kind,
                            range: line_start(source, range.start)..range.end,
                            plain: String::new(),
                        });
                    } else if depth == 1 && matches!(tag, Tag::Item) {
                        if let Some(Block { kind: BlockKind::List { items }, .. }) = current.as_mut() {
                            items.push(range.clone());
                        }
                    }
                    depth += 1;
                }
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        if let Some(mut block) = current.take() {
                            block.range.end = block.range.end.max(range.end);
                            trim_range_end(source, &mut block.range);
                            block.plain = collapse_whitespace(&block.plain);
                            blocks.push(block);
                        }
                    }
                }
                Event::Text(text) | Event::Code(text) => {
                    if let Some(block) = current.as_mut() {
                        if matches!(block.kind, BlockKind::Heading { .. } | BlockKind::Paragraph) {
                            block.plain.push_str(&text);
                        }
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some(block) = current.as_mut() {
                        block.plain.push(' ');
                    }
                }
                Event::Rule if depth == 0 => {
                    let mut range = line_start(source, range.start)..range.end;
                    trim_range_end(source, &mut range);
                    blocks.push(Block { kind: BlockKind::Other, range, plain: String::new() });
                }
                _ => {}
            }
        }
        Outline { source, first_line, blocks, references }
    }

    /// The line of the file a block starts on.
    fn line_of(&self, block: usize) -> usize {
        self.first_line + self.source[..self.blocks[block].range.start].matches('\n').count()
    }

    /// The index of the title heading: the first heading, when it is a `#` heading.
    fn title_heading(&self) -> Option<usize> {
        let first = self.blocks.iter().position(|b| matches!(b.kind, BlockKind::Heading { .. }))?;
        matches!(self.blocks[first].kind, BlockKind::Heading { level: 1 }).then_some(first)
    }

    /// Splits the body at its section headings: those of the highest level after the title.
    /// The first "section" is the preamble (no heading), possibly empty.
    fn sections(&self) -> Vec<Section> {
        let title = self.title_heading();
        let level = self
            .blocks
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != title)
            .filter_map(|(_, b)| match b.kind {
                BlockKind::Heading { level } => Some(level),
                _ => None,
            })
            .min();
        let mut sections = vec![Section { heading: None, kind: SectionKind::Context, blocks: Vec::new() }];
        for (i, block) in self.blocks.iter().enumerate() {
            if Some(i) == title {
                continue;
            }
            match block.kind {
                BlockKind::Heading { level: l } if Some(l) == level => {
                    sections.push(Section { heading: Some(i), kind: SectionKind::of(&block.plain), blocks: Vec::new() })
                }
                _ => {
                    if let Some(section) = sections.last_mut() {
                        section.blocks.push(i);
                    }
                }
            }
        }
        sections
    }

    /// Context from the preamble and context sections; steps from the phase sections.
    fn structured(&self, sections: &[Section], notes: &mut Vec<ImportNote>) -> (String, Vec<DraftStep>) {
        let mut context = Vec::new();
        let mut steps: Vec<DraftStep> = Vec::new();
        for section in sections {
            let before = notes.len();
            'section: {
                let name = section.name(self);
                match section.kind {
                    SectionKind::Context | SectionKind::Unknown => {
                        if section.blocks.is_empty() {
                            if section.heading.is_some() {
                                notes.push(ImportNote::info(format!("{name}: empty, skipped")));
                            }
                            break 'section;
                        }
                        context.push(self.context_piece(section));
                        match (section.heading, section.kind) {
                            (None, _) => {
                                notes.push(ImportNote::info("text before the first section → context".to_string()))
                            }
                            (Some(_), SectionKind::Unknown) => notes.push(ImportNote::warning(format!(
                            "{name}: not a section Muster knows (Meaning, Impact, Diagnosis, Mitigation …) → context"
                        ))),
                            _ => notes.push(ImportNote::info(format!("{name} → context"))),
                        }
                    }
                    SectionKind::Steps(_) | SectionKind::Actions => {
                        let (units, placeholders): (Vec<Unit>, Vec<Unit>) =
                            self.units(&section.blocks, true).into_iter().partition(|u| !is_placeholder(&u.title));
                        if units.is_empty() && placeholders.is_empty() {
                            notes.push(ImportNote::warning(format!("{name}: empty, no steps")));
                            break 'section;
                        }
                        if units.is_empty() {
                            // Keep the gap visible: one step named after the section, to fill in.
                            let phase = match section.kind {
                                SectionKind::Steps(phase) => phase,
                                _ => Phase::Respond,
                            };
                            let instructions = self.instructions(&section.blocks);
                            notes.push(ImportNote::warning(format!(
                                "{name}: only a placeholder ('{}') → one {} step '{name}' to write",
                                collapse_whitespace(&instructions),
                                phase_name(phase)
                            )));
                            steps.push(DraftStep { phase, title: name.clone(), instructions });
                            break 'section;
                        }
                        if !placeholders.is_empty() {
                            notes.push(ImportNote::warning(format!(
                                "{name}: {} placeholder paragraph(s) ('TODO') skipped",
                                placeholders.len()
                            )));
                        }
                        let counts = origin_counts(&units);
                        let mut placed: Vec<(Phase, usize)> = Vec::new();
                        for unit in units {
                            let phase = match section.kind {
                                SectionKind::Steps(Phase::Respond) if looks_like_recovery(&unit.title) => {
                                    Phase::Recover
                                }
                                SectionKind::Steps(phase) => phase,
                                _ if looks_like_recovery(&unit.title) => Phase::Recover,
                                _ if looks_like_diagnosis(&unit.title) => Phase::Identify,
                                _ => Phase::Respond,
                            };
                            let number = steps.iter().filter(|s| s.phase == phase).count() + 1;
                            placed.push((phase, number));
                            steps.push(DraftStep { phase, title: unit.title, instructions: unit.instructions });
                        }
                        let how = if section.kind == SectionKind::Actions {
                            " (a general section: checks → Identify, verification and clean-up → Recover, the rest → Respond)"
                        } else {
                            ""
                        };
                        notes
                            .push(ImportNote::info(format!("{name}: {counts} → {}{how}", describe_placement(&placed))));
                    }
                }
            }
            if let Some(h) = section.heading {
                let line = self.line_of(h);
                for note in &mut notes[before..] {
                    note.line = Some(line);
                }
            }
        }
        // Steps are kept in phase order, as Muster shows them.
        steps.sort_by_key(|s| s.phase);
        (context.join("\n\n"), steps)
    }

    /// No section named like a phase: one Respond step per list item, else per section; the
    /// rest is context. Always with a warning, since the phases are a guess.
    fn generic(&self, sections: &[Section], notes: &mut Vec<ImportNote>) -> (String, Vec<DraftStep>) {
        let has_items = sections
            .iter()
            .flat_map(|s| s.blocks.iter())
            .any(|&i| matches!(&self.blocks[i].kind, BlockKind::List { items } if !items.is_empty()));
        let mut context = Vec::new();
        let mut steps = Vec::new();
        if has_items {
            for section in sections {
                let (lists, rest): (Vec<usize>, Vec<usize>) =
                    section.blocks.iter().partition(|&&i| matches!(self.blocks[i].kind, BlockKind::List { .. }));
                if !rest.is_empty() {
                    let piece = Section { heading: section.heading, kind: section.kind, blocks: rest };
                    context.push(self.context_piece(&piece));
                }
                for i in lists {
                    for unit in self.units(&[i], false) {
                        steps.push(DraftStep {
                            phase: Phase::Respond,
                            title: unit.title,
                            instructions: unit.instructions,
                        });
                    }
                }
            }
            notes.push(ImportNote::warning(format!(
                "no Diagnosis or Mitigation section: {} list items → Respond steps 1–{}, the other text → context; \
                 check the phases and titles",
                steps.len(),
                steps.len()
            )));
        } else if sections.iter().any(|s| s.heading.is_some()) {
            for section in sections {
                let Some(heading) = section.heading else {
                    if !section.blocks.is_empty() {
                        context.push(self.context_piece(section));
                    }
                    continue;
                };
                if section.kind == SectionKind::Context {
                    context.push(self.context_piece(section));
                    continue;
                }
                let instructions = self.instructions(&section.blocks);
                steps.push(DraftStep {
                    phase: Phase::Respond,
                    title: self.blocks[heading].plain.clone(),
                    instructions,
                });
            }
            notes.push(ImportNote::warning(format!(
                "no list items and no Diagnosis or Mitigation section: {} sections → Respond steps 1–{}; check the phases",
                steps.len(),
                steps.len()
            )));
        } else {
            if let Some(preamble) = sections.first() {
                context.push(self.context_piece(preamble));
            }
            notes.push(ImportNote::warning(
                "no sections and no list items: the whole text → context, no steps; add the steps in Muster"
                    .to_string(),
            ));
        }
        (context.into_iter().filter(|c| !c.is_empty()).collect::<Vec<_>>().join("\n\n"), steps)
    }

    /// A section as context: its heading as `###` (so it never reads as a phase heading in
    /// Muster's format), then its blocks with deeper headings shifted below it.
    fn context_piece(&self, section: &Section) -> String {
        let mut out = Vec::new();
        let base = section.heading.map(|h| match self.blocks[h].kind {
            BlockKind::Heading { level } => level,
            _ => 2,
        });
        if let Some(h) = section.heading {
            out.push(format!("### {}", self.blocks[h].plain));
        }
        for &i in &section.blocks {
            let block = &self.blocks[i];
            match block.kind {
                BlockKind::Heading { level } => {
                    // Keep sub-headings below the section's `###`, and never `##` or `#`.
                    let shifted = base.map_or(level.max(3), |b| 3 + level.saturating_sub(b)).min(6);
                    out.push(format!("{} {}", "#".repeat(usize::from(shifted)), block.plain));
                }
                _ => out.push(self.source[block.range.clone()].to_string()),
            }
        }
        self.with_references(out.join("\n\n"))
    }

    /// The blocks' source text, joined by blank lines, with the link definitions they use.
    fn instructions(&self, blocks: &[usize]) -> String {
        let text = blocks.iter().map(|&i| &self.source[self.blocks[i].range.clone()]).collect::<Vec<_>>().join("\n\n");
        self.with_references(text)
    }

    /// Appends the reference-style link definitions (`[label]: url`) that `text` uses, so its
    /// links still work when it stands alone as a step's instructions.
    fn with_references(&self, mut text: String) -> String {
        let lower = text.to_lowercase();
        let used: Vec<&str> = self
            .references
            .iter()
            .filter(|(label, _)| lower.contains(&format!("[{label}]")))
            .map(|(_, def)| def.as_str())
            .collect();
        if !used.is_empty() {
            text.push_str("\n\n");
            text.push_str(&used.join("\n"));
        }
        text
    }

    /// Cuts the blocks of a section into step-sized units (see the module header).
    /// `intro_lists`: a list after a paragraph ending in ':' stays with that paragraph.
    fn units(&self, blocks: &[usize], intro_lists: bool) -> Vec<Unit> {
        let mut units: Vec<Unit> = Vec::new();
        // The blocks of the prose unit being built, and how it started.
        let mut pending: Vec<usize> = Vec::new();
        let mut i = 0;
        while i < blocks.len() {
            let index = blocks[i];
            let block = &self.blocks[index];
            // A lone image belongs to the text before it.
            let figure = !pending.is_empty() && is_image_only(&self.source[block.range.clone()]);
            let after_colon = pending
                .last()
                .is_some_and(|&p| self.blocks[p].kind == BlockKind::Paragraph && self.blocks[p].plain.ends_with(':'));
            match &block.kind {
                BlockKind::Heading { level } => {
                    // A sub-section: everything up to the next heading of its level or higher.
                    self.flush(&mut pending, &mut units);
                    let end = blocks[i + 1..]
                        .iter()
                        .position(|&j| matches!(self.blocks[j].kind, BlockKind::Heading { level: l } if l <= *level))
                        .map_or(blocks.len(), |p| i + 1 + p);
                    let content = &blocks[i + 1..end];
                    units.push(Unit {
                        title: title_from(&block.plain),
                        instructions: self.instructions(content),
                        origin: Origin::Subsection,
                    });
                    i = end;
                    continue;
                }
                BlockKind::List { items } if !(intro_lists && after_colon) => {
                    self.flush(&mut pending, &mut units);
                    for item in items {
                        let content = item_content(self.source, item.clone());
                        // With the link definitions it uses, so `[text][label]` reads as a link.
                        let linked = self.with_references(content.clone());
                        let title = match first_paragraph_plain(&linked, true) {
                            Some(plain) if !plain.is_empty() => title_from(&plain),
                            _ => code_title(&content).unwrap_or_else(|| format!("Item {}", units.len() + 1)),
                        };
                        let instructions = if is_plain_title(&content, &title) { String::new() } else { linked };
                        units.push(Unit { title, instructions, origin: Origin::ListItem });
                    }
                }
                BlockKind::Paragraph if !after_colon && !figure => {
                    self.flush(&mut pending, &mut units);
                    pending.push(index);
                }
                _ => pending.push(index),
            }
            i += 1;
        }
        self.flush(&mut pending, &mut units);
        units
    }

    /// Turns the pending prose blocks into one unit.
    fn flush(&self, pending: &mut Vec<usize>, units: &mut Vec<Unit>) {
        if pending.is_empty() {
            return;
        }
        let first = &self.blocks[pending[0]];
        let source = self.instructions(pending);
        let (title, origin) = match first.kind {
            BlockKind::Paragraph => (title_from(&first.plain), Origin::Paragraph),
            BlockKind::Code { .. } => (
                code_title(&self.source[first.range.clone()]).unwrap_or_else(|| format!("Step {}", units.len() + 1)),
                Origin::Code,
            ),
            _ => (
                first_paragraph_plain(&source, true)
                    .map_or_else(|| format!("Step {}", units.len() + 1), |p| title_from(&p)),
                Origin::Paragraph,
            ),
        };
        let instructions = if is_plain_title(&source, &title) { String::new() } else { source };
        units.push(Unit { title, instructions, origin });
        pending.clear();
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn line_start(source: &str, offset: usize) -> usize {
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    if source[start..offset].chars().all(|c| c == ' ' || c == '\t') {
        start
    } else {
        offset
    }
}

fn trim_range_end(source: &str, range: &mut Range<usize>) {
    let trimmed = source[range.clone()].trim_end().len();
    range.end = range.start + trimmed;
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A section of the body under one heading (or the preamble, without one).
struct Section {
    heading: Option<usize>,
    kind: SectionKind,
    blocks: Vec<usize>,
}

impl Section {
    fn name(&self, outline: &Outline<'_>) -> String {
        self.heading.map_or_else(|| "text before the first section".to_string(), |h| outline.blocks[h].plain.clone())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SectionKind {
    Context,
    /// A section named like one phase (Diagnosis → Identify).
    Steps(Phase),
    /// A section of things to do without a phase in its name ("Runbook", "Procedure"): each
    /// step's phase comes from its own words.
    Actions,
    Unknown,
}

/// Words (or their beginnings) that name a context section.
const CONTEXT_WORDS: &[&str] = &[
    "meaning",
    "impact",
    "summary",
    "overview",
    "description",
    "background",
    "context",
    "symptom",
    "about",
    "severity",
];

/// Specific words naming a phase; the first one in a heading decides.
const PHASE_WORDS: &[(Phase, &[&str])] = &[
    (Phase::Identify, &["diagnos", "investigat", "triage", "identif", "detect", "troubleshoot", "debug"]),
    (
        Phase::Respond,
        &["mitigat", "remedia", "respon", "fix", "workaround", "resolution", "escalat", "communicat", "contain"],
    ),
    (Phase::Recover, &["recover", "verif", "validat", "clean", "restor", "rollback"]),
    (Phase::Review, &["review", "postmortem", "retrospective", "follow", "prevent", "lesson"]),
];

/// Generic words for "what to do", read as Respond when no specific word is there.
const ACTION_WORDS: &[&str] = &["runbook", "procedure", "steps", "action", "playbook", "solution", "what to do"];

impl SectionKind {
    fn of(heading: &str) -> SectionKind {
        let lower = heading.to_lowercase();
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let compact: String = words.concat();
        let mut best: Option<(usize, Phase)> = None;
        for (position, word) in words.iter().enumerate() {
            for (phase, stems) in PHASE_WORDS {
                if stems.iter().any(|stem| word.starts_with(stem)) && best.is_none_or(|(p, _)| position < p) {
                    best = Some((position, *phase));
                }
            }
        }
        if best.is_none() && (compact.contains("postmortem") || compact.contains("cleanup")) {
            best = Some((0, if compact.contains("cleanup") { Phase::Recover } else { Phase::Review }));
        }
        if let Some((_, phase)) = best {
            return SectionKind::Steps(phase);
        }
        if words.iter().any(|w| CONTEXT_WORDS.iter().any(|c| w.starts_with(c))) {
            return SectionKind::Context;
        }
        if ACTION_WORDS.iter().any(|a| lower.contains(a)) {
            return SectionKind::Actions;
        }
        SectionKind::Unknown
    }
}

/// A step of a general section that checks or looks something up belongs to Identify.
fn looks_like_diagnosis(title: &str) -> bool {
    let lower = title.to_lowercase();
    const STARTS: &[&str] = &[
        "check",
        "look",
        "take a look",
        "investigate",
        "inspect",
        "find",
        "identify",
        "determine",
        "diagnose",
        "run debugging",
        "query",
        "maybe",
    ];
    STARTS.iter().any(|s| lower.starts_with(s) && lower[s.len()..].starts_with([' ', ':', ',']))
}

/// A paragraph that only says the section is still to be written.
fn is_placeholder(title: &str) -> bool {
    let lower = title.to_lowercase();
    let lower = lower.trim_matches(|c: char| !c.is_alphanumeric());
    matches!(lower, "todo" | "tbd" | "to be added" | "to do" | "n/a" | "none" | "wip" | "coming soon")
}

/// A mitigation item that clearly verifies or cleans up belongs to Recover.
fn looks_like_recovery(title: &str) -> bool {
    let lower = title.to_lowercase();
    const STARTS: &[&str] = &[
        "verify",
        "confirm",
        "validate",
        "clean up",
        "cleanup",
        "clean-up",
        "tidy up",
        "check that",
        "monitor",
        "watch",
        "remove the temporary",
        "remove temporary",
    ];
    STARTS.iter().any(|s| lower == *s || (lower.starts_with(s) && lower[s.len()..].starts_with([' ', ':', ','])))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    ListItem,
    Paragraph,
    Code,
    Subsection,
}

struct Unit {
    title: String,
    instructions: String,
    origin: Origin,
}

/// "2 paragraphs, 4 list items".
fn origin_counts(units: &[Unit]) -> String {
    let mut parts = Vec::new();
    for (origin, one, many) in [
        (Origin::Paragraph, "paragraph", "paragraphs"),
        (Origin::Code, "code block", "code blocks"),
        (Origin::ListItem, "list item", "list items"),
        (Origin::Subsection, "sub-section", "sub-sections"),
    ] {
        let n = units.iter().filter(|u| u.origin == origin).count();
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    parts.join(", ")
}

/// "Identify steps 1–3", "Respond steps 1–2 and Recover step 1".
fn describe_placement(placed: &[(Phase, usize)]) -> String {
    let mut parts = Vec::new();
    for phase in Phase::ALL {
        let numbers: Vec<usize> = placed.iter().filter(|(p, _)| *p == phase).map(|(_, n)| *n).collect();
        let name = phase_name(phase);
        match numbers.as_slice() {
            [] => {}
            [one] => parts.push(format!("{name} step {one}")),
            [first, .., last] => parts.push(format!("{name} steps {first}–{last}")),
        }
    }
    parts.join(" and ")
}

pub(super) fn phase_name(phase: Phase) -> &'static str {
    match phase {
        Phase::Identify => "Identify",
        Phase::Respond => "Respond",
        Phase::Recover => "Recover",
        Phase::Review => "Review",
    }
}

/// The Markdown inside a list item, without its marker and with the item's indentation
/// removed, as CommonMark defines it: continuation lines lose up to the content column.
fn item_content(source: &str, range: Range<usize>) -> String {
    let start = line_start(source, range.start);
    let marker_column = range.start - start;
    let text = source[range.start..range.end].trim_end();
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let marker_len =
        first.find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '*' | '+' | '.' | ')'))).unwrap_or(first.len());
    let after_marker = &first[marker_len..];
    let spaces = after_marker.len() - after_marker.trim_start_matches(' ').len();
    let spaces = if (1..=4).contains(&spaces) && !after_marker.trim().is_empty() { spaces } else { 1 };
    let column = marker_column + marker_len + spaces;
    let mut first_line = after_marker.trim_start();
    // A task-list box is not part of the title.
    for box_ in ["[ ] ", "[x] ", "[X] "] {
        if let Some(stripped) = first_line.strip_prefix(box_) {
            first_line = stripped;
        }
    }
    let mut out = String::from(first_line);
    for line in rest.split('\n') {
        out.push('\n');
        let line = line.trim_end_matches('\r');
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(tabbed) = line.strip_prefix('\t') {
            out.push_str(tabbed);
        } else {
            out.push_str(&line[indent.min(column)..]);
        }
    }
    out.trim_end().to_string()
}

/// The text of the first paragraph or heading of a Markdown snippet, without markup; `None`
/// when the snippet starts with something else (a code block, say).
/// `headings`: whether a heading counts as the first paragraph, or is skipped.
pub(super) fn first_paragraph_plain(markdown: &str, headings: bool) -> Option<String> {
    let mut out = String::new();
    let mut inside = false;
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(Tag::Paragraph) => inside = true,
            Event::Start(Tag::Heading { .. }) if headings => inside = true,
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) if inside => return Some(collapse_whitespace(&out)),
            Event::Start(Tag::List(_) | Tag::Item | Tag::BlockQuote(_) | Tag::Heading { .. })
            | Event::End(TagEnd::Heading(_)) => {}
            Event::Start(_) if !inside => return None,
            Event::Text(t) | Event::Code(t) if inside => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak if inside => out.push(' '),
            _ => {}
        }
    }
    inside.then(|| collapse_whitespace(&out))
}

/// A step title from a paragraph: its first sentence without closing punctuation, at most
/// about 90 characters (cut at a word, with '…').
pub(super) fn title_from(plain: &str) -> String {
    const MAX: usize = 90;
    let plain = collapse_whitespace(plain);
    let mut end = plain.len();
    let mut search = 0;
    while let Some(found) = plain[search..].find(['.', '!', '?']) {
        let at = search + found;
        let after = &plain[at + 1..];
        let word_before = plain[..at].rsplit(' ').next().unwrap_or("");
        let word_before = word_before.trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        let abbreviation = matches!(word_before.as_str(), "e.g" | "i.e" | "etc" | "vs" | "eg" | "ie" | "cf");
        if (after.is_empty() || after.starts_with(' ')) && !abbreviation {
            end = if plain.as_bytes()[at] == b'.' { at } else { at + 1 };
            break;
        }
        search = at + 1;
    }
    let sentence = plain[..end].trim_end_matches([':', ',', ';', ' ']).trim();
    if sentence.chars().count() <= MAX {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(MAX).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head).trim_end_matches([',', ';', ':', ' ']);
    format!("{cut}…")
}

/// A title for a piece that starts with a code block: `Run kubectl get pods` for a shell
/// command, `Run the promql query` otherwise.
fn code_title(markdown: &str) -> Option<String> {
    let mut lines = markdown.trim_start().lines();
    let fence = lines.next()?.trim_start();
    let lang = fence.trim_start_matches(['`', '~']).split_whitespace().next().unwrap_or("").to_lowercase();
    if !(fence.starts_with("```") || fence.starts_with("~~~")) {
        return None;
    }
    let first = lines.map(str::trim).find(|l| !l.is_empty())?;
    let shell = matches!(lang.as_str(), "" | "sh" | "shell" | "bash" | "console" | "zsh" | "powershell" | "ps" | "cmd");
    if shell {
        let command = first.trim_start_matches(['$', '#', '>']).trim();
        (!command.is_empty()).then(|| title_from(&format!("Run {command}")))
    } else {
        Some(format!("Run the {lang} query"))
    }
}

/// A paragraph that is one image (`![alt](url)`): a figure for the text before it.
fn is_image_only(source: &str) -> bool {
    let source = source.trim();
    source.starts_with("![") && (source.ends_with(')') || source.ends_with(']')) && !source.contains('\n')
}

/// Whether the instructions would only repeat the title (a one-sentence item without markup).
fn is_plain_title(source: &str, title: &str) -> bool {
    let text = collapse_whitespace(source);
    let text = text.trim_end_matches(['.', ':', ',', ';']);
    text == title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_file_names_become_dashed_ids() {
        assert_eq!(runbook_id(Path::new("k/KubeAPIDown.md"), "KubeAPIDown"), "kube-api-down");
        assert_eq!(runbook_id(Path::new("k/CPUThrottlingHigh.md"), "CPUThrottlingHigh"), "cpu-throttling-high");
        assert_eq!(runbook_id(Path::new("k/disk_full.md"), "disk_full"), "disk-full");
        assert_eq!(runbook_id(Path::new("alertmanager/_index.md"), "_index"), "alertmanager");
    }

    #[test]
    fn titles_are_the_first_sentence_cut_at_a_word() {
        assert_eq!(title_from("Check the pods. Then the nodes."), "Check the pods");
        assert_eq!(title_from("Is it DNS? Probably."), "Is it DNS?");
        assert_eq!(title_from("Look at the logs (e.g. with journalctl)."), "Look at the logs (e.g. with journalctl)");
        assert_eq!(title_from("Other things to check:"), "Other things to check");
        let long = "word ".repeat(30);
        let title = title_from(&long);
        assert!(title.ends_with("word…") && title.chars().count() <= 91, "{title}");
    }

    #[test]
    fn list_items_lose_their_marker_and_indentation() {
        let source = "1. Take a look\n    1. nested\n\n   ```sh\n   ls\n   ```\n";
        assert_eq!(item_content(source, 0..source.len()), "Take a look\n 1. nested\n\n```sh\nls\n```");
        let task = "- [ ] Page the on-call\n  via the app\n";
        assert_eq!(item_content(task, 0..task.len()), "Page the on-call\nvia the app");
    }

    #[test]
    fn section_names_map_to_phases_by_their_words() {
        assert_eq!(SectionKind::of("Diagnosis"), SectionKind::Steps(Phase::Identify));
        assert_eq!(SectionKind::of("Mitigation (AWS)"), SectionKind::Steps(Phase::Respond));
        assert_eq!(SectionKind::of("Clean-up"), SectionKind::Steps(Phase::Recover));
        assert_eq!(SectionKind::of("Post-mortem"), SectionKind::Steps(Phase::Review));
        assert_eq!(SectionKind::of("Meaning"), SectionKind::Context);
        assert_eq!(SectionKind::of("Runbook"), SectionKind::Actions);
        assert_eq!(SectionKind::of("Critical"), SectionKind::Unknown);
    }

    #[test]
    fn reference_links_travel_with_the_text_that_uses_them() {
        let text =
            "# X\n\n## Diagnosis\n\n- See [the docs][docs]\n- Check the disk\n\n[docs]: https://example.com/docs\n";
        let imported = read(Path::new("x.md"), text).unwrap();
        assert_eq!(imported.runbook.steps[0].instructions, "See [the docs][docs]\n\n[docs]: https://example.com/docs");
        assert_eq!(imported.runbook.steps[1].instructions, "");
    }
}
