"""The practice itself: clinic settings, locations and therapists."""
