"""Podium: live scoring and judging for competition festivals.

Kept import-free so that the server's entry point can monkey-patch with gevent before anything
else is imported (see podium.cli). The app factory is podium.app.create_app.
"""
