"""Ingest throughput: raw spaCy, the full pipeline on one core, 2 worker processes, Dask; roles overhead.

Run from the project root: ``python bench/bench_ingest.py [--limit N] [--workers 2] [--part roles|neardup]``.

Texts come from the shared benchmark corpora (LGL, GeoWebNews) through ``/work/shared/bench/loaders.py``
and are written as temporary .jsonl bundles under /tmp, never into the repository. Every timing is of
warm workers (model and gazetteer loaded); start-up costs are reported on their own. Each ingest goes
into a fresh temporary database, so all of them do the same work.

The 2 cores are shared with other work, which skews wall-clock figures by tens of percent from one
run to the next. So the table also gives CPU seconds per article (of this process and its workers)
and, for the roles overhead, interleaves the three single-process runs chunk by chunk and splits the
CPU time of the full run by where it was spent; that split needs no quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from diplomap.geoparse import Geoparser
from diplomap.ingest import (
    ArticleEvents,
    Batch,
    DaskRunner,
    InProcess,
    Outcome,
    ProcessPool,
    Runner,
    find_files,
    ingest,
    worker_pipeline,
)
from diplomap.service import reread_articles
from diplomap.store import Store

SHARED_BENCH = Path(os.environ.get("DIPLOMAP_SHARED_BENCH", "/work/shared/bench"))
GOAL_SPEEDUP, GOAL_GEOPARSE_VS_RAW, GOAL_ROLES_OVERHEAD = 1.8, 0.8, 0.30


@dataclass(frozen=True, slots=True)
class Timing:
    label: str
    articles: int
    words: int
    seconds: float
    cpu_seconds: float = 0.0  # this process and all its descendants (workers), user + system
    processes: int = 1  # worker processes doing the NLP

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds

    @property
    def words_per_cpu_s(self) -> float:
        return self.words / self.cpu_seconds


def corpus_texts(name: str, limit: int | None) -> list[str]:
    sys.path.insert(0, str(SHARED_BENCH))
    import loaders  # the shared benchmark's own loader; its texts stay outside the repository

    load = loaders.LOADERS[name]
    docs = load(None, geonames_only=True) if name == "GeoWebNews" else load(None)
    texts = [text for _doc_id, text, _toponyms in docs if text.strip()]
    return texts[:limit] if limit else texts


def write_bundle(texts: list[str], folder: Path, name: str) -> Path:
    path = folder / f"{name}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n, text in enumerate(texts):
            out.write(json.dumps({"title": f"{name} {n}", "text": text}, ensure_ascii=False) + "\n")
    return path


def words(texts: Iterable[str]) -> int:
    return sum(len(text.split()) for text in texts)


def cpu_seconds() -> float:
    """CPU time of this process and every live descendant (Linux /proc), so workers count too."""
    tick = os.sysconf("SC_CLK_TCK")
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)  # ppid, cpu
    children: dict[int, list[int]] = {}
    for pid, (ppid, _cpu) in stats.items():
        children.setdefault(ppid, []).append(pid)
    todo, total = list(children.get(os.getpid(), [])), time.process_time()
    while todo:
        pid = todo.pop()
        total += stats[pid][1]
        todo.extend(children.get(pid, []))
    return total


def timed(label: str, texts: list[str], work: Callable[[], object]) -> Timing:
    started, cpu = time.perf_counter(), cpu_seconds()
    work()
    return Timing(label, len(texts), words(texts), time.perf_counter() - started, cpu_seconds() - cpu)


def timed_ingest(label: str, bundle: Path, runner: Runner, folder: Path, *, processes: int = 1) -> Timing:
    db = folder / f"{label.replace(' ', '-')}.db"
    cpu = cpu_seconds()
    with Store.open(db) as store:
        summary = ingest(find_files([bundle]), store, runner)
    assert summary.added and not summary.refused, (label, summary)
    return Timing(label, summary.added, summary.words, summary.elapsed, cpu_seconds() - cpu, processes)


class Recording:
    """Passes batches to ``runner`` and keeps what came back, for ``Precomputed``."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self.found: dict[str, ArticleEvents] = {}

    def run(self, batches: Iterable[Batch]) -> Iterator[Outcome]:
        for batch, found in self.runner.run(batches):
            self.found.update((r.content_hash, r) for r in found)
            yield batch, found


