"""Plan outlines: generated from the intake, finished and published by the therapist."""
