"""What the manifest schema cannot see: icon sizes and transparency, GUIDs, semver, files present, list limits."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from typing import Any

GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
MAX_COMMANDS = 12


def read_png(data: bytes) -> tuple[int, int, list[list[tuple[int, int, int, int]]]]:
    """Width, height and RGBA pixels of an 8-bit RGBA PNG (what icons.py writes; enough to check an icon)."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError("not a PNG")
    position, idat, width, height = 8, b"", 0, 0
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if (depth, colour) != (8, 6):
                raise ValueError("icons must be 8-bit RGBA PNGs")
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    raw = zlib.decompress(idat)
    stride = width * 4
    pixels = []
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind != 0:
            raise ValueError("only unfiltered PNG rows are read here")
        pixels.append([(line[i], line[i + 1], line[i + 2], line[i + 3]) for i in range(0, stride, 4)])
    return width, height, pixels


def problems(manifest: dict[str, Any], files: dict[str, bytes]) -> list[str]:
    found = []
    if not GUID.match(str(manifest.get("id", ""))):
        found.append("id is not a GUID")
    for bot in manifest.get("bots", []):
        if not GUID.match(str(bot.get("botId", ""))):
            found.append("bots[].botId is not a GUID")
        for command_list in bot.get("commandLists", []):
            if len(command_list.get("commands", [])) > MAX_COMMANDS:
                found.append(f"a command list has more than {MAX_COMMANDS} commands")
    if not SEMVER.match(str(manifest.get("version", ""))):
        found.append("version is not semver (x.y.z)")
    if len(manifest.get("name", {}).get("short", "")) > 30:
        found.append("name.short is over 30 characters")
    icons = manifest.get("icons", {})
    for role, size in (("color", 192), ("outline", 32)):
        name = icons.get(role)
        if name not in files:
            found.append(f"icons.{role} ({name}) is not in the package")
            continue
        width, height, pixels = read_png(files[name])
        if (width, height) != (size, size):
            found.append(f"icons.{role} is {width}x{height}, not {size}x{size}")
        if role == "outline":
            colours = {p[:3] for row in pixels for p in row if p[3] > 0}
            if colours - {(255, 255, 255)}:
                found.append("the outline icon must be white on transparent")
            if not any(p[3] == 0 for row in pixels for p in row):
                found.append("the outline icon has no transparent background")
    for language in manifest.get("localizationInfo", {}).get("additionalLanguages", []):
        if language.get("file") not in files:
            found.append(f"localisation file {language.get('file')} is not in the package")
    return found


def zip_problems(path: str) -> list[str]:
    import json

    with zipfile.ZipFile(path) as package:
        files = {name: package.read(name) for name in package.namelist()}
    if "manifest.json" not in files:
        return ["manifest.json is not at the root of the package"]
    return problems(json.loads(files["manifest.json"]), files)