class Precomputed:
    """Answers from events computed earlier: times the parent alone (read, hash, skip-check, write)."""

    def __init__(self, found: dict[str, ArticleEvents]) -> None:
        self.found = found

    def run(self, batches: Iterable[Batch]) -> Iterator[Outcome]:
        for batch in batches:
            yield batch, [self.found[article.content_hash] for article in batch]


def drain(items: Iterable[object]) -> None:
    for _ in items:
        pass


def throughput(
    texts: list[str], bundle: Path, workers: int, folder: Path
) -> tuple[list[Timing], dict[str, float]]:
    # The one-process ingest goes first: it meets every text for the first time, as each worker does
    # (spaCy grows its vocab on first sight, about 10% of the work).
    single = Recording(InProcess())
    rows = [timed_ingest("ingest, 1 process", bundle, single, folder)]
    nlp = worker_pipeline().geoparser.nlp
    rows.insert(
        0, timed("raw nlp.pipe (1 process, warm vocab)", texts, lambda: drain(nlp.pipe(texts, batch_size=32)))
    )

    startup: dict[str, float] = {}
    started = time.perf_counter()
    with ProcessPool(workers) as pool:
        pool.warm_up()
        startup[f"{workers} worker processes"] = time.perf_counter() - started
        rows.append(
            timed_ingest(f"ingest, {workers} worker processes", bundle, pool, folder, processes=workers)
        )
    started = time.perf_counter()
    with DaskRunner("local", workers=workers) as dask:
        dask.warm_up()
        startup[f"Dask LocalCluster, {workers} workers"] = time.perf_counter() - started
        rows.append(
            timed_ingest(
                f"ingest, Dask LocalCluster {workers} workers", bundle, dask, folder, processes=workers
            )
        )

    rows.append(timed_ingest("parent alone (no NLP): read+write", bundle, Precomputed(single.found), folder))
    rows.append(timed_reread("re-read stored articles, 1 process", folder / "ingest,-1-process.db", texts))
    return rows, startup


def timed_reread(label: str, db: Path, texts: list[str]) -> Timing:
    """What the dashboard's "Read them again" and ``cli.py reread`` do after an upgrade, for all."""
    with Store.open(db) as store:
        ids = [a.id for a in store.articles()]
        pipeline = worker_pipeline()
        timing = timed(label, texts, lambda: reread_articles(store, pipeline, ids))
    return Timing(label, len(ids), timing.words, timing.seconds, timing.cpu_seconds)


@dataclass(frozen=True, slots=True)
class Comparison:
    corpus: str
    raw: Timing  # nlp.pipe alone
    geo: Timing  # Geoparser.parse_many
    full: Timing  # Pipeline.read_many: geoparse + roles
    # CPU seconds inside the full runs: spaCy, recognition + resolution, the roles step
    spacy_s: float
    geoparse_s: float
    roles_s: float


class Stopwatch:
    """Adds the CPU time of every call of ``owner.name`` while active (patched, then restored)."""

    def __init__(self, owner: object, name: str) -> None:
        self.owner, self.name, self.seconds = owner, name, 0.0
        self.original = getattr(owner, name)

    def __enter__(self) -> Stopwatch:
        original = self.original

        def timed_call(*args: object, **kwargs: object) -> object:
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += time.process_time() - started

        setattr(self.owner, self.name, timed_call)
        return self

    def __exit__(self, *exc_info: object) -> None:
        setattr(self.owner, self.name, self.original)


