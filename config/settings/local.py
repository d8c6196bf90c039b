"""A single-machine install: the embedded SQLite database unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403

DEBUG = False
