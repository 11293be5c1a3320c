import pytest

from storymap.text import markdown_literal


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Treaty of Portsmouth", "Treaty of Portsmouth"),
        ("[a](javascript:alert(1))", r"\[a\]\(javascript\:alert\(1\)\)"),
        ("![x](http://e/x.png)", r"\!\[x\]\(http\:\/\/e\/x\.png\)"),
        ("**bold** _it_ `code`", r"\*\*bold\*\* \_it\_ \`code\`"),
        (":red[text] $x$", r"\:red\[text\] \$x\$"),
        ("<b>x</b>", r"\<b\>x\<\/b\>"),
        ("line\nbreak", "line break"),
        ("Порт-Артур", r"Порт\-Артур"),
    ],
)
def test_markdown_literal(text, escaped):
    assert markdown_literal(text) == escaped
