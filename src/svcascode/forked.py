"""Compute something in a forked child, which inherits the parent's memory for free.

Rules read a loaded index of a hundred thousand models; sending that to another process
would cost more than the rules themselves. A forked child sees it as it is (pages are
shared until written), computes, and sends back only its small result, pickled through
a pipe. When ``fork`` is missing or the child fails in any way, the work runs in the
calling process instead: the result is the same, only the time differs.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def in_child(compute: Callable[[], T]) -> Callable[[], T]:
    """Start ``compute()`` in a forked child now; call the returned function to wait for
    its result (computed here if the child could not give one)."""
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        return compute
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running any cleanup
        os.close(read_end)
        status = 1
        try:
            data = pickle.dumps(compute(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def join() -> T:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status == 0 and data:
            try:
                result: T = pickle.loads(data)
                return result
            except Exception:
                pass
        return compute()

    return join
