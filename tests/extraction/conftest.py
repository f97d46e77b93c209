"""Real PDF files for the reader tests, built in memory: one written by hand with a Helvetica text
layer and a correct xref table, and others written by pypdf."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from pypdf import PdfWriter

PdfMaker = Callable[[list[str]], bytes]


def _pdf_string(line: str) -> str:
    return "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds these lines, in Helvetica."""
    operators = [
        "BT",
        "/F1 12 Tf",
        "72 720 Td",
        "14 TL",
        *(f"{_pdf_string(line)} Tj T*" for line in lines),
        "ET",
    ]
    content = "\n".join(operators).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def make_pdf() -> PdfMaker:
    return text_pdf


@pytest.fixture(scope="session")
def embassy_pdf() -> bytes:
    return text_pdf(
        [
            "Embassy in Kabul suspends operations",
            "date 2021-08-15",
            "The embassy in Kabul suspended operations and staff left for Doha.",
        ]
    )


@pytest.fixture(scope="session")
def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    return _written(writer)


@pytest.fixture(scope="session")
def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    return _written(writer)
