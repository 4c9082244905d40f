"""`[tool.coprod]` in pyproject.toml: defaults, settings, and one clear line for a bad one."""

import pytest

from conftest import make_site, page
from coprod_site.config import ConfigError, Readability, load_config
from coprod_site.diagnostics import Severity


def config_from(tmp_path, toml):
    return load_config(make_site(tmp_path, {"content/guides/x.md": page()}, pyproject=toml))


def test_a_folder_with_only_content_uses_defaults(tmp_path):
    config = load_config(make_site(tmp_path, {}))
    assert (config.title, config.language, config.review_every, config.output) == (
        "Co-production Hub", "en-GB", 12, "public")
    assert config.content_dir == tmp_path.resolve() / "content"
    assert config.readability["case-study"] == Readability(40, 55, 25)
    assert config.readability["easy-read"] == Readability(65, 75, 15)


def test_settings_are_read(tmp_path):
    config = config_from(tmp_path, """
[project]
name = "my-hub"

[tool.coprod]
title = "Bradford Hub"
base_url = "https://hub.example.org"
review_every = 6
media_max_mb = 2.5
require_consent_expiry = true

[tool.coprod.kinds.guide]
long_sentence = 20

[tool.coprod.rules]
CP303 = "off"
CP206 = "error"

[[tool.coprod.redirects]]
from = "/old-guide/"
to = "/guides/new/"
""")
    assert config.title == "Bradford Hub"
    assert config.base_url == "https://hub.example.org/"
    assert config.review_every == 6
    assert config.media_max_bytes == int(2.5 * 1024 * 1024)
    assert config.require_consent_expiry is True
    assert config.readability["guide"] == Readability(45, 60, 20)
    assert config.severities == {"CP303": Severity.OFF, "CP206": Severity.ERROR}
    assert [(r.source, r.target, r.status) for r in config.redirects] == [
        ("/old-guide/", "/guides/new/", 301)]


