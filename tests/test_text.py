import html

import pytest

from storymap.text import html_for_folium_script, markdown_literal


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Treaty of Portsmouth", "Treaty of Portsmouth"),
        ("[a](javascript:alert(1))", r"\[a\]\(javascript\:alert\(1\)\)"),
        # A word joiner after "http:" keeps the address from being linked.
        ("![x](http://e/x.png)", r"\!\[x\]\(http\:" + "\u2060" + r"\/\/e\/x\.png\)"),
        ("**bold** _it_ `code`", r"\*\*bold\*\* \_it\_ \`code\`"),
        (":red[text] $x$", r"\:red\[text\] \$x\$"),
        ("<b>x</b>", r"\<b\>x\<\/b\>"),
        ("line\nbreak", "line break"),
        ("Порт-Артур", r"Порт\-Артур"),
    ],
)
def test_markdown_literal(text, escaped):
    assert markdown_literal(text) == escaped


@pytest.mark.parametrize(
    "text",
    [
        "`${alert(1)}`",
        "</script><script>x()</script>",
        "back\\slash \\u0060",
        "\"' onmouseover='x()'",
        "{{ 7*7 }} {% raw %} {# c #}",
    ],
)
def test_text_for_a_folium_script_cannot_end_it_or_run_code(text):
    safe = html_for_folium_script(text)
    for special in ("`", "${", "\\", "<", ">", '"', "'", "{", "}"):
        assert special not in safe
    assert html.unescape(safe) == text  # and it shows as written


@pytest.mark.parametrize(
    ("text", "bare_address"),
    [
        ("see www.evil.example now", "www."),
        ("go https://evil.example/phish", "://"),
        ("write to someone@evil.example", "@evil"),
    ],
)
def test_markdown_literal_keeps_a_bare_address_from_becoming_a_link(text, bare_address):
    # Streamlit's markdown links these even with their punctuation escaped.
    literal = markdown_literal(text)
    assert bare_address not in literal.replace("\\", "")
    assert literal.replace("\\", "").replace("\u2060", "") == text
