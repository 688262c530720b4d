"""Run one fuzz case under a time and memory limit, and say how it ended.

The case runs in a forked child (cheap: cdrpkit and pandas are already imported) with
its address space capped by ``RLIMIT_AS`` above what the parent already uses and an
alarm for the time limit, so a hang or a memory blow-up fails one case, not the suite.
The child reports back through a pipe:

- ``ok``: the case returned (an input accepted, or whatever the case returns);
- ``error``: a :class:`~cdrpkit.errors.CdrpkitError`, with its message;
- ``crash``: any other exception, with its type and traceback;
- ``timeout`` / ``memory``: the limits were hit.
"""

from __future__ import annotations

import json
import os
import resource
import select
import signal
import time
import traceback
import warnings
from collections.abc import Callable
from typing import Any

import attrs

from cdrpkit.errors import CdrpkitError

#: Defaults for one case: generous for a real input, far below what a bomb needs.
SECONDS = 20.0
MEMORY = 1024 * 1024 * 1024


@attrs.frozen
class Outcome:
    kind: str
    message: str = ""
    detail: str = ""
    seconds: float = 0.0

    def __str__(self) -> str:
        return f"{self.kind} after {self.seconds:.2f}s: {self.message}\n{self.detail}".strip()


class _Timeout(BaseException):
    pass


def _virtual_size() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(func: Callable[[], Any], seconds: float, memory: int) -> dict[str, str]:
    limit = _virtual_size() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    def alarm(_signum: int, _frame: object) -> None:
        raise _Timeout

    signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        result = func()
    except _Timeout:
        return {"kind": "timeout"}
    except MemoryError:
        return {"kind": "memory"}
    except CdrpkitError as exc:
        return {"kind": "error", "message": str(exc)}
    except BaseException as exc:
        return {"kind": "crash", "message": f"{type(exc).__name__}: {exc}"[:2000],
                "detail": traceback.format_exc()[-4000:]}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return {"kind": "ok", "message": str(result)[:2000]}


def run_bounded(
    func: Callable[[], Any], *, seconds: float = SECONDS, memory: int = MEMORY
) -> Outcome:
    """Run ``func()`` in a forked child under the limits; return how it ended."""
    read_end, write_end = os.pipe()
    start = time.perf_counter()
    with warnings.catch_warnings():
        # Python 3.12+ warns about fork() in a process with threads; the child only runs
        # cdrpkit code and leaves with os._exit, never touching another thread's locks.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: run, report, and leave without running any cleanup
        os.close(read_end)
        try:
            report = _child(func, seconds, memory)
        except BaseException as exc:
            report = {"kind": "crash", "message": repr(exc)}
        try:
            os.write(write_end, json.dumps(report).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = start + seconds + 10
    try:
        while True:
            left = deadline - time.perf_counter()
            ready, _, _ = select.select([read_end], [], [], max(left, 0))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                return Outcome("timeout", seconds=time.perf_counter() - start)
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter() - start
    if not chunks:
        # No report: killed by a signal (SIGABRT or SIGSEGV when memory ran out).
        return Outcome("memory" if os.WIFSIGNALED(status) else "crash",
                       f"child ended with status {status}", seconds=elapsed)
    report = json.loads(b"".join(chunks))
    return Outcome(report["kind"], report.get("message", ""), report.get("detail", ""), elapsed)


def assert_clean(outcome: Outcome, *, contains: str = "", accept: bool = False) -> None:
    """The case ended in a clean error containing ``contains`` (or, if ``accept``,
    in acceptance): never a crash, a hang or exhausted memory."""
    allowed = {"error", "ok"} if accept else {"error"}
    assert outcome.kind in allowed, str(outcome)
    if outcome.kind == "error":
        assert contains in outcome.message, str(outcome)
        assert "Traceback" not in outcome.message, str(outcome)
