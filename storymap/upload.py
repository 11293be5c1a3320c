"""A visitor's uploaded files, or zip of a data folder, as the files of a story.

Everything stays in memory: nothing of an upload is written to disk, where another
visitor's session could come across it. The limits keep one upload from taking the
memory every other visitor shares: Streamlit refuses a file over
``server.maxUploadSize`` before it arrives, and the limits here cover what that does
not (several files at once, and what a zip holds once unpacked).

What a refusal says is in the reader's language (the upload is checked in a worker
process that speaks it: storymap.upload_check); the problems the loader finds in the
files, as the command line prints them, are in English.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from storymap import schema
from storymap.i18n import N_, _, ngettext
from storymap.interchange import no_event_problems, read_story_file, report_lines
from storymap.interchange.draft import UnknownFormatError
from storymap.interchange.write import folder_files
from storymap.number_text import decimal_text, number_text
from storymap.report import WHOLE_FILE, DataError, Problem, shorten
from storymap.storyfiles import STORY_FILENAMES, Conversion, MemoryFiles

MAX_UPLOAD_MB = 20  # the same as server.maxUploadSize in .streamlit/config.toml
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024  # all the files of one upload together
MAX_UNZIPPED_BYTES = 3 * MAX_UPLOAD_BYTES  # what a zip may hold, unpacked
MAX_ZIP_ENTRIES = 1000  # every entry counts: folders and ignored files too
# A zip's list of its files: a thousand entries with names of a kilobyte. Checked before
# the list is read, so that no zip can make the reading of its list take long.
MAX_ZIP_DIRECTORY_BYTES = 1024 * 1024
# No story file's name, nor a copy's, is longer: longer names are not looked at further.
MAX_NAME_CHARACTERS = 255
# The extra data of one entry (times, owners): a few dozen bytes from any common tool.
MAX_EXTRA_FIELD_BYTES = 1024
UPLOAD_LABEL = N_("your upload")  # what a report calls the upload as a whole
# A lone file with one of these endings, not named as a story's file, is read as another
# tool's story (StoryMapJS, TimelineJS, GeoJSON points), recognised by what it holds.
IMPORTED_SUFFIXES = (".json", ".geojson", ".csv")
# Lines of an import's report shown on the page; the rest are counted in one more line.
MAX_SHOWN_LINES = 200
_IGNORED_IN_ZIPS = ("__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini")


def files_from_upload(uploads: Sequence[tuple[str, bytes]]) -> MemoryFiles:
    """The story files of an upload: the files themselves, or one zip of a folder.

    Raises DataError, naming each file and what is wrong with it, when the upload is
    too large, is not a zip that can be read, or holds files that are not a story's.
    """
    check_upload_sizes([(name, len(data)) for name, data in uploads])
    zips = [name for name, _data in uploads if name.lower().endswith(".zip")]
    if zips and len(uploads) > 1:
        names = ", ".join(shorten(name) for name, _data in uploads)
        raise refused(
            _(UPLOAD_LABEL),
            _(
                "upload either one zip of a data folder or the files themselves, not "
                "both: got {names}"
            ).format(names=names),
        )
    if zips:
        name, data = uploads[0]
        return MemoryFiles(name, _files_in_zip(name, data))
    if len(uploads) == 1 and _from_another_tool(uploads[0][0]):
        return files_from_another_tool(*uploads[0])
    problems, files = [], {}
    for name, data in uploads:
        base = PurePosixPath(name.replace("\\", "/")).name
        if base not in STORY_FILENAMES:
            problems.append(_problem(shorten(name), _unknown_name_message(base)))
        elif base in files:
            problems.append(_problem(base, _("the file was uploaded twice; upload it once")))
        else:
            files[base] = data
    if problems:
        raise DataError(_(UPLOAD_LABEL), problems)
    return MemoryFiles(UPLOAD_LABEL, files)


def _from_another_tool(name: str) -> bool:
    """Whether a lone file may be another tool's story: a JSON, GeoJSON or CSV file
    that is not named as one of a story folder's files."""
    base = PurePosixPath(name.replace("\\", "/")).name
    return base not in STORY_FILENAMES and base.lower().endswith(IMPORTED_SUFFIXES)