def roles_overhead(corpora: dict[str, list[str]], chunk: int = 20) -> list[Comparison]:
    """raw nlp.pipe, geoparse, geoparse + roles over the same texts, interleaved chunk by chunk in
    rotating order, so a neighbour's burst slows all three alike instead of one whole pass. The
    full runs also time their own parts, which no neighbour can skew: both sides share one window."""
    import diplomap.geoparse as geoparse_module
    from diplomap.pipeline import Pipeline

    pipeline = worker_pipeline()
    nlp, geoparser = pipeline.geoparser.nlp, Geoparser(pipeline.geoparser.nlp, pipeline.gazetteer)
    methods: list[Callable[[list[str]], object]] = [
        lambda texts: drain(nlp.pipe(texts, batch_size=32)),
        lambda texts: drain(geoparser.parse_many(texts)),
        lambda texts: drain(pipeline.read_many(_articles(texts))),
    ]
    out = []
    for name, texts in corpora.items():
        wall, cpu = [0.0] * 3, [0.0] * 3
        with (
            Stopwatch(Pipeline, "read_parsed") as roles,
            Stopwatch(geoparse_module, "extract_mentions") as recognise,
            Stopwatch(geoparse_module, "resolve_mentions") as resolve,
        ):
            for n, start in enumerate(range(0, len(texts), chunk)):
                piece = texts[start : start + chunk]
                for k in (n % 3, (n + 1) % 3, (n + 2) % 3):
                    started, cpu_started = time.perf_counter(), time.process_time()
                    methods[k](piece)
                    wall[k] += time.perf_counter() - started
                    cpu[k] += time.process_time() - cpu_started
        labels = ("raw nlp.pipe", "geoparse", "geoparse + roles")
        raw, geo, full = (Timing(labels[k], len(texts), words(texts), wall[k], cpu[k]) for k in range(3))
        # recognise/resolve ran in both geoparse and full runs; the full run had the same texts, so half.
        geoparse_s = (recognise.seconds + resolve.seconds) / 2
        spacy_s = full.cpu_seconds - roles.seconds - geoparse_s
        out.append(Comparison(name, raw, geo, full, spacy_s, geoparse_s, roles.seconds))
    return out


def neardup_overhead(corpora: dict[str, list[str]], chunk: int = 20) -> list[str]:
    """CPU time of the near-duplicate signature beside reading the same texts, chunk by chunk."""
    from diplomap import neardup

    pipeline = worker_pipeline()
    lines = ["| corpus | reading, CPU s | signatures, CPU s | signatures ÷ reading |", "|---|---:|---:|---:|"]
    for name, texts in corpora.items():
        read_s = sign_s = 0.0
        for start in range(0, len(texts), chunk):
            piece = texts[start : start + chunk]
            started = time.process_time()
            drain(pipeline.read_many(_articles(piece)))
            read_s += time.process_time() - started
            started = time.process_time()
            drain(neardup.signature(text) for text in piece)
            sign_s += time.process_time() - started
        lines.append(f"| {name} | {read_s:.1f} | {sign_s:.2f} | {sign_s / read_s:.1%} |")
    return lines


def _articles(texts: list[str]) -> Iterator:
    from extraction.reader import content_hash
    from extraction.types import Article

    for n, text in enumerate(texts):
        yield Article(
            text=text, title=str(n), published=None, source="bench", content_hash=content_hash(text)
        )


