"""Widgets shared by several screens: paged models, member search, completers, the receipt
grid."""
