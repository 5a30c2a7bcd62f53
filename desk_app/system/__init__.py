"""The desk as a system: settings, the data folder, logs, backups, counters."""
