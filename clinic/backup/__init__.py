"""Backups of the clinic's database and restoring them (`flask --app clinic backup|restore`)."""
