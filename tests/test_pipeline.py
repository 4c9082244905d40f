"""build.py: one function states the stages; commands and plugins call those stages and
nothing else assembles them; stage products are immutable; a cached build is byte-for-byte a
clean one."""

from __future__ import annotations

import ast
import dataclasses
import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from conftest import make_site, page, run
from test_build import same_bytes

import coprod_site
from coprod_site import cachefile
from coprod_site.build import Options, run as run_stages
from coprod_site.config import load_config

PACKAGE = Path(coprod_site.__file__).parent
# The stage functions' own modules, and the names only they may call.
STAGE_INTERNALS = {"load_site", "BodyParser", "parse_site", "index_site", "plan_site",
                   "page_checks", "file_checks", "render_site", "write_site"}
STAGE_HOMES = {"build.py", "parse.py", "publish.py", "site/__init__.py"}
COMMANDS_AND_PLUGINS = sorted(
    [p for p in (PACKAGE / "commands").glob("*.py")] + [PACKAGE / "cli.py"]
    + sorted((PACKAGE / "integrations").glob("*.py")))


def called_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.id if isinstance(func, ast.Name) else
                      func.attr if isinstance(func, ast.Attribute) else "")
    return names


@pytest.mark.parametrize("path", COMMANDS_AND_PLUGINS, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_commands_and_plugins_call_only_the_stage_functions(path):
    assert path.is_file()
    allowed = {"parse_site"} if path.parent.name == "integrations" else set()
    assert called_names(path) & (STAGE_INTERNALS - allowed) == set()


def test_every_command_module_is_checked():
    commands = {p.name for p in COMMANDS_AND_PLUGINS}
    assert {"check.py", "build.py", "new.py", "serve.py", "linkcheck.py",
            "consent.py", "mkdocs_plugin.py", "pelican_plugin.py"} <= commands


def test_only_the_stage_modules_put_the_stages_together():
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in STAGE_HOMES or path.parent.name == "integrations":
            continue
        used = called_names(path) & {"load_site", "parse_site", "index_site", "plan_site"}
        assert not used or rel in ("content/loader.py", "content/lifecycle.py", "index.py"), rel


def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, {
        "content/guides/paying.md": page(title="Paying people", body=(
            "Pay people on the day.\n\nSee the [check-in toolkit](../toolkits/check-in.md"
            "#how-to-run-it).\n"), related=["../toolkits/check-in.md"]),
        "content/toolkits/check-in.md": page(title="Check-in toolkit",
                                             body="## How to run it\n\nAsk how people are.\n"),
        "content/guides/other.md": page(title="Another guide", body="Say thank you.\n"),
        "content/pages/about.md": page(title="About us", topics=None, published=None),
        "content/_data/glossary.yml": "check-in:\n  definition: A short talk at the start.\n",
    })


