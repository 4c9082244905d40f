"""Turning checks off (checks.md): for a line, a block, or a page, for every rule that can be.

Each case is a body that breaks one rule on its first line; the same body must be reported
with no comment, and with a comment that names another rule.
"""

from __future__ import annotations

import pytest

from conftest import make_site, page
from findings import findings

HARD = "\n".join(["Organisational accountability necessitates comprehensive consideration of "
                  "institutional responsibilities."] * 14) + "\n"
CASES = {
    "CP301": HARD,
    "CP302": " ".join(["people"] * 30) + ".\n",
    "CP303": "We utilise the room.\n",
    "CP304": "Ask your GP.\n",
    "CP401": "He suffers from asthma.\n",
    "CP501": "![](../media/sam.jpg)\n",
    "CP502": "# Paying people\n",
    "CP503": "Read it [here](https://example.org/pay).\n",
    "CP504": "Fill in [the form](https://example.org/form.pdf).\n",
}

# Reported once a page, where first found: turning off that one turns off the page's finding.
ONCE_A_PAGE = ("CP301", "CP304")


def codes_found(tmp_path, body, code, **keys):
    root = make_site(tmp_path, {"content/guides/a.md": page(body=body, **keys),
                                "content/media/sam.jpg": b"x"})
    return [f.split(": ")[0] for f in findings(root, codes=(code,))]


@pytest.mark.parametrize("code", CASES)
def test_reported_without_a_comment_or_with_another_rule_named(tmp_path, code):
    body = CASES[code]
    assert codes_found(tmp_path / "plain", body, code)[0].startswith("content/guides/a.md:9:")
    other = "CP999" if code != "CP303" else "CP302"
    assert codes_found(tmp_path / "other", f"<!-- coprod-ignore {other} -->\n{body}", code)


@pytest.mark.parametrize("code", CASES)
def test_one_line(tmp_path, code):
    # line 9 the comment, then the case, a blank line, "After.", a blank line, the case again
    n = CASES[code].count("\n")
    body = f"<!-- coprod-ignore {code} -->\n{CASES[code]}\nAfter.\n\n{CASES[code]}"
    found = [int(f.split(":")[1]) for f in codes_found(tmp_path, body, code)]
    assert found == ([] if code in ONCE_A_PAGE else [13 + n])


@pytest.mark.parametrize("code", CASES)
def test_a_block(tmp_path, code):
    body = (f"<!-- coprod-ignore-start {code} -->\n\n{CASES[code]}\n{CASES[code]}\n"
            f"<!-- coprod-ignore-end -->\n\n{CASES[code]}")
    # line 9 start, a blank line, the case twice (n lines each, a blank line after each), the
    # end on line 13 + 2n, a blank line, then the case again on line 15 + 2n
    n = CASES[code].count("\n")
    found = [int(f.split(":")[1]) for f in codes_found(tmp_path, body, code)]
    assert found == ([] if code in ONCE_A_PAGE else [15 + 2 * n])


@pytest.mark.parametrize("code", [*CASES, "CP305", "CP701"])
def test_a_page(tmp_path, code):
    body = CASES.get(code, "Pay people.\n")
    keys = {"summary": "Pay. Thank. Tea. Go.", "reviewed": "2020-01-01"}
    assert codes_found(tmp_path / "on", body, code, **keys)
    assert codes_found(tmp_path / "off", body, code, **keys,
                       checks={"ignore": [code], "reason": "quotes the law word for word"}) == []


def test_consent_rules_cannot_be_turned_off_for_a_page(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(
        checks={"ignore": ["CP201"], "reason": "because"})})
    assert [f.split(": ", 1)[1] for f in findings(root, codes=("CP104",))] == [
        "error CP104 bad-value: CP201 cannot be turned off for a page: consent and content "
        "rules always apply."]
