"""The text layer of a PDF, read by pypdf in a child process with a wall-time and a memory bound.

A hostile PDF (a decompression bomb, a cyclic page tree, a parser bug) can hang or exhaust memory
in any PDF library, so the app never parses one in its own process. ``extract_pdf_text`` runs
``python -m extraction.pdftext`` and maps every way the child can fail to an ``IngestError`` code:
``pdf_timeout``, ``pdf_broken``, ``pdf_encrypted`` or ``pdf_no_text``.
"""

from __future__ import annotations

import io
import os
import signal
import struct
import subprocess
import sys
import zlib
from pathlib import Path

from diplomap.errors import IngestError

PDF_TIMEOUT_S = 20.0
PDF_MEMORY_BYTES = 1 << 30
_PROJECT_ROOT = Path(__file__).resolve().parent.parent
_EXIT_BROKEN, _EXIT_ENCRYPTED, _EXIT_MEMORY = 3, 4, 5
_MESSAGES = {
    "pdf_broken": "This PDF is damaged or not a PDF pypdf can read.",
    "pdf_encrypted": "This PDF is password-protected, so its text cannot be read.",
    "pdf_memory": "Reading this PDF needed more memory than allowed, so it was stopped.",
    "pdf_no_text": "This PDF has no text layer (it may be a scan); run OCR on it first.",
}


def extract_pdf_text(
    data: bytes, *, timeout: float = PDF_TIMEOUT_S, max_memory: int = PDF_MEMORY_BYTES
) -> str:
    """The text of every page, pages separated by a blank line. Raises IngestError."""
    command = [sys.executable, "-m", "extraction.pdftext", str(max_memory), str(int(timeout) + 5)]
    python_path = filter(None, (str(_PROJECT_ROOT), os.environ.get("PYTHONPATH")))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(python_path)}
    try:
        done = subprocess.run(
            command, input=data, capture_output=True, timeout=timeout, cwd=_PROJECT_ROOT, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        message = f"Reading this PDF took longer than {timeout:g} s, so it was stopped."
        raise IngestError("pdf_timeout", message) from exc
    except OSError as exc:
        raise IngestError("pdf_broken", f"The PDF reader could not be started ({exc}).") from exc
    if done.returncode != 0:
        raise IngestError(*_failure(done.returncode))
    text = done.stdout.decode("utf-8", errors="replace")
    if not text.strip():
        raise IngestError("pdf_no_text", _MESSAGES["pdf_no_text"])
    return text


def _failure(returncode: int) -> tuple[str, str]:
    """(code, message) for a child that exited with this status."""
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):  # the CPU-time backstop
        return "pdf_timeout", "Reading this PDF used too much processor time, so it was stopped."
    if returncode == _EXIT_ENCRYPTED:
        return "pdf_encrypted", _MESSAGES["pdf_encrypted"]
    if returncode == _EXIT_MEMORY:  # reported as broken: the file cannot be read here
        return "pdf_broken", _MESSAGES["pdf_memory"]
    return "pdf_broken", _MESSAGES["pdf_broken"]


def _limit_resources(max_memory: int, cpu_seconds: int) -> None:
    try:
        import resource
    except ImportError:  # not on POSIX: run without limits rather than not at all
        return
    resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))


class _Encrypted(Exception):
    """The PDF needs a password."""


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise _Encrypted
    return "\n\n".join(page.extract_text() or "" for page in reader.pages)


def _worker(argv: list[str]) -> int:
    """Child process: PDF bytes on stdin, UTF-8 text on stdout, failure as exit status."""
    _limit_resources(int(argv[1]), int(argv[2]))
    try:
        return _read_stdin_pdf()
    except MemoryError:
        return _EXIT_MEMORY


def _read_stdin_pdf() -> int:
    from pypdf.errors import PyPdfError

    try:
        text = _pdf_text(sys.stdin.buffer.read())
    except _Encrypted:
        return _EXIT_ENCRYPTED
    # pypdf lets many foreign errors escape on malformed files; each of these means "broken".
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError,
            RecursionError, OSError, zlib.error, struct.error, OverflowError, ZeroDivisionError,
            NotImplementedError) as exc:  # fmt: skip
        print(f"pdf_broken: {type(exc).__name__}: {exc}", file=sys.stderr)
        return _EXIT_BROKEN
    sys.stdout.buffer.write(text.encode("utf-8", errors="replace"))
    return 0


if __name__ == "__main__":
    sys.exit(_worker(sys.argv))
