"""The app's two icons, drawn in code so the package needs no binary files in the repository: a colour icon
(192x192, Chaser's accent) and an outline icon (32x32, white on transparent, as Teams requires)."""

from __future__ import annotations

import struct
import zlib

ACCENT = (0x1F, 0x6F, 0x5C)
WHITE = (255, 255, 255)


def png(width: int, height: int, pixels: list[list[tuple[int, int, int, int]]]) -> bytes:
    raw = b"".join(b"\x00" + b"".join(struct.pack("4B", *p) for p in row) for row in pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def _tick(x: float, y: float) -> bool:
    """A check mark in the unit square: the shape of a done action."""
    left = abs((y - 0.62) - (x - 0.30)) < 0.09 and 0.18 <= x <= 0.42
    right = abs((y - 0.74) + (x - 0.42) * 1.25) < 0.09 and 0.36 <= x <= 0.82
    return left or right


def colour_icon(size: int = 192) -> bytes:
    pixels = []
    for j in range(size):
        row = []
        for i in range(size):
            x, y = (i + 0.5) / size, (j + 0.5) / size
            row.append((*WHITE, 255) if _tick(x, y) else (*ACCENT, 255))
        pixels.append(row)
    return png(size, size, pixels)


def outline_icon(size: int = 32) -> bytes:
    pixels = [
        [(*WHITE, 255) if _tick((i + 0.5) / size, (j + 0.5) / size) else (0, 0, 0, 0) for i in range(size)]
        for j in range(size)
    ]
    return png(size, size, pixels)
