"""Streamlit's internals that storymap/ui/streamlit_internals.py uses: each still there.

Fails on a Streamlit upgrade until "Upgrading Streamlit" in the README has been gone
through and CHECKED_WITH moved to the new release.
"""

import inspect
import re
from pathlib import Path

import streamlit
from streamlit.runtime import runtime as streamlit_runtime
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.pages_manager import PagesManager

from storymap.ui import index_page
from storymap.ui.server_start import FIRST_RUN_LIMIT_S, PAGE_HOLD_S
from storymap.ui.streamlit_internals import CHECKED_WITH, STYLED_TEST_IDS, STYLESHEETS
from tests.conftest import PROJECT_ROOT


def test_the_installed_streamlit_is_the_one_its_internals_were_checked_with():
    assert streamlit.__version__ == CHECKED_WITH, (
        f"Streamlit is {streamlit.__version__}, its internals were checked with "
        f"{CHECKED_WITH}: go through 'Upgrading Streamlit' in the README"
    )


def test_the_pages_directory_mode_is_a_class_flag():
    assert isinstance(PagesManager.uses_pages_directory, bool | None)


def test_the_media_store_adds_data_by_mimetype_and_coordinates():
    parameters = list(inspect.signature(MediaFileManager.add).parameters)
    assert parameters[:4] == ["self", "path_or_data", "mimetype", "coordinates"]


def test_the_script_check_is_a_coroutine_of_the_runtime_with_a_longer_limit_than_ours():
    check = streamlit_runtime.Runtime.does_script_run_without_error
    assert inspect.iscoroutinefunction(check)
    assert list(inspect.signature(check).parameters) == ["self"]
    assert streamlit_runtime.SCRIPT_RUN_CHECK_TIMEOUT > FIRST_RUN_LIMIT_S


def test_the_experimental_st_app_takes_a_lifespan_and_middleware():
    parameters = inspect.signature(streamlit.App).parameters
    assert {"script_path", "lifespan", "middleware"} <= set(parameters)


def test_the_page_waits_for_a_health_check_longer_than_we_hold_it_and_gives_up_after_six():
    """Streamlit's page, before it opens its session, asks for the health check (and
    the host config) with a timeout; it waits 100 ms, then twice as long after each
    failure, up to a cap, and shows a connection error from the sixth failure on.
    storymap.ui.server_start holds a page's ask PAGE_HOLD_S, so that six of them last
    longer than FIRST_RUN_LIMIT_S and none times out."""
    bundle = _frontend_bundle()
    asked = re.search(r"Promise\.all\(\[\w+\(n,(\w+),p\.signal\),\w+\(o,\1,p\.signal\)\]\)", bundle)
    assert asked, "the page's health and host-config asks are not where they were"
    (timeout,) = re.findall(rf"[,;\s]{asked.group(1)}=([\w.]+)[,;]", bundle)
    assert float(timeout) / 1000 > PAGE_HOLD_S
    assert re.findall(r"\w+\(this\.getBaseUrisToProbe\(\),(\d+),", bundle) == ["100"]
    failures = re.findall(
        r"showRetryError=\((\w),\w,\w\)=>\{\1>=(\d+)&&this\.props\.onConnectionError", bundle
    )
    assert failures == [("e", "6")]
    assert 6 * PAGE_HOLD_S > FIRST_RUN_LIMIT_S


def _frontend_bundle() -> str:
    scripts = Path(streamlit.__file__).parent / "static" / "static" / "js"
    return "".join(
        path.read_text(encoding="utf-8", errors="ignore") for path in scripts.glob("*.js")
    )


def test_the_test_ids_the_stylesheets_style_are_in_streamlits_frontend():
    bundle = _frontend_bundle()
    css = "".join(
        (PROJECT_ROOT / "storymap" / name).read_text(encoding="utf-8") for name in STYLESHEETS
    )
    assert set(re.findall(r'data-testid="(\w+)"', css)) == set(STYLED_TEST_IDS)
    for test_id in STYLED_TEST_IDS:
        assert f'[data-testid="{test_id}"]' in css
        # As the bundle writes a test id: "data-testid":`stHtml`
        assert f'"data-testid":`{test_id}`' in bundle, (
            f"{test_id} is no longer a test id of Streamlit's"
        )


def test_streamlits_page_has_one_root_for_the_apps_style_to_go_before():
    """storymap.ui.index_page inserts the app's style before the element Streamlit's page
    draws into, after the page's head: without it, every page would show unstyled."""
    page = (Path(streamlit.__file__).parent / "static" / "index.html").read_bytes()
    assert page.count(index_page.INSERT_BEFORE) == 1
    assert page.index(b"</head>") < page.index(index_page.INSERT_BEFORE)


def test_the_panels_code_is_what_streamlit_loads_for_its_text_and_buttons():
    """storymap.ui.index_page has a reader's first map load it once the map has drawn:
    the files Streamlit's page imports for an Html element (with the sanitizer that the
    Html element's file imports) and for a button."""
    html, purify, button = (address.rsplit("/", 1)[1] for address in index_page.panel_code())
    bundle = _frontend_bundle()
    assert f"import(`./{html}`)" in bundle
    assert f"import(`./{button}`)" in bundle
    html_code = (index_page.STREAMLIT_SCRIPTS / html).read_text(encoding="utf-8")
    assert f'from"./{purify}"' in html_code


def test_the_pinned_streamlit_is_the_checked_one():
    requirements = (PROJECT_ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert f"streamlit=={CHECKED_WITH}\n" in requirements
