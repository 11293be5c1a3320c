"""Values made once and kept for every session and thread of the server: the last few
made, or the last few of each object (a story) for as long as it lives."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class Kept:
    """The last ``size`` values made by their keys, shared by every session and thread.

    Two threads that miss the same key at once both make it; the first kept is the one
    both are given. A value is never changed once kept: every reader may be holding it.
    """

    def __init__(self, size: int):
        self.size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        made = make()
        with self._lock:
            value = self._values.setdefault(key, made)
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def items(self) -> list[tuple[Hashable, Any]]:
        """The values kept and their keys, oldest first: a copy, as it is now."""
        with self._lock:
            return list(self._values.items())

    def __len__(self) -> int:
        return len(self._values)


class KeptForEach:
    """A Kept of ``size`` values for each object (a story), for as long as it lives.

    By the object itself, not by its contents: a story is frozen once loaded, and two
    stories are never confused, however alike. Its values go with it.
    """

    def __init__(self, size: int):
        self.size = size
        self._kept: dict[int, tuple[weakref.ref, Kept]] = {}
        self._lock = threading.Lock()
        # The numbers of objects gone, until their values are let go under the lock. Not
        # let go at once: an object in a reference cycle goes when the garbage collector
        # runs, which may be in the middle of this very class's work, with its lock held
        # by the same thread (a lock taken again there would never be given back).
        self._gone: list[int] = []

    def of(self, owner: object) -> Kept:
        number = id(owner)
        with self._lock:
            self._let_go()
            entry = self._kept.get(number)
            if entry is not None and entry[0]() is owner:
                return entry[1]
            kept = Kept(self.size)
            self._kept[number] = (weakref.ref(owner, lambda _gone: self._gone.append(number)), kept)
            return kept

    def __contains__(self, owner: object) -> bool:
        """Whether values are kept for ``owner``."""
        with self._lock:
            entry = self._kept.get(id(owner))
            return entry is not None and entry[0]() is owner

    def _let_go(self) -> None:
        # Under the lock. A number may have been taken by a newer object since: its
        # entry stays.
        while self._gone:
            number = self._gone.pop()
            entry = self._kept.get(number)
            if entry is not None and entry[0]() is None:
                del self._kept[number]

    def __len__(self) -> int:
        with self._lock:
            self._let_go()
            return len(self._kept)
