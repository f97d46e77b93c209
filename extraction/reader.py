"""The article reader: the bytes of one uploaded file to ``Article``s, or to ``Refusal``s saying why not.

``read_file`` never raises for a bad file: empty, binary, compressed, badly encoded, malformed or
hostile input each becomes a ``Refusal`` with a machine-readable code and a sentence for a person.
Content decides before the file name does: a ZIP renamed ``.txt`` is refused without being opened,
a PDF is read as a PDF whatever it is called, and an unknown extension is read as text if it is text.

Decoding tries, in order: a byte-order mark, UTF-16 recognised by its NUL-byte pattern, strict
UTF-8 (a sequence cut off at the very end is dropped), UTF-8 with stray cp1252 bytes, and last
charset-normalizer, whose guess is kept only when it reads as whole words of a non-Latin script
(Cyrillic, Greek, CJK...). Other legacy text is Latin script, in the Western, Central European
or Turkish Windows page (cp1252, cp1250, cp1254): ``extraction.latin`` picks the page whose reading
makes real words, cp1252 when they read alike; charset-normalizer's guess among these is unreliable.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import string
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from diplomap.errors import IngestError
from extraction.formats import (
    Draft,
    fallback_title,
    html_draft,
    json_drafts,
    jsonl_drafts,
    markdown_draft,
    normalize_text,
    plain_draft,
)
from extraction.latin import latin_page
from extraction.pdftext import extract_pdf_text
from extraction.types import Article

MAX_FILE_BYTES = 50 * 1024 * 1024
SNIFF_BYTES = 64 * 1024  # how much of a file the binary checks look at
MAX_CONTROL_RATIO = 0.10
MAX_NON_ASCII_RATIO = 0.40  # for eight-bit text no encoding detector recognises
FORMATS = {
    **{"txt": "txt", "text": "txt", "md": "md", "markdown": "md"},
    **{"html": "html", "htm": "html", "xhtml": "html", "pdf": "pdf"},
    **{"json": "json", "jsonl": "jsonl", "ndjson": "jsonl"},
}
OFFICE_TYPES = frozenset(
    ("doc", "docx", "docm", "odt", "rtf", "xls", "xlsx", "ods", "ppt", "pptx", "odp", "epub", "pages", "key")
)
_COMPRESSED_MAGIC = {
    b"PK\x03\x04": "ZIP",
    b"PK\x05\x06": "ZIP",
    b"PK\x07\x08": "ZIP",
    b"\x1f\x8b": "gzip",
    b"\x1f\x9d": "compress",
    b"\xfd7zXZ\x00": "xz",
    b"\x28\xb5\x2f\xfd": "zstd",
    b"\x04\x22\x4d\x18": "LZ4",
    b"7z\xbc\xaf\x27\x1c": "7-Zip",
    b"Rar!\x1a\x07": "RAR",
}
_BINARY_MAGIC = {
    b"\x7fELF": "an ELF executable",
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"\x00asm": "a WebAssembly module",
    b"\xca\xfe\xba\xbe": "a Java class or Mach-O file",
    b"\xcf\xfa\xed\xfe": "a Mach-O executable",
    b"\xce\xfa\xed\xfe": "a Mach-O executable",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an old Microsoft Office file",
    b"SQLite format 3\x00": "an SQLite database",
    b"OggS": "an Ogg media file",
    b"ID3\x03": "an MP3 file",
    b"ID3\x04": "an MP3 file",
    b"RIFF": "a RIFF media file",
    b"fLaC": "a FLAC audio file",
    b"\x1aE\xdf\xa3": "a Matroska or WebM video",
}
_ISO_MEDIA = re.compile(rb"\x00\x00..ftyp", re.S)  # MP4, MOV, HEIC, AVIF: a box size, then "ftyp"
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_ASCII_PROBE = string.ascii_letters + string.digits + " .,"
_LETTERS = re.compile(r"[^\W\d_]+")
_HIGH_BYTES = bytes(range(0x80, 0x100))
_LOOSE_WHITESPACE = re.compile(r"(?:[^\S ]| (?=\s))\s*")  # any run but a lone space: few matches, fast
_CP1252_FALLBACK = "diplomap.cp1252"


@dataclass(frozen=True, slots=True)
class Refusal:
    """One refused file, or one refused record (``item``, 0-based) inside a .json/.jsonl file."""

    filename: str
    code: str
    message: str
    item: int | None = None


@dataclass(frozen=True, slots=True)
class FileResult:
    """Everything one file gave: the articles read from it and what was refused."""

    filename: str
    articles: tuple[Article, ...]
    refusals: tuple[Refusal, ...]


def read_path(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> FileResult:
    """Read one file from disk; an unreadable or oversized file is refused without reading it all."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        refusal = Refusal(path.name, "unreadable", f"The file could not be opened ({exc.strerror or exc}).")
        return FileResult(path.name, (), (refusal,))
    return read_file(data, path.name, max_bytes=max_bytes)


