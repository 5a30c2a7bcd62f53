"""The checks a workbook passes before any reader sees it: what kind of file it really is (by
its bytes, not its name), and the refusals of files that could hurt the desk — empty, too
large, a zip that expands too much (zip bombs), XML with a DTD or entities, a password — each
with one clear message, before anything is read into the database.

Kinds read (``desk_app.xlsx.read`` reads them all through python-calamine):
- ``ooxml`` — .xlsx / .xlsm (Excel 2007+, WPS, LibreOffice), and WPS .et saved in that form;
- ``xlsb`` — Excel's binary workbook;
- ``ods`` — OpenDocument (LibreOffice, WPS);
- ``xls`` — Excel 97-2003 and WPS .et in that form (an OLE2 compound file).

An encrypted workbook is an OLE2 file too: OOXML with a password is an ``EncryptedPackage``
stream, an encrypted .xls has a FILEPASS record at the start of its ``Workbook`` stream;
``olefile`` reads both without any cryptography.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from typing import IO

from base.errors import ValidationError, msg

MAX_FILE_BYTES = 30 * 1024 * 1024  # a 100 000-row roster is about 5 MB
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_MEMBER_RATIO = 150  # a zip member expanding more than this is a bomb, not a roster
MAX_ZIP_MEMBERS = 5_000
MAX_PROLOG_BYTES = 1024 * 1024  # what may stand before an XML part's root element

#: The names a file chooser offers for rosters and settlement files (the kind is still told by
#: the bytes: a renamed file reads as what it is).
READABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".et")
FILE_PATTERN = " ".join(f"*{s}" for s in READABLE_SUFFIXES)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_BIFF_FILEPASS = 0x002F
_BIFF_BOUNDSHEET = 0x0085
_BIFF_EOF = 0x000A


class WorkbookError(ValidationError):
    """The whole file is refused (nothing was read into the database)."""

    code = "bad_workbook"


def check_file(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The kind of workbook ``path`` holds (``ooxml``, ``xlsb``, ``ods`` or ``xls``) once it has
    passed every check; raise WorkbookError."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError:
        raise WorkbookError(
            msg("找不到文件 {f}", "the file {f} cannot be found", f=name), code="missing"
        ) from None
    if size == 0:
        raise WorkbookError(
            msg("文件 {f} 是空的（0 字节）", "the file {f} is empty (0 bytes)", f=name),
            code="empty_file",
        )
    if size > max_bytes:
        raise WorkbookError(
            msg(
                "文件 {f} 太大（{s} MB，最多 {m} MB），请分成几个文件导入",
                "the file {f} is too large ({s} MB, at most {m} MB): split it",
                f=name,
                s=round(size / 1048576, 1),
                m=max_bytes // 1048576,
            ),
            code="too_large",
        )
    with path.open("rb") as f:
        head = f.read(8)
    if head == OLE_MAGIC:
        return _check_ole(path)
    if not zipfile.is_zipfile(path):
        raise not_a_workbook(name)
    try:
        with zipfile.ZipFile(path) as z:
            return _check_zip(z, name)
    except zipfile.BadZipFile:
        raise not_a_workbook(name) from None


def _check_zip(z: zipfile.ZipFile, name: str) -> str:
    infos = z.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _too_big_inside(name)
    total = 0
    for i in infos:
        total += i.file_size
        ratio = i.file_size / max(1, i.compress_size)
        if i.file_size > 10 * 1048576 and ratio > MAX_MEMBER_RATIO:
            raise _too_big_inside(name)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _too_big_inside(name)
    names = {i.filename for i in infos}
    if "[Content_Types].xml" in names and "xl/workbook.bin" in names:
        kind = "xlsb"
    elif "[Content_Types].xml" in names and any(
        n.startswith("xl/") and n.endswith("workbook.xml") for n in names
    ):
        kind = "ooxml"
    elif "content.xml" in names and (
        "mimetype" not in names or z.read("mimetype").strip() == ODS_MIMETYPE
    ):
        kind = "ods"
    else:
        raise not_a_workbook(name)
    for i in infos:
        if i.filename.endswith((".xml", ".rels")):
            with z.open(i) as part:
                _check_prolog(part, name)
    return kind


def _check_prolog(part: IO[bytes], name: str) -> None:
    """Refuse an XML part that declares a DTD or entities (billion laughs, external entities):
    only what stands before the root element is read."""
    buf = b""
    pos = 0
    while True:
        rest = buf[pos:].lstrip(b" \t\r\n\xef\xbb\xbf")
        pos = len(buf) - len(rest)
        skip = _skip_declaration(rest)
        if skip is None or len(rest) < 9:  # an unfinished declaration, or too little to tell
            chunk = part.read(65536)
            if not chunk:
                return  # the end of a malformed part: the reader will say so
            buf += chunk
            if len(buf) > MAX_PROLOG_BYTES:
                raise unsafe(name, "DTDForbidden")
            continue
        if rest.startswith((b"<!DOCTYPE", b"<!ENTITY")):
            raise unsafe(name, "EntitiesForbidden" if b"<!ENTITY" in buf else "DTDForbidden")
        if skip == 0:
            return  # the root element (or no XML at all: the reader will say so)
        pos += skip


def _skip_declaration(rest: bytes) -> int | None:
    """The length of the declaration, processing instruction or comment ``rest`` starts with;
    0 when it starts with none; None when it is not finished within ``rest``."""
    for opener, closer in ((b"<?", b"?>"), (b"<!--", b"-->")):
        if rest.startswith(opener):
            end = rest.find(closer, len(opener))
            return None if end < 0 else end + len(closer)
    return 0


def _check_ole(path: Path) -> str:
    """An OLE2 compound file: an encrypted workbook is refused, an .xls read, anything else
    (a Word document, a damaged file) is not a workbook."""
    import olefile

    try:
        ole = olefile.OleFileIO(str(path))
    except Exception:  # olefile raises several kinds for files it cannot parse
        raise not_a_workbook(path.name) from None
    try:
        if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
            raise encrypted(path.name)
        stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
        if stream is None:
            raise not_a_workbook(path.name)
        with ole.openstream(stream) as data:
            if _biff_has_filepass(data):
                raise encrypted(path.name)
    finally:
        ole.close()
    return "xls"


def _biff_has_filepass(data: IO[bytes]) -> bool:
    """Does the workbook globals' start (up to the first sheet entry) hold FILEPASS?"""
    for _ in range(500):
        head = data.read(4)
        if len(head) < 4:
            return False
        kind, length = struct.unpack("<HH", head)
        if kind == _BIFF_FILEPASS:
            return True
        if kind in (_BIFF_BOUNDSHEET, _BIFF_EOF):
            return False
        data.read(length)
    return False


