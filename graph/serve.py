"""Start the HTTP server (uvicorn) on a store, with JSON request logs on stderr."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any


def run(store: Path, host: str, port: int, options: dict[str, Any]) -> None:
    import uvicorn

    from diplograph.web.app import Settings, create_app

    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    app = create_app(Settings(store=store, **options))
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning")
