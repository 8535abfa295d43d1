"""Whose records wait in a browser: the key that ties a browser's offline queue to one signed-in user.

Records made with no connection wait in the browser (static/jtai/offline-queue.js) in a store named
after this key, so that another user who signs in on the same browser neither sees nor sends them.
The key is a keyed hash of the user's id rather than the id itself, so the browser's storage names
nobody. Before sending, the page asks the server whose session it is (`session_status`) and sends a
store only to its own user's session: the server files a record under the session's user.
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac

_SALT = "jtai.offline.queue-owner"


def queue_owner(user) -> str:
    """The signed-in user's queue key; empty for anyone not signed in."""
    if user is None or not user.is_authenticated:
        return ""
    return salted_hmac(_SALT, str(user.pk), algorithm="sha256").hexdigest()[:32]
