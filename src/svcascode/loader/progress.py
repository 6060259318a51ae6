"""How a long load tells how far it got, without the library printing anything."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Receives the phases of a run and the work done in each."""

    def phase(self, name: str, total: int) -> None:
        """A new phase of ``total`` steps begins (0: of unknown length)."""
        ...

    def advance(self, steps: int) -> None:
        """``steps`` more steps of the current phase are done."""
        ...


class Silent:
    """Progress that goes nowhere: the default."""

    def phase(self, name: str, total: int) -> None:
        return None

    def advance(self, steps: int) -> None:
        return None
