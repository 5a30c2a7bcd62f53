"""The window (PySide6 only): screens, dialogs, table models, the task runner, i18n."""