def files_from_another_tool(name: str, data: bytes) -> MemoryFiles:
    """A StoryMapJS, TimelineJS or GeoJSON file as the files of a story folder, with
    what it became and what could not be carried over; DataError if it is none of them."""
    base = shorten(PurePosixPath(name.replace("\\", "/")).name)
    try:
        draft = read_story_file(base, data)
    except UnknownFormatError as error:
        raise refused(
            base,
            _("{reason}; nor is it a StoryMapJS, TimelineJS or GeoJSON file: {error}").format(
                reason=_unknown_name_message(base), error=error
            ),
        ) from None
    imported = folder_files(draft)
    if not imported.events:
        raise DataError(base, no_event_problems(draft, imported))
    conversion = Conversion(
        base,
        draft.format,
        imported.places,
        imported.events,
        imported.sources,
        imported.media,
        tuple(report_lines(draft, imported, MAX_SHOWN_LINES)),
        left_out=len(imported.lines) + draft.more_left_out,
    )
    return MemoryFiles(base, imported.files, conversion)


def check_upload_sizes(sizes: Sequence[tuple[str, int]]) -> None:
    """Refuse an upload by its files' sizes alone, before any of them is read or copied."""
    if not sizes:
        raise refused(
            _(UPLOAD_LABEL),
            _(
                "no files were uploaded; choose places.csv, events.csv and sources.csv "
                "(and any of the optional files), or one zip"
            ),
        )
    total = sum(size for _name, size in sizes)
    if total > MAX_UPLOAD_BYTES:
        raise refused(
            _(UPLOAD_LABEL),
            _("the files come to {size}; at most {limit} MB can be uploaded at once").format(
                size=_megabytes(total), limit=MAX_UPLOAD_MB
            ),
        )


