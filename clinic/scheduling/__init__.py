"""Scheduling: hours, time off, appointments, free times and the no-double-booking guarantee."""
