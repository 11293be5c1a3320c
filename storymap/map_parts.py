"""The rendered parts of each story's map, made once for every reader and kept.

A story's base map, one for each language and way of serving it, and the layer of
each view (storymap.ui.map_rendering) are the same for every reader, so each is made
once and kept in memory for as long as the story lives: with the story as written,
for it and its copies in other languages (storymap.translations). They are also
written to the disk beside the folder's checked story (storymap.story_cache), so that
the first reader after a restart gets the map without its being rendered again, and
without folium, which rendering imports.

Every part is kept under a key that names everything it is made from besides the story
and the code (which the story's own key names): the language, the view, the tiles,
where the map's files are served from.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from storymap.kept import Kept, KeptForEach
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

    def keys(self) -> tuple[frozenset, frozenset]:
        """Which parts these are."""
        return frozenset(key for key, _ in self.base_maps), frozenset(k for k, _ in self.layers)


NO_PARTS = MapParts()


def base_maps_of(story: Story) -> Kept:
    """The base maps kept for ``story``, or for the story it is a translation of."""
    return BASE_MAPS.of(story.translated_from or story)


def layers_of(story: Story) -> Kept:
    """The layers kept for ``story``, or for the story it is a translation of."""
    return LAYERS.of(story.translated_from or story)


def parts_of(story: Story) -> MapParts:
    """The parts kept for ``story`` and its translations so far."""
    return MapParts(tuple(base_maps_of(story).items()), tuple(layers_of(story).items()))


def restore(story: Story, parts: Any) -> None:
    """Keep ``parts``, read back from the disk, for ``story``; anything else is passed
    over (it is rendered again when asked for)."""
    if not isinstance(parts, MapParts):
        return
    for kept, pairs, kind in (
        (base_maps_of(story), parts.base_maps, RenderedMap),
        (layers_of(story), parts.layers, str),
    ):
        for key, part in pairs:
            if not isinstance(part, kind):
                continue
            try:
                kept.get(key, _given(part))
            except TypeError:  # a key that can't be one (a list within a tuple)
                continue


def _given(part: Any) -> Callable[[], Any]:
    return lambda: part
