"""Per-page figures for `--format json` and `coprod check --stats`.

Pages under 100 words have no reading ease or grade (too short to measure): `null` in json,
a dash in the table.
"""

from __future__ import annotations

from coprod_site.checks.readability import page_reading


def _status(result, resource) -> str:
    return "withdrawn" if resource.rel in result.plan.withdrawn else resource.status


def page_rows(result) -> list[dict]:
    """One row per page checked, in the shape checks.md gives for the json `pages` array."""
    rows = []
    for r in result.site.resources:
        reading = page_reading(r)
        rows.append({
            "file": r.rel, "url": r.url, "status": _status(result, r),
            "reading_ease": round(reading.ease, 1) if reading.scored else None,
            "grade": round(reading.grade, 1) if reading.scored else None,
            "words": reading.words, "sentences": len(reading.sentences),
            "average_sentence_length": round(reading.average_sentence_length, 1),
            "reading_time_minutes": reading.reading_time_minutes,
        })
    return rows


def stats_table(result) -> str:
    """A table a contributor can read in a terminal, easiest pages last."""
    limits = result.config.readability
    by_rel = {r.rel: r for r in result.site.resources}
    rows = page_rows(result)
    head = ("Page", "Ease", "Aim", "Age", "Words", "Sentences", "Average", "Long", "Minutes")
    table = []
    for row in rows:
        resource = by_rel[row["file"]]
        limit = limits[resource.readability_kind]
        long = len(page_reading(resource).long_sentences(limit.long_sentence))
        scored = row["reading_ease"] is not None
        table.append((
            row["file"] + ("" if row["status"] == "published" else f" ({row['status']})"),
            f"{row['reading_ease']:.0f}" if scored else "-", f"{limit.target:.0f}",
            f"{row['grade'] + 5:.0f}" if scored else "-", str(row["words"]),
            str(row["sentences"]), f"{row['average_sentence_length']:.1f}", str(long),
            str(row["reading_time_minutes"])))
    table.sort(key=lambda cells: float(cells[1]) if cells[1] != "-" else 1000.0)
    widths = [max(len(cells[i]) for cells in [head, *table]) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                       for i, (cell, w) in enumerate(zip(cells, widths))).rstrip()
             for cells in [head, *table]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines.append("Ease: Flesch reading ease, 0 to 100, higher is easier. Aim: the target for the "
                 "page's kind.\nAge: reading age (Flesch-Kincaid grade + 5). Average: words a "
                 "sentence. Long: sentences over the limit.\nMinutes: reading time at 200 words "
                 "a minute. A dash: under 100 words, too short to score.")
    return "\n".join(lines)
