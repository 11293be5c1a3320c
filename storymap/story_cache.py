"""The served folder's story, once checked, kept on disk for the next start of the server.

In a server's process, checking a story of 10,000 places takes the first run after
a start about 1.4 s of CPU (storymap.load, with its map data and view worked out);
reading back the story that check made takes 0.35 s, and hashing the files that say
whether it may, 15 ms. So the story is written to a cache folder of the app's own,
under a key that says exactly what it was made from: the sha256 of the bytes of every
file the loader reads (and whether each is there), of the code that made it (every
file of this package, and the versions of the libraries that render the map) and of
the Python that ran it. Any change to any of them, a file edited, added or removed, or
the app upgraded, gives another key, and the story is checked again. It is written
WRITE_AFTER_S after its check, from a thread of its own, in parts, so that neither its
first reader nor anyone after waits for it. Beside it, under the same key, the map's
parts rendered by then (storymap.map_parts) are written after every start that made
new ones, so that a restarted server's first page is sent without rendering its map.

The folder is ``$STORYMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/storymap``, else
``~/.cache/storymap``: the operator's choice, never the data folder, never a path a
visitor names. It is created 0700 and used only while it is the app user's own and
no one else may write to it; an entry is read only if it is such a file, not a link.
An entry holds Python objects (pickles), so that rule is what keeps anyone else from
giving the app objects of their making. Each served folder has one entry, replaced
whole (written beside it, then renamed) when its story changes. An entry that can't
be read, is cut short, or was made from other files, is passed over, and the story
is checked and written again: a cache never shows an error.

A folder whose files the loader would refuse for their size (storymap.areas,
storymap.storyfiles) or whose story files together pass ``MAX_KEPT_FOLDER_BYTES`` is
not kept: its files are not even hashed.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import io
import os
import pickle
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from storymap.areas import MAX_AREAS_BYTES
from storymap.gc_pause import gc_paused
from storymap.map_parts import NO_PARTS, MapParts
from storymap.model import Story
from storymap.schema import AREAS_FILENAME
from storymap.storyfiles import (
    INTRODUCTION_FILENAME,
    MAX_INTRODUCTION_BYTES,
    MAX_PACKAGE_BYTES,
    PACKAGE_FILENAME,
    STORY_FILENAMES,
)

CACHE_ENVIRONMENT_VARIABLE = "STORYMAP_CACHE_DIR"
PACKAGE_FOLDER = Path(__file__).resolve().parent
# The libraries whose output the map's rendered parts hold (storymap.map_parts): Babel
# gives them each language's plural rules.
RENDERING_LIBRARIES = (
    "folium",
    "branca",
    "jinja2",
    "streamlit-folium",
    "xstatic-leaflet",
    "babel",
)
# Far beyond any story a server shows (50,000 places are 80 MB); past it, the folder
# is checked on every start rather than hashed.
MAX_KEPT_FOLDER_BYTES = 512 * 1024 * 1024
# The loader's own limits: a file past its limit is refused (or, for datapackage.json,
# not read), so its story is never kept.
_SIZE_LIMITS = {
    AREAS_FILENAME: MAX_AREAS_BYTES,
    INTRODUCTION_FILENAME: MAX_INTRODUCTION_BYTES,
    PACKAGE_FILENAME: MAX_PACKAGE_BYTES,
}
# An entry: this line, its key's line, the story in parts (_parts), then the sha256 of
# the parts, which a damaged or unfinished entry fails.
_FORMAT = b"storymap story 1\n"
# The map's rendered parts (storymap.map_parts) beside it, in a file of their own under
# the same key, in the same form: rewritten when they change, the story not.
_PARTS_FORMAT = b"storymap map parts 1\n"
_PARTS_SUFFIX = ".map"
_SEAL_BYTES = 32
_ENTRY_SUFFIX = ".story"
_PART_RECORDS = 1_000  # places or events in one part of an entry (see write_story)
# How long after its check a story is written: once its first reader has their page,
# which takes a few seconds even at 50,000 places.
WRITE_AFTER_S = 20.0
_READ_BLOCK = 1024 * 1024


def cache_folder_from_environment(environ: dict[str, str] | None = None) -> Path:
    """The folder named by STORYMAP_CACHE_DIR, else the user's cache folder's storymap."""
    environ = environ if environ is not None else dict(os.environ)
    named = environ.get(CACHE_ENVIRONMENT_VARIABLE)
    if named:
        return Path(named).expanduser()
    base = environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "storymap"


def is_within(cache_folder: Path, folder: Path) -> bool:
    """Whether ``cache_folder`` is the data folder ``folder`` or inside it: a cache there
    is not used, so that nothing is ever read back from a story's own files."""
    try:
        cache, data = Path(cache_folder).resolve(), Path(folder).resolve()
    except (OSError, RuntimeError):  # a loop of links: not a folder to keep anything in
        return True
    return cache == data or data in cache.parents


