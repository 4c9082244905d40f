"""The whole pipeline: a failed build changes nothing, and the same input and date always give
the same bytes."""

import os
import re
import shutil

import pytest

from conftest import make_site, page, run
from coprod_site.config import PACKAGE_THEME

TODAY = "2026-04-01"


def snapshot(folder):
    """Every file and folder under `folder` with its bytes and mode (folders: None)."""
    result = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        stat = path.lstat()
        result[rel] = (stat.st_mode, None if path.is_dir() else path.read_bytes(), stat.st_mtime_ns)
    return result


def same_bytes(one, two):
    """Compare two built sites file by file.

    Pagefind (1.5) writes its filter and metadata indexes in an order that changes from run to
    run for the same pages (upstream issue Pagefind/pagefind#638), and names those files after
    their hash. So for pagefind/filter/, pagefind/index/ and pagefind.*.pf_meta only the number
    of files is compared; every other file, including every page fragment Pagefind writes,
    must be byte-for-byte the same.
    """
    def normalised(folder):
        files, unstable = {}, []
        for rel, (mode, data, _) in snapshot(folder).items():
            if re.fullmatch(r"pagefind/(shard-\d+/)?(filter/.+|index/.+|pagefind\..+\.pf_meta)",
                            rel):
                unstable.append(rel.rsplit("/", 1)[0])
            elif re.fullmatch(r"pagefind/(shard-\d+/)?pagefind-entry.json", rel):
                files[rel] = (mode, re.sub(rb'"hash":"[^"]+"', b'"hash":"HASH"', data))
            else:
                files[rel] = (mode, data)
        return files, sorted(unstable)
    (a, a_unstable), (b, b_unstable) = normalised(one), normalised(two)
    assert a.keys() == b.keys()
    assert a_unstable == b_unstable
    assert [(rel, a[rel], b[rel]) for rel in a if a[rel] != b[rel]] == []
    return True


def hub(tmp_path):
    return make_site(tmp_path / "site", {
        "content/guides/paying.md": page(body="Pay people on the day.\n\n"
                                              "See the [check-in toolkit](../toolkits/check-in.md).\n"),
        "content/toolkits/check-in.md": page(title="Check-in toolkit",
                                             body="## How to run it\n\nAsk how people are.\n"),
        "content/pages/about.md": page(title="About us", topics=None, published=None),
        "content/media/dot.png": b"\x89PNG\r\n\x1a\n",
    })


def test_build_writes_pages_for_every_published_resource(tmp_path):
    root = hub(tmp_path)
    code, out, err = run(root, "build", "--today", TODAY)
    assert (code, err) == (0, "")
    public = root / "public"
    assert (public / "guides/paying/index.html").is_file()
    assert (public / "toolkits/check-in/index.html").is_file()
    assert (public / "about/index.html").is_file()
    html = (public / "guides/paying/index.html").read_text()
    assert 'href="/toolkits/check-in/"' in html
    assert out.startswith("Built ") and out.rstrip().endswith(" s.")
    assert [p.name for p in root.iterdir() if p.name.startswith(".")] == [".coprod-cache"]


def test_failed_build_leaves_the_previous_site_exactly_as_it_was(tmp_path):
    root = hub(tmp_path)
    assert run(root, "build", "--today", TODAY)[0] == 0
    before = snapshot(root / "public")
    assert len(before) > 5
    (root / "content/guides/paying.md").write_text("---\ntitle: [broken\n---\n")
    code, out, err = run(root, "build", "--today", TODAY)
    assert code == 1
    assert "content/guides/paying.md:2:8: error CP101 yaml: The front matter is not valid " \
           "YAML: a list opened here with [ is not closed with ]." in out
    assert err == ("Nothing was built because of the errors above. "
                   "The previous site is unchanged.\n")
    assert snapshot(root / "public") == before
    assert sorted(p.name for p in root.iterdir()) == [".coprod-cache", "content", "public"]


def test_failed_first_build_creates_nothing(tmp_path):
    root = make_site(tmp_path, {"content/guides/x.md": ""})
    assert run(root, "build", "--today", TODAY)[0] == 1
    assert sorted(p.name for p in root.iterdir()) == [".coprod-cache", "content"]


