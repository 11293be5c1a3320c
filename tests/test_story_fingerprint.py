"""A served folder's fingerprint: read again at most once a second, and changed by an edit."""

from __future__ import annotations

from storymap.ui import stories


def test_an_edit_changes_the_fingerprint_once_it_is_read_again(tmp_path, monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(stories.time, "monotonic", lambda: clock[0])
    (tmp_path / "places.csv").write_text("id\n", encoding="utf-8")
    before = stories._fingerprint(tmp_path)
    (tmp_path / "places.csv").write_text("id,name\n", encoding="utf-8")
    clock[0] += stories.FINGERPRINT_SECONDS / 2
    assert stories._fingerprint(tmp_path) == before  # trusted for a moment
    clock[0] += stories.FINGERPRINT_SECONDS
    after = stories._fingerprint(tmp_path)
    assert after != before
    assert [entry[0] for entry in after] == ["places.csv"]


def test_a_missing_folder_has_an_empty_fingerprint(tmp_path):
    assert stories._fingerprint(tmp_path / "missing") == ()
