//! Markdown to HTML: the one path by which any Markdown in Muster — runbook instructions and
//! context, review templates, notes — becomes markup, for the window and for every export.
//!
//! Invariant: the output is safe to insert into a page as it is. Runbooks arrive from files
//! written elsewhere, so raw HTML in them is treated as hostile: scripts, styles, event-handler
//! attributes, `javascript:` and other non-web links are removed by ammonia's allow-list, and
//! images never load from anywhere (Muster works offline, and a remote image is a tracking
//! beacon): an image is shown as its alternative text.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Renders CommonMark (with tables, strikethrough and task lists) to sanitised HTML.
pub fn markdown_to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut in_image = 0_usize;
    // Images become their alternative text before any HTML exists, so no `<img>` can reach the
    // sanitiser, let alone the page.
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Start(Tag::Image { .. }) => {
            in_image += 1;
            None
        }
        Event::End(TagEnd::Image) => {
            in_image -= 1;
            None
        }
        other => Some(other),
    });
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut raw, events);
    sanitiser().clean(&raw).to_string()
}

fn sanitiser() -> &'static ammonia::Builder<'static> {
    static SANITISER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITISER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .rm_tags(["img"])
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(Some("noopener noreferrer"))
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tags(["input"]);
        builder
    })
}

#[cfg(test)]
mod tests {
    use super::markdown_to_html;

    #[test]
    fn renders_common_markdown() {
        let html =
            markdown_to_html("Run **this**:\n\n```sh\nsystemctl restart db\n```\n\n- [docs](https://example.org)");
        assert!(html.contains("<strong>this</strong>"), "{html}");
        assert!(html.contains("<pre><code>systemctl restart db\n</code></pre>"), "{html}");
        assert!(html.contains(r#"<a href="https://example.org" rel="noopener noreferrer">docs</a>"#), "{html}");
    }

    #[test]
    fn script_tags_are_removed_with_their_content() {
        let html = markdown_to_html("before\n\n<script>alert(1)</script>\n\nafter <script>steal()</script>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("alert(1)") && !html.contains("steal()"), "{html}");
        assert!(html.contains("before") && html.contains("after"), "{html}");
    }

    #[test]
    fn javascript_links_lose_their_target() {
        for text in [
            "[click](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">click</a>",
            "<a href=\" JaVaScRiPt:alert(1)\">click</a>",
            "[click](data:text/html;base64,PHNjcmlwdD4=)",
            "[click](vbscript:msgbox)",
        ] {
            let html = markdown_to_html(text);
            let lower = html.to_lowercase();
            assert!(
                !lower.contains("javascript:") && !lower.contains("data:") && !lower.contains("vbscript:"),
                "{text} → {html}"
            );
            assert!(html.contains("click"), "the link text stays: {html}");
        }
    }

    #[test]
    fn event_handler_attributes_are_removed() {
        let html = markdown_to_html(
            "<p onclick=\"alert(1)\" onmouseover='x()'>hi</p>\n\n<div><a href=\"https://a.example\" onfocus=alert(1) autofocus>a</a></div>\n\n<svg onload=alert(1)><circle/></svg>",
        );
        assert!(!html.to_lowercase().contains(" on"), "{html}");
        assert!(!html.contains("<svg"), "{html}");
        assert!(html.contains("hi"), "{html}");
    }

    #[test]
    fn images_never_load() {
        for text in [
            "![status graph](https://tracker.example/pixel.png)",
            "<img src=\"https://tracker.example/pixel.png\" alt=\"x\">",
            "<img src=x onerror=alert(1)>",
            "[![badge](https://ci.example/badge.svg)](https://ci.example)",
            "<picture><source srcset=\"https://t.example/a.png\"></picture>",
            "<p style=\"background:url(https://t.example/a.png)\">styled</p>",
        ] {
            let html = markdown_to_html(text);
            let lower = html.to_lowercase();
            assert!(!lower.contains("<img") && !lower.contains("src") && !lower.contains("url("), "{text} → {html}");
        }
        assert!(markdown_to_html("![status graph](https://t.example/p.png)").contains("status graph"));
    }

    #[test]
    fn styles_iframes_and_forms_are_removed() {
        let html = markdown_to_html(
            "<style>body{display:none}</style><iframe src=\"https://evil.example\"></iframe><form action=\"https://evil.example\"><input name=p></form><object data=x></object>",
        );
        let lower = html.to_lowercase();
        for tag in ["<style", "<iframe", "<form", "<object", "evil.example", "display:none"] {
            assert!(!lower.contains(tag), "{tag} in {html}");
        }
    }

    #[test]
    fn task_list_boxes_are_inert() {
        let html = markdown_to_html("- [x] done\n- [ ] open");
        assert_eq!(html.matches(r#"type="checkbox""#).count(), 2, "{html}");
        assert_eq!(html.matches("disabled").count(), 2, "{html}");
        assert_eq!(html.matches("checked").count(), 1, "{html}");
    }
}
