"""A loaded story with what every page needs of it, worked out once: plain data, no
Streamlit."""

from __future__ import annotations

from dataclasses import dataclass

from storymap.model import Story
from storymap.storyfiles import Conversion, StoryFiles, story_introduction
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
