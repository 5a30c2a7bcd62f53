"""Schemes (给付方案) as data, the reimbursement engine, trial calculation and simulation.

- :mod:`.model` — the frozen dataclasses: scheme, member facts, claims, results.
- :mod:`.parse` — scheme files (TOML) in and out, strictly checked.
- :mod:`.engine` — the calculation: pure Python, no database, no Qt, no I/O.
- :mod:`.case` — engine input and results as JSON (case files, stored calculation input).
- :mod:`.store` — schemes in the desk database (import, list, activate, load).
- :mod:`.simulate` — 方案测算 over a bureau settlement file, streamed.
"""
