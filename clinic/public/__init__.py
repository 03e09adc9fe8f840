"""Public pages: home, booking entry, health check."""