@pytest.mark.parametrize("toml, message", [
    ("[tool.coprod]\ntitel = 'x'\n",
     "pyproject.toml:2:1: [tool.coprod] has an unknown setting 'titel'. Did you mean "
     "'title'?"),
    ("[tool.coprod]\nreview_every = 'twelve'\n",
     'pyproject.toml:2:1: [tool.coprod] review_every must be a whole number, not "twelve". '
     "Write it like: review_every = 12."),
    ('[tool.coprod]\nreview_every = true\n',
     "pyproject.toml:2:1: [tool.coprod] review_every must be a whole number, not true. "
     "Write it like: review_every = 12."),
    ("[tool.coprod]\nrequire_consent_expiry = 'yes'\n",
     "pyproject.toml:2:1: [tool.coprod] require_consent_expiry must be true or false, not "
     '"yes". Write it like: require_consent_expiry = false.'),
    ('[tool.coprod]\ntitle = 3\n',
     "pyproject.toml:2:1: [tool.coprod] title must be text in quotes, not 3. Write it "
     'like: title = "Co-production Hub".'),
    ('[tool.coprod\n',
     "pyproject.toml:1:13: this file cannot be read: Expected ']' at the end of a table "
     "declaration. Check that line for a missing quote, bracket or =."),
    ('[tool]\ncoprod = 3\n',
     "pyproject.toml:2:1: [tool.coprod] must be a table: write the settings on lines of "
     "their own under a line [tool.coprod]."),
    ("[tool.coprod]\nbase_url = 'ftp://x'\n",
     "pyproject.toml:2:1: [tool.coprod] base_url must be the site's full web address, "
     'starting with https://, not "ftp://x". Write it like: base_url = '
     '"https://hub.example.org/".'),
    ('[tool.coprod]\npage_size = 0\n',
     "pyproject.toml:2:1: [tool.coprod] page_size must be 1 or more, not 0. Write it like: "
     "page_size = 20."),
    ("[tool.coprod.rules]\nCP303x = 'off'\n",
     "pyproject.toml:2:1: [tool.coprod.rules] names an unknown rule 'CP303x'. Did you mean "
     "'CP303'?"),
    ("[tool.coprod.rules]\nCP202 = 'warning'\n",
     "pyproject.toml:2:1: [tool.coprod.rules] CP202 is a consent rule and cannot be made "
     "weaker. Remove the line."),
    ("[tool.coprod.rules]\nCP302 = 'loud'\n",
     'pyproject.toml:2:1: [tool.coprod.rules] CP302 must be "error", "warning" or "off", '
     'not "loud".'),
    ('[tool.coprod]\nrules = 3\n',
     "pyproject.toml:2:1: [tool.coprod.rules] must be a table, with lines such as CP303 = "
     '"off" under a line [tool.coprod.rules].'),
    ('[tool.coprod.kinds.guid]\nlong_sentence = 20\n',
     "pyproject.toml:1:1: [tool.coprod.kinds] has an unknown kind 'guid'. Did you mean "
     "'guide'?"),
    ('[tool.coprod.kinds]\nguide = 3\n',
     "pyproject.toml:2:1: [tool.coprod.kinds.guide] must be a table, with lines such as "
     "long_sentence = 20 under a line [tool.coprod.kinds.guide]."),
    ('[tool.coprod.kinds.guide]\nlong_sentense = 20\n',
     "pyproject.toml:2:1: [tool.coprod.kinds.guide] has an unknown setting "
     "'long_sentense'. Did you mean 'long_sentence'?"),
    ("[tool.coprod.kinds.guide]\nlong_sentence = 'x'\n",
     "pyproject.toml:2:1: [tool.coprod.kinds.guide] long_sentence must be a whole number "
     'of 1 or more, not "x". Write it like: long_sentence = 25.'),
    ("[tool.coprod]\ntheme = 'nope'\n",
     "pyproject.toml:2:1: the theme folder nope has no templates/ folder. Point theme at a "
     "folder that holds one, or remove the line to use the hub's own theme."),
    ("[[tool.coprod.redirects]]\nfrom = 'old'\nto = '/new/'\n",
     "pyproject.toml:2:1: the redirect from 'old' must start with / and have no spaces, "
     'like "/old-guide/".'),
    ("[[tool.coprod.redirects]]\nfrom = '/old'\nto = '/new/'\nstatus = 'x'\n",
     "pyproject.toml:4:1: the redirect from '/old' has status \"x\"; use an HTTP status "
     "number such as 301."),
    ("[tool.coprod]\nrepo_url = 'github.com/owner/hub'\n",
     "pyproject.toml:2:1: [tool.coprod] repo_url must be the repository's web address, "
     'like "https://github.com/owner/hub", not "github.com/owner/hub". Copy it from the '
     "browser's address bar on the repository's page."),
    ("[tool.coprod]\nrepo_url = 'https://github.com/owner'\n",
     "pyproject.toml:2:1: [tool.coprod] repo_url must be the repository's web address, "
     'like "https://github.com/owner/hub", not "https://github.com/owner". Copy it from '
     "the browser's address bar on the repository's page."),
    ("[tool.coprod]\nrepo_branch = 'my branch'\n",
     "pyproject.toml:2:1: [tool.coprod] repo_branch must be a branch name with no spaces. "
     'Write it like: repo_branch = "main".'),
    ('[tool.coprod]\nredirects = 3\n',
     'pyproject.toml:2:1: each [[tool.coprod.redirects]] needs "from" and "to", like: from '
     '= "/old-guide/" and to = "/guides/new/" on lines of their own.'),
    ('[tool.coprod]\nlanguage = "xx_YY!!"\n',
     "pyproject.toml:2:1: [tool.coprod] language must be a language tag such as en-GB or "
     'cy, not "xx_YY!!". Write it like: language = "en-GB".'),
    ('[tool.coprod]\nlanguage = "en_GB"\n',
     "pyproject.toml:2:1: [tool.coprod] language must be a language tag such as en-GB or "
     'cy, not "en_GB". Use a hyphen, not an underscore: language = "en-GB".'),
    ("[project]\nname = 'x'\n\n[tool.coprod]\ntitle = 'Hub'\n  output = ''\n",
     "pyproject.toml:6:3: [tool.coprod] output must not be empty. Write it like: output = "
     '"public".'),
    ("[tool.coprod]\nbase_url = 'https://'\n",
     "pyproject.toml:2:1: [tool.coprod] base_url must be the site's full web address, "
     'starting with https://, not "https://". Write it like: base_url = '
     '"https://hub.example.org/".'),
    ('[tool.coprod]\nconsent_warning_days = -1\n',
     "pyproject.toml:2:1: [tool.coprod] consent_warning_days must be 0 or more, not -1. "
     "Write it like: consent_warning_days = 60."),
    ('[tool.coprod]\nmedia_max_mb = 0\n',
     "pyproject.toml:2:1: [tool.coprod] media_max_mb must be more than 0, not 0. Write it "
     "like: media_max_mb = 5."),
    ('[tool.coprod]\ntheme = 3\n',
     "pyproject.toml:2:1: [tool.coprod] theme must be text in quotes, not 3. Write it "
     'like: theme = "themes/hub".'),
    ('[tool.coprod]\nkinds.guide.long_sentence = 0\n',
     "pyproject.toml:2:1: [tool.coprod.kinds.guide] long_sentence must be a whole number "
     "of 1 or more, not 0. Write it like: long_sentence = 25."),
    ('[tool.coprod.kinds.guide]\nlong_sentence = 2.5\n',
     "pyproject.toml:2:1: [tool.coprod.kinds.guide] long_sentence must be a whole number "
     "of 1 or more, not 2.5. Write it like: long_sentence = 25."),
    ('[tool.coprod]\nzzzzz = 1\n',
     "pyproject.toml:2:1: [tool.coprod] has an unknown setting 'zzzzz'. Fix the spelling, "
     "or remove the line: the README lists every setting."),
    ('[tool.coprod.kinds.zzzz]\nlong_sentence = 2\n',
     "pyproject.toml:1:1: [tool.coprod.kinds] has an unknown kind 'zzzz'. The kinds are: "
     "guide, toolkit, page, case-study, easy-read."),
    ("[tool.coprod.rules]\nZZ = 'off'\n",
     "pyproject.toml:2:1: [tool.coprod.rules] names an unknown rule 'ZZ'. Use a rule code "
     "from the README, like CP303."),
    ("[[tool.coprod.redirects]]\nfrom = '/a/'\nto = '/b/'\n[[tool.coprod.redirects]]\nfrom = '/c/'\n",
     'pyproject.toml:4:1: each [[tool.coprod.redirects]] needs "from" and "to", like: from '
     '= "/old-guide/" and to = "/guides/new/" on lines of their own.'),
    ('[tool.coprod.plain_words]\nadds = 1\n',
     "pyproject.toml:2:1: [tool.coprod.plain_words] has an unknown setting 'adds'; it "
     "takes only add and remove. Did you mean 'add'?"),
    ("[tool.coprod]\ntitle = '  '\n",
     "pyproject.toml:2:1: [tool.coprod] title must not be empty. Write it like: title = "
     '"Co-production Hub".'),
])
def test_bad_settings_name_the_problem(tmp_path, toml, message):
    with pytest.raises(ConfigError) as raised:
        config_from(tmp_path, toml)
    assert str(raised.value) == message


