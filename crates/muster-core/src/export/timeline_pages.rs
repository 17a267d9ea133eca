//! The review's timeline drawn straight onto PDF pages, after the part typst lays out.
//!
//! The timeline is a fixed grid of plain strings (sequence, UTC time, local time, who, what),
//! and a long incident has 10,000 rows of it: typst's general layout (styles, memoisation,
//! table cells measured then placed) took over 4 s for those. Here every string is shaped
//! once with rustybuzz on the fonts typst itself chose, wrapped greedily (at spaces, and
//! between CJK characters), and placed as typst frame items on pages that start where the
//! template's "Timeline" heading ends; typst's PDF writer then writes all pages alike. The
//! look follows the template's tables: the same type size, insets, rules and header fill,
//! the header row repeated on every page, a row taller than a page continued on the next.
//!
//! Limits, on purpose: text runs left to right (a right-to-left note keeps its letters but
//! not its visual order), and lines break at spaces and CJK characters only.

use std::collections::HashMap;
use std::ops::Range;

use typst::ecow::EcoString;
use typst::layout::{Abs, Em, Frame, FrameItem, GroupItem, Point, Size};
use typst::syntax::Span;
use typst::text::{
    FontBook, FontInstance, FontStretch, FontStyle, FontVariant, FontVariations, FontWeight, Glyph, Lang, TextItem,
};
use typst::visualize::{Color, FixedStroke, Geometry, Paint};
use typst_kit::fonts::FontStore;

/// One event of the timeline, as the table shows it.
pub(super) struct TimelineRow {
    pub seq: String,
    pub at: String,
    pub local: String,
    pub who: String,
    pub what: String,
    /// Shown muted after `what`: when it was written, if later; what corrected it.
    pub note: String,
    /// Corrected by a later event: `what` is struck through.
    pub struck: bool,
}

impl TimelineRow {
    /// Every string the row shows.
    pub fn texts(&self) -> [&str; 6] {
        [&self.seq, &self.at, &self.local, &self.who, &self.what, &self.note]
    }
}

/// The page furniture the rows are drawn into.
pub(super) struct PageGeometry {
    /// Left and right margin.
    pub margin_x: Abs,
    pub margin_top: Abs,
    pub margin_bottom: Abs,
}

// The review's type and table style: `template_style` hands the same values to review.typ,
// so the timeline reads like the tables above it.
const SIZE: f64 = 9.5;
const FOOTER_SIZE: f64 = 8.0;
const INSET_X: f64 = 4.0;
const INSET_Y: f64 = 3.5;
const RULE: f64 = 0.5;
/// Space between the bottom of one line and the top of the next (`par(leading: 0.55em)`).
const LEADING: f64 = 0.55;
/// The widest the "Who" column gets (38 mm); longer names wrap.
const WHO_MAX: f64 = 38.0 * 72.0 / 25.4;
/// Where the page number's top sits below the text area, as a share of the bottom margin
/// (typst's default `footer-descent`).
const FOOTER_DESCENT: f64 = 0.3;

const INK: u32 = 0x1b1f24ff;
const MUTED: u32 = 0x5b6470ff;
const LINE: u32 = 0xd6dae0ff;
const SOFT: u32 = 0xf4f6f8ff;

/// The style above as the template's `data.style`.
pub(super) fn template_style() -> serde_json::Value {
    let hex = |rgba: u32| format!("#{:06x}", rgba >> 8);
    serde_json::json!({
        "ink": hex(INK), "muted": hex(MUTED), "line": hex(LINE), "soft": hex(SOFT),
        "size": SIZE, "leading": LEADING, "inset_x": INSET_X, "inset_y": INSET_Y, "rule": RULE,
    })
}

fn pt(value: f64) -> Abs {
    Abs::pt(value)
}

fn paint(rgba: u32) -> Paint {
    Paint::Solid(Color::from_u32(rgba))
}

/// How a piece of text is drawn.
#[derive(Clone, Copy, PartialEq)]
struct Look {
    bold: bool,
    size: f64,
    color: u32,
    struck: bool,
}

