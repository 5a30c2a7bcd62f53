"""People: members, units, enrollment, ID numbers, rosters, the search index."""