def test_stage_products_are_frozen(tmp_path):
    result = run_stages(load_config(site(tmp_path)), Options(today=date(2026, 6, 1)))
    resource = result.site.resources[0]
    for product, field in ((result, "diagnostics"), (result.site, "resources"),
                           (resource, "title"), (resource.doc, "html"), (result.plan, "today"),
                           (result.index, "by_rel"), (resource.doc.blocks[0], "text")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(product, field, None)
    with pytest.raises(TypeError):
        result.index.by_rel["content/x.md"] = resource


def test_a_rebuild_with_the_cache_is_the_same_as_a_clean_build(tmp_path):
    root = site(tmp_path / "cached")
    assert run(root, "build", "--today", "2026-06-01")[0] == 0
    assert list((root / ".coprod-cache" / "parse").iterdir())
    edited = root / "content/toolkits/check-in.md"
    edited.write_text(edited.read_text().replace("## How to run it", "## How to run it well"))
    paying = root / "content/guides/paying.md"
    paying.write_text(paying.read_text().replace("#how-to-run-it", "#how-to-run-it-well"))
    assert run(root, "build", "--today", "2026-06-01")[0] == 0      # with the cache
    clean = tmp_path / "clean"
    shutil.copytree(root / "content", clean / "content")
    assert run(clean, "build", "--today", "2026-06-01", "--no-cache")[0] == 0
    assert not (clean / ".coprod-cache").exists()
    assert "how-to-run-it-well" in (root / "public/guides/paying/index.html").read_text()
    assert same_bytes(root / "public", clean / "public")


def more_words(path: Path) -> None:
    path.write_text(path.read_text() + "\nWe ask people what they need. " * 60)


def new_title(path: Path) -> None:
    path.write_text(path.read_text().replace("title: Another guide", "title: Saying thanks"))


def new_page_title(path: Path) -> None:
    path.write_text(path.read_text().replace("title: About us", "title: Who we are"))


def new_definition(path: Path) -> None:
    path.write_text("check-in:\n  definition: A few words each at the start.\n")


def made_a_draft(path: Path) -> None:
    path.write_text(path.read_text().replace("title: Check-in toolkit",
                                             "title: Check-in toolkit\nstatus: draft"))


@pytest.mark.parametrize("file, edit, today", [
    ("content/guides/paying.md", more_words, "2026-06-01"),      # its reading time on listings
    ("content/toolkits/check-in.md", more_words, "2026-06-01"),  # ... and as a related card
    ("content/guides/other.md", new_title, "2026-06-01"),        # its title on every listing
    ("content/pages/about.md", new_page_title, "2026-06-01"),    # in every page's footer
    ("content/_data/glossary.yml", new_definition, "2026-06-01"),
    ("content/toolkits/check-in.md", made_a_draft, "2026-06-01"),  # a link to it, plain text
    (None, None, "2027-09-01"),                                  # a new build date
])
def test_a_page_is_rendered_again_whenever_what_it_shows_changed(tmp_path, file, edit, today):
    root = site(tmp_path / "cached")
    assert run(root, "build", "--today", "2026-06-01")[0] == 0
    kept = {p.read_bytes()[32:] for p in (root / ".coprod-cache/rendered").iterdir()}
    assert kept and kept <= {p.read_bytes() for p in (root / "public").rglob("*.html")}
    (root / ".coprod-cache/rendered.pickle").write_bytes(b"every page, as earlier code kept")
    if edit:
        edit(root / file)
    assert run(root, "build", "--today", today)[0] == 0            # with the cache
    assert not (root / ".coprod-cache/rendered.pickle").exists()
    clean = tmp_path / "clean"
    shutil.copytree(root / "content", clean / "content")
    assert run(clean, "build", "--today", today, "--no-cache")[0] == 0
    assert same_bytes(root / "public", clean / "public")


def test_a_page_is_rendered_again_when_a_picture_in_it_changes(tmp_path):
    """Not the page's file: the image it shows, whose size is in the page's HTML."""
    root = make_site(tmp_path / "cached", {
        "content/guides/a.md": page(body="Ask people what they need.\n\n"
                                    "![Chairs in a circle](../media/room.png)\n"),
        "content/media/room.png": saved_png(Image.new("RGB", (300, 200), (200, 40, 40)))})
    assert run(root, "build", "--today", "2026-06-01")[0] == 0
    (root / "content/media/room.png").write_bytes(saved_png(Image.new("RGB", (200, 300))))
    assert run(root, "build", "--today", "2026-06-01")[0] == 0
    assert 'width="200" height="300"' in (root / "public/guides/a/index.html").read_text()
    clean = tmp_path / "clean"
    shutil.copytree(root / "content", clean / "content")
    assert run(clean, "build", "--today", "2026-06-01", "--no-cache")[0] == 0
    assert same_bytes(root / "public", clean / "public")


def saved_png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_a_cache_made_by_other_code_is_never_read(tmp_path, monkeypatch):
    """As after an upgrade of coprod-site (or an install from another branch) with the cache
    kept between CI builds: front matter, parses and pages are all made again."""
    root = site(tmp_path)
    cache = root / ".coprod-cache"
    assert run(root, "build", "--today", "2026-06-01")[0] == 0
    before = {"parse": {p.name for p in (cache / "parse").iterdir()},
              "rendered": {p.name for p in (cache / "rendered").iterdir()},
              "front matter": set(cachefile.load(cache / "front-matter.pickle"))}
    monkeypatch.setattr(cachefile, "code", lambda: "0.1.0-other")
    assert run(root, "build", "--today", "2026-06-01")[0] == 0
    after = {"parse": {p.name for p in (cache / "parse").iterdir()} - before["parse"],
             "rendered": {p.name for p in (cache / "rendered").iterdir()},
             "front matter": set(cachefile.load(cache / "front-matter.pickle"))}
    assert {kind: len(keys) for kind, keys in after.items()} == \
        {kind: len(keys) for kind, keys in before.items()}
    assert all(not after[kind] & before[kind] for kind in before)
    assert {key[-1] for key in after["front matter"]} == {"0.1.0-other"}


def test_a_kept_page_copied_over_another_is_rendered_again(tmp_path):
    """Each kept page is checked against its own key, not only its bytes; a folder among
    them does not stop the pages no build uses from going."""
    root = site(tmp_path / "site")
    assert run(root, "build", "--today", "2026-06-01")[0] == 0
    clean = tmp_path / "clean"
    shutil.copytree(root / "public", clean)
    kept = sorted((root / ".coprod-cache/rendered").iterdir())
    for other in kept[1:]:
        shutil.copyfile(kept[0], other)             # every file holds the first page
    (root / ".coprod-cache/rendered/a-folder.html").mkdir()
    (root / ".coprod-cache/rendered/unused.html").write_text("a page no build uses")
    assert run(root, "build", "--today", "2026-06-01")[0] == 0
    assert same_bytes(root / "public", clean)
    assert not (root / ".coprod-cache/rendered/unused.html").exists()


def test_the_cache_never_hides_an_edit(tmp_path):
    root = site(tmp_path)
    assert run(root, "check", "--today", "2026-06-01")[0] == 0
    other = root / "content/guides/other.md"
    other.write_text(other.read_text().replace("Say thank you.", "[Broken](missing.md)"))
    code, out, _ = run(root, "check", "--today", "2026-06-01")
    assert code == 1
    assert ("content/guides/other.md:9:1: error CP601 broken-link: This link points to "
            "missing.md, but there is no file at content/guides/missing.md.") in out


def test_one_worker_and_many_give_the_same_findings(tmp_path):
    files = {f"content/guides/g{i}.md": page(title=f"Guide {i}", body=(
        "We utilise many things.\n\n" if i % 2 else "Ask people.\n\n") + "[x](nope.md)\n")
        for i in range(40)}
    root = make_site(tmp_path, files)
    one = run(root, "check", "--today", "2026-06-01", "--jobs", "1", "--no-cache")
    many = run(root, "check", "--today", "2026-06-01", "--jobs", "2", "--no-cache")
    assert one == many and one[0] == 1 and one[1].count("CP601") == 40


def test_a_cache_that_cannot_be_written_or_read_only_costs_time(tmp_path):
    root = site(tmp_path / "site")
    (root / ".coprod-cache").write_text("not a folder")            # nothing can be kept
    assert run(root, "build", "--today", "2026-06-01")[0] == 0
    first = tmp_path / "first"
    shutil.copytree(root / "public", first)
    (root / ".coprod-cache").unlink()
    assert run(root, "build", "--today", "2026-06-01")[0] == 0       # writes the cache
    for kept in (root / ".coprod-cache").rglob("*"):
        if kept.is_file():
            kept.write_bytes(kept.read_bytes()[:40])                   # every file cut short
    assert run(root, "build", "--today", "2026-06-01")[0] == 0
    assert same_bytes(root / "public", first)
