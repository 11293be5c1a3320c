"""HTML fragments, as StoryMapJS and TimelineJS write a slide's text, read as plain text.

A story's cells are plain text, so an imported fragment keeps its words, its paragraphs
and list items (one "• item" line each), and its links' addresses: a link reads
"text (https://…)", or just the address when its text is the address. Only http, https
and mailto addresses are kept; a ``javascript:`` link, or any other, keeps its text alone.

Two elements are read apart from the text, as the exporters write them: the first
``<cite>`` is the event's source (its text the title, its first link the address), and
``<blockquote>`` is the source's own words (the ``quote`` column).

The fragment is read with the standard library's HTML parser, which takes broken markup
as browsers do: unclosed tags, stray end tags and entities are all read, and the content
of ``<script>`` and ``<style>`` is dropped.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from html.parser import HTMLParser
from urllib.parse import urlsplit

from storymap.interchange.draft import DraftSource

KEPT_SCHEMES = ("http", "https", "mailto")
# Elements open at once, at most: a slide's text nests a few deep; a file with thousands
# of unclosed "<ul>" would make each new element look through all the open ones.
MAX_DEPTH = 64
BULLET = "• "

# Elements whose content is never text a reader sees.
_HIDDEN = frozenset({"script", "style", "template", "head", "title", "noscript"})
# Elements that stand on lines of their own: text on either side is parted by a blank line.
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "main",
        "nav",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "dl",
        "table",
        "pre",
        "figure",
        "figcaption",
        "address",
        "hr",
        "blockquote",
    }
)
# Elements that start a new line, not a new paragraph.
_LINES = frozenset({"br", "li", "tr", "dt", "dd"})
# Elements with no end tag: never on the stack of open elements.
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
# A <p> closes at the start of any of these, as browsers close it.
_CLOSES_PARAGRAPH = _BLOCKS | {"li", "dt", "dd"}


class _Break(Enum):
    """Where text parts: a new line, or a new paragraph (a blank line)."""

    LINE = "\n"
    PARAGRAPH = "\n\n"


_LINE_BREAK, _PARAGRAPH_BREAK = _Break.LINE, _Break.PARAGRAPH


@dataclass(frozen=True)
class ReadHtml:
    """What an HTML fragment says, as plain text."""

    text: str  # paragraphs parted by a blank line, list items one a line; no cite, no quote
    source: DraftSource | None  # the <cite>'s title and its first link's address
    quote: str  # the <blockquote>'s text, "" if none


def read_html(html: str) -> ReadHtml:
    """Read an HTML fragment as plain text, with its cite and blockquote apart."""
    reader = _FragmentReader()
    reader.feed(_unfinished_tags_as_text(html))
    reader.close()
    return reader.result()


def _unfinished_tags_as_text(html: str) -> str:
    """``html`` with each "<" after its last ">" written as "&lt;".

    A tag that never ends is no element, and is dropped or shown as text; but Python's
    parser (3.11) looks for the end of each such tag through the whole rest of the
    text, so "<a <a <a …" took time growing with the square of its length (8 s for
    30 KB). Written as text, each "<" costs nothing.
    """
    last_end = html.rfind(">")
    tail = html[last_end + 1 :]
    if "<" not in tail:
        return html
    return html[: last_end + 1] + tail.replace("<", "&lt;")


def kept_address(href: str | None) -> str | None:
    """``href`` when it is an http, https or mailto address a reader can follow; else None.

    Browsers ignore tabs and line breaks inside an address ("java\\tscript:" is
    ``javascript:``), so they are removed before the scheme is read.
    """
    if not href:
        return None
    address = "".join(ch for ch in href.strip() if ch not in "\t\n\r")
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in address):
        return None
    try:
        parts = urlsplit(address)
    except ValueError:  # a malformed IPv6 host, say
        return None
    if parts.scheme.lower() not in KEPT_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return address


@dataclass
class _Flow:
    """Text being gathered: pieces of inline text and the breaks between them."""

    pieces: list[str | _Break] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.pieces.append(text)

    def brk(self, kind: _Break) -> None:
        self.pieces.append(kind)

    def since(self, start: int) -> str:
        """The inline text added since ``start``, whitespace collapsed."""
        return _collapse("".join(p for p in self.pieces[start:] if isinstance(p, str)))

    def render(self) -> str:
        """Lines of collapsed text; the strongest break wins where breaks meet."""
        out: list[str] = []
        pending: _Break | None = None
        line: list[str] = []

        def finish_line() -> None:
            nonlocal pending
            text = _collapse("".join(line))
            line.clear()
            if not text:
                return
            if out:
                out.append((pending or _LINE_BREAK).value)
            out.append(text)
            pending = None

        for piece in self.pieces:
            if isinstance(piece, _Break):
                finish_line()
                if out and pending is not _PARAGRAPH_BREAK:
                    pending = piece
            else:
                line.append(piece)
        finish_line()
        return "".join(out)


def _collapse(text: str) -> str:
    """Runs of whitespace (a no-break space too) made one space; controls removed."""
    shown = "".join(
        ch for ch in text if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cs")
    )
    return " ".join(shown.split())  # a no-break space is whitespace too


@dataclass
class _Open:
    """An element still open, and what closing it must finish."""

    tag: str
    link_start: int | None = None  # <a>: where its text starts in its flow
    href: str | None = None
    flow: _Flow | None = None  # <a>: the flow its text went to


class _FragmentReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = _Flow()
        self.quote = _Flow()
        self.cite = _Flow()
        self.cite_href: str | None = None
        self.cite_seen = False  # only the first <cite> is the source; later ones stay text
        self.open: list[_Open] = []
        self.hidden = 0
        self.in_quote = 0
        self.in_cite = False

    # What text goes where: a cite's words are the source's, a quote's the quote's.
    def flow(self) -> _Flow:
        if self.in_cite:
            return self.cite
        if self.in_quote:
            return self.quote
        return self.text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CLOSES_PARAGRAPH:
            self._close_to("p", stop_at={"blockquote", "li"})
        if tag == "li":
            self._close_to("li", stop_at={"ul", "ol"})
        if tag == "a":
            self._close_to("a", stop_at=set())  # a link inside a link ends the first
        if tag in ("ul", "ol") and self._is_open("li"):
            self.flow().brk(_LINE_BREAK)  # a list in a list item: its items are lines
        elif tag in _BLOCKS:
            self.flow().brk(_PARAGRAPH_BREAK)
        elif tag in _LINES:
            self.flow().brk(_LINE_BREAK)
        elif tag in ("td", "th"):
            self.flow().add(" ")
        if tag in _VOID or len(self.open) >= MAX_DEPTH:
            # Deeper than any real text nests: its text is kept, its element is not,
            # so that closing elements never means scanning thousands of open ones.
            return
        element = _Open(tag)
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "blockquote":
            self.in_quote += 1
        elif tag == "cite" and not self.cite_seen and not self.in_cite:
            self.cite_seen = True
            self.in_cite = True
            element.flow = self.cite
        elif tag == "a":
            element.href = dict(attrs).get("href")
            element.flow = self.flow()
            element.link_start = len(element.flow.pieces)
        elif tag == "li":
            self.flow().add(BULLET)
        self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # "<br/>", "<p/>": an element that opens and closes at once.
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # browsers read "</br>" as "<br>"
            self.flow().brk(_LINE_BREAK)
            return
        if self._is_open(tag):
            self._close_to(tag, stop_at=set())
        elif tag in _BLOCKS:  # a stray "</p>" still parts paragraphs, as in a browser
            self.flow().brk(_PARAGRAPH_BREAK)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.flow().add(data)

    def _is_open(self, tag: str) -> bool:
        return any(element.tag == tag for element in self.open)

    def close(self) -> None:
        super().close()
        while self.open:
            self._finish(self.open.pop())

    def _close_to(self, tag: str, stop_at: set[str]) -> None:
        """Close the innermost open ``tag`` and everything opened inside it, unless an
        element of ``stop_at`` is open inside it first (a list's own items, say)."""
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].tag == tag:
                while len(self.open) > index:
                    self._finish(self.open.pop())
                return
            if self.open[index].tag in stop_at:
                return

    def _finish(self, element: _Open) -> None:
        tag = element.tag
        if tag in _HIDDEN:
            self.hidden -= 1
        elif tag == "blockquote":
            self.in_quote -= 1
            self.quote.brk(_PARAGRAPH_BREAK)
        elif tag == "cite" and element.flow is self.cite:
            self.in_cite = False
        elif tag == "a" and element.flow is not None and element.link_start is not None:
            self._finish_link(element.flow, element.link_start, element.href)
        if tag in ("ul", "ol") and self._is_open("li"):
            self.flow().brk(_LINE_BREAK)
        elif tag in _BLOCKS:
            self.flow().brk(_PARAGRAPH_BREAK)
        elif tag == "li":
            self.flow().brk(_LINE_BREAK)

    def _finish_link(self, flow: _Flow, start: int, href: str | None) -> None:
        address = kept_address(href)
        if address is None:
            return  # the link's text stays, as any text
        words = flow.since(start)
        if flow is self.cite:
            # In a citation the address is the source's url, not part of its title.
            if self.cite_href is None:
                self.cite_href = address
            if _names_address(words, address):
                del flow.pieces[start:]
            return
        if not words:
            flow.add(f" {address} ")
        elif not _names_address(words, address):
            flow.add(f" ({address})")
        elif not address.lower().startswith("mailto:"):
            # The text is the address, perhaps without its scheme: the address, whole.
            del flow.pieces[start:]
            flow.add(address)

    def result(self) -> ReadHtml:
        source = None
        if self.cite_seen:
            title = self.cite.render().replace("\n", " ").strip(" ,;:–—-")
            if title or self.cite_href:
                source = DraftSource(title, self.cite_href)
        quote = self.quote.render().replace("\n\n", " ").replace("\n", " ")
        return ReadHtml(text=self.text.render(), source=source, quote=quote)


def _names_address(words: str, address: str) -> bool:
    """Whether a link's text is its address, give or take the scheme or a final slash."""

    def bare(text: str) -> str:
        text = text.strip().lower().rstrip("/")
        for prefix in ("mailto:", "https://", "http://", "www."):
            text = text.removeprefix(prefix)
        return text

    return bool(words) and bare(words) == bare(address)
