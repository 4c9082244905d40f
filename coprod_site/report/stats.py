"""Per-page figures for `--format json` and `coprod check --stats`.

Pages under 100 words have no reading ease or grade (too short to measure): `null` in json,
a dash in the table. Reading ease is shown clamped to 0-100; json also has the raw score as
`reading_ease_raw` (checks.md).
"""

from __future__ import annotations

from coprod_site.checks.readability import page_reading


def _status(result, resource) -> str:
    return "withdrawn" if resource.rel in result.plan.withdrawn else resource.status


def _measured(result, only: set[str] | None):
    """(resource, its reading) for every page checked, or those whose rel is in `only`."""
    return [(r, page_reading(r)) for r in result.site.resources if only is None or r.rel in only]


def page_rows(result, only: set[str] | None = None) -> list[dict]:
    """One row per page checked, in the shape checks.md gives for the json `pages` array."""
    return [_row(result, r, reading) for r, reading in _measured(result, only)]


def _row(result, r, reading) -> dict:
    scored = reading.scored
    return {"file": r.rel, "url": r.url, "status": _status(result, r),
            "reading_ease": round(reading.ease_shown, 1) if scored else None,
            "reading_ease_raw": round(reading.ease, 1) if scored else None,
            "grade": round(reading.grade, 1) if scored else None,
            "words": reading.words, "sentences": reading.sentence_count,
            "average_sentence_length": round(reading.average_sentence_length, 1),
            "reading_time_minutes": reading.reading_time_minutes}


def stats_table(result, only: set[str] | None = None) -> str:
    """A table a contributor can read in a terminal, hardest pages first."""
    limits = result.config.readability
    head = ("Page", "Ease", "Aim", "Age", "Words", "Sentences", "Average", "Long", "Minutes")
    table = []
    for resource, reading in _measured(result, only):
        row = _row(result, resource, reading)
        limit = limits[resource.readability_kind]
        long = reading.long_sentence_count(limit.long_sentence)
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
