"""The word lists behind CP303 (plain words) and CP401 (inclusive language).

Both ship as YAML in `coprod_site/data/` (phrase -> what to write instead), so every site
starts from the same careful lists, and a site adjusts them in its configuration:

    [tool.coprod.plain_words]
    add = { "leverage" = "use", "going forward" = "from now on" }
    remove = ["approximately"]

A bad shape is refused when the configuration is read, with a message that says what to
write, because a list that silently ignores a setting would give contributors wrong advice.
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
LISTS = ("plain_words", "inclusive_language")


class WordListError(ValueError):
    """A site's changes to a word list cannot be used; the message says what to change.
    `at`: the setting it is about inside the table ("add", "remove")."""

    def __init__(self, message: str, at: tuple = ()):
        super().__init__(message)
        self.at = at


CONTEXTS = ("any", "group-noun")


@lru_cache(maxsize=None)
def _entries(name: str) -> dict[str, tuple[str, str]]:
    """Lower-case phrase -> (suggestion, context), as the list ships. An entry is either
    `phrase: suggestion` (any context) or `phrase: {instead: ..., context: ...}`."""
    data = yaml.safe_load((DATA / f"{name}.yml").read_text(encoding="utf-8"))
    entries = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = (str(value["instead"]), str(value.get("context", "any")))
        else:
            value = (str(value), "any")
        if value[1] not in CONTEXTS:
            raise ValueError(f"{name}.yml: '{key}' has an unknown context '{value[1]}'")
        entries[" ".join(str(key).lower().split())] = value
    return entries


def shipped(name: str) -> dict[str, str]:
    """The list as it ships: lower-case phrase -> suggestion."""
    return {phrase: suggestion for phrase, (suggestion, _) in _entries(name).items()}


def contexts(name: str) -> dict[str, str]:
    """Phrase -> the context it applies in, for shipped entries that apply in only one
    (a site's own additions apply anywhere)."""
    return {phrase: context for phrase, (_, context) in _entries(name).items()
            if context != "any"}


def overrides(name: str, table: dict) -> dict:
    """A site's `[tool.coprod.<name>]`, checked: `{"add": {phrase: hint}, "remove": (...)}`."""
    where = f"pyproject.toml: [tool.coprod.{name}]"
    example = ('add = { "leverage" = "use" } and remove = ["approximately"]'
               if name == "plain_words" else
               'add = { "the needy" = "people on low incomes" } and remove = ["service users"]')
    if not isinstance(table, dict):
        raise WordListError(f"{where} must be a table, like: {example}.")
    for key in table:
        if key not in ("add", "remove"):
            guess = difflib.get_close_matches(str(key), ["add", "remove"], n=1, cutoff=0.5)
            hint = f" Did you mean '{guess[0]}'?" if guess else ""
            raise WordListError(f"{where} has an unknown setting '{key}'; it takes only add "
                                f"and remove.{hint}", (key,))
    add = table.get("add", {})
    if not isinstance(add, dict) or not all(
            isinstance(v, str) and v.strip() and str(k).strip() for k, v in add.items()):
        raise WordListError(f"{where} add must map each word or phrase to a suggestion, "
                            f"like: {example}.", ("add",))
    remove = table.get("remove", [])
    if not isinstance(remove, list) or not all(isinstance(w, str) for w in remove):
        raise WordListError(f"{where} remove must be a list of words, like: {example}.",
                            ("remove",))
    known = shipped(name)
    for word in remove:
        if " ".join(word.lower().split()) not in known:
            guess = difflib.get_close_matches(word.lower(), known, n=1, cutoff=0.6)
            hint = f" Did you mean '{guess[0]}'?" if guess else ""
            raise WordListError(f"{where} remove names '{word}', which is not in the list."
                                + (hint or " Take it out of remove."), ("remove",))
    return {"add": {" ".join(k.lower().split()): v.strip() for k, v in add.items()},
            "remove": tuple(" ".join(w.lower().split()) for w in remove)}


def word_list(name: str, changes: dict) -> dict[str, str]:
    """The list a site uses: the shipped one with the site's changes applied."""
    result = {k: v for k, v in shipped(name).items() if k not in changes.get("remove", ())}
    result.update(changes.get("add", {}))
    return result
