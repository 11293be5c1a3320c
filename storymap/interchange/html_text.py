"""Plain text from the HTML of another tool's text fields.

The exporters write an event's text as ``<p>summary</p>``, an optional
``<blockquote>quote</blockquote>`` and ``<p><cite>title <a href="URL">URL</a></cite></p>``;
this reads them back: the paragraphs as text (a link kept as its address), the quote,
and the cited source's title and address.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table"}
_HIDDEN = {"script", "style", "template"}


@dataclass(frozen=True)
class ReadHtml:
    text: str  # paragraphs parted by a blank line
    source: tuple[str, str | None] | None = None  # a <cite>'s (title, url or None)
    quote: str = ""  # the <blockquote>'s text


@dataclass
class _Part:
    chunks: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text, self.quote, self.cite = _Part(), _Part(), _Part()
        self.inside: list[str] = []
        self.href: str | None = None
        self.link_text: list[str] = []

    def _part(self) -> _Part:
        if "cite" in self.inside:
            return self.cite
        return self.quote if "blockquote" in self.inside else self.text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("cite", "blockquote", *_HIDDEN):
            self.inside.append(tag)
        elif tag == "a":
            self.href = (dict(attrs).get("href") or "").strip() or None
            self.link_text = []
        elif tag == "br":
            self._break("\n")
        elif tag in _BLOCKS:
            self._break("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("cite", "blockquote", *_HIDDEN) and tag in self.inside:
            # An unclosed element inside is closed with it.
            del self.inside[len(self.inside) - 1 - self.inside[::-1].index(tag) :]
        elif tag == "a" and self.href is not None:
            self._close_link()
        elif tag in _BLOCKS:
            self._break("\n\n")

    def _break(self, text: str) -> None:
        if self.href is not None:  # a link left open ends with its line
            self._close_link()
        self._part().chunks.append(text)

    def handle_data(self, data: str) -> None:
        if any(tag in _HIDDEN for tag in self.inside):
            return
        if self.href is not None:
            self.link_text.append(data)
        else:
            self._part().chunks.append(data)

    def _close_link(self) -> None:
        href, label = self.href or "", " ".join("".join(self.link_text).split())
        part = self._part()
        part.links.append(href)
        if part is self.cite and label == href:
            pass  # the cited source's address: its url, not its title
        elif not label or label == href:
            part.chunks.append(href)
        else:
            part.chunks.append(f"{label} ({href})")
        self.href = None

    def close(self) -> None:
        super().close()
        if self.href is not None:
            self._close_link()


def _joined(chunks: list[str]) -> str:
    paragraphs = []
    for block in "".join(chunks).split("\n\n"):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def read_html(html: str) -> ReadHtml:
    """The text, the cited source and the quote of one HTML fragment."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    title = _joined(reader.cite.chunks).strip(" ,;:-–—")
    url = reader.cite.links[0] if reader.cite.links else None
    source = (title, url) if title or url else None
    return ReadHtml(_joined(reader.text.chunks), source, _joined(reader.quote.chunks))


def _plain_text(html: str) -> str:
    return read_html(html).text
