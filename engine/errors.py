"""The one exception tree of aceprod.

Every error a user can cause says what is wrong and how to fix it. Other packages
import these classes from here (this module imports nothing of ours).
"""

from __future__ import annotations

from dataclasses import dataclass


class AceprodError(Exception):
    """Base of every error aceprod raises on purpose. ``str(err)`` is user-facing."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One problem found in a config: where (a dotted path), what, and the fix."""

    path: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}" if self.path else self.message
        return f"{text} (fix: {self.fix})" if self.fix else text


class ConfigError(AceprodError):
    """A pipeline, brief or option is invalid. Carries every problem found at once."""

    def __init__(self, problems: list[Problem] | str, *, source: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        self.problems = list(problems)
        self.source = source
        head = f"{source}: " if source else ""
        if len(self.problems) == 1:
            text = head + str(self.problems[0])
        else:
            lines = [f"{head}{len(self.problems)} problems:"]
            lines += [f"  - {p}" for p in self.problems]
            text = "\n".join(lines)
        super().__init__(text)


class AudioInputError(AceprodError):
    """An audio file cannot be used: missing, unreadable, empty, or not finite."""


class OutputError(AceprodError):
    """Results cannot be written where the user asked (not writable, disk full)."""


class EngineError(AceprodError):
    """An engine failed while running a stage."""


class CheckpointMissingError(EngineError):
    """Model weights the user asked for are not on disk."""


class CatalogError(AceprodError):
    """The catalog cannot be opened, migrated or written."""


class LLMError(AceprodError):
    """The local language model cannot be loaded or never gave a valid answer."""
