"""The fictional demo clinic loaded by `flask --app clinic seed-demo`."""
