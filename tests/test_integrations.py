"""What both engine plugins share: options, links to withdrawn pages, 410 rules."""

from __future__ import annotations

import pytest

from coprod_site.integrations import SetupError, gone_rules, setup, unlink_markdown
from coprod_site.diagnostics import Severity

WHERE = "mkdocs.yml, coprod plugin"


def test_options_mirror_tool_coprod(tmp_path):
    (tmp_path / "glossary.yml").write_text("NHS:\n  definition: National Health Service\n")
    done = setup(tmp_path, {"kind": "guide", "kinds": {"guide": {"reading_ease_floor": 50}},
                            "rules": {"CP302": "error"}, "ignore": ["CP304"],
                            "glossary": "glossary.yml", "case_studies": ["/stories/"]}, WHERE)
    assert done.config.readability["guide"].floor == 50
    assert done.config.severities == {"CP302": Severity.ERROR, "CP304": Severity.OFF}
    assert done.config.glossary_file == "glossary.yml"
    assert (done.engine.kind, done.engine.case_studies) == ("guide", ("stories",))


@pytest.mark.parametrize("options, message", [
    ({"kinde": "guide"}, "mkdocs.yml, coprod plugin: unknown setting 'kinde'; the settings are "
                         "kind, kinds, rules, ignore, plain_words, inclusive_language, glossary, "
                         "people, case_studies, netlify, require_consent_expiry, "
                         "consent_warning_days."),
    ({"ignore": ["CP202"]}, "mkdocs.yml, coprod plugin: CP202 cannot be ignored: consent and "
                            "content rules always apply."),
    ({"kinds": {"guide": {"floor": 50}}}, "mkdocs.yml, coprod plugin: kinds guide has an "
                                          "unknown setting 'floor'. Fix the spelling, or "
                                          "remove the line: the README lists every setting."),
    ({"consent_warning_days": -5}, "mkdocs.yml, coprod plugin: consent_warning_days must be "
                                   "0 or more, not -5. Set consent_warning_days to 60."),
    ({"people": "people.yml"}, "mkdocs.yml, coprod plugin: people names people.yml, but there "
                               "is no such file."),
])
def test_a_bad_option_says_what_to_change(tmp_path, options, message):
    with pytest.raises(SetupError) as error:
        setup(tmp_path, options, WHERE)
    assert str(error.value) == message


def test_links_to_withdrawn_pages_become_their_text():
    gone = {"stories/alex.md", "/alex/"}.__contains__
    text = ("Read [her story](stories/alex.md \"Alex\") or [this](other.md).\n"
            "See ![a photo](stories/alex.md) and [the club][club].\n\n"
            "[club]: stories/alex.md\nThe end.\n")
    assert unlink_markdown(text, gone) == (
        "Read her story or [this](other.md).\nSee ![a photo](stories/alex.md) and the club."
        "\n\n\nThe end.\n")


def test_one_410_rule_per_folder_and_no_slug():
    assert gone_rules(["/stories/alex/", "/stories/sam/", "/alex.html"]) == [
        "/* /404.html 410", "/stories/* /404.html 410"]