FIX_LINE = "Fix that line of the template (check its {{ }} and {% %} parts), then build again."


@pytest.mark.parametrize("line, error_line, said, advice", [
    (b"{{ broken(", 5, "Jinja said: unexpected '<'", FIX_LINE),   # the call runs into line 5
    (b"{{ share_buttons() }}", 4, "Jinja said: 'share_buttons' is undefined", FIX_LINE),
    (b"{{ 1 // 0 }}", 4, "Jinja said: integer division or modulo by zero", FIX_LINE),
    (b'{% include "footer.html" %}', 4, "there is no template called footer.html",
     "Add footer.html to the theme's templates folder, or ask for a template the theme has, "
     "then build again."),
    (b"{{ asset('print.css') }}", 4,
     "Jinja said: asset('print.css') names a file that is not in the theme's static/ folder",
     FIX_LINE),
    (b"<p>Caf\xe9</p>", 4, "it is not saved as UTF-8 text",       # saved as Windows-1252
     "Open it in a text editor and save it as UTF-8 (look for Encoding when you save it), "
     "then build again."),
])
def test_an_error_in_the_sites_own_template_names_the_file_and_line(tmp_path, line,
                                                                     error_line, said, advice):
    root = hub(tmp_path)
    (root / "pyproject.toml").write_text("[tool.coprod]\ntheme = \"our-theme\"\n")
    shutil.copytree(PACKAGE_THEME, root / "our-theme")
    assert run(root, "build", "--today", TODAY)[0] == 0
    before = snapshot(root / "public")
    base = root / "our-theme/templates/base.html"
    lines = base.read_bytes().splitlines(keepends=True)
    base.write_bytes(b"".join(lines[:3] + [line + b"\n"] + lines[3:]))
    code, out, err = run(root, "build", "--today", TODAY)
    assert (code, out) == (2, "")
    assert err == (f"coprod: The template our-theme/templates/base.html has an error on line "
                   f"{error_line} ({said}). Nothing was published. The previous site is "
                   f"unchanged. {advice}\n")
    assert snapshot(root / "public") == before
    assert not list(root.glob(".public*"))


def test_a_template_deleted_from_the_sites_own_theme_points_at_the_hubs_copy(tmp_path):
    root = hub(tmp_path)
    (root / "pyproject.toml").write_text("[tool.coprod]\ntheme = \"our-theme\"\n")
    shutil.copytree(PACKAGE_THEME, root / "our-theme")
    (root / "our-theme/templates/resource.html").unlink()
    code, out, err = run(root, "build", "--today", TODAY)
    assert (code, out) == (2, "")
    assert err == ("coprod: The template our-theme/templates/resource.html has an error (there "
                   "is no template called resource.html). Nothing was published. The previous "
                   "site is unchanged. Add resource.html to the theme's templates folder (the "
                   "hub's own theme has one to start from), or ask for a template the theme "
                   "has, then build again.\n")


def test_a_clean_build_compiles_the_templates_once_for_the_user_and_sees_each_change(
        tmp_path, monkeypatch):
    """Compiled templates depend on the theme's files alone, so `--no-cache` keeps them in the
    user's cache folder, as Python keeps compiled modules; an edited template is compiled
    again."""
    import jinja2
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    compiled = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, source, name=None, *a, **k:
                        compiled.append(name) or real(self, source, name, *a, **k))
    root = hub(tmp_path)
    (root / "pyproject.toml").write_text("[tool.coprod]\ntheme = \"our-theme\"\n")
    shutil.copytree(PACKAGE_THEME, root / "our-theme")
    assert run(root, "build", "--no-cache", "--today", TODAY)[0] == 0
    assert "base.html" in compiled and not (root / ".coprod-cache").exists()
    compiled.clear()
    assert run(root, "build", "--no-cache", "--today", TODAY)[0] == 0
    assert compiled == []
    base = root / "our-theme/templates/base.html"
    base.write_text(base.read_text().replace("<body>", "<body class=\"edited\">"))
    assert run(root, "build", "--no-cache", "--today", TODAY)[0] == 0
    assert compiled == ["base.html"]
    assert 'class="edited"' in (root / "public/index.html").read_text()