const BODY: Look = Look { bold: false, size: SIZE, color: INK, struck: false };

/// A glyph placed in a cell's text: which font, how far it moves the pen, and the bytes of
/// the text it shows.
struct Shaped {
    font: usize,
    id: u16,
    advance: Em,
    x_offset: Em,
    y_offset: Em,
    text: Range<usize>,
    look: usize,
}

/// The fonts of the document, instantiated once per weight and size, and the choice of font
/// for each character: the families typst was given, in order, then any installed font that
/// has the character.
pub(super) struct Typesetter<'a> {
    store: &'a FontStore,
    book: &'a FontBook,
    families: Vec<String>,
    instances: Vec<FontInstance>,
    by_key: HashMap<(usize, bool, u64), usize>,
    chosen: HashMap<(char, bool), Option<usize>>,
    plans: HashMap<(usize, rustybuzz::Script), rustybuzz::ShapePlan>,
    /// The shaping buffer, reused from run to run.
    buffer: Option<rustybuzz::UnicodeBuffer>,
}

impl<'a> Typesetter<'a> {
    pub fn new(store: &'a FontStore, families: &[&str]) -> Typesetter<'a> {
        Typesetter {
            store,
            book: store.book(),
            families: families.iter().map(|f| f.to_lowercase()).collect(),
            instances: Vec::new(),
            by_key: HashMap::new(),
            chosen: HashMap::new(),
            plans: HashMap::new(),
            buffer: None,
        }
    }

    fn variant(bold: bool) -> FontVariant {
        FontVariant::new(
            FontStyle::Normal,
            if bold { FontWeight::BOLD } else { FontWeight::REGULAR },
            FontStretch::NORMAL,
        )
    }

    /// The book index of the font that shows `c`, if any does.
    fn font_for(&mut self, c: char, bold: bool) -> Option<usize> {
        if let Some(known) = self.chosen.get(&(c, bold)) {
            return *known;
        }
        let variant = Self::variant(bold);
        let covers = |index: usize| self.book.info(index).is_some_and(|info| info.coverage.contains(u32::from(c)));
        let found = self
            .families
            .iter()
            .filter_map(|family| self.book.select(family, variant))
            .find(|&index| covers(index))
            .or_else(|| self.book.select_fallback(None, variant, &c.to_string()));
        self.chosen.insert((c, bold), found);
        found
    }

    /// The position in `instances` of book font `index` at `look`'s weight and size.
    fn instance(&mut self, index: usize, look: Look) -> Option<usize> {
        let key = (index, look.bold, look.size.to_bits());
        if let Some(&known) = self.by_key.get(&key) {
            return Some(known);
        }
        let font = self.store.font(index)?;
        let instance = font.instantiate(Self::variant(look.bold), pt(look.size), &FontVariations::default());
        self.instances.push(instance);
        self.by_key.insert(key, self.instances.len() - 1);
        Some(self.instances.len() - 1)
    }

    /// Shapes the pieces of one cell, each in its look, as one text: `text` gets the pieces
    /// one after the other and the glyphs point into it.
    fn shape(&mut self, pieces: &[(&str, Look)], text: &mut String, looks: &mut Vec<Look>) -> Vec<Shaped> {
        let mut glyphs = Vec::new();
        for &(piece, look) in pieces {
            let look_index = looks.iter().position(|l| *l == look).unwrap_or_else(|| {
                looks.push(look);
                looks.len() - 1
            });
            let offset = text.len();
            text.push_str(piece);
            // Runs of characters that the same font shows.
            let mut run_start = 0;
            let mut run_font: Option<usize> = None;
            for (at, c) in piece.char_indices().chain([(piece.len(), '\0')]) {
                let font = if at == piece.len() {
                    None
                } else if c.is_whitespace() {
                    run_font.or_else(|| self.font_for(c, look.bold))
                } else {
                    self.font_for(c, look.bold)
                };
                if at == piece.len() || (at > run_start && font != run_font) {
                    if let Some(index) = run_font.and_then(|f| self.instance(f, look)) {
                        self.shape_run(index, &piece[run_start..at], offset + run_start, look_index, &mut glyphs);
                    }
                    run_start = at;
                }
                run_font = font;
            }
        }
        glyphs
    }

    fn shape_run(&mut self, font: usize, run: &str, offset: usize, look: usize, out: &mut Vec<Shaped>) {
        let instance = self.instances[font].clone();
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.push_str(run);
        buffer.guess_segment_properties();
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        // A shaping plan takes longer to make than a short run takes to shape: one per font
        // and script, kept.
        let plan = self.plans.entry((font, buffer.script())).or_insert_with(|| {
            rustybuzz::ShapePlan::new(
                instance.rusty(),
                rustybuzz::Direction::LeftToRight,
                Some(buffer.script()),
                buffer.language().as_ref(),
                &[],
            )
        });
        let shaped = rustybuzz::shape_with_plan(instance.rusty(), plan, buffer);
        let infos = shaped.glyph_infos();
        let positions = shaped.glyph_positions();
        for (i, (info, position)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            // A cluster ends where the next one starts (ligatures share one).
            let end = infos[i + 1..].iter().map(|next| next.cluster as usize).find(|&c| c > start).unwrap_or(run.len());
            out.push(Shaped {
                font,
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                advance: instance.to_em(position.x_advance),
                x_offset: instance.to_em(position.x_offset),
                y_offset: instance.to_em(position.y_offset),
                text: offset + start..offset + end,
                look,
            });
        }
        self.buffer = Some(shaped.clear());
    }

    /// The width of `text` set on one line in `look`.
    fn width(&mut self, text: &str, look: Look) -> Abs {
        let mut scratch = String::new();
        let mut looks = Vec::new();
        self.shape(&[(text, look)], &mut scratch, &mut looks).iter().map(|g| g.advance.at(pt(look.size))).sum()
    }

    /// The cap height of the first family at `look`: typst's line box is cap height tall.
    fn cap_height(&mut self, look: Look) -> Abs {
        let index = self.font_for('H', look.bold).and_then(|f| self.instance(f, look));
        index.map_or(pt(look.size * 0.7), |i| self.instances[i].metrics().cap_height.at(pt(look.size)))
    }

    /// The cell's pieces wrapped to `width`, as lines of frame items placed from the line's
    /// left edge and baseline.
    fn lines(&mut self, pieces: &[(&str, Look)], width: Abs) -> Vec<Vec<(Point, FrameItem)>> {
        let mut text = String::new();
        let mut looks = Vec::new();
        let glyphs = self.shape(pieces, &mut text, &mut looks);
        let size_of = |g: &Shaped| pt(looks[g.look].size);
        let char_at = |g: &Shaped| text[g.text.start..].chars().next().unwrap_or(' ');
        let is_space = |g: &Shaped| char_at(g).is_whitespace();
        let mut lines = Vec::new();
        let mut start = 0;
        while start < glyphs.len() {
            // Leading spaces of a wrapped line are dropped.
            while start < glyphs.len() && is_space(&glyphs[start]) && !lines.is_empty() {
                start += 1;
            }
            if start == glyphs.len() {
                break;
            }
            let mut end = start;
            let mut used = Abs::zero();
            let mut last_break = None;
            while end < glyphs.len() {
                if end > start && may_break_before(&text, glyphs[end].text.start) {
                    last_break = Some(end);
                }
                let advance = glyphs[end].advance.at(size_of(&glyphs[end]));
                if end > start && used + advance > width && !is_space(&glyphs[end]) {
                    end = last_break.unwrap_or(end);
                    break;
                }
                used += advance;
                end += 1;
            }
            let mut visible = end;
            while visible > start && is_space(&glyphs[visible - 1]) {
                visible -= 1;
            }
            lines.push(self.items(&text, &glyphs[start..visible], &looks));
            start = end;
        }
        lines
    }

    /// Frame items for one line of glyphs: one text item per run of the same font and look.
    fn items(&self, text: &str, glyphs: &[Shaped], looks: &[Look]) -> Vec<(Point, FrameItem)> {
        let mut items = Vec::new();
        let mut x = Abs::zero();
        let mut first = 0;
        while first < glyphs.len() {
            let (font, look) = (glyphs[first].font, glyphs[first].look);
            let last = glyphs[first..]
                .iter()
                .position(|g| g.font != font || g.look != look)
                .map_or(glyphs.len(), |n| first + n);
            let run = &glyphs[first..last];
            let from = run.iter().map(|g| g.text.start).min().unwrap_or(0);
            let to = run.iter().map(|g| g.text.end).max().unwrap_or(from);
            let style = looks[look];
            let size = pt(style.size);
            let instance = &self.instances[font];
            let item = TextItem {
                font: instance.clone(),
                size,
                fill: paint(style.color),
                stroke: None,
                lang: Lang::ENGLISH,
                region: None,
                text: EcoString::from(&text[from..to]),
                glyphs: run
                    .iter()
                    .map(|g| Glyph {
                        id: g.id,
                        x_advance: g.advance,
                        x_offset: g.x_offset,
                        y_advance: Em::zero(),
                        y_offset: g.y_offset,
                        range: offset16(g.text.start - from)..offset16(g.text.end - from),
                        span: (Span::detached(), 0),
                    })
                    .collect(),
            };
            let width = item.width();
            items.push((Point::with_x(x), FrameItem::Text(item)));
            if style.struck {
                let metrics = instance.metrics().strikethrough;
                let stroke = FixedStroke::from_pair(paint(style.color), metrics.thickness.at(size));
                let y = -metrics.position.at(size);
                items.push((
                    Point::new(x, y),
                    FrameItem::Shape(Geometry::Line(Point::with_x(width)).stroked(stroke), Span::detached()),
                ));
            }
            x += width;
            first = last;
        }
        items
    }
}

fn offset16(bytes: usize) -> u16 {
    u16::try_from(bytes).unwrap_or(u16::MAX)
}

/// Characters of scripts written without spaces, where a line may break between any two.
fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x2E80..=0x2FDF | 0x3040..=0x30FF | 0x3100..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF | 0x3000..=0x303F)
}