def test_pyproject_that_is_not_utf8(tmp_path):
    root = make_site(tmp_path, {"pyproject.toml": "[tool.coprod]\ntitle = 'Caf\xe9'\n".encode("latin-1")})
    with pytest.raises(ConfigError) as raised:
        load_config(root)
    assert str(raised.value).startswith("pyproject.toml cannot be read: ")


def test_missing_folders(tmp_path):
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path / "nowhere")
    assert str(raised.value) == (f"The folder {tmp_path / 'nowhere'} does not exist. Check the "
                                 "folder given with -C, or run coprod in the site's folder.")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert str(raised.value) == (f"There is no content/ folder in {tmp_path}. Run coprod in the "
                                 "site's folder, or point at it with -C DIR.")


@pytest.mark.parametrize("toml, edit", [
    ("", None),
    ("repo_url = 'https://github.com/owner/hub.git'",
     "https://github.com/owner/hub/edit/main/content/guides/x.md"),
    ("repo_url = 'https://gitlab.com/group/hub/'\nrepo_branch = 'trunk'",
     "https://gitlab.com/group/hub/-/edit/trunk/content/guides/x.md"),
])
def test_repo_url_gives_each_file_an_edit_address(tmp_path, toml, edit):
    config = config_from(tmp_path, f"[tool.coprod]\n{toml}\n")
    assert (config.edit_url("content/guides/x.md") if config.repo_url else None) == edit
