"""Per-page figures for `--format json` and `coprod check --stats`."""

from __future__ import annotations


def page_rows(result) -> list[dict]:
    rows = []
    for r in result.site.resources:
        status = "withdrawn" if r.rel in result.plan.withdrawn else r.status
        rows.append({"file": r.rel, "url": r.url, "status": status})
    return rows


def stats_table(result) -> str:
    return "\n".join(f"{row['file']}  {row['status']}" for row in page_rows(result))
