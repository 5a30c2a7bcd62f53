"""The monthly return (月报), the month lock, the quarterly verification list (一对一核实) and
the annual analysis (年度分析). See ``docs/month-end.md``."""