def _files_in_zip(zip_name: str, data: bytes) -> dict[str, bytes]:
    """The story files in the zip: at its top, or in the one folder that holds places.csv."""
    unreadable = refused(
        zip_name,
        _(
            "the file is not a zip that can be read; make it again with your system's "
            "Compress or Send to zip"
        ),
    )
    directory = _directory_record(data)
    if directory is None or directory.start < 0:
        raise unreadable
    if directory.entries > MAX_ZIP_ENTRIES:
        raise _too_many_entries(zip_name, directory.entries)
    if directory.size > MAX_ZIP_DIRECTORY_BYTES:
        raise refused(
            zip_name,
            _(
                "the zip's list of files takes {size}; at most {limit} MB is read, enough "
                "for a story's files with names of ordinary length"
            ).format(
                size=_megabytes(directory.size), limit=MAX_ZIP_DIRECTORY_BYTES // (1024 * 1024)
            ),
        )
    if directory.longest_extra_field(data) > MAX_EXTRA_FIELD_BYTES:
        raise refused(
            zip_name,
            _(
                "an entry of the zip carries more than {limit} bytes of extra data; make "
                "the zip again with your system's Compress or Send to zip"
            ).format(limit=number_text(MAX_EXTRA_FIELD_BYTES)),
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        listed = archive.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ):
        raise unreadable from None
    if len(listed) > MAX_ZIP_ENTRIES:  # its directory said fewer than it holds
        raise _too_many_entries(zip_name, len(listed))
    entries = [
        entry
        for entry in listed
        if entry.filename
        and not entry.is_dir()
        and not any(
            part in _IGNORED_IN_ZIPS or part.startswith("._")
            for part in PurePosixPath(entry.filename).parts
        )
    ]

    def holds_places(entry: zipfile.ZipInfo) -> bool:
        name = PurePosixPath(entry.filename).name
        return schema.PLACES.filename in (name, meant_name(name))

    folders = sorted(
        {PurePosixPath(entry.filename).parent for entry in entries if holds_places(entry)},
        key=lambda folder: len(folder.parts),
    )
    if not folders:
        raise refused(
            zip_name,
            _(
                "the zip has no {file}; zip the data folder itself, the one that holds "
                "places.csv and events.csv"
            ).format(file=schema.PLACES.filename),
        )
    in_folder = [entry for entry in entries if PurePosixPath(entry.filename).parent == folders[0]]
    names = {PurePosixPath(entry.filename).name for entry in in_folder}
    meant = {name: meant_name(name) for name in sorted(names)}
    misnamed = [
        (name, story_name)
        for name, story_name in meant.items()
        if story_name and story_name not in names
    ]
    if misnamed:
        raise DataError(
            _(UPLOAD_LABEL),
            [
                _problem(
                    zip_name,
                    _(
                        "{file} is not a file of a story; rename it {story_name} (browsers "
                        "and file managers add numbers to copies' names)"
                    ).format(file=shorten(name), story_name=story_name),
                )
                for name, story_name in misnamed
            ],
        )
    chosen = [entry for entry in in_folder if PurePosixPath(entry.filename).name in STORY_FILENAMES]
    declared = sum(entry.file_size for entry in chosen)
    if declared > MAX_UNZIPPED_BYTES:
        raise refused(
            zip_name,
            _("the story's files come to {size} unzipped; at most {limit} MB are read").format(
                size=_megabytes(declared), limit=MAX_UNZIPPED_BYTES // (1024 * 1024)
            ),
        )
    files, read = {}, 0
    for entry in chosen:
        try:
            with archive.open(entry) as member:
                # Read no more than the limit allows, whatever the zip says of its sizes.
                content = _read_at_most(member, MAX_UNZIPPED_BYTES - read + 1)
        except (
            zipfile.BadZipFile,
            RuntimeError,
            NotImplementedError,
            OSError,
            EOFError,
            ValueError,
            zlib.error,
        ) as error:
            raise refused(
                zip_name,
                _(
                    "{file} can't be unzipped ({error}); zip the folder again, without a password"
                ).format(file=shorten(entry.filename), error=shorten(error, 120)),
            ) from None
        read += len(content)
        if read > MAX_UNZIPPED_BYTES:
            raise refused(
                zip_name,
                _(
                    "the story's files come to more than {limit} MB unzipped; that is the "
                    "most that is read"
                ).format(limit=MAX_UNZIPPED_BYTES // (1024 * 1024)),
            )
        files[PurePosixPath(entry.filename).name] = content
    return files


_READ_CHUNK = 1024 * 1024


def _read_at_most(member, limit: int) -> bytes:
    """Up to ``limit`` bytes of an entry, unpacked a megabyte at a time.

    One read of ``limit`` bytes would have the decompressor fill a buffer of that size
    first, however few bytes the entry holds.
    """
    chunks, size = [], 0
    while size < limit:
        chunk = member.read(min(_READ_CHUNK, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


_END_OF_DIRECTORY = b"PK\x05\x06"
_END_RECORD_SIZE = 22
_LONGEST_ZIP_COMMENT = 0xFFFF
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_ZIP64_END_RECORD = b"PK\x06\x06"
_ZIP64_END_RECORD_SIZE = 56
_DIRECTORY_ENTRY = b"PK\x01\x02"
_DIRECTORY_ENTRY_SIZE = 46


@dataclass(frozen=True)
class _Directory:
    """The zip's list of files as its end records describe it, before it is read."""

    entries: int
    size: int
    start: int  # where the list begins in the file, as Python's zipfile will look for it

    def longest_extra_field(self, data: bytes) -> int:
        """The longest extra field of the listed entries (zipfile takes them apart in
        time that grows with the square of their length)."""
        longest, position, end = 0, self.start, self.start + self.size
        while position + _DIRECTORY_ENTRY_SIZE <= end and data.startswith(
            _DIRECTORY_ENTRY, position
        ):
            name, extra, comment = struct.unpack_from("<HHH", data, position + 28)
            longest = max(longest, extra)
            position += _DIRECTORY_ENTRY_SIZE + name + extra + comment
        return longest


def _directory_record(data: bytes) -> _Directory | None:
    """The zip's list of files, as its end record (and Zip64 end record) give it.

    The records are found as Python's zipfile finds them, so that both read the same: the
    end record in the last 64 KiB, the Zip64 ones just before it. A count of 0xFFFF in
    the end record means "65,535 or more".
    """
    start = data.rfind(
        _END_OF_DIRECTORY, max(0, len(data) - _END_RECORD_SIZE - _LONGEST_ZIP_COMMENT)
    )
    if start < 0 or len(data) - start < _END_RECORD_SIZE:
        return None
    entries, size = struct.unpack_from("<HI", data, start + 10)
    end = start
    locator = start - _ZIP64_LOCATOR_SIZE
    if locator >= 0 and data.startswith(_ZIP64_LOCATOR, locator):
        record = locator - _ZIP64_END_RECORD_SIZE
        if record < 0 or not data.startswith(_ZIP64_END_RECORD, record):
            return None
        entries64, size64 = struct.unpack_from("<QQ", data, record + 32)
        entries, size, end = max(entries, entries64), max(size, size64), record
    return _Directory(entries, size, end - size)


def _too_many_entries(zip_name: str, count: int) -> DataError:
    return refused(
        zip_name,
        ngettext(
            "the zip holds {count} file or folder; a story needs at most {needed}, and at "
            "most {limit} are read",
            "the zip holds {count} files or folders; a story needs at most {needed}, and at "
            "most {limit} are read",
            count,
        ).format(
            count=number_text(count),
            needed=len(STORY_FILENAMES),
            limit=number_text(MAX_ZIP_ENTRIES),
        ),
    )


# A story file's name as a copy or a download may have changed it: "places (1).csv",
# "Places - Copy.CSV", "events-2.csv".
_COPY_MARK = re.compile(
    r"^(?P<stem>.+?)(\s*\(\d+\)|\s*-\s*copy|\s+copy|-\d+)?"
    r"(?P<suffix>\.[A-Za-z]+)$",
    re.IGNORECASE,
)


def meant_name(name: str) -> str | None:
    """The story file ``name`` stands for, if it is one with a changed name."""
    if len(name) > MAX_NAME_CHARACTERS:
        # Not a story file's name; and the pattern's time grows with the square of the
        # length of a run of spaces in a name: no name of any length may cost more.
        return None
    match = _COPY_MARK.match(name.strip())
    if not match:
        return None
    meant = (match["stem"].strip() + match["suffix"]).lower()
    return meant if meant in STORY_FILENAMES and meant != name else None


def _unknown_name_message(name: str) -> str:
    meant = meant_name(name)
    if meant:
        return _(
            "not a file of a story; rename it {story_name} (browsers and file managers add "
            "numbers to copies' names)"
        ).format(story_name=meant)
    return _("not a file of a story; the files are named {names}").format(
        names=", ".join(STORY_FILENAMES)
    )


def too_large_to_hold(size: int) -> DataError:
    """The report for a valid story larger than all the memory kept for visitors' stories."""
    return refused(
        _(UPLOAD_LABEL),
        _(
            "the story would take {size} of the server's memory, more than it keeps for "
            "all visitors' stories together; upload a smaller one"
        ).format(size=_megabytes(size)),
        "too-large",
    )


def _megabytes(size: int) -> str:
    return _("{size} MB").format(size=decimal_text(size / (1024 * 1024)))


def _problem(file: str, message: str, rule: str = "upload") -> Problem:
    # The file's name is the visitor's: as long, or as empty, as they made it.
    shown = shorten(file) or _("(a file with no name)")
    return Problem(shown, WHOLE_FILE, WHOLE_FILE, message, rule)


def refused(file: str, message: str, rule: str = "upload") -> DataError:
    """An upload refused as a whole, for one reason (``file``: the file it concerns,
    or the upload's label, ``_(UPLOAD_LABEL)``)."""
    return DataError(_(UPLOAD_LABEL), [_problem(file, message, rule)])


# Refusals that say nothing of the files' contents: the server's limits, or a fault.
NOT_ABOUT_THE_FILES = ("busy", "time", "memory", "failed", "too-large")


def is_about_the_files(error: DataError) -> bool:
    """Whether ``error`` reports problems in the files, rather than a limit of the server."""
    return not (len(error.problems) == 1 and error.problems[0].rule in NOT_ABOUT_THE_FILES)
