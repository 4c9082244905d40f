"""The content schema is the one source: the contract, the /admin/ editor, `coprod new` and
the names in messages all follow its field table."""

from dataclasses import replace
from datetime import date

import pytest
import yaml

from conftest import load, make_site
from coprod_site import scaffold
from coprod_site.commands.common import UsageError
from coprod_site.config import load_config
from coprod_site.content import contract, schema, wording
from coprod_site.content.model import Kind
from coprod_site.site import admin

TODAY = date(2026, 4, 1)


class Site:
    topics, audiences = {}, {}


def walk(fields, prefix=""):
    """(dotted path, field) for every field and sub-field."""
    for field in fields:
        yield prefix + field.name, field
        yield from walk(field.fields, f"{prefix}{field.name}.")


def decap(fields, prefix=""):
    for field in fields:
        yield prefix + field["name"], field
        yield from decap(field.get("fields", []), f"{prefix}{field['name']}.")


def test_every_contract_key_is_a_schema_field():
    assert contract.KEYS == tuple(f.name for f in schema.FIELDS)
    assert contract.KEYS == ("title", "summary", "topics", "audiences", "published", "updated",
                             "reviewed", "status", "lang", "co_producers", "content_warnings",
                             "easy_read", "related", "sources", "people", "media", "checks",
                             "kind", "slug")
    assert schema.FIELD["people"].keys == ("ref", "shown_as", "aliases", "anonymous", "consent")
    assert schema.FIELD["people"].sub("consent").keys == (
        "record", "given", "expires", "withdrawn", "covers", "under_18", "guardian")
    assert schema.FIELD["media"].keys == ("file", "alt", "caption", "shows")
    for path, field in walk(schema.FIELDS):
        assert field.type in admin.WIDGETS, path
        assert field.label and field.hint.endswith((".", "'")), path
        assert "{" not in field.hint, path
        assert bool(field.fields) == (field.type in ("records", "object")), path


def filled(fields) -> dict:
    """Front matter with every field that has an example set to it, entries included."""
    out = {}
    for field in fields:
        if field.type == "records":
            out[field.name] = [filled(field.fields)]
        elif field.example is not None:
            out[field.name] = field.example
        elif field.fields:
            out[field.name] = filled(field.fields)
    return out


def test_the_examples_are_valid_front_matter(tmp_path):
    """Each example the table shows contributors passes the contract, and every key in the
    table is one the contract reads (none is reported as unknown)."""
    example = filled(schema.FIELDS)
    assert set(walk_dict(example)) >= {p for p, f in walk(schema.FIELDS) if f.example}
    text = "---\n" + yaml.safe_dump(example, sort_keys=False) + "---\n\nBody.\n"
    site, found = load(make_site(tmp_path, {"content/case-studies/sam.md": text}))
    assert [d for d in found if d.code in ("CP102", "CP103", "CP104", "CP105")] == []
    [story] = site.resources
    person, media = example["people"][0], example["media"][0]
    read = [(story, key) for key in example if key != "checks"] + [(story, "ignore")] + \
        [(story.people[0], key) for key in person] + \
        [(story.people[0].consent, key) for key in person["consent"]] + \
        [(story.media[0], key) for key in media]
    assert [(type(item).__name__, key) for item, key in read if not getattr(item, key)] == []


def walk_dict(data, prefix=""):
    for key, value in data.items():
        yield prefix + key
        value = value[0] if isinstance(value, list) and value and isinstance(value[0], dict) \
            else value
        if isinstance(value, dict):
            yield from walk_dict(value, f"{prefix}{key}.")


def test_the_decap_fields_are_the_schema_fields():
    for kind in Kind:
        fields = dict(decap(admin.fields_for(kind, Site)))
        table = dict(walk(f for f in schema.FIELDS if f.name not in admin.NOT_IN_FORM))
        assert set(fields) == set(table) | {"body"}
        for path, field in table.items():
            made = fields[path]
            assert made["label"] == field.label, path
            assert made["hint"].startswith(field.hint), path
            assert made["widget"] == admin.WIDGETS[field.type], path
            if field.limit:
                assert made["pattern"][1] == f"Use {field.limit} characters or fewer.", path


