"""A loaded story with what every page needs of it, worked out once: plain data, no
Streamlit."""

from __future__ import annotations

from dataclasses import dataclass

from storymap.model import Story
from storymap.storyfiles import StoryFiles
from storymap.view import ViewContext, view_context


@dataclass(frozen=True)
class LoadedStory:
    """A story with what every page needs of it, worked out once when it is loaded."""

    story: Story
    context: ViewContext
    place_order: tuple[str, ...]  # the place list's order: featured places first, by name
    title: str
    files: StoryFiles  # the files it was read from, for the data downloads
    # Where the map loads the story's places and areas from: a file the app serves to
    # everyone, or, for a visitor's own story, these bytes, served from memory.
    data_url: str | None = None
    private_map_data: bytes | None = None
    # The article's own story, from the app's data folder: it has its own introduction.
    article: bool = False
    held_bytes: int = 0  # for a visitor's own story: the server memory it takes to hold

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
    article: bool = False,
) -> LoadedStory:
    """``story`` with its view context and place order worked out."""
    return LoadedStory(
        story,
        view_context(story),
        place_order(story),
        title,
        files,
        data_url,
        private_map_data,
        article,
    )


def place_order(story: Story) -> tuple[str, ...]:
    """The place list's order: featured places first, then by name, case aside."""

    def order(place_id: str) -> tuple:
        place = story.places[place_id]
        return (not place.featured, place.name.lower())

    return tuple(sorted(story.places, key=order))
