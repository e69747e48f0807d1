"""The Corridor Atlas page (app.py) and the plain modules it calls."""
