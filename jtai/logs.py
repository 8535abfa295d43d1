"""Log lines an operator can read: a refused request is one line, a server error one traceback."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


class RefusalsOnOneLine(logging.Filter):
    """Django reports a 403 (PermissionDenied) with its traceback, which reads like a crash. A
    refusal is the service working: keep one WARNING line saying who was refused what."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name != "django.request" or getattr(record, "status_code", None) != 403:
            return True
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and not isinstance(error, PermissionDenied):
            return True
        request = getattr(record, "request", None)
        user = getattr(request, "user", None)
        who = user.get_username() if user is not None and user.is_authenticated else "anonymous"
        what = f"{request.method} {request.get_full_path()}" if request is not None else record.getMessage()
        record.msg, record.args = "Refused %s: %s (403)%s", (who, what, f": {error}" if str(error or "") else "")
        record.exc_info, record.exc_text = None, None
        return True
