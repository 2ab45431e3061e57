"""`ingest`: articles from files into the event database, in parallel, resumably.

The parent reads articles, drops those already stored (by content hash or
url), hands the rest to workers (local processes or a Dask cluster), and
writes results back *in input order*, one transaction per batch: a document,
its entities, quotes, reports and the re-merged events commit together, so a
kill leaves whole documents only and the next run carries on where it stopped.
"""
from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from rasd.io.decode import DEFAULT_MAX_MB
from rasd.io.readers import Article, iter_articles
from rasd.store.engine import open_store
from rasd.store.merge import Actors
from rasd.store.workers import Job, content_hash, extract_chunk, init_pool_worker, init_worker
from rasd.store.writer import failure_hash, known, write_batch


@dataclass
class Summary:
    """What an ingest did."""

    seen: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    reports: int = 0
    events_written: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.seen / self.seconds if self.seconds else 0.0


Progress = Callable[[Summary], None]


def _chunks(it: Iterable, n: int) -> Iterator[list]:
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) >= n:
            yield buf
            buf = []
    if buf:
        yield buf


class _Local:
    """Extraction in this process (jobs=1) or a pool of worker processes."""

    def __init__(self, jobs: int, knowledge: tuple[str, ...]) -> None:
        self.knowledge = knowledge
        self.pool = None
        if jobs > 1:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            # forkserver: workers start from a clean process, not a fork of one
            # holding database connections and a progress-bar thread.
            method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
            self.pool = ProcessPoolExecutor(jobs, mp_context=mp.get_context(method), initializer=init_pool_worker, initargs=(knowledge,))
        else:
            init_worker(knowledge)

    def submit(self, jobs: list[Job]):
        if self.pool is None:
            return extract_chunk(jobs, self.knowledge)
        return self.pool.submit(extract_chunk, jobs, self.knowledge)

    @staticmethod
    def result(fut) -> list[dict]:
        return fut if isinstance(fut, list) else fut.result()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


