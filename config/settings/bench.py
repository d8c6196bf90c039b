"""The single-machine install as benchmarked (bench/bench_online.py): config.settings.local with the online form's
day limits per client address and per phone number lifted, since every simulated petitioner sends from 127.0.0.1."""

from .local import *  # noqa: F403

XINFANG = {**XINFANG, "ONLINE_PER_ADDRESS_PER_DAY": 10**9, "ONLINE_PER_PHONE_PER_DAY": 10**9}  # noqa: F405
