"""Chinese fonts in the printed PDFs: an installed TrueType font embedded, or the built-in
STSong-Light when there is none; CFF-outline fonts skipped; characters no font has marked."""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from printing import ApprovalData, Member, active_font, fonts, render_approval

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
NOTO_CFF = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


@pytest.fixture(autouse=True)
def fresh_font_choice(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    fonts.reset()
    yield
    monkeypatch.undo()
    fonts.reset()  # the next test module finds the machine's font again


def form(
    name: str = "张建国", explanation: tuple[str, ...] = ("自付 100.00 × 80% = 80.00",)
) -> bytes:
    data = ApprovalData(
        county_union="示范县总工会",
        approval_no="SP-1",
        claim_no="LP-1",
        member=Member(name, "330203196505121234", "M"),
        scheme_name="测试方案",
        scheme_code="T-1",
        shares=1,
        period_start=date(2015, 1, 1),
        period_end=date(2015, 12, 31),
        kind="death",
        payout=Decimal("80.00"),
        event_date=date(2015, 5, 1),
        explanation=explanation,
    )
    buf = io.BytesIO()
    render_approval(data, buf)
    return buf.getvalue()


def pdf_fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(base font name, embedded?) of every font the pages use."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            d = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return sorted(found.items())


def text_of(pdf: bytes) -> str:
    return "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_an_installed_truetype_font_is_embedded() -> None:
    info = active_font()
    assert info.embedded and info.path is not None and info.path.exists()
    used = pdf_fonts(form())
    assert used and all(embedded for _name, embedded in used), used  # no stray Helvetica either
    assert "张建国" in text_of(form())


def test_without_a_chinese_truetype_font_stsong_light_is_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path])  # a system with no fonts
    info = active_font()
    assert (info.name, info.embedded, info.path) == ("STSong-Light", False, None)
    assert "not embedded" in info.describe()
    pdf = form()
    assert pdf_fonts(pdf) == [("/STSong-Light", False)]
    assert "张建国" in text_of(pdf) and "330203********1234" in text_of(pdf)


def test_the_fallback_can_be_forced_by_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(fonts.ENV_VAR, "builtin")
    assert active_font().name == "STSong-Light"
    out = tmp_path / "f.pdf"
    out.write_bytes(form())
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", "-singlefile", str(out), str(tmp_path / "f")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    img = Image.open(tmp_path / "f.png").convert("L")
    assert sum(img.histogram()[:200]) > 0.01 * img.width * img.height


@pytest.mark.skipif(not (WQY.exists() and NOTO_CFF.exists()), reason="needs WenQuanYi and Noto")
def test_a_cff_outline_font_is_skipped_for_the_next_candidate(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A CFF font where SimSun is expected (first candidate): reportlab cannot read it.
    os.symlink(NOTO_CFF, tmp_path / "simsun.ttc")
    os.symlink(WQY, tmp_path / "wqy-zenhei.ttc")
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path])
    info = active_font()
    assert info.family == "WenQuanYi Zen Hei" and info.embedded


@pytest.mark.skipif(not WQY.exists(), reason="needs WenQuanYi")
def test_a_font_file_can_be_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fonts.ENV_VAR, str(WQY))
    assert active_font().path == WQY


@pytest.mark.skipif(not WQY.exists(), reason="needs WenQuanYi")
def test_a_character_no_font_has_is_marked_with_a_box(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fonts.ENV_VAR, str(WQY))  # no Extension B font beside it on Linux
    assert fonts.missing_characters("𠮷大明") == "𠮷"
    text = text_of(form(name="𠮷大明"))
    assert "□大明" in text


@pytest.mark.skipif(not WQY.exists(), reason="needs WenQuanYi")
def test_a_minus_sign_the_font_lacks_prints_as_a_hyphen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fonts.ENV_VAR, str(WQY))
    assert not fonts.has_char("\u2212")
    assert "30,000.00-1,234.56=28,765.44" in text_of(
        form(explanation=("剩余额度 30,000.00 \u2212 1,234.56 = 28,765.44",))
    )
