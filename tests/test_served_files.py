"""Several copies of the app sharing one served folder write the same files at once:
each writer's file is whole, and none fails for another's."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from storymap.assets import install_leaflet, install_map_code
from storymap.load import DEFAULT_DATA_FOLDER, load_story
from storymap.map_features import publish_story_data
from storymap.served_files import write_whole

WRITERS = 4


def all_at_once(write) -> list[BaseException]:
    """Call ``write`` from WRITERS threads released together; what they raised."""
    start = threading.Barrier(WRITERS)
    raised: list[BaseException] = []

    def writer() -> None:
        start.wait()
        try:
            write()
        except BaseException as error:  # gathered for the test to show
            raised.append(error)

    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return raised


@pytest.mark.parametrize("attempt", range(5))
def test_writers_of_one_file_at_once_all_succeed_and_leave_it_whole(tmp_path: Path, attempt):
    target = tmp_path / "map.js"
    text = f"attempt {attempt} " * 50_000
    assert all_at_once(lambda: write_whole(target, text)) == []
    assert target.read_text(encoding="utf-8") == text
    assert [path.name for path in tmp_path.iterdir()] == ["map.js"]  # no partial left


def test_a_failed_write_leaves_no_partial_file(tmp_path: Path):
    with pytest.raises(IsADirectoryError):
        write_whole(tmp_path, "a folder cannot be replaced by a file")
    assert list(tmp_path.parent.glob(f"{tmp_path.name}.*.part")) == []


@pytest.mark.parametrize("attempt", range(3))
def test_copies_installing_the_maps_files_at_once_all_succeed(tmp_path: Path, attempt):
    story = load_story(DEFAULT_DATA_FOLDER)

    def start_up() -> None:
        install_leaflet(tmp_path)
        install_map_code(tmp_path)
        publish_story_data(story, tmp_path, "/app/static")

    assert all_at_once(start_up) == []
    assert (tmp_path / "vendor" / "leaflet" / "leaflet.js").stat().st_size > 100_000
    assert sorted(path.name for path in (tmp_path / "vendor").iterdir()) == ["leaflet"]
    (published,) = (tmp_path / "stories").iterdir()
    assert published.read_text(encoding="utf-8").startswith('{"type":"FeatureCollection"')
