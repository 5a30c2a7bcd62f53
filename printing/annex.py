"""The annex of an approval form (附件): the claim's scanned papers, one page each, after the
form and numbered with it. A picture fills the page below a heading that names the paper; a
PDF paper cannot be drawn by reportlab, so its page says so (it is printed from the archive or
the window, where it opens as it is)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, PageBreak, Spacer

from printing.common import P, styles


@dataclass(frozen=True)
class AnnexPage:
    """One attachment as printed: the paper's name, its place in the checklist and its bytes."""

    paper: str  # 出院记录
    mime: str  # image/jpeg | image/png | application/pdf
    content: bytes
    source_name: str | None = None


class _Picture(Flowable):
    """A picture scaled to the room left on the page, keeping its proportions."""

    def __init__(self, content: bytes) -> None:
        super().__init__()
        self._reader = ImageReader(io.BytesIO(content))
        self._iw, self._ih = self._reader.getSize()
        self._w = self._h = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        scale = min(avail_width / self._iw, (avail_height - 2) / self._ih)
        self._w, self._h = self._iw * scale, self._ih * scale
        return self._w, self._h

    def draw(self) -> None:
        self.canv.drawImage(self._reader, 0, 0, self._w, self._h)


def annex_story(pages: tuple[AnnexPage, ...]) -> list[Flowable]:
    """The annex pages (empty for a claim without scans)."""
    s = styles()
    story: list[Flowable] = []
    n = len(pages)
    for i, page in enumerate(pages, start=1):
        story.append(PageBreak())
        heading = f"附件 {i}/{n}：{page.paper}"
        story.append(P(heading, s.subtitle))
        story.append(Spacer(1, 6))
        if page.mime == "application/pdf":
            size = len(page.content) // 1024 + 1
            name = page.source_name or "PDF"
            story.append(
                P(f"此附件为 PDF 文件（{name}，{size} KB），请在电子档案中查看或另行打印。", s.body)
            )
        else:
            story.append(_Picture(page.content))
    return story
