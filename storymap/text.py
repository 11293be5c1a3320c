"""Data text stays literal text wherever it goes: Streamlit's markdown, folium's scripts,
links."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

# CommonMark lets a backslash escape any ASCII punctuation, which then shows as itself.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


# GitHub-flavoured markdown (Streamlit's) links bare addresses, escaped or not:
# "www.", "scheme://" and "name@host". An invisible word joiner inside each keeps the
# text as written, and unlinked.
_WORD_JOINER = "\u2060"
_AUTOLINK_STARTS = re.compile(r"(?i)\bwww(?=\.)|:(?=//)|@")


def markdown_literal(text: str) -> str:
    """``text`` escaped so that markdown shows it as written: no links, images or markup."""
    one_line = " ".join(str(text).split())
    unlinked = _AUTOLINK_STARTS.sub(lambda match: match.group(0) + _WORD_JOINER, one_line)
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", unlinked)


# folium writes tooltip text into a JavaScript template literal (`...`), where a backtick
# ends the string, "${" starts code and a backslash escapes. And branca compiles the
# script it renders as a Jinja template once more, so "{{ ... }}" or "{% ... %}" in the
# text would run on the server. As HTML character references these are inert in both,
# and show as themselves once Leaflet puts the HTML in the page.
_FOLIUM_SCRIPT_SPECIALS = str.maketrans(
    {"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"}
)


def html_for_folium_script(text: str) -> str:
    """``text`` as HTML that stays text inside the scripts folium writes."""
    return html.escape(str(text), quote=True).translate(_FOLIUM_SCRIPT_SPECIALS)


def safe_link(url: str) -> str | None:
    """The URL if it is an absolute http(s) address, else None (no javascript: links)."""
    parts = urlsplit(url.strip())
    if parts.scheme in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def file_slug(title: str, fallback: str = "story") -> str:
    """``title`` as the start of a file name: lowercase words joined by hyphens."""
    words = re.findall(r"[^\W_]+", title.lower())
    return "-".join(words)[:60].strip("-") or fallback
