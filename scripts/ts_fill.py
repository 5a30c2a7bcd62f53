"""Fill unfinished entries of the Chinese .ts from a JSON map {English source: Chinese}.

    python scripts/ts_fill.py translations.json

Touches only <message> blocks whose source is in the map and whose translation is unfinished,
so several people can translate their own strings without rewriting each other's.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

TS = Path(__file__).resolve().parents[1] / "ui" / "i18n" / "desk_app_zh_CN.ts"
_MESSAGE = re.compile(r"<message>(.*?)</message>", re.S)


def fill(mapping: dict[str, str], ts: Path = TS) -> int:
    text = ts.read_text(encoding="utf-8")
    count = 0

    def one(m: re.Match[str]) -> str:
        nonlocal count
        body = m.group(1)
        src = re.search(r"<source>(.*?)</source>", body, re.S)
        if src is None or '<translation type="unfinished">' not in body:
            return m.group(0)
        key = html.unescape(src.group(1))
        if key not in mapping:
            return m.group(0)
        count += 1
        new = re.sub(
            r'<translation type="unfinished">.*?</translation>',
            "<translation>" + html.escape(mapping[key], quote=False) + "</translation>",
            body,
            flags=re.S,
        )
        return f"<message>{new}</message>"

    ts.write_text(_MESSAGE.sub(one, text), encoding="utf-8")
    return count


if __name__ == "__main__":
    n = fill(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
    print(f"{n} entries translated")
