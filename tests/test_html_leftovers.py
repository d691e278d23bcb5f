"""Leftovers of main-content extraction: bylines, entry labels, field descriptors, list datelines."""

from __future__ import annotations

from tests.htmlpages import PARAGRAPH, node_texts, parse_page, prose


def _article(header: str) -> list[str]:
    return node_texts(parse_page(f"<html><body><article>{header}{prose()}</article></body></html>"))


def test_ghost_byline_with_date_and_reading_time_is_dropped_but_the_excerpt_kept() -> None:
    texts = _article(
        '<header class="article-header"><h1 class="article-title">Council Sends the Plan Back</h1>'
        '<p class="gh-article-excerpt">Residents will have to wait another year for the bridge.</p>'
        '<div class="article-byline"><div class="article-byline-meta"><h4 class="author-name">'
        '<a href="/author/ana/">Ana Ruiz</a></h4><time class="byline-meta-date">May 15, 2023</time>'
        '<span class="byline-reading-time">9 min read</span></div></div></header>'
    )
    assert texts[:2] == [
        "Council Sends the Plan Back",
        "Residents will have to wait another year for the bridge.",
    ]
    assert not [t for t in texts if "Ana Ruiz" in t or "min read" in t]


def test_byline_boxes_are_dropped_but_a_long_box_and_a_quote_attribution_are_kept() -> None:
    long_box = "Ana Ruiz reports on transport and the city council for the Gazette, and has done since 2015."
    texts = _article(
        '<h1>Council Sends the Plan Back</h1><address class="byline">Ana Ruiz and Tom Hale</address>'
        '<div class="byline">By <a rel="author" href="/by/ana">Ana Ruiz</a> '
        '<time datetime="2023-06-05">June 5, 2023</time></div>'
        f'<p class="byline-note">{long_box} {long_box}</p>'
        '<blockquote><p>We will build it next year.</p><cite class="quote-author">Ana Ruiz, mayor</cite>'
        "</blockquote>"
    )
    assert "Ana Ruiz and Tom Hale" not in texts and not [t for t in texts if t.startswith("By ")]
    assert f"{long_box} {long_box}" in texts and "Ana Ruiz, mayor" in texts


def test_field_descriptors_before_a_title_and_an_abstract_are_dropped() -> None:
    abstract = "We measure the bridge's sway under load and find it within the limits of the original design."
    texts = node_texts(
        parse_page(
            '<html><body><div id="abs"><h1 class="title"><span class="descriptor">Title:</span>'
            "Sway of a Footbridge Under Load</h1>"
            f'<blockquote class="abstract"><span class="descriptor">Abstract:</span>{abstract} '
            f"{PARAGRAPH}</blockquote>{prose(2)}"
            '<p><span class="label">Note:</span> the second test was run in the rain.</p>'
            "<p><strong>Warning:</strong> the gauges were not calibrated.</p></div></body></html>"
        )
    )
    assert "Sway of a Footbridge Under Load" in texts and f"{abstract} {PARAGRAPH}" in texts
    assert not [t for t in texts if "Title:" in t or "Abstract:" in t]
    assert "the second test was run in the rain." in texts  # a label before loose text too
    assert "Warning: the gauges were not calibrated." in texts  # no class: the writer's own words


def test_pinned_label_opening_a_liveblog_entry_is_dropped_but_an_opening_paragraph_kept() -> None:
    entry = (
        '<article class="block{pin}">{label}<header class="block-header"><time datetime="2023-05-02T10:04">'
        '10.04 BST</time></header><div class="block-elements"><h2>Bridge reopens</h2>'
        "<p>{text}</p></div></article>"
    )
    body = entry.format(pin=" is-pinned", label='<div class="pinned-label">Pinned post</div>', text=PARAGRAPH)
    body += entry.format(
        pin="", label="<p>The council has issued a statement.</p>", text=f"{PARAGRAPH} Again."
    )
    body += entry.format(pin="", label="", text=PARAGRAPH + " Once more.")
    texts = node_texts(
        parse_page(f'<html><body><main><div class="liveblog-body">{body}</div></main></body></html>')
    )
    assert "Pinned post" not in texts and "The council has issued a statement." in texts
    assert texts.count("Bridge reopens") == 3


def test_labels_of_short_values_are_kept() -> None:
    texts = node_texts(
        parse_page(
            f"<html><body><article>{prose()}<div class='nutrition'><h3>Nutrition</h3><p>"
            '<span class="row"><span class="nutrition-label">Calories: </span><span>266kcal</span></span>'
            '<span class="row"><span class="nutrition-label">Fat: </span><span>18g</span></span></p>'
            '<p><span class="label">Serves:</span> four</p></div></article></body></html>'
        )
    )
    assert "Calories: 266kcalFat: 18g" in texts and "Serves: four" in texts


