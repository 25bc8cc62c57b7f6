"""The backstop under the SPARQL safety check: the code that runs a query has no network.

The endpoint's query workers move themselves into a new, empty Linux network namespace
before they open the store (`isolate_network`, a whole single-threaded process); the
command line's query thread moves only itself (`isolate_thread`). There the only interface
is a loopback that is down, so a SERVICE call (or anything else) that got past the check
cannot reach this machine or any other: connecting fails at once. As root this needs only
CLONE_NEWNET; a worker process that is not root uses a user namespace where the kernel
allows unprivileged ones (a thread cannot: the command line then relies on the check).
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


def isolate_thread() -> str:
    """Move the calling thread alone into a new, empty network namespace; return
    "isolated", or why it could not be done (the rest of the process keeps its network)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError as exc:
        return f"no libc: {exc}"
    unshare = getattr(libc, "unshare", None)
    if unshare is None:
        return "unshare() is not available on this system"
    if unshare(CLONE_NEWNET) == 0:
        return "isolated"
    return "unshare(CLONE_NEWNET) failed: " + os.strerror(ctypes.get_errno())
