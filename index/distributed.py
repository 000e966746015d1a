"""Ingest on a Dask cluster: workers read, chunk and embed files; the ingest process only writes.

    kavosh ingest ARCHIVE --workers 4                          # a local Dask cluster of 4 processes
    kavosh ingest ARCHIVE --scheduler tcp://scheduler:8786     # a running cluster (deploy/compose.yaml)

``DaskPreparer`` is one more ``pipeline.workers.Preparer``: the ingest hands it files as it would
to its own worker processes and gets back prepared documents, here with their passages' vectors
already computed by the worker, so the one writer (the embedded store, or a Qdrant server) is the
only central step. Each worker builds the chunker and the embedder once and keeps them.
"""

from __future__ import annotations

import functools
import logging
from concurrent.futures import Future

from index.embedders import Embedder, make_embedder
from pipeline.limits import Limits
from pipeline.prepare import PreparedDocument, prepare_document
from pipeline.types import ReadError
from pipeline.workers import ChunkerSpec, PrepareJob

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=4)
def _worker_chunker(spec: ChunkerSpec):
    return spec.build()


@functools.lru_cache(maxsize=2)
def _worker_embedder(name: str) -> Embedder:
    return make_embedder(name)


def prepare_and_embed(job: PrepareJob, spec: ChunkerSpec, limits: Limits,
                      embedder_name: str | None) -> PreparedDocument:
    """On a worker: read, normalize, chunk and (with an embedder's name) embed one file."""
    prepared = prepare_document(job.path, _worker_chunker(spec), job.data, job.doc_id, limits)
    if embedder_name and prepared.chunks:
        embedder = _worker_embedder(embedder_name)
        prepared.vectors = embedder.embed_passages([chunk.display_text for chunk in prepared.chunks])
    return prepared


class DaskPreparer:
    """Prepares (and embeds) documents on a Dask cluster: a running one, or a local one started here.

    Args:
        spec: how a worker builds the chunker (the embedder's token counter and budgets).
        limits: the per-file limits, as in worker processes.
        embedder_name: the ``KAVOSH_EMBEDDER`` value the workers embed with; None leaves embedding to
            the ingest process.
        scheduler: ``tcp://HOST:8786`` of a running scheduler; None starts a LocalCluster on loopback.
        workers: the LocalCluster's worker processes.
    """

    def __init__(self, spec: ChunkerSpec, limits: Limits, embedder_name: str | None, scheduler: str | None = None,
                 workers: int = 2):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ValueError("Dask ingest needs the cluster extra: pip install 'kavosh[cluster]'") from None
        self.spec, self.limits, self.embedder_name = spec, limits, embedder_name
        self._cluster = None
        if scheduler is None:
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                         host="127.0.0.1", dashboard_address=None)
            scheduler = self._cluster.scheduler_address
        try:
            self._client = Client(scheduler, timeout=30)
        except (OSError, TimeoutError) as error:
            self._close_cluster()
            raise ValueError(f"scheduler: cannot reach the Dask scheduler at {scheduler} ({error})") from None

    def submit(self, job: PrepareJob) -> Future:
        result: Future = Future()
        remote = self._client.submit(prepare_and_embed, job, self.spec, self.limits, self.embedder_name, pure=False)

        def settle(done) -> None:
            try:
                result.set_result(done.result())
            except ReadError as error:
                result.set_exception(error)
            except Exception as error:  # a worker lost or a task killed: that file fails, the ingest goes on
                result.set_exception(ReadError(job.path, f"the Dask worker failed ({type(error).__name__}: {error})"))

        remote.add_done_callback(settle)
        return result

    def close(self) -> None:
        self._client.close()
        self._close_cluster()

    def _close_cluster(self) -> None:
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskPreparer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
