"""Patients and their episodes of care."""
