"""Pieces every feature shares: the model base, the clock, database wiring, errors."""