def read_file(data: bytes, filename: str, *, max_bytes: int = MAX_FILE_BYTES) -> FileResult:
    """Articles from one file's bytes; every problem with the file becomes a ``Refusal``."""
    try:
        results = _read(data, filename, max_bytes)
    except IngestError as exc:
        return FileResult(filename, (), (Refusal(filename, exc.code, exc.message),))
    articles, refusals = [], []
    for item, result in results:
        if isinstance(result, Article):
            articles.append(result)
        else:
            refusals.append(Refusal(filename, result.code, result.message, item))
    if not articles and not refusals:
        refusals.append(Refusal(filename, "empty", "This file holds no articles."))
    return FileResult(filename, tuple(articles), tuple(refusals))


def _read(data: bytes, filename: str, max_bytes: int) -> list[tuple[int | None, Article | IngestError]]:
    if len(data) > max_bytes:
        limit = f"{max_bytes / 1024 / 1024:g} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes} bytes"
        raise IngestError("too_large", f"This file is {len(data):,} bytes, over the {limit} upload limit.")
    if not data:
        raise IngestError("empty", "This file is empty.")
    fmt, text = _format_and_text(data, filename)
    if fmt in ("json", "jsonl"):
        drafts = json_drafts(text) if fmt == "json" else jsonl_drafts(text)
        return [(item, _article_or_refusal(draft, filename, fmt)) for item, draft in drafts]
    parse = {"html": html_draft, "md": markdown_draft}.get(fmt, plain_draft)
    return [(None, _article(parse(text), filename, fmt))]


