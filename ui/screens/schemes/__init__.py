"""The 方案 section: schemes in words and the trial calculation."""
