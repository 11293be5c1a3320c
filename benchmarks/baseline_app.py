"""The yardstick: the dashboard as the usual tutorials build it. Not part of the product.

One folium.Marker with a popup per place, the whole map rebuilt on every rerun,
st_folium with its default returned objects (so every pan and zoom reruns the app), the
CSV files read on every rerun, no caching. The one change from a tutorial: Leaflet is
served by the app, as in the product (with jQuery, which folium's popups need), because
this machine has no CDN to load them from.
"""

import os
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
import xstatic.pkg.jquery
from streamlit_folium import st_folium

from storymap.assets import STATIC_URL, MapAssets, install_leaflet, install_xstatic
from storymap.runlog import timed_run

run_timer = timed_run()  # the same measurement as the product's, for the benchmark
run_timer.__enter__()

folder = Path(os.environ.get("STORYMAP_DATA", "data"))
static_folder = Path(__file__).parent / "static"  # Streamlit serves the script's own
install_leaflet(static_folder)
install_xstatic(xstatic.pkg.jquery, static_folder / "vendor" / "jquery")
places = pd.read_csv(folder / "places.csv")
events = pd.read_csv(folder / "events.csv")
# Not dict(groupby): a GroupBy has a `keys` attribute, which dict() takes for a mapping's.
events_by_place = {place_id: rows for place_id, rows in events.groupby("place_id")}  # noqa: C416

st.set_page_config(layout="wide")
st.title("Russia and Japan have fought before")
map_column, panel_column = st.columns([3, 2])

base_map = folium.Map(location=[30, 60], zoom_start=2)
MapAssets("local").apply(base_map, own_code=False)  # Leaflet alone
base_map.default_js = [
    *base_map.default_js,
    ("jquery", f"{STATIC_URL}/vendor/jquery/jquery.min.js"),
]
for place in places.itertuples():
    folium.Marker([place.lat, place.lon], popup=place.name, tooltip=place.name).add_to(base_map)

with map_column:
    clicked = st_folium(base_map, width=700, height=480)

with panel_column:
    point = clicked.get("last_object_clicked") if clicked else None
    if point:
        match = places[
            (places.lat.round(4) == round(point["lat"], 4))
            & (places.lon.round(4) == round(point["lng"], 4))
        ]
        if len(match):
            place = match.iloc[0]
            st.header(place["name"])
            for event in events_by_place.get(place["id"], pd.DataFrame()).itertuples():
                st.markdown(f"**{event.date}** {event.title}")
    else:
        st.write("Click a marker.")

run_timer.__exit__(None, None, None)
