"""The interface's language: which one a run speaks, and its words from the catalogs.

The words live in gettext catalogs, ``storymap/locale/<code>/LC_MESSAGES/messages.po``,
made and kept up to date with Babel (``make translations``). The compiled ``.mo``
files are built by ``make run`` and ``make test``; where they are missing or older
than their ``.po`` (a fresh deployment that runs ``streamlit run app.py`` itself), the
``.po`` is compiled in memory on first use, so the app never speaks from a stale file.

One server serves readers in several languages at once, so the language is not a
process-wide setting: each run sets it for its own thread of work (a context
variable), and ``_`` reads it there.

A message's placeholders have one name per thing, so that a translator learns each once:
``{count}`` the number a plural form counts; ``{file}`` a file's name; ``{value}`` a
value as it was written (a cell, a link's parameter); ``{line}`` a line of a file;
``{limit}`` the most allowed, in the unit the message names; ``{size}`` a size measured;
``{megabytes}`` and ``{kilobytes}`` a limit said again in MB or KB; ``{date}`` one date,
``{start}`` and ``{end}`` a span's two; ``{first}`` and ``{last}`` two years;
``{number}`` a feature's place in its file, not a count.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext
import io
import re
from collections.abc import Iterator
from pathlib import Path

LOCALE_DIRECTORY = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"

# The interface's languages, each named in itself for the menu that offers them.
INTERFACE_LANGUAGES: dict[str, str] = {
    "en": "English",
    "ru": "Русский",
    "uk": "Українська",
    "ja": "日本語",
    "zh": "中文（简体）",
}
# The locale Babel formats each language's dates and numbers in: English as written in
# Britain (8 February 1904, as the story always wrote it), Chinese in simplified script.
BABEL_LOCALES: dict[str, str] = {
    "en": "en_GB",
    "ru": "ru",
    "uk": "uk",
    "ja": "ja",
    "zh": "zh_Hans_CN",
}

_current = contextvars.ContextVar("interface_language", default=SOURCE_LANGUAGE)
_LANGUAGE_TAG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_]([A-Za-z0-9]{2,8}))*\s*$")
_ACCEPT_ITEM = re.compile(
    r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)\s*(?:;\s*q\s*=\s*([^\s,;]*))?"
)
_MAX_ACCEPT_ITEMS = 20  # a header longer than this says nothing more worth reading


def current_language() -> str:
    """The code of the language this run speaks."""
    return _current.get()


def set_language(code: str) -> None:
    """Speak ``code`` for the rest of this run; an unknown code speaks English."""
    _current.set(code if code in INTERFACE_LANGUAGES else SOURCE_LANGUAGE)


@contextlib.contextmanager
def speaking(code: str) -> Iterator[None]:
    """Speak ``code`` inside the block, then the language spoken before."""
    token = _current.set(code if code in INTERFACE_LANGUAGES else SOURCE_LANGUAGE)
    try:
        yield
    finally:
        _current.reset(token)


def babel_locale(code: str | None = None) -> str:
    """The Babel locale of ``code`` (by default the current language)."""
    return BABEL_LOCALES.get(code or current_language(), BABEL_LOCALES[SOURCE_LANGUAGE])


def _(message: str) -> str:
    """``message`` in the current language; English where the catalog has none."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or the plural form, as the current language counts ``count``."""
    return translations(current_language()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, where ``context`` tells apart two uses of the
    same English word that other languages say differently ("From" an event, "From" a year)."""
    return translations(current_language()).pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for it
    """Mark ``message`` for the catalogs without translating it yet: for words kept in
    a module-level constant, translated with ``_`` where they are shown."""
    return message


@functools.cache
def translations(code: str) -> gettext.NullTranslations:
    """The catalog of ``code``, compiled from its ``.po`` when no fresh ``.mo`` is built."""
    if code == SOURCE_LANGUAGE or code not in INTERFACE_LANGUAGES:
        return gettext.NullTranslations()
    folder = LOCALE_DIRECTORY / code / "LC_MESSAGES"
    source, compiled = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if not source.exists():
        return gettext.NullTranslations()
    if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
        with compiled.open("rb") as file:
            return gettext.GNUTranslations(file)
    return gettext.GNUTranslations(io.BytesIO(compile_catalog(source)))


def compile_catalog(source: Path) -> bytes:
    """The ``.mo`` bytes of the ``.po`` file ``source``; fuzzy entries are left out."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as file:
        catalog = read_po(file)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def language_from_browser(locale: str | None, accept_language: str | None = None) -> str:
    """The interface language for a browser that prefers ``locale`` (navigator.language)
    or, failing that, the languages of its Accept-Language header; English by default.

    Chinese means simplified Chinese, which is what the catalogs hold: zh-TW and zh-HK
    readers get it too, as they would rather read it than English.
    """
    for tag in [locale or "", *_accepted(accept_language or "")]:
        match = _LANGUAGE_TAG.match(tag[:40])
        if match and match.group(1).lower() in INTERFACE_LANGUAGES:
            return match.group(1).lower()
    return SOURCE_LANGUAGE


def _accepted(header: str) -> list[str]:
    """The language tags of an Accept-Language header, the most wanted first."""
    weighted: list[tuple[float, int, str]] = []
    for position, item in enumerate(header[:500].split(",")[:_MAX_ACCEPT_ITEMS]):
        match = _ACCEPT_ITEM.match(item)
        if not match:
            continue
        try:
            weight = 1.0 if match.group(2) is None else float(match.group(2))
        except ValueError:  # "q=abc": not a weight, so not a wish
            continue
        if weight > 0:
            weighted.append((-weight, position, match.group(1)))
    return [tag for _weight, _position, tag in sorted(weighted)]
