"""Check that every quote of a story is its article's own words, verbatim.

The article itself is not part of the repository (it is the publisher's text), so this
is a command to run beside a copy of it, not a test:

    python scripts/check_quotes.py path/to/article.txt [DATA_FOLDER]

Prints each event whose quote the article does not hold, and exits 1 if there is one.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storymap.load import DEFAULT_DATA_FOLDER, load_story  # noqa: E402
from storymap.model import Story  # noqa: E402


def quotes_not_in(story: Story, article: str) -> list[str]:
    """The ids of the events whose quote is not, word for word, in ``article``."""
    return [event.id for event in story.events if event.quote and event.quote not in article]


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    article = Path(argv[0]).read_text(encoding="utf-8")
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_DATA_FOLDER
    story = load_story(folder)
    missing = quotes_not_in(story, article)
    for event_id in missing:
        print(f"{folder}/events.csv: {event_id}: the quote is not the article's own words")
    quoted = sum(1 for event in story.events if event.quote)
    print(f"{quoted - len(missing)} of {quoted} quotes are the article's own words")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
