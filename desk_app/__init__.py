"""Workers' medical mutual aid: the county service-center desk (domain and services, no Qt)."""

__version__ = "0.1.0"

# The database schema revision this release writes; the city server refuses desks it cannot serve.
SCHEMA_VERSION = "1"
