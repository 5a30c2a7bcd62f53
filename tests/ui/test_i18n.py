"""Every string the window shows has a finished Simplified Chinese translation, with the same
placeholders, and the translation is what the window actually uses."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "ui"
TS = UI / "i18n" / "desk_app_zh_CN.ts"


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def source_strings() -> set[tuple[str, str]]:
    """(context, source) of every self.tr("…"), QCoreApplication.translate("C", "…") and
    QT_TRANSLATE_NOOP("C", "…") in ui/ — what lupdate collects."""
    found: set[tuple[str, str]] = set()
    for path in UI.rglob("*.py"):
        if "i18n" in path.parts:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        classes: list[tuple[int, int, str]] = [
            (n.lineno, n.end_lineno or n.lineno, n.name)
            for n in ast.walk(tree)
            if isinstance(n, ast.ClassDef)
        ]
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            if name == "tr" and isinstance(f, ast.Attribute) and node.args:
                text = _literal(node.args[0])
                if text is None:
                    continue  # tr(variable): its strings are marked with QT_TRANSLATE_NOOP
                enclosing = [c for c in classes if c[0] <= node.lineno <= c[1]]
                assert enclosing, f"{path}:{node.lineno}: tr() outside a class"
                context = max(enclosing, key=lambda c: c[0])[2]  # the innermost class
                found.add((context, text))
            elif name in ("translate", "QT_TRANSLATE_NOOP") and len(node.args) >= 2:
                ctx, text = _literal(node.args[0]), _literal(node.args[1])
                if ctx is not None and text is not None:
                    found.add((ctx, text))
    return found


def translations() -> dict[tuple[str, str], tuple[str, str | None]]:
    out: dict[tuple[str, str], tuple[str, str | None]] = {}
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for m in context.iter("message"):
            tr = m.find("translation")
            assert tr is not None
            text = tr.text or "".join(n.text or "" for n in tr.iter("numerusform"))
            out[(name, m.findtext("source") or "")] = (text, tr.get("type"))
    return out


def test_every_window_string_has_a_finished_chinese_translation() -> None:
    ts = translations()
    missing = sorted(s for s in source_strings() if s not in ts)
    assert not missing, f"run python -m ui.i18n.build --update and translate: {missing}"
    unfinished = sorted(k for k, (text, kind) in ts.items() if kind or not text.strip())
    assert not unfinished, f"unfinished or obsolete entries in {TS.name}: {unfinished}"


def test_translations_keep_the_placeholders_and_mnemonics() -> None:
    for (context, source), (text, _kind) in translations().items():
        assert set(re.findall(r"%\d", source)) >= set(re.findall(r"%\d", text)), (context, source)
        if "%n" in source:
            assert "%n" in text, (context, source)
        if re.search(r"&\w", source):
            assert re.search(r"&\w", text), f"{context}: {source!r} lost its Alt key"


def test_chinese_translations_are_chinese() -> None:
    cjk = re.compile(r"[\u4e00-\u9fff]")
    latin_only = {"简体中文", "English", "%1-%2"}
    for (context, source), (text, _kind) in translations().items():
        if source in latin_only or text in latin_only:
            continue
        assert cjk.search(text), f"{context}: {source!r} → {text!r} is not Chinese"


def test_the_window_uses_the_chinese_translation(zh: str) -> None:
    from ui.screens import registry

    assert [s.label() for s in registry.SECTIONS] == [
        "工作台",
        "参保登记",
        "理赔受理",
        "审核审批",
        "给付",
        "报表",
        "方案",
        "同步",
        "系统",
    ]


def test_auto_language_follows_a_chinese_system(monkeypatch: Any) -> None:
    from ui.i18n import resolve_language

    monkeypatch.setenv("DESK_APP_LANG", "zh_CN.UTF-8")
    assert resolve_language("auto") == "zh"
    monkeypatch.setenv("DESK_APP_LANG", "en_US.UTF-8")
    assert resolve_language("auto") == "en"
    assert resolve_language("zh_CN") == "zh"
    assert resolve_language("en") == "en"
