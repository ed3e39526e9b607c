"""Importing contestants and teams from .xlsx / .csv: preview every row's problem, then import all
or nothing (with a progress bar); export the same format. (Being built: see issue 5.)"""
from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("importing", __name__, url_prefix="/organizer/import")
