"""Bulk ingest: files, folders and .jsonl bundles into the store, on one core, a process pool or Dask.

The parent process reads the files, skips every article the store already holds (by content hash,
before any NLP, so a re-run is cheap), sends batches of new articles to the workers and is the
only writer of the SQLite file. Workers load the spaCy model and the gazetteer once per process and
return plain ``PlaceEvent``s. Each article is committed on its own (``Store.add_article``) before
it is counted, so a run killed at any moment loses nothing it reported, and the next run resumes.
An article the pipeline fails on is refused (``processing_failed``) and not stored, so the next
run tries it again.

Pointing ``--dask`` at a real cluster (``python cli.py ingest DIR --dask tcp://scheduler:8786``):

- every worker machine needs this project (the same commit) and the same venv, and each worker starts in the
  project root (or has it on ``PYTHONPATH``) so ``diplomap.ingest`` imports;
- each machine needs the gazetteer cache once: ``python -c "from geo.gazetteer import Gazetteer;
  Gazetteer.load()"``, or set ``DIPLOMAP_CACHE_DIR`` on every worker to a shared directory holding it
  (otherwise the first task on each machine builds it, which takes minutes);
- start workers with one thread each (``dask worker tcp://scheduler:8786 --nthreads 1 --nworkers
  <cores>``): spaCy is CPU-bound Python, so threads share one core and a model per process is the unit;
- the parent (where ``cli.py`` runs) writes the database, so ``--db`` is a local path there.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, ExitStack, nullcontext
from dataclasses import dataclass, field, replace
from functools import cache
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from diplomap import neardup
from diplomap.errors import IngestError
from diplomap.events import PlaceEvent
from diplomap.pipeline import Override
from diplomap.reading import reading_version
from diplomap.store import Store
from extraction.reader import Refusal, read_path
from extraction.types import Article
from geo.gazetteer_build import normalize_name

if TYPE_CHECKING:  # imported where it runs: the parent never needs spaCy when workers do the NLP
    from diplomap.pipeline import Pipeline
    from diplomap.service import RereadOutcome

BATCH_SIZE = 16  # articles per task: big enough for nlp.pipe batching, small enough to spread the load
IN_FLIGHT_PER_WORKER = 2  # batches queued per worker, so no worker waits while the parent writes
_SINGLE_THREADED = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
_LOAD_LOCK = threading.Lock()
SCHEDULER_HTTP_ADDRESS = "127.0.0.1:0"  # a local cluster's scheduler HTTP routes: loopback, any free port
# Dask's defaults poll every 20-500 ms in each of the five event loops of a local cluster: 0.14 of a
# core when idle, measured here; these intervals halve that and only coarsen diagnostics. Its nanny
# also pins MALLOC_TRIM_THRESHOLD_ to 64 KiB, so glibc hands memory back and faults it in again on
# every spaCy batch: unset, a worker needs about a fifth less CPU per article here.
_CALMER_DASK = {
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


@dataclass(frozen=True, slots=True)
class ArticleEvents:
    """What a worker found in one article; ``error`` says why it could not be read at all."""

    content_hash: str
    events: tuple[PlaceEvent, ...] = ()
    error: str | None = None
    signature: bytes | None = None  # diplomap.neardup's, computed here so the one writer stays fast


@dataclass(frozen=True, slots=True)
class IngestSummary:
    added: int
    duplicates: int  # already stored, or repeated within this run
    refused: tuple[Refusal, ...]
    words: int  # words of the articles read by the pipeline
    elapsed: float  # seconds

    @property
    def words_per_second(self) -> float:
        return self.words / self.elapsed if self.elapsed > 0 else 0.0

    def refused_by_code(self) -> dict[str, int]:
        return dict(Counter(r.code for r in self.refused).most_common())


@dataclass
class Progress:
    """Running counts, updated only after the store has committed what they count."""

    added: int = 0
    duplicates: int = 0
    words: int = 0
    refused: list[Refusal] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    @property
    def done(self) -> int:
        """Articles dealt with: stored now or before (refusals count files and records, not articles)."""
        return self.added + self.duplicates

    def summary(self) -> IngestSummary:
        elapsed = time.perf_counter() - self.started
        return IngestSummary(self.added, self.duplicates, tuple(self.refused), self.words, elapsed)


# -- the work each worker does --------------------------------------------------------------------


def worker_pipeline() -> Pipeline:
    """This process's pipeline, loaded on first use (a Dask worker or pool process keeps it)."""
    with _LOAD_LOCK:  # a Dask worker with several threads must not load the model twice at once
        return _load_pipeline()


