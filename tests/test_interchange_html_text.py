"""HTML fragments read as plain text: one line per messy case."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storymap.interchange import html_text
from storymap.interchange.html_text import kept_address, read_html


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("", ""),
        ("plain text", "plain text"),
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<p>  spaced \n\n  out  </p>", "spaced out"),
        ("line<br>two<br/>three", "line\ntwo\nthree"),
        ("a</br>b", "a\nb"),
        ("<ul><li>first</li><li>second</li></ul>", "• first\n• second"),
        ("<ol><li>one<li>two</ol>", "• one\n• two"),
        ("<p>Intro</p><ul><li>a</li></ul><p>End</p>", "Intro\n\n• a\n\nEnd"),
        ("<ul><li>a<ul><li>b</ul><li>c</ul>", "• a\n• b\n• c"),
        ('<span class="lead">A</span> <span class="x">B</span>', "A B"),
        ("<b>bold</b> <i>italic</i> <em>em</em><strong>!</strong>", "bold italic em!"),
        ("a<b>b</b>c", "abc"),
        ("<b>a</b>\n<b>b</b>", "a b"),
        ("<i>a</i>\n\n<i>b</i>", "a b"),
        ("<p>unclosed <b>bold <i>italic<p>next", "unclosed bold italic\n\nnext"),
        ("<div>block<div>inner</div>after</div>", "block\n\ninner\n\nafter"),
        ("<p>x</p></p></p><p>y", "x\n\ny"),
        ("stray </i></b> end tags", "stray end tags"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("a&nbsp;&nbsp;b", "a b"),
        ("it&#8217;s &#x2014; &eacute;t&eacute;", "it’s — été"),
        ("AT&T &bogus; 5 < 6", "AT&T &bogus; 5 < 6"),
        ("<script>alert('x')</script>kept", "kept"),
        ("<style>p { color: red }</style>kept", "kept"),
        ("before<script>never closed", "before"),
        ("<!-- a comment -->shown", "shown"),
        ("<h2>Heading</h2>text", "Heading\n\ntext"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"),
        ("tab\there", "tab here"),
        ("bell\x07 and null\x00", "bell and null"),
        ('<img src="x.png" alt="a picture">', ""),
    ],
)
def test_text(html, text):
    assert read_html(html).text == text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ('<a href="https://example.org/a">this</a>', "this (https://example.org/a)"),
        ('see <a href="http://example.org">the page</a>.', "see the page (http://example.org)."),
        ('<a href="https://example.org/">https://example.org/</a>', "https://example.org/"),
        ('<a href="https://example.org/">example.org</a>', "https://example.org/"),
        ('<a href="https://www.example.org">www.example.org</a>', "https://www.example.org"),
        ('<a href="https://example.org"></a>', "https://example.org"),
        ('<a href="https://example.org"><img src="x.png"></a>', "https://example.org"),
        ('<a href="mailto:desk@example.org">write</a>', "write (mailto:desk@example.org)"),
        ('<a href="mailto:desk@example.org">desk@example.org</a>', "desk@example.org"),
        ("<a href=\"javascript:alert('x')\">click</a>", "click"),
        ('<a href="JavaScript:void(0)">click</a>', "click"),
        ('<a href=" java\tscript:alert(1)">tabbed</a>', "tabbed"),
        ('<a href="data:text/html,hi">data</a>', "data"),
        ('<a href="/relative/page">relative</a>', "relative"),
        ('<a href="ftp://example.org">ftp</a>', "ftp"),
        ('<a href="https://">no host</a>', "no host"),
        ('<a name="anchor">named</a>', "named"),
        ('<a href="https://example.org/?a=1&amp;b=2">q</a>', "q (https://example.org/?a=1&b=2)"),
        (
            '<a href="https://a.org">one<a href="https://b.org">two</a>',
            "one (https://a.org)two (https://b.org)",
        ),
        (
            '<p><a href="https://example.org">unclosed</p><p>next',
            "unclosed (https://example.org)\n\nnext",
        ),
    ],
)
def test_links_keep_their_web_addresses(html, text):
    assert read_html(html).text == text


@pytest.mark.parametrize(
    ("html", "text", "source", "quote"),
    [
        (
            "<p>Summary.</p><blockquote>Their words.</blockquote><p><cite>Treaty of Portsmouth, "
            'Wikipedia <a href="https://en.wikipedia.org/wiki/Treaty_of_Portsmouth">'
            "https://en.wikipedia.org/wiki/Treaty_of_Portsmouth</a></cite></p>",
            "Summary.",
            (
                "Treaty of Portsmouth, Wikipedia",
                "https://en.wikipedia.org/wiki/Treaty_of_Portsmouth",
            ),
            "Their words.",
        ),
        (
            '<cite><a href="https://example.org/book">A Book</a>, 1999</cite>',
            "",
            ("A Book, 1999", "https://example.org/book"),
            "",
        ),
        ("<p>Text <cite>A diary</cite> after.</p>", "Text after.", ("A diary", None), ""),
        (
            '<cite>Diary <a href="javascript:x()">link</a></cite>',
            "",
            ("Diary link", None),
            "",
        ),
        (
            '<cite><a href="https://example.org">https://example.org</a></cite>',
            "",
            ("", "https://example.org"),
            "",
        ),
        ("<cite>First</cite> and <cite>Second</cite>", "and Second", ("First", None), ""),
        ("<cite></cite>text", "text", None, ""),
        ("<p><cite>Unclosed cite<p>next paragraph", "next paragraph", ("Unclosed cite", None), ""),
        (
            "<blockquote><p>One.</p><p>Two.</p><cite>Who said it</cite></blockquote>after",
            "after",
            ("Who said it", None),
            "One. Two.",
        ),
        ("<blockquote>never closed", "", None, "never closed"),
        ("a<blockquote>q1</blockquote>b<blockquote>q2</blockquote>", "a\n\nb", None, "q1 q2"),
        (
            '<blockquote>See <a href="https://example.org">here</a></blockquote>',
            "",
            None,
            "See here (https://example.org)",
        ),
    ],
)
def test_cite_and_blockquote_are_read_apart(html, text, source, quote):
    read = read_html(html)
    assert (read.text, read.source, read.quote) == (text, source, quote)


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("https://example.org", "https://example.org"),
        ("  http://example.org/a b  ", None),
        ("HTTPS://EXAMPLE.ORG", "HTTPS://EXAMPLE.ORG"),
        ("mailto:a@example.org", "mailto:a@example.org"),
        ("javascript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("vbscript:x", None),
        ("//example.org", None),
        ("http://[::1", None),
        ("", None),
        (None, None),
    ],
)
def test_kept_address(href, kept):
    assert kept_address(href) == kept


@given(st.text(max_size=200))
def test_any_text_is_read_without_an_error_or_a_control_character(html):
    read = read_html(html)
    for text in (read.text, read.quote):
        assert not any(ord(ch) < 32 and ch != "\n" for ch in text)
        assert "\n\n\n" not in text
        assert text == text.strip()


_MARKUP = st.sampled_from(
    [
        "<p>", "</p>", "<a href='https://x.org'>", "<a href='javascript:x'>", "</a>", "<cite>",
        "</cite>", "<blockquote>", "</blockquote>", "<ul>", "<li>", "</ul>", "<br>",
        "<script>", "</script>", "<!--", "-->", "<![CDATA[", "]]>", "<!", "<?", "&", "&#",
        "&#x110000;", "&#0;", "<", ">", "text", " ", "\n", "</", "<a", "'", '"', "=",
    ]
)  # fmt: skip


@given(st.lists(_MARKUP, max_size=40).map("".join))
def test_broken_markup_is_read_without_an_error(html):
    read = read_html(html)
    assert "<script" not in read.text.lower() or "<script" in html.lower()


@pytest.mark.parametrize(
    ("html", "text"),
    [
        # A tag that never ends is shown as the text it is.
        ("Ships <a <a", "Ships <a <a"),
        ("<p>Ships</p> and <b", "Ships\n\nand <b"),
        # Thousands of unclosed elements: the text inside them all is kept.
        ("<ul>" * 5_000 + "deep", "deep"),
        ("<b>" * 5_000 + "bold" + "</b>" * 5_000 + " after", "bold after"),
    ],
)
def test_unfinished_and_deeply_nested_markup_keeps_its_text(html, text):
    assert read_html(html).text == text


def test_elements_deeper_than_the_limit_are_not_held_open():
    reader = html_text._FragmentReader()
    reader.feed("<div>" * (html_text.MAX_DEPTH + 500))
    assert len(reader.open) == html_text.MAX_DEPTH
