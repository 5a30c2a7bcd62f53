"""The 报表 section: the monthly return, quarterly figures, analysis."""
