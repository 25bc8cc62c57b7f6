"""The backstop under the SPARQL safety check: query workers have no network at all.

A worker moves itself into a new, empty Linux network namespace before it opens the store.
There its only interface is a loopback that is down, so a SERVICE call (or anything else)
that gets past the parser check cannot reach this machine or any other: connecting fails
at once. As root this needs only CLONE_NEWNET; otherwise a user namespace makes it
possible where the kernel allows unprivileged ones.
"""

from __future__ import annotations

import ctypes
import os

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def isolate_network() -> str:
    """Leave every network behind; return "isolated", or why it could not be done.

    Must run while the process has a single thread (a user namespace requires it).
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError as exc:
        return f"no libc: {exc}"
    unshare = getattr(libc, "unshare", None)
    if unshare is None:
        return "unshare() is not available on this system"
    reasons = []
    for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET):
        if unshare(flags) == 0:
            return "isolated"
        reasons.append(os.strerror(ctypes.get_errno()))
    return "unshare(CLONE_NEWNET) failed: " + "; ".join(reasons)
