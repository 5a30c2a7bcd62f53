"""Qt's own dialogs, the few words its Chinese translation (``qtbase_zh_CN.qm`` as shipped with
PySide6) leaves in English: the file dialog's "Look in:" and "Files of type:", the print
dialog's "Page Set:". Declared here under Qt's own contexts so that lupdate keeps them in our
``.ts``; our translator is installed after Qt's, so these take precedence. Nothing imports
this module: it only carries the marks (``tests/ui/test_language.py`` checks that the Chinese
window's standard dialogs have no English left)."""

from __future__ import annotations

from ui.texts import QT_TRANSLATE_NOOP

QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Page &Set:"),
)
