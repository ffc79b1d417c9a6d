"""Logging filters for the site's log."""

from __future__ import annotations

import logging


class ForbiddenOneLine(logging.Filter):
    """A 403 is logged as its one line ("Forbidden (Permission denied): /path"), without the
    traceback Django attaches: a refused request is the site working, not failing, and a
    traceback per refusal buries the real errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
