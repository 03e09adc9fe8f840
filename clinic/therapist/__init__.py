"""The therapist's workspace: their schedule, intakes and plans."""