/// Whether a line may break before the character at byte `at` of `text`: after a space, or
/// next to a CJK character, but never before closing punctuation or after opening one.
fn may_break_before(text: &str, at: usize) -> bool {
    let Some(next) = text[at..].chars().next() else { return false };
    let Some(previous) = text[..at].chars().next_back() else { return false };
    if "，。、；：？！）」』】》〉…’”·,.;:?!)]}%".contains(next) || "（「『【《〈‘“([{".contains(previous)
    {
        return false;
    }
    previous.is_whitespace() && !next.is_whitespace() || is_cjk(next) || is_cjk(previous)
}

/// A row laid out: each cell's lines, and how many lines the row has.
struct LaidRow {
    cells: Vec<Vec<Vec<(Point, FrameItem)>>>,
    lines: usize,
}

/// The timeline's table drawn onto pages: the rows start at `start` on `first` (the page
/// that holds the template's "Timeline" heading) and go on over copies of `blank` (a page with
/// the header and background but no content) as needed. Returns the pages after `first`.
pub(super) fn draw(
    typesetter: &mut Typesetter<'_>,
    headers: &[String; 5],
    rows: &[TimelineRow],
    geometry: &PageGeometry,
    first: &mut Frame,
    start: Abs,
    blank: &Frame,
) -> Vec<Frame> {
    let bold = Look { bold: true, ..BODY };
    let muted = Look { color: MUTED, ..BODY };
    let page = blank.size();
    let left = geometry.margin_x;
    let right = page.x - geometry.margin_x;
    let bottom = page.y - geometry.margin_bottom;
    let inset_x = pt(INSET_X);

    // Fixed column widths from the widest thing each holds, as the template's tables are.
    let pad = inset_x * 2.0 + pt(1.0);
    let longest_seq = rows.iter().map(|r| r.seq.as_str()).max_by_key(|s| s.len()).unwrap_or("");
    let time = typesetter.width("0000-00-00 00:00:00", BODY);
    let seq = typesetter.width(&headers[0], bold).max(typesetter.width(longest_seq, BODY)) + pad;
    let at = typesetter.width(&headers[1], bold).max(time) + pad;
    let local = typesetter.width(&headers[2], bold).max(time) + pad;
    let actors: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.who.as_str()).collect();
    let widest_actor = actors.into_iter().map(|who| typesetter.width(who, BODY)).fold(Abs::zero(), Abs::max);
    let who = (typesetter.width(&headers[3], bold).max(widest_actor) + pad).min(pt(WHO_MAX));
    let what = (right - left - seq - at - local - who).max(pt(60.0));
    let widths = [seq, at, local, who, what];

    let cap = typesetter.cap_height(BODY);
    let pitch = cap + Em::new(LEADING).at(pt(SIZE));
    let height_of = |lines: usize| pt(INSET_Y) * 2.0 + cap + pitch * (lines.max(1) - 1) as f64;

    let lay = |typesetter: &mut Typesetter<'_>, cells: [Vec<(&str, Look)>; 5]| {
        let cells: Vec<_> =
            cells.iter().zip(widths).map(|(pieces, width)| typesetter.lines(pieces, width - inset_x * 2.0)).collect();
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        LaidRow { cells, lines }
    };
    let header = lay(typesetter, headers.each_ref().map(|h| vec![(h.as_str(), bold)]));

    let mut pages: Vec<Frame> = Vec::new();
    let rule = FixedStroke::from_pair(paint(LINE), pt(RULE));
    let mut y = start;
    // Draws `lines` of `row` (from line `from`) at the current position and moves down.
    let place = |frame: &mut Frame, y: &mut Abs, row: &LaidRow, from: usize, count: usize, fill: Option<u32>| {
        let height = height_of(count);
        if let Some(color) = fill {
            frame.push(
                Point::new(left, *y),
                FrameItem::Shape(
                    Geometry::Rect(Size::new(right - left, height)).filled(paint(color)),
                    Span::detached(),
                ),
            );
        }
        let mut x = left;
        for (cell, width) in row.cells.iter().zip(widths) {
            for (n, line) in cell.iter().skip(from).take(count).enumerate() {
                let baseline = *y + pt(INSET_Y) + cap + pitch * n as f64;
                for (at, item) in line {
                    frame.push(Point::new(x + inset_x + at.x, baseline + at.y), item.clone());
                }
            }
            x += width;
        }
        for edge in [*y, *y + height] {
            frame.push(
                Point::new(left, edge),
                FrameItem::Shape(Geometry::Line(Point::with_x(right - left)).stroked(rule.clone()), Span::detached()),
            );
        }
        *y += height;
    };

    // The header row under the heading, then each row, with a new page (and the header
    // again) whenever the next row does not fit. `current` is the page being filled once
    // the rows have left `first`.
    let mut current: Option<Frame> = None;
    let whole_page = lines_fitting(bottom - geometry.margin_top - height_of(header.lines), cap, pitch);
    if y + height_of(header.lines) + height_of(1) > bottom {
        current = Some(blank.clone());
        y = geometry.margin_top;
    }
    place(current.as_mut().unwrap_or(&mut *first), &mut y, &header, 0, header.lines, Some(SOFT));
    for row in rows {
        let mut pieces_what: Vec<(&str, Look)> = Vec::new();
        let what_look = if row.struck { Look { struck: true, ..muted } } else { BODY };
        pieces_what.push((row.what.as_str(), what_look));
        if !row.note.is_empty() {
            pieces_what.push((" ", muted));
            pieces_what.push((row.note.as_str(), muted));
        }
        let laid = lay(
            typesetter,
            [
                vec![(row.seq.as_str(), BODY)],
                vec![(row.at.as_str(), BODY)],
                vec![(row.local.as_str(), BODY)],
                vec![(row.who.as_str(), BODY)],
                pieces_what,
            ],
        );
        let mut from = 0;
        while from < laid.lines {
            let room = bottom - y;
            let fits = lines_fitting(room, cap, pitch);
            let left_lines = laid.lines - from;
            // A row moves to the next page whole, unless it is taller than a page.
            let count = if fits >= left_lines {
                left_lines
            } else if left_lines > whole_page && fits > 0 {
                fits
            } else {
                0
            };
            if count == 0 {
                if let Some(done) = current.take() {
                    pages.push(done);
                }
                current = Some(blank.clone());
                y = geometry.margin_top;
                place(current.as_mut().unwrap_or(&mut *first), &mut y, &header, 0, header.lines, Some(SOFT));
                continue;
            }
            place(current.as_mut().unwrap_or(&mut *first), &mut y, &laid, from, count, None);
            from += count;
        }
    }
    if let Some(done) = current.take() {
        pages.push(done);
    }
    pages
}

