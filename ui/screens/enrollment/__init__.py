"""The 参保登记 section: rosters, members, units."""
