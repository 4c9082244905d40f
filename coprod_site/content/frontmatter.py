"""Reading a content file and splitting off its YAML front matter.

PyYAML's safe loader, with three changes for this job:
- dates stay strings, so `2026-13-45` is our clear CP104 message, not a crash in the parser;
- aliases and anchors are refused, so a small file cannot expand into gigabytes;
- every key keeps its line and column, so messages point at the line to fix.

Where PyYAML was built with libyaml, its C parser reads the events (the slow part in pure
Python) and PyYAML's own composer and constructor build the nodes from them, so the refusals
and positions above are the same code either way. Front matter the C parser cannot read, or
that holds a character YAML does not allow, is read again by the pure-Python loader, whose
messages the contributor sees.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.reader import Reader
from yaml.resolver import Resolver

from coprod_site.content.schema import FIELD, example_line
from coprod_site.diagnostics import Diagnostic, diagnostic
from coprod_site.packed import pack, unpack


class _Refused(yaml.MarkedYAMLError):
    """An alias or anchor: refused before it can expand."""


class _Duplicate(yaml.MarkedYAMLError):
    """A key written twice in one mapping: YAML would silently keep only the last."""


class _Refusals:
    """No aliases, no duplicate keys (mixed into a safe loader)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise _Duplicate(None, None, key_node.value, key_node.start_mark)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep)

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused(None, None, "alias", event.start_mark)
        if getattr(event, "anchor", None):
            raise _Refused(None, None, "anchor", event.start_mark)
        return super().compose_node(parent, index)


class _Loader(_Refusals, yaml.SafeLoader):
    """Safe loader with no aliases, no duplicate keys and no implicit timestamps."""


_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.yaml_implicit_resolvers = _RESOLVERS

