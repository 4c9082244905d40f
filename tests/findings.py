"""`findings()`: run `coprod check --format json` on a fixture site, as CI would, and return
each diagnostic as the line a contributor reads, without the "What to do" part."""

from __future__ import annotations

import json

from conftest import run


def findings(root, *args: str, today: str = "2026-11-23", codes: tuple[str, ...] = ()) -> list[str]:
    code, out, err = run(root, "check", "--today", today, "--format", "json", *args)
    assert code in (0, 1), err
    return [f"{d['file']}:{d['line']}:{d['column']}: {d['severity']} {d['code']} {d['name']}: "
            f"{d['message']}" for d in json.loads(out)["diagnostics"]
            if not codes or d["code"] in codes]
