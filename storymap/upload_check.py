"""Check a visitor's upload in a worker process, within a memory and a time limit.

The process that serves every visitor never reads an upload's bytes: a worker process
does, a fork of the server (so it starts at once) at a lower CPU priority, under a
wall-clock limit and a memory cap: ``resource.setrlimit`` on its address space, and the
server watching the memory the worker takes of its own. A worker that breaks either
limit is ended, and its visitor gets a report that says which; the server carries on.
Only a few checks run at once (one fewer than the machine has cores, from 1 to 4); a
visitor whose check must wait is told so, and after a while is asked to try again.

A checked story comes back in small pieces, so that taking it in never holds the
server's interpreter for long, whatever its size. The worker speaks its visitor's
language, which it is given, in what it says of the upload.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from storymap.areas import position_count
from storymap.i18n import _, current_language, speaking, translations
from storymap.load import Progress, load_files
from storymap.loaded_story import copy_held_bytes, private_map_data_in_languages
from storymap.map_features import PrivateStoryData
from storymap.model import Story
from storymap.report import DataError
from storymap.storyfiles import Conversion, PackedFiles, package_title
from storymap.upload import UPLOAD_LABEL, files_from_upload, refused

_LOGGER = logging.getLogger(__name__)

# The worker's own memory, above what it starts with: enough for the largest story the
# row limits admit (about 180 MB at 10,000 places and 50,000 events).
WORKER_MEMORY_MB = 400
# The most one check may take: the limits keep real ones under 5 s, some 2 s more for a
# story whose place (or area) names are translated into every language of the interface.
CHECK_SECONDS = 20
WAIT_SECONDS = 60  # the most a visitor waits for a free worker before being told to retry
CONCURRENT_CHECKS = max(1, min(4, (os.cpu_count() or 2) - 1))  # a core stays the server's
_CHUNK = 2_000  # records per message back from the worker
_NICENESS = 10
_WATCH_SECONDS = 0.05  # how often the server looks at a worker's memory
_NEAR_THE_CAP_BYTES = 16 * 1024 * 1024  # what a failed allocation may have asked for
# Held as objects, a story takes 2.3 to 2.4 times the bytes that brought it (measured
# at 1,000 and 10,000 places with tracemalloc); rounded up. An area's position, a list
# of two numbers, takes some 120 bytes, but only a few to send.
_HELD_PER_BYTE_RECEIVED = 3
_HELD_PER_POSITION = 128

_slots = threading.BoundedSemaphore(CONCURRENT_CHECKS)
_starting = threading.Lock()


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that holds a valid story, with what the app needs to show it."""

    story: Story
    files: PackedFiles  # for the data downloads
    title: str  # the datapackage.json title, or a name to fall back on
    map_data: bytes  # the places and areas as the map loads them
    size: int  # bytes that came back from the worker, but for map_data_in's
    conversion: Conversion | None = None  # for another tool's file: what it became
    # For a reader of each language the story has text in, made in the worker too: the
    # map data of those whose place or area names differ (loaded_story.in_language picks one),
    # and the memory the copies of the story in all of them take once made.
    map_data_in: dict[str, bytes] = field(default_factory=dict)
    copies_bytes: int = 0

    @property
    def held_bytes(self) -> int:
        """The server memory it takes to hold it, with what the pages work out from it,
        in every language a reader may see it in."""
        positions = sum(position_count(area.geometry) for area in self.story.areas)
        return (
            self.size * _HELD_PER_BYTE_RECEIVED
            + positions * _HELD_PER_POSITION
            + sum(len(data) for data in self.map_data_in.values())
            + self.copies_bytes
        )


@dataclass(frozen=True)
class Limits:
    memory_mb: int = WORKER_MEMORY_MB
    seconds: float = CHECK_SECONDS
    wait_seconds: float = WAIT_SECONDS


DEFAULT_LIMITS = Limits()