if yaml.__with_libyaml__:
    from yaml.cyaml import CParser

    class _FastLoader(_Refusals, Composer, CParser, SafeConstructor, Resolver):
        """libyaml's parser under PyYAML's composer, constructor and our refusals."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _FastLoader.yaml_implicit_resolvers = _RESOLVERS
else:
    _FastLoader = None


def _load(loader_class, source: str):
    """(data, root node) of one YAML document."""
    loader = loader_class(source)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


@dataclass
class FrontMatter:
    data: dict
    positions: dict[str, tuple[int, int]]   # "people.0.consent" -> (line, column) in the file
    markdown: str | bytes                   # the body: Markdown after the front matter,
    body_line: int                          # packed (`packed.pack`); `body` is its text

    @property
    def body(self) -> str:
        return unpack(self.markdown)

    def line(self, path: str, default: int = 1) -> int:
        return self.positions.get(path, (default, 1))[0]

    def position(self, path: str) -> tuple[int, int]:
        return self.positions.get(path, (1, 1))


def decode(raw: bytes, rel: str) -> tuple[str | None, Diagnostic | None]:
    """Bytes to text: UTF-8 (a BOM is fine), Windows line endings made plain."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, diagnostic(
            "CP100", rel, line, column,
            "This file is not saved as UTF-8 text, so it cannot be read.",
            "Open it in your editor and save it again with the encoding set to UTF-8.")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def split(text: str, rel: str, max_bytes: int) -> tuple[FrontMatter | None, Diagnostic | None]:
    """Split `---` front matter from the body and parse it safely."""
    if not text.strip():
        return None, diagnostic(
            "CP101", rel, 1, 1, "This file is empty.",
            "Start it with front matter: a line of ---, then lines such as title: and "
            "summary:, then another line of ---. Or run coprod new to make one.")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None, diagnostic(
            "CP101", rel, 1, 1, "This file has no front matter at the top.",
            "The first line must be --- on its own, followed by lines such as title: and "
            "summary:, and then another line of ---.")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return None, diagnostic(
            "CP101", rel, 1, 1, "The front matter starts with --- but never ends.",
            "Add a line with only --- after the last front matter line, before the text.")
    source = "\n".join(lines[1:end])
    if len(source.encode("utf-8")) > max_bytes:
        return None, diagnostic(
            "CP101", rel, 2, 1,
            f"The front matter is larger than {max_bytes // 1024} KB, so it was not read.",
            "Front matter holds short details only; move long text into the body.")
    try:
        data, node = _read(source)
    except _Refused as error:
        mark = error.problem_mark
        return None, diagnostic(
            "CP101", rel, mark.line + 2, mark.column + 1,
            f"The front matter uses a YAML {error.problem} "
            f"({'&' if error.problem == 'anchor' else '*'}name), which is not allowed.",
            "Write the value out in full where it is needed.")
    except _Duplicate as error:
        mark = error.problem_mark
        return None, diagnostic(
            "CP101", rel, mark.line + 2, mark.column + 1,
            f"The key '{error.problem}' is written twice, so one of its values would be lost.",
            "Delete one of the two lines, keeping the value you want.")
    except yaml.MarkedYAMLError as error:
        mark, problem, suggestion = _runaway_quote(source, error) or _explain(error)
        line = mark.line + 2 if mark else 2
        column = mark.column + 1 if mark else 1
        return None, diagnostic(
            "CP101", rel, line, column, f"The front matter is not valid YAML: {problem}.",
            suggestion)
    except yaml.reader.ReaderError as error:
        before = source[:error.position]
        return None, diagnostic(
            "CP101", rel, before.count("\n") + 2, len(before) - (before.rfind("\n") + 1) + 1,
            f"The front matter has a hidden control character (U+{error.character:04X}) here, "
            "which YAML does not allow.", "Delete it. It usually comes from copying text out "
            "of another program.")
    except yaml.YAMLError as error:
        return None, diagnostic("CP101", rel, 2, 1, f"The front matter is not valid YAML: {error}.",
                                _GENERAL_ADVICE)
    except RecursionError:
        return None, diagnostic(
            "CP101", rel, 2, 1, "The front matter has lists or groups nested so deeply that "
            "it cannot be read.", "Front matter holds short details only; write each one as "
            "a simple key: value line.")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, diagnostic(
            "CP101", rel, 2, 1, "The front matter must be a list of 'key: value' lines.",
            "Write each detail on its own line, like: " + example_line(FIELD["title"]))
    positions: dict[str, tuple[int, int]] = {}
    _positions(node, "", positions)
    return FrontMatter(data, positions, pack("\n".join(lines[end + 1:])), end + 2), None


def _read(source: str):
    """(data, node): quickly where libyaml can, else (or on any problem) exactly as PyYAML."""
    if _FastLoader is not None and not Reader.NON_PRINTABLE.search(source):
        try:
            return _load(_FastLoader, source)
        except (yaml.YAMLError, RecursionError):
            pass
    return _load(_Loader, source)


_GENERAL_ADVICE = ("Check this line for a missing colon, an unclosed quote, a tab, or "
                   "indentation that does not line up with the lines around it.")
_QUOTE_ADVICE = ('If the value contains a colon or starts with a symbol, put the whole value '
                 'in double quotes, like: title: "Step 1: ask people first"')


def _runaway_quote(source: str, error: yaml.MarkedYAMLError):
    """A quoted value that runs on over several lines and ends on the line of the error
    (`title: "Paying people` with the next quote lines below): YAML gives up there, but the
    contributor should look where the quote opened. None when that is not the case."""
    if error.problem_mark is None:
        return None
    line = error.problem_mark.line
    try:
        for token in yaml.scan(source, Loader=yaml.SafeLoader):
            if token.start_mark.line > line:
                return None
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") \
                    and token.start_mark.line < token.end_mark.line == line:
                return (token.start_mark, f"a quote opened here is only closed on line "
                        f"{line + 2}, so the lines between became part of this value",
                        "Add the matching closing quote at the end of the value, on the same "
                        "line.")
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") \
                    and token.end_mark.line == line \
                    and token.end_mark.pointer < error.problem_mark.pointer \
                    and not source[token.end_mark.pointer:error.problem_mark.pointer].strip():
                return (error.problem_mark, "there is more text after the closing quote",
                        "Put the whole value inside the quotes, like: title: \"Paying people "
                        "for their time\", or take the quotes away.")
    except yaml.YAMLError:
        pass
    return None


