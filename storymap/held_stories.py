"""Visitors' own stories, held in the server's memory within one budget for them all.

Each visitor's session keeps a ticket; the story itself is held here. When a new story
would take the total past the budget, the stories least recently looked at are dropped
to make room, and their tickets say so, so that their visitors can be told. A story
whose session has ended (its ticket gone with the session) is let go at once.
"""

from __future__ import annotations

import itertools
import os
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any


@dataclass(eq=False)
class Ticket:
    """A session's claim on its held story."""

    token: int
    title: str
    size: int
    dropped: bool = False  # set when the story was dropped to make room


class HeldStories:
    """Stories held for sessions, at most ``budget_bytes`` of them in all."""

    def __init__(self, budget_bytes: int):
        self.budget_bytes = budget_bytes
        self._lock = threading.Lock()
        self._tokens = itertools.count(1)
        # token -> (the session's ticket, weakly: a session's end lets the story go; story)
        self._held: OrderedDict[int, tuple[weakref.ref[Ticket], Any]] = OrderedDict()
        self._sizes: dict[int, int] = {}
        self._total = 0
        # The tokens of tickets gone with their sessions, until their stories are let go
        # under the lock. Not let go at once: a ticket in a reference cycle goes when the
        # garbage collector runs, which may be in the middle of hold(), with the lock held
        # by the same thread (a lock taken again there would never be given back).
        self._gone: list[int] = []

    @property
    def total_bytes(self) -> int:
        with self._lock:
            self._let_go_gone()
            return self._total

    def __len__(self) -> int:
        with self._lock:
            self._let_go_gone()
            return len(self._held)

    def hold(self, story: Any, size: int, title: str) -> Ticket | None:
        """Hold ``story``, dropping the least recently used to make room; None if it alone
        is larger than the whole budget."""
        if size > self.budget_bytes:
            return None
        ticket = Ticket(next(self._tokens), title, size)
        with self._lock:
            self._let_go_gone()
            while self._held and self._total + size > self.budget_bytes:
                token, (old_ticket, _) = self._held.popitem(last=False)
                self._total -= self._sizes.pop(token)
                dropped = old_ticket()
                if dropped is not None:
                    dropped.dropped = True
            self._held[ticket.token] = (weakref.ref(ticket), story)
            self._sizes[ticket.token] = size
            self._total += size
        weakref.finalize(ticket, self._gone.append, ticket.token)
        return ticket

    def get(self, ticket: Ticket) -> Any | None:
        """The story ``ticket`` holds, now the most recently used; None if it was dropped."""
        with self._lock:
            self._let_go_gone()
            entry = self._held.get(ticket.token)
            if entry is None:
                return None
            self._held.move_to_end(ticket.token)
            return entry[1]

    def release(self, ticket: Ticket) -> None:
        """Let the story go: its session has left it."""
        self._let_go(ticket.token)

    def _let_go(self, token: int) -> None:
        with self._lock:
            self._let_go_held(token)

    def _let_go_gone(self) -> None:
        # Under the lock.
        while self._gone:
            self._let_go_held(self._gone.pop())

    def _let_go_held(self, token: int) -> None:
        # Under the lock.
        self._held.pop(token, None)
        self._total -= self._sizes.pop(token, 0)


BUDGET_VARIABLE = "STORYMAP_UPLOADS_MB"
DEFAULT_BUDGET_MB = 500


def budget_from_environment(environ: dict[str, str] | None = None) -> int:
    """The bytes set aside for visitors' stories: STORYMAP_UPLOADS_MB, or 500 MB."""
    value = (environ if environ is not None else os.environ).get(BUDGET_VARIABLE, "")
    megabytes = int(value) if value.strip().isdigit() else DEFAULT_BUDGET_MB
    return megabytes * 1024 * 1024
