"""A loaded story with what every page needs of it, worked out once: plain data, no
Streamlit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from storymap.map_features import private_story_data
from storymap.model import Story
from storymap.storyfiles import Conversion, StoryFiles, showable_title, story_introduction
from storymap.translations import story_text, translated
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
) -> LoadedStory:
    """``story`` with its view context, place order and introduction worked out.

    ``files`` passed the loader's check, introduction.txt with the rest.
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
    introduction, places, events and eras in that language where its translations.csv
    has them (storymap.translations), and its place list and map data to match.

    ``loaded`` itself when the story has no text in ``code``. ``publish`` writes a
    folder's map data where the app serves it, and returns its address; a visitor's
    own story keeps its copy in memory, as it keeps the story's.
    """
    story = translated(loaded.story, code)
    if story is loaded.story:
        return loaded
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
        private_map_data = private_story_data(story)
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
