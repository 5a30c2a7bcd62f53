"""The spec's example schemes, shipped with the program (demo, screenshots, benchmarks)."""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
