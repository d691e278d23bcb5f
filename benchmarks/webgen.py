"""Synthetic article pages in real CMS markup, with exact ground truth, to find where the HTML parser fails.

The 27 corpus pages of ``html_accuracy.py`` are the pages the parser was tuned on; this generates pages
from template families nobody tuned it on: WordPress (block editor and classic captions), Medium-like
class soup, news sites, documentation (Docusaurus and Sphinx), lazy-loading gallery blogs, Q&A and
forum threads, and old-style pages whose text sits in <div>s, <br>-separated runs or layout tables.
Each page mixes main content (headings, paragraphs with inline links, lists including link-heavy
changelogs and reference lists that ARE content, quotes, code, tables, figures) with the furniture
real sites carry (menus, cookie banners, share bars, related stories with thumbnails, author boxes,
comments with avatars, ad slots, newsletter boxes, tracking pixels, spacer GIFs, logos, icons).

Ground truth ``NAME.gt.json`` next to ``NAME.html``:

* ``blocks``: main-content text blocks in reading order (the page title, headings, paragraphs, each
  list item, each quote paragraph and its attribution, code, a table as its cells in row order, and
  figure captions without photo credits). Bylines, dates and credits are in neither list: they only
  cost precision when kept.
* ``images``: content image URLs in reading order, absolute, as a correct extractor should output them:
  the real URL behind a lazy-loading placeholder (data-src, data-lazy-src, data-original), resolved
  against ``<base href>`` when the page has one, and when a srcset is given (on the <img>, its lazy
  variant, or the <source>s of its <picture>) the largest candidate (largest w, else largest x; ties
  go to the first in document order). A <noscript> fallback repeats the same image, it is listed once.
* ``must_not``: boilerplate snippets (menu labels, share labels, related headlines, comment text,
  cookie text ...) that must not appear in the extracted text. None of them occurs in ``blocks``.
* ``url``: the page URL both extractors get as base.

Scoring reuses ``html_accuracy``'s token F1 and image matching (an image is found when the GT URL is
the extractor's chosen URL or one of the candidates the same element offers). A text block counts as
found when its token sequence occurs contiguously in the output; a must-not snippet leaks when its
token sequence does. One line per failure is printed for docbuild (``--show`` to change).

    python3 benchmarks/webgen.py --count 40 --seed 1 --out /tmp/webgen1 [--json out.json] [--kinds new]

``--count`` is the number of pages of the first eight families' rotation (unchanged pages for a seed);
each later kind (Ghost, Substack, Blogger, MediaWiki, GitHub README, arXiv abstract, recipe card,
liveblog, Drupal/Joomla, old Reddit, WooCommerce product) gets as many pages as each first kind.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from html_accuracy import _TOKEN, _lis, docbuild_extract, f1, image_scores, trafilatura_extract  # noqa: E402

# ---------------------------------------------------------------------------------------------------
# Vocabulary: sentences need ordinary function words, or stopword-based extractors would see word salad.

TOPICS: dict[str, dict[str, list[str]]] = {
    "transit": {
        "noun": [
            "tram line",
            "bus depot",
            "ferry route",
            "timetable",
            "ticket machine",
            "platform",
            "signal box",
            "bike lane",
            "transit plan",
            "fare system",
            "depot manager",
            "night bus",
        ],
        "adj": ["overcrowded", "electric", "delayed", "regional", "experimental", "late-night", "cheaper"],
        "place": ["Harbourside", "the northern suburbs", "Old Town", "the river district", "Westfield"],
    },
    "garden": {
        "noun": [
            "tomato bed",
            "compost heap",
            "seed tray",
            "greenhouse",
            "raised bed",
            "rain barrel",
            "hedge",
            "orchard",
            "soil sample",
            "pruning saw",
            "allotment",
            "mulch layer",
        ],
        "adj": ["shaded", "clay-heavy", "frost-hardy", "overgrown", "south-facing", "organic", "wet"],
        "place": ["the allotment", "the back garden", "the community plot", "the walled garden"],
    },
    "astronomy": {
        "noun": [
            "telescope",
            "star chart",
            "comet",
            "eyepiece",
            "observatory",
            "light curve",
            "spectrograph",
            "meteor shower",
            "mount",
            "exposure",
            "dark site",
            "planetary nebula",
        ],
        "adj": ["faint", "bright", "northern", "long-period", "refracting", "cloudless", "distant"],
        "place": ["the high desert", "the coastal ridge", "the university dome", "the club field"],
    },
    "software": {
        "noun": [
            "parser",
            "build cache",
            "release branch",
            "config file",
            "test suite",
            "plugin",
            "query planner",
            "worker pool",
            "schema",
            "migration",
            "command line tool",
            "index",
        ],
        "adj": ["incremental", "backwards-compatible", "flaky", "concurrent", "verbose", "lazy", "typed"],
        "place": ["the main repository", "production", "the staging cluster", "the nightly build"],
    },
    "kitchen": {
        "noun": [
            "sourdough starter",
            "cast iron pan",
            "stock pot",
            "spice blend",
            "bread dough",
            "marinade",
            "pastry",
            "fermentation jar",
            "oven thermometer",
            "braise",
            "sauce",
        ],
        "adj": ["slow-cooked", "crisp", "smoky", "tangy", "overproofed", "seasonal", "hand-rolled"],
        "place": ["the test kitchen", "the night market", "the family restaurant", "the bakery"],
    },
    "cycling": {
        "noun": [
            "gravel bike",
            "chain ring",
            "climb",
            "descent",
            "saddle",
            "training plan",
            "peloton",
            "derailleur",
            "tubeless tyre",
            "cadence sensor",
            "time trial",
            "headwind",
        ],
        "adj": ["steep", "muddy", "lightweight", "aerodynamic", "endless", "rolling", "technical"],
        "place": ["the mountain pass", "the coastal loop", "the velodrome", "the forest trail"],
    },
}
VERBS_PAST = [
    "replaced",
    "tested",
    "measured",
    "rebuilt",
    "moved",
    "doubled",
    "delayed",
    "improved",
    "compared",
    "documented",
    "examined",
    "adjusted",
    "expanded",
    "reviewed",
    "shortened",
]
VERBS_BASE = [
    "replace",
    "test",
    "measure",
    "rebuild",
    "move",
    "double",
    "delay",
    "improve",
    "compare",
    "document",
    "examine",
    "adjust",
    "expand",
    "review",
    "shorten",
]
PEOPLE = [
    "Amara Okafor",
    "Lena Fischer",
    "Tomasz Nowak",
    "Priya Raman",
    "Diego Alvarez",
    "Hana Sato",
    "Grace O'Neill",
    "Mateus Costa",
    "Ingrid Larsen",
    "Yusuf Demir",
    "Chloe Martin",
    "Ravi Iyer",
]
TIMES = ["week", "month", "spring", "autumn", "season", "quarter", "year", "weekend"]
SENTENCES = [
    "The {adj} {noun} was {vpast} by {person} in {place} last {time}.",
    "According to {person}, the {noun} had been {vpast} {num} times before anyone noticed the {noun2}.",
    "In {place}, a team of {num} volunteers {vpast} the {noun} and then {vpast2} the {adj} {noun2}.",
    "It is not yet clear whether they will {vbase} the {noun} before the end of the {time}.",
    "{person} said the {noun} was {adj} but that the {noun2} would need more attention.",
    "Most of the work on the {noun2} was {vpast} after the {adj} {noun} had been {vpast2}.",
    "That is why the {noun} matters: it decides how often people in {place} {vbase} the {noun2}.",
    "Nobody expected the {adj} {noun} to be {vpast} so quickly, least of all {person}.",
    "We {vpast} the {noun} twice, once in the morning and once after the {noun2} was {vpast2}.",
    "There were {num} reasons to {vbase} the {noun}, and the {adj} {noun2} was only one of them.",
    "If you {vbase} the {noun} too early, the {noun2} will not be ready for the {time}.",
    "By the end of the {time}, the {noun} in {place} had been {vpast} and {vpast2} again.",
]
HEADLINE = [
    "Why {place2} Is Quietly Rethinking Its {Noun}",
    "{Num} Things Nobody Tells You About the {Adj} {Noun}",
    "Inside the Fight Over a {Adj} {Noun} in {place2}",
    "The {Noun} That Changed How {person} Works",
    "What a {Adj} {Noun} Says About Life in {place2}",
    "Is the {Noun} Finally Worth It? A Skeptic Tries One",
    "How {person} Turned a {Noun} Into a Weekend Business",
]
PLACES2 = [
    "Lisbon",
    "Ottawa",
    "Nairobi",
    "Kraków",
    "Osaka",
    "Valparaíso",
    "Tbilisi",
    "Bergen",
    "Leeds",
    "Hobart",
    "Tucson",
    "Ghent",
]
COMMENTS = [
    "Great write-up {who}, I had exactly the same problem with my {noun} last {time}!",
    "Not sure I agree about the {noun}, ours lasted {num} years without any trouble.",
    "Does anyone know if this also works for an {adj} {noun}? Asking for a friend.",
    "Bookmarked. My {noun} has been acting up since {time2} and this finally explains why.",
    "This is the third article this month about a {noun}, can we get something new please.",
    "Thank you! Printed this out and stuck it on the fridge next to the {noun} schedule.",
]
TIMES2 = ["January", "the last update", "the move", "Easter", "the heatwave", "my holiday"]
NAV = [
    "World",
    "Politics",
    "Business",
    "Technology",
    "Science",
    "Culture",
    "Sport",
    "Travel",
    "Opinion",
    "Podcasts",
    "Newsletters",
    "Crosswords",
    "Climate Desk",
    "Video",
    "Local News",
    "Obituaries",
]
SITE = [
    "Harbor Ledger",
    "Northwind Post",
    "The Daily Lantern",
    "Kettle & Crumb",
    "Orbit Notes",
    "Spoke Journal",
    "Patchwork Dev",
    "Greenhouse Diaries",
    "Meridian Times",
    "Backroad Gazette",
]
SOCIAL = ["facebook", "twitter", "linkedin", "pinterest", "reddit", "whatsapp", "instagram", "youtube"]
CODE_PY = [
    "import {mod}\n\n\ndef {fn}({arg}: str, retries: int = {num}) -> dict:\n"
    '    """Load the {arg} and return its settings."""\n'
    "    {var} = {mod}.load({arg}, strict=True)\n    for attempt in range(retries):\n"
    "        if {var}.ready():\n            break\n    return {var}.to_dict()\n",
    'from {mod} import Client\n\nclient = Client(timeout={num})\n{var} = client.fetch("{arg}")\n'
    "print({var}.status, len({var}.items))\n",
]
CODE_SH = [
    "$ pip install {mod}=={num}.{num2}.0\n$ {mod} init --name {arg}\n$ {mod} build --jobs {num2}\n",
    "git clone https://example.org/{mod}/{mod}.git\ncd {mod}\nmake {fn} PREFIX=/usr/local\n",
]
IDENT = ["loader", "settings", "payload", "manifest", "report", "session", "cache_dir", "records"]


# ---------------------------------------------------------------------------------------------------
# Page context and ground-truth bookkeeping.


@dataclass
class Page:
    """One generated page and its ground truth."""

    name: str
    template: str
    url: str
    html: str = ""
    blocks: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    must_not: list[str] = field(default_factory=list)


@dataclass
class Ctx:
    """Random source, page URLs and the ground truth being collected while markup is written."""

    rng: random.Random
    page: Page
    host: str
    site: str
    topic: dict[str, list[str]]
    base: str = ""
    counter: int = 0

    def uid(self) -> str:
        """A short unique token for file names and ids, stable for a seed."""
        self.counter += 1
        return hashlib.sha1(f"{self.page.name}:{self.counter}".encode()).hexdigest()[:8]

    def text(self, t: str) -> str:
        """Register a main-content block and return it escaped for the markup."""
        self.page.blocks.append(" ".join(t.split()))
        return escape(t, quote=False)

    def bad(self, t: str) -> str:
        """Register a boilerplate snippet that must not be extracted; return it escaped."""
        self.page.must_not.append(" ".join(t.split()))
        return escape(t, quote=False)

    def image(self, url: str) -> None:
        self.page.images.append(urljoin(self.base, url))

    def pick(self, seq: list[str]) -> str:
        return self.rng.choice(seq)


def sentence(ctx: Ctx) -> str:
    """One plausible sentence about the page's topic."""
    r, t = ctx.rng, ctx.topic
    n1, n2 = r.sample(t["noun"], 2)
    v1, v2 = r.sample(VERBS_PAST, 2)
    s = r.choice(SENTENCES).format(
        adj=r.choice(t["adj"]),
        noun=n1,
        noun2=n2,
        vpast=v1,
        vpast2=v2,
        vbase=r.choice(VERBS_BASE),
        person=r.choice(PEOPLE),
        place=r.choice(t["place"]),
        time=r.choice(TIMES),
        num=r.randint(2, 40),
    )
    return s[0].upper() + s[1:]


def headline(ctx: Ctx) -> str:
    r = ctx.rng
    return r.choice(HEADLINE).format(
        place2=r.choice(PLACES2),
        Noun=r.choice(ctx.topic["noun"]).title(),
        Adj=r.choice(ctx.topic["adj"]).title(),
        Num=r.randint(3, 12),
        person=r.choice(PEOPLE),
    )


def comment(ctx: Ctx) -> str:
    r = ctx.rng
    return r.choice(COMMENTS).format(
        who=r.choice(PEOPLE).split()[0],
        noun=r.choice(ctx.topic["noun"]),
        time=r.choice(TIMES),
        num=r.randint(2, 15),
        adj=r.choice(ctx.topic["adj"]),
        time2=r.choice(TIMES2),
    )


def slug(t: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in t.lower()).split())[:60]


# ---------------------------------------------------------------------------------------------------
# Main-content pieces. Each returns markup and registers its ground truth in DOM order.


def inline(ctx: Ctx, t: str, links: bool = True) -> str:
    """Escaped text with one span turned into a link, emphasis or inline code, text unchanged."""
    words = t.split(" ")
    if len(words) < 6 or ctx.rng.random() < 0.3:
        return escape(t, quote=False)
    i = ctx.rng.randrange(1, len(words) - 3)
    j = i + ctx.rng.randint(1, 3)
    kind = ctx.rng.choice(["a", "a", "em", "strong"] if links else ["em", "strong"])
    mid = escape(" ".join(words[i:j]), quote=False)
    if kind == "a":
        href = ctx.rng.choice(
            [
                f"/{slug(mid)}/",
                f"https://en.wikipedia.org/wiki/{slug(mid).title()}",
                f"https://{ctx.host}/tag/{slug(mid)}",
            ]
        )
        mid = f'<a href="{href}">{mid}</a>'
    else:
        mid = f"<{kind}>{mid}</{kind}>"
    return f"{escape(' '.join(words[:i]), quote=False)} {mid} {escape(' '.join(words[j:]), quote=False)}"


def para_text(ctx: Ctx, lo: int = 2, hi: int = 5) -> str:
    return " ".join(sentence(ctx) for _ in range(ctx.rng.randint(lo, hi)))


def paragraph(ctx: Ctx, attrs: str = "") -> str:
    t = para_text(ctx)
    ctx.text(t)
    return f"<p{attrs}>{inline(ctx, t)}</p>"


def heading(ctx: Ctx, level: int = 2, attrs: str = "", suffix: str = "") -> str:
    t = ctx.rng.choice(
        [
            "How the {n} works",
            "What changed with the {n}",
            "The {a} {n}",
            "Lessons from the {n}",
            "Why the {n} matters",
            "Before you start",
        ]
    )
    t = t.format(n=ctx.pick(ctx.topic["noun"]), a=ctx.pick(ctx.topic["adj"]))
    t = t[0].upper() + t[1:]
    return f'<h{level} id="{slug(t)}"{attrs}>{ctx.text(t)}{suffix}</h{level}>'


def plain_list(ctx: Ctx, ordered: bool = False, li_attrs: str = "") -> str:
    tag = "ol" if ordered else "ul"
    items = []
    for _ in range(ctx.rng.randint(3, 6)):
        t = sentence(ctx).rstrip(".")
        ctx.text(t)
        items.append(f"<li{li_attrs}>{inline(ctx, t)}</li>")
    return f"<{tag}>\n" + "\n".join(items) + f"\n</{tag}>"


def changelog(ctx: Ctx) -> str:
    """A release-notes list: every item is a link-heavy line, and it is content."""
    repo = f"{slug(ctx.site)}/{slug(ctx.pick(ctx.topic['noun']))}"
    items = []
    for _ in range(ctx.rng.randint(4, 7)):
        n, user = ctx.rng.randint(1000, 9999), slug(ctx.pick(PEOPLE)).replace("-", "")
        what = (
            f"{ctx.pick(['Fix', 'Add', 'Speed up', 'Deprecate', 'Document'])} {ctx.pick(ctx.topic['noun'])} "
        )
        what += f"{ctx.pick(['handling', 'support', 'defaults', 'option', 'errors'])}"
        ctx.text(f"{what} (#{n}) by @{user}")
        items.append(
            f'<li>{escape(what)} (<a href="https://github.com/{repo}/pull/{n}">#{n}</a>) by '
            f'<a href="https://github.com/{user}">@{user}</a></li>'
        )
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def references(ctx: Ctx) -> str:
    """A reference/resource list whose items are (almost) entirely links; content, not navigation."""
    items = []
    for _ in range(ctx.rng.randint(3, 5)):
        if ctx.rng.random() < 0.5:
            last = ctx.pick(PEOPLE).split()[-1]
            title = headline(ctx)
            year, vol = ctx.rng.randint(1998, 2023), ctx.rng.randint(3, 90)
            ctx.text(
                f"{last}, {last[0]}. ({year}). {title}. Journal of Applied {ctx.site.split()[-1]}, {vol}."
            )
            items.append(
                f'<li>{escape(last)}, {last[0]}. ({year}). <a href="https://doi.org/10.{vol}/'
                f'{ctx.uid()}">{escape(title)}</a>. <em>Journal of Applied {escape(ctx.site.split()[-1])}'
                f"</em>, {vol}.</li>"
            )
        else:
            title = (
                f"The {ctx.pick(['official', 'community', 'unofficial'])} guide to the "
                f"{ctx.pick(ctx.topic['noun'])}"
            )
            title += f" ({ctx.pick(['PDF', 'video', 'archived', 'second edition'])})"
            ctx.text(title)
            items.append(f'<li><a href="https://{ctx.uid()}.example.org/guide">{escape(title)}</a></li>')
    return "<ol>\n" + "\n".join(items) + "\n</ol>"


def quote(ctx: Ctx, attrs: str = "") -> str:
    paras = [f"<p>{ctx.text(para_text(ctx, 1, 2))}</p>"]
    who = f"{ctx.pick(PEOPLE)}, {ctx.pick(['engineer', 'resident', 'coach', 'researcher', 'chef'])}"
    return f"<blockquote{attrs}>\n" + "\n".join(paras) + f"\n<cite>{ctx.text(who)}</cite>\n</blockquote>"


def code_text(ctx: Ctx, shell: bool = False) -> str:
    r = ctx.rng
    tpl = r.choice(CODE_SH if shell else CODE_PY)
    mod = r.choice(["docforge", "tramway", "seedbank", "starfield", "pantry", "velokit"])
    return tpl.format(
        mod=mod,
        fn=r.choice(["load_config", "build_index", "sync_all", "render"]),
        arg=r.choice(IDENT),
        var=r.choice(IDENT),
        num=r.randint(2, 9),
        num2=r.randint(1, 8),
    )


def highlight(code: str, style: str) -> str:
    """Syntax-highlighting spans as Pygments (Sphinx) or Prism (Docusaurus) write them; text unchanged."""
    out = []
    for word in code.split(" "):
        w = escape(word, quote=False)
        if word in ("import", "from", "def", "return", "for", "in", "if", "break"):
            w = (
                f'<span class="k">{w}</span>'
                if style == "pygments"
                else f'<span class="token keyword">{w}</span>'
            )
        out.append(w)
    return " ".join(out)


def code_block(ctx: Ctx, style: str = "plain") -> str:
    code = code_text(ctx, shell=ctx.rng.random() < 0.4)
    ctx.text(code)
    if style == "pygments":
        return (
            '<div class="highlight-python notranslate"><div '
            f'class="highlight"><pre><span></span>{highlight(code, style)}</pre></div></div>'
        )
    if style == "prism":
        lines = "".join(
            f'<span class="token-line">{highlight(ln, style)}\n</span>' for ln in code.split("\n")
        )
        return (
            f'<div class="codeBlockContainer_Ckt0 theme-code-block"><div class="codeBlockContent_biex">'
            '<pre tabindex="0" class="prism-code language-python codeBlock_bY9V"><code '
            'class="codeBlockLines_e6Vv">'
            f'{lines}</code></pre><div class="buttonGroup__atx"><button type="button" aria-label="Copy '
            'code to clipboard" '
            f'title="Copy" class="clean-btn">{svg_icon()}</button></div></div></div>'
        )
    if style == "qa":
        return (
            '<pre class="lang-py s-code-block"><code class="hljs '
            f'language-python">{escape(code, quote=False)}</code></pre>'
        )
    return f'<pre class="wp-block-code"><code>{escape(code, quote=False)}</code></pre>'


