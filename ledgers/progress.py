"""What an import tells while it runs: rows read, rows checked, rows saved.

The imports (``ledgers.imports``, ``ledgers.registers``) call these methods as they go; this base class does
nothing with them (an import run directly, e.g. from a test or the shell). ``ledgers.jobs.JobProgress`` keeps
them on the import's job, which its page shows.
"""

from __future__ import annotations


class Progress:
    def read(self, rows: int) -> None:
        """``rows`` data rows read from the file so far (the file is read to its end before any check)."""

    def checked(self, rows: int, total: int) -> None:
        """``rows`` of the file's ``total`` rows checked."""

    def saving(self, total: int) -> None:
        """Every row is correct; saving all ``total`` rows (in one transaction) begins."""

    def saved(self, rows: int, total: int) -> None:
        """``rows`` of ``total`` saved (within the transaction: nothing is kept unless all are)."""


NO_PROGRESS = Progress()
