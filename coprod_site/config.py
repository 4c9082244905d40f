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

from coprod_site import wordlists
from coprod_site.diagnostics import RULES, Severity

def _package_theme() -> Path:
    """The default theme: beside the package in a checkout, or where pip put its files."""
    beside = Path(__file__).resolve().parent.parent / "themes" / "hub"
    if (beside / "templates").is_dir():
        return beside
    return Path(sys.prefix) / "share" / "coprod-site" / "themes" / "hub"


PACKAGE_THEME = _package_theme()


class ConfigError(Exception):
    """The configuration cannot be used; the message says what to change."""


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
    "max_front_matter_kb": int, "repo_url": str, "repo_branch": str,
}
_TABLES = {"kinds", "rules", "plain_words", "inclusive_language"}
_KIND_OF_VALUE = {str: "text in quotes", int: "a whole number", bool: "true or false",
                  (int, float): "a number"}
_KNOWN = set(_SCALARS) | _TABLES | {"theme", "redirects"}


def _as_toml(value) -> str:
    """A value as it was written in pyproject.toml, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"' if isinstance(value, str) else str(value)


def _closest(word: str, choices) -> str:
    match = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" Did you mean '{match[0]}'?" if match else ""


def load_config(root: Path) -> SiteConfig:
    """Read `[tool.coprod]` from `root/pyproject.toml` if there is one."""
    root = Path(root).resolve()
    if not root.is_dir():
        raise ConfigError(f"The folder {root} does not exist.")
    if not (root / "content").is_dir():
        raise ConfigError(
            f"There is no content/ folder in {root}. Run coprod in the site's folder, "
            "or point at it with -C DIR.")
    table = _read_table(root / "pyproject.toml")
    return _from_table(root, table)


def _read_table(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"pyproject.toml cannot be read: {error}.") from None
    table = data.get("tool", {}).get("coprod", {})
    if not isinstance(table, dict):
        raise ConfigError("pyproject.toml: [tool.coprod] must be a table.")
    return table


def _from_table(root: Path, table: dict) -> SiteConfig:
    values: dict = {}
    for key, value in table.items():
        if key not in _KNOWN:
            raise ConfigError(
                f"pyproject.toml: [tool.coprod] has an unknown setting '{key}'.{_closest(key, _KNOWN)}")
        if key in _SCALARS:
            wanted = _SCALARS[key]
            if isinstance(value, bool) and wanted is not bool or not isinstance(value, wanted):
                raise ConfigError(f"pyproject.toml: [tool.coprod] {key} must be "
                                  f"{_KIND_OF_VALUE[wanted]}, not {_as_toml(value)}.")
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
    if not str(values.get("base_url", "https://")).startswith(("http://", "https://")):
        raise ConfigError("pyproject.toml: [tool.coprod] base_url must start with https://.")
    if "base_url" in values and not values["base_url"].endswith("/"):
        values["base_url"] += "/"
    if "repo_url" in table:
        values["repo_url"] = _repo_url(table["repo_url"])
    if not re.fullmatch(r"[^\s~^:?*\[\\]+", values.get("repo_branch", "main")):
        raise ConfigError("pyproject.toml: [tool.coprod] repo_branch must be a branch name "
                          "with no spaces, such as \"main\".")
    for key in ("review_every", "page_size"):
        if key in values and values[key] < 1:
            raise ConfigError(f"pyproject.toml: [tool.coprod] {key} must be 1 or more.")
    if "theme" in table:
        theme = (root / str(table["theme"])).resolve()
        if not (theme / "templates").is_dir():
            raise ConfigError(f"pyproject.toml: the theme folder {table['theme']} has no templates/ folder.")
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
            raise ConfigError(str(error)) from None
    return SiteConfig(root=root, **values)


def _repo_url(value: str) -> str:
    """The repository's web address, without a trailing slash or `.git`."""
    parts = urlsplit(value.strip())
    if parts.scheme != "https" or not parts.hostname or parts.path.strip("/").count("/") < 1 \
            or parts.query or parts.fragment or any(c.isspace() for c in value.strip()):
        raise ConfigError(f"pyproject.toml: [tool.coprod] repo_url must be the repository's web "
                          f"address, like \"https://github.com/owner/hub\", not {_as_toml(value)}.")
    return value.strip().rstrip("/").removesuffix(".git")


def _readability(kinds) -> dict[str, Readability]:
    result = dict(DEFAULT_READABILITY)
    if not isinstance(kinds, dict):
        raise ConfigError("pyproject.toml: [tool.coprod.kinds] must be a table.")
    for kind, settings in kinds.items():
        if kind not in result:
            raise ConfigError(f"pyproject.toml: [tool.coprod.kinds] has an unknown kind '{kind}'."
                              f"{_closest(kind, result)}")
        if not isinstance(settings, dict):
            raise ConfigError(f"pyproject.toml: [tool.coprod.kinds.{kind}] must be a table.")
        base = result[kind]
        allowed = {"reading_ease_floor", "reading_ease_target", "long_sentence"}
        for key, value in settings.items():
            if key not in allowed:
                raise ConfigError(f"pyproject.toml: [tool.coprod.kinds.{kind}] has an unknown "
                                  f"setting '{key}'.{_closest(key, allowed)}")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(f"pyproject.toml: [tool.coprod.kinds.{kind}] {key} must be a number.")
        result[kind] = Readability(settings.get("reading_ease_floor", base.floor),
                                   settings.get("reading_ease_target", base.target),
                                   int(settings.get("long_sentence", base.long_sentence)))
    return result


def _severities(rules) -> dict[str, Severity]:
    result = {}
    if not isinstance(rules, dict):
        raise ConfigError("pyproject.toml: [tool.coprod.rules] must be a table.")
    for code, level in rules.items():
        if code not in RULES:
            raise ConfigError(f"pyproject.toml: [tool.coprod.rules] names an unknown rule '{code}'."
                              f"{_closest(code, RULES)}")
        if level not in ("error", "warning", "off"):
            raise ConfigError(f"pyproject.toml: [tool.coprod.rules] {code} must be "
                              "\"error\", \"warning\" or \"off\".")
        rank = {"off": 0, "info": 1, "warning": 2, "error": 3}
        if code.startswith("CP2") and rank[level] < rank[RULES[code].severity.value]:
            raise ConfigError(f"pyproject.toml: [tool.coprod.rules] {code} is a consent rule "
                              "and cannot be made weaker.")
        result[code] = Severity(level)
    return result


def _redirects(items) -> tuple[Redirect, ...]:
    result = []
    for item in items if isinstance(items, list) else [None]:
        if not isinstance(item, dict) or not {"from", "to"} <= set(item):
            raise ConfigError('pyproject.toml: each [[tool.coprod.redirects]] needs "from" and "to".')
        source, target = str(item["from"]), str(item["to"])
        if not source.startswith("/") or any(c.isspace() for c in source + target):
            raise ConfigError(f"pyproject.toml: the redirect from {source!r} must start with / "
                              "and have no spaces.")
        status = item.get("status", 301)
        if isinstance(status, bool) or not isinstance(status, int) or not 200 <= status <= 599:
            raise ConfigError(f"pyproject.toml: the redirect from {source!r} has status "
                              f"{_as_toml(status)}; use an HTTP status number such as 301.")
        result.append(Redirect(source, target, status))
    return tuple(result)
