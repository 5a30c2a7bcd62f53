"""Chinese fonts for the printed documents.

An installed Chinese TrueType font is found, registered with reportlab and embedded (subset) in
every PDF, so the archive copy looks the same on any machine in ten years. The search order is
:data:`CANDIDATES`: SimSun, then Microsoft YaHei/SimHei on Windows; WenQuanYi and AR PL on Linux.
reportlab reads only TrueType (``glyf``) outlines, so CFF-outline OpenType fonts such as Noto
Sans/Serif CJK are never tried: :class:`TTFont` refuses them and the next candidate is used.
When no candidate loads, the built-in CID font ``STSong-Light`` is used: it is not embedded (the
PDF viewer supplies a Song face), which is readable but less faithful.

``DESK_APP_PRINT_FONT`` overrides the search: a path to a ``.ttf``/``.ttc`` file (``PATH#N``
picks face N of a collection), or ``builtin`` to force ``STSong-Light``.

Characters missing from the chosen font (rare characters in names, CJK Extension B) are drawn
with the first fallback that has them (``SimSun-ExtB`` on Windows), else with ``STSong-Light``
(for characters of the Basic Multilingual Plane only); see :func:`runs`.
:func:`missing_characters` tells the window which characters of a name will not print well.

Thread: any; the first call registers the fonts under a lock, later calls are cheap.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

ENV_VAR = "DESK_APP_PRINT_FONT"
BUILTIN = "STSong-Light"


@dataclass(frozen=True)
class Candidate:
    """An installed font worth trying: its file name (matched case-insensitively) and face."""

    file: str
    family: str
    subfont: int = 0


#: Body fonts, best first. SimSun is what Chinese government forms are set in on Windows.
CANDIDATES: tuple[Candidate, ...] = (
    Candidate("simsun.ttc", "SimSun"),
    Candidate("msyh.ttc", "Microsoft YaHei"),
    Candidate("msyh.ttf", "Microsoft YaHei"),
    Candidate("simhei.ttf", "SimHei"),
    Candidate("wqy-zenhei.ttc", "WenQuanYi Zen Hei"),
    Candidate("wqy-microhei.ttc", "WenQuanYi Micro Hei"),
    Candidate("uming.ttc", "AR PL UMing"),
    Candidate("ukai.ttc", "AR PL UKai"),
)

#: Stand-ins for symbols some Chinese fonts lack (WenQuanYi has no U+2212 MINUS SIGN), used
#: only when the body font cannot draw the original.
SUBSTITUTES: dict[str, str] = {
    "\u2212": "-",  # minus sign
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2027": "·",  # hyphenation point
    "\u2219": "·",  # bullet operator
    "\u2215": "/",  # division slash
}

#: Printed in place of a character no available font can draw (a name's rare character).
PLACEHOLDER = "□"

#: Extra TrueType fonts for characters the body font lacks (CJK Extension B names).
EXTRA_CANDIDATES: tuple[Candidate, ...] = (Candidate("simsunb.ttf", "SimSun-ExtB"),)


@dataclass(frozen=True)
class FontInfo:
    """The font the documents use.

    ``name`` is the reportlab font name to put in styles; ``path`` is ``None`` for the built-in
    CID font; ``embedded`` says whether the glyphs travel inside the PDF.
    """

    name: str
    family: str
    path: Path | None
    subfont: int
    embedded: bool

    def describe(self) -> str:
        """One line for the About box and the log, e.g. ``SimSun (…\\simsun.ttc, embedded)``."""
        if self.path is None:
            return f"{self.family} (built-in, not embedded)"
        face = f"#{self.subfont}" if self.subfont else ""
        return f"{self.family} ({self.path}{face}, embedded)"


@dataclass(frozen=True)
class _Loaded:
    info: FontInfo
    chars: frozenset[int] | None  # None: the CID font, whose coverage we cannot ask
    fallbacks: tuple[tuple[str, frozenset[int] | None], ...]


_lock = threading.Lock()
_loaded: _Loaded | None = None


def font_dirs() -> list[Path]:
    """Folders where this system keeps fonts, in the order they are searched."""
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs = [windir / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if sys.platform == "darwin":
        return [Path("/Library/Fonts"), Path("/System/Library/Fonts"), home / "Library" / "Fonts"]
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local" / "share" / "fonts",
        home / ".fonts",
    ]


def _index_files(dirs: list[Path]) -> dict[str, Path]:
    """Lower-case file name → first path found (the font folders are small; walked once)."""
    found: dict[str, Path] = {}
    for d in dirs:
        if not d.is_dir():
            continue
        for root, _subdirs, files in os.walk(d):
            for f in files:
                found.setdefault(f.lower(), Path(root) / f)
    return found


def _reportlab_name(family: str) -> str:
    return "DeskCJK-" + "".join(ch for ch in family if ch.isalnum())


def _try_ttf(family: str, path: Path, subfont: int) -> tuple[FontInfo, frozenset[int]] | None:
    """Register one TrueType face; ``None`` if reportlab cannot use it (CFF outlines, damage)."""
    name = _reportlab_name(family) + (f"-{subfont}" if subfont else "")
    try:
        font = TTFont(name, str(path), subfontIndex=subfont)
    except Exception:  # TTFError for CFF outlines, OSError, struct errors in a damaged file
        return None
    pdfmetrics.registerFont(font)
    info = FontInfo(name=name, family=family, path=path, subfont=subfont, embedded=True)
    return info, frozenset(font.face.charToGlyph)


def _builtin() -> FontInfo:
    pdfmetrics.registerFont(UnicodeCIDFont(BUILTIN))
    return FontInfo(name=BUILTIN, family=BUILTIN, path=None, subfont=0, embedded=False)


def _load() -> _Loaded:
    override = os.environ.get(ENV_VAR, "").strip()
    files: dict[str, Path] | None = None
    chosen: tuple[FontInfo, frozenset[int]] | None = None
    if override.lower() == "builtin":
        pass
    elif override:
        path_text, _, face = override.partition("#")
        path = Path(path_text)
        chosen = _try_ttf(path.stem, path, int(face) if face.isdigit() else 0)
    if chosen is None and override.lower() != "builtin":
        files = _index_files(font_dirs())
        for c in CANDIDATES:
            found = files.get(c.file)
            if found is not None:
                chosen = _try_ttf(c.family, found, c.subfont)
                if chosen is not None:
                    break
    builtin = _builtin()  # always registered: the last fallback for missing characters
    if chosen is None:
        return _Loaded(builtin, None, ())
    info, chars = chosen
    fallbacks: list[tuple[str, frozenset[int] | None]] = []
    for c in EXTRA_CANDIDATES:
        found = (files or {}).get(c.file)
        extra = _try_ttf(c.family, found, c.subfont) if found is not None else None
        if extra is not None:
            fallbacks.append((extra[0].name, extra[1]))
    fallbacks.append((BUILTIN, None))
    return _Loaded(info, chars, tuple(fallbacks))


def _state() -> _Loaded:
    global _loaded
    loaded = _loaded
    if loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = _load()
            loaded = _loaded
    return loaded


def active_font() -> FontInfo:
    """The font every document is set in (found and registered on first use)."""
    return _state().info


def font_name() -> str:
    """The reportlab name of :func:`active_font`, for styles and ``canvas.setFont``."""
    return _state().info.name


def reset() -> None:
    """Forget the choice, so the next document searches again (tests; after the setting changes)."""
    global _loaded
    with _lock:
        _loaded = None


def runs(text: str) -> Iterator[tuple[str, str]]:
    """Split ``text`` into ``(font name, run)`` pieces so that every character is drawn with a
    font that has it: the body font where it can, a fallback for the rest."""
    st = _state()
    if st.chars is None:
        # The CID font's coverage is unknown; only the symbols known to be missing are swapped.
        if any(ch in SUBSTITUTES for ch in text):
            text = "".join(SUBSTITUTES.get(ch, ch) for ch in text)
        yield st.info.name, text
        return
    if not text:
        yield st.info.name, text
        return
    chars = st.chars
    body = st.info.name
    if all(ord(ch) in chars or ord(ch) < 0x20 for ch in text):  # the usual case, fast
        yield body, text
        return
    current = body
    run: list[str] = []
    for ch in text:
        code = ord(ch)
        if code in chars or code < 0x20:
            name = body
        elif ch in SUBSTITUTES:
            name, ch = body, SUBSTITUTES[ch]
        elif code > 0xFFFF:
            # The CID font's UCS-2 encoding cannot carry a character beyond the BMP (it would
            # print as two wrong glyphs). Without a TrueType font that has it, a visible box
            # marks the place, for the clerk to complete the name by hand.
            name = next((n for n, have in st.fallbacks if have is not None and code in have), "")
            if not name:
                name, ch = body, PLACEHOLDER
        else:
            name = next((n for n, have in st.fallbacks if have is None or code in have), BUILTIN)
        if name != current and run:
            yield current, "".join(run)
            run = []
        current = name
        run.append(ch)
    yield current, "".join(run)


def has_char(ch: str) -> bool:
    """Whether the body font draws ``ch`` (``False`` when it cannot be known: the CID font)."""
    st = _state()
    return st.chars is not None and ord(ch) in st.chars


def missing_characters(text: str) -> str:
    """The characters of ``text`` the body font cannot draw (drawn with a fallback instead)."""
    st = _state()
    if st.chars is None:
        return ""
    return "".join(dict.fromkeys(ch for ch in text if ord(ch) >= 0x20 and ord(ch) not in st.chars))
