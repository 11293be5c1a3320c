from storymap.assets import (
    assets_from_environment,
    install_leaflet,
    install_map_code,
    leaflet_folder,
    map_code,
)


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
