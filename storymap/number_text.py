"""Numbers as a reader of each interface language writes them: "10,000", "10 000".

English keeps the app's own way of writing them (Python's), which Babel's British
English matches; the other languages take Babel's locale data.
"""

from __future__ import annotations

from babel.numbers import format_decimal

from storymap.i18n import SOURCE_LANGUAGE, babel_locale, current_language


def number_text(number: int, code: str | None = None) -> str:
    """A whole number with its thousands grouped, as ``code`` (by default the current
    language) groups them."""
    code = code or current_language()
    if code == SOURCE_LANGUAGE:
        return f"{number:,}"
    return format_decimal(number, locale=babel_locale(code))


def decimal_text(number: float, places: int = 1, code: str | None = None) -> str:
    """``number`` to ``places`` decimal places, with the language's decimal sign."""
    code = code or current_language()
    if code == SOURCE_LANGUAGE:
        return f"{number:.{places}f}"
    pattern = "0." + "0" * places if places else "0"
    return format_decimal(round(number, places), format=pattern, locale=babel_locale(code))


def browser_locale(code: str | None = None) -> str:
    """The language's locale as a browser names it (BCP 47): "en-GB", "zh-Hans-CN"; for
    the map's script, which writes its own numbers and chooses its own plural forms."""
    return babel_locale(code).replace("_", "-")
