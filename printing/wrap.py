"""Line breaking of Chinese text in the printed documents (禁则): no line ends with an opening
bracket and none starts with closing punctuation, whatever reportlab's own CJK wrapping does."""

from __future__ import annotations

from typing import Any

from reportlab.lib.textsplit import ALL_CANNOT_START, CANNOT_END_LINE
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

__all__ = ["CANNOT_END", "CANNOT_START", "CJKParagraph"]

#: Characters a line must not end with (opening brackets and quotes): the line breaks before.
CANNOT_END = CANNOT_END_LINE[0] + "“‘《〈「『【"
#: Characters a line must not start with (closing punctuation: ，。、；：？！ and brackets).
CANNOT_START = ALL_CANNOT_START + "，。、；：？！）」』】》〉”’"


class CJKParagraph(Paragraph):
    """A paragraph that keeps an opening bracket with what follows it, and closing punctuation
    with what comes before it (no line starts with "，" or "。": 禁则).

    reportlab's CJK wrapping will end a line with "（" when a number follows ("本次住院（" /
    "2015年…"), and, where the full-width comma is not in its list, start one with "，"; when
    that happens the line is re-broken with its width shortened by one character, so the
    bracket moves down with its content, or the comma's word moves down with the comma.
    """

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        result = super().breakLinesCJK(list(widths))
        for _ in range(8):  # each pass fixes one line; a paragraph rarely needs more than one
            bad = _bracket_at_line_end(result, widths) or _punctuation_at_line_start(result, widths)
            if bad is None:
                break
            k, cut = bad
            while len(widths) <= k:
                widths.append(widths[-1])
            widths[k] = cut
            result = super().breakLinesCJK(list(widths))
        return result


def _bracket_at_line_end(result: Any, widths: list[float]) -> tuple[int, float] | None:
    lines = result.lines
    for k, line in enumerate(lines[:-1]):
        width = widths[k] if k < len(widths) else widths[-1]
        if result.kind == 0:
            extra, parts = line
            text = parts[0] if parts and isinstance(parts[0], str) else ""
            if len(text) > 1 and text[-1] in CANNOT_END:
                used = width - extra
                return k, used - stringWidth(text[-1], result.fontName, result.fontSize) - 0.01
        else:
            if getattr(line, "lineBreak", False) or not line.words:
                continue
            last = line.words[-1]
            text = getattr(last, "text", "")
            chars = sum(len(getattr(w, "text", "")) for w in line.words)
            if text and text[-1] in CANNOT_END and chars > 1:
                ch_w = stringWidth(text[-1], last.fontName, last.fontSize)
                return k, line.currentWidth - ch_w - 0.01
    return None


def _punctuation_at_line_start(result: Any, widths: list[float]) -> tuple[int, float] | None:
    """The line before one that starts with closing punctuation, and the width that moves its
    last character down (so the punctuation follows the character it belongs to)."""
    lines = result.lines
    for k in range(1, len(lines)):
        width = widths[k - 1] if k - 1 < len(widths) else widths[-1]
        if result.kind == 0:
            first = lines[k][1][0] if lines[k][1] and isinstance(lines[k][1][0], str) else ""
            extra, parts = lines[k - 1]
            text = parts[0] if parts and isinstance(parts[0], str) else ""
            if first[:1] and first[0] in CANNOT_START and len(text) > 1:
                used = width - extra
                return k - 1, used - stringWidth(text[-1], result.fontName, result.fontSize) - 0.01
        else:
            line, before = lines[k], lines[k - 1]
            if not line.words or not before.words or getattr(before, "lineBreak", False):
                continue
            first = getattr(line.words[0], "text", "")
            last = before.words[-1]
            text = getattr(last, "text", "")
            if first[:1] and first[0] in CANNOT_START and text:
                ch_w = stringWidth(text[-1], last.fontName, last.fontSize)
                return k - 1, before.currentWidth - ch_w - 0.01
    return None
