"""Review due (CP701): `reviewed` older than the site's `review_every` months."""

from __future__ import annotations

from datetime import date

from conftest import make_site, page
from findings import findings
from coprod_site.checks.review import add_months

# page() writes: ---, title, summary, topics (2 lines), published, then reviewed on line 7


def test_review_overdue(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(reviewed="2025-11-22")})
    assert findings(root, codes=("CP701",)) == [
        "content/guides/a.md:7:1: warning CP701 review-due: This page was last reviewed on 22 "
        "November 2025. Pages are reviewed every 12 months, so a review was due on 22 November "
        "2026."]


def test_review_due_today_is_reported(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(reviewed="2025-11-23")})
    assert len(findings(root, codes=("CP701",))) == 1


def test_review_not_yet_due(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(reviewed="2025-11-24"),
                                "content/guides/b.md": page(title="Never reviewed")})
    assert findings(root, codes=("CP701",)) == []


def test_site_sets_review_every(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(reviewed="2026-05-01")},
                     pyproject="[tool.coprod]\nreview_every = 6\n")
    assert findings(root, codes=("CP701",)) == [
        "content/guides/a.md:7:1: warning CP701 review-due: This page was last reviewed on 1 "
        "May 2026. Pages are reviewed every 6 months, so a review was due on 1 November 2026."]
    assert findings(root, today="2026-10-31", codes=("CP701",)) == []


def test_withdrawn_page_needs_no_review(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(reviewed="2020-01-01",
                                                            status="withdrawn")})
    assert findings(root, codes=("CP701",)) == []


def test_months_are_added_as_on_a_calendar():
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 30), 1) == date(2025, 12, 30)
    assert add_months(date(2025, 12, 15), 1) == date(2026, 1, 15)