/// How many lines of a row fit in `room`.
fn lines_fitting(room: Abs, cap: Abs, pitch: Abs) -> usize {
    let inner = room - pt(INSET_Y) * 2.0 - cap;
    if inner < Abs::zero() {
        0
    } else {
        1 + (inner / pitch).floor() as usize
    }
}

/// Writes "n / total" centred under the text area of every page.
pub(super) fn number_pages(typesetter: &mut Typesetter<'_>, pages: &mut [&mut Frame], geometry: &PageGeometry) {
    let look = Look { size: FOOTER_SIZE, color: MUTED, ..BODY };
    let cap = typesetter.cap_height(look);
    let total = pages.len();
    for (n, frame) in pages.iter_mut().enumerate() {
        let label = format!("{} / {total}", n + 1);
        let size = frame.size();
        let baseline = size.y - geometry.margin_bottom + geometry.margin_bottom * FOOTER_DESCENT + cap;
        for line in typesetter.lines(&[(label.as_str(), look)], size.x) {
            let width: Abs = line
                .iter()
                .map(|(_, item)| if let FrameItem::Text(text) = item { text.width() } else { Abs::zero() })
                .sum();
            for (at, item) in line {
                frame.push(Point::new((size.x - width) / 2.0 + at.x, baseline + at.y), item);
            }
        }
    }
}

