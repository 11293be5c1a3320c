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
