"""Is this a PNG image? Checked the way a decoder reads it (am0004 decodes the icon)."""

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> samples per pixel


def _chunks(data: bytes):
    pos = len(SIGNATURE)
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length] or b"\0\0\0\0")
        if len(body) != length or zlib.crc32(kind + body) != crc:
            raise ValueError("a chunk is truncated or its checksum is wrong")
        yield kind, body
        pos += 12 + length


def is_png(data: bytes) -> bool:
    """Signature, chunk checksums, IHDR first, IEND last, and image data of the stated size."""
    if not data.startswith(SIGNATURE):
        return False
    try:
        chunks = list(_chunks(data))
        if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
            return False
        width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
        if not width or not height or colour not in _CHANNELS or interlace not in (0, 1):
            return False
        pixels = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    except (ValueError, struct.error, zlib.error):
        return False
    row = (width * _CHANNELS[colour] * depth + 7) // 8
    return interlace == 1 or len(pixels) == height * (row + 1)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def solid_png(size: int, rgb: tuple[int, int, int]) -> bytes:
    """A square PNG of one colour: demo icons and test uploads."""
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    row = b"\x00" + bytes(rgb) * size
    return (
        SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(row * size))
        + _chunk(b"IEND", b"")
    )