/// A copy of `frame` without its introspection tags, to be drawn on as a new page: the
/// tags belong to the page typst laid out, once.
pub(super) fn untagged(frame: &Frame) -> Frame {
    let mut copy = Frame::hard(frame.size());
    for (at, item) in frame.items() {
        match item {
            FrameItem::Tag(_) => {}
            FrameItem::Group(group) => {
                let mut group: GroupItem = group.clone();
                group.frame = untagged(&group.frame);
                copy.push(*at, FrameItem::Group(group));
            }
            other => copy.push(*at, other.clone()),
        }
    }
    copy
}

#[cfg(test)]
mod tests {
    use super::may_break_before;

    /// The byte offsets of `text` where a line may break.
    fn breaks(text: &str) -> Vec<usize> {
        text.char_indices().map(|(at, _)| at).filter(|&at| may_break_before(text, at)).collect()
    }

    #[test]
    fn lines_break_after_spaces_and_between_cjk_characters_but_not_before_closing_marks() {
        assert_eq!(breaks("db down  again"), vec![3, 9]);
        assert_eq!(breaks("重启服务"), vec![3, 6, 9]);
        // Never before "，" or "。", never after "（".
        assert_eq!(breaks("耗尽，（重启）。"), vec![3, 9, 15]);
        assert_eq!(breaks("see (https://example.org/a-b)"), vec![4]);
        assert!(breaks("").is_empty() && breaks("x").is_empty());
    }
}
