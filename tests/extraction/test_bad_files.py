"""Malformed, hostile and odd files, each built by the test: every one is accepted with the right
text or refused with a specific code, and nothing raises."""

from __future__ import annotations

import bz2
import codecs
import functools
import gzip
import html
import io
import json
import lzma
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from diplomap.errors import IngestError
from extraction.pdftext import extract_pdf_text
from extraction.reader import MAX_FILE_BYTES, FileResult, read_file, read_path

SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "samples" / "000_4e41f000fa338b9a.txt"
XSS_FILE = Path("/work/shared/security/xss_payloads.json")  # OWASP XSS filter evasion cheat sheet
XSS_FALLBACK = [  # a few of the same payloads, should the shared file be absent
    '"></SCRIPT>”>’><SCRIPT>alert(String.fromCharCode(88,83,83))</SCRIPT>',
    '"><img src="x:x" onerror="alert(XSS)">',
    "<IMG SRC=javascript:alert(&quot;XSS&quot;)>",
    "<DIV\xa0STYLE=\"background-image:\xa0url(\x01javascript:alert('XSS'))\">",
    "<svg/onload=alert('XSS')>",
]
XSS = json.loads(XSS_FILE.read_text(encoding="utf-8"))["payloads"] if XSS_FILE.exists() else XSS_FALLBACK
KABUL = "Embassy in Kabul\n\nThe ambassador said “we stay” at the café."


@dataclass(frozen=True, slots=True)
class BadFile:
    """A file to read, and what must come of it: a refusal code, or an article containing ``text``."""

    filename: str
    build: Callable[[], bytes]
    code: str | None = None
    text: str = ""


