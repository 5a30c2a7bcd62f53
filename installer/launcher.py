"""The frozen program's entry point (both desk-app.exe and desk-app-cli.exe start here)."""

import sys

from ui.launch import main

if __name__ == "__main__":
    sys.exit(main())
