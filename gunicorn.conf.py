"""gunicorn's settings for Clinic; gunicorn reads this file from the directory it starts in.

The app must know how many workers share its rate limits: with more than one, counts kept in
each worker's memory would let a client through N times the limit, so production refuses to
start unless RATELIMIT_STORAGE_URI names a shared store (clinic/__init__.py). gunicorn's
`--workers` (or `workers` here, or WEB_CONCURRENCY) is passed on to the app as CLINIC_WORKERS.
"""

import os

#: WEB_CONCURRENCY is gunicorn's own default source for the worker count.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
os.environ["CLINIC_WORKERS"] = str(workers)


def on_starting(server):
    """Runs in the master before any worker imports the app: the count the command line set."""
    os.environ["CLINIC_WORKERS"] = str(server.cfg.workers)
