"""The stage registry: every stage type a pipeline may hold, by name, each with its spec.

A stage type exists exactly when a registry holds its spec. Pipelines are parsed and
validated against a registry (``engine.stages.STAGES`` unless told otherwise), the
executor resolves each stage's request through it, and engines look a type's spec up
in it before running their handler for that name. A registry is open: ``extended``
gives a copy with more types (a plug-in or a test adds its own without touching the
shipped one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from engine.errors import ConfigError, Problem
from engine.stages.base import StageSpec

NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


class UnknownStageTypeError(ConfigError):
    """A stage type no registry entry defines."""

    def __init__(self, name: object, known: Iterable[str]) -> None:
        super().__init__([unknown_stage_problem(name, known)])


def unknown_stage_problem(name: object, known: Iterable[str], path: str = "type") -> Problem:
    return Problem(path, f"unknown stage type {name!r}", "use one of: " + ", ".join(known))


class StageRegistry(Mapping[str, StageSpec]):
    """Stage specs by type name, in registration order."""

    def __init__(self, specs: Iterable[StageSpec] = ()) -> None:
        self._specs: dict[str, StageSpec] = {}
        for spec in specs:
            self.register(spec)

    def register(self, spec: StageSpec) -> StageSpec:
        name = str(spec.type)
        if not NAME_RE.match(name):
            raise ConfigError(f"stage type name {name!r} is not allowed (fix: use lower-case letters, digits and _, "
                              "starting with a letter, at most 32 characters)")
        if name in self._specs:
            raise ConfigError(f"stage type '{name}' is already registered (fix: give the new type another name, "
                              "or build a registry without the old one)")
        self._specs[name] = spec
        return spec

    def extended(self, *specs: StageSpec) -> StageRegistry:
        """A new registry: these types plus ``specs``."""
        return StageRegistry([*self._specs.values(), *specs])

    def spec(self, name: str) -> StageSpec:
        """The spec of ``name``; an UnknownStageTypeError naming the types that exist otherwise."""
        try:
            return self._specs[str(name)]
        except KeyError:
            raise UnknownStageTypeError(name, self._specs) from None

    def __getitem__(self, name: str) -> StageSpec:
        return self._specs[str(name)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __repr__(self) -> str:
        return f"StageRegistry({', '.join(self._specs)})"
