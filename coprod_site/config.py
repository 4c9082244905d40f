"""Site configuration: `[tool.coprod]` in the site's `pyproject.toml`, over sensible defaults.

A folder with only `content/` builds on defaults. A bad setting is a `ConfigError`, which the
CLI turns into one line and exit code 2; a typo in a key names the closest known key, because
a silently ignored setting (say, a consent option) is worse than a failed run.
"""

from __future__ import annotations

import difflib
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from coprod_site import tomlplaces, wordlists
from coprod_site.content.schema import LANG
from coprod_site.diagnostics import RULES, Severity

def _package_theme() -> Path:
    """The default theme: beside the package in a checkout, or where pip put its files."""
    beside = Path(__file__).resolve().parent.parent / "themes" / "hub"
    if (beside / "templates").is_dir():
        return beside
    return Path(sys.prefix) / "share" / "coprod-site" / "themes" / "hub"


PACKAGE_THEME = _package_theme()


class ConfigError(Exception):
    """The configuration cannot be used; the message says what to change. `at` is the setting
    it is about, as keys under `[tool.coprod]` ("kinds", "guide", "long_sentence"; a
    redirect's index), so the message can name its line and column in pyproject.toml."""

    def __init__(self, message: str, at: tuple = ()):
        super().__init__(message)
        self.at = at


@dataclass(frozen=True)
class Readability:
    """Thresholds for one kind of page (see the table in checks.md)."""

    floor: float
    target: float
    long_sentence: int


DEFAULT_READABILITY = {
    "guide": Readability(45, 60, 25),
    "toolkit": Readability(45, 60, 25),
    "page": Readability(45, 60, 25),
    "case-study": Readability(40, 55, 25),
    "easy-read": Readability(65, 75, 15),
}


@dataclass(frozen=True)
class Redirect:
    source: str
    target: str
    status: int = 301


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    title: str = "Co-production Hub"
    description: str = "Guides, case studies and toolkits on co-production, made with the people who use them."
    base_url: str = "http://127.0.0.1:8000/"
    language: str = "en-GB"
    review_every: int = 12
    theme: Path = PACKAGE_THEME
    output: str = "public"
    page_size: int = 20
    require_consent_expiry: bool = False
    consent_warning_days: int = 60
    media_max_bytes: int = 5 * 1024 * 1024
    max_markdown_bytes: int = 1024 * 1024
    max_front_matter_bytes: int = 64 * 1024
    readability: dict[str, Readability] = field(default_factory=lambda: dict(DEFAULT_READABILITY))
    severities: dict[str, Severity] = field(default_factory=dict)
    redirects: tuple[Redirect, ...] = ()
    plain_words: dict = field(default_factory=dict)
    inclusive_language: dict = field(default_factory=dict)
    glossary_file: str = "content/_data/glossary.yml"   # named in messages; "" when none
    repo_url: str = ""              # "https://github.com/owner/hub": pages link to their file
    repo_branch: str = "main"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    def edit_url(self, rel: str) -> str:
        """Where to edit `rel` (`content/guides/x.md`) in the repository: GitLab's
        `/-/edit/BRANCH/PATH`, or GitHub's (and Gitea's, Codeberg's) `/edit/BRANCH/PATH`."""
        edit = "-/edit" if urlsplit(self.repo_url).hostname.startswith("gitlab.") else "edit"
        return f"{self.repo_url}/{edit}/{self.repo_branch}/{rel}"


_SCALARS = {
    "title": str, "description": str, "base_url": str, "language": str, "review_every": int,
    "output": str, "page_size": int, "require_consent_expiry": bool,
    "consent_warning_days": int, "media_max_mb": (int, float), "max_markdown_kb": int,
    "max_front_matter_kb": int, "repo_url": str, "repo_branch": str, "theme": str,
}
_TABLES = {"kinds", "rules", "plain_words", "inclusive_language"}
_KIND_OF_VALUE = {str: "text in quotes", int: "a whole number", bool: "true or false",
                  (int, float): "a number"}
