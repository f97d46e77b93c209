"""Uploads that finish whatever the page does: files are read in the server, not in the page's session.

The page hands an upload's bytes to the store (``Store.queue_upload``, one transaction) and one
``UploadWorker`` thread per server process reads them, oldest first, writing each file's outcomes
back beside it. The page only watches the batch (``Store.upload_batch``), so closing the tab,
losing the connection or moving a filter mid-batch stops nothing, and a reopened page finds the
batch's progress or its result. A server stopped mid-batch leaves the files in the store: the next
worker on that file takes them up again (``resume``), and the one it was reading is read again —
harmless, since ingest is idempotent by content hash.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import socket
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from diplomap import service
from diplomap.errors import MapError
from diplomap.service import FileOutcome
from diplomap.store import QueuedFile, Store, UploadBatch

if TYPE_CHECKING:
    from diplomap.pipeline import Pipeline

log = logging.getLogger(__name__)
IDLE_POLL_SECONDS = 5.0  # files queued by another process are noticed this late at most


class UploadWorker:
    """Reads the store's queued uploads in one background thread of this process."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.name = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._stopping = False

    def submit(self, files: Sequence[tuple[str, bytes]], pipeline: Pipeline) -> int:
        """Keep ``(filename, bytes)`` pairs in the store and start reading them; returns the batch."""
        batch = self.store.queue_upload(files)
        self.resume(pipeline)
        return batch

    def resume(self, pipeline: Pipeline) -> None:
        """Read whatever is queued (with ``pipeline`` from now on); starts the thread if needed."""
        with self._lock:
            self._pipeline = pipeline
            if self._thread is None or not self._thread.is_alive():
                self._requeue_abandoned()
                self._thread = threading.Thread(target=self._run, name="diplomap-uploads", daemon=True)
                self._thread.start()
        self._wake.set()

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the file being read, then stop (tests; a server just exits)."""
        self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping:
            queued = self.store.claim_upload(self.name)
            if queued is None:
                self._wake.wait(IDLE_POLL_SECONDS)
                self._wake.clear()
                continue
            self.store.finish_upload(queued.id, [dataclasses.asdict(o) for o in self._read(queued)])

    def _read(self, queued: QueuedFile) -> list[FileOutcome]:
        pipeline = self._pipeline
        assert pipeline is not None, "resume() sets the pipeline before the thread starts"
        try:
            outcomes = service.ingest_file(queued.data, queued.filename, store=self.store, pipeline=pipeline)
        except Exception as exc:  # a failure of ours must not stop the rest of the queue
            log.exception("reading %s failed", queued.filename)
            return [FileOutcome(queued.filename, "refused", code="failed", message=f"Reading failed: {exc}")]
        return [self._own_copy(o, queued) for o in outcomes]

    def _own_copy(self, outcome: FileOutcome, queued: QueuedFile) -> FileOutcome:
        """A file read again after its server stopped mid-read finds its own article stored: that
        is "added", not a duplicate of itself (same file name, stored after the file was queued)."""
        if outcome.status != "duplicate" or outcome.article_id is None or outcome.message:
            return outcome  # a message: a near duplicate of another text
        try:
            stored = self.store.article(outcome.article_id)
        except MapError:
            return outcome
        if stored.filename == queued.filename and stored.added_at >= queued.queued_at:
            return dataclasses.replace(outcome, status="added")
        return outcome

    def _requeue_abandoned(self) -> None:
        """Files a stopped worker of this host was reading go back in the queue."""
        host = socket.gethostname()
        gone = {c for c in self.store.upload_claimers() if c and _is_gone(c, host, self.name)}
        self.store.requeue_uploads(gone)


def _is_gone(claimer: str, host: str, me: str) -> bool:
    parts = claimer.split(":")
    if claimer == me or len(parts) != 3 or parts[0] != host or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return True  # an earlier worker object of this process, whose thread has ended
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def batch_outcomes(batch: UploadBatch) -> list[FileOutcome]:
    """Every outcome of a batch, file by file, as ``FileOutcome`` rows."""
    return [FileOutcome(**o) for f in batch.files for o in f.outcomes]
