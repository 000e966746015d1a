"""Ops page: what is indexed (per language and per file), the embedder and store, and uploads to index."""

import tempfile
import time
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from search_api.client import ApiClient, ApiError
from ui.i18n import t
from ui.render import markdown_escape
from ui.session import call_api, get_api, get_upload_api, show_api_error

LAST_JOB_KEY = "kavosh_last_job"
POLL_SECONDS = 0.5
JOB_DEADLINE_SECONDS = 30 * 60
FILE_TYPES = ["pdf", "txt", "md", "markdown", "html", "htm"]
LANGUAGE_COLOURS = {"fa": "#2e7d4f", "en": "#2f5fb3"}
SOURCE_COLUMNS = ("title", "source", "lang", "pages", "chunks", "doc_id")  # each headed by t("column_<name>")


def show_overview(stats: dict) -> None:
    languages = stats.get("languages") or {}
    persian, english = languages.get("fa", {}), languages.get("en", {})
    columns = st.columns(4)
    columns[0].metric(t("documents"), stats.get("documents", 0))
    columns[1].metric(t("passages_chunks"), stats.get("chunks", 0))
    for column, label, counts in (
        (columns[2], t("persian_counts"), persian),
        (columns[3], t("english_counts"), english),
    ):
        column.metric(
            label, f"{counts.get('documents', 0)} / {counts.get('chunks', 0)}", help=t("counts_help")
        )

    embedder, store = stats.get("embedder") or {}, stats.get("store") or {}
    st.caption(
        t("embedder_and_store", name=embedder.get("name", "?"), dim=embedder.get("dim", "?"),
          backend=store.get("backend", "?"), collection=store.get("collection", "?"))
        + (t("store_location", location=store["location"]) if store.get("location") else "")
    )


def show_sources(sources: list[dict]) -> None:
    st.subheader(t("chunks_per_file"))
    if not sources:
        st.info(t("nothing_indexed_upload"))
        return
    table = pd.DataFrame(sources)
    chart = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X("chunks:Q", title=t("column_chunks"), axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("source:N", sort="-x", title=None, axis=alt.Axis(labelLimit=360, labelOverlap=False)),
            color=alt.Color(
                "lang:N",
                title=t("language_axis"),
                scale=alt.Scale(domain=list(LANGUAGE_COLOURS), range=list(LANGUAGE_COLOURS.values())),
            ),
            tooltip=[alt.Tooltip(name, title=t(f"column_{name}")) for name in SOURCE_COLUMNS[:-1]],
        )
        .properties(height=alt.Step(28))
    )
    st.altair_chart(chart, width="stretch")
    with st.expander(t("all_files")):
        columns = [name for name in SOURCE_COLUMNS if name in table]
        headers = {name: t(f"column_{name}") for name in columns}
        st.dataframe(table[columns].rename(columns=headers), hide_index=True, width="stretch")


def show_report(report: dict, finished_at: str | None = None) -> None:
    """An ingest report: counts, and each file that failed with its reason."""
    failed = report.get("failed") or []
    columns = st.columns(6)
    columns[0].metric(t("files_seen"), report.get("files_seen", 0))
    columns[1].metric(t("indexed_count"), report.get("indexed", 0))
    columns[2].metric(t("unchanged"), report.get("unchanged", 0))
    columns[3].metric(t("failed"), len(failed))
    columns[4].metric(t("chunks_added_deleted"),
                      f"{report.get('chunks_added', 0)} / {report.get('chunks_deleted', 0)}")
    columns[5].metric(t("seconds"), f"{float(report.get('seconds') or 0):.1f}")
    if finished_at:
        st.caption(t("finished_at", time=finished_at))
    show_failed_files(failed)


def show_failed_files(failed: list[dict]) -> None:
    if failed:
        rows = [{t("column_file"): item.get("path"), t("column_error"): item.get("error")} for item in failed]
        st.table(pd.DataFrame(rows))


def show_last_ingest(last_ingest: dict | None) -> None:
    st.subheader(t("last_ingest"))
    if not last_ingest:
        st.caption(t("no_ingest_yet"))
        return
    show_report(last_ingest, last_ingest.get("finished_at"))


def upload_form() -> None:
    st.subheader(t("index_files"))
    with st.form("ingest"):
        files = st.file_uploader(
            t("upload_label"),
            type=FILE_TYPES,
            accept_multiple_files=True,
        )
        token = st.text_input(t("api_token"), type="password", help=t("api_token_help"))
        submitted = st.form_submit_button(t("index_files"), type="primary", icon=":material/upload:")
    if submitted:
        run_ingest(files or [], token.strip())
    job = st.session_state.get(LAST_JOB_KEY)
    if job:
        show_job(job)


def run_ingest(files: list, token: str) -> None:
    """Upload the files, follow the job until it ends, then show its report."""
    if not files:
        st.warning(t("choose_files"))
        return
    if not token:
        st.warning(t("enter_token"))
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
            st.error(t("no_uploads"), icon=":material/lock:")
        else:
            show_api_error(error, ask_token=False)  # a 401 here is about the upload token just entered
        return None


def follow_job(api: ApiClient, job: dict, file_count: int) -> None:
    """Poll the job with a progress bar until it ends; keep it for the report, and reload the counts."""
    job_id = job.get("id") or job.get("job_id")
    progress = st.progress(0.0, text=t("job_queued", count=file_count))
    deadline = time.monotonic() + JOB_DEADLINE_SECONDS
    while job.get("status") in ("queued", "running"):
        if time.monotonic() > deadline:
            st.warning(t("job_still_running", job_id=job_id))
            return
        time.sleep(POLL_SECONDS)
        job = call_api(lambda: api.job(job_id))
        if job is None:
            return
        done, total = (job.get("progress") or {}).get("done", 0), (job.get("progress") or {}).get("total", 0)
        fraction = done / total if total else 0.0
        progress.progress(min(1.0, fraction), text=t("job_progress", done=done, total=total or file_count))
    progress.empty()
    st.session_state[LAST_JOB_KEY] = job
    st.rerun()  # so the counts above include the new files


def show_job(job: dict) -> None:
    """The outcome of this session's last upload: one line of counts, and each failed file's reason."""
    report = job.get("report") or {}
    failed = report.get("failed") or []
    counts = t("job_counts", indexed=report.get("indexed", 0), unchanged=report.get("unchanged", 0),
               failed=len(failed), added=report.get("chunks_added", 0), removed=report.get("chunks_deleted", 0),
               seconds=float(report.get("seconds") or 0))
    if job.get("status") == "failed":
        reason = job.get("error") or t("no_reason")
        st.error(t("job_failed", reason=markdown_escape(reason), counts=counts), icon=":material/error:")
    elif failed:
        st.warning(t("indexed_with_errors", counts=counts), icon=":material/warning:")
    else:
        st.success(t("indexed_ok", counts=counts), icon=":material/check_circle:")
    show_failed_files(failed)


st.title(t("page_ops"))
stats = call_api(get_api().stats)
if stats is not None:
    show_overview(stats)
    show_sources(stats.get("sources") or [])
    if stats.get("sources_truncated"):
        st.caption(t("sources_cut", shown=len(stats["sources"]), documents=stats["documents"]))
    show_last_ingest(stats.get("last_ingest"))
upload_form()
