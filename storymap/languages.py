"""Languages by their ISO 639 codes, as the names and controls show them."""

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
    """The English name of the language ``code``, or the code itself if it is not known."""
    return LANGUAGE_NAMES.get(code, code)
