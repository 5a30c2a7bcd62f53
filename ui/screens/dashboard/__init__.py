"""The 工作台 section."""
