"""HTML main-content rules on small hand-written pages: title, kicker, composer, duplicate captions."""

from __future__ import annotations

import lxml.html

from docbuild.model import Document, NodeType
from parsers.html.content import strip_boilerplate
from tests.htmlpages import PARAGRAPH, node_texts, parse_page, prose


def test_title_heading_in_a_header_above_the_body_opens_the_document() -> None:
    page = (
        "<html><head><title>Council Sends the Bridge Plan Back | The Gazette</title></head><body>"
        '<div class="page-header"><h1>Council Sends the Bridge Plan Back</h1></div>'
        f'<div class="story">{prose()}</div></body></html>'
    )
    doc = parse_page(page)
    first = doc.nodes[0]
    assert first.type is NodeType.HEADING and first.meta["level"] == 1
    assert first.text == "Council Sends the Bridge Plan Back"
    assert node_texts(doc).count("Council Sends the Bridge Plan Back") == 1


def test_og_title_heading_is_emitted_once_when_inside_the_content() -> None:
    page = (
        '<html><head><meta property="og:title" content="Council Sends the Bridge Plan Back"></head><body>'
        f"<article><h1>Council Sends the Bridge Plan Back</h1>{prose()}</article></body></html>"
    )
    assert node_texts(parse_page(page)).count("Council Sends the Bridge Plan Back") == 1


def test_site_name_heading_is_not_taken_for_the_title() -> None:
    page = (
        "<html><head><title>Council Sends the Bridge Plan Back | The Gazette</title></head><body>"
        '<div class="masthead"><h1>The Gazette</h1></div>'
        f'<div class="story">{prose()}</div></body></html>'
    )
    assert "The Gazette" not in node_texts(parse_page(page))


def test_kicker_label_above_the_headline_is_dropped() -> None:
    page = (
        "<html><body><article>"
        '<div class="head"><a class="label" href="/politics/">POLITICS</a>'
        "<h1>Council Sends the Plan Back</h1></div>"
        f"{prose()}</article></body></html>"
    )
    texts = node_texts(parse_page(page))
    assert "POLITICS" not in texts
    assert "Council Sends the Plan Back" in texts


def test_kicker_before_a_wrapped_headline_is_dropped_but_a_sentence_is_kept() -> None:
    page = (
        "<html><body><article><span>Analysis</span><div><h1>Council Sends the Plan Back</h1></div>"
        f"{prose(2)}<p>Read on.</p><h1>Second Part of the Story</h1>{prose(2)}</article></body></html>"
    )
    texts = node_texts(parse_page(page))
    assert "Analysis" not in texts
    assert "Read on." in texts


def _qa_page(composer: str) -> str:
    posts = "".join(f'<div class="post-body"><p>{PARAGRAPH} Answer {i}.</p></div>' for i in range(3))
    return (
        f'<html><body><div id="main-column"><h1>How do I reset it?</h1>{posts}{composer}</div></body></html>'
    )


def test_loose_answer_composer_is_dropped_with_its_label_and_fine_print() -> None:
    composer = "<h2>Post a Reply</h2><textarea></textarea><p>By posting you accept the house rules</p>"
    texts = node_texts(parse_page(_qa_page(composer)))
    assert "Post a Reply" not in texts
    assert "By posting you accept the house rules" not in texts
    assert sum("Answer" in t for t in texts) == 3


def test_text_box_holding_a_sample_is_not_a_composer() -> None:
    sample = (
        "<h2>Sample settings file</h2><textarea readonly>retries = 3</textarea><p>Save it beside the app</p>"
    )
    texts = node_texts(parse_page(_qa_page(sample)))
    assert "Sample settings file" in texts
    assert "Save it beside the app" in texts


