"""Files the app writes where it serves them (``static/``), whole or not at all.

Several copies of the app may share one served folder (``make cluster`` runs three
from one checkout) and write the same file at the same moment, as may two sessions of
one copy: each writes its own partial file, under a name no other writer uses, and
renames it over the target. A rename is atomic, so a reader never sees half a file,
and whichever writer renames last leaves the same whole file, since they all write
the same text.
"""

from __future__ import annotations

import secrets
from pathlib import Path


def write_whole(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a partial file of this writer's own."""
    partial = path.with_name(f"{path.name}.{secrets.token_hex(8)}.part")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)  # left only if the write failed
