"""The server's settings that keep visitors safe, read from .streamlit/config.toml."""

from __future__ import annotations

import tomllib

from tests.conftest import PROJECT_ROOT

CONFIG = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))


def test_visitors_never_see_error_details():
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_cross_site_request_forgery_protection_is_on():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    # Streamlit turns XSRF protection off when CORS protection is off.
    assert CONFIG["server"].get("enableCORS", True) is True


def test_the_map_scripts_are_served_by_the_app():
    assert CONFIG["server"]["enableStaticServing"] is True


def test_the_toolbar_offers_no_developer_options():
    assert CONFIG["client"]["toolbarMode"] == "viewer"
