"""The reading views beside the map: article view, names by source, people and their
statements, actors x corridors, timeline, downloads, trying a new article.

Each Streamlit view is one function in its own module, called from ``dashboard/app.py``;
the plain pieces they share (escaped HTML, the events map layer) are in ``render``.
"""
