"""Language names, as the names' select shows them in each interface language."""

import pytest

from storymap.i18n import speaking
from storymap.languages import language_name_in_interface


@pytest.mark.parametrize(
    ("interface", "code", "name"),
    [
        ("en", "ja", "Japanese"),
        ("ru", "ja", "Японский"),  # a list's item starts with a capital
        ("uk", "en", "Англійська"),
        ("ja", "ru", "ロシア語"),
        ("zh", "ja", "日语"),
        ("ja", "xx", "xx"),  # a code Babel has no name for is shown as it is
    ],
)
def test_a_language_is_named_in_the_interfaces_language(interface, code, name):
    assert language_name_in_interface(code, interface) == name
    with speaking(interface):
        assert language_name_in_interface(code) == name


def test_the_panel_names_languages_in_the_reader_s_language():
    from storymap.i18n import speaking
    from storymap.languages import language_name

    assert language_name("zh") == "Chinese"
    with speaking("ru"):
        assert language_name("zh") == "китайский"  # lower case, as a sentence writes it
    with speaking("ja"):
        assert language_name("zh") == "中国語"
    with speaking("uk"):
        assert language_name("qq") == "qq"
