"""Languages by their ISO 639 codes, as the names and controls show them."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from babel import Locale

from storymap.i18n import SOURCE_LANGUAGE, babel_locale, current_language

# The languages a story is likeliest to name places in; another code is shown as it is.
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "be": "Belarusian",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "ga": "Irish",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "la": "Latin",
    "lt": "Lithuanian",
    "mn": "Mongolian",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
    "yi": "Yiddish",
    "zh": "Chinese",
}


def language_name(code: str) -> str:
    """The name of the language ``code`` in the current interface language, as a
    sentence writes it ("Japanese", "японский", "日本語"); the code itself if it has none.

    English keeps the story's own list; the others are Babel's locale data.
    """
    if current_language() == SOURCE_LANGUAGE:
        return LANGUAGE_NAMES.get(code, code)
    return _language_names(babel_locale()).get(code, code)


def language_name_in_interface(code: str, interface: str | None = None) -> str:
    """The name of the language ``code`` in the interface language ``interface`` (by
    default the current one), from Babel's locale data ("Japanese", "Японский",
    "日本語"), or the code itself if it has none.

    A name starts with a capital, as an item of a list does in every language that
    has capitals (Russian and Ukrainian write language names in lower case in a
    sentence).
    """
    name = _language_names(babel_locale(interface)).get(code)
    return name[:1].upper() + name[1:] if name else code


@functools.cache
def _language_names(locale: str) -> Mapping[str, str]:
    return Locale.parse(locale).languages
