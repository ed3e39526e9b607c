"""A venue's board: one URL per venue that shows whatever stage is running there. (Being built.)"""
from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("venues", __name__)
