"""Worker processes that never outlive the ingest that started them.

A SIGKILLed parent cannot shut its ``ProcessPoolExecutor`` down: its workers used to stay
alive for an hour, holding memory and the caller's output pipe (``eventline ingest | tee``
then hung). Each worker asks Linux to kill it when its parent dies, watches its parent as a
fallback elsewhere, and lets go of the inherited stdout/stderr.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_SECONDS = 1.0


def start_worker(parent_pid: int) -> None:
    """``ProcessPoolExecutor`` initializer: tie this worker's life to ``parent_pid``."""
    _die_with_parent()
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)
    _watch_parent(parent_pid)
    _release_output()


def _die_with_parent() -> bool:
    """Linux: the kernel sends SIGKILL when the parent exits. False elsewhere or on failure.

    The kernel ties this to the thread that forked the worker; the pool forks from the thread
    that submits work, which outlives the pool (``with ProcessPoolExecutor`` in pipeline.py).
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    """Portable fallback: a daemon thread that ends the process once it is orphaned."""
    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="eventline-parent-watch", daemon=True).start()


def _release_output() -> None:
    """Point stdout/stderr at /dev/null: results go back through the pool's own pipes, and
    an inherited pipe would keep a reader such as ``tee`` waiting."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    for fd in (1, 2):
        with contextlib.suppress(OSError):
            os.dup2(null, fd)
    os.close(null)
