"""Reading a competition file (YAML or JSON), and the keys and times written in it."""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

KEY = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class CompetitionFileError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def read_file(path: str | Path) -> Any:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as failed:
        raise CompetitionFileError([f"{path}: cannot be read as UTF-8 text ({failed})"])
    try:
        return json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as failed:
        raise CompetitionFileError([f"{path}: not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {failed}"])


def _start_time(value) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