@cache
def _load_pipeline() -> Pipeline:
    from diplomap.pipeline import Pipeline
    from extraction.nlp import load_pipeline
    from geo.gazetteer import Gazetteer

    return Pipeline(load_pipeline(), Gazetteer.load())


def warm_worker() -> None:
    """Pool initializer: load the model before the first batch arrives."""
    worker_pipeline()


def _loaded_pid() -> int:
    worker_pipeline()
    time.sleep(0.2)  # hold this worker briefly, so the other probes reach the other workers
    return os.getpid()


def events_for_batch(articles: Sequence[Article]) -> list[ArticleEvents]:
    """Located events of each article, in order. Runs in a worker; returns plain picklable values."""
    from diplomap.pipeline import to_events

    pipeline = worker_pipeline()
    try:
        return [
            ArticleEvents(
                article.content_hash,
                tuple(to_events(reading, article, 0, pipeline.gazetteer)),
                signature=neardup.signature(article.text),
            )
            for article, reading in pipeline.read_many(articles)
        ]
    except Exception:  # one text that breaks the pipeline must not cost its neighbours
        return [_events_alone(pipeline, article) for article in articles]


def _events_alone(pipeline: Pipeline, article: Article) -> ArticleEvents:

    try:
        events = tuple(pipeline.events(article))
        return ArticleEvents(article.content_hash, events, signature=neardup.signature(article.text))
    except Exception as exc:  # the worker boundary: report it as a refusal, keep going
        return ArticleEvents(article.content_hash, error=f"{type(exc).__name__}: {exc}")


# -- runners: where the batches are processed -----------------------------------------------------

Batch = list[Article]
Outcome = tuple[Batch, list[ArticleEvents]]


class Runner(Protocol):
    def run(self, batches: Iterable[Batch]) -> Iterator[Outcome]: ...


class InProcess:
    """Every batch in this process (``--workers 1``): no start-up cost, one core."""

    def run(self, batches: Iterable[Batch]) -> Iterator[Outcome]:
        for batch in batches:
            yield batch, events_for_batch(batch)


