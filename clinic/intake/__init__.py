"""The intake questionnaire, its safety screen and its scores."""
