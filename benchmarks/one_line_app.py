"""The smallest Streamlit page, `make lighthouse`'s floor. Not part of the product."""

import streamlit as st

st.write("Hello, world")