_KNOWN = set(_SCALARS) | _TABLES | {"redirects"}
# A good value of each setting, for "write it like" advice.
_EXAMPLES = {
    "title": "Co-production Hub", "description": "Guides and toolkits on co-production.",
    "base_url": "https://hub.example.org/", "language": "en-GB", "review_every": 12,
    "output": "public", "page_size": 20, "require_consent_expiry": False,
    "consent_warning_days": 60, "media_max_mb": 5, "max_markdown_kb": 1024,
    "max_front_matter_kb": 64, "repo_url": "https://github.com/owner/hub",
    "repo_branch": "main", "theme": "themes/hub",
}
_LEAST = {"review_every": 1, "page_size": 1, "consent_warning_days": 0, "max_markdown_kb": 1,
          "max_front_matter_kb": 1}
_UNKNOWN_ADVICE = " Fix the spelling, or remove the line: the README lists every setting."


def _as_toml(value) -> str:
    """A value as it was written in pyproject.toml, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"' if isinstance(value, str) else str(value)


def _like(key: str) -> str:
    """' Write it like: language = "en-GB".'"""
    return f" Write it like: {key} = {_as_toml(_EXAMPLES[key])}."


def _closest(word: str, choices, otherwise: str = "") -> str:
    """" Did you mean 'title'?", or `otherwise` when nothing is close."""
    match = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" Did you mean '{match[0]}'?" if match else otherwise


def load_config(root: Path) -> SiteConfig:
    """Read `[tool.coprod]` from `root/pyproject.toml` if there is one."""
    root = Path(root).resolve()
    if not root.is_dir():
        raise ConfigError(f"The folder {root} does not exist. Check the folder given with -C, "
                          "or run coprod in the site's folder.")
    if not (root / "content").is_dir():
        raise ConfigError(
            f"There is no content/ folder in {root}. Run coprod in the site's folder, "
            "or point at it with -C DIR.")
    try:
        return _from_table(root, _read_table(root / "pyproject.toml"))
    except ConfigError as error:
        if not error.at:
            raise
        text = (root / "pyproject.toml").read_text(encoding="utf-8")
        line, column = tomlplaces.position(text, ("tool", "coprod", *error.at))
        message = str(error).removeprefix("pyproject.toml: ")
        raise ConfigError(f"pyproject.toml:{line}:{column}: {message}") from None


def _read_table(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"pyproject.toml cannot be read: {error}. Save it again with the "
                          "encoding set to UTF-8.") from None
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"^(.*) \(at line (\d+), column (\d+)\)$", str(error))
        where = f":{found[2]}:{found[3]}" if found else ""
        problem = found[1] if found else str(error)
        raise ConfigError(f"pyproject.toml{where}: this file cannot be read: {problem}. Check "
                          "that line for a missing quote, bracket or =.") from None
    table = data.get("tool", {}).get("coprod", {})
    if not isinstance(table, dict):
        raise ConfigError("pyproject.toml: [tool.coprod] must be a table: write the settings "
                          "on lines of their own under a line [tool.coprod].", ("coprod",))
    return table


def _from_table(root: Path, table: dict) -> SiteConfig:
    values: dict = {}
    for key, value in table.items():
        _check_scalar(key, value)
    for key in ("title", "description", "base_url", "language", "review_every", "output",
                "page_size", "require_consent_expiry", "consent_warning_days", "repo_branch"):
        if key in table:
            values[key] = table[key]
    if "media_max_mb" in table:
        values["media_max_bytes"] = int(table["media_max_mb"] * 1024 * 1024)
    if "max_markdown_kb" in table:
        values["max_markdown_bytes"] = table["max_markdown_kb"] * 1024
    if "max_front_matter_kb" in table:
        values["max_front_matter_bytes"] = table["max_front_matter_kb"] * 1024
    if "base_url" in values and not values["base_url"].endswith("/"):
        values["base_url"] += "/"
    if "repo_url" in table:
        values["repo_url"] = _repo_url(table["repo_url"])
    if "theme" in table:
        theme = (root / table["theme"]).resolve()
        if not (theme / "templates").is_dir():
            raise ConfigError(f"pyproject.toml: the theme folder {table['theme']} has no "
                              "templates/ folder. Point theme at a folder that holds one, or "
                              "remove the line to use the hub's own theme.", ("theme",))
        values["theme"] = theme
    elif (root / "themes" / "hub" / "templates").is_dir():
        values["theme"] = root / "themes" / "hub"
    values["readability"] = _readability(table.get("kinds", {}))
    values["severities"] = _severities(table.get("rules", {}))
    values["redirects"] = _redirects(table.get("redirects", []))
    for key in ("plain_words", "inclusive_language"):
        try:
            values[key] = wordlists.overrides(key, table.get(key, {}))
        except wordlists.WordListError as error:
            raise ConfigError(str(error), (key, *error.at)) from None
    return SiteConfig(root=root, **values)


def _check_scalar(key: str, value) -> None:
    """A `[tool.coprod]` setting that is not a table: known, of its type, and sensible."""
    if key not in _KNOWN:
        raise ConfigError(f"pyproject.toml: [tool.coprod] has an unknown setting '{key}'."
                          f"{_closest(key, _KNOWN, _UNKNOWN_ADVICE)}", (key,))
    if key not in _SCALARS:
        return
    wanted = _SCALARS[key]
    if isinstance(value, bool) and wanted is not bool or not isinstance(value, wanted):
        raise ConfigError(f"pyproject.toml: [tool.coprod] {key} must be "
                          f"{_KIND_OF_VALUE[wanted]}, not {_as_toml(value)}.{_like(key)}", (key,))
    problem = None
    if isinstance(value, str) and not value.strip():
        problem = "must not be empty"
    elif key == "language" and not LANG.match(value):
        problem = f"must be a language tag such as en-GB or cy, not {_as_toml(value)}"
        if "_" in value and LANG.match(value.replace("_", "-")):
            raise ConfigError(f"pyproject.toml: [tool.coprod] language {problem}. Use a hyphen, "
                              f"not an underscore: language = "
                              f"{_as_toml(value.replace('_', '-'))}.", (key,))
    elif key == "base_url" and not _web_address(value):
        problem = f"must be the site's full web address, starting with https://, not {_as_toml(value)}"
    elif key == "repo_branch" and not re.fullmatch(r"[^\s~^:?*\[\\]+", value):
        problem = "must be a branch name with no spaces"
    elif key in _LEAST and value < _LEAST[key]:
        problem = f"must be {_LEAST[key]} or more, not {value}"
    elif key == "media_max_mb" and value <= 0:
        problem = f"must be more than 0, not {value}"
    if problem:
        raise ConfigError(f"pyproject.toml: [tool.coprod] {key} {problem}.{_like(key)}", (key,))


def _web_address(value: str) -> bool:
    parts = urlsplit(value)
    return (parts.scheme in ("http", "https") and bool(parts.hostname)
            and not any(c.isspace() for c in value))


def _repo_url(value: str) -> str:
    """The repository's web address, without a trailing slash or `.git`."""
    parts = urlsplit(value.strip())
    if parts.scheme != "https" or not parts.hostname or parts.path.strip("/").count("/") < 1 \
            or parts.query or parts.fragment or any(c.isspace() for c in value.strip()):
        raise ConfigError(f"pyproject.toml: [tool.coprod] repo_url must be the repository's web "
                          f"address, like \"https://github.com/owner/hub\", not {_as_toml(value)}."
                          " Copy it from the browser's address bar on the repository's page.",
                          ("repo_url",))
    return value.strip().rstrip("/").removesuffix(".git")


