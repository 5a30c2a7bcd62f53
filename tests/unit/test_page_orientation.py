"""A page photographed sideways at the counter comes out upright (issue #19): the document
camera gives no EXIF orientation, so the stored page is turned from the lines of its text. An
upright page, a picture without lines and a page whose camera gave EXIF are not second-guessed."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageChops, ImageDraw

from desk_app.claims import papers

T = Image.Transpose


def page(lines_to: int = 1150) -> Image.Image:
    """A sheet on a dark desk, under the camera: lines of words from the top of the sheet."""
    img = Image.new("L", (1400, 1900), 60)
    d = ImageDraw.Draw(img)
    d.rectangle((80, 70, 1320, 1830), fill=250)
    rng = random.Random(7)
    y = 200
    while y < lines_to:
        x = 200
        while x < 1150:
            w = rng.randint(20, 90)
            d.rectangle((x, y, min(x + w, 1200), y + 22), fill=20)
            x += w + rng.randint(12, 25)
        y += 48
    return img


def png(img: Image.Image, exif: Image.Exif | None = None) -> bytes:
    out = io.BytesIO()
    img.save(out, "PNG", exif=exif) if exif is not None else img.save(out, "PNG")
    return out.getvalue()


def stored(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(papers.prepare(data).content)).convert("L")


def same(a: Image.Image, b: Image.Image) -> bool:
    if a.size != b.size:
        return False
    diff = ImageChops.difference(a, b).convert("L")
    return max(diff.tobytes()) < 40  # JPEG noise, not another picture


@pytest.mark.parametrize("turn", [T.ROTATE_90, T.ROTATE_270])
def test_a_page_photographed_sideways_is_stored_upright(turn: T) -> None:
    upright = stored(png(page()))
    assert upright.size[1] > upright.size[0]
    sideways = page().transpose(turn)
    assert sideways.size[0] > sideways.size[1]
    assert same(stored(png(sideways)), upright)


def test_an_upright_page_is_not_turned() -> None:
    up = stored(png(page()))
    assert up.size[1] > up.size[0]
    # The writing stays in the upper half, where it was.
    ink = list(up.resize((1, up.size[1]), Image.Resampling.BOX).tobytes())
    dark = [255 - v for v in ink]
    assert sum(dark[: len(dark) // 2]) > 2 * sum(dark[len(dark) // 2 :])


def test_a_picture_without_lines_of_text_is_left_as_it_is() -> None:
    """A photo (a card, a wound, a stamp) has no lines to read: a landscape one stays so."""
    rng = random.Random(3)
    img = Image.new("L", (1600, 1000), 200)
    d = ImageDraw.Draw(img)
    for _ in range(60):
        x, y, r = rng.randint(0, 1600), rng.randint(0, 1000), rng.randint(10, 80)
        d.ellipse((x - r, y - r, x + r, y + r), fill=rng.randint(0, 120))
    out = stored(png(img))
    assert out.size[0] > out.size[1]


def test_a_page_whose_camera_gave_its_orientation_is_turned_by_that_alone() -> None:
    upright = stored(png(page()))
    sideways = page().transpose(T.ROTATE_270)  # the sensor's picture; EXIF says how to turn it
    exif = Image.Exif()
    exif[0x0112] = 8  # "turn 90° counter-clockwise to view"
    assert same(stored(png(sideways, exif)), upright)
