import hashlib

from storymap.assets import (
    assets_from_environment,
    basemap_texts,
    basemap_urls,
    install_leaflet,
    install_map_code,
    leaflet_folder,
    map_code,
)
from storymap.basemap import KEY_FILE, LEVELS, preparation_key, source_archive


def test_leaflet_is_copied_from_its_package_once(tmp_path):
    target = install_leaflet(tmp_path)
    assert (target / "leaflet.js").stat().st_size > 100_000
    assert (target / "leaflet.css").is_file()
    assert (target / "images" / "marker-icon.png").is_file()
    stamp = (target / "VERSION").stat().st_mtime_ns
    install_leaflet(tmp_path)
    assert (target / "VERSION").stat().st_mtime_ns == stamp


def test_the_asset_mode_comes_from_the_environment():
    assert assets_from_environment({}).mode == "local"
    assert assets_from_environment({"STORYMAP_ASSETS": "cdn"}).mode == "cdn"
    assert assets_from_environment({"STORYMAP_ASSETS": "CDN "}).mode == "cdn"
    assert assets_from_environment({"STORYMAP_ASSETS": "other"}).mode == "local"


def test_the_maps_own_code_is_copied_and_kept_current(tmp_path):
    target = install_map_code(tmp_path)
    assert (target / "storylayer.js").read_text(encoding="utf-8") == map_code("storylayer.js")
    bundle = (target / "map.js").read_text(encoding="utf-8")
    leaflet = (leaflet_folder() / "leaflet.js").read_text(encoding="utf-8")
    assert bundle.startswith(leaflet) and bundle.endswith(map_code("storylayer.js"))
    (target / "storylayer.js").write_text("an older copy", encoding="utf-8")
    install_map_code(tmp_path)
    assert (target / "storylayer.js").read_text(encoding="utf-8") == map_code("storylayer.js")
    bundle = (target / "map.js").read_text(encoding="utf-8")
    leaflet = (leaflet_folder() / "leaflet.js").read_text(encoding="utf-8")
    assert bundle.startswith(leaflet) and bundle.endswith(map_code("storylayer.js"))
    assert sorted(path.name for path in target.iterdir()) == ["map.js", "storylayer.js"]


def test_the_basemap_is_served_beside_the_maps_code_with_its_contents_version(tmp_path):
    # A basemap prepared at an earlier start, from the same source with the same settings.
    folder = tmp_path / "storymap"
    folder.mkdir()
    texts = {
        level.name: f'{{"type":"FeatureCollection","features":[],"{level.name}":1}}'
        for level in LEVELS
    }
    for level in LEVELS:
        (folder / level.file).write_text(texts[level.name], encoding="utf-8")
    (folder / KEY_FILE).write_text(preparation_key(source_archive()) + "\n")
    assert basemap_texts(tmp_path) == texts
    for level in LEVELS:
        version = hashlib.sha256(texts[level.name].encode("utf-8")).hexdigest()[:12]
        assert (
            basemap_urls(tmp_path)[level.name] == f"/app/static/storymap/{level.file}?v={version}"
        )