def _explain(error: yaml.MarkedYAMLError):
    """PyYAML's message in plain English, at the mark a contributor should look at."""
    context, problem = error.context or "", (error.problem or "").rstrip(".")
    if "unknown escape character" in problem:
        return (error.problem_mark, f"a backslash (\\) inside double quotes starts a special "
                f"character, and \\{problem[-2]} is not one",
                "Put the value in single quotes instead of double quotes, or write two "
                "backslashes (\\\\) for one.")
    if ("alias" in context or "anchor" in context or "block scalar" in context) \
            and error.context_mark:
        symbol = error.context_mark.buffer[error.context_mark.pointer] \
            if error.context_mark.buffer else "a symbol"
        return error.context_mark, f"a value cannot start with '{symbol}'", _QUOTE_ADVICE + "."
    if "quoted scalar" in context and error.context_mark:
        return (error.context_mark, "a quote opened here is never closed",
                "Add the matching closing quote at the end of the value, on the same line.")
    if "flow sequence" in context and error.context_mark:
        return (error.context_mark, "a list opened here with [ is not closed with ]",
                "Close the list with ] on the same line, with a comma between items, like: "
                "topics: [payment, power-sharing]")
    if "flow mapping" in context and error.context_mark:
        return (error.context_mark, "a group opened here with { is not closed with }",
                "Close it with } on the same line.")
    mark = error.problem_mark or error.context_mark
    if r"'\t'" in problem:
        return mark, "this line has a tab in it", "Use spaces instead of tabs to indent."
    if "mapping values are not allowed" in problem:
        return (mark, "there is a colon (:) where YAML does not expect one",
                f"{_QUOTE_ADVICE}. Otherwise line this line up with the one above.")
    if "cannot start any token" in problem:
        return mark, f"a value cannot start with {problem.split()[2]}", _QUOTE_ADVICE + "."
    if problem == "expected the node content, but found ','" and "flow" in context:
        return (mark, "a list has two commas with nothing between them",
                "Delete one comma, or write the missing item between them, like: "
                "topics: [payment, power-sharing]")
    if problem.startswith("expected the node content, but found "):
        return mark, f"a value cannot start with {problem.rsplit(' ', 1)[1]}", _QUOTE_ADVICE + "."
    if problem in ("expected <block end>, but found '<block mapping start>'",
                   "expected <block end>, but found '?'"):
        return (mark, "this line is indented differently from the lines around it",
                "Line it up with the lines above it: each item of a list starts with '- ', and "
                "the details under an item line up with the first one.")
    if "could not find expected ':'" in problem:
        return (mark, "a line is missing the colon (:) after its key",
                "Write each detail as key: value, lined up with the lines around it.")
    if "constructor for the tag" in problem:
        return (mark, "it uses a YAML tag (a word starting with !), which is not allowed",
                "Remove the tag and write the value as plain text.")
    return mark, problem or "it cannot be read", _GENERAL_ADVICE


def _positions(node, path: str, out: dict) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = f"{path}.{key_node.value}" if path else str(key_node.value)
            out.setdefault(child, (key_node.start_mark.line + 2, key_node.start_mark.column + 1))
            out.setdefault(child + ":value",
                           (value_node.start_mark.line + 2, value_node.start_mark.column + 1))
            _positions(value_node, child, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = f"{path}.{index}"
            out.setdefault(child, (item.start_mark.line + 2, item.start_mark.column + 1))
            _positions(item, child, out)
