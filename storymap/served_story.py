"""The story of the folder the app serves, as the first run after a start gets it:
read back from the disk cache when its files are those it was kept for
(storymap.story_cache), else read and checked (storymap.load) and then kept; with its
map data published where the app serves it, and the parts of its map that were kept with
it (storymap.map_parts). Plain Python: storymap.ui.stories keeps
the result for the server's process."""

from __future__ import annotations

from pathlib import Path

from storymap.gc_pause import gc_paused
from storymap.load import load_story
from storymap.loaded_story import LoadedStory, loaded_story
from storymap.map_features import STORIES_FOLDER, publish_story_data
from storymap.map_parts import NO_PARTS, parts_of, restore
from storymap.report import DataError
from storymap.story_cache import (
    KeptStory,
    is_within,
    keep_in_background,
    read_parts,
    read_story,
    story_key,
)
from storymap.storyfiles import FolderFiles, folder_title


def folder_story(
    folder: Path, static_folder: Path, static_url: str, cache_folder: Path | None
) -> LoadedStory | DataError:
    """The checked story of ``folder``, or the DataError that lists its problems.

    ``cache_folder``: where checked stories are kept between starts; None, or a
    folder within ``folder`` itself, keeps none.
    A story read from the files is written there later, from a thread of its own
    (storymap.story_cache.keep_in_background), and so are the parts of its map
    rendered by then, after every start that made new ones. A DataError is never
    kept: its report is in the reader's language, and a folder with problems is one
    being worked on.
    """
    folder = Path(folder)
    if cache_folder is not None and is_within(cache_folder, folder):
        cache_folder = None
    with gc_paused():  # 10,000 places are a million objects, none of them garbage
        key = story_key(folder) if cache_folder is not None else None
        kept = read_story(cache_folder, folder, key) if cache_folder and key else None
        known = NO_PARTS  # the map's parts read back, if the story is
        if cache_folder and key and kept is not None:
            story = kept.story
            known = read_parts(cache_folder, folder, key)
            restore(story, known)
            data_url = _published_url(kept.map_data_name, static_folder, static_url)
            if data_url is None:  # a new static folder: the file is written again
                data_url = publish_story_data(story, static_folder, static_url)
        else:
            try:
                story = load_story(folder)
            except DataError as error:
                return error
            data_url = publish_story_data(story, static_folder, static_url)
        loaded = loaded_story(story, FolderFiles(folder), folder_title(folder), data_url)
    if cache_folder is not None and key is not None:
        checked = None if kept is not None else KeptStory(story, data_url.rsplit("/", 1)[-1])
        keep_in_background(
            cache_folder, folder, key, checked, parts=lambda: parts_of(story), known=known
        )
    return loaded


def _published_url(name: str, static_folder: Path, static_url: str) -> str | None:
    # Named by its content (publish_story_data): a file of that name is that data.
    if "/" in name or not (static_folder / STORIES_FOLDER / name).is_file():
        return None
    return f"{static_url}/{STORIES_FOLDER}/{name}"
