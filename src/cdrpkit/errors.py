"""The exceptions cdrpkit raises.

Every error a user can cause derives from :class:`CdrpkitError`, so a caller can catch
them all in one place, and most also derive from a builtin (``ValueError``,
``LookupError``) so code written against plain Python keeps working. Messages are built
from structured attributes, so a tool can read ``error.problems`` instead of parsing text.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs


class CdrpkitError(Exception):
    """Base class of every error cdrpkit raises on purpose."""


@attrs.frozen
class Problem:
    """One thing wrong with an input, located as precisely as we can.

    ``path`` is the field path inside the strategy (``themes[2].priorities[0].targets[3]``)
    or the row of a table; ``file`` and ``line`` say where it was read, when known.

    >>> str(Problem("must not be negative", path="themes[0].targets[1].baseline.value",
    ...             file="strategy.yaml", line=12))
    'strategy.yaml:12: themes[0].targets[1].baseline.value: must not be negative'
    """

    message: str
    path: str = ""
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        elif self.line:
            where = f"line {self.line}: "
        return f"{where}{self.path}: {self.message}" if self.path else f"{where}{self.message}"


class InputError(CdrpkitError, ValueError):
    """Bad input from a user: a strategy file, a data file, a command-line value.

    Carries every problem found, not just the first, so one run shows a user all of them.
    """

    def __init__(self, problems: Iterable[Problem], *, summary: str = "") -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.summary = summary
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [self.summary] if self.summary else []
        lines.extend(str(p) for p in self.problems)
        return "\n".join(lines)


class StrategyError(InputError):
    """A strategy file (or a strategy registered by a plugin) could not be loaded."""


class ObservationError(InputError):
    """A file or frame of actual figures could not be read."""


class NotFoundError(CdrpkitError, LookupError):
    """A strategy, target, indicator or other named thing does not exist."""


class PluginError(CdrpkitError):
    """A plugin failed to load, or raised, or declared something inconsistent.

    ``plugin`` names the distribution or module, ``hook`` the hook being called.
    """

    def __init__(self, message: str, *, plugin: str, hook: str = "", version: str = "") -> None:
        self.plugin = plugin
        self.hook = hook
        self.version = version
        self.detail = message
        super().__init__(str(self))

    def __str__(self) -> str:
        who = f"plugin {self.plugin}" + (f" {self.version}" if self.version else "")
        where = f" in hook {self.hook}" if self.hook else ""
        return f"{who}{where}: {self.detail}"


class IngestError(InputError):
    """A police.uk or Home Office file could not be ingested (wrong header, bad bytes...)."""


class OutputError(CdrpkitError, OSError):
    """An output file or folder could not be written: the path and the reason are given.

    Also an ``OSError``, so code that caught the raw error before keeps working.

    >>> str(OutputError("out/report.html", "the folder is read-only"))
    'cannot write out/report.html: the folder is read-only'
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot write {path}: {reason}")

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.reason}"
