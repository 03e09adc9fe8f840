"""Calendar invites, downloads and therapists' private feeds."""
