"""The main window's screens. Each module here registers its screens with
:func:`ui.screens.registry.register_screen` when imported; the window imports them all."""