def _format_and_text(data: bytes, filename: str) -> tuple[str, str]:
    """The format to parse the file as, and its decoded text."""
    extension = _extension(filename)
    if extension in OFFICE_TYPES:
        message = f"'.{extension}' files are not supported: save the article as PDF, HTML or plain text."
        raise IngestError("unsupported_type", message)
    _refuse_known_binary(data)
    if extension == "pdf" or data[:1024].lstrip().startswith(b"%PDF-"):
        if data[:1024].find(b"%PDF-") < 0:  # the PDF standard tolerates junk before the header
            raise IngestError("pdf_broken", "This file is called .pdf but is not a PDF.")
        return "pdf", normalize_text(extract_pdf_text(data))
    fmt = FORMATS.get(extension)
    if fmt:
        return fmt, decode_text(data)
    try:
        text = decode_text(data)
    except IngestError as exc:
        if exc.code == "empty":
            raise
        message = "Files of this type are not supported, and this one is not plain text."
        raise IngestError("unsupported_type", message) from exc
    return ("html" if text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")) else "txt"), text


def _extension(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = name.rpartition(".")
    return extension.strip().lower() if dot and stem else ""


def _article_or_refusal(draft: Draft | IngestError, filename: str, fmt: str) -> Article | IngestError:
    if isinstance(draft, IngestError):
        return draft
    try:
        return _article(draft, filename, fmt)
    except IngestError as exc:
        return exc


def _article(draft: Draft, filename: str, fmt: str) -> Article:
    text = draft.text.strip()
    if not text:
        where = "This page has no visible text." if fmt == "html" else "This file has no text."
        raise IngestError("empty", where)
    return Article(
        text=text,
        title=draft.title or fallback_title(text),
        published=draft.published,
        source=draft.source or filename,
        content_hash=content_hash(text),
        filename=filename,
        fmt=fmt,
        url=draft.url,
    )


def content_hash(text: str) -> str:
    """sha256 hex of the text with whitespace runs collapsed, so a re-upload is a duplicate."""
    return hashlib.sha256(_LOOSE_WHITESPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()


def decode_text(data: bytes) -> str:
    """The text these bytes encode, normalised; IngestError if they are binary or undecodable."""
    _refuse_known_binary(data)
    text = _decode(data)
    sample = text[:SNIFF_BYTES]
    if len(_CONTROL_CHARS.findall(sample)) > MAX_CONTROL_RATIO * len(sample):
        raise IngestError("binary", "This file holds binary data, not text.")
    text = normalize_text(text)
    if not text.strip():
        raise IngestError("empty", "This file holds only whitespace.")
    return text


def _refuse_known_binary(data: bytes) -> None:
    head = data[:16]
    for magic, kind in _COMPRESSED_MAGIC.items():
        if head.startswith(magic):
            raise IngestError("compressed", f"This is a {kind} archive; upload the articles uncompressed.")
    if _BZIP2.match(head):
        raise IngestError("compressed", "This is a bzip2 archive; upload the articles uncompressed.")
    for magic, kind in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise IngestError("binary", f"This is {kind}, not a text document.")
    if _ISO_MEDIA.match(head):
        raise IngestError("binary", "This is a video or image file (MP4, MOV, HEIC), not a text document.")
    if head.startswith(b"{\\rtf"):
        message = "RTF documents are not supported: save the article as PDF, HTML or plain text."
        raise IngestError("unsupported_type", message)


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_unicode(data[len(bom) :], encoding)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode_unicode(data, utf16)
    data = data.rstrip(b"\x00")  # NUL padding at the end is harmless; NULs inside are not text
    if b"\x00" in data:
        raise IngestError("binary", "This file contains NUL bytes, so it is binary data, not text.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.end == len(data) and exc.reason == "unexpected end of data":
            return data[: exc.start].decode("utf-8")  # a character cut off by truncation
    if _mostly_utf8(data):
        return data.decode("utf-8", errors=_CP1252_FALLBACK)
    return _decode_legacy(data)


def _decode_unicode(data: bytes, encoding: str) -> str:
    width = 4 if encoding.startswith("utf-32") else 2 if encoding.startswith("utf-16") else 1
    return data[: len(data) - len(data) % width].decode(encoding, errors="replace")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 of mostly Latin text has a NUL in every other byte: odd ones for LE, even for BE."""
    sample = data[: min(len(data), 4096) // 2 * 2]
    pairs = len(sample) // 2
    if not pairs:
        return None
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    if odd_nuls >= 0.7 * pairs and even_nuls <= 0.05 * pairs:
        return "utf-16-le"
    if even_nuls >= 0.7 * pairs and odd_nuls <= 0.05 * pairs:
        return "utf-16-be"
    # Short text, or many letters beyond Latin-1 ('A“A'): fewer NULs, but all on one side, and the
    # bytes decode cleanly as UTF-16 of that order.
    for nuls, other, encoding in ((odd_nuls, even_nuls, "utf-16-le"), (even_nuls, odd_nuls, "utf-16-be")):
        if nuls >= 0.3 * pairs and other == 0 and _clean_utf16(sample, encoding):
            return encoding
    return None


def _clean_utf16(sample: bytes, encoding: str) -> bool:
    try:
        text = sample.decode(encoding)
    except UnicodeDecodeError:  # a lone surrogate; a cut-off pair at the very end is still fine
        try:
            text = sample[:-2].decode(encoding)
        except UnicodeDecodeError:
            return False
    return not _CONTROL_CHARS.search(text)


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with stray bytes: legacy text almost never holds a valid multi-byte sequence, so a
    fifth of the non-ASCII characters being UTF-8 is evidence enough."""
    sequences = _UTF8_SEQUENCE.findall(data)
    stray = len(data) - len(data.translate(None, _HIGH_BYTES)) - sum(map(len, sequences))
    return len(sequences) * 4 >= stray


def _decode_legacy(data: bytes) -> str:
    best = charset_normalizer.from_bytes(data).best()
    guessed = str(best) if best is not None and _keeps_ascii(best.encoding) else ""
    if guessed and _reads_as_other_script(guessed):
        return guessed
    page = latin_page(data)  # Western, Central European or Turkish, by which reads as words
    if page != "cp1252":
        return data.decode(page, errors="replace")
    text = data.decode("cp1252", errors=_CP1252_FALLBACK)
    if not guessed and _mostly_non_ascii(text):
        raise IngestError("bad_encoding", "The text encoding of this file could not be recognised.")
    return text


def _keeps_ascii(encoding: str) -> bool:
    """Only an encoding that reads ASCII bytes as ASCII can be right here: UTF-16 was settled
    above, and an EBCDIC guess (cp875, cp037...) turns English letters into Greek or symbols."""
    try:
        return _ASCII_PROBE.encode(encoding) == _ASCII_PROBE.encode("ascii")
    except (LookupError, UnicodeError):
        return False


def _mostly_non_ascii(text: str) -> bool:
    """Western text is mostly ASCII; bytes that are mostly not, with no encoding fitting them, are
    not text we can read."""
    sample = "".join(text[:SNIFF_BYTES].split())
    return len(sample) - len(sample.encode("ascii", errors="ignore")) > MAX_NON_ASCII_RATIO * len(sample)


def _reads_as_other_script(text: str) -> bool:
    """The guess gives whole words in a non-Latin script. A word mixing ASCII letters with such
    letters ("УKabulФ") is Latin text misread, the usual failure of guessing on short texts."""
    latin = foreign = mixed = 0
    for word in _LETTERS.findall(text[:SNIFF_BYTES]):
        if word.isascii():
            continue
        if all(unicodedata.name(char, "").startswith("LATIN") for char in word if not char.isascii()):
            latin += 1
            continue
        foreign += 1
        mixed += any(char.isascii() for char in word)
    return foreign > latin and mixed * 10 <= foreign


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each undecodable byte is read as cp1252, or Latin-1 where cp1252 has none."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    chars = []
    for byte in exc.object[exc.start : exc.end]:
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return "".join(chars), exc.end


codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)
