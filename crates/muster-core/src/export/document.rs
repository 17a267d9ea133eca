//! A small document model for the forms Muster prints (the incident briefing, the activity
//! log): headings, facts, tables, lists and Markdown bodies, rendered to Markdown or to one
//! self-contained HTML file with the same escaping rules as the review exports.

use std::fmt::Write;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The formats a printed form comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DocumentFormat {
    Markdown,
    Html,
}

/// One block of a document, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    /// Plain text.
    Paragraph(String),
    /// Label–value pairs, both plain text.
    Facts(Vec<(String, String)>),
    /// A header row and rows of plain-text cells.
    Table {
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// Plain-text items.
    List(Vec<String>),
    /// Text written by a person as Markdown: sanitised on the way to HTML.
    Markdown(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    /// Shown as a banner on top and as a watermark in HTML ("DRILL").
    pub mark: Option<String>,
    pub blocks: Vec<Block>,
}

impl Document {
    pub fn render(&self, format: DocumentFormat) -> String {
        match format {
            DocumentFormat::Markdown => self.to_markdown(),
            DocumentFormat::Html => self.to_html(),
        }
    }

    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = self.write_markdown(&mut out);
        out
    }

    fn write_markdown(&self, out: &mut String) -> std::fmt::Result {
        let marked = self.mark.as_deref().map(|m| format!("{m} — ")).unwrap_or_default();
        writeln!(out, "# {}{}", inline(&marked), inline(&self.title))?;
        if let Some(mark) = &self.mark {
            writeln!(out, "\n> **{}**", inline(mark))?;
        }
        for block in &self.blocks {
            writeln!(out)?;
            match block {
                Block::Heading(text) => writeln!(out, "## {}", inline(text))?,
                Block::Paragraph(text) => writeln!(out, "{}", inline(text))?,
                Block::Facts(pairs) => {
                    writeln!(out, "| | |\n|---|---|")?;
                    for (label, value) in pairs {
                        writeln!(out, "| {} | {} |", cell(label), cell(value))?;
                    }
                }
                Block::Table { headers, rows } => {
                    let head: Vec<String> = headers.iter().map(|h| cell(h)).collect();
                    writeln!(out, "| {} |", head.join(" | "))?;
                    writeln!(out, "|{}", "---|".repeat(headers.len()))?;
                    for row in rows {
                        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
                        writeln!(out, "| {} |", cells.join(" | "))?;
                    }
                }
                Block::List(items) => {
                    for item in items {
                        writeln!(out, "- {}", inline(item))?;
                    }
                }
                Block::Markdown(body) => writeln!(out, "{}", super::markdown::inert_body(body.trim_end()))?,
            }
        }
        Ok(())
    }

    pub fn to_html(&self) -> String {
        let mut out = String::new();
        let _ = self.write_html(&mut out);
        out
    }

    fn write_html(&self, out: &mut String) -> std::fmt::Result {
        let title = match &self.mark {
            Some(mark) => format!("{mark} — {}", self.title),
            None => self.title.clone(),
        };
        super::html::write_opening(out, &title, self.mark.as_deref().map(|mark| (mark, mark)))?;
        for block in &self.blocks {
            match block {
                Block::Heading(text) => writeln!(out, "<h2>{}</h2>", esc(text))?,
                Block::Paragraph(text) => writeln!(out, "<p>{}</p>", esc(text))?,
                Block::Facts(pairs) => {
                    writeln!(out, "<table class=\"facts\">")?;
                    for (label, value) in pairs {
                        writeln!(out, "<tr><th scope=\"row\">{}</th><td>{}</td></tr>", esc(label), esc(value))?;
                    }
                    writeln!(out, "</table>")?;
                }
                Block::Table { headers, rows } => {
                    writeln!(out, "<table><thead><tr>")?;
                    for header in headers {
                        write!(out, "<th>{}</th>", esc(header))?;
                    }
                    writeln!(out, "</tr></thead><tbody>")?;
                    for row in rows {
                        write!(out, "<tr>")?;
                        for value in row {
                            write!(out, "<td>{}</td>", esc(value))?;
                        }
                        writeln!(out, "</tr>")?;
                    }
                    writeln!(out, "</tbody></table>")?;
                }
                Block::List(items) => {
                    writeln!(out, "<ul>")?;
                    for item in items {
                        writeln!(out, "<li>{}</li>", esc(item))?;
                    }
                    writeln!(out, "</ul>")?;
                }
                // Sanitised by the one Markdown path.
                Block::Markdown(body) => {
                    writeln!(out, "<div class=\"section-body\">{}</div>", crate::html::markdown_to_html(body))?
                }
            }
        }
        writeln!(out, "</body>\n</html>")
    }
}

fn inline(text: &str) -> String {
    super::markdown::inline(text)
}

fn cell(text: &str) -> String {
    super::markdown::cell(text)
}

fn esc(text: &str) -> String {
    super::html::esc(text)
}