def table(ctx: Ctx, attrs: str = "") -> str:
    """A data table, pretty-printed; ground truth is its cells in row order."""
    if ctx.rng.random() < 0.5:
        head = ["Option", "Type", "Default", "Description"]
        rows = [
            [
                f"{ctx.pick(IDENT)}_{ctx.rng.randint(1, 9)}",
                ctx.pick(["str", "int", "bool", "list"]),
                ctx.pick(["None", "true", "8", "auto"]),
                f"How the {ctx.pick(ctx.topic['noun'])} is {ctx.pick(VERBS_PAST)}",
            ]
            for _ in range(ctx.rng.randint(3, 5))
        ]
    else:
        head = ["Area", "2022", "2023", "Change"]
        rows = []
        for _ in range(ctx.rng.randint(3, 6)):
            a, b = ctx.rng.randint(100, 900), ctx.rng.randint(100, 900)
            rows.append([ctx.pick(ctx.topic["place"] + PLACES2), str(a), str(b), f"{(b - a) / a:+.1%}"])
    ctx.text(" ".join(head + [c for row in rows for c in row]))
    th = "\n".join(f"<th>{escape(h)}</th>" for h in head)
    body = "\n".join("<tr>\n" + "\n".join(f"<td>{escape(c)}</td>" for c in row) + "\n</tr>" for row in rows)
    return f"<table{attrs}>\n<thead>\n<tr>\n{th}\n</tr>\n</thead>\n<tbody>\n{body}\n</tbody>\n</table>"


# ---------------------------------------------------------------------------------------------------
# Content images: how lazy loaders, srcsets and <picture> really write them. Each returns (markup).

PIXEL_GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="


def url_form(ctx: Ctx, path: str) -> str:
    """The same asset written absolute, root-relative, document-relative or protocol-relative."""
    form = ctx.rng.choice(["abs", "root", "rel", "proto"])
    if form == "abs":
        return f"https://{ctx.host}/{path}"
    if form == "root":
        return f"/{path}"
    if form == "rel":
        return path.rsplit("/", 1)[-1] if ctx.rng.random() < 0.5 else f"../{path.rsplit('/', 1)[-1]}"
    return f"//cdn.{ctx.host.removeprefix('www.')}/{path}"


def size_attrs(ctx: Ctx, w: int, h: int) -> str:
    return f' width="{w}" height="{h}"' if ctx.rng.random() < 0.65 else ""


