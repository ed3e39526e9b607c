"""Venues and time slots of stages; the day view, the venue view and the progress overview.
(Being built: see issue 5.)"""
from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("schedule", __name__, url_prefix="/organizer/schedule")