class ProcessPool(AbstractContextManager["ProcessPool"]):
    """``workers`` spawned processes, each with its own model; results come back as they finish."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._env = _SingleThreadedEnv()
        self._pool = cf.ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=warm_worker)

    def run(self, batches: Iterable[Batch]) -> Iterator[Outcome]:
        def submit(batch: Batch) -> cf.Future[list[ArticleEvents]]:
            return self._pool.submit(events_for_batch, batch)

        try:
            yield from _bounded(submit, _wait_first, batches, self.workers * IN_FLIGHT_PER_WORKER)
        except BrokenProcessPool as exc:
            raise IngestError(
                "workers_lost", "A worker process died; run the same command again to resume."
            ) from exc

    def warm_up(self) -> None:
        """Return once every worker has loaded its model (a benchmark times the work, not the start)."""
        seen: set[int] = set()
        while len(seen) < self.workers:
            seen.update(f.result() for f in [self._pool.submit(_loaded_pid) for _ in range(self.workers)])

    def __exit__(self, *exc_info: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._env.close()


class DaskRunner(AbstractContextManager["DaskRunner"]):
    """Batches on a Dask cluster: ``"local"`` starts one on this machine, else a scheduler address."""

    def __init__(self, scheduler: str, *, workers: int = 2) -> None:
        import dask
        from distributed import Client, LocalCluster

        with ExitStack() as stack:
            if scheduler == "local":
                stack.enter_context(_SingleThreadedEnv())
                stack.enter_context(dask.config.set(_CALMER_DASK))
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        # No dashboard, yet the scheduler always serves its health and metrics
                        # routes, on 8787 unless told otherwise (with a warning when another
                        # cluster holds it): a free port on loopback instead.
                        scheduler_kwargs={"dashboard_address": SCHEDULER_HTTP_ADDRESS},
                        silence_logs=logging.ERROR,  # its warnings would break the progress bar
                    )
                )
                self.client = stack.enter_context(Client(cluster))
            else:
                try:
                    self.client = stack.enter_context(Client(scheduler, timeout="20s"))
                except (OSError, TimeoutError) as exc:
                    raise IngestError(
                        "dask_unavailable", f"Could not reach the Dask scheduler {scheduler}: {exc}"
                    ) from exc
            self._stack = stack.pop_all()  # success: keep the cluster until __exit__
        self.workers = max(sum(self.client.nthreads().values()), 1)

    def run(self, batches: Iterable[Batch]) -> Iterator[Outcome]:
        from distributed import wait

        def submit(batch: Batch) -> Any:
            return self.client.submit(events_for_batch, batch, pure=False)

        def wait_first(pending: set[Any]) -> set[Any]:
            return set(wait(list(pending), return_when="FIRST_COMPLETED").done)

        yield from _bounded(submit, wait_first, batches, self.workers * IN_FLIGHT_PER_WORKER)

    def warm_up(self) -> None:
        """Return once every worker has loaded its model (a benchmark times the work, not the start)."""
        addresses = list(self.client.nthreads())
        self.client.gather([self.client.submit(warm_worker, workers=[a], pure=False) for a in addresses])

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()


def _bounded(
    submit: Callable[[Batch], Any],
    wait_first: Callable[[set[Any]], set[Any]],
    batches: Iterable[Batch],
    window: int,
) -> Iterator[Outcome]:
    """Keep ``window`` batches in flight and yield each as it finishes, so memory stays flat."""
    pending: dict[Any, Batch] = {}
    source = iter(batches)
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            batch = next(source, None)
            if batch is None:
                exhausted = True
            else:
                pending[submit(batch)] = batch
        if not pending:
            return
        for future in wait_first(set(pending)):
            yield _outcome(pending.pop(future), future)


def _outcome(batch: Batch, future: Any) -> Outcome:
    try:
        return batch, future.result()
    except BrokenProcessPool:
        raise
    except Exception as exc:  # a Dask worker lost or a task that could not run: refuse, keep going
        reason = f"{type(exc).__name__}: {exc}"
        return batch, [ArticleEvents(article.content_hash, error=reason) for article in batch]


def _wait_first(pending: set[cf.Future[Any]]) -> set[cf.Future[Any]]:
    return cf.wait(pending, return_when=cf.FIRST_COMPLETED).done


class _SingleThreadedEnv(AbstractContextManager["_SingleThreadedEnv"]):
    """Workers inherit the environment at spawn: one BLAS thread each, or they fight over the cores."""

    def __init__(self) -> None:
        self._saved = {name: os.environ.get(name) for name in _SINGLE_THREADED}
        os.environ.update({name: os.environ.get(name, value) for name, value in _SINGLE_THREADED.items()})

    def close(self) -> None:
        for name, value in self._saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def make_runner(*, workers: int = 1, dask: str | None = None) -> AbstractContextManager[Runner]:
    """The runner the CLI flags ask for; use it in a ``with`` block."""
    if dask:
        return DaskRunner(dask, workers=max(workers, 2) if dask == "local" else workers)
    if workers > 1:
        return ProcessPool(workers)
    return nullcontext(InProcess())


# -- the parent: read, skip, dispatch, write ------------------------------------------------------


def find_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named, and every file under folders named (recursively, sorted; hidden ones skipped)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root, name) for name in sorted(files) if not name.startswith("."))
        elif path.is_file():
            found.append(path)
        else:
            raise IngestError("not_found", f"There is no file or folder {str(path)!r}.", filename=str(path))
    return found


def ingest(
    files: Iterable[Path],
    store: Store,
    runner: Runner,
    *,
    batch_size: int = BATCH_SIZE,
    on_progress: Callable[[Progress], None] | None = None,
    override: Override | None = None,
) -> IngestSummary:
    """Read, geoparse and store every new article in ``files``; a killed run resumes where it stopped.

    ``override`` (a person's corrections, e.g. ``GeoCache.get_override``) is applied here, in the one
    writing process, so workers on other machines need no access to the corrections file."""
    progress = Progress()
    in_flight: set[str] = set()
    notify = on_progress or (lambda _progress: None)

    def new_articles() -> Iterator[Article]:
        for path in files:
            result = read_path(path)
            progress.refused.extend(replace(refusal, filename=str(path)) for refusal in result.refusals)
            for article in result.articles:
                if article.content_hash in in_flight or store.has_article(article.content_hash):
                    progress.duplicates += 1
                else:
                    in_flight.add(article.content_hash)
                    yield article
            notify(progress)

    for batch, found in runner.run(_batched(new_articles(), batch_size)):
        if override is not None:
            found = [
                replace(o, events=tuple(apply_overrides(o.events, override))) if o.error is None else o
                for o in found
            ]
        _store_batch(store, batch, found, progress)  # one commit: from here on the batch survives a kill
        in_flight.difference_update(article.content_hash for article in batch)
        notify(progress)
    if progress.added:
        store.analyze()  # the planner's statistics for the store's new size
    return progress.summary()


def reread(
    store: Store,
    article_ids: Sequence[int],
    runner: Runner,
    *,
    batch_size: int = 16,
    override: Override | None = None,
    on_article: Callable[[], None] | None = None,
) -> list[RereadOutcome]:
    """Stored articles read again on ``runner`` (worker processes, Dask), as the dashboard's
    ``service.reread_articles`` does in its own process: new events, the person's corrections
    replayed, one article at a time so one failure keeps only that article's old events."""
    from diplomap.errors import MapError
    from diplomap.service import RereadOutcome, stored_article

    outcomes: list[RereadOutcome] = []
    stored: dict[int, int] = {}  # id() of an Article sent out -> its article id

    def articles() -> Iterator[Article]:
        for article_id in article_ids:
            try:
                article = stored_article(store, article_id)
            except MapError as exc:  # removed meanwhile
                outcomes.append(RereadOutcome(article_id, error=str(exc)))
                continue
            stored[id(article)] = article_id
            yield article

    for batch, found in runner.run(_batched(articles(), batch_size)):
        for article, outcome in zip(batch, found, strict=True):
            article_id = stored.pop(id(article))
            if outcome.error is not None:
                outcomes.append(RereadOutcome(article_id, article.title, error=outcome.error))
            else:
                events = apply_overrides(outcome.events, override) if override else list(outcome.events)
                try:
                    kept = store.replace_events(
                        article_id, events, reading=reading_version(), signature=outcome.signature
                    )
                except MapError as exc:
                    outcomes.append(RereadOutcome(article_id, article.title, error=str(exc)))
                else:
                    outcomes.append(RereadOutcome(article_id, article.title, len(events), kept))
            if on_article:
                on_article()
    return outcomes


def apply_overrides(events: Sequence[PlaceEvent], override: Override) -> list[PlaceEvent]:
    """Place every event whose mention a person has corrected where they put it."""
    out = []
    for event in events:
        match = override(event.mention_text, None) or override(event.place_name, None)
        if match is not None and event.kind != "area":
            key = f"gn:{match.geonameid}" if match.geonameid else f"name:{normalize_name(match.name)}"
            event = replace(
                event,
                place_name=match.name,
                lat=match.coordinates.lat,
                lon=match.coordinates.lon,
                geonameid=match.geonameid,
                kind=str(match.kind),
                country_code=match.country_code,
                place_key=key,
            )
        out.append(event)
    return out


def _store_batch(
    store: Store, batch: Sequence[Article], found: Sequence[ArticleEvents], progress: Progress
) -> None:
    """A runner's batch in one transaction (one commit, not one per article: the single writer's
    ceiling); the counts move only after the commit, so a kill loses nothing reported done."""
    read = [(a, o) for a, o in zip(batch, found, strict=True) if o.error is None]
    results = store.add_articles([(a, o.events, o.signature) for a, o in read], reading=reading_version())
    for article, outcome in zip(batch, found, strict=True):
        if outcome.error is not None:
            message = f"The article could not be read: {outcome.error}"
            progress.refused.append(Refusal(article.filename, "processing_failed", message))
    for (article, _outcome), result in zip(read, results, strict=True):
        progress.words += len(article.text.split())
        if result.status == "added":
            progress.added += 1
        else:
            progress.duplicates += 1


def _batched(articles: Iterable[Article], size: int) -> Iterator[Batch]:
    batch: Batch = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def format_summary(summary: IngestSummary) -> str:
    """The report printed at the end of ``cli.py ingest``."""
    lines = [
        f"added       {summary.added:>8,}",
        f"duplicates  {summary.duplicates:>8,}",
        f"refused     {len(summary.refused):>8,}",
    ]
    first_of: dict[str, Refusal] = {}
    for refusal in summary.refused:
        first_of.setdefault(refusal.code, refusal)
    for code, count in summary.refused_by_code().items():
        example = first_of[code]
        where = f"{example.filename}" + (f" item {example.item}" if example.item is not None else "")
        lines.append(f"  {code:<20}{count:>6,}   e.g. {where}: {example.message}")
    lines.append(f"elapsed     {summary.elapsed:>8.1f} s")
    lines.append(f"words/s     {summary.words_per_second:>8,.0f}   ({summary.words:,} words read)")
    return "\n".join(lines)
