"""The small county of ``tests/stats/conftest.py`` (2025 and 2026, hand-counted), reused for the reports."""

from ..stats.conftest import (  # noqa: F401 — fixtures
    AS_OF,
    bureau,
    categories,
    county,
    county_data,
    department,
    higher_bodies,
    other_township,
    registrar,
    township,
    village,
)
