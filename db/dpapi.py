"""Windows DPAPI for the key folder's files (``CryptProtectData`` of crypt32, machine scope): on
Windows a key file holds the key protected for this PC, so the file copied to another machine (a
support bundle, a cloned disk image) gives nothing away; the scheduled backup and sync read it
unattended, under whatever account Task Scheduler runs them (hence the machine scope; the data
folder's ACL keeps other accounts of this PC out). Elsewhere the key file is the plain key,
readable by the owner only (0600). docs/operations.md says which applies where.

The file format: ``DPA1`` + the DPAPI blob; a file without the prefix is a plain key (a key
written before this, or on another system) and is protected when it is next written."""

from __future__ import annotations

import sys

PREFIX = b"DPA1"
_PLAIN_MAX = 64  # a plain key is 32 bytes; a DPAPI blob is a few hundred
#: Extra entropy, so another program's DPAPI call on this machine cannot open the blob by chance.
_ENTROPY = b"desk-app key folder"
_UI_FORBIDDEN, _LOCAL_MACHINE = 0x1, 0x4


def available() -> bool:
    """True where keys are protected by DPAPI (Windows)."""
    return sys.platform == "win32"


def is_protected(data: bytes) -> bool:
    """True for a key file written through DPAPI."""
    return data.startswith(PREFIX) and len(data) > _PLAIN_MAX


if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    class _Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    def _blob(data: bytes) -> tuple[_Blob, ctypes.Array[ctypes.c_char]]:
        buf = ctypes.create_string_buffer(data, len(data))
        return _Blob(len(data), ctypes.cast(buf, ctypes.POINTER(ctypes.c_char))), buf

    def _call(name: str, data: bytes) -> bytes:
        crypt32, kernel32 = ctypes.windll.crypt32, ctypes.windll.kernel32
        source, _keep = _blob(data)
        entropy, _keep2 = _blob(_ENTROPY)
        out = _Blob()
        flags = _UI_FORBIDDEN | _LOCAL_MACHINE
        if name == "protect":
            ok = crypt32.CryptProtectData(
                ctypes.byref(source),
                "desk-app",
                ctypes.byref(entropy),
                None,
                None,
                flags,
                ctypes.byref(out),
            )
        else:
            ok = crypt32.CryptUnprotectData(
                ctypes.byref(source),
                None,
                ctypes.byref(entropy),
                None,
                None,
                flags,
                ctypes.byref(out),
            )
        if not ok:
            raise OSError(f"DPAPI {name} failed: {ctypes.FormatError()}")
        try:
            return ctypes.string_at(out.pbData, out.cbData)
        finally:
            kernel32.LocalFree(out.pbData)

    def protect(data: bytes) -> bytes:
        return PREFIX + _call("protect", data)

    def unprotect(data: bytes) -> bytes:
        return _call("unprotect", data[len(PREFIX) :]) if is_protected(data) else data

else:

    def protect(data: bytes) -> bytes:
        """The bytes to store for ``data``: elsewhere than Windows, ``data`` itself (0600)."""
        return data

    def unprotect(data: bytes) -> bytes:
        """The key stored as ``data``; a DPAPI blob cannot be opened off Windows."""
        if is_protected(data):
            raise ValueError("this key file was protected by Windows (DPAPI) on another PC")
        return data