class _Dask:
    """Extraction on a Dask distributed cluster."""

    def __init__(self, address: str, knowledge: tuple[str, ...]) -> None:
        from rasd.errors import StorageError

        try:
            _reachable(address)
            from distributed import Client

            self.client = Client(address, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise StorageError("E505", address=address, detail=str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
        self.knowledge = knowledge

    def submit(self, jobs: list[Job]):
        return self.client.submit(extract_chunk, jobs, self.knowledge, pure=False)

    @staticmethod
    def result(fut) -> list[dict]:
        return fut if isinstance(fut, list) else fut.result()

    def close(self) -> None:
        self.client.close()


class _Checkpointer:
    """SQLite: copies the write-ahead log into the database from a thread of its own.

    A checkpoint mostly waits on the disk (fsync); run by the connection that
    commits, after every batch, it was a sixth of a late ingest.  Here the
    next batch is merged meanwhile (sqlite3 lets go of the GIL while it waits).
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.wake = threading.Event()
        self.done = False
        self.thread = threading.Thread(target=self._run, name="rasd-checkpoint", daemon=True)
        self.thread.start()

    # Frames (pages) in the log past which the next checkpoint waits for the
    # writer: passive ones never catch up with a writer that commits again
    # at once, so without this the log would hold the whole ingest.
    RESTART_FRAMES = 16384

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, timeout=60)
        try:
            while not self.done:
                self.wake.wait()
                self.wake.clear()
                try:
                    _, frames, _ = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                    if frames > self.RESTART_FRAMES:
                        # Copies what is left, then the next writer starts the log again.
                        conn.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
                except sqlite3.Error:
                    pass  # best effort: a busy or locked database is checkpointed next time
        finally:
            conn.close()

    def close(self) -> None:
        self.done = True
        self.wake.set()
        self.thread.join()


def _checkpointer(engine) -> _Checkpointer | None:
    db = engine.url.database
    if engine.dialect.name != "sqlite" or not db or db == ":memory:" or engine.url.query.get("mode") == "memory":
        return None
    return _Checkpointer(db)


def _reachable(address: str) -> None:
    """Fail fast (OSError) when a tcp:// scheduler refuses connections."""
    import socket
    from urllib.parse import urlsplit

    if address.startswith("tcp://"):
        u = urlsplit(address)
        socket.create_connection((u.hostname or "localhost", u.port or 8786), timeout=5).close()


def _job(seq: int, art: Article, default_published: str | None) -> tuple[Job | None, dict | None]:
    """A job for an article, or a failed result when it cannot even be extracted."""
    meta = {"id": art.id, "path": art.path, "url": art.url, "title": art.title, "outlet": art.outlet}
    if art.error is not None:
        err = str(art.error)
        return None, {**meta, "seq": seq, "ok": False, "code": getattr(art.error, "code", None), "error": err,
                      "content_hash": failure_hash(art.path, art.id, err), "text": art.text or ""}
    published = art.published or default_published
    if published:
        from rasd.errors import InputError
        from rasd.pipeline import parse_date

        try:
            published = parse_date(published).isoformat()
        except InputError as exc:
            return None, {**meta, "seq": seq, "ok": False, "code": exc.code, "error": str(exc),
                          "content_hash": content_hash(art.text), "text": art.text}
    return Job(seq, content_hash(art.text), art.id, art.text, published, art.title, art.outlet, art.url, art.path), None


def ingest(
    paths: Iterable[str],
    db: str | None = None,
    *,
    jobs: int | None = None,
    dask: str | None = None,
    published: str | None = None,
    knowledge: Iterable[str] = (),
    max_mb: float = DEFAULT_MAX_MB,
    batch_size: int = 200,
    chunk_size: int = 16,
    commit_seconds: float = 2.0,
    progress: Progress | None = None,
) -> Summary:
    """Ingest articles from `paths` into the database at `db`; returns a summary."""
    from rasd.knowledge import load

    engine = open_store(db, create=True)
    checkpoints = _checkpointer(engine)
    knowledge = tuple(str(k) for k in knowledge)
    actors = Actors(load(knowledge).actors)
    jobs = jobs or os.cpu_count() or 1
    backend = _Dask(dask, knowledge) if dask else _Local(jobs, knowledge)
    # Deep enough that workers keep busy while the parent writes a batch.
    in_flight = max(2, jobs * 24) if not dask else 32
    summary = Summary()
    started = time.perf_counter()
    pending: deque = deque()  # (futures-or-results, {seq: meta}) in input order
    done: list[dict] = []
    last_commit = time.perf_counter()
    seen_hashes: set[str] = set()  # this run's, for duplicates inside the input
    seen_urls: set[str] = set()

    def flush() -> None:
        nonlocal last_commit
        if not done:
            return
        done.sort(key=lambda d: d["seq"])
        with engine.begin() as conn:
            if checkpoints:
                conn.exec_driver_sql("PRAGMA wal_autocheckpoint=0")  # the checkpoint thread's job
                conn.exec_driver_sql("PRAGMA journal_size_limit=67108864")  # the log file shrinks back when restarted
            counts = write_batch(conn, done, actors)
        if checkpoints:
            checkpoints.wake.set()
        summary.stored += counts["ok"]
        summary.failed += counts["failed"]
        summary.reports += counts["reports"]
        summary.events_written += counts["events"]
        summary.errors += [d["error"] for d in done if not d["ok"]]
        done.clear()
        last_commit = time.perf_counter()

    def drain(limit: int) -> None:
        while len(pending) > limit:
            fut, metas = pending.popleft()
            for res in backend.result(fut):
                meta = metas[res["seq"]]
                done.append({**meta, **res})
            if len(done) >= batch_size or time.perf_counter() - last_commit > commit_seconds:
                flush()
            summary.seconds = time.perf_counter() - started
            if progress:
                progress(summary)

    try:
        for block in _chunks(enumerate(iter_articles(paths, max_mb=max_mb)), 256):
            prepared = [(seq,) + _job(seq, art, published) for seq, art in block]
            hashes = [j.content_hash if j else r["content_hash"] for _, j, r in prepared]
            urls = [(j.url if j else r.get("url")) for _, j, r in prepared]
            with engine.connect() as conn:
                got_h, got_u = known(conn, hashes, urls)
            jobs_now: list[Job] = []
            for (seq, job, failed), h, u in zip(prepared, hashes, urls):
                summary.seen += 1
                if h in got_h or h in seen_hashes or (u and (u in got_u or u in seen_urls)):
                    summary.skipped += 1
                    continue
                seen_hashes.add(h)
                if u:
                    seen_urls.add(u)
                if failed is not None:
                    # Queued like a finished task so that writes keep input order.
                    pending.append(([{k: failed[k] for k in ("seq", "ok", "code", "error")}], {seq: failed}))
                    continue
                jobs_now.append(job)
            for chunk in _chunks(jobs_now, chunk_size):
                metas = {j.seq: {"content_hash": j.content_hash, "id": j.id, "path": j.path, "url": j.url,
                                 "title": j.title, "outlet": j.outlet, "published": j.published, "text": j.text}
                         for j in chunk}
                pending.append((backend.submit(chunk), metas))
                drain(in_flight)
            if not jobs_now:
                drain(in_flight)
        drain(0)
        flush()
    finally:
        backend.close()
        if checkpoints:
            checkpoints.close()
        engine.dispose()
    summary.seconds = time.perf_counter() - started
    if progress:
        progress(summary)
    return summary
