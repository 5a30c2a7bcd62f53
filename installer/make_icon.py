"""Draw the program icon (installer/desk-app.ico and .png); run once, the results are committed.

A red rounded square with a white cross and the character 助 — union red, medical aid.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONTS = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "C:/Windows/Fonts/msyh.ttc"]


def draw(size: int = 256) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    r = size // 6
    d.rounded_rectangle((4, 4, size - 5, size - 5), radius=r, fill=(200, 16, 46, 255))
    # A white cross in the upper-left quarter.
    c, w, arm = size * 0.30, size * 0.07, size * 0.17
    d.rectangle((c - w, c - arm, c + w, c + arm), fill="white")
    d.rectangle((c - arm, c - w, c + arm, c + w), fill="white")
    font_path = next((f for f in FONTS if Path(f).exists()), None)
    if font_path:
        font = ImageFont.truetype(font_path, int(size * 0.52))
        d.text((size * 0.66, size * 0.62), "助", font=font, fill="white", anchor="mm")
    return img


if __name__ == "__main__":
    img = draw()
    img.save(HERE / "desk-app.png")
    img.save(
        HERE / "desk-app.ico",
        sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)],
    )
    print("written", HERE / "desk-app.ico")