@dataclass(frozen=True)
class KeptStory:
    """A checked story as an entry holds it, with the name of its map data's file
    (storymap.map_features.publish_story_data)."""

    story: Story
    map_data_name: str


@functools.cache
def code_version() -> bytes:
    """The sha256 of every file of this package (its code, the map's own browser code,
    its translations), of the versions of the libraries that render the map, and of
    Python's version: an entry kept by other code is never read back."""
    digest = hashlib.sha256(sys.version.encode())
    for library in RENDERING_LIBRARIES:
        try:
            version = importlib.metadata.version(library)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{library} {version}\0".encode())
    for path in sorted(PACKAGE_FOLDER.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE_FOLDER)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.digest()


def story_key(folder: Path) -> str | None:
    """What the story of ``folder`` is made from, as a hex digest: the code's version and
    each story file's bytes, or its absence. None when it is not to be kept: a file
    can't be read, or is past the loader's limit for it, or the files together are
    past MAX_KEPT_FOLDER_BYTES."""
    try:
        digest = hashlib.sha256(code_version())
    except OSError:  # a source file the app can't read: nothing is kept
        return None
    left = MAX_KEPT_FOLDER_BYTES  # a file past it is not read at all
    for name in sorted(STORY_FILENAMES):
        digest.update(name.encode() + b"\0")
        limit = min(_SIZE_LIMITS.get(name, left), left)
        try:
            left -= _hash_file(Path(folder) / name, limit, digest)
        except (OSError, _NotKeptError):
            return None
    return digest.hexdigest()


class _NotKeptError(Exception):
    """A file whose story is not kept: past its limit, or changing as it is read."""


def _hash_file(path: Path, limit: int, digest) -> int:
    """Add the file's bytes to ``digest``, or that it is not a file; return its size.
    A file of more than ``limit`` bytes is not read."""
    try:
        # Not blocking: a named pipe in its place must not hang the server.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        digest.update(b"absent\0")  # as the loader reads it: no such file
        return 0
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            digest.update(b"not a file\0")  # the loader sees no file there either
            return 0
        if status.st_size > limit:
            raise _NotKeptError(path.name)
        digest.update(b"%d\0" % status.st_size)
        size = 0
        while block := file.read(_READ_BLOCK):
            size += len(block)
            if size > status.st_size:  # growing as it is read: not a story to keep
                raise _NotKeptError(path.name)
            digest.update(block)
        if size != status.st_size:
            raise _NotKeptError(path.name)
    return size


def entry_path(cache_folder: Path, folder: Path) -> Path:
    """Where the story of ``folder`` is kept: one entry for each served folder."""
    name = hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:32]
    return Path(cache_folder) / (name + _ENTRY_SUFFIX)


def read_story(cache_folder: Path, folder: Path, key: str) -> KeptStory | None:
    """The story kept for ``folder`` under ``key``; None if there is none, or the entry
    is not one the app wrote for these files, or can't be read whole."""
    stream = _read_entry(cache_folder, entry_path(cache_folder, folder), _FORMAT, key)
    if stream is None:
        return None
    try:
        map_data_name, place_count, event_count, *others = pickle.load(stream)
        places: dict = {}
        while len(places) < place_count:
            places.update((place.id, place) for place in pickle.load(stream))
        events: list = []
        while len(events) < event_count:
            events.extend(pickle.load(stream))
        story = Story.in_order(places, events, *others)
    except Exception:  # not what the app writes: checked again, and written anew
        return None
    return KeptStory(story, map_data_name)