def test_truncated_copy_of_a_caption_is_not_repeated_as_a_paragraph() -> None:
    caption = "Two engineers inspect the new footbridge over the river on the morning it opened to walkers."
    page = (
        f'<html><body><article><figure><img src="/bridge.jpg" width="800" height="500">'
        f"<figcaption><div>{caption}</div></figcaption></figure>{prose(2)}"
        f'<div class="slide-caption">Two engineers inspect the new footbridge over the ... more</div>'
        f"{prose(2)}<p>The vote was close and the council may return to it in the spring ...</p>"
        "</article></body></html>"
    )
    texts = node_texts(parse_page(page))
    assert not any(t.startswith("Two engineers") and t.endswith("more") for t in texts)
    assert "The vote was close and the council may return to it in the spring ..." in texts


def test_link_row_split_by_spacer_images_is_still_menu_chrome() -> None:
    spacer = '<img src="/img/spacer.gif" width="1" height="8">'
    menu = "<br>".join(
        f'<a href="/{s.lower()}/">{s}</a>{spacer}' for s in ("Home", "Sport", "Weather", "Jobs")
    )
    page = (
        f'<html><body><table><tr><td valign="top">{menu}</td>'
        f'<td valign="top"><div class="text">{prose()}</div></td></tr></table></body></html>'
    )
    texts = node_texts(parse_page(page))
    assert not any(t in ("Home", "Sport", "Weather", "Jobs") for t in texts)
    assert sum(PARAGRAPH in t for t in texts) == 4


def _figures(doc: Document) -> list[str]:
    return [n.image.path or "" for n in doc.nodes if n.type is NodeType.FIGURE and n.image is not None]


def test_image_block_right_after_the_body_is_kept() -> None:
    page = (
        f'<html><body><div id="page"><div class="story">{prose()}</div>'
        '<div class="pic"><img src="/photos/harbour.jpg" width="640" height="400"></div>'
        '<div class="pic"><img src="/photos/unrelated.jpg" width="640" height="400"></div>'
        "</div></body></html>"
    )
    figures = _figures(parse_page(page))
    assert figures == ["https://x.org/photos/harbour.jpg"]


def test_visitor_counter_is_a_tracking_image_but_a_kitchen_counter_is_not() -> None:
    page = (
        f'<html><body><article>{prose(2)}<p><img src="/cgi-bin/counter.cgi?page=7"></p>'
        f'<p><img src="/photos/kitchen-counter.jpg" width="640" height="400"></p>{prose(2)}'
        "</article></body></html>"
    )
    assert _figures(parse_page(page)) == ["https://x.org/photos/kitchen-counter.jpg"]


def test_caption_under_a_picture_block_after_the_body_is_kept_as_its_caption() -> None:
    page = (
        f'<html><body><div id="page"><div class="story">{prose()}</div>'
        '<div class="pic"><img src="/photos/harbour.jpg" width="640" height="400"></div>'
        '<div class="photo-caption">Boats in the harbour at dawn</div>'
        '<div class="links"><a href="/a">Home</a> <a href="/b">Contact us</a></div></div></body></html>'
    )
    doc = parse_page(page)
    captions = [n.text for n in doc.nodes if n.type is NodeType.CAPTION]
    assert captions == ["Boats in the harbour at dawn"]


def test_layout_wrapper_named_like_a_footer_or_sidebar_keeps_the_article_it_wraps() -> None:
    for wrapper, landmark in (("flex-wrap-footer", "main"), ("layout sidebar-end", "article")):
        page = (
            f'<html><body><div class="{wrapper}"><{landmark}><h1>Council Sends the Plan Back</h1>'
            f"{prose()}</{landmark}></div>"
            '<div class="site-footer"><p>All rights reserved.</p></div></body></html>'
        )
        root = lxml.html.fromstring(page)
        strip_boilerplate(root)  # the class rules alone, before any retry
        assert root.find(f".//{landmark}") is not None, wrapper
        assert "All rights reserved." not in root.text_content()


def test_article_inside_a_widget_box_is_found_by_the_retry_without_class_rules() -> None:
    page = (
        '<html><body><div class="widget Blog"><h3 class="post-title">Council Sends the Plan Back</h3>'
        f'<div class="post-body">{prose()}</div></div></body></html>'
    )
    texts = node_texts(parse_page(page))
    assert sum(PARAGRAPH in t for t in texts) == 4