@functools.cache
def zip_bomb() -> bytes:
    """100 MB of zeros deflated to about 100 KB."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("zeros.txt", "w", force_zip64=True) as member,
    ):
        chunk = bytes(1024 * 1024)
        for _ in range(100):
            member.write(chunk)
    return buffer.getvalue()


def _elf() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(200)


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>Kabul</w:document>")
    return buffer.getvalue()


def _deep_html() -> bytes:
    return b"<html><body>" + b"<div>" * 5000 + b"<p>Deep in Kabul</p>" + b"</div>" * 5000 + b"</body></html>"


def _json(value: object) -> Callable[[], bytes]:
    return lambda: json.dumps(value).encode()


CASES: dict[str, BadFile] = {
    "empty": BadFile("empty.txt", lambda: b"", "empty"),
    "whitespace": BadFile("blank.txt", lambda: b" \n\t\r\n  \n", "empty"),
    "bom_only": BadFile("bom.txt", lambda: codecs.BOM_UTF8, "empty"),
    "utf16_whitespace": BadFile("blank16.txt", lambda: "  \n\n ".encode("utf-16"), "empty"),
    "nul_bytes": BadFile("nul.txt", lambda: b"Kabul\x00embassy\x00\x00closed\x00today", "binary"),
    "nul_padding": BadFile(
        "padded.txt", lambda: b"Kabul embassy closed" + bytes(64), text="Kabul embassy closed"
    ),
    "control_chars": BadFile("ctrl.txt", lambda: b"\x01\x02\x03\x04\x05\x06 Kabul" * 50, "binary"),
    "truncated_utf8": BadFile("cut.txt", lambda: "Zürich café".encode()[:-1], text="Zürich caf"),
    "mixed_encodings": BadFile(
        "mixed.txt",
        lambda: "café in Zürich, ".encode() + "naïve “talks”".encode("cp1252"),
        text="café in Zürich, naïve “talks”",
    ),
    "cp1252": BadFile("cp.txt", lambda: KABUL.encode("cp1252"), text=KABUL),
    "cp1252_undefined_byte": BadFile(
        "cp81.txt", lambda: b"Kabul \x81 caf\xe9 \x93ok\x94", text="Kabul \x81 café “ok”"
    ),
    "utf16_bom": BadFile("bom16.txt", lambda: KABUL.encode("utf-16"), text=KABUL),
    "utf16_no_bom": BadFile("le16.txt", lambda: KABUL.encode("utf-16-le"), text=KABUL),
    "utf16_be_no_bom_odd_length": BadFile(
        "be16.txt", lambda: KABUL.encode("utf-16-be") + b"\x00", text=KABUL
    ),
    "elf_as_txt": BadFile("program.txt", _elf, "binary"),
    "png_as_txt": BadFile("picture.txt", _png, "binary"),
    "jpeg_as_md": BadFile("photo.md", lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(100), "binary"),
    "mp4_as_txt": BadFile("clip.txt", lambda: b"\x00\x00\x00\x18ftypmp42" + bytes(64), "binary"),
    "heic_no_extension": BadFile("IMG_0042", lambda: b"\x00\x00\x00\x24ftypheic" + bytes(64), "binary"),
    "webm": BadFile("talks.webm", lambda: b"\x1aE\xdf\xa3\x9fB\x86\x81\x01" + bytes(64), "binary"),
    "rtf_as_txt": BadFile("letter.txt", lambda: rb"{\rtf1\ansi\deff0 Kabul embassy}", "unsupported_type"),
    "zip_bomb_as_txt": BadFile("bomb.txt", zip_bomb, "compressed"),
    "gzip_as_txt": BadFile("news.txt", lambda: gzip.compress(KABUL.encode() * 100), "compressed"),
    "bzip2_as_json": BadFile("news.json", lambda: bz2.compress(KABUL.encode()), "compressed"),
    "xz_as_html": BadFile("news.html", lambda: lzma.compress(KABUL.encode()), "compressed"),
    "docx": BadFile("report.docx", _docx, "unsupported_type"),
    "binary_unknown_ext": BadFile("blob.dat", lambda: bytes(range(256)) * 8, "unsupported_type"),
    "text_unknown_ext": BadFile("readme.nfo", lambda: b"Kabul embassy", text="Kabul embassy"),
    "no_extension_unicode_name": BadFile("Кабул_новости", lambda: b"Kabul embassy", text="Kabul embassy"),
    "not_a_pdf": BadFile("report.pdf", lambda: b"Kabul embassy closed", "pdf_broken"),
    "pdf_header_only": BadFile("stub.pdf", lambda: b"%PDF-1.7\n%%EOF\n", "pdf_broken"),
    "html_only_scripts": BadFile("s.html", lambda: b"<script>alert(1)</script><style>p{}</style>", "empty"),
    "html_only_comment": BadFile("c.html", lambda: b"<!-- Kabul --><!DOCTYPE html>", "empty"),
    "html_deep_nesting": BadFile("deep.html", _deep_html, text="Deep in Kabul"),
    "html_unclosed_tags": BadFile("open.html", lambda: b"<div><p><b>Kabul " * 3000, text="Kabul\n\nKabul"),
    "html_bad_marked_section": BadFile(
        "ie.html", lambda: b"<p>Kabul</p><![foo[ x", text="Kabul\n\n<![foo[ x"
    ),
    "html_too_many_tags": BadFile("tags.html", lambda: b"<i>" * 200_001, "html_too_complex"),
    "json_invalid": BadFile("bad.json", lambda: b'{"title": "Kabul", "text": ', "bad_json"),
    "json_too_deep": BadFile("deep.json", lambda: b"[" * 100_000 + b"]" * 100_000, "bad_json"),
    "json_huge_number": BadFile("num.json", lambda: b"1" * 5000, "bad_json"),
    "json_number": BadFile("n.json", _json(42), "wrong_shape"),
    "json_list_of_strings": BadFile("s.json", _json(["Kabul", "Doha"]), "wrong_shape"),
    "json_objects_without_text": BadFile("o.json", _json([{"title": "Kabul"}, {"url": "x"}]), "wrong_shape"),
    "json_text_not_string": BadFile("t.json", _json({"text": ["Kabul"]}), "wrong_shape"),
    "json_blank_text": BadFile("b.json", _json({"text": "  \n"}), "empty"),
    "json_empty_list": BadFile("e.json", _json([]), "empty"),
    "json_lone_surrogate": BadFile(
        "u.json", lambda: b'{"text": "Kabul \\ud800 embassy"}', text="Kabul \ufffd embassy"
    ),
    "jsonl_all_bad": BadFile("bad.jsonl", lambda: b"{\nnot json\n[1, 2", "bad_json"),
    "over_limit_small": BadFile("big.txt", lambda: b"Kabul " * 2_000_000, "too_large"),
}


def _check(case: BadFile, result: FileResult) -> None:
    if case.code is None:
        assert result.refusals == (), result.refusals
        assert case.text in result.articles[0].text
    else:
        assert result.articles == ()
        assert {refusal.code for refusal in result.refusals} == {case.code}, result.refusals
        assert all(refusal.message.endswith(".") for refusal in result.refusals)


def _read(case: BadFile) -> FileResult:
    max_bytes = 1024 * 1024 if case.filename == "big.txt" else MAX_FILE_BYTES
    return read_file(case.build(), case.filename, max_bytes=max_bytes)


def test_there_are_at_least_thirty_bad_files() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", list(CASES))
def test_bad_file_is_accepted_or_refused_with_its_code(name: str) -> None:
    case = CASES[name]
    _check(case, _read(case))


def test_json_list_refusals_name_each_item() -> None:
    result = read_file(json.dumps(["Kabul", {"text": "Doha talks"}, 3]).encode(), "mixed.json")
    assert [a.text for a in result.articles] == ["Doha talks"]
    assert [(r.code, r.item) for r in result.refusals] == [("wrong_shape", 0), ("wrong_shape", 2)]


def test_zip_bomb_is_refused_without_being_opened() -> None:
    bomb = zip_bomb()
    assert len(bomb) < 1024 * 1024
    started = time.perf_counter()
    assert read_file(bomb, "bomb.txt").refusals[0].code == "compressed"
    assert time.perf_counter() - started < 0.5


def test_broken_pdf_is_refused(embassy_pdf: bytes) -> None:
    truncated = embassy_pdf[: len(embassy_pdf) // 2]
    assert read_file(truncated, "cut.pdf").refusals[0].code == "pdf_broken"


def test_pdf_without_text_layer_is_refused(blank_pdf: bytes) -> None:
    refusal = read_file(blank_pdf, "scan.pdf").refusals[0]
    assert refusal.code == "pdf_no_text"
    assert "OCR" in refusal.message


def test_password_protected_pdf_is_refused(encrypted_pdf: bytes) -> None:
    assert read_file(encrypted_pdf, "secret.pdf").refusals[0].code == "pdf_encrypted"


def test_slow_pdf_is_stopped_at_the_time_bound(embassy_pdf: bytes) -> None:
    with pytest.raises(IngestError) as caught:
        extract_pdf_text(embassy_pdf, timeout=0.001)
    assert caught.value.code == "pdf_timeout"


def test_pdf_over_the_memory_bound_is_refused(embassy_pdf: bytes) -> None:
    with pytest.raises(IngestError) as caught:
        extract_pdf_text(embassy_pdf, max_memory=20 * 1024 * 1024)
    assert caught.value.code == "pdf_broken"


def test_real_upload_over_fifty_megabytes_is_refused_at_once() -> None:
    started = time.perf_counter()
    refusal = read_file(b"K" * (MAX_FILE_BYTES + 1), "huge.txt").refusals[0]
    assert refusal.code == "too_large"
    assert "50 MB" in refusal.message
    assert time.perf_counter() - started < 1


def test_file_on_disk_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"Kabul " * 1000)
    assert read_path(path, max_bytes=5000).refusals[0].code == "too_large"
    assert read_path(path).articles[0].text.startswith("Kabul Kabul")


def test_missing_file_is_refused_as_unreadable(tmp_path: Path) -> None:
    assert read_path(tmp_path / "gone.txt").refusals[0].code == "unreadable"


@pytest.mark.slow
def test_one_line_of_fifty_megabytes_is_read_quickly() -> None:
    data = b"Embassy in Kabul " * (50_000_000 // 17)
    started = time.perf_counter()
    article = read_file(data, "oneline.txt").articles[0]
    assert time.perf_counter() - started < 10
    assert len(article.text) == len(data) - 1  # the trailing space is stripped
    assert article.title == "Embassy in Kabul Embassy in Kabul Embassy in Kabul Embassy in Kabul…"


def _visible(payload: str) -> str:
    kept = "".join(char for char in payload if char in "\t\n" or (char >= " " and char != "\x7f"))
    return " ".join(kept.split())


def test_xss_payloads_in_text_file_stay_plain_text() -> None:
    article = read_file("\n\n".join(XSS).encode(), "xss.txt").articles[0]
    flat = " ".join(article.text.split())
    assert "<SCRIPT>alert(String.fromCharCode(88,83,83))</SCRIPT>" in flat
    for payload in XSS:
        assert _visible(payload) in flat


def test_escaped_xss_payloads_in_html_come_out_as_text() -> None:
    page = "".join(f"<p>{html.escape(payload)}</p>" for payload in XSS)
    article = read_file(page.encode(), "xss.html").articles[0]
    paragraphs = article.text.split("\n\n")
    assert paragraphs == [_visible(payload) for payload in XSS if _visible(payload)]


def test_raw_xss_markup_in_html_is_not_text() -> None:
    result = read_file(("<p>Kabul</p>" + "".join(XSS)).encode(), "raw.html")
    assert result.refusals == ()
    text = result.articles[0].text
    assert text.startswith("Kabul")
    assert "alert(String.fromCharCode(88,83,83))" not in text  # inside <SCRIPT>, which is dropped


def test_batch_of_bad_files_and_three_good_ones(embassy_pdf: bytes, blank_pdf: bytes) -> None:
    good = {
        SAMPLE.name: SAMPLE.read_bytes(),
        "kabul.pdf": embassy_pdf,
        "feed.jsonl": b'{"title": "Doha", "text": "Talks in Doha."}\n{"text": "Kabul fell."}',
    }
    bad = {f"{name}-{case.filename}": case.build() for name, case in CASES.items() if case.code}
    bad["scan.pdf"] = blank_pdf
    results = {
        name: read_file(data, name, max_bytes=5 * 1024 * 1024) for name, data in {**bad, **good}.items()
    }
    assert all(result.articles == () and result.refusals for name, result in results.items() if name in bad)
    assert "Kandahar" in results[SAMPLE.name].articles[0].text
    assert "Doha" in results["kabul.pdf"].articles[0].text
    assert [a.title for a in results["feed.jsonl"].articles] == ["Doha", "Kabul fell."]
