"""Diagnostics for people and for machines: text, json, github and sarif."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import replace

from coprod_site import __version__
from coprod_site.diagnostics import RULES, Diagnostic, Severity, count
from coprod_site.names import find_names, name_key, names_pattern

COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
RECORD_WORD = "on file"
REFS_ONLY_HELP = ("name people by their ref, never by name or consent record (for CI "
                  "annotations and issues)")


def refs_only(diagnostics, register) -> list[Diagnostic]:
    """The diagnostics as they may be shown outside the repository (CI annotations of a
    scheduled run, an issue it opens): every name of everyone in the people register
    (`index.SiteIndex.people`: `shown_as`, `aliases`, and the names in `_data/withdrawn.yml`)
    becomes `ref <ref>` (or the withdrawn.yml line), and every consent record reference becomes
    "on file" (content.md, "Consent across the hub"). Names match as whole words in any letter
    case, as the hub-wide name check matches them, and also as a slug writes them (see
    `_name_pattern`), and however else they are written (`names.fold`)."""
    replacements = {}
    for someone in register.people.values():
        person = someone.person
        label = f"ref {person.ref}" if person else \
            f"the name on line {someone.line} of {someone.rel}"
        for name in (someone.shown_as, *someone.names):
            if name.strip():
                replacements[name.strip()] = label
        if person is not None and person.consent is not None and person.consent.record.strip():
            replacements[person.consent.record.strip()] = RECORD_WORD
    if not replacements:
        return list(diagnostics)
    ordered = sorted(replacements, key=len, reverse=True)     # "Sam Okafor" before "Sam"
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(
        f"(?P<n{i}>{_name_pattern(name)})" for i, name in enumerate(ordered)) + r")(?!\w)",
        re.IGNORECASE)
    by_group = {f"n{i}": replacements[name] for i, name in enumerate(ordered)}

    names = [n for n, label in replacements.items() if label != RECORD_WORD]
    folded = names_pattern(names)
    by_key = {name_key(n): replacements[n] for n in names}

    def redact(text: str | None) -> str | None:
        if not text:
            return text
        spans = [(m.start(), m.end(), by_group[m.lastgroup]) for m in pattern.finditer(text)]
        spans += [(f.start, f.end, by_key[key]) for f in find_names(folded, text)  # "Ｚｏë"
                  if (key := name_key(f.text)) in by_key]
        out, at = [], 0
        for start, end, label in sorted(spans, key=lambda s: (s[0], s[0] - s[1])):
            if start >= at:
                out += [text[at:start], label]
                at = end
        return "".join(out) + text[at:]
    return [replace(d, message=redact(d.message), suggestion=redact(d.suggestion))
            for d in diagnostics]


def _name_pattern(name: str) -> str:
    """A regular expression for `name` as written in text or in a slug: words joined by spaces,
    hyphens or underscores; an apostrophe written, left out or turned into a hyphen
    ("O'Neill", "oneill", "o-neill"); an accented letter with or without its accent."""
    def letter(char: str) -> str:
        if char in "'’":
            return r"['’\s_-]?"
        base = unicodedata.normalize("NFKD", char)[0]
        return f"[{re.escape(char)}{re.escape(base)}]" if base != char else re.escape(char)
    return r"[\s_-]+".join("".join(map(letter, word)) for word in re.split(r"[\s_-]+", name))


def summary(diagnostics: list[Diagnostic], files: int) -> dict:
    return {"errors": count(diagnostics, Severity.ERROR),
            "warnings": count(diagnostics, Severity.WARNING), "files": files}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def text(diagnostics: list[Diagnostic], files: int, colour: bool = False) -> str:
    out, last = [], None
    for d in diagnostics:
        if last is not None and d.file != last:
            out.append("")
        last = d.file
        severity = d.severity.value
        if colour:
            severity = f"{COLOURS.get(d.severity, '')}{severity}\033[0m"
        out.append(f"{d.file}:{d.line}:{d.column}: {severity} {d.code} {d.name}: {d.message}")
        if d.suggestion:
            out.extend(f"    {line}" for line in f"What to do: {d.suggestion}".split("\n"))
    s = summary(diagnostics, files)
    if out:
        out.append("")
    if s["errors"] or s["warnings"]:
        out.append(f"{_plural(s['errors'], 'error')} and {_plural(s['warnings'], 'warning')} "
                   f"in {_plural(files, 'file')} checked.")
    else:
        out.append(f"No problems found in {_plural(files, 'file')} checked.")
    return "\n".join(out)


def withdrawn(plan) -> list[str]:
    """A line for each page the plan leaves out of the site (`build` and `serve` say them)."""
    return [f"Withdrawn: {rel} is left out of the site because {reason}. Its address "
            f"{resource.url} now tells visitors the page has gone (410 Gone)."
            for rel, (resource, reason) in sorted(plan.withdrawn.items())]


def as_json(diagnostics: list[Diagnostic], pages: list[dict], files: int) -> str:
    return json.dumps({
        "diagnostics": [{"file": d.file, "line": d.line, "column": d.column,
                         "severity": d.severity.value, "code": d.code, "name": d.name,
                         "message": d.message, "suggestion": d.suggestion} for d in diagnostics],
        "pages": pages,
        "summary": summary(diagnostics, files)}, indent=2, ensure_ascii=False)


def _escape_github(value: str, property_: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_ else value


def github(diagnostics: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands: one annotation per diagnostic."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for d in diagnostics:
        message = d.message + (f" {d.suggestion}" if d.suggestion else "")
        props = ",".join([f"file={_escape_github(d.file, True)}", f"line={d.line}",
                          f"col={d.column}", f"title={_escape_github(f'{d.code} {d.name}', True)}"])
        lines.append(f"::{level[d.severity]} {props}::{_escape_github(message)}")
    return "\n".join(lines)


def sarif(diagnostics: list[Diagnostic]) -> str:
    """SARIF 2.1.0, with every rule listed so rule indexes are stable across runs."""
    codes = sorted(RULES)
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    rules = [{"id": code, "name": RULES[code].name,
              "shortDescription": {"text": RULES[code].summary},
              "defaultConfiguration": {"level": level.get(RULES[code].severity, "warning")}}
             for code in codes]
    results = [{
        "ruleId": d.code, "ruleIndex": codes.index(d.code), "level": level[d.severity],
        "message": {"text": d.message + (f" {d.suggestion}" if d.suggestion else "")},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": d.file, "uriBaseId": "SRCROOT"},
            "region": {"startLine": d.line, "startColumn": d.column}}}],
    } for d in diagnostics]
    return json.dumps({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "coprod", "version": __version__,
                                      "informationUri": "https://github.com/coprod-site/coprod-site",
                                      "rules": rules}},
                  "columnKind": "unicodeCodePoints", "results": results}]}, indent=2)