def check_upload(
    uploads: Sequence[tuple[str, bytes]],
    progress: Progress | None = None,
    on_wait: Callable[[], None] | None = None,
    limits: Limits | None = None,
    language: str | None = None,
) -> CheckedUpload | DataError:
    """Check ``uploads`` in a worker process; the story, or the report of its problems.

    ``progress`` is told each step of the check; ``on_wait``, once, if the check must
    wait for another visitor's to end first. The report and the steps are in
    ``language``, by default the language of the visitor's run.
    """
    limits = limits or DEFAULT_LIMITS
    language = language or current_language()
    with speaking(language):
        if not _slots.acquire(blocking=False):
            if on_wait:
                on_wait()
            if not _slots.acquire(timeout=limits.wait_seconds):
                return _refusal(
                    _("the server is busy checking other visitors' uploads; try again in a minute"),
                    "busy",
                )
        try:
            return _check_in_worker(list(uploads), progress, limits, language)
        finally:
            _slots.release()


def _check_in_worker(
    uploads: list[tuple[str, bytes]], progress: Progress | None, limits: Limits, language: str
) -> CheckedUpload | DataError:
    context = _worker_context()
    translations(language)  # read here, so that a forked worker finds it read already
    # One start at a time: a worker forked while another check's sending end is still
    # open in the server would keep that pipe open, and that check would not see its
    # worker end.
    with _starting:
        receiving, sending = context.Pipe(duplex=False)
        worker = context.Process(
            target=_work,
            args=(sending, uploads, limits.memory_mb, language),
            name="storymap-upload-check",
            daemon=True,
        )
        try:
            worker.start()
        except OSError:  # no process could be made: the system is short of memory
            receiving.close()
            return _refusal(
                _("the server could not start checking the upload; try again in a minute"),
                "busy",
            )
        finally:
            sending.close()  # so that the worker's end alone keeps the pipe open
    deadline = time.monotonic() + limits.seconds
    try:
        return _receive(receiving, worker, progress, deadline, limits)
    finally:
        receiving.close()
        if worker.is_alive():
            worker.kill()
        worker.join(timeout=5)


def _receive(
    connection: Connection, worker, progress: Progress | None, deadline: float, limits: Limits
) -> CheckedUpload | DataError:
    parts: dict[str, list] = {}
    map_data_in: dict[str, bytes] = {}
    size = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return _refusal(
                _(
                    "checking the upload took longer than {seconds} s, the most one upload "
                    "may take; a story's files within the limits take a few seconds"
                ).format(seconds=f"{limits.seconds:g}"),
                "time",
            )
        if not connection.poll(min(remaining, _WATCH_SECONDS)):  # True at the end too
            if _private_bytes(worker.pid) > limits.memory_mb * 1024 * 1024:
                return _memory_refusal(limits)
            continue
        try:
            payload = connection.recv_bytes()
        except (EOFError, OSError):
            break
        with _collection_paused():
            message = pickle.loads(payload)
        kind = message[0]
        if kind == "language":  # held as the bytes they are: counted once, not as objects
            map_data_in[message[1]] = message[2]
            continue
        size += len(payload)
        if kind == "progress":
            if progress:
                progress(*message[1:])
        elif kind == "part":
            parts.setdefault(message[1], []).extend(message[2])
        elif kind == "report":
            return DataError(message[1], message[2], total=message[3])
        elif kind == "done":
            title, files, map_data, conversion, copies_bytes = message[1:]
            story = _story_from_parts(parts)
            return CheckedUpload(
                story, files, title, map_data, size, conversion, map_data_in, copies_bytes
            )
        elif kind == "memory":
            return _memory_refusal(limits)
        else:  # "failed": the worker logged the details
            return _refusal(
                _(
                    "the upload could not be checked: something went wrong in the app, not in "
                    "your files"
                ),
                "failed",
            )
    worker.join(timeout=5)
    _LOGGER.warning("An upload's check ended without an answer (exit code %s)", worker.exitcode)
    # Most likely its memory: past the cap, even saying so may fail.
    return _refusal(
        _(
            "the check of the upload stopped without an answer, most likely for lack of "
            "memory: one upload may use at most {megabytes} MB; upload fewer or smaller files"
        ).format(megabytes=limits.memory_mb),
        "memory",
    )


def _private_bytes(pid: int) -> int:
    """The memory a worker has of its own, beyond the pages it shares with the server.

    The worker's address-space cap counts from the server's size, free space included:
    a server that has freed much memory lends the worker that much more. This counts
    what the worker really takes. 0 where the system does not say (not Linux).
    """
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return 1024 * sum(
                int(line.split()[1])
                for line in rollup
                if line.startswith(("Private_Clean:", "Private_Dirty:"))
            )
    except (OSError, ValueError, IndexError):
        return 0


