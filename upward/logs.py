"""Logging filters for the settings' LOGGING.

Django logs a refused request (403 from PermissionDenied, 400 from a bad request) with the
exception attached, so every "you may not see this" printed a full traceback and real errors
drowned among them. A 4xx is the system working as designed: one line (status, method and path)
is enough. 5xx keep their tracebacks.
"""

from __future__ import annotations

import logging


class ClientErrorsOnOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500 and record.exc_info:
            record.exc_info = None
            record.exc_text = None
            request = getattr(record, "request", None)
            method = getattr(request, "method", "")
            record.msg = f"{status} {method} {record.msg}".replace("  ", " ")
        return True
