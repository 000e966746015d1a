"""Ops page: what is indexed (per language and per file), the embedder and store, and uploads to index."""

import tempfile
import time
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from search_api.client import ApiClient, ApiError
from ui.render import markdown_escape
from ui.session import call_api, get_api, get_upload_api, show_api_error

LAST_JOB_KEY = "kavosh_last_job"
POLL_SECONDS = 0.5
JOB_DEADLINE_SECONDS = 30 * 60
FILE_TYPES = ["pdf", "txt", "md", "markdown", "html", "htm"]
LANGUAGE_COLOURS = {"fa": "#2e7d4f", "en": "#2f5fb3"}


def show_overview(stats: dict) -> None:
    languages = stats.get("languages") or {}
    persian, english = languages.get("fa", {}), languages.get("en", {})
    columns = st.columns(4)
    columns[0].metric("Documents", stats.get("documents", 0))
    columns[1].metric("Passages (chunks)", stats.get("chunks", 0))
    for column, label, counts in (
        (columns[2], "Persian docs / chunks", persian),
        (columns[3], "English docs / chunks", english),
    ):
        column.metric(
            label, f"{counts.get('documents', 0)} / {counts.get('chunks', 0)}", help="documents / chunks"
        )

    embedder, store = stats.get("embedder") or {}, stats.get("store") or {}
    st.caption(
        f"**Embedder** {embedder.get('name', '?')} ({embedder.get('dim', '?')} dimensions) · "
        f"**Store** {store.get('backend', '?')}, collection `{store.get('collection', '?')}`"
        + (f" at `{store['location']}`" if store.get("location") else "")
    )


def show_sources(sources: list[dict]) -> None:
    st.subheader("Chunks per file")
    if not sources:
        st.info("Nothing is indexed yet: upload files below, or run `kavosh ingest PATH`.")
        return
    table = pd.DataFrame(sources)
    chart = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X("chunks:Q", title="chunks", axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("source:N", sort="-x", title=None, axis=alt.Axis(labelLimit=360, labelOverlap=False)),
            color=alt.Color(
                "lang:N",
                title="language",
                scale=alt.Scale(domain=list(LANGUAGE_COLOURS), range=list(LANGUAGE_COLOURS.values())),
            ),
            tooltip=["title", "source", "lang", "pages", "chunks"],
        )
        .properties(height=alt.Step(28))
    )
    st.altair_chart(chart, width="stretch")
    with st.expander("All files"):
        columns = [name for name in ("title", "source", "lang", "pages", "chunks", "doc_id") if name in table]
        st.dataframe(table[columns], hide_index=True, width="stretch")


def show_report(report: dict, finished_at: str | None = None) -> None:
    """An ingest report: counts, and each file that failed with its reason."""
    failed = report.get("failed") or []
    columns = st.columns(6)
    columns[0].metric("Files seen", report.get("files_seen", 0))
    columns[1].metric("Indexed", report.get("indexed", 0))
    columns[2].metric("Unchanged", report.get("unchanged", 0))
    columns[3].metric("Failed", len(failed))
    columns[4].metric("Chunks +/−", f"{report.get('chunks_added', 0)} / {report.get('chunks_deleted', 0)}")
    columns[5].metric("Seconds", f"{float(report.get('seconds') or 0):.1f}")
    if finished_at:
        st.caption(f"Finished at {finished_at}")
    show_failed_files(failed)


def show_failed_files(failed: list[dict]) -> None:
    if failed:
        st.table(pd.DataFrame([{"file": item.get("path"), "error": item.get("error")} for item in failed]))


def show_last_ingest(last_ingest: dict | None) -> None:
    st.subheader("Last ingest")
    if not last_ingest:
        st.caption("No ingest has run since this index was made.")
        return
    show_report(last_ingest, last_ingest.get("finished_at"))