def write_story(
    cache_folder: Path,
    folder: Path,
    key: str,
    kept: KeptStory,
    between_parts: Callable[[], None] = lambda: None,
) -> bool:
    """Keep ``kept``, the story of ``folder``'s files with ``key``, for the next start;
    whether it was written.

    Written in parts of a few thousand records, and ``between_parts`` called after
    each: from a thread, a pause there lets the server's other threads run (pickle
    holds the interpreter for as long as it writes one part).
    """
    target = entry_path(cache_folder, folder)
    return _write_entry(cache_folder, target, _FORMAT, key, _parts(kept), between_parts)


def parts_path(cache_folder: Path, folder: Path) -> Path:
    """Where the map's rendered parts of ``folder``'s story are kept, beside it."""
    return entry_path(cache_folder, folder).with_suffix(_PARTS_SUFFIX)


def read_parts(cache_folder: Path, folder: Path, key: str) -> MapParts:
    """The map's parts kept for ``folder``'s story under ``key``; none if there are
    none, or they are not what the app wrote for these files."""
    stream = _read_entry(cache_folder, parts_path(cache_folder, folder), _PARTS_FORMAT, key)
    try:
        parts = pickle.load(stream) if stream is not None else None
    except Exception:  # not what the app writes: rendered again, and written anew
        return NO_PARTS
    return parts if isinstance(parts, MapParts) else NO_PARTS


def write_parts(cache_folder: Path, folder: Path, key: str, parts: MapParts) -> bool:
    """Keep ``parts``, the map's parts of the story of ``folder``'s files with ``key``,
    for the next start; whether they were written."""
    target = parts_path(cache_folder, folder)
    return _write_entry(cache_folder, target, _PARTS_FORMAT, key, [parts], _let_others_run)


def _read_entry(cache_folder: Path, path: Path, form: bytes, key: str) -> io.BytesIO | None:
    """The pickles of the entry at ``path``, if it is the app's, of ``form``, written
    under ``key`` and whole; else None."""
    if not _is_private_folder(Path(cache_folder)):
        return None
    try:
        data = _private_file_bytes(path)
    except OSError:  # a disk that fails the read: as if there were no entry
        return None
    head = form + key.encode() + b"\n"
    if data is None or not data.startswith(head):
        return None
    body, sealed = data[len(head) : -_SEAL_BYTES], data[-_SEAL_BYTES:]
    if hashlib.sha256(body).digest() != sealed:  # cut short, or damaged on the disk
        return None
    return io.BytesIO(body)


def _write_entry(
    cache_folder: Path,
    target: Path,
    form: bytes,
    key: str,
    pieces: Iterable[object],
    between_pieces: Callable[[], None],
) -> bool:
    """Write ``pieces``, pickled one after another, to ``target`` in ``cache_folder``
    under ``key``, then their seal; whether it was written."""
    cache_folder = Path(cache_folder)
    try:
        cache_folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _is_private_folder(cache_folder):
            return False
        descriptor, partial = tempfile.mkstemp(dir=cache_folder, prefix=".", suffix=".part")
    except (OSError, RuntimeError):  # RuntimeError: a loop of links in the folder's path
        return False
    try:
        with os.fdopen(descriptor, "wb") as file:  # mkstemp: readable by the app's user alone
            file.write(form + key.encode() + b"\n")
            seal = hashlib.sha256()
            for piece in pieces:
                data = pickle.dumps(piece, protocol=pickle.HIGHEST_PROTOCOL)
                file.write(data)
                seal.update(data)
                between_pieces()
            file.write(seal.digest())
        os.replace(partial, target)  # a rename: a reader never sees half an entry
    except Exception:  # a full disk, a story that changed: the next start checks it
        Path(partial).unlink(missing_ok=True)
        return False
    return True


