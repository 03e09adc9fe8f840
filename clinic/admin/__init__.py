"""Administration: users, settings, content and the audit log."""