def _memory_refusal(limits: Limits) -> DataError:
    return _refusal(
        _(
            "checking the upload needed more than {megabytes} MB of memory, the most one "
            "upload may use; upload fewer or smaller files"
        ).format(megabytes=limits.memory_mb),
        "memory",
    )


def _refusal(message: str, rule: str) -> DataError:
    return refused(_(UPLOAD_LABEL), message, rule)


@contextmanager
def _collection_paused() -> Iterator[None]:
    # Taking in many small records starts Python's full collections, which walk every
    # object of the server, not just the new ones: up to seconds at the largest story.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _story_from_parts(parts: dict[str, list]) -> Story:
    return Story.build(
        {place.id: place for place in parts.get("places", [])},
        parts.get("events", []),
        {source.id: source for source in parts.get("sources", [])},
        parts.get("areas", []),
        parts.get("links", []),
        parts.get("eras", []),
        parts.get("translations", []),
    )


def _worker_context():
    # A fork: the worker starts in milliseconds with everything imported. A fresh
    # interpreter (spawn, or a fork server) would import the checker again, over a
    # second, and also re-run the main module, which in Streamlit is the page script.
    # Only this thread is copied, and the worker calls nothing that another thread of
    # the server could have held a lock of; were it ever stuck, its time limit ends it.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


# The worker's side


def _work(
    connection: Connection, uploads: list[tuple[str, bytes]], memory_mb: int, language: str
) -> None:
    """Check ``uploads`` and send the outcome, piece by piece, then end; the report and
    the steps in ``language``, the visitor's."""
    # The server's objects are never collected here: walking them would copy the
    # memory the worker shares with the server, page by page.
    gc.freeze()
    _limit_this_process(memory_mb)

    def send(*message) -> None:
        connection.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    try:
        with speaking(language):
            files = files_from_upload(uploads)
            del uploads
            story = load_files(
                files, lambda step, number, total: send("progress", step, number, total)
            )
            private_data = PrivateStoryData(story)
            map_data = private_data.own()
            # What a reader of each language needs: made here, within the check's limits,
            # so that the server never re-serialises the story (loaded_story.in_language).
            for code, data in private_map_data_in_languages(story, private_data):
                send("language", code, data)
            del private_data  # the areas' geometries, written once for every language
            for name, records in _parts_of(story):
                for start in range(0, len(records), _CHUNK):
                    send("part", name, records[start : start + _CHUNK])
            send(
                "done",
                package_title(files) or _fallback_title(files.label),
                PackedFiles.pack(files.label, files.files),
                map_data,
                files.conversion,
                copy_held_bytes(story),
            )
    except DataError as error:
        send("report", error.folder, error.problems, error.total)
    except MemoryError:
        send("memory")
    except Exception as error:
        # Short of memory, a library may raise its own error instead of MemoryError.
        if _caused_by_memory(error) or _near_the_cap():
            send("memory")
        else:
            _LOGGER.exception("An upload's check failed")
            send("failed")
    finally:
        connection.close()


def _caused_by_memory(error: BaseException | None) -> bool:
    seen = 0
    while error is not None and seen < 20:
        if isinstance(error, MemoryError):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _near_the_cap() -> bool:
    import resource

    cap = resource.getrlimit(resource.RLIMIT_AS)[0]
    in_use = _address_space_bytes()
    return (
        cap != resource.RLIM_INFINITY and in_use is not None and in_use > cap - _NEAR_THE_CAP_BYTES
    )


def _parts_of(story: Story) -> list[tuple[str, list]]:
    return [
        ("places", list(story.places.values())),
        ("events", list(story.events)),
        ("sources", list(story.sources.values())),
        ("areas", list(story.areas)),
        ("links", list(story.links)),
        ("eras", list(story.eras)),
        ("translations", list(story.translations)),
    ]


def _fallback_title(label: str) -> str:
    # As package_title does, a title of at most 120 characters.
    return label[:-4][:120] if label.lower().endswith(".zip") else _("Your story")


def _limit_this_process(memory_mb: int) -> None:
    """Cap this process's memory at ``memory_mb`` above what it uses now; yield the CPU."""
    try:
        import resource
    except ImportError:  # not a Unix: no cap but the time limit
        return
    os.nice(_NICENESS)
    in_use = _address_space_bytes()
    if in_use is not None:
        cap = in_use + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _address_space_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")
