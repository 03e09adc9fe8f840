"""Direct access to physical therapy: each state's rule as data, and what to tell people.

Pure: the standard library only. `rules.py` holds one row per state (and DC, USVI);
`explain.py` turns a row into plain words for patients and staff, and does the day and visit
arithmetic for the front desk's tracker. See docs/direct-access.md.
"""
