"""Payment batches (给付), the bank and SMS lists, reversals (冲正). See ``docs/month-end.md``."""
