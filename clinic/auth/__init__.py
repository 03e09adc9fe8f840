"""Staff accounts, sign-in and role-based access."""
