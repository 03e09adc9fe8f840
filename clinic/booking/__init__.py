"""The patient's booking journey and the secret manage link."""
