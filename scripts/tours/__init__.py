"""Screenshot tours of the window (scripts/screenshots.py); not shipped."""