def upload_form() -> None:
    st.subheader("Index files")
    with st.form("ingest"):
        files = st.file_uploader(
            "PDF, text, Markdown or HTML files, in Persian or English",
            type=FILE_TYPES,
            accept_multiple_files=True,
        )
        token = st.text_input(
            "API token", type="password", help="The KAVOSH_API_TOKEN the API was started with."
        )
        submitted = st.form_submit_button("Index files", type="primary", icon=":material/upload:")
    if submitted:
        run_ingest(files or [], token.strip())
    job = st.session_state.get(LAST_JOB_KEY)
    if job:
        show_job(job)


def run_ingest(files: list, token: str) -> None:
    """Upload the files, follow the job until it ends, then show its report."""
    if not files:
        st.warning("Choose at least one file to index.")
        return
    if not token:
        st.warning("Enter the API token: uploads need it.")
        return
    with get_upload_api(token) as api:
        job = upload(api, files)
        if job is not None:
            follow_job(api, job, len(files))


def upload(api: ApiClient, files: list) -> dict | None:
    """Send the files (the client reads them from disk, so they go through a temporary folder)."""
    try:
        with tempfile.TemporaryDirectory(prefix="kavosh-upload-") as folder:
            paths = []
            for number, file in enumerate(files):  # one folder each: two files may share a name
                path = Path(folder, str(number), Path(file.name).name)
                path.parent.mkdir()
                path.write_bytes(file.getvalue())
                paths.append(path)
            return api.ingest(paths)
    except ApiError as error:
        if error.status_code == 404:  # the API mounts /ingest only when it has a token
            st.error(
                "This API does not take uploads: start it with `KAVOSH_API_TOKEN` set.",
                icon=":material/lock:",
            )
        else:
            show_api_error(error, ask_token=False)  # a 401 here is about the upload token just entered
        return None


def follow_job(api: ApiClient, job: dict, file_count: int) -> None:
    """Poll the job with a progress bar until it ends; keep it for the report, and reload the counts."""
    job_id = job.get("id") or job.get("job_id")
    progress = st.progress(0.0, text=f"Queued {file_count} file(s)…")
    deadline = time.monotonic() + JOB_DEADLINE_SECONDS
    while job.get("status") in ("queued", "running"):
        if time.monotonic() > deadline:
            st.warning(f"Job {job_id} is still running; reload this page later to see its report.")
            return
        time.sleep(POLL_SECONDS)
        job = call_api(lambda: api.job(job_id))
        if job is None:
            return
        done, total = (job.get("progress") or {}).get("done", 0), (job.get("progress") or {}).get("total", 0)
        fraction = done / total if total else 0.0
        progress.progress(min(1.0, fraction), text=f"Indexing: {done} of {total or file_count} file(s) done…")
    progress.empty()
    st.session_state[LAST_JOB_KEY] = job
    st.rerun()  # so the counts above include the new files


def show_job(job: dict) -> None:
    """The outcome of this session's last upload: one line of counts, and each failed file's reason."""
    report = job.get("report") or {}
    failed = report.get("failed") or []
    counts = (
        f"{report.get('indexed', 0)} indexed, {report.get('unchanged', 0)} unchanged, {len(failed)} failed; "
        f"{report.get('chunks_added', 0)} chunks added, {report.get('chunks_deleted', 0)} removed, "
        f"in {float(report.get('seconds') or 0):.1f} s."
    )
    if job.get("status") == "failed":
        reason = job.get("error") or "no reason given"
        st.error(f"The upload's indexing failed: {markdown_escape(reason)}. {counts}", icon=":material/error:")
    elif failed:
        st.warning(f"Indexed with errors: {counts}", icon=":material/warning:")
    else:
        st.success(f"Indexed: {counts}", icon=":material/check_circle:")
    show_failed_files(failed)


st.title("Ops")
stats = call_api(get_api().stats)
if stats is not None:
    show_overview(stats)
    show_sources(stats.get("sources") or [])
    if stats.get("sources_truncated"):
        st.caption(f"The first {len(stats['sources'])} of {stats['documents']} documents.")
    show_last_ingest(stats.get("last_ingest"))
upload_form()
