"""The ``desk-app`` command line (``CLI.md``)."""
