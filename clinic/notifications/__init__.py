"""Email: composing, the outbox, delivery backends and reminders."""
