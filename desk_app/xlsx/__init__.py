"""Workbooks: reading what people made by hand, writing returns and lists."""
