"""Where a setting is written in pyproject.toml, for messages that name its line and column."""

from coprod_site.tomlplaces import position

TEXT = """[project]
name = "my-hub"

[tool.coprod]
title = "Hub"
  "language" = "en_GB"
kinds.guide.long_sentence = 0

[[tool.coprod.redirects]]
from = "/a/"
[[tool.coprod.redirects]]
from = "b"
"""


def test_keys_quoted_indented_and_dotted():
    assert position(TEXT, ("tool", "coprod", "title")) == (5, 1)
    assert position(TEXT, ("tool", "coprod", "language")) == (6, 3)
    assert position(TEXT, ("tool", "coprod", "kinds", "guide", "long_sentence")) == (7, 1)
    assert position(TEXT, ("tool", "coprod", "kinds", "guide")) == (7, 1)


def test_each_table_of_an_array_is_numbered():
    assert position(TEXT, ("tool", "coprod", "redirects", 1, "from")) == (12, 1)
    assert position(TEXT, ("tool", "coprod", "redirects", 1, "to")) == (11, 1)


def test_a_setting_not_written_is_placed_at_the_nearest_table_or_the_top():
    assert position(TEXT, ("tool", "coprod", "rules", "CP302")) == (4, 1)
    assert position("", ("tool", "coprod", "title")) == (1, 1)