def report_throughput(rows: list[Timing], startup: dict[str, float]) -> list[str]:
    single = next(r for r in rows if r.label == "ingest, 1 process")
    cores = os.cpu_count() or 1
    lines = [
        "| LGL run | articles | s | articles/s | words/s | × 1 process | CPU s/article "
        "| × 1 process on free cores (est.) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratio = r.articles_per_s / single.articles_per_s
        cpu = r.cpu_seconds / r.articles
        # Were the cores ours alone: workers × (one process's CPU per article / this run's).
        free = f"{min(r.processes, cores) * single.cpu_seconds / single.articles / cpu:.2f}"
        free = free if r.label.startswith(("ingest", "re-read")) else "—"
        lines.append(
            f"| {r.label} | {r.articles} | {r.seconds:.1f} | {r.articles_per_s:.1f} | "
            f"{r.words_per_s:,.0f} | {ratio:.2f} | {cpu:.3f} | {free} |"
        )
    lines += ["", "Start-up (not in the timings above):"]
    lines += [
        f"- {name}: {seconds:.1f} s to start and load the model in every worker"
        for name, seconds in startup.items()
    ]
    return lines


def report_roles(roles: list[Comparison]) -> list[str]:
    lines = [
        "Single process. Interleaved runs: words per wall second (per CPU second in brackets). Parts:",
        "the CPU seconds inside the geoparse + roles runs, split by where they were spent.",
        "",
        "| corpus | raw nlp.pipe | geoparse | geoparse + roles | geoparse/raw (goal ≥ 0.8) "
        "| roles overhead (goal ≤ 30%) | parts: spaCy+glue / recognise+resolve / roles, s "
        "| parts: geoparse/raw | parts: roles overhead |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for c in roles:
        cells = [f"{t.words_per_s:,.0f} ({t.words_per_cpu_s:,.0f})" for t in (c.raw, c.geo, c.full)]
        overhead = c.full.seconds / c.geo.seconds - 1
        ratio = c.geo.words_per_s / c.raw.words_per_s
        geoparse_total = c.spacy_s + c.geoparse_s
        parts = f"{c.spacy_s:.1f} / {c.geoparse_s:.1f} / {c.roles_s:.1f}"
        lines.append(
            f"| {c.corpus} ({c.raw.articles} docs) | {' | '.join(cells)} | {ratio:.2f} | {overhead:+.0%} "
            f"| {parts} | {c.spacy_s / geoparse_total:.2f} | {c.roles_s / geoparse_total:+.0%} |"
        )
    return lines


def extrapolate(rows: list[Timing], workers: int, words_per_article: float) -> str:
    """1M articles on N machines like this one: as measured (shared, busy) and on free cores."""
    dask = next(r for r in rows if r.label.startswith("ingest, Dask"))
    parent = next(r for r in rows if r.label.startswith("parent alone"))
    cores = os.cpu_count() or 1
    free = cores * dask.articles / dask.cpu_seconds  # every core busy with our workers only
    lines = [
        "",
        f"1,000,000 articles of {words_per_article:.0f} words (the LGL mean) on N machines like this one "
        f"({cores} cores, {workers} Dask workers each). 'Measured' is this run's wall-clock rate "
        f"({dask.articles_per_s:.1f} articles/s per machine); 'free cores' is {cores} cores / "
        f"{dask.cpu_seconds / dask.articles:.3f} CPU s per article = {free:.1f} articles/s per machine. "
        "Scaling is taken as linear in machines up to the single writer's ceiling "
        f"({parent.articles_per_s:,.0f} articles/s: reading, hashing, skip-check and SQLite writes alone).",
        "",
        "| machines | measured: articles/s | hours | free cores: articles/s | hours |",
        "|---:|---:|---:|---:|---:|",
    ]
    for machines in (1, 4, 16, 64):
        busy = min(dask.articles_per_s * machines, parent.articles_per_s)
        idle = min(free * machines, parent.articles_per_s)
        hours = [1e6 / rate / 3600 for rate in (busy, idle)]
        lines.append(f"| {machines} | {busy:,.0f} | {hours[0]:,.1f} | {idle:,.0f} | {hours[1]:,.1f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N texts of each corpus")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--part", choices=("all", "throughput", "roles", "neardup"), default="all")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="diplomap-bench-ingest-", dir="/tmp"))
    try:
        lgl, gwn = corpus_texts("LGL", args.limit), corpus_texts("GeoWebNews", args.limit)
        worker_pipeline()
        print(f"Command: `python bench/bench_ingest.py {' '.join(sys.argv[1:])}`  ")
        print(f"Machine: {os.cpu_count()} cores; load average at the start {os.getloadavg()[0]:.1f}\n")
        if args.part in ("all", "throughput"):
            rows, startup = throughput(lgl, write_bundle(lgl, folder, "lgl"), args.workers, folder)
            print("\n".join(report_throughput(rows, startup)))
            print(extrapolate(rows, args.workers, words(lgl) / len(lgl)), "\n")
        if args.part in ("all", "roles"):
            drain(worker_pipeline().read_many(_articles(lgl + gwn)))  # every text seen once: a warm vocab
            print("\n".join(report_roles(roles_overhead({"LGL": lgl, "GeoWebNews": gwn}))))
        if args.part in ("all", "neardup"):
            print("\n".join(neardup_overhead({"LGL": lgl, "GeoWebNews": gwn})), "\n")
        print(f"\nLoad average at the end {os.getloadavg()[0]:.1f} (2 cores shared with other work)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
