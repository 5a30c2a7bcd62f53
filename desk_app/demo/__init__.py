"""Demo data: a realistic county and a year of its claims."""
