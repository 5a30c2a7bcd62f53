"""The city server: receives every desk's records exactly once and publishes schemes, reference
lists and cross-county findings back (``city-server``; protocol in docs/sync.md)."""
