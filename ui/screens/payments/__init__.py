"""The 给付 section: batches, lists, reversals."""