def content_img(ctx: Ctx, modes: list[str], alt: str = "", cls: str = "") -> str:
    """One content <img> (or <picture>) in a randomly chosen real-world loading style."""
    stem = (
        f"uploads/{ctx.rng.randint(2016, 2024)}/{ctx.rng.randint(1, 12):02d}/"
        f"{slug(ctx.pick(ctx.topic['noun']))}-{ctx.uid()}"
    )
    w = ctx.rng.choice([1200, 1600, 2048])
    h = w * ctx.rng.choice([9, 10, 12]) // 16
    mode = ctx.rng.choice(modes)
    a = f' alt="{escape(alt)}"'
    c = f' class="{cls}"' if cls else ""
    sz = size_attrs(ctx, 1024, 1024 * h // w)
    base = url_form(ctx, f"{stem}.jpg")
    pre = base[: -len(".jpg")]
    wset = ", ".join(f"{pre}-{x}x{x * h // w}.jpg {x}w" for x in (300, 768, 1024)) + f", {base} {w}w"
    if mode == "plain":
        ctx.image(base)
        return f'<img src="{base}"{a}{sz}{c}>'
    if mode == "srcset_w":
        ctx.image(base)
        return (
            f'<img src="{pre}-1024x{1024 * h // w}.jpg"{a}{sz}{c} srcset="{wset}" sizes="(max-width: '
            '1024px) 100vw, 1024px">'
        )
    if mode == "srcset_x":
        ctx.image(f"{pre}@2x.jpg")
        return f'<img src="{base}" srcset="{base} 1x, {pre}@2x.jpg 2x"{a}{sz}{c}>'
    if mode == "native_lazy":
        ctx.image(base)
        return f'<img loading="lazy" decoding="async" src="{base}"{a}{sz}{c}>'
    if mode == "lazysizes":
        ctx.image(base)
        extra = (
            f' data-srcset="{wset}" data-sizes="auto"' if ctx.rng.random() < 0.5 else f' data-src="{base}"'
        )
        return (
            f'<img src="{PIXEL_GIF}"{extra} class="lazyload {cls}"{a}{sz}>'
            f'<noscript><img src="{base}"{a}{c}></noscript>'
        )
    if mode == "wprocket":
        ctx.image(base)
        ph = (
            f"data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20viewBox='0%200%20{w}%20{h}'"
            "%3E%3C/svg%3E"
        )
        return (
            f'<img src="{ph}"{a}{sz}{c} data-lazy-srcset="{wset}" data-lazy-sizes="(max-width: 1024px) '
            '100vw, 1024px" '
            f'data-lazy-src="{pre}-1024x{1024 * h // w}.jpg"><noscript><img '
            f'src="{pre}-1024x{1024 * h // w}.jpg"{a}{sz}{c} '
            f'srcset="{wset}"></noscript>'
        )
    if mode == "data_original":
        ctx.image(base)
        return f'<img class="lazy {cls}" src="/static/img/grey.gif" data-original="{base}"{a}{sz}>'
    # picture: webp and jpeg sources of the same widths; the first largest candidate is the webp one
    webp = ", ".join(f"{pre}-{x}.webp {x}w" for x in (640, 1024, w))
    jpg = ", ".join(f"{pre}-{x}.jpg {x}w" for x in (640, 1024, w))
    ctx.image(f"{pre}-{w}.webp")
    return (
        f'<picture><source type="image/webp" srcset="{webp}" sizes="100vw"><source type="image/jpeg" '
        f'srcset="{jpg}" sizes="100vw"><img src="{pre}-1024.jpg"{a}{sz}{c}></picture>'
    )


def medium_img(ctx: Ctx) -> str:
    """Medium's <picture>: no src on the <img>, only <source> srcsets on miro.medium.com."""
    iid = f"1*{ctx.uid()}{ctx.uid()[:6]}.{ctx.pick(['png', 'jpeg'])}"
    sets = []
    for fmt in ("format:webp/", ""):
        sets.append(
            ", ".join(
                f"https://miro.medium.com/v2/resize:fit:{x}/{fmt}{iid} {x}w" for x in (640, 720, 1100, 1400)
            )
        )
    ctx.image(f"https://miro.medium.com/v2/resize:fit:1400/format:webp/{iid}")
    sizes = "(min-resolution: 4dppx) and (max-width: 700px) 50vw, 100vw"
    return (
        f'<picture><source srcset="{sets[0]}" sizes="{sizes}" type="image/webp"><source data-testid="og" '
        f'srcset="{sets[1]}" sizes="{sizes}"><img alt="" class="bh lx ny c" width="700" '
        f'height="{ctx.rng.choice([394, 467, 525])}" '
        f'loading="lazy" role="presentation"></picture>'
    )


def caption(ctx: Ctx) -> tuple[str, str]:
    """(caption markup, credit markup): the caption is content, the credit is neither list."""
    cap = sentence(ctx)
    credit = (
        f"Photo: {ctx.pick(PEOPLE)}/{ctx.pick(['Reuters', 'AP', 'Getty Images', 'Unsplash', 'Shutterstock'])}"
    )
    return ctx.text(cap), escape(credit)


# ---------------------------------------------------------------------------------------------------
# Furniture. Each registers its distinctive text as must-not; its images are never content images.

ICON_PATHS = [
    "M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2z",
    "M3 18h18v-2H3v2zm0-5h18v-2H3v2zm0-7v2h18V6H3z",
    "M15.5 14h-.79l-.28-.27A6.47 6.47 0 0 0 16 9.5 6.5 6.5 0 1 0 9.5 16c1.61 0 3.09-.59 "
    "4.23-1.57l.27.28v.79l5 4.99L20.49 19l-4.99-5z",
]


def svg_icon(ctx: Ctx | None = None) -> str:
    d = ICON_PATHS[0] if ctx is None else ctx.pick(ICON_PATHS)
    return (
        '<svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path '
        f'd="{d}"></path></svg>'
    )


def logo(ctx: Ctx) -> str:
    src = ctx.pick(
        [
            f"/wp-content/uploads/2021/03/{slug(ctx.site)}-logo.png",
            f"/static/img/logo-{ctx.uid()}.svg",
            f"https://{ctx.host}/assets/brand/logo@2x.png",
        ]
    )
    sz = ' width="180" height="48"' if ctx.rng.random() < 0.5 else ""
    return (
        f'<a href="/" class="custom-logo-link" rel="home"><img src="{src}" class="custom-logo" '
        f'alt="{escape(ctx.site)}"{sz}></a>'
    )


def nav_menu(ctx: Ctx, cls: str = "main-navigation") -> str:
    labels = ctx.rng.sample(NAV, ctx.rng.randint(6, 9))
    lis = "\n".join(
        f'<li class="menu-item menu-item-type-taxonomy"><a href="/{slug(x)}/">{ctx.bad(x)}</a></li>'
        for x in labels
    )
    return (
        f'<nav id="site-navigation" class="{cls}" aria-label="Primary"><button class="menu-toggle" '
        'aria-controls="primary-menu">'
        f'{svg_icon(ctx)}<span class="screen-reader-text">Menu</span></button>\n<ul id="primary-menu" '
        f'class="menu">\n{lis}\n</ul></nav>'
    )


def cookie_banner(ctx: Ctx) -> str:
    t = ctx.pick(
        [
            "We use cookies to personalise content and ads, to provide social media features and to "
            "analyse our traffic.",
            "This website uses cookies to improve your experience while you navigate through the website.",
            "We and our partners store and access information on your device, such as cookies, for "
            "measurement and ads.",
        ]
    )
    btn = ctx.pick(["Accept all cookies", "Allow all and continue", "I agree to the cookie policy"])
    style = ctx.rng.randrange(3)
    if style == 0:
        return (
            '<div id="onetrust-banner-sdk" class="otFlat" role="region" aria-label="Cookie banner"><div '
            'id="onetrust-policy">'
            f'<p id="onetrust-policy-text">{ctx.bad(t)} <a href="/privacy">More information</a></p></div>'
            f'<button id="onetrust-accept-btn-handler">{ctx.bad(btn)}</button></div>'
        )
    if style == 1:
        return (
            '<div class="cky-consent-container cky-banner-bottom"><div class="cky-notice"><p '
            'class="cky-title">'
            f'{ctx.bad("We value your privacy")}</p><div class="cky-notice-des"><p>{ctx.bad(t)}</p></div>'
            f'<button class="cky-btn cky-btn-accept">{ctx.bad(btn)}</button></div></div>'
        )
    return (
        '<div class="cookie-notice" id="cookie-notice" role="dialog"><span '
        f'id="cn-notice-text">{ctx.bad(t)}</span>'
        f'<a href="#" id="cn-accept-cookie" class="cn-button">{ctx.bad(btn)}</a></div>'
    )


def share_bar(ctx: Ctx, png: bool | None = None) -> str:
    nets = ctx.rng.sample(SOCIAL[:6], 4)
    png = ctx.rng.random() < 0.5 if png is None else png
    items = []
    for n in nets:
        label = f"Share on {n.title()}" if n != "twitter" else "Share on X"
        icon = (
            f'<img src="/static/icons/{n}-{ctx.pick(["32", "24"])}.png" '
            f'alt=""{ctx.pick([" width=32 height=32", ""])}>'
            if png
            else svg_icon(ctx)
        )
        items.append(
            f'<li class="share-{n}"><a rel="nofollow noopener" href="https://{n}.com/share?u={ctx.uid()}" '
            f'target="_blank">{icon}<span>{ctx.bad(label)}</span></a></li>'
        )
    items.append(f'<li><button class="copy-link">{ctx.bad("Copy link")}</button></li>')
    return (
        '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul '
        f'class="share-bar">{"".join(items)}</ul></div>'
    )


def related(ctx: Ctx, title: str | None = None, thumbs: bool = True) -> str:
    title = title or ctx.pick(
        ["Related Articles", "You may also like", f"More from {ctx.site}", "Recommended for you"]
    )
    items = []
    for _ in range(ctx.rng.randint(3, 5)):
        hl = headline(ctx)
        sz = ctx.pick([' width="300" height="169"', ' width="350" height="200"', ""])
        img = (
            f'<img src="/wp-content/uploads/thumbs/{slug(hl)[:30]}-{ctx.uid()}-300x169.jpg" alt=""{sz} '
            'loading="lazy">'
            if thumbs
            else ""
        )
        items.append(
            f'<li class="related-post"><a href="/{slug(hl)}/">{img}<h4 '
            f'class="related-title">{ctx.bad(hl)}</h4></a>'
            f"<time>{ctx.rng.randint(1, 28)} {ctx.pick(['March', 'May', 'Oct'])} 2023</time></li>"
        )
    return f'<section class="related-posts"><h3>{ctx.bad(title)}</h3><ul>{"".join(items)}</ul></section>'


def read_more(ctx: Ctx) -> str:
    """The in-body "Read more: <headline>" row news sites drop between paragraphs."""
    hl = headline(ctx)
    label = ctx.pick(["Read more:", "READ MORE:", "Related:", "See also:"])
    return (
        f'<p class="read-more"><strong>{escape(label)}</strong> <a href="/{slug(hl)}/">{ctx.bad(hl)}</a></p>'
    )


def author_box(ctx: Ctx) -> str:
    who = ctx.pick(PEOPLE)
    bio = (
        f"{who} is a {ctx.pick(['staff', 'freelance', 'senior'])} writer who has covered "
        f"{ctx.pick(['city hall', 'food and drink', 'open source', 'the outdoors'])} for "
        f"{ctx.rng.randint(3, 20)} years."
    )
    h = hashlib.md5(who.encode()).hexdigest()
    return (
        '<div class="author-box"><img alt="" '
        f'src="https://secure.gravatar.com/avatar/{h}?s=96&amp;d=mm&amp;r=g" '
        f'class="avatar avatar-96 photo"{ctx.pick([" height=96 width=96", ""])} loading="lazy"><div '
        'class="author-info">'
        f'<h4>About {escape(who)}</h4><p class="author-bio">{ctx.bad(bio)}</p><a href="/author/{slug(who)}/">'
        f"{ctx.bad('View all posts by ' + who)}</a></div></div>"
    )


def comments(ctx: Ctx) -> str:
    n = ctx.rng.randint(2, 4)
    items = []
    for _ in range(n):
        who = ctx.pick(PEOPLE)
        h = hashlib.md5((who + ctx.uid()).encode()).hexdigest()
        items.append(
            '<li class="comment"><article class="comment-body"><footer class="comment-meta"><div '
            'class="comment-author vcard">'
            f'<img alt="" src="https://secure.gravatar.com/avatar/{h}?s=56&amp;d=mm&amp;r=g" '
            'class="avatar avatar-56 photo"'
            f'{ctx.pick([" height=56 width=56", ""])} loading="lazy"><b class="fn">{escape(who)}</b> '
            '<span class="says">says:</span>'
            f'</div><div class="comment-metadata"><time>{ctx.rng.randint(1, 28)} June 2023 at '
            f"{ctx.rng.randint(1, 12)}:15 pm</time>"
            f'</div></footer><div class="comment-content"><p>{ctx.bad(comment(ctx))}</p></div><div '
            'class="reply">'
            f'<a class="comment-reply-link" href="#respond">Reply</a></div></article></li>'
        )
    return (
        f'<div id="comments" class="comments-area"><h2 class="comments-title">{n} thoughts on this post</h2>'
        f'<ol class="comment-list">{"".join(items)}</ol><div id="respond" class="comment-respond"><h3>'
        f"{ctx.bad('Leave a Reply')}</h3><p "
        f'class="comment-notes">{ctx.bad("Your email address will not be published.")} '
        f'Required fields are marked *</p><textarea name="comment"></textarea></div></div>'
    )


def newsletter(ctx: Ctx) -> str:
    name = ctx.pick(["The Morning Brief", "Weekend Reads", "The Download", "First Thing"])
    t = f"Sign up for {name}: the day's most important stories, straight to your inbox every morning."
    return (
        f'<aside class="newsletter-signup"><h4>{escape(name)}</h4><p>{ctx.bad(t)}</p><form><input '
        'type="email" '
        f'placeholder="Your email"><button>{ctx.bad("Subscribe now")}</button></form></aside>'
    )


def ad_slot(ctx: Ctx) -> str:
    label = ctx.bad(ctx.pick(["Advertisement", "ADVERTISEMENT", "Sponsored content"]))
    creative = ""
    if ctx.rng.random() < 0.5:
        creative = (
            f'<a href="https://adclick.g.doubleclick.net/pcs/click?xai={ctx.uid()}" target="_blank">'
            f'<img src="https://tpc.googlesyndication.com/simgad/{ctx.rng.randint(10**15, 10**16)}" '
            f'{ctx.pick(["width=300 height=250", "width=728 height=90", ""])} border="0"></a>'
        )
    return (
        f'<div class="ad-slot ad-inline"><span class="ad-label">{label}</span><div '
        f'id="div-gpt-ad-{ctx.uid()}">{creative}</div></div>'
    )


def pixels(ctx: Ctx) -> str:
    """Tracking pixels as the vendors' snippets write them (some with no size attributes at all)."""
    opts = [
        '<noscript><img height="1" width="1" style="display:none" '
        f'src="https://www.facebook.com/tr?id={ctx.rng.randint(10**14, 10**15)}&amp;ev=PageView&amp;noscri'
        'pt=1"></noscript>',
        "<noscript><img "
        f'src="https://sb.scorecardresearch.com/p?c1=2&amp;c2={ctx.rng.randint(10**6, 10**7)}&amp;cv=3.6.0'
        '&amp;cj=1"></noscript>',
        "<img "
        f'src="https://pixel.wp.com/g.gif?v=ext&amp;blog={ctx.rng.randint(10**7, 10**8)}&amp;post='
        f'{ctx.rng.randint(100, 9999)}" alt=":)" width="6" height="5" id="wpstats">',
        f'<img src="https://{ctx.host}/px.gif?u={ctx.uid()}" width="1" height="1" alt="" '
        'style="position:absolute">',
        '<noscript><div class="statcounter"><a title="Web Analytics" '
        'href="https://statcounter.com/"><img class="statcounter" '
        f'src="https://c.statcounter.com/{ctx.rng.randint(10**6, 10**7)}/0/{ctx.uid()}/1/" alt="Web '
        'Analytics"></a></div></noscript>',
    ]
    return "\n".join(ctx.rng.sample(opts, ctx.rng.randint(2, 4)))


def social_follow(ctx: Ctx) -> str:
    nets = ctx.rng.sample(SOCIAL, 4)
    icons = "".join(
        f'<a href="https://{n}.com/{slug(ctx.site)}" aria-label="{n.title()}">'
        + (
            f'<img src="/assets/social/{n}.{ctx.pick(["png", "svg"])}" '
            f'alt="{n.title()}"{ctx.pick([" width=24 height=24", ""])}>'
            if ctx.rng.random() < 0.5
            else svg_icon(ctx)
        )
        + "</a>"
        for n in nets
    )
    return f'<div class="social-follow"><span>{ctx.bad("Follow us")}</span>{icons}</div>'


def footer(ctx: Ctx) -> str:
    year = ctx.rng.randint(2019, 2024)
    links = ["Privacy Policy", "Terms of Use", "Contact Us", "About Us", "Careers", "Accessibility Statement"]
    lis = "".join(f'<li><a href="/{slug(x)}/">{ctx.bad(x)}</a></li>' for x in ctx.rng.sample(links, 4))
    return (
        f'<footer id="colophon" class="site-footer"><div class="footer-widgets">{social_follow(ctx)}<ul '
        'class="footer-links">'
        f"{lis}</ul></div><div "
        f'class="site-info">{ctx.bad(f"© {year} {ctx.site}. All rights reserved.")}</div></footer>'
    )


def sidebar(ctx: Ctx) -> str:
    pop = []
    for _ in range(ctx.rng.randint(3, 5)):
        hl = headline(ctx)
        pop.append(
            f'<li><a href="/{slug(hl)}/"><img '
            f'src="/wp-content/uploads/{slug(hl)[:20]}-{ctx.uid()}-150x150.jpg" '
            f'{ctx.pick(["width=150 height=150", "width=80 height=80", ""])} alt="">{ctx.bad(hl)}</a></li>'
        )
    cats = "".join(
        f'<li class="cat-item"><a href="/category/{slug(x)}/">{escape(x)}</a> ({ctx.rng.randint(2, 90)})</li>'
        for x in ctx.rng.sample(NAV, 5)
    )
    return (
        '<aside id="secondary" class="widget-area"><section class="widget widget_search"><form '
        'role="search">'
        '<input type="search" placeholder="Search '
        f'&hellip;"><button>{svg_icon(ctx)}</button></form></section>'
        '<section class="widget popular-posts"><h2 '
        f'class="widget-title">{ctx.bad("Popular Posts")}</h2><ul>{"".join(pop)}</ul></section>'
        '<section class="widget widget_categories"><h2 '
        f'class="widget-title">Categories</h2><ul>{cats}</ul></section></aside>'
    )


def spacer(ctx: Ctx) -> str:
    return ctx.pick(
        [
            '<img src="/images/spacer.gif" width="1" height="10" alt="">',
            '<img src="images/clear.gif" width="20" height="1">',
            '<img src="/img/pixel_trans.gif" width="100%" height="1" border="0">',
        ]
    )


def head(ctx: Ctx, title: str, base_href: str | None = None) -> str:
    base = f'<base href="{base_href}">' if base_href else ""
    ld = json.dumps(
        {"@context": "https://schema.org", "@type": "Article", "headline": title, "publisher": ctx.site}
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
        'content="width=device-width, initial-scale=1">'
        f'<title>{escape(title)} | {escape(ctx.site)}</title>{base}<link rel="stylesheet" '
        f'href="/static/css/main.{ctx.uid()}.css">'
        f'<script type="application/ld+json">{ld}</script><script>window.dataLayer=window.dataLayer||[];'
        f"function gtag(){{dataLayer.push(arguments)}}gtag('js',new Date());</script></head>\n"
    )


def title_text(ctx: Ctx) -> str:
    return headline(ctx)


# ---------------------------------------------------------------------------------------------------
# Article bodies shared by the templates: a mix of blocks, images placed between them.


def body_items(
    ctx: Ctx,
    para: Callable[[], str],
    figure: Callable[[], str],
    extras: list[Callable[[], str]],
    n_par: tuple[int, int] = (5, 9),
    n_fig: tuple[int, int] = (1, 4),
    interrupt: Callable[[], str] | None = None,
) -> list[str]:
    """Paragraphs with headings, extra blocks and figures interleaved; furniture breaks in between."""
    out: list[str] = []
    figs = ctx.rng.randint(*n_fig)
    extras = list(extras)
    ctx.rng.shuffle(extras)
    for i in range(ctx.rng.randint(*n_par)):
        if i and i % 3 == 0:
            out.append(heading(ctx, ctx.pick([2, 2, 3])))
        out.append(para())
        if figs and ctx.rng.random() < 0.45:
            out.append(figure())
            figs -= 1
        if extras and ctx.rng.random() < 0.4:
            out.append(extras.pop()())
        if interrupt is not None and i in (1, 4):
            out.append(interrupt())
    out.extend(e() for e in extras)
    for _ in range(figs):
        out.append(figure())
        out.append(para())
    return out


# ---------------------------------------------------------------------------------------------------
# Template families.


def tpl_wordpress(ctx: Ctx) -> str:
    """WordPress theme: entry-content, block-editor figures, classic wp-caption, Jetpack share/related."""
    title = title_text(ctx)
    modes = ["srcset_w", "srcset_w", "wprocket", "native_lazy", "plain"]

    title_h = ctx.text(title)  # the title comes first in reading order

    def fig() -> str:
        iid = ctx.rng.randint(100, 9999)
        style = ctx.rng.randrange(3)
        if style == 0:
            img = content_img(ctx, modes, cls=f"wp-image-{iid}")
            cap = (
                f'<figcaption class="wp-element-caption">{caption(ctx)[0]}</figcaption>'
                if ctx.rng.random() < 0.7
                else ""
            )
            return f'<figure class="wp-block-image size-large">{img}{cap}</figure>'
        if style == 1:
            img = content_img(ctx, modes, cls=f"size-large wp-image-{iid}")
            return (
                f'<div id="attachment_{iid}" style="width: 1034px" class="wp-caption aligncenter">{img}'
                f'<p id="caption-attachment-{iid}" class="wp-caption-text">{caption(ctx)[0]}</p></div>'
            )
        return (
            "<p><a "
            f'href="/?attachment_id={iid}">'
            f"{content_img(ctx, modes, cls=f'aligncenter size-full wp-image-{iid}')}</a></p>"
        )

    extras = [
        lambda: plain_list(ctx),
        lambda: quote(ctx, ' class="wp-block-quote"'),
        lambda: code_block(ctx),
        lambda: f'<figure class="wp-block-table">{table(ctx)}</figure>',
        lambda: references(ctx),
    ]
    parts = [f'<h1 class="entry-title">{title_h}</h1>']
    meta = (
        f'<div class="entry-meta"><span class="posted-on">Posted on <time class="entry-date published">'
        f'{ctx.rng.randint(1, 28)} May 2023</time></span><span class="byline"> by <a class="url fn n" '
        'href="/author/x/">'
        f"{escape(ctx.pick(PEOPLE))}</a></span></div>"
    )
    body = body_items(ctx, lambda: paragraph(ctx), fig, ctx.rng.sample(extras, 3))
    article = (
        f'<article id="post-{ctx.rng.randint(10, 9999)}" class="post type-post status-publish '
        'format-standard hentry">'
        f'<header class="entry-header">{parts[0]}{meta}</header><div class="entry-content">\n'
        + "\n".join(body)
        + f'\n{share_bar(ctx)}\n{related(ctx)}\n</div><footer class="entry-footer"><span '
        'class="cat-links">Posted in '
        f'<a href="/category/x/">{escape(ctx.pick(NAV))}</a></span></footer></article>{author_box(ctx)}'
    )
    return (
        head(ctx, title)
        + f'<body class="post-template-default single single-post">{cookie_banner(ctx)}<div id="page" '
        'class="site">'
        f'<header id="masthead" class="site-header"><div class="site-branding">{logo(ctx)}<p '
        'class="site-title">'
        f'<a href="/">{escape(ctx.site)}</a></p></div>{nav_menu(ctx)}</header><div id="content" '
        'class="site-content">'
        '<div id="primary" class="content-area"><main id="main" '
        f'class="site-main">{article}{comments(ctx)}</main></div>'
        f"{sidebar(ctx)}</div>{footer(ctx)}</div>{pixels(ctx)}</body></html>"
    )


def soup_cls(ctx: Ctx, n: int = 6) -> str:
    """Generated atomic class names like Medium's (two or three lowercase letters)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return " ".join(
        "".join(ctx.rng.choice(letters) for _ in range(ctx.rng.choice([2, 2, 3]))) for _ in range(n)
    )


def tpl_medium(ctx: Ctx) -> str:
    """Medium-like: <article> of <section>/<div> soup with generated classes, picture-only images."""
    title = title_text(ctx)
    pc = f"pw-post-body-paragraph {soup_cls(ctx, 10)}"

    title_h = ctx.text(title)  # the title comes first in reading order

    def para() -> str:
        return paragraph(ctx, f' id="{ctx.uid()[:4]}" class="{pc}" data-selectable-paragraph=""')

    def fig() -> str:
        cap = ""
        if ctx.rng.random() < 0.6:
            cap = (
                f'<figcaption class="{soup_cls(ctx, 8)}" '
                f'data-selectable-paragraph="">{caption(ctx)[0]}</figcaption>'
            )
        return (
            f'<figure class="{soup_cls(ctx, 9)}"><div role="button" tabindex="0" '
            f'class="{soup_cls(ctx)}"><div class="{soup_cls(ctx, 4)}">'
            f"{medium_img(ctx)}</div></div>{cap}</figure>"
        )

    extras = [
        lambda: plain_list(ctx, li_attrs=f' class="{soup_cls(ctx, 7)}"'),
        lambda: quote(ctx, f' class="{soup_cls(ctx, 5)}"'),
        lambda: (
            f'<pre class="{soup_cls(ctx, 6)}"><span class="{soup_cls(ctx, 3)}" data-code-block-mode="2" '
            f'data-code-block-lang="python">{ctx.text(code_text(ctx))}</span></pre>'
        ),
    ]
    who = ctx.pick(PEOPLE)
    avatar = (
        f'<img alt="{escape(who)}" class="l fk by ds dt cx" '
        f'src="https://miro.medium.com/v2/resize:fill:88:88/1*{ctx.uid()}.jpeg" '
        f'width="44" height="44" loading="lazy">'
    )
    bar = (
        f'<div class="{soup_cls(ctx)}"><div class="{soup_cls(ctx, 3)}"><button '
        f'data-testid="headerClapButton">{svg_icon(ctx)}</button>'
        f'<p class="{soup_cls(ctx, 3)}">{ctx.rng.randint(100, 9000)}</p></div><button '
        f'aria-label="responses">{svg_icon(ctx)}</button>'
        f'<button aria-label="Add to list">{svg_icon(ctx)}</button><button '
        f'aria-label="Listen">{svg_icon(ctx)}'
        f"<p>{ctx.bad('Listen')}</p></button><button "
        f'aria-label="Share">{svg_icon(ctx)}<p>Share</p></button></div>'
    )
    body = body_items(ctx, para, fig, ctx.rng.sample(extras, 2), n_fig=(1, 3))
    header = (
        f'<div class="{soup_cls(ctx)}"><h1 id="{ctx.uid()[:4]}" class="pw-post-title {soup_cls(ctx, 8)}" '
        'data-testid="storyTitle">'
        f'{title_h}</h1><div class="{soup_cls(ctx)}"><a href="/@{slug(who)}">{avatar}</a><div><span>'
        f'<a href="/@{slug(who)}">{escape(who)}</a></span> · <button '
        f'class="{soup_cls(ctx, 3)}">{ctx.bad("Follow")}</button>'
        f'<span data-testid="storyReadTime">{ctx.rng.randint(3, 14)} min read</span></div></div>{bar}</div>'
    )
    sections = (
        f'<section><div class="{soup_cls(ctx, 3)}"><div class="{soup_cls(ctx)}">'
        + "\n".join(body)
        + "</div></div></section>"
    )
    recs = "".join(
        f'<div class="{soup_cls(ctx)}"><a href="/{ctx.uid()}"><img alt="" '
        f'src="https://miro.medium.com/v2/resize:fill:679:388/1*{ctx.uid()}.jpeg" '
        'width="679" height="388" loading="lazy"><h2 '
        f'class="{soup_cls(ctx, 4)}">{ctx.bad(headline(ctx))}</h2></a></div>'
        for _ in range(ctx.rng.randint(2, 4))
    )
    written = (
        f'<div class="{soup_cls(ctx)}">{avatar.replace("88:88", "144:144").replace("44", "72")}<h2>'
        f"{ctx.bad('Written by ' + who)}</h2><p>{ctx.bad(f'{ctx.rng.randint(2, 90)}K Followers')}</p></div>"
    )
    top = (
        f'<div class="{soup_cls(ctx)}"><a href="/" aria-label="Homepage">{svg_icon(ctx)}</a><a '
        'href="/m/signin">'
        f'{ctx.bad("Open in app")}</a><a href="/m/signin">{ctx.bad("Sign up")}</a><a>Sign '
        f"in</a>{svg_icon(ctx)}</div>"
    )
    return (
        head(ctx, title)
        + f'<body><div id="root"><div class="{soup_cls(ctx)}">{top}<article><div class="{soup_cls(ctx, 2)}">'
        f"{header}{sections}</div></article><div "
        f'class="{soup_cls(ctx)}">{bar}{written}<h2>{ctx.bad("Recommended from Medium")}'
        f"</h2>{recs}</div></div></div>{pixels(ctx)}</body></html>"
    )


def tpl_news(ctx: Ctx) -> str:
    """News site: <article> with header/byline/time, ads, related aside mid-story, share bar, comments."""
    title = title_text(ctx)
    modes = ["picture", "picture", "srcset_w", "plain", "native_lazy"]

    title_h = ctx.text(title)  # the title comes first in reading order

    def fig() -> str:
        cap, credit = caption(ctx)
        return (
            '<figure class="article-figure"><div '
            f'class="image-wrap">{content_img(ctx, modes, alt="")}</div><figcaption>'
            f'<span class="caption-text">{cap}</span> <span '
            f'class="credit">{credit}</span></figcaption></figure>'
        )

    def interrupt() -> str:
        return ctx.pick([ad_slot, read_more, newsletter, ad_slot])(ctx)

    who = ctx.pick(PEOPLE)
    byline = (
        f'<div class="byline"><img class="byline-avatar" src="/authors/{slug(who)}.jpg" width="48" '
        'height="48" alt="">By '
        f'<a rel="author" href="/by/{slug(who)}">{escape(who)}</a> <time '
        f'datetime="2023-06-0{ctx.rng.randint(1, 9)}T08:00:00Z">'
        f"June {ctx.rng.randint(1, 9)}, 2023</time></div>"
    )
    dek = ctx.text(para_text(ctx, 1, 1))
    lead = fig()
    body = body_items(
        ctx,
        lambda: paragraph(ctx),
        fig,
        [lambda: table(ctx, ' class="data-table"'), lambda: quote(ctx)],
        n_par=(6, 10),
        n_fig=(0, 2),
        interrupt=interrupt,
    )
    aside = (
        f'<aside class="related-stories" aria-label="Related stories"><h3>{ctx.bad("Related stories")}</h3>'
        + "".join(
            f'<a class="related-card" href="/{ctx.uid()}/"><img '
            f'src="//static.{ctx.host}/thumbs/{ctx.uid()}_{ctx.pick(["160x90", "320x180"])}.jpg" '
            f'alt="">{ctx.bad(headline(ctx))}</a>'
            for _ in range(3)
        )
        + "</aside>"
    )
    k = min(len(body), ctx.rng.randint(3, 5))
    body = [*body[:k], aside, *body[k:]]
    article = (
        '<article class="story" itemscope itemtype="https://schema.org/NewsArticle"><header '
        'class="story-header">'
        f'<a class="kicker" href="/{slug(NAV[0])}/">{escape(ctx.pick(NAV))}</a><h1 '
        f'itemprop="headline">{title_h}</h1>'
        f'<p class="dek">{dek}</p>{byline}{share_bar(ctx)}</header>{lead}<div '
        'class="story-body" itemprop="articleBody">\n'
        + "\n".join(body)
        + f"\n</div>{share_bar(ctx, png=False)}</article>"
    )
    ticker = "".join(f'<li><a href="/{ctx.uid()}">{ctx.bad(headline(ctx))}</a></li>' for _ in range(3))
    return (
        head(ctx, title)
        + f'<body class="article-page">{cookie_banner(ctx)}<div class="top-ad">{ad_slot(ctx)}</div>'
        f'<header class="site-header">{logo(ctx)}{nav_menu(ctx, "site-nav")}<div '
        f'class="breaking"><span>{ctx.bad("Breaking news")}'
        f'</span><ul>{ticker}</ul></div></header><main id="main-content">{article}<section '
        'class="comments"><h2>Comments</h2>'
        f"{comments(ctx)}</section>{related(ctx, 'Most read')}</main>{footer(ctx)}{pixels(ctx)}</body></html>"
    )


def tpl_docs(ctx: Ctx) -> str:
    """Documentation site, Docusaurus or Sphinx flavour: sidebar, breadcrumbs, code, tables, edit link."""
    sphinx = ctx.rng.random() < 0.5
    title = (
        f"{ctx.pick(['Configuring', 'Migrating', 'Debugging', 'Extending'])} the "
        f"{ctx.pick(ctx.topic['noun'])}"
    )
    base_href = ctx.pick([None, "/docs/latest/", f"https://docs.{ctx.host.removeprefix('www.')}/en/stable/"])
    if base_href:
        ctx.base = urljoin(ctx.page.url, base_href)
    pages = [
        f"{ctx.pick(['Installing', 'Tuning', 'Testing', 'Scaling', 'Securing', 'Packaging'])} "
        f"{ctx.pick(['workers', 'plugins', 'the cache', 'indexes', 'schemas', 'backups'])}"
        for _ in range(8)
    ]
    pages = list(dict.fromkeys(pages))

    title_h = ctx.text(title)  # the title comes first in reading order

    def fig() -> str:
        path = (
            f"_images/{slug(ctx.pick(ctx.topic['noun']))}-{ctx.uid()}.png"
            if sphinx
            else f"assets/images/{ctx.uid()}.png"
        )
        src = path if ctx.rng.random() < 0.6 else url_form(ctx, path)
        ctx.image(src)
        if sphinx:
            cap = caption(ctx)[0]
            return (
                f'<figure class="align-default" id="id{ctx.uid()[:3]}"><img '
                f'alt="{escape(ctx.pick(ctx.topic["noun"]))}" src="{src}"'
                f'{size_attrs(ctx, 900, 500)}><figcaption><p><span class="caption-text">{cap}</span><a '
                'class="headerlink" '
                f'href="#id1" title="Link to this image">¶</a></p></figcaption></figure>'
            )
        return (
            f'<p><img loading="lazy" alt="screenshot" src="{src}"{size_attrs(ctx, 1280, 720)} '
            'class="img_ev3q"></p>'
        )

    hl = '<a class="headerlink" href="#x" title="Link to this heading">¶</a>' if sphinx else ""
    code = "pygments" if sphinx else "prism"

    def para() -> str:
        return paragraph(ctx)

    extras = [
        lambda: code_block(ctx, code),
        lambda: code_block(ctx, code),
        lambda: table(ctx, ' class="docutils align-default"'),
        lambda: changelog(ctx),
        lambda: plain_list(ctx, ordered=True),
        lambda: references(ctx),
    ]
    body = body_items(ctx, para, fig, ctx.rng.sample(extras, 4), n_par=(4, 8), n_fig=(1, 2))
    body = [b.replace("</h2>", hl + "</h2>").replace("</h3>", hl + "</h3>") for b in body]
    side = "".join(
        f'<li class="menu__list-item"><a class="menu__link" href="{slug(p)}.html">{ctx.bad(p)}</a></li>'
        for p in pages
    )
    crumbs = (
        f'<nav aria-label="Breadcrumbs" class="breadcrumbs"><ul><li><a href="/">{svg_icon(ctx)}</a></li><li>'
        f'<a href="/docs/">{ctx.bad("Guides")}</a></li><li><span>{escape(title)}</span></li></ul></nav>'
    )
    toc = "".join(
        f'<li><a href="#{ctx.uid()}" '
        f'class="table-of-contents__link">{escape(b.split(">", 1)[1].split("<", 1)[0])}</a></li>'
        for b in body
        if b.startswith("<h2")
    )
    prev_next = (
        '<nav class="pagination-nav" aria-label="Docs pages"><a class="pagination-nav__link--prev" '
        'href="a.html">'
        '<div class="pagination-nav__sublabel">Previous</div><div '
        f'class="pagination-nav__label">{escape(pages[0])}</div></a>'
        '<a class="pagination-nav__link--next" href="b.html"><div '
        'class="pagination-nav__sublabel">Next</div>'
        f'<div class="pagination-nav__label">{escape(pages[-1])}</div></a></nav>'
    )
    edit = (
        '<div class="theme-doc-footer-edit-meta-row"><a '
        f'href="https://github.com/{slug(ctx.site)}/docs/edit/main/docs/{slug(title)}.md" '
        'target="_blank" rel="noopener noreferrer" '
        f'class="theme-edit-this-page">{svg_icon(ctx)}{ctx.bad("Edit this page")}</a>'
        f'<span class="theme-last-updated">{ctx.bad("Last updated on")} <b>{ctx.rng.randint(1, 28)} Aug '
        "2023</b></span></div>"
    )
    helpful = (
        "<div "
        f'class="feedback"><span>{ctx.bad("Was this page helpful?")}</span><button>Yes</button><button>No<'
        "/button></div>"
    )
    h1 = f"<h1>{title_h}{hl}</h1>"
    article = (
        f'<article><div class="theme-doc-markdown markdown">{h1}\n'
        + "\n".join(body)
        + f"</div>{helpful}{edit}</article>{prev_next}"
    )
    nav = (
        f'<nav class="navbar navbar--fixed-top">{logo(ctx)}<a class="navbar__item" '
        'href="/docs/">Docs</a><a class="navbar__item" href="/blog/">'
        f'{ctx.bad("Blog")}</a><a class="navbar__item" href="/community/">{ctx.bad("Community")}</a><div '
        'class="navbar__search">'
        f'<input placeholder="Search docs" aria-label="Search">{svg_icon(ctx)}</div></nav>'
    )
    foot = (
        '<footer class="footer"><div '
        'class="footer__copyright">'
        f"{ctx.bad(f'Copyright © {ctx.rng.randint(2018, 2024)} {ctx.site} contributors.')}"
        f" {ctx.bad('Built with Docusaurus.')}</div></footer>"
    )
    return (
        head(ctx, title, base_href)
        + f'<body class="docs-wrapper">{nav}<div class="main-wrapper docs-doc-page"><aside '
        'class="theme-doc-sidebar-container">'
        '<nav aria-label="Docs sidebar" class="menu thin-scrollbar"><ul class="theme-doc-sidebar-menu '
        f'menu__list">{side}</ul></nav></aside>'
        '<main class="docMainContainer"><div class="container"><div class="row"><div class="col '
        f'docItemCol">{crumbs}{article}</div>'
        '<div class="col col--3"><div '
        f'class="tableOfContents"><span>{ctx.bad("On this page")}</span><ul>{toc}</ul></div></div>'
        f"</div></div></main></div>{foot}</body></html>"
    )


def tpl_gallery(ctx: Ctx) -> str:
    """Photo blog: lazysizes/data-original/picture images, WordPress galleries, <noscript> fallbacks."""
    title = title_text(ctx)
    base_href = ctx.pick([None, None, f"https://{ctx.host}/"])
    if base_href:
        ctx.base = base_href
    modes = ["lazysizes", "lazysizes", "data_original", "picture", "wprocket", "srcset_x"]

    title_h = ctx.text(title)  # the title comes first in reading order

    def fig() -> str:
        if ctx.rng.random() < 0.4:
            items = []
            for _ in range(ctx.rng.randint(2, 4)):
                img = content_img(ctx, modes, alt="")
                cap = (
                    f'<figcaption class="wp-caption-text gallery-caption">{caption(ctx)[0]}</figcaption>'
                    if ctx.rng.random() < 0.5
                    else ""
                )
                items.append(
                    '<figure class="gallery-item"><div class="gallery-icon landscape"><a '
                    f'href="#">{img}</a></div>{cap}</figure>'
                )
            return (
                f'<div id="gallery-{ctx.uid()[:2]}" class="gallery galleryid-{ctx.rng.randint(10, 999)} '
                f'gallery-columns-3">{"".join(items)}</div>'
            )
        cap = f"<figcaption>{caption(ctx)[0]}</figcaption>" if ctx.rng.random() < 0.5 else ""
        return f'<figure class="photo">{content_img(ctx, modes, alt=sentence(ctx)[:40])}{cap}</figure>'

    body = body_items(
        ctx,
        lambda: paragraph(ctx),
        fig,
        [lambda: plain_list(ctx), lambda: quote(ctx)],
        n_par=(4, 7),
        n_fig=(2, 4),
    )
    insta = "".join(
        f'<a href="https://instagram.com/p/{ctx.uid()}"><img '
        f'src="https://scontent.cdninstagram.com/v/t51/{ctx.uid()}_n.jpg" '
        f'width="150" height="150" alt=""></a>'
        for _ in range(4)
    )
    return (
        head(ctx, title, base_href)
        + f'<body class="blog">{cookie_banner(ctx)}<header>{logo(ctx)}{nav_menu(ctx)}</header>'
        f'<div class="wrap"><main><article class="post"><h1 class="post-title">{title_h}</h1><div '
        'class="post-meta">'
        f"{ctx.rng.randint(1, 28)} April 2022 · {ctx.rng.randint(2, 40)} comments</div><div "
        'class="post-content">\n'
        + "\n".join(body)
        + f"\n</div>{share_bar(ctx, png=True)}{author_box(ctx)}</article>{related(ctx)}{comments(ctx)}</ma"
        f"in>{sidebar(ctx)}"
        "<div "
        f'class="instagram-feed"><h3>{ctx.bad("Follow me on Instagram")}</h3>{insta}</div></div>'
        f"{footer(ctx)}{pixels(ctx)}</body></html>"
    )


def tpl_qa(ctx: Ctx) -> str:
    """Stack Exchange-like Q&A: question and answers are content; user cards, votes, sidebars are not."""
    title = (
        f"How do I {ctx.pick(VERBS_BASE)} the {ctx.pick(ctx.topic['noun'])} without breaking the "
        f"{ctx.pick(ctx.topic['noun'])}?"
    )

    title_h = ctx.text(title)  # the title comes first in reading order

    def post_body() -> str:
        parts = [paragraph(ctx)]
        if ctx.rng.random() < 0.6:
            parts.append(code_block(ctx, "qa"))
        if ctx.rng.random() < 0.4:
            src = f"https://i.stack.imgur.com/{ctx.uid()[:7]}.png"
            ctx.image(src)
            parts.append(
                f'<p><a href="{src}" rel="nofollow noreferrer"><img src="{src}" alt="enter image '
                'description here"></a></p>'
            )
        if ctx.rng.random() < 0.4:
            parts.append(plain_list(ctx))
        parts.append(paragraph(ctx))
        return "\n".join(parts)

    def card(verb: str) -> str:
        who = ctx.pick(PEOPLE)
        h = hashlib.md5((who + ctx.uid()).encode()).hexdigest()
        return (
            f'<div class="post-signature"><div class="user-info"><div class="user-action-time">{verb} '
            '<span class="relativetime">'
            f"Mar {ctx.rng.randint(1, 28)}, 2021 at "
            f"{ctx.rng.randint(1, 23)}:{ctx.rng.randint(10, 59)}</span></div>"
            f'<div class="user-gravatar32"><a href="/users/{ctx.rng.randint(1000, 99999)}"><img '
            f'src="https://www.gravatar.com/avatar/{h}?s=64&amp;d=identicon&amp;r=PG" '
            f'alt="{escape(who)}\'s user avatar" width="32" height="32" class="bar-sm"></a></div><div '
            'class="user-details">'
            f'<a href="/users/1">{escape(who)}</a><div class="-flair"><span '
            f'class="reputation-score">{ctx.rng.randint(1, 90)},{ctx.rng.randint(100, 999)}</span>'
            f"</div></div></div></div>"
        )

    def menu(kind: str) -> str:
        return (
            '<div class="js-post-menu"><a href="#" class="js-share-link">Share</a><a '
            'href="/posts/1/edit" class="js-suggest-edit-post">'
            f'{ctx.bad(f"Improve this {kind}")}</a><button class="js-follow-post">Follow</button></div>'
        )

    def votes() -> str:
        return (
            f'<div class="js-voting-container"><button aria-label="Up vote">{svg_icon(ctx)}</button><div '
            'class="js-vote-count">'
            f'{ctx.rng.randint(-2, 300)}</div><button aria-label="Down vote">{svg_icon(ctx)}</button></div>'
        )

    q = (
        f'<div id="question" class="question js-question"><div class="post-layout">{votes()}<div '
        'class="postcell post-layout--right">'
        f'<div class="s-prose js-post-body" itemprop="text">{post_body()}</div><div '
        'class="post-taglist"><ul class="ml0 list-ls-none js-post-tag-list-wrapper">'
        + "".join(
            f'<li><a href="/questions/tagged/{slug(t)}" class="post-tag">{escape(slug(t))}</a></li>'
            for t in ctx.rng.sample(ctx.topic["noun"], 3)
        )
        + f'</ul></div>{menu("question")}{card("asked")}</div></div><a class="js-add-link" '
        f'href="#">{ctx.bad("Add a comment")}</a></div>'
    )
    answers = []
    for k in range(ctx.rng.randint(1, 3)):
        acc = " accepted-answer" if k == 0 and ctx.rng.random() < 0.6 else ""
        answers.append(
            f'<div id="answer-{ctx.rng.randint(10**6, 10**7)}" class="answer js-answer{acc}"><div '
            f'class="post-layout">{votes()}'
            '<div class="answercell post-layout--right"><div class="s-prose js-post-body" '
            f'itemprop="text">{post_body()}</div>'
            f"{menu('answer')}{card('answered')}</div></div></div>"
        )
    side = "".join(
        f'<div class="spacer"><a href="/q/{ctx.rng.randint(1000, 99999)}" '
        f'class="question-hyperlink">{ctx.bad(headline(ctx))}</a></div>'
        for _ in range(4)
    )
    hot = "".join(
        f'<li><a href="https://{ctx.uid()}.stackexchange.com/q/1">{ctx.bad(headline(ctx))}</a></li>'
        for _ in range(3)
    )
    main = (
        '<div id="question-header"><h1 itemprop="name"><a href="/questions/1" '
        f'class="question-hyperlink">{title_h}</a></h1>'
        f'<a href="/questions/ask" class="s-btn">{ctx.bad("Ask Question")}</a></div>{q}<div '
        'id="answers"><div id="answers-header">'
        f"<h2>{len(answers)} Answers</h2><label>Sorted "
        f"by:</label><select><option>{ctx.bad('Highest score (default)')}</option></select></div>"
        + "".join(answers)
        + f"<h2>{ctx.bad('Your Answer')}</h2><textarea></textarea><p>"
        f"{ctx.bad('By clicking Post Your Answer, you agree to our terms of service.')}</p></div>"
    )
    return (
        head(ctx, title)
        + f'<body class="question-page">{cookie_banner(ctx)}<header class="s-topbar">{logo(ctx)}<ol '
        'class="s-navigation">'
        f'<li><a href="/questions">{ctx.bad("Questions")}</a></li><li><a href="/tags">Tags</a></li><li><a '
        'href="/users">Users</a></li>'
        '</ol></header><div class="container"><div id="left-sidebar"><nav><ol><li><a '
        'href="/">Home</a></li><li>'
        f'<a href="/questions">{ctx.bad("Unanswered")}</a></li></ol></nav></div><div id="content"><div '
        f'id="mainbar" role="main">{main}</div>'
        '<div id="sidebar"><div class="module '
        f'sidebar-related"><h4>{ctx.bad("Related")}</h4>{side}</div><div id="hot-network-questions">'
        f"<h4>{ctx.bad('Hot Network Questions')}</h4><ul>{hot}</ul></div></div></div></div>{footer(ctx)}"
        f"{pixels(ctx)}</body></html>"
    )


def tpl_forum(ctx: Ctx) -> str:
    """Discourse/phpBB-like thread: each post's body is content; avatars, signatures, likes are not."""
    title = (
        f"{ctx.pick(['Help with', 'Thoughts on', 'Problem with', 'Finally fixed'])} my "
        f"{ctx.pick(ctx.topic['adj'])} {ctx.pick(ctx.topic['noun'])}"
    )

    title_h = ctx.text(title)  # the title comes first in reading order

    def post(first: bool) -> str:
        who = ctx.pick(PEOPLE)
        parts = [paragraph(ctx) for _ in range(ctx.rng.randint(1, 3))]
        if ctx.rng.random() < 0.35:
            src = f"/uploads/default/original/2X/{ctx.uid()[0]}/{ctx.uid()}{ctx.uid()}.jpeg"
            opt = f"/uploads/default/optimized/2X/{ctx.uid()[0]}/{ctx.uid()}_2_690x388.jpeg"
            ctx.image(src)
            parts.insert(
                1,
                f'<div class="lightbox-wrapper"><a class="lightbox" href="{src}" '
                f'data-download-href="/uploads/x" title="IMG_{ctx.rng.randint(1000, 9999)}">'
                f'<img src="{opt}" alt="IMG_{ctx.rng.randint(1000, 9999)}" width="690" height="388" '
                f'srcset="{opt}, {src} 1.5x, {src} 2x">'
                f'<div class="meta">{svg_icon(ctx)}<span '
                f'class="filename">IMG_{ctx.rng.randint(1000, 9999)}</span><span class="informations">'
                f"1920×1080 {ctx.rng.randint(100, 900)} KB</span></div></a></div>",
            )
        if ctx.rng.random() < 0.3:
            parts.append(quote(ctx))
        sig = ""
        if ctx.rng.random() < 0.5:
            gear = ctx.pick(ctx.topic["noun"])
            line = (
                f"Running {gear} v{ctx.rng.randint(2, 9)} since {ctx.rng.randint(2008, 2020)}. Sent from "
                "my phone."
            )
            sig = f'<div class="signature"><p>{ctx.bad(line)}</p></div>'
        h = hashlib.md5((who + ctx.uid()).encode()).hexdigest()
        return (
            f'<article class="boxed onscreen-post" id="post_{ctx.rng.randint(1, 99)}"><div '
            'class="row"><div class="topic-avatar">'
            '<a class="trigger-user-card"><img alt="" width="45" height="45" '
            f'src="/user_avatar/forum/{slug(who)}/90/{h[:6]}_2.png" class="avatar"></a></div>'
            '<div class="topic-body"><div class="topic-meta-data"><span class="username"><a '
            f'href="/u/{slug(who)}">{escape(who)}</a></span>'
            f'<span class="post-date">Nov {ctx.rng.randint(1, 28)}</span></div><div class="regular '
            'contents"><div class="cooked">\n'
            + "\n".join(parts)
            + f'\n</div>{sig}<section class="post-menu-area"><button class="like">{svg_icon(ctx)}'
            f"<span>{ctx.rng.randint(1, 30)}</span></button><button "
            f'class="reply">{ctx.bad("Reply")}</button></section></div></div></div></article>'
        )

    posts = [post(i == 0) for i in range(ctx.rng.randint(3, 5))]
    sugg = "".join(
        '<tr><td><a class="title" '
        f'href="/t/{ctx.uid()}">{ctx.bad(headline(ctx))}</a></td><td>{ctx.rng.randint(1, 40)}</td></tr>'
        for _ in range(3)
    )
    return (
        head(ctx, title) + f'<body>{cookie_banner(ctx)}<header class="d-header">{logo(ctx)}<div '
        f'class="panel"><a>{ctx.bad("Log In")}</a>'
        f'{svg_icon(ctx)}</div></header><div id="main-outlet"><div id="topic-title"><h1><a '
        f'href="/t/{slug(title)}">{title_h}</a></h1>'
        f'<div class="topic-category"><span>{escape(ctx.pick(NAV))}</span></div></div><div '
        'class="post-stream">' + "".join(posts) + "</div><div "
        f'class="more-topics"><h3>{ctx.bad("Suggested Topics")}</h3><table>{sugg}</table></div></div>'
        f"{footer(ctx)}{pixels(ctx)}</body></html>"
    )


def br_paragraphs(ctx: Ctx, n: int) -> str:
    """Paragraphs as text runs separated by <br><br>, the way old CMSes and hand-written pages do it."""
    runs = []
    for _ in range(n):
        t = para_text(ctx)
        ctx.text(t)
        runs.append(inline(ctx, t))
    return "<br><br>\n".join(runs)


def div_para(ctx: Ctx) -> str:
    t = para_text(ctx)
    ctx.text(t)
    return f'<div class="para">{inline(ctx, t)}</div>'


def tpl_divsoup(ctx: Ctx) -> str:
    """Text in plain <div>s and <br>-separated runs, sometimes inside a layout table; spacer GIFs."""
    title = title_text(ctx)
    base_href = ctx.pick([None, f"https://{ctx.host}/archive/"])
    if base_href:
        ctx.base = base_href
    layout = ctx.rng.random() < 0.5

    title_h = ctx.text(title)  # the title comes first in reading order

    def img() -> str:
        path = f"images/{slug(ctx.pick(ctx.topic['noun']))}_{ctx.uid()}.jpg"
        src = ctx.pick([path, path, f"/{path}", f"https://{ctx.host}/{path}"])
        ctx.image(src)
        cap = f'<div class="caption"><i>{ctx.text(sentence(ctx))}</i></div>' if ctx.rng.random() < 0.5 else ""
        return f'<center><img src="{src}" border="0"{size_attrs(ctx, 480, 320)}></center>{cap}'

    blocks: list[str] = []
    for i in range(ctx.rng.randint(3, 5)):
        if i:
            blocks.append(
                ctx.pick(
                    [
                        '<div class="subhead"><b>{}</b></div>',
                        "<b>{}</b><br>",
                        '<font size="3"><b>{}</b></font><br>',
                    ]
                ).format(
                    ctx.text(f"{ctx.pick(['Part', 'Day', 'Step'])} {i}: the {ctx.pick(ctx.topic['noun'])}")
                )
            )
        if ctx.rng.random() < 0.5:
            blocks.append(f'<div class="text">{br_paragraphs(ctx, ctx.rng.randint(1, 3))}</div>')
        else:
            blocks.extend(div_para(ctx) for _ in range(ctx.rng.randint(1, 2)))
        if ctx.rng.random() < 0.5:
            blocks.append(img())
        if ctx.rng.random() < 0.25:
            items = []
            for _ in range(ctx.rng.randint(3, 5)):
                items.append("&bull; " + ctx.text(sentence(ctx).rstrip(".")))
            blocks.append('<div class="list">' + "<br>\n".join(items) + "</div>")
        blocks.append(spacer(ctx) if layout else "")
    if not ctx.page.images:
        blocks.append(img())
    content = (
        f'<div class="headline"><font size="5"><b>{title_h}</b></font></div>{spacer(ctx)}\n'
        + "\n".join(blocks)
    )
    links = "".join(
        f'<a href="/{slug(x)}.html">{ctx.bad(x)}</a><br>{spacer(ctx)}<br>' for x in ctx.rng.sample(NAV, 6)
    )
    counter = f'<img src="/cgi-bin/counter.cgi?page={ctx.uid()}" alt="visitor counter">'
    if layout:
        page = (
            '<table width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td '
            f'colspan="2">{logo(ctx)}</td></tr><tr>'
            f'<td width="180" valign="top" class="leftnav" bgcolor="#eeeeee">{links}</td><td valign="top">'
            f'<font face="Verdana, Arial" size="2">{content}</font></td></tr><tr><td colspan="2" '
            'align="center">'
            f"{footer(ctx)}{counter}</td></tr></table>"
        )
    else:
        page = (
            f'<div id="wrapper"><div id="top">{logo(ctx)}</div><div id="menu">{links}</div><div '
            f'id="content">{content}'
            f"{related(ctx, thumbs=ctx.rng.random() < 0.5)}</div><div "
            f'id="bottom">{footer(ctx)}{counter}</div></div>'
        )
    return (
        head(ctx, title, base_href) + "<body "
        f'bgcolor="#ffffff">{cookie_banner(ctx) if not layout else ""}{page}{pixels(ctx)}</body></html>'
    )


# ---------------------------------------------------------------------------------------------------
# Systems the first families do not cover (``--kinds``): each written after the real system's markup.


def _story(ctx: Ctx, para: Callable[[], str], fig: Callable[[], str], n_par: tuple[int, int] = (4, 7)) -> str:
    """Paragraphs with a heading every third one and figures in between, as one markup string."""
    return "\n".join(body_items(ctx, para, fig, [lambda: plain_list(ctx)], n_par=n_par, n_fig=(1, 2)))


def _count(ctx: Ctx) -> str:
    return f"{ctx.rng.randint(2, 900)}"


def tpl_ghost(ctx: Ctx) -> str:
    """Ghost (Casper/Source themes): gh-article with a feature image, kg-card figures, members CTA."""
    title = title_text(ctx)
    title_h = ctx.text(title)

    def fig() -> str:
        img = content_img(ctx, ["srcset_w", "native_lazy", "plain"], cls="kg-image")
        cap = f"<figcaption><span>{caption(ctx)[0]}</span></figcaption>" if ctx.rng.random() < 0.6 else ""
        width = ctx.pick(["", " kg-width-wide", " kg-card-hascaption"])
        return f'<figure class="kg-card kg-image-card{width}">{img}{cap}</figure>'

    def callout() -> str:
        return (
            '<div class="kg-card kg-callout-card kg-callout-card-grey"><div class="kg-callout-emoji">💡</div>'
            f'<div class="kg-callout-text">{ctx.text(sentence(ctx))}</div></div>'
        )

    feature = content_img(ctx, ["srcset_w", "plain"])
    body = body_items(ctx, lambda: paragraph(ctx), fig, [callout, lambda: quote(ctx)], n_fig=(1, 2))
    excerpt = f'<p class="gh-article-excerpt">{escape(sentence(ctx))}</p>'
    cta = (
        '<section class="gh-cta"><h4 class="gh-cta-title">'
        f"{ctx.bad(f'Sign up for {ctx.site}')}</h4><p>"
        f"{ctx.bad('Subscribe to get the latest posts delivered right to your inbox.')}</p>"
        '<a class="gh-btn" href="#/portal/signup" data-portal="signup">Subscribe</a></section>'
    )
    read_next = "".join(
        f'<article class="gh-card post"><a class="gh-card-link" href="/{ctx.uid()}/"><figure '
        f'class="gh-card-image"><img src="/content/images/size/w600/2023/05/{ctx.uid()}.jpg" '
        f'alt=""></figure><h3 class="gh-card-title">{ctx.bad(headline(ctx))}</h3></a></article>'
        for _ in range(3)
    )
    return (
        head(ctx, title) + '<body class="post-template"><div class="gh-viewport"><header id="gh-head" '
        f'class="gh-head outer"><div class="gh-head-inner inner"><div class="gh-head-brand">{logo(ctx)}</div>'
        f'{nav_menu(ctx, "gh-head-menu")}<div class="gh-head-actions"><a href="#/portal/signin" '
        f'data-portal="signin">{ctx.bad("Sign in")}</a></div></div></header><main id="site-main" '
        'class="site-main"><article class="article post featured"><header class="article-header '
        f'gh-canvas"><div class="article-tag post-card-tags"><a href="/tag/x/">{escape(ctx.pick(NAV))}</a>'
        f'</div><h1 class="article-title">{title_h}</h1>{excerpt}<div class="article-byline"><div '
        f'class="article-byline-meta"><h4 class="author-name"><a href="/author/x/">{escape(ctx.pick(PEOPLE))}'
        f'</a></h4><time class="byline-meta-date">May {ctx.rng.randint(1, 28)}, 2023</time><span '
        f'class="byline-reading-time">{ctx.rng.randint(3, 9)} min read</span></div></div><figure '
        f'class="article-image">{feature}</figure></header><section class="gh-content gh-canvas">\n'
        + "\n".join(body)
        + f'\n</section>{cta}</article></main><aside class="read-more-wrap outer"><div '
        f'class="read-more inner"><h2>{ctx.bad("Read next")}</h2>{read_next}</div></aside>'
        f'<footer class="site-footer outer"><div class="inner"><section class="copyright">'
        f'{ctx.bad(f"{ctx.site} © 2024")}</section><div class="gh-powered-by">{ctx.bad("Powered by Ghost")}'
        f"</div></div></footer></div>{pixels(ctx)}</body></html>"
    )


def _substack_img(ctx: Ctx) -> str:
    """Substack's captioned image: substackcdn fetch URLs (with commas) in webp and plain srcsets."""
    key = f"https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2F{ctx.uid()}_1456x816.png"

    def url(w: int, fmt: str) -> str:
        return f"https://substackcdn.com/image/fetch/w_{w},c_limit,f_{fmt},q_auto:good,fl_progressive:steep/{key}"

    webp = ", ".join(f"{url(w, 'webp')} {w}w" for w in (424, 848, 1272, 1456))
    auto = ", ".join(f"{url(w, 'auto')} {w}w" for w in (424, 848, 1272, 1456))
    ctx.image(url(1456, "webp"))
    cap = (
        f'<figcaption class="image-caption">{caption(ctx)[0]}</figcaption>' if ctx.rng.random() < 0.6 else ""
    )
    return (
        f'<div class="captioned-image-container"><figure><a class="image-link image2 is-viewable-img" '
        f'target="_blank" href="{url(1456, "auto")}"><div class="image2-inset"><picture><source '
        f'type="image/webp" srcset="{webp}" sizes="100vw"><img src="{url(1456, "auto")}" srcset="{auto}" '
        'width="1456" height="816" class="sizing-normal" alt="" loading="lazy"></picture><div '
        f'class="image-link-expand">{svg_icon(ctx)}</div></div></a>{cap}</figure></div>'
    )


def tpl_substack(ctx: Ctx) -> str:
    """Substack post: body markup with captioned images, subscribe widgets, footnotes, like/restack bar."""
    title = title_text(ctx)
    title_h = ctx.text(title)
    pub = ctx.site

    thanks = f"Thanks for reading {pub}! Subscribe for free to receive new posts and support my work."

    def subscribe() -> str:
        return (
            '<div class="subscription-widget-wrap-editor"><div class="subscription-widget show-subscribe">'
            '<div class="preamble"><p class="cta-caption">'
            f"{ctx.bad(thanks)}"
            '</p></div><form class="subscription-widget-subscribe"><input type="email" class="email-input" '
            'placeholder="Type your email…"><input type="submit" class="button primary" value="Subscribe">'
            "</form></div></div>"
        )

    def share_btn() -> str:
        return (
            '<p class="button-wrapper" data-attrs="{}"><a class="button primary" href="?utm_source=substack'
            f'&amp;utm_medium=email&amp;action=share"><span>{ctx.bad(f"Share {pub}")}</span></a></p>'
        )

    body = body_items(ctx, lambda: paragraph(ctx), lambda: _substack_img(ctx), [], interrupt=subscribe)
    body.insert(len(body) // 2, share_btn())
    foot_text = sentence(ctx)
    body[-1] = body[-1].replace(
        "</p>", '<a class="footnote-anchor" id="footnote-anchor-1" href="#footnote-1">1</a></p>'
    )
    notes = (
        '<div class="footnote"><a id="footnote-1" href="#footnote-anchor-1" class="footnote-number" '
        f'contenteditable="false">1</a><div class="footnote-content"><p>{ctx.text(foot_text)}</p></div></div>'
    )
    who = ctx.pick(PEOPLE)
    likes = (
        '<div class="post-ufi"><a role="button" class="post-ufi-button like-button"><svg '
        'class="lucide-heart"></svg><div class="label">'
        f'{_count(ctx)}</div></a><a role="button" class="post-ufi-button post-ufi-comment-button"><div '
        f'class="label">{_count(ctx)}</div></a><a role="button" class="post-ufi-button restack-button">'
        f'<div class="label">{ctx.bad("Restack")}</div></a></div>'
    )
    comments_html = "".join(
        '<div class="comment"><div class="comment-content"><div '
        f'class="comment-meta"><a>{escape(ctx.pick(PEOPLE))}'
        f'</a></div><div class="comment-body"><p>{ctx.bad(comment(ctx))}</p></div></div></div>'
        for _ in range(ctx.rng.randint(1, 3))
    )
    return (
        head(ctx, title) + '<body><div id="entry"><div id="main" class="main typography use-theme-bg">'
        f'<div class="topbar"><a class="navbar-title-link" href="/">{escape(pub)}</a><a class="button '
        f'primary" href="/subscribe">{ctx.bad("Subscribe")}</a><a href="/sign-in">Sign in</a></div>'
        '<div class="container"><div class="single-post-container"><div class="single-post"><article '
        'class="typography newsletter-post post"><div class="post-header"><h1 class="post-title '
        f'published">{title_h}</h1><h3 class="subtitle">{escape(sentence(ctx))}</h3><div class="post-meta">'
        f'<div class="profile-hover-card-target"><a href="/profile/x">{escape(who)}</a></div><div '
        f'class="pencraft">Mar {ctx.rng.randint(1, 28)}, 2024</div></div>{likes}</div><div '
        'class="available-content"><div dir="auto" class="body markup">\n'
        + "\n".join(body)
        + f'\n<div class="footnotes">{notes}</div>\n</div></div>{subscribe()}{likes}'
        f'<div class="post-footer"><div class="comments-section"><h4>{ctx.bad("Discussion about this post")}'
        f"</h4>{comments_html}</div></div></article></div></div></div>"
        f'<div class="footer-wrap"><div class="footer">{ctx.bad(f"© 2024 {who}")} · <a '
        f'href="/privacy">Privacy</a> · <a href="https://substack.com/tos">Terms</a> · '
        f"{ctx.bad('Start Writing')} · {ctx.bad('Get the app')}</div></div></div></div>{pixels(ctx)}</body>"
        "</html>"
    )


def tpl_blogger(ctx: Ctx) -> str:
    """Blogger/Blogspot: post-body of <div>s and <br>s, separator images, tr-caption tables, share row."""
    title = title_text(ctx)
    title_h = ctx.text(title)

    def img() -> str:
        key = f"AVvXsE{ctx.uid()}{ctx.uid()}"
        name = f"{slug(ctx.pick(ctx.topic['noun']))}.jpg"
        big = f"https://blogger.googleusercontent.com/img/b/R29vZ2xl/{key}/s1600/{name}"
        small = big.replace("/s1600/", f"/s{ctx.pick(['320', '400', '640'])}/")
        ctx.image(small)
        tag = (
            f'<a href="{big}" style="margin-left: 1em; margin-right: 1em;"><img border="0" '
            f'data-original-height="1200" data-original-width="1600" height="240" src="{small}" '
            'width="320"></a>'
        )
        if ctx.rng.random() < 0.5:
            return f'<div class="separator" style="clear: both; text-align: center;">{tag}</div>'
        return (
            '<table align="center" cellpadding="0" cellspacing="0" class="tr-caption-container" '
            f'style="margin-left: auto; margin-right: auto;"><tbody><tr><td style="text-align: center;">{tag}'
            f'</td></tr><tr><td class="tr-caption" style="text-align: center;">{ctx.text(sentence(ctx))}'
            "</td></tr></tbody></table>"
        )

    def para() -> str:
        t = para_text(ctx)
        ctx.text(t)
        return ctx.pick(["<div>{}</div><div><br></div>", "{}<br><br>", "<p>{}</p>"]).format(inline(ctx, t))

    body = body_items(ctx, para, img, [], n_fig=(1, 3))
    shares = "".join(
        f'<a class="goog-inline-block share-button sb-{n}" href="https://www.blogger.com/share-post.g?'
        f'blogID=1&amp;target={n}" target="_blank" title="{label}"><span class="share-button-link-text">'
        f"{ctx.bad(label)}</span></a>"
        for n, label in [
            ("email", "Email This"),
            ("blog", "BlogThis!"),
            ("twitter", "Share to X"),
            ("facebook", "Share to Facebook"),
            ("pinterest", "Share to Pinterest"),
        ]
    )
    labels = ", ".join(
        f'<a href="/search/label/{slug(x)}" rel="tag">{escape(x)}</a>' for x in ctx.rng.sample(NAV, 3)
    )
    archive = "".join(
        f'<li class="archivedate collapsed"><a class="toggle" href="javascript:void(0)">'
        f'<span class="zippy">►&nbsp;</span></a><a class="post-count-link" href="/{y}/">{y}</a> '
        f'<span class="post-count" dir="ltr">({ctx.rng.randint(2, 40)})</span></li>'
        for y in range(2024, 2018, -1)
    )
    who = ctx.pick(PEOPLE)
    bio = f"I write about {ctx.pick(ctx.topic['noun'])}s and everything around them, mostly on weekends."
    return (
        head(ctx, title) + '<body class="loading variant-simplysimple"><div class="navbar no-items section" '
        'id="navbar"></div><div class="outer-wrapper"><header><div class="header section" id="header"><div '
        'class="widget Header" id="Header1"><div id="header-inner"><div class="titlewrapper"><h1 '
        'class="title">'
        f'<a href="/">{escape(ctx.site)}</a></h1></div><div class="descriptionwrapper"><p class="descriptio'
        'n">'
        f"<span>{ctx.bad('Notes from the shed and the road')}</span></p></div></div></div></div></header>"
        '<div class="main-outer"><div class="main section" id="main"><div class="widget Blog" id="Blog1">'
        '<div class="blog-posts hfeed"><div class="date-outer"><h2 class="date-header"><span>'
        f"{ctx.pick(['Tuesday', 'Sunday'])}, March {ctx.rng.randint(1, 28)}, 2023</span></h2><div "
        'class="date-posts">'
        '<div class="post-outer"><div class="post hentry uncustomized-post-template" itemprop="blogPost" '
        'itemscope itemtype="http://schema.org/BlogPosting"><a name="123"></a><h3 class="post-title '
        f'entry-title" itemprop="name">{title_h}</h3><div class="post-header"><div '
        'class="post-header-line-1"></div></div><div class="post-body entry-content" id="post-body-1" '
        'itemprop="description articleBody">\n'
        + "\n".join(body)
        + '\n<div style="clear: both;"></div></div><div class="post-footer"><div class="post-footer-line '
        f'post-footer-line-1"><span class="post-author vcard">Posted by <span class="fn">{escape(who)}</span>'
        '</span> <span class="post-timestamp">at <a class="timestamp-link" href="#"><abbr class="published">'
        f"{ctx.rng.randint(1, 12)}:{ctx.rng.randint(10, 59)} PM</abbr></a></span> <span "
        f'class="post-comment-link"><a class="comment-link" href="#comments">{ctx.bad("No comments:")}</a>'
        f'</span><div class="post-share-buttons goog-inline-block">{shares}</div></div><div '
        f'class="post-footer-line post-footer-line-2"><span class="post-labels">Labels: {labels}</span></div>'
        '</div></div><div class="comments" id="comments"><a name="comments"></a><h4>'
        f'{ctx.bad("No comments:")}</h4><div id="comment-holder"></div><p class="comment-footer"><a '
        f'href="https://www.blogger.com/comment/fullpage/post/1/2">{ctx.bad("Post a Comment")}</a></p></div>'
        '</div></div></div></div><div class="blog-pager" id="blog-pager"><span id="blog-pager-newer-link">'
        f'<a class="blog-pager-newer-link" href="/newer.html">{ctx.bad("Newer Post")}</a></span><span '
        'id="blog-pager-older-link"><a class="blog-pager-older-link" '
        f'href="/older.html">{ctx.bad("Older Post")}'
        '</a></span><a class="home-link" href="/">Home</a></div><div class="clear"></div><div '
        f'class="post-feeds"><div class="feed-links">{ctx.bad("Subscribe to:")} <a class="feed-link" '
        f'href="/feeds/1/comments/default" type="application/atom+xml">{ctx.bad("Post Comments (Atom)")}</a>'
        '</div></div></div></div></div><div class="sidebar section" id="sidebar-right-1"><div class="widget '
        f'Profile" id="Profile1"><h2>{ctx.bad("About Me")}</h2><div class="widget-content"><a '
        f'href="https://www.blogger.com/profile/1"><img class="profile-img" height="80" width="60" '
        f'src="//blogger.googleusercontent.com/img/b/profile/{ctx.uid()}.jpg" alt="My photo"></a><dl '
        f'class="profile-datablock"><dt class="profile-data">{escape(who)}</dt><dd class="profile-textblock">'
        f'{ctx.bad(bio)}</dd></dl><a class="profile-link" href="#">{ctx.bad("View my complete profile")}</a>'
        f'</div></div><div class="widget BlogArchive" id="BlogArchive1"><h2>{ctx.bad("Blog Archive")}</h2>'
        f'<div class="widget-content"><div id="ArchiveList"><ul class="hierarchy">{archive}</ul></div></div>'
        f'</div></div><footer><div class="widget Attribution" id="Attribution1"><div class="widget-content">'
        f"{ctx.bad('Simple theme. Powered by Blogger.')}</div></div></footer></div>{pixels(ctx)}</body></ht"
        "ml>"
    )


def _wiki_file(ctx: Ctx, width: int) -> tuple[str, str]:
    """(img markup, 2x URL) for an upload.wikimedia.org thumbnail with 1.5x/2x srcset."""
    name = f"{slug(ctx.pick(ctx.topic['noun'])).title()}_{ctx.uid()[:4]}.jpg"
    h = hashlib.md5(name.encode()).hexdigest()
    stem = f"//upload.wikimedia.org/wikipedia/commons/thumb/{h[0]}/{h[:2]}/{name}/"
    two = f"{stem}{width * 2}px-{name}"
    ctx.image(f"https:{two}")
    img = (
        f'<a href="/wiki/File:{name}" class="mw-file-description"><img alt="" src="{stem}{width}px-{name}" '
        f'decoding="async" width="{width}" height="{width * 3 // 4}" class="mw-file-element" '
        f'srcset="{stem}{width * 3 // 2}px-{name} 1.5x, {two} 2x" data-file-width="3000" '
        'data-file-height="2250"></a>'
    )
    return img, two


def _cite(ctx: Ctx, n: int) -> str:
    return f'<sup id="cite_ref-{n}" class="reference"><a href="#cite_note-{n}">&#91;{n}&#93;</a></sup>'


def tpl_mediawiki(ctx: Ctx) -> str:
    """A MediaWiki (Vector) article: infobox, TOC, [edit] links, citations, references, navbox, catlinks.

    Ground truth: body text without the citation marks, headings without "[edit]", figures with
    captions, the infobox and wikitables as cells, the references list as text; the See also list
    (bare article links) is in neither list; the hatnote, TOC, navbox, category links and wiki chrome
    are boilerplate.
    """
    title = f"{ctx.pick(ctx.topic['adj']).title()} {ctx.pick(ctx.topic['noun'])} of {ctx.pick(PLACES2)}"
    title_h = ctx.text(title)
    new_style = ctx.rng.random() < 0.5
    cites = iter(range(1, 99))
    notes: list[int] = []

    def para() -> str:
        sents = [sentence(ctx) for _ in range(ctx.rng.randint(2, 4))]
        ctx.text(" ".join(sents))
        out = []
        for s in sents:
            out.append(inline(ctx, s))
            if ctx.rng.random() < 0.5:
                n = next(cites)
                notes.append(n)
                out[-1] += _cite(ctx, n)
        return "<p>" + " ".join(out) + "</p>"

    def head2(t: str, level: int = 2) -> str:
        anchor = t.replace(" ", "_")
        edit = (
            '<span class="mw-editsection"><span class="mw-editsection-bracket">[</span><a href="/w/index.php?'
            f'title=X&amp;action=edit&amp;section={ctx.rng.randint(1, 9)}" title="Edit section: {escape(t)}">'
            'edit</a><span class="mw-editsection-bracket">]</span></span>'
        )
        if new_style:
            h = f'<h{level} id="{anchor}">{ctx.text(t)}</h{level}>'
            return f'<div class="mw-heading mw-heading{level}">{h}{edit}</div>'
        return f'<h{level}><span class="mw-headline" id="{anchor}">{ctx.text(t)}</span>{edit}</h{level}>'

    def thumb() -> str:
        img, _ = _wiki_file(ctx, 220)
        cap = ctx.text(sentence(ctx))
        if new_style:
            return (
                f'<figure class="mw-default-size" typeof="mw:File/Thumb">{img}<figcaption>{cap}</figcaption>'
                "</figure>"
            )
        img = img.replace("mw-file-element", "thumbimage").replace("mw-file-description", "image")
        return (
            f'<div class="thumb tright"><div class="thumbinner" style="width:222px;">{img}<div '
            'class="thumbcaption">'
            f'<div class="magnify"><a href="/wiki/File:x" class="internal" title="Enlarge"></a></div>{cap}<'
            "/div></div></div>"
        )

    hat = (
        '<div role="note" class="hatnote navigation-not-searchable">'
        f"{ctx.bad(f'For other uses, see {title} (disambiguation).')}</div>"
    )
    box_img, _ = _wiki_file(ctx, 250)
    above = ctx.text(title)
    cap = ctx.text(sentence(ctx))
    rows = [
        (lab, ctx.pick(val))
        for lab, val in [
            ("Location", PLACES2),
            ("Operator", PEOPLE),
            ("Type", ctx.topic["adj"]),
            ("Established", ["1998", "2004", "1911"]),
        ]
    ]
    ctx.text(" ".join(c for r in rows for c in r))
    infobox = (
        f'<table class="infobox vcard"><tbody><tr><th colspan="2" class="infobox-above">{above}</th></tr>'
        f'<tr><td colspan="2" class="infobox-image"><span class="mw-default-size" typeof="mw:File/Frameless">'
        f'{box_img}</span><div class="infobox-caption">{cap}</div></td></tr>'
        + "".join(
            f'<tr><th scope="row" class="infobox-label">{escape(a)}</th><td class="infobox-data">'
            f"{escape(b)}</td></tr>"
            for a, b in rows
        )
        + "</tbody></table>"
    )
    sections = [ctx.pick(["History", "Background"]), "Design", ctx.pick(["Operation", "Reception"])]
    body = [hat, infobox, para(), para()]
    if not new_style:
        toc = (
            '<div id="toc" class="toc" role="navigation" aria-labelledby="mw-toc-heading"><input '
            'type="checkbox" '
            'role="button" id="toctogglecheckbox" class="toctogglecheckbox" style="display:none"><div '
            f'class="toctitle" lang="en" dir="ltr"><h2 id="mw-toc-heading">{ctx.bad("Contents")}</h2><span '
            'class="toctogglespan"><label class="toctogglelabel" '
            'for="toctogglecheckbox"></label></span></div><'
            "ul>"
            + "".join(
                f'<li class="toclevel-1 tocsection-{k}"><a href="#{s}"><span class="tocnumber">{k}</span> '
                f'<span class="toctext">{s}</span></a></li>'
                for k, s in enumerate([*sections, "See also", "References"], 1)
            )
            + "</ul></div>"
        )
        body.append(toc)
    for k, sec in enumerate(sections):
        body.append(head2(sec))
        if k == 1:
            body.append(thumb())
        body.extend(para() for _ in range(ctx.rng.randint(1, 3)))
        if k == 2:
            body.append(table(ctx, ' class="wikitable sortable"'))
    body.append(head2("See also"))
    items = [f"{ctx.pick(ctx.topic['noun']).title()} in {p}" for p in ctx.rng.sample(PLACES2, 3)]
    body.append(
        "<ul>" + "".join(f'<li><a href="/wiki/{slug(t)}">{escape(t)}</a></li>' for t in items) + "</ul>"
    )
    body.append(head2("References"))
    refs = []
    for n in notes:
        last = ctx.pick(PEOPLE).split()[-1]
        t = f'{last}, {ctx.pick(PEOPLE).split()[0]} ({ctx.rng.randint(1990, 2023)}). "{headline(ctx)}". '
        t += f"The {ctx.site}. Retrieved {ctx.rng.randint(1, 28)} May 2023."
        ctx.text(t)
        refs.append(
            f'<li id="cite_note-{n}"><span class="mw-cite-backlink"><b><a href="#cite_ref-{n}">^</a></b></s'
            "pan> "
            f'<span class="reference-text"><cite class="citation web cs1">{escape(t)}</cite></span></li>'
        )
    body.append(
        f'<div class="reflist"><div class="mw-references-wrap"><ol class="references">{"".join(refs)}</ol><'
        "/div></div>"
    )
    nav_items = "".join(
        f'<li><a href="/wiki/{slug(x)}">{ctx.bad(x)}</a></li>'
        for x in [
            f"{ctx.pick(ctx.topic['adj']).title()} {ctx.pick(ctx.topic['noun'])}s of {p}"
            for p in ctx.rng.sample(PLACES2, 5)
        ]
    )
    nav_title = f"{ctx.pick(ctx.topic['noun']).title()}s by region"
    navbox = (
        '<div role="navigation" class="navbox" aria-labelledby="nb1" style="padding:3px"><table '
        'class="nowraplinks '
        'mw-collapsible autocollapse navbox-inner"><tbody><tr><th scope="col" class="navbox-title" '
        'colspan="2"><div '
        'class="navbar plainlinks hlist navbar-mini"><ul><li class="nv-view"><a href="/wiki/Template:X"><ab'
        "br "
        'title="View this template">v</abbr></a></li><li class="nv-talk"><a><abbr title="Discuss '
        'this template">t'
        '</abbr></a></li><li class="nv-edit"><a><abbr title="Edit this template">e</abbr></a></li></ul></di'
        "v><div "
        f'id="nb1">{ctx.bad(nav_title)}</div></th></tr><tr><th scope="row" '
        f'class="navbox-group">{escape(ctx.pick(NAV))}</th><td class="navbox-list navbox-odd hlist"><div><ul>'
        f"{nav_items}</ul></div></td></tr></tbody></table></div>"
    )
    body.append(navbox)
    cats = "".join(
        f'<li><a href="/wiki/Category:{slug(x)}">{ctx.bad(x)}</a></li>'
        for x in [
            f"{ctx.rng.randint(1900, 2000)} establishments in {ctx.pick(PLACES2)}",
            f"{ctx.pick(ctx.topic['noun']).title()}s",
        ]
    )
    panel = "".join(
        f'<li><a href="/wiki/{slug(x)}">{ctx.bad(x)}</a></li>'
        for x in ["Main page", "Current events", "Random article", "About Wikipedia", "Contact us"]
    )
    return (
        head(ctx, title) + '<body class="mediawiki ltr skin-vector action-view"><a class="mw-jump-link" '
        f'href="#bodyContent">{ctx.bad("Jump to content")}</a><div id="mw-page-base" class="noprint"></div>'
        '<div id="content" class="mw-body" role="main"><a id="top"></a><div id="siteNotice"></div><h1 '
        f'id="firstHeading" class="firstHeading mw-first-heading"><span class="mw-page-title-main">{title_h}'
        '</span></h1><div id="bodyContent" class="vector-body"><div id="siteSub" class="noprint">'
        f'{ctx.bad("From Wikipedia, the free encyclopedia")}</div><div id="contentSub"></div><div '
        'id="mw-content-text" class="mw-body-content mw-content-ltr" lang="en" dir="ltr"><div '
        'class="mw-parser-output"><div class="shortdescription nomobile noexcerpt noprint searchaux" '
        f'style="display:none">{escape(sentence(ctx))}</div>'
        + "\n".join(body)
        + '</div></div><div id="catlinks" class="catlinks" data-mw="interface"><div id="mw-normal-catlinks" '
        'class="mw-normal-catlinks"><a href="/wiki/Help:Category" title="Help:Category">Categories</a>: '
        f'<ul>{cats}</ul></div></div></div></div><div id="mw-navigation"><div id="mw-panel" class="vector-l'
        'egacy-sidebar">'
        f'<nav id="p-navigation" class="vector-menu mw-portlet"><ul class="vector-menu-content-list">{panel}'
        "</ul>"
        '</nav></div></div><div id="footer" role="contentinfo" class="vector-footer"><ul id="footer-info"><'
        "li "
        'id="footer-info-lastmod">'
        f"{ctx.bad(f'This page was last edited on {ctx.rng.randint(1, 28)} May 2023, at 10:12')}"
        '<span class="anonymous-show">&#160;(UTC)</span>.</li><li id="footer-info-copyright">'
        f"{ctx.bad('Text is available under the Creative Commons Attribution-ShareAlike License 4.0')}; "
        "additional "
        f"terms may apply.</li></ul></div>{pixels(ctx)}</body></html>"
    )


def tpl_github(ctx: Ctx) -> str:
    """A GitHub repository page: the README's markdown-body is content; file list, About box, badges not."""
    repo = f"{slug(ctx.pick(PEOPLE)).split('-')[0]}/{slug(ctx.pick(ctx.topic['noun']))}"
    name = repo.split("/")[1]
    desc = f"A {ctx.pick(ctx.topic['adj'])} toolkit for every {ctx.pick(ctx.topic['noun'])}"
    anchor = (
        '<a id="user-content-{0}" class="anchor" aria-label="Permalink: {1}" href="#{0}"><svg '
        'class="octicon octicon-link" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path '
        'd="m7.775 3.275 1.25-1.25"></path></svg></a>'
    )

    def gh_head(t: str, level: int) -> str:
        return (
            f'<div class="markdown-heading" dir="auto"><h{level} class="heading-element" dir="auto">'
            f"{ctx.text(t)}</h{level}>{anchor.format(slug(t), escape(t))}</div>"
        )

    def gh_code() -> str:
        code = code_text(ctx, shell=True)
        ctx.text(code)
        return (
            '<div class="highlight highlight-source-shell notranslate position-relative overflow-auto" '
            'dir="auto">'
            f'<pre>{escape(code, quote=False)}</pre><div class="zeroclipboard-container"><clipboard-copy '
            f'aria-label="Copy" class="ClipboardButton btn" value="{escape(code)}" tabindex="0" '
            'role="button">'
            f"{svg_icon(ctx)}</clipboard-copy></div></div>"
        )

    def shot() -> str:
        path = f"docs/{slug(ctx.pick(ctx.topic['noun']))}-{ctx.uid()[:4]}.png"
        if ctx.rng.random() < 0.5:
            src = f"/{repo}/raw/main/{path}"
            ctx.image(src)
            return (
                f'<p dir="auto"><a target="_blank" rel="noopener noreferrer" href="/{repo}/blob/main/{path}">'
                f'<img src="{src}" alt="screenshot" style="max-width: 100%;"></a></p>'
            )
        camo = f"https://camo.githubusercontent.com/{ctx.uid()}{ctx.uid()}/{ctx.uid()}{ctx.uid()}"
        ctx.image(camo)
        return (
            f'<p dir="auto"><a target="_blank" rel="noopener noreferrer nofollow" href="{camo}"><img '
            f'src="{camo}" alt="demo" data-canonical-src="https://user-images.example.org/{ctx.uid()}.gif" '
            'style="max-width: 100%;"></a></p>'
        )

    badges = " ".join(
        f'<a href="https://github.com/{repo}/actions"><img src="https://github.com/{repo}/actions/workflows/'
        f'{b}.yml/badge.svg" alt="{b}" style="max-width: 100%;"></a>'
        if k == 0
        else f'<a href="https://pypi.org/project/{name}" rel="nofollow"><img src="https://camo.githubusercontent.com/'
        f'{ctx.uid()}{ctx.uid()}" alt="{b}" data-canonical-src="https://img.shields.io/{b}/v/{name}.svg" '
        'style="max-width: 100%;"></a>'
        for k, b in enumerate(["ci", "pypi", "license"])
    )
    readme = [gh_head(name, 1), f'<p dir="auto">{badges}</p>', paragraph(ctx, ' dir="auto"'), shot()]
    readme += [gh_head("Installation", 2), paragraph(ctx, ' dir="auto"'), gh_code()]
    readme += [gh_head("Usage", 2), paragraph(ctx, ' dir="auto"'), plain_list(ctx), gh_code()]
    if ctx.rng.random() < 0.5:
        readme += [
            gh_head("Options", 3),
            f"<markdown-accessiblity-table>{table(ctx)}</markdown-accessiblity-table>",
        ]
    readme += [gh_head("License", 2), paragraph(ctx, ' dir="auto"')]
    files = "".join(
        f'<tr class="react-directory-row"><td class="react-directory-row-name-cell-large-screen"><div><svg '
        f'class="icon-directory"></svg><a title="{f}" href="/{repo}/tree/main/{f}">{escape(f)}</a></div></t'
        "d><td "
        f'class="react-directory-row-commit-cell"><a class="Link--secondary" href="/{repo}/commit/1">'
        f"{ctx.bad(msg)}</a></td><td><relative-time>{ctx.rng.randint(2, 11)} months ago</relative-time></td"
        "></tr>"
        for f, msg in [
            (".github", f"ci: pin the {ctx.pick(ctx.topic['noun'])} workflow to ubuntu 22.04"),
            ("src", f"refactor the {ctx.pick(ctx.topic['noun'])} loader into two passes"),
            ("tests", f"add a regression test for the {ctx.pick(ctx.topic['adj'])} case"),
            ("README.md", "docs: mention the new command line flags"),
        ]
    )
    contributors = "".join(
        f'<li class="mb-2 mr-2"><a href="https://github.com/u{k}"><img src="https://avatars.githubuserconte'
        "nt.com/u/"
        f'{ctx.rng.randint(10**5, 10**7)}?s=64&amp;v=4" alt="@u{k}" size="32" height="32" width="32" '
        'class="avatar circle"></a></li>'
        for k in range(4)
    )
    return (
        head(ctx, f"GitHub - {repo}: {desc}").replace(f" | {escape(ctx.site)}", "")
        + '<body class="logged-out env-production page-responsive"><div class="position-relative '
        'js-header-wrapper">'
        '<a href="#start-of-content" class="px-2 py-4 color-bg-accent-emphasis show-on-focus js-skip-to-co'
        'ntent">'
        f'{ctx.bad("Skip to content")}</a><header class="HeaderMktg header-logged-out" role="banner">'
        f'<a href="/login">{ctx.bad("Sign in")}</a><a href="/signup">{ctx.bad("Sign up")}</a></header></div>'
        '<div class="application-main" data-commit-hovercards-enabled><main id="js-repo-pjax-container">'
        '<div id="repository-container-header" class="pt-3 hide-full-screen"><div class="d-flex flex-wrap">'
        f'<strong itemprop="name" class="mr-2 flex-self-stretch"><a href="/{repo}">{escape(name)}</a></stro'
        "ng>"
        f'<span class="Label Label--secondary v-align-middle mr-1">{ctx.bad("Public")}</span></div><ul '
        f'class="pagehead-actions flex-shrink-0"><li><a class="btn-sm btn">{ctx.bad("Notifications")}</a></'
        "li>"
        f'<li><a class="btn-sm btn">Fork <span class="Counter">{_count(ctx)}</span></a></li><li><a '
        f'class="btn-sm btn">Star <span class="Counter">{_count(ctx)}</span></a></li></ul><nav '
        'class="js-repo-nav js-sidenav-container-pjax UnderlineNav" aria-label="Repository"><ul '
        'class="UnderlineNav-body">'
        + "".join(
            f'<li><a class="UnderlineNav-item" href="/{repo}/{slug(x)}">{ctx.bad(x)}</a></li>'
            for x in ["Code", "Issues", "Pull requests", "Actions", "Security", "Insights"]
        )
        + '</ul></nav></div><turbo-frame id="repo-content-turbo-frame"><div class="repository-content"><div '
        'class="Layout Layout--flowRow-until-md Layout--sidebarPosition-end"><div class="Layout-main"><table '
        f'aria-labelledby="folders-and-files" class="Table-module__Box">{files}</table><div id="readme" '
        'class="Box MD js-code-block-container js-code-nav-container js-tagsearch-file Box--responsive">'
        f'<div class="Box-header"><h2 class="Box-title">README.md</h2></div><div class="Box-body px-5 pb-5">'
        '<article class="markdown-body entry-content container-lg" itemprop="text">\n'
        + "\n".join(readme)
        + '\n</article></div></div></div><div class="Layout-sidebar"><div class="BorderGrid about-margin"><'
        "div "
        f'class="BorderGrid-row"><div class="BorderGrid-cell"><h2 class="mb-3 h4">{ctx.bad("About")}</h2><p '
        f'class="f4 my-3">{escape(desc)}</p><div class="my-3 d-flex flex-items-center"><a class="topic-tag '
        f'topic-tag-link" href="/topics/{name}">{escape(name)}</a></div><h3 class="sr-only">Resources</h3><'
        "div "
        f'class="mt-2"><a class="Link--muted" href="#readme-ov-file">{ctx.bad("Readme")}</a></div><div '
        f'class="mt-2"><a class="Link--muted" href="#MIT-1-ov-file">{ctx.bad("MIT license")}</a></div></div>'
        '</div><div class="BorderGrid-row"><div class="BorderGrid-cell"><h2 class="h4 '
        f'mb-3">{ctx.bad("Contributors")}'
        f'</h2><ul class="list-style-none d-flex flex-wrap mb-n2">{contributors}</ul></div></div><div '
        f'class="BorderGrid-row"><div class="BorderGrid-cell"><h2 class="h4 mb-3">{ctx.bad("Languages")}</h2>'
        '<ul class="list-style-none"><li class="d-inline"><span class="color-fg-default text-bold '
        'mr-1">Python'
        "</span><span>92.4%</span></li></ul></div></div></div></div></div></div></turbo-frame></main></div>"
        f'<footer class="footer pt-8 pb-6 f6 color-fg-muted p-responsive" role="contentinfo"><span>'
        f'{ctx.bad("© 2024 GitHub, Inc.")}</span><ul><li><a href="/site/terms">Terms</a></li><li><a '
        f'href="/site/privacy">Privacy</a></li><li><a href="https://githubstatus.com">Status</a></li></ul>'
        f"</footer>{pixels(ctx)}</body></html>"
    )


ACK = (
    "We gratefully acknowledge support from the Simons Foundation, member institutions, and all contributors."
)


def tpl_arxiv(ctx: Ctx) -> str:
    """An arXiv abstract page: title and abstract are content; metadata, tools and arXivLabs blurb are not."""
    title = title_text(ctx)
    abstract = " ".join(sentence(ctx) for _ in range(ctx.rng.randint(5, 8)))
    authors = ctx.rng.sample(PEOPLE, ctx.rng.randint(2, 4))
    aid = f"{ctx.rng.randint(2001, 2312)}.{ctx.rng.randint(10000, 19999)}"
    labs = [
        "arXivLabs is a framework that allows collaborators to develop and share new arXiv features directly "
        "on our website.",
        "Both individuals and organizations that work with arXivLabs have embraced and accepted "
        "our values of "
        "openness, community, excellence, and user data privacy. arXiv is committed to these values and only "
        "works with partners that adhere to them.",
        "Have an idea for a project that will add value for arXiv's community? Learn more about arXivLabs.",
    ]
    tools = "".join(
        f'<div class="columns is-mobile lab-row"><div class="column lab-switch"><label class="switch"><input '
        f'type="checkbox" class="lab-toggle" id="{slug(t)}-toggle"><span class="slider"></span><span '
        f'class="is-sr-only">{escape(t)} Toggle</span></label></div><div class="column lab-name"><span '
        f'id="label-for-{slug(t)}">{ctx.bad(t)}</span> <em>(<a href="https://info.arxiv.org/labs/showcase.h'
        'tml">'
        f"{ctx.bad(q)}</a>)</em></div></div>"
        for t, q in [
            ("Bibliographic Explorer", "What is the Explorer?"),
            ("Connected Papers", "What is Connected Papers?"),
            ("Litmaps", "What is Litmaps?"),
            ("scite Smart Citations", "What are Smart Citations?"),
        ]
    )
    return (
        head(ctx, f"[{aid}] {title}").replace(f" | {escape(ctx.site)}", "")
        + '<body class="with-cu-identity"><div class="flex-wrap-footer"><header><a href="#content" '
        f'class="is-sr-only">{ctx.bad("Skip to main content")}</a><div id="cu-identity"><div id="support-ac'
        'k">'
        '<span class="sr-only">'
        f"{ctx.bad(ACK)}"
        '</span></div></div><div id="header" class="is-hidden-mobile"><div class="header-breadcrumbs"><a '
        f'href="/">arXiv</a> &gt; <a href="/list/cs/recent">cs</a> &gt; arXiv:{aid}</div><div class="search'
        "-block "
        'level-right"><form class="level-item mini-search" method="GET" action="https://arxiv.org/search"><'
        "input "
        'class="input is-small" type="text" name="query" placeholder="Search..."><button class="button">Sea'
        "rch"
        '</button></form></div></div></header><main><div id="content"><div id="abs-outer"><div '
        'class="leftcolumn">'
        '<div class="subheader"><h1>Computer Science &gt; Machine Learning</h1></div><div id="content-inner">'
        f'<div id="abs"><div class="dateline">[Submitted on {ctx.rng.randint(1, 28)} Mar 2023]</div><h1 '
        f'class="title mathjax"><span class="descriptor">Title:</span>{ctx.text(title)}</h1><div '
        'class="authors">'
        '<span class="descriptor">Authors:</span>'
        + ", ".join(f'<a href="https://arxiv.org/a/{slug(a)}">{escape(a)}</a>' for a in authors)
        + f'</div><div id="download-button-info" hidden>View a PDF of the paper titled {escape(title)}</div'
        "><a "
        f'class="mobile-submission-download" href="/pdf/{aid}">View PDF</a><blockquote class="abstract '
        'mathjax">'
        f'<span class="descriptor">Abstract:</span>{ctx.text(abstract)}</blockquote><div class="metatable">'
        "<table "
        'summary="Additional metadata"><tr><td class="tablecell label">Comments:</td><td class="tablecell '
        "comments "
        f'mathjax">{ctx.rng.randint(8, 30)} pages, {ctx.rng.randint(2, 9)} figures</td></tr><tr><td '
        'class="tablecell '
        'label">Subjects:</td><td class="tablecell subjects"><span class="primary-subject">Machine Learning '
        '(cs.LG)</span>; Artificial Intelligence (cs.AI)</td></tr><tr><td class="tablecell label">Cite '
        "as:</td><td "
        f'class="tablecell arxivid"><span class="arxivid"><a href="https://arxiv.org/abs/{aid}">arXiv:{aid}'
        "</a> "
        '[cs.LG]</span></td></tr></table></div></div></div><div class="submission-history"><h2>Submission '
        "history"
        f'</h2> From: {escape(authors[0])} [<a href="/show-email/1/{aid}">view email</a>]<br><strong>[v1]</'
        "strong> "
        f'Tue, 14 Mar 2023 10:00:00 UTC ({ctx.rng.randint(100, 9000)} KB)<br></div></div><div class="extra-'
        'services">'
        f'<div class="full-text"><a name="other"></a><span class="descriptor">Full-text links:</span><h2>'
        f'{ctx.bad("Access Paper:")}</h2><ul><li><a href="/pdf/{aid}" class="abs-button download-pdf">View '
        "PDF</a>"
        f'</li><li><a href="/src/{aid}" class="abs-button download-eprint">TeX Source</a></li><li><a '
        f'href="/format/{aid}" class="abs-button download-format">Other Formats</a></li></ul><div '
        'class="abs-license">'
        '<a href="http://creativecommons.org/licenses/by/4.0/" title="Rights to this article" class="has_li'
        'cense">'
        '<img alt="license icon" role="presentation" src="https://arxiv.org/icons/licenses/by-4.0.png"><spa'
        "n>view "
        f'license</span></a></div></div><div class="browse">{ctx.bad("Current browse context:")}<div '
        'class="current">'
        'cs.LG</div><div class="prevnext"><span class="arrow"><a class="abs-button prev-url" href="/prevnex'
        't?id=1">'
        '&lt;&nbsp;prev</a></span>&nbsp;|&nbsp;<span class="arrow"><a class="abs-button next-url" '
        'href="/prevnext?'
        'id=2">next&nbsp;&gt;</a></span></div></div><div class="extra-ref-cite"><h3>'
        f'{ctx.bad("References & Citations")}</h3><ul><li><a class="abs-button abs-button-small cite-ads" '
        f'href="https://ui.adsabs.harvard.edu/abs/arXiv:{aid}">NASA ADS</a></li><li><a class="abs-button '
        'abs-button-small cite-google-scholar" href="https://scholar.google.com/">Google Scholar</a></li></'
        "ul></div>"
        '<div class="bookmarks"><h3>Bookmark</h3><a class="abs-button abs-button-grey abs-button-small '
        'context-id" '
        'href="http://www.bibsonomy.org/BibtexHandler" title="Bookmark on BibSonomy"><img src="/static/brow'
        "se/0.3.4/"
        'images/icons/social/bibsonomy.png" alt="BibSonomy logo"></a></div></div></div><div class="endorser'
        's"><a '
        f'href="/auth/show-endorsers/{aid}">{ctx.bad("Which authors of this paper are endorsers?")}</a> | <a '
        f'id="mathjax_toggle" href="javascript:setMathjaxCookie()">{ctx.bad("Disable MathJax")}</a></div><d'
        "iv "
        'class="labstabs"><input type="radio" name="tabs" id="tabone" checked="checked"><label for="tabone">'
        f'{ctx.bad("Bibliographic Tools")}</label><div class="tab"><h1>Bibliographic and Citation '
        f"Tools</h1>{tools}"
        '</div><div class="tab"><div class="columns"><div class="column"><h2>arXivLabs: experimental '
        "projects with "
        "community collaborators</h2>"
        + "".join(f"<p>{ctx.bad(p)}</p>" for p in labs)
        + '</div></div></div></div></div></main><footer><div class="columns is-desktop"><ul class="nav-spac'
        'ed">'
        + "".join(
            f'<li><a href="https://info.arxiv.org/{slug(x)}">{ctx.bad(x)}</a></li>'
            for x in [
                "About",
                "Help",
                "Contact",
                "Subscribe",
                "Copyright",
                "Privacy Policy",
                "Web Accessibility Assistance",
            ]
        )
        + f"</ul></div></footer></div>{pixels(ctx)}</body></html>"
    )


def _mv_ad(ctx: Ctx) -> str:
    """Ad-network slots inside recipe/food posts (Mediavine, Raptive) with their label."""
    if ctx.rng.random() < 0.5:
        return (
            f'<div class="mv-ad-box" data-slotname="content_{ctx.rng.randint(1, 9)}_wrapper"><div '
            f'class="mv-ad-label">{ctx.bad("ADVERTISEMENT")}</div></div>'
        )
    return '<div class="adthrive-ad adthrive-content adthrive-content-1" style="min-height: 250px;"></div>'


def tpl_recipe(ctx: Ctx) -> str:
    """A food blog post with a WP Recipe Maker card: jump/print buttons, ads, ratings, nutrition box."""
    title = title_text(ctx)
    title_h = ctx.text(title)
    rid = ctx.rng.randint(1000, 99999)
    modes = ["srcset_w", "wprocket", "lazysizes"]

    def fig() -> str:
        return f'<figure class="wp-block-image size-full">{content_img(ctx, modes)}</figure>'

    disclosure = ctx.bad("This post may contain affiliate links. Please read my disclosure policy.")
    jump = (
        f'<div class="wprm-recipe-snippet wprm-block-text-normal"><a href="#recipe" data-recipe="{rid}" '
        f'class="wprm-recipe-jump wprm-recipe-link">{ctx.bad("Jump to Recipe")}</a> <a '
        f'href="/wprm_print/{rid}'
        '" '
        f'class="wprm-recipe-print wprm-recipe-link" data-recipe-id="{rid}">{ctx.bad("Print Recipe")}</a></'
        "div>"
    )
    story = body_items(
        ctx, lambda: paragraph(ctx), fig, [], n_par=(4, 7), n_fig=(1, 3), interrupt=lambda: _mv_ad(ctx)
    )
    rname = f"{ctx.pick(ctx.topic['adj']).title()} {ctx.pick(ctx.topic['noun']).title()}"
    card_img = f"/wp-content/uploads/2023/05/{slug(rname)}-{ctx.uid()}-150x150.jpg"
    ctx.image(card_img)  # the dish's photo heads the card: content, however small
    summary = sentence(ctx)
    times = "".join(
        '<div class="wprm-recipe-block-container wprm-recipe-time-container"><span class="wprm-recipe-deta'
        "ils-label "
        f'wprm-recipe-time-label">{lab} </span><span class="wprm-recipe-time"><span class="wprm-recipe-deta'
        "ils "
        f'wprm-recipe-details-minutes">{ctx.rng.randint(5, 90)}<span class="sr-only screen-reader-text"> '
        "minutes"
        '</span></span> <span class="wprm-recipe-details-unit">mins</span></span></div>'
        for lab in ("Prep Time", "Cook Time", "Total Time")
    )
    ings = []
    for _ in range(ctx.rng.randint(4, 8)):
        amt, unit = str(ctx.rng.randint(1, 6)), ctx.pick(["cups", "tablespoons", "grams", "teaspoons"])
        what = f"{ctx.pick(ctx.topic['adj'])} {ctx.pick(ctx.topic['noun'])}"
        ctx.text(f"{amt} {unit} {what}")
        ings.append(
            '<li class="wprm-recipe-ingredient"><span class="wprm-checkbox-container"><input type="checkbo'
            'x" '
            f'class="wprm-checkbox"></span><span class="wprm-recipe-ingredient-amount">{amt}</span> <span '
            f'class="wprm-recipe-ingredient-unit">{unit}</span> <span '
            f'class="wprm-recipe-ingredient-name">{what}'
            "</span></li>"
        )
    steps = []
    for k in range(ctx.rng.randint(3, 6)):
        t = sentence(ctx)
        steps.append(
            f'<li id="wprm-recipe-{rid}-step-0-{k}" class="wprm-recipe-instruction"><div class="wprm-recipe-'
            f'instruction-text" style="margin-bottom: 5px;"><span style="display: block;">{ctx.text(t)}</sp'
            "an>"
            "</div></li>"
        )
    nutrition = "".join(
        f'<span class="wprm-nutrition-label-text-nutrition-container"><span class="wprm-nutrition-label-text-'
        f'nutrition-label">{n}: </span><span class="wprm-nutrition-label-text-nutrition-value">'
        f'{ctx.rng.randint(2, 400)}</span><span class="wprm-nutrition-label-text-nutrition-unit">{u}</span>'
        "</span>"
        for n, u in [
            ("Calories", "kcal"),
            ("Carbohydrates", "g"),
            ("Protein", "g"),
            ("Fat", "g"),
            ("Sodium", "mg"),
        ]
    )
    card = (
        f'<div id="recipe"></div><div id="wprm-recipe-container-{rid}" class="wprm-recipe-container" '
        f'data-recipe-id="{rid}"><div class="wprm-recipe wprm-recipe-template-custom"><div class="wprm-reci'
        "pe-image "
        f'wprm-block-image-normal"><img style="border-width: 0px;" width="150" height="150" src="{card_img}" '
        'class="attachment-150x150 size-150x150" alt=""></div><h2 class="wprm-recipe-name wprm-block-text-'
        'bold">'
        f'{ctx.text(rname)}</h2><div class="wprm-recipe-rating '
        f'wprm-recipe-rating-recipe-{rid}">{svg_icon(ctx)}'
        f'{svg_icon(ctx)}<div class="wprm-recipe-rating-details wprm-block-text-normal">'
        f"{ctx.bad(f'4.{ctx.rng.randint(10, 99)} from {ctx.rng.randint(5, 300)} votes')}</div></div><div "
        'class="wprm-recipe-summary wprm-block-text-normal"><span style="display: '
        f'block;">{ctx.text(summary)}'
        "</span>"
        f'</div><div class="wprm-recipe-buttons"><a href="/wprm_print/{rid}" class="wprm-recipe-print '
        f'wprm-recipe-link">{ctx.bad("Print Recipe")}</a><a href="https://www.pinterest.com/pin/create/book'
        'marklet/" '
        f'class="wprm-recipe-pin wprm-recipe-link">{ctx.bad("Pin Recipe")}</a></div><div class="wprm-recipe'
        "-meta-"
        f'container wprm-recipe-times-container">{times}</div><div class="wprm-recipe-ingredients-container'
        '"><h3 '
        f'class="wprm-recipe-header wprm-recipe-ingredients-header">{ctx.text("Ingredients")}</h3><div '
        f'class="wprm-recipe-ingredient-group"><ul class="wprm-recipe-ingredients">{"".join(ings)}</ul></di'
        "v></div>"
        '<div class="wprm-recipe-instructions-container"><h3 class="wprm-recipe-header wprm-recipe-instruct'
        "ions-"
        f'header">{ctx.text("Instructions")}</h3><div class="wprm-recipe-instruction-group"><ul '
        'class="wprm-recipe-'
        f'instructions">{"".join(steps)}</ul></div></div><div class="wprm-nutrition-label-container '
        f'wprm-nutrition-label-container-simple"><h3 class="wprm-recipe-header">Nutrition</h3>{nutrition}</'
        "div>"
        '<div class="wprm-call-to-action wprm-call-to-action-simple"><span '
        f'class="wprm-recipe-icon">{svg_icon(ctx)}'
        f'</span><span class="wprm-call-to-action-text-container"><span class="wprm-call-to-action-header">'
        f'{ctx.bad("Tried this recipe?")}</span><span class="wprm-call-to-action-text">Mention <a '
        f'href="https://www.instagram.com/x">@{slug(ctx.site)}</a> or tag <a href="https://www.instagram.co'
        "m/explore/"
        f'tags/x">#{slug(ctx.site)}</a>!</span></span></div></div></div>'
    )
    article = (
        f'<article class="post-{rid} post type-post hentry entry"><header class="entry-header"><h1 '
        f'class="entry-title">{title_h}</h1><p class="entry-meta"><time class="entry-time">May '
        "2, 2023</time> by "
        f'<span class="entry-author">{escape(ctx.pick(PEOPLE))}</span></p></header><div class="entry-conten'
        't">'
        f'<p class="disclosure"><em>{disclosure}</em></p>{jump}\n'
        + "\n".join(story)
        + f"\n{_mv_ad(ctx)}{card}"
        f"{share_bar(ctx)}</div></article>"
    )
    return (
        head(ctx, title)
        + f'<body class="single-post">{cookie_banner(ctx)}<div class="site-container"><header '
        f'class="site-header">{logo(ctx)}{nav_menu(ctx, "nav-primary genesis-nav-menu")}</header><div '
        f'class="site-inner"><div class="content-sidebar-wrap"><main class="content">{article}{comments(ctx)}'
        f"</main>{sidebar(ctx)}</div></div>{newsletter(ctx)}{footer(ctx)}</div>{pixels(ctx)}</body></html>"
    )


def tpl_liveblog(ctx: Ctx) -> str:
    """A news liveblog: timestamped entries newest first, key-events list, pinned post, load-more button."""
    title = f"{headline(ctx)} – live updates"
    title_h = ctx.text(title)
    standfirst = ctx.text(sentence(ctx))
    entries = []
    n = ctx.rng.randint(4, 7)
    hhmm = [
        f"{h:02d}.{m:02d}"
        for h, m in sorted(((ctx.rng.randint(8, 20), ctx.rng.randint(0, 59)) for _ in range(n)), reverse=True)
    ]
    keys = []
    for k in range(n):
        bid = ctx.uid()
        parts = []
        if ctx.rng.random() < 0.5:
            h = headline(ctx)
            keys.append((bid, hhmm[k], h))
            parts.append(f'<h2 class="block-title">{ctx.text(h)}</h2>')
        parts.extend(paragraph(ctx) for _ in range(ctx.rng.randint(1, 2)))
        if ctx.rng.random() < 0.3:
            cap, credit = caption(ctx)
            parts.append(
                f'<figure class="element element-image">{content_img(ctx, ["picture", "srcset_w"])}<figcapt'
                "ion>"
                f'<span class="caption">{cap}</span> <span class="credit">{credit}</span></figcaption></fig'
                "ure>"
            )
        pinned = '<div class="pinned-label">Pinned post</div>' if k == 0 and ctx.rng.random() < 0.5 else ""
        entries.append(
            f'<article id="block-{bid}" class="block{" is-pinned" if pinned else ""}" data-block-id="{bid}"'
            f">{pinned}"
            f'<header class="block-header"><a class="block-time published-time" href="?page=with:block-{bid}'
            "#block-"
            f'{bid}"><time datetime="2023-05-02T{hhmm[k].replace(".", ":")}:00Z">{hhmm[k]} BST</time></a><s'
            "pan "
            f'class="block-time-ago">{ctx.rng.randint(1, 9)}h ago</span></header><div class="block-elements">'
            + "".join(parts)
            + f'</div><footer class="block-footer"><div class="block-share">{ctx.bad("Share this update")}<'
            "/div>"
            f'<span class="updated">Updated at {hhmm[k]} BST</span></footer></article>'
        )
    key_list = "".join(
        f'<li class="key-event"><a href="#block-{b}"><time>{t}</time><span class="key-event-title">'
        f"{escape(h)}</span></a></li>"
        for b, t, h in keys
    )
    return (
        head(ctx, title) + f'<body>{cookie_banner(ctx)}<header class="site-header">{logo(ctx)}{nav_menu(ctx)}'
        '</header><main><article class="liveblog"><div class="liveblog-header"><span class="live-badge">LIVE'
        f'</span><h1 class="headline">{title_h}</h1><div class="standfirst"><p>{standfirst}</p></div><addre'
        "ss "
        f'class="byline">{escape(ctx.pick(PEOPLE))} and {escape(ctx.pick(PEOPLE))}</address></div><details '
        f'class="key-events" open><summary>{ctx.bad("Key events")}</summary><ul>{key_list}</ul></details><d'
        "iv "
        f'class="liveblog-toggle"><label><input type="checkbox"> {ctx.bad("Show key events only")}</label><'
        "/div>"
        '<div class="liveblog-body" id="liveblog-body">'
        + "".join(entries)
        + f'</div><div class="liveblog-pagination"><a href="?page=1" rel="prev">{ctx.bad("Newest")}</a><a '
        f'href="?page=3">{ctx.bad("Previous")}</a><span>1 of 3</span><a href="?page=2">Next</a><a '
        'href="?page=3">'
        f'{ctx.bad("Oldest")}</a></div><button class="load-more">{ctx.bad("Load more updates")}</button></a'
        "rticle>"
        f"{related(ctx)}</main>{footer(ctx)}{pixels(ctx)}</body></html>"
    )


def tpl_cms(ctx: Ctx) -> str:
    """A Drupal or Joomla news site: node/field wrappers or item-page with article-info, pagenav, tabs."""
    title = title_text(ctx)
    title_h = ctx.text(title)
    drupal = ctx.rng.random() < 0.5
    lead = content_img(ctx, ["plain", "native_lazy"])
    paras = "\n".join(paragraph(ctx) for _ in range(ctx.rng.randint(4, 7)))
    if ctx.rng.random() < 0.5:
        paras += "\n" + heading(ctx) + "\n" + paragraph(ctx) + "\n" + plain_list(ctx)
    crumbs = "".join(f'<li><a href="/{slug(x)}">{escape(x)}</a></li>' for x in ["Home", ctx.pick(NAV)])
    if drupal:
        tags = "".join(
            f'<div class="field__item"><a href="/taxonomy/term/{k}" hreflang="en">{ctx.bad(x)}</a></div>'
            for k, x in enumerate(ctx.rng.sample(["Mobility", "Budget", "Council", "Planning", "Events"], 3))
        )
        main = (
            f'<nav class="breadcrumb" role="navigation"><ol>{crumbs}</ol></nav><div data-drupal-messages-fa'
            "llback "
            'class="hidden"></div><div id="block-pagetitle" class="block block-core block-page-title-block"'
            "><h1 "
            f'class="page-title"><span class="field field--name-title field--type-string">{title_h}</span><'
            "/h1></div>"
            '<div id="block-mainpagecontent" class="block block-system block-system-main-block"><article '
            'role="article" class="node node--type-article node--promoted node--view-mode-full"><footer '
            'class="node__meta"><div class="node__submitted">Submitted by <span class="field--name-uid">'
            f'{escape(ctx.pick(PEOPLE))}</span> on <span class="field--name-created">Tue, 03/14/2023 - 10:0'
            f'{ctx.rng.randint(0, 9)}</span></div></footer><div class="node__content clearfix"><div '
            'class="field '
            f'field--name-field-image field--type-image field--label-hidden field__item">{lead}</div><div '
            'class="clearfix text-formatted field field--name-body field--type-text-with-summary '
            "field--label-hidden "
            f'field__item">\n{paras}\n</div><div class="field field--name-field-tags field--type-entity-ref'
            "erence "
            f'field--label-above"><div class="field__label">Tags</div><div class="field__items">{tags}</div'
            "></div>"
            '<section class="field field--name-comment field--type-comment comment-wrapper"><h2 class="title '
            f'comment-form__title">{ctx.bad("Add new comment")}</h2><form class="comment-comment-form"><tex'
            "tarea>"
            '</textarea><input type="submit" value="Save"></form></section><ul class="links inline"><li '
            'class="comment-forbidden"><a href="/user/login">Log in</a> or <a href="/user/register">regist'
            "er</a> "
            f"{ctx.bad('to post comments')}</li></ul></div></article></div>"
        )
        chrome = (
            '<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas><div class="layout-cont'
            'ainer">'
            f'<header role="banner"><div class="region region-header">{logo(ctx)}</div>'
            f'<div class="region region-primary-menu">{nav_menu(ctx, "menu--main")}</div></header><main '
            f'role="main"><div class="layout-content"><div class="region region-content">{main}</div></div>'
            f'<aside class="layout-sidebar-first" role="complementary">{sidebar(ctx)}</aside></main><footer '
            f'role="contentinfo"><div class="region region-footer">{ctx.bad("Powered by Drupal")}</div></fo'
            "oter>"
            "</div></div>"
        )
    else:
        hits = ctx.rng.randint(100, 9000)
        lead_item = lead.replace("<img ", '<img itemprop="image" ', 1)
        main = (
            '<div class="com-content-article item-page" itemscope itemtype="https://schema.org/Article"><me'
            "ta "
            'itemprop="inLanguage" content="en-GB"><div class="page-header"><h1 itemprop="headline">'
            f'{title_h}</h1></div><dl class="article-info text-muted"><dt class="article-info-term">'
            f'{ctx.bad("Details")}</dt><dd class="createdby" itemprop="author"><span class="icon-user '
            f'icon-fw" aria-hidden="true"></span>Written by: <span itemprop="name">{escape(ctx.pick(PEOPLE))}'
            "</span>"
            '</dd><dd class="category-name"><span class="icon-folder-open icon-fw" aria-hidden="true"></span>'
            f'Category: <a href="/news" itemprop="genre">{escape(ctx.pick(NAV))}</a></dd><dd class="hits"><'
            "span "
            f'class="icon-eye icon-fw" aria-hidden="true"></span><meta itemprop="interactionCount" '
            f'content="UserPageVisits:{hits}">{ctx.bad(f"Hits: {hits}")}</dd></dl><figure class="left '
            'item-image">'
            f'{lead_item}</figure><div itemprop="articleBody" '
            f'class="com-content-article__body">\n{paras}\n</div><nav class="pagenavigation" aria-label="Pa'
            "ge "
            'Navigation"><span class="pagination ms-0"><a class="btn btn-sm btn-secondary previous" '
            'href="/prev" '
            f'rel="prev"><span class="icon-chevron-left" aria-hidden="true"></span> {ctx.bad("Prev")}</a><a '
            f'class="btn btn-sm btn-secondary next" href="/next" rel="next">{ctx.bad("Next")} <span '
            'class="icon-chevron-right" aria-hidden="true"></span></a></span></nav></div>'
        )
        chrome = (
            f'<header class="header container-header full-width"><div class="grid-child">{logo(ctx)}</div>'
            f'<div class="grid-child container-nav">{nav_menu(ctx, "mod-menu mod-list nav")}</div></header>'
            '<div class="site-grid"><div class="grid-child container-component"><nav class="mod-breadcrumb'
            's__wrapper" '
            f'aria-label="Breadcrumbs"><ol class="mod-breadcrumbs breadcrumb">{crumbs}</ol></nav><main>{main}'
            "</main>"
            f'</div><div class="grid-child container-sidebar-right">{sidebar(ctx)}</div></div><footer '
            'class="container-'
            f'footer footer full-width"><div class="grid-child">{ctx.bad("Copyright © 2024 Joomla! site")}<'
            "/div></footer>"
        )
    return head(ctx, title) + f'<body class="site">{cookie_banner(ctx)}{chrome}{pixels(ctx)}</body></html>'


def tpl_reddit(ctx: Ctx) -> str:
    """An old-Reddit self post: the submission's title, text and image are content; comments are not."""
    title = f"{ctx.pick(['PSA:', 'Update:', 'Question:', ''])} {sentence(ctx).rstrip('.')}".strip()
    title_h = ctx.text(title)
    sub = slug(ctx.pick(ctx.topic["noun"])).replace("-", "")
    post = [paragraph(ctx) for _ in range(ctx.rng.randint(2, 4))]
    if ctx.rng.random() < 0.4:
        post.insert(1, plain_list(ctx))
    if ctx.rng.random() < 0.5:
        src = f"https://preview.redd.it/{ctx.uid()}{ctx.uid()}.jpg?width=640&amp;format=pjpg&amp;auto=webp"
        ctx.image(src.replace("&amp;", "&"))
        post.insert(1, f'<p><a href="{src}"><img src="{src}" alt="{escape(title[:30])}" width="640"></a></p>')

    def buttons() -> str:
        return (
            '<ul class="flat-list buttons"><li class="first"><a class="bylink" href="#">permalink</a></li><'
            "li "
            'class="link-save-button save-button"><a href="#">save</a></li><li class="report-button"><a '
            'class="reportbtn access-required" href="#">report</a></li><li class="reply-button"><a '
            'href="#">reply'
            "</a></li></ul>"
        )

    def thing(depth: int) -> str:
        who = slug(ctx.pick(PEOPLE)).replace("-", "_")
        child = thing(depth + 1) if depth < 2 and ctx.rng.random() < 0.5 else ""
        return (
            f'<div class="thing id-t1_{ctx.uid()} comment" data-author="{who}"><div class="midcol '
            'unvoted"><div '
            'class="arrow up login-required" role="button" aria-label="upvote"></div></div><div class="entry '
            f'unvoted"><p class="tagline"><a class="author may-blank" href="/user/{who}">{escape(who)}</a><'
            "span "
            f'class="score unvoted">{ctx.rng.randint(2, 900)} points</span> <time>{ctx.rng.randint(2, 11)} '
            "hours ago"
            '</time></p><form class="usertext warn-on-unload"><div class="usertext-body may-blank-within '
            'md-container">'
            f'<div class="md"><p>{ctx.bad(comment(ctx))}</p></div></div></form>{buttons()}</div><div '
            'class="child">'
            f"{child}</div></div>"
        )

    comments_html = "".join(thing(0) for _ in range(ctx.rng.randint(2, 4)))
    rules = f"Be civil. No self-promotion. Posts about the {ctx.pick(ctx.topic['noun'])} must be tagged."
    return (
        head(ctx, f"{title} : {sub}").replace(f" | {escape(ctx.site)}", "")
        + '<body class="listing-page comments-page"><div id="header" role="banner"><div id="sr-header-area"'
        "><div "
        'class="width-clip"><div class="sr-list"><ul class="flat-list sr-bar hover">'
        + "".join(
            f'<li><a class="choice" href="/r/{x}/">{ctx.bad(x)}</a></li>'
            for x in ["popular", "all", "AskReddit", "worldnews"]
        )
        + f'</ul></div></div></div><div id="header-bottom-left"><a id="header-img" href="/">reddit</a><span '
        f'class="hover pagename redditname"><a href="/r/{sub}/">{escape(sub)}</a></span></div></div><div '
        'class="side">'
        '<div class="spacer"><form action="/search" id="search" role="search"><input type="text" name="q" '
        'placeholder="search"></form></div><div class="spacer"><div class="titlebox"><h1 class="hover '
        'redditname">'
        f'<a href="/r/{sub}/">{escape(sub)}</a></h1><span class="subscribers"><span class="number">'
        f'{ctx.rng.randint(1000, 900000):,}</span> <span class="word">{ctx.bad("readers")}</span></span><div '
        f'class="usertext-body"><div class="md"><p>{ctx.bad(rules)}</p></div></div></div></div></div><a '
        'name="content"></a><div class="content" role="main"><div class="sitetable linklisting" '
        'id="siteTable">'
        f'<div class="thing id-t3_{ctx.uid()} self link" data-subreddit="{sub}"><div class="midcol '
        'unvoted"><div '
        f'class="arrow up login-required" role="button" aria-label="upvote"></div><div class="score unvoted">'
        f'{ctx.rng.randint(10, 9000)}</div></div><div class="entry unvoted"><div class="top-matter"><p '
        'class="title">'
        f'<a class="title may-blank" href="/r/{sub}/comments/{ctx.uid()}/">{title_h}</a> <span '
        'class="domain">(<a '
        f'href="/r/{sub}/">self.{sub}</a>)</span></p><p class="tagline">submitted '
        f"<time>{ctx.rng.randint(2, 20)}"
        " hours "
        f'ago</time> by <a class="author" href="/user/x">{escape(ctx.pick(PEOPLE))}</a></p><ul '
        'class="flat-list buttons">'
        f'<li class="first"><a class="bylink comments may-blank" href="#">{ctx.rng.randint(2, 300)} '
        "comments</a></li>"
        f'<li class="share"><a class="post-sharing-button" href="#">{ctx.bad("share")}</a></li><li><a '
        'href="#">'
        f'{ctx.bad("hide")}</a></li></ul></div><div class="expando"><form class="usertext warn-on-unload"><'
        "div "
        'class="usertext-body may-blank-within md-container"><div class="md">'
        + "\n".join(post)
        + '</div></div></form></div></div></div></div><div class="commentarea"><div class="panestack-title"'
        "><span "
        f'class="title">{ctx.bad("all comments")}</span></div><div class="menuarea"><span class="dropdown-t'
        'itle">'
        f'{ctx.bad("sorted by:")}</span> best</div><div class="sitetable nestedlisting">{comments_html}</di'
        "v></div>"
        '</div><div class="footer-parent"><div class="footer rounded"><div class="col"><ul class="hover"><'
        "li><a "
        f'href="/blog">{ctx.bad("blog")}</a></li><li><a href="/about">about</a></li></ul></div></div><p '
        'class="bottommenu">'
        f"{ctx.bad('Use of this site constitutes acceptance of our User Agreement and Privacy Policy.')}"
        f"</p></div>{pixels(ctx)}</body></html>"
    )


def tpl_product(ctx: Ctx) -> str:
    """A WooCommerce product page: gallery, summary, description and attributes are content, reviews not."""
    noun = ctx.pick(ctx.topic["noun"])
    title = f"{ctx.pick(ctx.topic['adj']).title()} {noun.title()} {ctx.pick(['Pro', 'Mini', 'Kit', 'Set'])}"
    title_h = ctx.text(title)
    gallery = []
    for k in range(ctx.rng.randint(1, 3)):
        base = f"https://{ctx.host}/wp-content/uploads/2023/04/{slug(noun)}-{ctx.uid()}"
        ctx.image(f"{base}.jpg")
        wset = ", ".join(f"{base}-{w}x{w}.jpg {w}w" for w in (300, 600, 100)) + f", {base}.jpg 1200w"
        gallery.append(
            f'<div data-thumb="{base}-100x100.jpg" data-thumb-alt="" class="woocommerce-product-gallery__im'
            'age"><a '
            f'href="{base}.jpg"><img width="600" height="600" src="{base}-600x600.jpg" '
            f'class="{"wp-post-image" if k == 0 else ""}'
            '" '
            f'alt="" title="{slug(noun)}" data-caption="" data-src="{base}.jpg" data-large_image="{base}.jp'
            'g" '
            f'data-large_image_width="1200" data-large_image_height="1200" decoding="async" srcset="{wset}" '
            'sizes="(max-width: 600px) 100vw, 600px"></a></div>'
        )
    short = ctx.text(sentence(ctx))
    desc = "\n".join(paragraph(ctx) for _ in range(ctx.rng.randint(2, 4))) + plain_list(ctx)
    attrs = [
        ("Weight", f"{ctx.rng.randint(1, 9)}.{ctx.rng.randint(0, 9)} kg"),
        (
            "Dimensions",
            f"{ctx.rng.randint(10, 90)} × {ctx.rng.randint(10, 90)} × {ctx.rng.randint(2, 20)} cm",
        ),
        ("Colour", ctx.pick(["Black, Green", "Red", "Natural"])),
    ]
    ctx.text(" ".join(c for a in attrs for c in a))
    attr_rows = "".join(
        '<tr class="woocommerce-product-attributes-item"><th class="woocommerce-product-attributes-item__l'
        f'abel">{a}'
        f'</th><td class="woocommerce-product-attributes-item__value"><p>{escape(b)}</p></td></tr>'
        for a, b in attrs
    )
    reviews = "".join(
        f'<li class="review byuser even thread-even depth-1" id="li-comment-{k}"><div id="comment-{k}" '
        f'class="comment_container"><img alt="" src="https://secure.gravatar.com/avatar/{ctx.uid()}?s=60&am'
        'p;d=mm" '
        'class="avatar avatar-60 photo" height="60" width="60" loading="lazy"><div class="comment-text"><div '
        f'class="star-rating" role="img" aria-label="Rated {r} out of 5"><span style="width:{r * 20}%">Rate'
        "d <strong "
        f'class="rating">{r}</strong> out of 5</span></div><p class="meta"><strong class="woocommerce-revie'
        'w__author">'
        f'{escape(ctx.pick(PEOPLE))} </strong><em class="woocommerce-review__verified verified">(verified '
        "owner)</em> "
        f'<time class="woocommerce-review__published-date">March {ctx.rng.randint(1, 28)}, 2023</time></p><'
        "div "
        f'class="description"><p>{ctx.bad(comment(ctx))}</p></div></div></div></li>'
        for k, r in enumerate(ctx.rng.choices([3, 4, 5], k=ctx.rng.randint(2, 3)))
    )

    def bundle(k: int) -> str:
        return f"{ctx.pick(ctx.topic['adj']).title()} {ctx.pick(ctx.topic['noun']).title()} Bundle {k}"

    related_items = "".join(
        f'<li class="product type-product"><a href="/product/{ctx.uid()}/" class="woocommerce-LoopProduct-l'
        'ink"><img '
        f'width="300" height="300" src="/wp-content/uploads/2023/04/{ctx.uid()}-300x300.jpg" alt="" '
        'loading="lazy">'
        f'<h2 class="woocommerce-loop-product__title">{ctx.bad(bundle(k))}'
        f'</h2><span class="price">${ctx.rng.randint(9, 300)}.00</span></a><a href="?add-to-cart=1" '
        'class="button '
        f'add_to_cart_button">{ctx.bad("Add to cart")}</a></li>'
        for k in range(3)
    )
    product = (
        f'<div id="product-{ctx.rng.randint(10, 9999)}" class="product type-product status-publish instock '
        'has-post-thumbnail shipping-taxable purchasable"><div class="woocommerce-product-gallery '
        'woocommerce-product-gallery--with-images images" data-columns="4"><div class="woocommerce-product-'
        "gallery__"
        f'wrapper">{"".join(gallery)}</div></div><div class="summary entry-summary"><h1 class="product_title '
        f'entry-title">{title_h}</h1><p class="price"><span class="woocommerce-Price-amount amount"><bdi><s'
        "pan "
        f'class="woocommerce-Price-currencySymbol">$</span>{ctx.rng.randint(9, 300)}.00</bdi></span></p><div '
        f'class="woocommerce-product-details__short-description"><p>{short}</p></div><form class="cart" '
        'method="post"><div class="quantity"><label class="screen-reader-text">Quantity</label><input '
        'type="number" '
        'class="input-text qty text" value="1"></div><button type="submit" class="single_add_to_cart_button'
        " button "
        'alt">Add to cart</button></form><div class="product_meta"><span class="sku_wrapper">SKU: '
        '<span class="sku">'
        f'{ctx.uid()[:6].upper()}</span></span> <span class="posted_in">Category: <a href="/c/x" rel="tag">'
        f'{escape(ctx.pick(NAV))}</a></span></div></div><div class="woocommerce-tabs wc-tabs-wrapper"><ul '
        'class="tabs '
        'wc-tabs" role="tablist"><li class="description_tab active" role="presentation"><a href="#tab-descr'
        'iption" '
        'role="tab">Description</a></li><li class="additional_information_tab" role="presentation"><a '
        f'href="#tab-additional_information" role="tab">{ctx.bad("Additional information")}</a></li><li '
        f'class="reviews_tab" role="presentation"><a href="#tab-reviews" role="tab">{ctx.bad("Reviews")} '
        "(3)</a></li>"
        '</ul><div class="woocommerce-Tabs-panel woocommerce-Tabs-panel--description panel entry-content '
        'wc-tab" '
        f'id="tab-description" role="tabpanel"><h2>Description</h2>{desc}</div><div class="woocommerce-Tabs'
        "-panel "
        'woocommerce-Tabs-panel--additional_information panel entry-content wc-tab" id="tab-additional_info'
        'rmation" '
        'role="tabpanel"><table class="woocommerce-product-attributes shop_attributes">'
        f'{attr_rows}</table></div><div class="woocommerce-Tabs-panel woocommerce-Tabs-panel--reviews panel '
        'entry-content wc-tab" id="tab-reviews" role="tabpanel"><div id="reviews" class="woocommerce-Review'
        's"><div '
        f'id="comments"><h2 class="woocommerce-Reviews-title">{ctx.bad("customer reviews for this product")}'
        "</h2><ol "
        f'class="commentlist">{reviews}</ol></div><div id="review_form_wrapper"><div id="review_form"><div '
        'id="respond" class="comment-respond"><span id="reply-title" '
        f'class="comment-reply-title">{ctx.bad("Add a review")}'
        '</span><form class="comment-form"><div class="comment-form-rating"><label for="rating">Your '
        "rating</label>"
        '<select name="rating" id="rating"><option value="5">Perfect</option></select></div><textarea '
        'id="comment">'
        '</textarea></form></div></div></div></div></div></div><section class="related products"><h2>'
        f'{ctx.bad("Related products")}</h2><ul class="products columns-4">{related_items}</ul></section></'
        "div>"
    )
    return (
        head(ctx, title)
        + f'<body class="product-template-default single single-product woocommerce">{cookie_banner(ctx)}'
        '<div id="page" class="hfeed site"><header id="masthead" '
        f'class="site-header">{logo(ctx)}{nav_menu(ctx)}'
        '</header><div id="content" class="site-content"><div class="col-full"><div id="primary" '
        'class="content-area">'
        f'<main id="main" class="site-main"><nav class="woocommerce-breadcrumb"><a href="/">Home</a> / '
        f"{escape(noun.title())}</nav>{product}</main></div></div></div>{footer(ctx)}</div>{pixels(ctx)}</b"
        "ody></html>"
    )


NEW_TEMPLATES: dict[str, Callable[[Ctx], str]] = {
    "ghost": tpl_ghost,
    "substack": tpl_substack,
    "blogger": tpl_blogger,
    "mediawiki": tpl_mediawiki,
    "github": tpl_github,
    "arxiv": tpl_arxiv,
    "recipe": tpl_recipe,
    "liveblog": tpl_liveblog,
    "cms": tpl_cms,
    "reddit": tpl_reddit,
    "product": tpl_product,
}


CLASSIC_TEMPLATES: dict[str, Callable[[Ctx], str]] = {
    "wordpress": tpl_wordpress,
    "medium": tpl_medium,
    "news": tpl_news,
    "docs": tpl_docs,
    "gallery": tpl_gallery,
    "qa": tpl_qa,
    "forum": tpl_forum,
    "divsoup": tpl_divsoup,
}
TEMPLATES: dict[str, Callable[[Ctx], str]] = {**CLASSIC_TEMPLATES, **NEW_TEMPLATES}


# ---------------------------------------------------------------------------------------------------
# Generation.


def seq(text: str) -> str:
    """Token sequence as a delimited string, so containment means a contiguous token run."""
    return "\x1f" + "\x1f".join(t.lower() for t in _TOKEN.findall(text)) + "\x1f"


def make_page(seed: int, i: int, kind: str | None = None) -> Page:
    """Page ``i`` of a seed: a first-family template by rotation, or page ``i`` of a later ``kind``.

    The first eight families keep their rotation, names and random streams, so a seed's pages of
    those kinds are the same whatever kinds were added after them.
    """
    if kind is None or kind in CLASSIC_TEMPLATES:
        name = f"web{seed}_{i:03d}"
        template = list(CLASSIC_TEMPLATES)[i % len(CLASSIC_TEMPLATES)]
        rng = random.Random(f"webgen:{seed}:{i}")
    else:
        name, template = f"web{seed}_{kind}_{i:02d}", kind
        rng = random.Random(f"webgen:{seed}:{kind}:{i}")
    site = rng.choice(SITE)
    host = f"www.{slug(site).replace('-', '')}.{rng.choice(['com', 'org', 'co.uk', 'net'])}"
    topic = TOPICS[rng.choice(sorted(TOPICS))]
    path = rng.choice(
        [
            f"/{rng.randint(2019, 2024)}/{rng.randint(1, 12):02d}/{i}-story/",
            f"/blog/post-{i}.html",
            f"/news/section/article-{rng.randint(10**5, 10**6)}.html",
        ]
    )
    page = Page(name, template, f"https://{host}{path}")
    ctx = Ctx(rng, page, host, site, topic, base=page.url)
    page.html = TEMPLATES[template](ctx)
    gold = seq(" \n ".join(page.blocks))
    page.must_not = [s for s in dict.fromkeys(page.must_not) if seq(s) not in gold and seq(s) != "\x1f"]
    return page


def plan(count: int, seed: int, kinds: list[str] | None = None) -> list[tuple[int, str | None]]:
    """(index, kind) of every page: ``count`` pages of the first-family rotation (those of the chosen
    kinds), then as many pages per later kind as the rotation gives each first-family kind."""
    kinds = list(TEMPLATES) if kinds is None else kinds
    unknown = sorted(set(kinds) - set(TEMPLATES))
    if unknown:
        raise ValueError(f"unknown kinds {unknown}; known: {', '.join(TEMPLATES)}")
    classic = list(CLASSIC_TEMPLATES)
    out: list[tuple[int, str | None]] = [
        (i, None) for i in range(count) if classic[i % len(classic)] in kinds
    ]
    per_kind = max(1, -(-count // len(classic)))
    out += [(i, k) for k in NEW_TEMPLATES if k in kinds for i in range(per_kind)]
    return out


def generate(out: Path, count: int, seed: int, kinds: list[str] | None = None) -> list[Page]:
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for i, kind in plan(count, seed, kinds):
        page = make_page(seed, i, kind)
        (out / f"{page.name}.html").write_text(page.html, encoding="utf-8")
        gt = {k: v for k, v in asdict(page).items() if k != "html"}
        (out / f"{page.name}.gt.json").write_text(
            json.dumps(gt, indent=1, ensure_ascii=False), encoding="utf-8"
        )
        pages.append(page)
    return pages


# ---------------------------------------------------------------------------------------------------
# Scoring.


def _shingles(s: str, n: int = 3) -> set[str]:
    toks = s.strip("\x1f").split("\x1f")
    return {"\x1f".join(toks[k : k + n]) for k in range(max(1, len(toks) - n + 1))}


def score(page: Page, text: str, images: list[set[str]]) -> dict:
    """Scores of one extractor's output on one page, with every failure spelled out."""
    out = seq(text)
    out_sh = _shingles(out)
    failures: list[tuple[str, str]] = []
    positions, found = [], 0
    for block in page.blocks:
        bs = seq(block)
        pos = out.find(bs, positions[-1] if positions else 0)  # in order first: headings can repeat
        pos = pos if pos >= 0 else out.find(bs)
        if pos >= 0:
            found += 1
            positions.append(pos)
            continue
        sh = _shingles(bs)
        cover = len(sh & out_sh) / len(sh)
        kind = "partial text block" if cover >= 0.5 else "missed text block"
        failures.append((kind, f"{cover:.0%} {block[:90]}"))
    leaks = [s for s in page.must_not if seq(s) in out]
    failures += [("leaked boilerplate", s[:90]) for s in leaks]
    matched, predicted, expected, order = image_scores(images, page.images)
    used = [False] * len(page.images)
    for keys in images:
        hit = next((j for j, g in enumerate(page.images) if not used[j] and g in keys), None)
        if hit is None:
            failures.append(("extra image", _chosen(keys)))
        else:
            used[hit] = True
    failures += [("missed image", g) for g, u in zip(page.images, used, strict=True) if not u]
    return {
        "f1": f1(text, "\n".join(page.blocks)),
        "blocks_found": found,
        "blocks": len(page.blocks),
        "text_order": _lis(positions) / len(positions) if positions else 1.0,
        "images": (matched, predicted, expected, order),
        "leaks": len(leaks),
        "must_not": len(page.must_not),
        "failures": failures,
    }


def _chosen(keys: set[str]) -> str:
    return min(keys, key=len)[:120]


def run_page(page: Page, tools: tuple[str, ...]) -> dict:
    raw = page.html.encode("utf-8")
    row: dict = {"page": page.name, "template": page.template}
    for tool in tools:
        try:
            if tool == "docbuild":
                text, imgs = docbuild_extract(raw, page.name, page.url)
            else:
                text, imgs = trafilatura_extract(raw, page.url)
        except Exception as exc:  # a crash is a finding, not the end of the run
            row[tool] = {**score(page, "", []), "error": f"{type(exc).__name__}: {exc}"}
            continue
        row[tool] = score(page, text, imgs)
    return row


def summarize(rows: list[dict], tool: str) -> dict:
    """Overall numbers: mean text P/R/F1, pooled image P/R, mean image order, pooled leak rate."""
    rs = [r[tool] for r in rows if tool in r]
    if not rs:
        return {}
    n = len(rs)
    m, p, e = (sum(r["images"][k] for r in rs) for k in range(3))
    orders = [r["images"][3] for r in rs if r["images"][0]]
    return {
        "pages": n,
        "text_precision": round(sum(r["f1"][0] for r in rs) / n, 4),
        "text_recall": round(sum(r["f1"][1] for r in rs) / n, 4),
        "text_f1": round(sum(r["f1"][2] for r in rs) / n, 4),
        "block_recall": round(sum(r["blocks_found"] for r in rs) / max(1, sum(r["blocks"] for r in rs)), 4),
        "text_order": round(sum(r["text_order"] for r in rs) / n, 4),
        # no image expected and none output is a perfect score, not 0 (arXiv abstract pages)
        "image_precision": round(m / p, 4) if p else float(e == 0),
        "image_recall": round(m / e, 4) if e else 1.0,
        "image_order": round(sum(orders) / len(orders), 4) if orders else 0.0,
        "leak_rate": round(sum(r["leaks"] for r in rs) / max(1, sum(r["must_not"] for r in rs)), 4),
        "errors": sum("error" in r for r in rs),
    }


def run(pages: list[Page], tools: tuple[str, ...] = ("docbuild", "trafilatura")) -> dict:
    rows = [run_page(p, tools) for p in pages]
    by_template: dict[str, dict] = {}
    for t in TEMPLATES:
        sub = [r for r in rows if r["template"] == t]
        if sub:
            by_template[t] = {tool: summarize(sub, tool) for tool in tools}
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        for kind, _ in r.get("docbuild", {}).get("failures", []):
            kinds[r["template"]][kind] += 1
    return {
        "summary": {tool: summarize(rows, tool) for tool in tools},
        "by_template": by_template,
        "docbuild_failure_kinds": {k: dict(v) for k, v in kinds.items()},
        "pages": rows,
    }


def report(result: dict, show: tuple[str, ...]) -> None:
    for r in result["pages"]:
        line = f"{r['page']:12s} {r['template']:9s}"
        for tool in ("docbuild", "trafilatura"):
            if tool in r:
                s = r[tool]
                im = s["images"]
                line += (
                    f" | {tool[0]} F1 {s['f1'][2]:.3f} blk {s['blocks_found']}/{s['blocks']} img "
                    f"{im[0]}/{im[1]}/{im[2]}"
                    f" leak {s['leaks']}/{s['must_not']}"
                )
        print(line)
        for tool in show:
            if "error" in r.get(tool, {}):
                print(f"  FAIL {r['page']} {r['template']} {tool} crashed: {r[tool]['error']}")
            for kind, what in r.get(tool, {}).get("failures", []):
                print(f"  FAIL {r['page']} {r['template']} {tool}: {kind}: {what}")
    print("\nby template (docbuild | trafilatura): F1, image P/R, leak rate")
    for t, s in result["by_template"].items():
        cells = [
            f"F1 {v['text_f1']:.3f} P {v['image_precision']:.2f} R {v['image_recall']:.2f} leak "
            f"{v['leak_rate']:.3f}"
            for v in s.values()
        ]
        print(f"  {t:9s} " + " | ".join(cells))
    print("\ndocbuild failure kinds per template:")
    for t, k in result["docbuild_failure_kinds"].items():
        print(f"  {t:9s} " + ", ".join(f"{kind} {n}" for kind, n in sorted(k.items())))
    print("\n" + json.dumps(result["summary"], indent=1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("/tmp/webgen"))
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument(
        "--show",
        choices=["docbuild", "trafilatura", "both", "none"],
        default="docbuild",
        help="whose failures to list line by line",
    )
    ap.add_argument("--no-trafilatura", action="store_true", help="score docbuild only")
    ap.add_argument(
        "--kinds",
        default="all",
        help=f"comma-separated kinds, 'classic' (the first eight) or 'new'; default: {','.join(TEMPLATES)}",
    )
    args = ap.parse_args(argv)
    groups = {"all": list(TEMPLATES), "classic": list(CLASSIC_TEMPLATES), "new": list(NEW_TEMPLATES)}
    kinds = [k for part in args.kinds.split(",") if part for k in groups.get(part, [part])]
    pages = generate(args.out, args.count, args.seed, kinds)
    tools = ("docbuild",) if args.no_trafilatura else ("docbuild", "trafilatura")
    result = run(pages, tools)
    show = {"both": ("docbuild", "trafilatura"), "none": ()}.get(args.show, (args.show,))
    report(result, show)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
