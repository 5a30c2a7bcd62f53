"""The frozen program's entry point (both desk-app.exe and desk-app-cli.exe start here)."""

import sys

from desk_app.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
