"""The front desk's console over every therapist's schedule."""