def test_footnotes_are_content_not_a_footer() -> None:
    note = "The figures for the spring were revised after the audit, which found two double counts."
    page = (
        f'<html><body><article>{prose()}<div class="footnotes"><ol><li><p>{note}</p></li></ol></div>'
        "</article></body></html>"
    )
    assert note in node_texts(parse_page(page))


def test_wiki_edit_links_citation_marks_and_hatnotes_are_dropped() -> None:
    page = (
        '<html><body><div id="content"><div role="note" class="hatnote">'
        "For other uses, see Bridge (disambiguation).</div>"
        '<h2><span class="mw-headline" id="History">History</span><span class="mw-editsection">'
        '<span class="mw-editsection-bracket">[</span><a href="/w/index.php?action=edit">edit</a>'
        '<span class="mw-editsection-bracket">]</span></span></h2>'
        f'<p>{PARAGRAPH}<sup class="reference"><a href="#cite_note-1">[1]</a></sup> It met again.'
        '<sup><a href="#cite_note-2">[note 2]</a></sup></p>'
        f"{prose(3)}</div></body></html>"
    )
    texts = node_texts(parse_page(page))
    assert "History" in texts
    assert f"{PARAGRAPH} It met again." in texts
    assert not any("disambiguation" in t for t in texts)


def test_call_to_action_button_between_paragraphs_is_dropped() -> None:
    page = (
        f'<html><body><article>{prose(2)}<p class="button-wrapper"><a class="button primary" '
        f'href="/share">Share The Gazette</a></p><p>{PARAGRAPH} Later.</p><p>{PARAGRAPH} At last.</p>'
        "</article></body></html>"
    )
    texts = node_texts(parse_page(page))
    assert "Share The Gazette" not in texts
    assert sum(PARAGRAPH in t for t in texts) == 4


def test_story_header_box_inside_the_article_keeps_its_standfirst() -> None:
    dek = "The council wants a cheaper design before it commits any money to the crossing."
    page = (
        '<html><body><article><div class="top-header"><h1>Council Sends the Plan Back</h1>'
        f'<p class="standfirst">{dek}</p></div>{prose()}</article></body></html>'
    )
    assert dek in node_texts(parse_page(page))


def _first_heading(page: str) -> str | None:
    first = parse_page(page).nodes[0]
    return first.text if first.type is NodeType.HEADING else None


def test_title_with_its_own_separator_is_found_without_the_site_name() -> None:
    page = (
        "<html><head><title>Bridge Vote Goes Ahead – live updates | The Gazette</title></head><body>"
        '<div class="masthead-title"><h1>Bridge Vote Goes Ahead – live updates</h1></div>'
        f'<div class="story">{prose()}</div></body></html>'
    )
    assert _first_heading(page) == "Bridge Vote Goes Ahead – live updates"


def test_title_in_an_h3_or_a_title_classed_link_opens_the_document() -> None:
    for holder in (
        '<h3 class="post-title">Council Sends the Bridge Plan Back</h3>',
        '<p class="title"><a class="title" href="/c/1">Council Sends the Bridge Plan Back</a></p>',
    ):
        page = (
            "<html><head><title>Council Sends the Bridge Plan Back : town</title></head><body>"
            f'<div class="top">{holder}</div><div class="story">{prose()}</div></body></html>'
        )
        assert _first_heading(page) == "Council Sends the Bridge Plan Back", holder


def _with_lines(*lines: str) -> list[str]:
    extra = "".join(f"<p>{line}</p>" for line in lines)
    return node_texts(
        parse_page(
            f"<html><body><article>{prose(2)}{extra}{prose(4)[len(prose(2)) :]}</article></body></html>"
        )
    )


def test_reader_prompts_around_the_article_are_dropped() -> None:
    prompts = [
        "Was this page helpful? Yes No",
        "Sign up for The Gazette",
        "Subscribe to get the latest posts delivered right to your inbox.",
        "This post may contain affiliate links. Please read our disclosure policy.",
        "4.86 from 21 votes",
        "Follow The Gazette Opinion section on Facebook, Twitter and Instagram.",
        "We'd like to hear what you think about this article. Here's our email: letters@gazette.org.",
        "(Reporting by Ana Ruiz; editing by Tom Hale)",
        "Credit… Ana Ruiz for The Gazette",
    ]
    texts = _with_lines(*prompts)
    assert not [p for p in prompts if p in texts]
    assert sum(PARAGRAPH in t for t in texts) == 4


