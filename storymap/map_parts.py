"""The rendered parts of each story's map, made once for every reader and kept.

A story's base map, one for each language and way of serving it, and the layer of
each view (storymap.ui.map_rendering) are the same for every reader, so each is made once
and kept in memory for as long as the story lives. They are also written to the disk
with the folder's checked story (storymap.story_cache), so that the first reader after
a restart gets the map without its being rendered again, and without folium, which
rendering imports.

Every part is kept under a key that names everything it is made from besides the story
and the code (which the story's own key names): the language, the view, the tiles,
where the map's files are served from.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from storymap.kept import KeptForEach
from storymap.model import Story
from storymap.rendered_map import RenderedMap

# A base map is about 5 KB (the places come from their own address); a layer grows
# with its arcs' labels, about 11 KB at the default story's most linked place.
BASE_MAPS = KeptForEach(size=8)
LAYERS = KeptForEach(size=128)


@dataclass(frozen=True)
class MapParts:
    """A story's rendered parts, by their keys, as written to the disk."""

    base_maps: tuple[tuple[Hashable, RenderedMap], ...] = ()
    layers: tuple[tuple[Hashable, str], ...] = ()


def parts_of(story: Story) -> MapParts:
    """The parts kept for ``story`` so far."""
    return MapParts(tuple(BASE_MAPS.of(story).items()), tuple(LAYERS.of(story).items()))


def restore(story: Story, parts: Any) -> None:
    """Keep ``parts``, read back from the disk, for ``story``; anything else is passed
    over (it is rendered again when asked for)."""
    if not isinstance(parts, MapParts):
        return
    for kept, pairs, kind in (
        (BASE_MAPS.of(story), parts.base_maps, RenderedMap),
        (LAYERS.of(story), parts.layers, str),
    ):
        for key, part in pairs:
            if isinstance(part, kind) and isinstance(key, Hashable):
                kept.get(key, _given(part))


def _given(part: Any) -> Callable[[], Any]:
    return lambda: part
