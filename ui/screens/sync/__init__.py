"""The 同步 section: state, runs, findings, set-up."""
