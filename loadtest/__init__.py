"""`make load`: the app under gunicorn, on SQLite and PostgreSQL, with simulated patients
and a front desk, followed by an independent check of the database. See docs/load.md."""
