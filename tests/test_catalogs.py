"""Every word of the interface is in every language's catalog, translated, with the
same placeholders; the catalogs hold nothing the code no longer says; and every word the
pages ask the catalog for is one `make translations` finds in the code."""

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from storymap import i18n
from storymap.docs import data_format_markdown
from storymap.export import standalone_html
from storymap.i18n import INTERFACE_LANGUAGES, LOCALE_DIRECTORY, SOURCE_LANGUAGE, speaking
from tests.test_pages import run_page

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


class RecordingCatalog(gettext.NullTranslations):
    """A catalog that gives every message back in English and keeps what it was asked:
    the messages the code really translates, whether or not Babel can find them."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str | tuple[str, str]] = set()

    def gettext(self, message: str) -> str:
        self.asked.add(message)
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self.asked.add((msgid1, msgid2))
        return msgid1 if n == 1 else msgid2


@pytest.fixture
def recording_catalog(monkeypatch) -> RecordingCatalog:
    """Every language but English speaks from one RecordingCatalog."""
    catalog = RecordingCatalog()
    monkeypatch.setattr(
        i18n,
        "translations",
        lambda code: gettext.NullTranslations() if code == SOURCE_LANGUAGE else catalog,
    )
    return catalog


def test_every_message_the_pages_translate_is_one_the_catalogs_get(recording_catalog, story):
    # A message marked where Babel cannot see it (a `_()` inside an f-string, a constant
    # without N_) goes through `_` and still never reaches a translator.
    with speaking("ru"):
        data_format_markdown()
        standalone_html(story, "A story", tiles=True)
    for page in (None, "pages/timeline.py", "pages/sources.py", "pages/upload.py"):
        run_page(page, ui="ru", place="port-arthur")
    run_page("pages/about.py", ui="ru")
    run_page(ui="ru", event=story.events[5].id)  # a step of the tour
    assert {"Years", "Step {position} of {total}", "column"} <= recording_catalog.asked
    assert sorted(map(str, recording_catalog.asked - CODE_MESSAGES)) == []