def test_dateline_list_item_is_dropped_but_a_date_heading_a_nested_list_kept() -> None:
    texts = _article(
        '<ul class="css-1w5cs23"><li><time datetime="2019-02-21">Feb. 21, 2019</time></li></ul>'
        "<h2>Changes</h2><ul><li>March 3, 2023<ul><li>The bridge survey was published.</li></ul></li>"
        "<li>The second survey is due in June.</li></ul>"
    )
    assert "Feb. 21, 2019" not in texts
    changes = ["March 3, 2023", "The bridge survey was published.", "The second survey is due in June."]
    start = texts.index(changes[0])
    assert texts[start : start + 3] == changes


def test_line_of_a_date_and_an_author_is_dropped_but_a_dated_sentence_kept() -> None:
    texts = _article(
        '<h1>Council Sends the Plan Back</h1><p class="entry-meta"><time class="entry-time">'
        'May 2, 2023</time> by <span class="entry-author">Ana Ruiz</span></p>'
        '<p>Posted on <time>3 May 2023</time> by <a href="/author/tom-hale/">Tom Hale</a></p>'
        '<p>On <time>May 2, 2023</time> <span class="author">Ana Ruiz</span> wrote to the council.</p>'
        "<p><time>May 3, 2023</time>: bridge closed</p>"
    )
    assert not [t for t in texts if t.endswith(("by Ana Ruiz", "by Tom Hale"))]
    assert "On May 2, 2023 Ana Ruiz wrote to the council." in texts
    assert "May 3, 2023: bridge closed" in texts  # no author: a timeline entry, not a byline


def test_footnote_reference_numbers_are_dropped_but_section_links_kept() -> None:
    last = "Nobody expected the bridge to be reviewed so quickly, least of all the mayor."
    texts = _article(
        f'<p>{last}<a class="footnote-anchor" id="footnote-anchor-1" href="#footnote-1">1</a></p>'
        f'<p>{PARAGRAPH}<sup id="fnref:2"><a href="#fn:2" class="footnote-ref">2</a></sup></p>'
        '<p>The costs are set out in section <a href="#costs">4</a> of the report.</p>'
        '<ol class="references"><li id="cite_note-7"><a href="#cite_ref-7-0"><sup>a</sup></a> '
        '<a href="#cite_ref-7-1"><sup>b</sup></a> Council minutes, 2019.</li></ol>'
    )
    assert last in texts and PARAGRAPH in texts
    assert "The costs are set out in section 4 of the report." in texts
    assert "a b Council minutes, 2019." in texts  # links from a note back to the text are its label


def test_author_and_reading_time_line_is_dropped() -> None:
    texts = _article(
        '<h1>Council Sends the Plan Back</h1><div><span><a href="/@ana-ruiz?source=post_page">Ana Ruiz</a>'
        '</span> · <span data-testid="storyReadTime">5 min read</span></div>'
        '<p><span class="rt-reading-time">4 min</span> with <a href="/maps/">the maps</a></p>'
    )
    assert not [t for t in texts if "Ana Ruiz" in t]
    assert "4 min with the maps" in texts  # a reading time without an author is not a byline


def test_paragraph_without_a_letter_or_digit_is_dropped() -> None:
    callout = "Bring a torch: the underpass lights are off until the repairs are finished."
    texts = _article(
        '<div class="kg-card kg-callout-card"><div class="kg-callout-emoji">💡</div>'
        f'<div class="kg-callout-text">{callout}</div></div><p>* * *</p><p>Ω ≈ 3</p>'
    )
    assert callout in texts and "Ω ≈ 3" in texts
    assert "💡" not in texts and "* * *" not in texts


def test_link_styled_as_a_button_is_dropped() -> None:
    texts = _article(
        '<section class="gh-cta"><h4 class="gh-cta-title">Sign up for The Gazette</h4>'
        "<p>Subscribe to get the latest posts delivered right to your inbox.</p>"
        '<a class="gh-btn" href="#/portal/signup" data-portal="signup">Join now</a></section>'
        '<p>Read <a class="c-link" href="/report">the full report</a> before the meeting.</p>'
        '<div class="wp-block-buttons"><a class="wp-block-button__link" href="/donate">Donate</a></div>'
    )
    assert "Join now" not in texts and "Donate" not in texts
    assert "Read the full report before the meeting." in texts
    page = (
        f'<html><body><article>{prose()}<p><a class="btn-zoom" href="/bridge-full.jpg">'
        '<img src="/bridge.jpg" width="800" height="500"></a></p></article></body></html>'
    )
    assert [f.image.path for f in parse_page(page).figures] == ["https://x.org/bridge.jpg"]
