"""Images uploaded from a console, kept in the data folder until a connector sends them.

A file is recognised by its first bytes, not by the name a browser gave it: a platform
refuses what is not an image, and by then the post would be due. Names on disk are
random, so an upload can neither overwrite another nor reach outside the folder.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from pathlib import Path

from scheduler.errors import InvalidField
from scheduler.settings import Settings

MAX_BYTES = 8 * 1024 * 1024
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)


def image_kind(data: bytes) -> str | None:
    for signature, extension in _SIGNATURES:
        if data.startswith(signature):
            return extension
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def media_dir(settings: Settings) -> Path:
    return settings.resolved_data_dir / "media"


def check_upload(filename: str, data: bytes) -> str:
    if not data:
        raise InvalidField(f"画像「{filename}」が空です", f"the image {filename!r} is empty",
                           "image")
    if len(data) > MAX_BYTES:
        raise InvalidField(f"画像「{filename}」が大きすぎます（上限 {MAX_BYTES >> 20}MB）",
                           f"the image {filename!r} is over {MAX_BYTES} bytes", "image")
    extension = image_kind(data)
    if extension is None:
        raise InvalidField(f"「{filename}」は画像（JPEG・PNG・GIF・WebP）ではありません",
                           f"{filename!r} is not a JPEG, PNG, GIF or WebP image", "image")
    return extension


def save_uploads(settings: Settings, uploads: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Check every upload first, then write them all; nothing is written if one fails."""
    extensions = [check_upload(name, data) for name, data in uploads]
    folder = media_dir(settings)
    saved: list[Path] = []
    if uploads:
        folder.mkdir(parents=True, exist_ok=True)
    for (_name, data), extension in zip(uploads, extensions, strict=True):
        path = folder / f"{secrets.token_hex(12)}.{extension}"
        path.write_bytes(data)
        saved.append(path)
    return saved


def discard_uploads(paths: Sequence[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
