"""Screening pages, one module per register: officers' reports (``reports``), campaigns, disputes, incidents and
the ledgers. Thin (STYLE.md §9): parse a form, call one action, render."""
