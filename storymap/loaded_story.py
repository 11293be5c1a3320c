"""A loaded story with what every page needs of it, worked out once: plain data, no
Streamlit."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from storymap.map_features import PrivateStoryData
from storymap.model import Story
from storymap.storyfiles import Conversion, StoryFiles, showable_title, story_introduction
from storymap.translations import reading_languages, story_text, translated, translated_records
from storymap.view import ViewContext, view_context


@dataclass(frozen=True)
class LoadedStory:
    """A story with what every page needs of it, worked out once when it is loaded."""

    story: Story
    context: ViewContext
    place_order: tuple[str, ...]  # the place list's order: featured places first, by name
    title: str  # its datapackage.json's title, or a name to fall back on
    files: StoryFiles  # the files it was read from, for the data downloads
    # Where the map loads the story's places and areas from: a file the app serves to
    # everyone, or, for a visitor's own story, these bytes, served from memory.
    data_url: str | None = None
    private_map_data: bytes | None = None
    introduction: str | None = None  # its introduction.txt, if it has one
    held_bytes: int = 0  # for a visitor's own story: the server memory it takes to hold
    conversion: Conversion | None = None  # made from another tool's file: what it became
    # For a visitor's own story: its map data in each language whose features differ
    # from its own, made where the upload was checked (private_map_data_in_languages).
    private_map_data_in: Mapping[str, bytes] = field(default_factory=dict)

    @property
    def uploaded(self) -> bool:
        """A visitor's own story, shown to that visitor's session only."""
        return self.private_map_data is not None

    @cached_property
    def in_languages(self) -> dict[str, LoadedStory]:
        """Its copies in other languages, by language, as in_language makes them: each
        made once, on first use, and kept as long as it is."""
        return {}


def loaded_story(
    story: Story,
    files: StoryFiles,
    title: str,
    data_url: str | None = None,
    private_map_data: bytes | None = None,
    private_map_data_in: Mapping[str, bytes] | None = None,
) -> LoadedStory:
    """``story`` with its view context, place order and introduction worked out.

    ``files`` passed the loader's check, introduction.txt with the rest. A visitor's
    own story comes with its map data, and with its map data in other languages
    (private_map_data_in_languages).
    """
    return LoadedStory(
        story,
        view_context(story),
        place_order(story),
        title,
        files,
        data_url,
        private_map_data,
        story_introduction(files),
        private_map_data_in=dict(private_map_data_in or {}),
    )


def place_order(story: Story) -> tuple[str, ...]:
    """The place list's order: featured places first, then by name, case aside."""

    def order(place_id: str) -> tuple:
        place = story.places[place_id]
        return (not place.featured, place.name.lower())

    return tuple(sorted(story.places, key=order))


def in_language(
    loaded: LoadedStory, code: str, publish: Callable[[Story], str] | None = None
) -> LoadedStory:
    """``loaded``, a story as written, as a reader of ``code`` sees it: its title,
    introduction, places, events, eras, links and areas in that language where its
    translations.csv has them (storymap.translations), and its place list and map data
    to match.

    ``loaded`` itself when the story has no text in ``code``, or ``code`` is no language
    of the interface (storymap.translations.reading_languages). ``publish`` writes a
    folder's map data where the app serves it, and returns its address. A visitor's
    own story brings its map data in each language with it, made where it was checked
    (private_map_data_in_languages): the server only picks one, and its copy of the
    story costs a pass over the story's records (storymap.translations), in the memory
    copy_held_bytes counts.
    """
    if code not in reading_languages(loaded.story):
        return loaded
    story = translated(loaded.story, code)
    copy = loaded.in_languages.get(code)
    if copy is None:
        # Two readers may make the same copy at once; either copy will do.
        copy = loaded.in_languages.setdefault(code, _copy_in(loaded, story, code, publish))
    return copy


def _copy_in(
    loaded: LoadedStory, story: Story, code: str, publish: Callable[[Story], str] | None
) -> LoadedStory:
    data_url, private_map_data = loaded.data_url, loaded.private_map_data
    if private_map_data is not None:
        # Made where the upload was checked, for each language that renames a place or
        # an area (private_map_data_in_languages); never here, where it would take writing all of
        # the story's features again, areas and all, in the server's time.
        private_map_data = loaded.private_map_data_in.get(code, private_map_data)
    elif data_url is not None and publish is not None:
        data_url = publish(story)
    # A translated introduction stands in for the story's own, and only where it has one
    # (the loader refuses one for a story without).
    introduction = loaded.introduction and (
        story_text(story, code, "introduction") or loaded.introduction
    )
    return replace(
        loaded,
        story=story,
        place_order=place_order(story),
        # Cleaned as a datapackage.json's title is: the app's own frame shows it.
        title=showable_title(story_text(story, code, "title") or "") or loaded.title,
        data_url=data_url,
        private_map_data=private_map_data,
        introduction=introduction,
    )


def private_map_data_in_languages(
    story: Story, data: PrivateStoryData | None = None
) -> Iterator[tuple[str, bytes]]:
    """A visitor's own story's map data in each language a reader may see it in
    (storymap.translations.reading_languages) whose features differ from the story's
    own, those whose place or area names are translated: (language, map data), one at a
    time.
    ``data``: the story's, if made already.

    Made where the upload is checked (storymap.upload_check), within the check's limits,
    so that in_language has only to pick one.
    """
    data = data or PrivateStoryData(story)
    for code in reading_languages(story):
        made = data.of_copy(translated(story, code))
        if made is not None:
            yield code, made


# What a reader's copy of a story in another language holds beyond the story's own
# (in_language): the copy itself, each translated record made anew, and for every
# record of the story its share of the copy's lists and indices and its place order.
# Measured with tracemalloc from the template's story to 10,000 places and 20,000
# events, with none to all of them translated; rounded up. The texts themselves are
# the story's translations, held with it already.
_HELD_PER_COPY = 4096
_HELD_PER_RECORD = 64
_HELD_PER_TRANSLATED_RECORD = 400


def copy_held_bytes(story: Story) -> int:
    """The server memory ``story``'s copies in every language a reader may see it in
    take, once each is made (in_language)."""
    records = (
        len(story.places)
        + len(story.events)
        + len(story.eras)
        + len(story.links)
        + len(story.areas)
    )
    return sum(
        _HELD_PER_COPY
        + records * _HELD_PER_RECORD
        + translated_records(story, code) * _HELD_PER_TRANSLATED_RECORD
        for code in reading_languages(story)
    )