@pytest.mark.parametrize("damage", ["cut short", "garbage after the digest",
                                    "a word changed", "another template's", "a folder"])
def test_a_damaged_compiled_template_is_compiled_again_never_used(tmp_path, monkeypatch, damage):
    """A changed byte could change what every page says; a cut-short file made Jinja's own
    cache raise."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    root = hub(tmp_path)
    assert run(root, "build", "--no-cache", "--today", TODAY)[0] == 0
    shutil.copytree(root / "public", tmp_path / "first")
    kept = [p for p in (tmp_path / "user-cache").rglob("*") if p.is_file()
            and "templates-" in p.parent.name]
    assert kept and any(b"made" in p.read_bytes() for p in kept)
    for path in kept:
        data = path.read_bytes()
        if damage == "cut short":
            path.write_bytes(data[:40])
        elif damage == "garbage after the digest":
            path.write_bytes(data[:32] + b"\x80\x04garbage" * 8)
        elif damage == "a word changed":
            path.write_bytes(data.replace(b"made", b"MADE"))
        elif damage == "another template's":
            path.write_bytes(kept[0].read_bytes() if path != kept[0] else data)
        else:
            path.unlink()
            path.mkdir()
    code, out, err = run(root, "build", "--no-cache", "--today", TODAY)
    assert (code, err) == (0, "")
    assert same_bytes(tmp_path / "first", root / "public")


@pytest.mark.parametrize("setting", ["relative", "a file"])
def test_a_user_cache_folder_that_is_not_one_is_left_alone(tmp_path, monkeypatch, setting):
    """The XDG rules: a relative $XDG_CACHE_HOME is ignored (not a folder of wherever coprod
    runs); a file there only costs the time."""
    from coprod_site import cachefile
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if setting == "relative":
        monkeypatch.setenv("XDG_CACHE_HOME", "relative-cache")
        assert cachefile.user_folder() == tmp_path / "home" / ".cache" / "coprod-site"
    else:
        (tmp_path / "file").write_text("not a folder")
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    root = hub(tmp_path / "site")
    assert run(root, "build", "--no-cache", "--today", TODAY)[0] == 0
    assert not (tmp_path / "relative-cache").exists()


def test_broken_link_stops_the_build_and_keeps_the_old_site(tmp_path):
    root = hub(tmp_path)
    assert run(root, "build", "--today", TODAY)[0] == 0
    before = snapshot(root / "public")
    (root / "content/guides/paying.md").write_text(
        page(body="See the [missing heading](../toolkits/check-in.md#nowhere).\n"))
    code, out, err = run(root, "build", "--today", TODAY)
    assert code == 1 and "CP602" in out
    assert snapshot(root / "public") == before


def test_two_builds_give_the_same_bytes(tmp_path):
    root = hub(tmp_path)
    assert run(root, "build", "--today", TODAY, "--out", str(tmp_path / "one"))[0] == 0
    os.utime(root / "content/guides/paying.md", (1, 1))
    assert run(root, "build", "--today", TODAY, "--out", str(tmp_path / "two"))[0] == 0
    assert same_bytes(tmp_path / "one", tmp_path / "two")


def test_source_date_epoch_gives_the_same_site_as_today(tmp_path, monkeypatch):
    root = hub(tmp_path)
    assert run(root, "build", "--today", TODAY, "--out", str(tmp_path / "one"))[0] == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1775044800")     # 2026-04-01 12:00 UTC
    assert run(root, "build", "--out", str(tmp_path / "two"))[0] == 0
    assert same_bytes(tmp_path / "one", tmp_path / "two")


def test_build_date_decides_what_is_published(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": page()})
    assert run(root, "build", "--today", TODAY)[0] == 0
    assert (root / "public/guides/paying/index.html").is_file()
    (root / "content/guides/paying.md").write_text(page(status="draft"))
    assert run(root, "build", "--today", TODAY)[0] == 0
    assert not (root / "public/guides/paying").exists()
    assert run(root, "build", "--today", TODAY, "--drafts")[0] == 0
    assert (root / "public/guides/paying/index.html").is_file()


def test_a_site_with_nothing_published_has_no_search_index_to_wait_for(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(status="draft")})
    code, out, err = run(root, "build", "--today", "2026-11-23")
    assert code == 0, err
    assert not (root / "public/pagefind").exists()
    search = (root / "public/search/index.html").read_text()
    assert "search.js" not in search
    assert run(root, "build", "--today", "2026-11-23", "--drafts")[0] == 0   # a preview only
    assert not (root / "public/pagefind").exists()


def test_a_first_build_writes_each_page_before_the_next_is_rendered(tmp_path, monkeypatch):
    """A site's pages are never all in memory at once on a first build: the write stage takes
    each page from the render stage as it is rendered (at 5,000 pages they would take
    100 MB)."""
    from coprod_site.render.templates import Theme
    root = hub(tmp_path)
    written_before = []
    render = Theme.render

    def counting(self, template, **context):
        written_before.append(len(list(tmp_path.glob("site/.public.building-*/**/*.html"))))
        return render(self, template, **context)

    monkeypatch.setattr(Theme, "render", counting)
    assert run(root, "build", "--no-cache", "--today", TODAY)[0] == 0
    pages = [p for p in (root / "public").rglob("*.html") if p.parent.name != "admin"]
    assert len(written_before) == len(pages) > 10
    assert written_before == list(range(len(pages)))


def test_resource_pages_are_rendered_grouped_as_the_search_index_asks(tmp_path):
    """Pages of one search shard are rendered together (each group keeping the order of the
    listings), so the search index can finish a shard while the rest are rendered."""
    from datetime import date
    from coprod_site.build import Options, run as run_stages
    from coprod_site.config import load_config
    from coprod_site.site import render_site
    root = make_site(tmp_path / "site", {
        **{f"content/guides/g{n}.md": page(title=f"Guide number {n}",
                                           published=f"2026-03-{n + 1:02d}") for n in range(6)},
        "content/toolkits/check-in.md": page(title="Check-in toolkit"),
    })
    options = Options(today=date(2026, 4, 1), cache=False)
    config = load_config(root)
    result = run_stages(config, options, until="plan")
    group = {"/guides/g1/": 0, "/guides/g4/": 0, "/toolkits/check-in/": 0}

    def entry_paths(order):
        rendered = render_site(config, result.site, result.index, result.plan, options, order)
        return [path for path, _ in rendered.files
                if path.startswith(("/guides/g", "/toolkits/c"))]

    assert entry_paths(None) == ["/toolkits/check-in/", "/guides/g5/", "/guides/g4/",
                                 "/guides/g3/", "/guides/g2/", "/guides/g1/", "/guides/g0/"]
    assert entry_paths(lambda path: group.get(path, 1)) == [
        "/toolkits/check-in/", "/guides/g4/", "/guides/g1/",
        "/guides/g5/", "/guides/g3/", "/guides/g2/", "/guides/g0/"]


IMPORTED = """
import sys
from coprod_site.cli import main
code = main(["-C", sys.argv[1], "build", "--today", "2026-04-01", "--quiet"])
print(code, sorted(name for name in ("markdown", "pygments", "asyncio", "PIL")
                  if name in sys.modules))
"""


def test_the_build_process_of_a_site_without_pictures_imports_no_parser_nor_pillow(tmp_path):
    """Python-Markdown and Pygments run in the workers; Pagefind's own Python module (which
    imports asyncio) and Pillow are not needed for a site of text: the build's process takes
    none of their memory (about 10 MiB)."""
    import subprocess
    import sys
    root = make_site(tmp_path, {f"content/guides/g{n:02}.md":
                                page(title=f"How to run session {n}") for n in range(40)})
    found = subprocess.run([sys.executable, "-c", IMPORTED, str(root)], capture_output=True,
                           text=True, timeout=120)
    assert found.stdout == "0 []\n", found.stderr
