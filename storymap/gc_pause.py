"""Python's cyclic garbage collector held off while a story is built, for speed.

A story of 10,000 places is about a million new objects, all kept. Each batch of
allocations makes the collector look at the young ones, and every so often at all of
them, the server's modules and the half-built story included. Measured in a process
that holds what a server holds, about a third of the time of checking a 10,000-place
story went to those collections, and nearly two thirds of the time of reading one
back from the disk cache (storymap.story_cache). A story as it is built holds no
reference cycles, so there is nothing for those collections to free; reference
counting frees what the check throws away as it goes, collector or not.

When the last build ends, what was made meanwhile is put with the oldest objects, as
two collections that found nothing to free would have put it (0.15 s of the next
reader's run at 10,000 places, had they run), and the collector comes back on. The
story is then looked at only by the full collections that come every so often, as
before. (gc.freeze() alone would spare those the story too, but it would also keep
whatever else is alive at that moment, a reader's session among them, from ever
being collected once it is let go; nothing else in the app freezes objects, so the
unfreeze that follows it here thaws only what it froze.)
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_holders = 0  # the builds under way, in any thread
_was_enabled = False  # whether the collector ran before the first of them began


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic collector off inside the block; safe to nest and to use from
    several threads at once: it comes back, if it was on, when the last block ends."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0:
                gc.freeze()  # every object tracked, out of the generations...
                gc.unfreeze()  # ...and back, all in the oldest: a move, no collection
                if _was_enabled:
                    gc.enable()
