"""Data text shown through Streamlit's markdown (button labels) stays literal text."""

from __future__ import annotations

import re

# CommonMark lets a backslash escape any ASCII punctuation, which then shows as itself.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_literal(text: str) -> str:
    """``text`` escaped so that markdown shows it as written: no links, images or markup."""
    one_line = " ".join(str(text).split())
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", one_line)