def _parts(kept: KeptStory) -> Iterator[object]:
    story = kept.story
    yield (
        kept.map_data_name,
        len(story.places),
        len(story.events),
        story.sources,
        story.areas,
        story.links,
        story.eras,
        story.translations,
    )
    places = list(story.places.values())
    for start in range(0, len(places), _PART_RECORDS):
        yield places[start : start + _PART_RECORDS]
    for start in range(0, len(story.events), _PART_RECORDS):
        yield story.events[start : start + _PART_RECORDS]


def keep_in_background(
    cache_folder: Path,
    folder: Path,
    key: str,
    kept: KeptStory | None,
    after: float | None = None,
    parts: Callable[[], MapParts] | None = None,
    known: MapParts = NO_PARTS,
) -> None:
    """``after`` seconds from now (WRITE_AFTER_S unless told), on a thread of its own:
    the map's parts made by then (``parts``), if they are others than ``known`` (those
    read back at the start), then ``kept``, a story just checked, if the files still
    have ``key`` then. The parts go first, so that wherever the story is, they are.

    The first run waits for the check but not for the writing, nor for its share of
    the interpreter while the first page and the story's map data are sent: writing a
    10,000-place story takes half a second of it.
    """

    def keep() -> None:
        if parts is not None:
            made = parts()
            if made.keys() != known.keys():
                write_parts(cache_folder, folder, key, made)
        if kept is None:
            return
        # Without the collector: pickling's bookkeeping would set off a full collection
        # (the story's million objects walked, the interpreter held for 0.2 to 0.4 s)
        # in the middle of the writing, where the parts are meant to keep it short.
        with gc_paused():
            if story_key(folder) == key:  # edited since it was checked: not that story
                write_story(cache_folder, folder, key, kept, between_parts=_let_others_run)

    _later(WRITE_AFTER_S if after is None else after, keep)


def _later(delay: float, work: Callable[[], None]) -> None:
    """``work`` on a thread of its own, ``delay`` seconds from now."""

    def run() -> None:
        try:
            work()
        finally:
            _writers.discard(thread)

    thread = threading.Timer(delay, run)
    thread.name, thread.daemon = "storymap-story-cache", True
    _writers.add(thread)
    thread.start()


# The writing threads under way, for tests to wait on (wait_for_writers).
_writers: set[threading.Thread] = set()


def wait_for_writers(timeout: float) -> bool:
    """Wait for every keep_in_background under way to end; whether they all did."""
    deadline = time.monotonic() + timeout
    for thread in list(_writers):
        thread.join(max(0.0, deadline - time.monotonic()))
    return not any(thread.is_alive() for thread in list(_writers))


def stop_writers(timeout: float) -> bool:
    """Call off every keep_in_background not yet begun and wait for those under way;
    whether none is left. For tests that measure what the process allocates: a writer's
    pickling, on its own thread, would count as theirs."""
    for thread in list(_writers):
        if isinstance(thread, threading.Timer):
            thread.cancel()  # does nothing to one whose writing has begun
    done = wait_for_writers(timeout)
    _writers.difference_update([thread for thread in list(_writers) if not thread.is_alive()])
    return done


def _let_others_run() -> None:
    time.sleep(0)  # gives up the interpreter, if another thread waits for it


def _is_private_folder(folder: Path) -> bool:
    """Whether ``folder`` is a folder of the app's user, not a link to one, that no one
    else may write to. (One that others may write to is left as it is, and not used.)"""
    try:
        status = folder.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(status.st_mode)
        and status.st_uid == os.geteuid()
        and not status.st_mode & 0o022
    )


def _private_file_bytes(path: Path) -> bytes | None:
    """The bytes of ``path`` if it is a file of the app's user, no link, that no one else
    may write to; None if there is none."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if (
            not stat.S_ISREG(status.st_mode)
            or status.st_uid != os.geteuid()
            or status.st_mode & 0o022
        ):
            return None
        return file.read()
