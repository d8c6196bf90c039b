"""The small county of ``tests/stats/conftest.py`` (items of 2025 and 2026, hand-counted), reused here."""

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
