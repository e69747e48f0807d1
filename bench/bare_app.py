"""The floor for the dashboard benchmark: a bare Streamlit page with one button.

First render: the page shows "clicks: 0". A click reruns the script and shows the new count:
the least a Streamlit rerun round trip costs in this browser on this machine.
"""

import streamlit as st

if "clicks" not in st.session_state:
    st.session_state["clicks"] = 0
if st.button("Rerun", key="rerun"):
    st.session_state["clicks"] += 1
st.markdown(f"clicks: {st.session_state['clicks']}")
