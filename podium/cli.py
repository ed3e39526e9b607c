"""The `podium` command. `podium run` patches the standard library with gevent before anything
else is imported (the async mode that scales to thousands of boards on one laptop)."""
from __future__ import annotations

import os
import sys


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "run" and os.environ.get("PODIUM_ASYNC_MODE", "gevent") == "gevent":
        from gevent import monkey

        monkey.patch_all()
        os.environ.setdefault("PODIUM_ASYNC_MODE", "gevent")
    from podium.commands import podium

    podium(prog_name="podium")


if __name__ == "__main__":
    main()
