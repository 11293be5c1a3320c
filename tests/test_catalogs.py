"""Every word of the interface is in every language's catalog, translated, with the
same placeholders; and the catalogs hold nothing the code no longer says."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from storymap.i18n import INTERFACE_LANGUAGES, LOCALE_DIRECTORY, SOURCE_LANGUAGE

ROOT = Path(__file__).resolve().parent.parent
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
TRANSLATED = [code for code in INTERFACE_LANGUAGES if code != SOURCE_LANGUAGE]


def _messages_in_code() -> set[str | tuple[str, str]]:
    """The messages the code marks, as `make translations` finds them (babel.cfg)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    found: set[str | tuple[str, str]] = set()
    for _name, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        found.add(message if isinstance(message, str) else tuple(message[:2]))
    return found


CODE_MESSAGES = _messages_in_code()


def _catalog(code: str):
    with (LOCALE_DIRECTORY / code / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file)


def test_the_code_marks_its_words():
    assert len(CODE_MESSAGES) > 300
    assert "Map" in CODE_MESSAGES


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_of_the_code_is_in_the_catalog(code):
    catalog = _catalog(code)
    held = {
        message.id if isinstance(message.id, str) else tuple(message.id)
        for message in catalog
        if message.id
    }
    assert sorted(map(str, CODE_MESSAGES - held)) == [], "run `make translations`"
    assert sorted(map(str, held - CODE_MESSAGES)) == [], "messages the code no longer has"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_entry_is_translated_and_keeps_its_placeholders(code):
    catalog = _catalog(code)
    assert not catalog.fuzzy, "the catalog's header is still marked fuzzy"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        if not all(strings) or len(strings) < (catalog.num_plurals if len(ids) > 1 else 1):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        wanted = set(_PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if set(_PLACEHOLDER.findall(string)) != wanted:
                problems.append(f"placeholders differ: {ids[0]!r} -> {string!r}")
    assert problems == []