def encrypted(name: str) -> WorkbookError:
    return WorkbookError(
        msg(
            "工作簿 {f} 设置了打开密码，请在 Excel 中取消密码（文件→信息→保护工作簿）后再导入",
            "the workbook {f} is password-protected: remove the password in Excel "
            "and import it again",
            f=name,
        ),
        code="encrypted",
    )


def not_a_workbook(name: str) -> WorkbookError:
    return WorkbookError(
        msg(
            "{f} 不是 Excel 工作簿（.xlsx、.xls、.xlsb、.ods 或 WPS 表格），请用 Excel 或 WPS "
            "另存为 .xlsx 后再导入",
            "{f} is not a workbook (.xlsx, .xls, .xlsb, .ods or WPS): save it as .xlsx and "
            "import that",
            f=name,
        ),
        code="not_a_workbook",
    )


def _too_big_inside(name: str) -> WorkbookError:
    return WorkbookError(
        msg(
            "工作簿 {f} 解压后过大或结构异常，已拒绝读取",
            "the workbook {f} expands to too much data or is malformed: refused",
            f=name,
        ),
        code="too_large",
    )


def unsafe(name: str, what: str) -> WorkbookError:
    return WorkbookError(
        msg(
            "工作簿 {f} 含有不安全的 XML 内容（{e}），已拒绝读取",
            "the workbook {f} holds unsafe XML ({e}): refused",
            f=name,
            e=what,
        ),
        code="unsafe",
    )