READABILITY_KEYS = {"reading_ease_floor": "a number", "reading_ease_target": "a number",
                    "long_sentence": "a whole number"}


def _readability(kinds) -> dict[str, Readability]:
    result = dict(DEFAULT_READABILITY)
    if not isinstance(kinds, dict):
        raise ConfigError("pyproject.toml: [tool.coprod.kinds] must be a table, with a "
                          "[tool.coprod.kinds.guide] section (or another kind) under it.",
                          ("kinds",))
    for kind, settings in kinds.items():
        if kind not in result:
            raise ConfigError(f"pyproject.toml: [tool.coprod.kinds] has an unknown kind '{kind}'."
                              + _closest(kind, result, f" The kinds are: {', '.join(result)}."),
                              ("kinds", kind))
        if not isinstance(settings, dict):
            raise ConfigError(f"pyproject.toml: [tool.coprod.kinds.{kind}] must be a table, "
                              f"with lines such as long_sentence = 20 under a line "
                              f"[tool.coprod.kinds.{kind}].", ("kinds", kind))
        base = result[kind]
        for key, value in settings.items():
            at = ("kinds", kind, key)
            if key not in READABILITY_KEYS:
                raise ConfigError(f"pyproject.toml: [tool.coprod.kinds.{kind}] has an unknown "
                                  f"setting '{key}'."
                                  + _closest(key, READABILITY_KEYS, _UNKNOWN_ADVICE), at)
            whole = key == "long_sentence"
            if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)) \
                    or whole and value < 1:
                raise ConfigError(f"pyproject.toml: [tool.coprod.kinds.{kind}] {key} must be "
                                  f"{READABILITY_KEYS[key]}{' of 1 or more' if whole else ''}, "
                                  f"not {_as_toml(value)}. Write it like: {key} = "
                                  f"{getattr(base, key.removeprefix('reading_ease_'))}.", at)
        result[kind] = Readability(settings.get("reading_ease_floor", base.floor),
                                   settings.get("reading_ease_target", base.target),
                                   settings.get("long_sentence", base.long_sentence))
    return result


