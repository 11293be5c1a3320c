"""Your story: the data format, a template to start from, and an upload to show one's own.

An upload is checked by the same rules as the app's own folder, with the same report.
A valid one is kept in this session's memory only and shown by every page, with a
banner and a way back; nothing of it is written to disk.
"""

import streamlit as st

from storymap import ui
from storymap.docs import data_format_markdown
from storymap.i18n import _, ngettext
from storymap.number_text import number_text
from storymap.report import DataError
from storymap.template import template_zip
from storymap.upload import (
    MAX_UNZIPPED_BYTES,
    MAX_UPLOAD_MB,
    STORY_FILENAMES,
    is_about_the_files,
    too_large_to_hold,
)

UPLOADER_KEY = "story_files"
_REPORT_KEY = "_upload_report"  # the last upload's problems, until the files change

# Inside the app's navigation; a fault shows a short message, never a traceback.
with ui.page_body():
    st.title(_("Your story"))
    current = ui.own_uploaded_story()
    ui.say_if_own_story_was_let_go()
    if current is not None:
        ui.uploaded_story_banner(current)

    st.markdown(
        _(
            "Show your own story on this map: places, dated events and their sources, in a "
            "few CSV files. Start from the template folder, change its rows in a spreadsheet "
            "(save as *CSV UTF-8*), zip the folder and upload it here; or upload the files "
            "themselves. A story made with StoryMapJS or TimelineJS (its JSON, or its sheet "
            "saved as CSV), or GeoJSON points, can be uploaded as it is: it becomes a story "
            "folder, and the map says what could not be carried over. Your story is shown "
            "to you only, in this browser tab, until you reload or close it; it is held in "
            "memory meanwhile and never saved."
        )
    )
    ui.download(
        template_zip,
        "my-story-template.zip",
        "application/zip",
        _("Download the template folder (zip)"),
        purpose="template",
    )
    with st.expander(_("The data format: every file and column, with examples")):
        st.markdown(data_format_markdown())

    def forget_report() -> None:
        st.session_state.pop(_REPORT_KEY, None)

    if st.context.is_embedded:
        # In another site's frame the browser keeps back the cookie that guards
        # uploads (XSRF), so the upload would be refused: say so, and offer the way.
        st.info(
            _(
                "Inside another site's page, your browser may refuse to send files to "
                "this app. If the upload fails, open this page on its own."
            ),
            icon=":material/open_in_new:",
        )
        st.link_button(
            _("Open Your story in a new tab"),
            st.context.url or "/upload",
            icon=":material/open_in_new:",
        )
    uploads = st.file_uploader(
        _(
            "Your story's files, one zip of its folder, or one StoryMapJS, TimelineJS or "
            "GeoJSON file"
        ),
        type=["csv", "geojson", "json", "txt", "zip"],
        accept_multiple_files=True,
        key=UPLOADER_KEY,
        on_change=forget_report,
        help=_(
            "The files are named {names}; a file of another tool is recognised by what it "
            "holds, whatever its name. At most {upload_mb} MB in all; a zip may hold at most "
            "{unzipped_mb} MB unzipped."
        ).format(
            names=", ".join(STORY_FILENAMES),
            upload_mb=MAX_UPLOAD_MB,
            unzipped_mb=MAX_UNZIPPED_BYTES // 2**20,
        ),
    )
    if st.button(
        _("Check and show my story"),
        icon=":material/upload:",
        type="primary",
        disabled=not uploads,
    ):
        checking = st.empty()  # the progress, gone once the check is done
        with checking.container(), st.status(_("Checking your files…"), expanded=True) as status:
            bar = st.progress(0.0, text=_("Reading the upload"))

            def progress(step: str, number: int, total: int) -> None:
                bar.progress(number / total, text=step)

            def waiting() -> None:
                status.update(label=_("Waiting for other visitors' uploads to be checked…"))
                bar.progress(
                    0.0,
                    text=_(
                        "Your files are checked as soon as one of them is done; this takes "
                        "a few seconds."
                    ),
                )

            result = ui.load_upload(uploads, progress, waiting)
        checking.empty()
        if isinstance(result, DataError):
            st.session_state[_REPORT_KEY] = result
        elif ui.show_uploaded_story(result):
            st.switch_page("pages/map.py")
        else:
            st.session_state[_REPORT_KEY] = too_large_to_hold(result.held_bytes)
    report = st.session_state.get(_REPORT_KEY)
    if report is not None and not is_about_the_files(report):
        # A limit of the server or a fault, not a list of problems to fix in the files.
        st.error(
            _("Your story can't be shown: {reason}.").format(reason=report.problems[0].message),
            icon=":material/error:",
        )
    elif report is not None:
        st.error(
            ngettext(
                "Your story can't be shown: {count} problem. It says the file, the "
                "line, the column and what is wrong; fix it and upload again. "
                "`python -m storymap validate FOLDER` prints the same list.",
                "Your story can't be shown: {count} problems. Each line says the file, the "
                "line, the column and what is wrong; fix them and upload again. "
                "`python -m storymap validate FOLDER` prints the same list.",
                report.total,
            ).format(count=number_text(report.total)),
            icon=":material/error:",
        )
        st.code(report.report(), language=None, wrap_lines=True)
