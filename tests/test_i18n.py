"""The interface's language: choosing it, speaking it, and compiling its catalogs."""

import threading
import time

import pytest

from storymap import i18n
from storymap.i18n import (
    INTERFACE_LANGUAGES,
    _,
    current_language,
    language_from_browser,
    ngettext,
    set_language,
    speaking,
)


@pytest.mark.parametrize(
    ("locale", "accept", "code"),
    [
        ("ja-JP", None, "ja"),
        ("ja", "en-US,en;q=0.9", "ja"),
        ("uk-UA", None, "uk"),
        ("zh-CN", None, "zh"),
        ("zh-TW", None, "zh"),  # simplified Chinese is nearer than English
        ("en-GB", "ru", "en"),
        ("fr-FR", "fr-FR,fr;q=0.9,ru;q=0.8,en;q=0.7", "ru"),
        (None, "de;q=0.9, uk;q=0.95", "uk"),
        (None, "ja;q=0, fr", "en"),  # q=0 means "not this one"
        (None, "ru;q=abc", "en"),
        (None, None, "en"),
        ("", "", "en"),
        ("<script>", "<script>", "en"),
        ("ja" * 10_000, None, "en"),
    ],
)
def test_the_browser_s_language_when_the_app_speaks_it(locale, accept, code):
    assert language_from_browser(locale, accept) == code


def test_a_huge_accept_language_header_is_read_in_no_time():
    header = ",".join(["fr;q=0.5"] * 200_000) + ",ja"
    started = time.perf_counter()
    assert language_from_browser(None, header) == "en"  # only the first items are read
    assert time.perf_counter() - started < 0.5


def test_each_thread_speaks_its_own_language():
    # Streamlit runs each reader's script in a thread of its own, on one server.
    heard: dict[str, str] = {}
    started = threading.Barrier(2)

    def reader(code: str) -> None:
        set_language(code)
        started.wait()
        heard[code] = current_language()

    threads = [threading.Thread(target=reader, args=(code,)) for code in ("ja", "ru")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert heard == {"ja": "ja", "ru": "ru"}
    assert current_language() == "en"


def test_speaking_restores_the_language_before():
    with speaking("ja"):
        assert current_language() == "ja"
        with speaking("xx"):  # no such interface: English
            assert current_language() == "en"
        assert current_language() == "ja"
    assert current_language() == "en"


def test_english_is_the_messages_themselves():
    assert _("Map") == "Map"
    assert ngettext("{count} place", "{count} places", 2) == "{count} places"


def test_a_catalog_is_compiled_from_its_po_when_no_fresh_mo_is_built(tmp_path, monkeypatch):
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && '
        'n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
        'msgid "Map"\nmsgstr "Карта"\n\n'
        'msgid "{count} place"\nmsgid_plural "{count} places"\n'
        'msgstr[0] "{count} место"\nmsgstr[1] "{count} места"\nmsgstr[2] "{count} мест"\n\n'
        '#, fuzzy\nmsgid "Timeline"\nmsgstr "Хронология?"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALE_DIRECTORY", tmp_path)
    i18n.translations.cache_clear()
    try:
        with speaking("ru"):
            assert _("Map") == "Карта"
            assert [ngettext("{count} place", "{count} places", n) for n in (1, 3, 5, 21)] == [
                "{count} место",
                "{count} места",
                "{count} мест",
                "{count} место",
            ]
            assert _("Timeline") == "Timeline"  # a fuzzy entry is no translation yet
            assert _("Not in the catalog") == "Not in the catalog"
    finally:
        i18n.translations.cache_clear()


def test_the_menu_names_each_language_in_itself():
    assert INTERFACE_LANGUAGES == {
        "en": "English",
        "ru": "Русский",
        "uk": "Українська",
        "ja": "日本語",
        "zh": "中文（简体）",
    }