def _severities(rules) -> dict[str, Severity]:
    result = {}
    if not isinstance(rules, dict):
        raise ConfigError("pyproject.toml: [tool.coprod.rules] must be a table, with lines "
                          "such as CP303 = \"off\" under a line [tool.coprod.rules].",
                          ("rules",))
    for code, level in rules.items():
        at = ("rules", code)
        if code not in RULES:
            raise ConfigError(f"pyproject.toml: [tool.coprod.rules] names an unknown rule "
                              f"'{code}'." + _closest(code, RULES, " Use a rule code from "
                                                      "the README, like CP303."), at)
        if level not in ("error", "warning", "off"):
            raise ConfigError(f"pyproject.toml: [tool.coprod.rules] {code} must be "
                              f"\"error\", \"warning\" or \"off\", not {_as_toml(level)}.", at)
        rank = {"off": 0, "info": 1, "warning": 2, "error": 3}
        if code.startswith("CP2") and rank[level] < rank[RULES[code].severity.value]:
            raise ConfigError(f"pyproject.toml: [tool.coprod.rules] {code} is a consent rule "
                              "and cannot be made weaker. Remove the line.", at)
        result[code] = Severity(level)
    return result


def _redirects(items) -> tuple[Redirect, ...]:
    result = []
    for index, item in enumerate(items if isinstance(items, list) else [None]):
        at = ("redirects", index) if isinstance(items, list) else ("redirects",)
        if not isinstance(item, dict) or not {"from", "to"} <= set(item):
            raise ConfigError('pyproject.toml: each [[tool.coprod.redirects]] needs "from" and '
                              '"to", like: from = "/old-guide/" and to = "/guides/new/" on '
                              "lines of their own.", at)
        source, target = str(item["from"]), str(item["to"])
        if not source.startswith("/") or any(c.isspace() for c in source + target):
            raise ConfigError(f"pyproject.toml: the redirect from {source!r} must start with / "
                              "and have no spaces, like \"/old-guide/\".", (*at, "from"))
        status = item.get("status", 301)
        if isinstance(status, bool) or not isinstance(status, int) or not 200 <= status <= 599:
            raise ConfigError(f"pyproject.toml: the redirect from {source!r} has status "
                              f"{_as_toml(status)}; use an HTTP status number such as 301.",
                              (*at, "status"))
        result.append(Redirect(source, target, status))
    return tuple(result)
