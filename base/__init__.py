"""The base layer: clock, money, errors, progress, changes; no database, no Qt."""