def test_sentences_that_only_mention_such_words_are_kept() -> None:
    keep = [
        "Follow the river path to the old mill and cross at the second bridge.",
        "Was the bridge ever finished? The records from 1911 say it was not, but a photograph survives.",
        "Subscribers to the council's mailing list were told of the vote two days in advance.",
    ]
    texts = _with_lines(*keep)
    assert all(k in texts for k in keep)


def test_photo_credit_inside_a_caption_is_left_out() -> None:
    page = (
        f'<html><body><article>{prose(2)}<figure><img src="/bridge.jpg" width="800" height="500">'
        "<figcaption><span>The footbridge on its opening morning.</span>"
        '<span itemprop="copyrightHolder"><span>Credit</span>Ana Ruiz for The Gazette</span>'
        '<span class="photo-credit">Photo: Tom Hale</span></figcaption></figure>'
        f"{prose(4)[len(prose(2)) :]}</article></body></html>"
    )
    captions = [n.text for n in parse_page(page).nodes if n.type is NodeType.CAPTION]
    assert captions == ["The footbridge on its opening morning."]


def test_datelines_in_any_language_and_after_a_byline_are_dropped() -> None:
    lines = [
        "14. März 2023",
        "martes, 14 de marzo de 2023 10:42",
        "1 de diciembre de 2017 3:00 am PST",
        "Ana Ruiz - Apr 16, 2015 8:02 pm UTC",
        "Updated 1:39 am EST, Wednesday, November 20, 2019",
        "2023年3月14日",
    ]
    texts = _with_lines(*lines)
    assert not [line for line in lines if line in texts]
    assert "The vote is set for 14 March 2023, the council said." in _with_lines(
        "The vote is set for 14 March 2023, the council said."
    )


def test_status_badges_are_decoration_even_behind_an_image_proxy() -> None:
    page = (
        f"<html><body><article>{prose(2)}<p>"
        '<a href="/ci"><img src="https://camo.example.net/8ed86817ec3a" '
        'data-canonical-src="https://img.shields.io/pypi/v/bridge.svg" alt="pypi"></a> '
        '<a href="/cov"><img src="https://badgen.net/badge/coverage/91%25/green" alt="coverage"></a></p>'
        '<p><img src="https://camo.example.net/b7a1c0d2" alt="screenshot"></p>'
        f"{prose(4)[len(prose(2)) :]}</article></body></html>"
    )
    assert _figures(parse_page(page)) == ["https://camo.example.net/b7a1c0d2"]


def test_quote_with_generated_atomic_classes_is_not_an_ad() -> None:
    quote = "We rebuilt the footbridge twice before the council was satisfied with it."
    page = (
        f'<html><body><article>{prose(2)}<blockquote class="lh ad exu gl aiz"><p>{quote}</p>'
        f"<cite>Ana Ruiz, engineer</cite></blockquote>{prose(4)[len(prose(2)) :]}"
        '<div class="ad-slot"><p>Advertisement for the spring sale at the garden centre.</p></div>'
        "</article></body></html>"
    )
    texts = node_texts(parse_page(page))
    assert quote in texts and "Ana Ruiz, engineer" in texts
    assert not any("spring sale" in t for t in texts)


def test_tracking_pixel_in_noscript_does_not_replace_a_real_image_before_it() -> None:
    page = (
        f'<html><body><div class="story">{prose()}</div><div class="pic"><img src="/photos/bridge.jpg" '
        'width="800" height="500"></div><noscript><img src="https://t.example.net/px?id=7" '
        'width="1" height="1"></noscript></body></html>'
    )
    assert _figures(parse_page(page)) == ["https://x.org/photos/bridge.jpg"]
