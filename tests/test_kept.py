"""Values made once and kept for every session (storymap.kept)."""

from __future__ import annotations

import gc
import threading

from storymap.kept import Kept, KeptForEach


def test_kept_makes_each_value_once_and_forgets_the_oldest():
    kept = Kept(size=2)
    made: list[str] = []

    def make(value: str):
        return lambda: made.append(value) or value.upper()

    assert kept.get("a", make("a")) == "A"
    assert kept.get("a", make("a")) == "A"
    assert kept.get("b", make("b")) == "B"
    assert kept.get("a", make("a")) == "A"  # now the newest
    assert kept.get("c", make("c")) == "C"  # forgets "b"
    assert kept.get("b", make("b")) == "B"
    assert made == ["a", "b", "c", "b"]
    assert len(kept) == 2


def test_kept_is_shared_by_threads():
    kept = Kept(size=10)
    seen: list[object] = []

    def read() -> None:
        seen.append(kept.get("key", object))

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # All but those that raced the first one have the kept copy.
    assert seen.count(kept.get("key", object)) >= 1
    assert len(kept) == 1


class Owner:
    """A stand-in story: any object that can be weakly referred to."""


def test_each_owner_has_its_own_values_and_they_go_with_it():
    kept = KeptForEach(size=4)
    first, second = Owner(), Owner()
    kept.of(first).get("key", lambda: "first's")
    assert kept.of(second).get("key", lambda: "second's") == "second's"
    assert kept.of(first).get("key", lambda: "made again") == "first's"
    assert len(kept) == 2
    del first
    gc.collect()
    assert len(kept) == 1
    assert kept.of(second).get("key", lambda: "made again") == "second's"


def test_of_two_threads_that_make_the_same_value_both_get_the_first_kept():
    kept = Kept(size=4)

    def made_while_another_keeps_its_own() -> str:
        # Another thread's make, finished while this one was still making its own.
        assert kept.get("key", lambda: "the other's") == "the other's"
        return "this one's"

    assert kept.get("key", made_while_another_keeps_its_own) == "the other's"
    assert kept.get("key", lambda: "made again") == "the other's"


def test_an_owner_that_goes_while_the_lock_is_held_deadlocks_nothing():
    # An owner in a reference cycle (a story's copy in another language) goes when the
    # collector runs, at any allocation: in the middle of of() too, whose lock the same
    # thread then holds.
    kept = KeptForEach(size=4)

    def owner_goes_inside_of() -> None:
        owner = Owner()
        kept.of(owner)
        with kept._lock:
            del owner  # as the collector would let it go there

    worker = threading.Thread(target=owner_goes_inside_of, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "of() waits forever for its own lock"
    assert len(kept) == 0


def test_an_owner_is_in_it_once_values_are_kept_for_it():
    kept = KeptForEach(size=4)
    owner, other = Owner(), Owner()
    kept.of(owner)
    assert owner in kept and other not in kept