def test_a_changed_field_changes_the_editor_the_contract_and_coprod_new(tmp_path, monkeypatch):
    """Change the title's limit and help in a copy of the table: the Decap field, the
    contract's CP104 and `coprod new`'s check all follow."""
    title = replace(schema.FIELD["title"], limit=20, help="At most {limit} characters.")
    fields = tuple(title if f.name == "title" else f for f in schema.FIELDS)
    monkeypatch.setattr(admin, "FIELDS", fields)
    monkeypatch.setitem(schema.FIELD, "title", title)
    made = admin.fields_for(Kind.GUIDE, Site)[0]
    assert (made["hint"], made["pattern"]) == (
        "At most 20 characters.", ["^.{1,20}$", "Use 20 characters or fewer."])
    root = make_site(tmp_path, {})
    with pytest.raises(UsageError) as raised:
        scaffold.new_file(load_config(root), "guide", "A title of twenty-one", TODAY)
    assert str(raised.value) == "the title has 21 characters; the most allowed is 20"
    text = ("---\ntitle: A title of twenty-one\nsummary: Fine.\ntopics: [payment]\n"
            "published: 2026-03-14\n---\n\nBody.\n")
    _, found = load(make_site(tmp_path / "b", {"content/guides/x.md": text}))
    assert [(d.code, d.message) for d in found] == [
        ("CP104", "'title' has 21 characters; the most allowed is 20.")]


def test_a_changed_example_changes_the_message(tmp_path, monkeypatch):
    monkeypatch.setitem(schema.FIELD, "topics", replace(schema.FIELD["topics"],
                                                        example=["involvement"]))
    text = "---\ntitle: T\nsummary: S.\npublished: 2026-03-14\n---\n\nBody.\n"
    _, found = load(make_site(tmp_path, {"content/guides/x.md": text}))
    assert [d.suggestion for d in found] == ["Add a line like: topics: [involvement]"]


@pytest.mark.parametrize("kind", list(Kind))
def test_coprod_new_writes_exactly_the_schema_keys_for_its_kind(tmp_path, kind):
    root = make_site(tmp_path, {})
    path = scaffold.new_file(load_config(root), kind.value, "A new one", TODAY)
    front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    expected = [f.name for f in schema.FIELDS
                if f.required_for(kind) or f.name == "status"]
    assert list(front) == expected == [f.name for f in schema.new_keys(kind)]
    assert front["status"] == schema.FIELD["status"].new == "draft"
    assert front["summary"] == schema.FIELD["summary"].new == scaffold.PLACEHOLDER_SUMMARY


def test_messages_name_keys_as_the_table_calls_them():
    for path, field in walk(schema.FIELDS):
        inner = path.split(".", 1)[1] if "." in path else ""
        if field.called:
            assert wording.FIELDS[inner] == field.called
            assert wording.key_name(f"{path.split('.')[0]}.0.{inner}", {}).startswith(
                f"the {field.called} of the first ")
    assert wording.LISTS["people"] == "person"
    assert wording.date_hint("14/03/2026") == schema.DATE.description


def test_a_ref_must_fit_its_pattern(tmp_path):
    text = ("---\ntitle: T\nsummary: S.\ntopics: [payment]\npublished: 2026-03-14\n"
            "people:\n  - ref: Sam Jones\n    shown_as: Sam\n    consent:\n      record: CF-1\n"
            "      given: 2026-02-10\n      covers: [story, name]\n---\n\nSam.\n")
    _, found = load(make_site(tmp_path, {"content/case-studies/x.md": text}))
    assert [(d.code, d.line, d.message, d.suggestion) for d in found if d.code == "CP104"] == [
        ("CP104", 7, "The ref of the first person, Sam, can only use lowercase letters a to z, "
         "numbers and hyphens, not 'Sam Jones'.", "Try 'sam-jones', and use it in 'shows' too.")]
