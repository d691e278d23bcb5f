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

    python3 benchmarks/webgen.py --count 40 --seed 1 --out /tmp/webgen1 [--json out.json]
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


TEMPLATES: dict[str, Callable[[Ctx], str]] = {
    "wordpress": tpl_wordpress,
    "medium": tpl_medium,
    "news": tpl_news,
    "docs": tpl_docs,
    "gallery": tpl_gallery,
    "qa": tpl_qa,
    "forum": tpl_forum,
    "divsoup": tpl_divsoup,
}


# ---------------------------------------------------------------------------------------------------
# Generation.


def seq(text: str) -> str:
    """Token sequence as a delimited string, so containment means a contiguous token run."""
    return "\x1f" + "\x1f".join(t.lower() for t in _TOKEN.findall(text)) + "\x1f"


def make_page(seed: int, i: int) -> Page:
    """Page ``i`` of a seed: template by rotation, everything else from a per-page random source."""
    name = f"web{seed}_{i:03d}"
    template = list(TEMPLATES)[i % len(TEMPLATES)]
    rng = random.Random(f"webgen:{seed}:{i}")
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


def generate(out: Path, count: int, seed: int) -> list[Page]:
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for i in range(count):
        page = make_page(seed, i)
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
        "image_precision": round(m / p, 4) if p else 0.0,
        "image_recall": round(m / e, 4) if e else 0.0,
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
    args = ap.parse_args(argv)
    pages = generate(args.out, args.count, args.seed)
    tools = ("docbuild",) if args.no_trafilatura else ("docbuild", "trafilatura")
    result = run(pages, tools)
    show = {"both": ("docbuild", "trafilatura"), "none": ()}.get(args.show, (args.show,))
    report(result, show)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
