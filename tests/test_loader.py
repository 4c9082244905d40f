"""Loading a whole content/ folder: which files count, the _data lists, CP100 for files too
large to read, CP104 for files outside the hub's folders, CP106 for slugs that clash."""

import os
from pathlib import Path

from conftest import load, make_site, page


def found(root, again=True):
    site, diagnostics = load(root, again)
    return site, sorted((d.file, d.line, d.column, d.code, d.message, d.suggestion)
                        for d in diagnostics)


def test_each_folder_gives_its_kind_and_address(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/paying.md": page(),
        "content/case-studies/rugby.md": page(),
        "content/toolkits/check-in.md": page(),
        "content/pages/about.md": page(topics=None, published=None),
        "content/README.md": "Notes for editors, not a page.\n",
        "content/_drafts/idea.md": "not front matter\n",
        "content/.hidden/x.md": "not front matter\n",
    })
    site, problems = found(root)
    assert problems == []
    assert [(r.rel, r.kind.value, r.url) for r in site.resources] == [
        ("content/case-studies/rugby.md", "case-study", "/case-studies/rugby/"),
        ("content/guides/paying.md", "guide", "/guides/paying/"),
        ("content/pages/about.md", "page", "/about/"),
        ("content/toolkits/check-in.md", "toolkit", "/toolkits/check-in/"),
    ]


def test_a_file_outside_the_hub_folders_is_reported(tmp_path):
    root = make_site(tmp_path, {"content/blog/post.md": page(), "content/loose.md": page()})
    site, problems = found(root)
    assert site.resources == ()
    message = "This file is not in a folder the hub publishes, so it will not appear on the site."
    hint = ("Move it into content/guides, content/case-studies, content/toolkits or "
            "content/pages.")
    assert problems == [("content/blog/post.md", 1, 1, "CP104", message, hint),
                        ("content/loose.md", 1, 1, "CP104", message, hint)]


def test_one_broken_file_does_not_hide_the_others(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/a-broken.md": "---\ntitle: [unclosed\n---\n",
        "content/guides/b-empty.md": "",
        "content/guides/c-latin1.md": "---\ntitle: Caf\xe9\n---\n".encode("latin-1"),
        "content/guides/d-fine.md": page(),
        "content/guides/e-typo.md": page(titel="x"),
    })
    site, problems = found(root)
    assert [r.rel for r in site.resources] == ["content/guides/d-fine.md",
                                                "content/guides/e-typo.md"]
    assert [p[:4] for p in problems] == [
        ("content/guides/a-broken.md", 2, 8, "CP101"),
        ("content/guides/b-empty.md", 1, 1, "CP101"),
        ("content/guides/c-latin1.md", 2, 11, "CP100"),
        ("content/guides/e-typo.md", 7, 1, "CP103"),
    ]


def test_bom_and_windows_line_endings_load_cleanly(tmp_path):
    text = "\ufeff" + page(body="Para one.\n\nPara two.\n").replace("\n", "\r\n")
    root = make_site(tmp_path, {"content/guides/windows.md": text.encode("utf-8")})
    site, problems = found(root)
    assert problems == []
    [r] = site.resources
    assert r.title == "How to pay people for their time"
    assert r.body == "\nPara one.\n\nPara two.\n"
    assert "\r" not in r.body and r.body_line == 8


def test_a_file_too_large_to_read(tmp_path):
    root = make_site(tmp_path, {"content/guides/huge.md": page(body="word " * 2000)},
                     pyproject="[tool.coprod]\nmax_markdown_kb = 4\n")
    site, problems = found(root)
    assert site.resources == ()
    assert problems == [("content/guides/huge.md", 1, 1, "CP100",
                         "This file is 10 KB; the most the hub reads is 4 KB.",
                         "Split it into several pages, or check that nothing was pasted in "
                         "by mistake.")]


def test_duplicate_slug_names_both_files(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/paying.md": page(),
        "content/guides/paying-people.md": page(slug="paying"),
    })
    _, problems = found(root)
    assert problems == [(
        "content/guides/paying.md", 1, 1, "CP106",
        "Another guide already uses the slug 'paying' (content/guides/paying-people.md), so "
        "both would have the address /guides/paying/.",
        "Give one of them a different slug, or rename one file.")]


def test_the_same_slug_in_two_kinds_is_fine(tmp_path):
    root = make_site(tmp_path, {"content/guides/check-in.md": page(),
                                "content/toolkits/check-in.md": page()})
    assert found(root)[1] == []


def test_a_page_may_not_take_an_address_the_hub_makes(tmp_path):
    root = make_site(tmp_path, {
        "content/pages/search.md": page(topics=None, published=None),
        "content/pages/about.md": page(topics=None, published=None, slug="guides"),
    })
    _, problems = found(root)
    assert problems == [
        ("content/pages/about.md", 4, 1, "CP106",
         "The slug 'guides' is used by a page the hub makes itself (/guides/), so this page "
         "cannot have it.", "Change slug: to another address, such as about-guides."),
        ("content/pages/search.md", 1, 1, "CP106",
         "The slug 'search' is used by a page the hub makes itself (/search/), so this page "
         "cannot have it.", "Rename the file, for example to about-search.md."),
    ]


def test_slug_trying_to_climb_out_is_refused_and_never_used(tmp_path):
    root = make_site(tmp_path, {"content/guides/x.md": page(slug="../../../outside")})
    site, problems = found(root)
    assert [p[1:4] for p in problems] == [(7, 7, "CP104")]
    assert site.resources[0].url == "/guides/outside/"


def test_topics_and_audiences_come_from_data_files(tmp_path):
    root = make_site(tmp_path, {"content/guides/x.md": page()})
    site, _ = found(root)
    assert site.topics["payment"].label == "Paying people"
    assert set(site.audiences) == {"staff", "people-with-lived-experience"}


def test_broken_data_file_points_at_its_own_line(tmp_path):
    root = make_site(tmp_path, {
        "content/_data/topics.yml": "payment:\n  label: Paying people\n  description: \"open\n",
        "content/guides/x.md": page(),
    })
    site, problems = found(root)
    assert problems[0][:4] == ("content/_data/topics.yml", 3, 16, "CP101")
    assert problems[0][4] == "This file is not valid YAML: a quote opened here is never closed."


def test_bad_data_entry(tmp_path):
    root = make_site(tmp_path, {"content/guides/x.md": page(topics=["involvement"])},
                     topics={"Bad Slug": {"label": "x"}, "involvement": {"label": "In"}})
    site, problems = found(root)
    assert list(site.topics) == ["involvement"]
    assert problems == [("content/_data/topics.yml", 1, 1, "CP104",
                         "The entry 'Bad Slug' must be a lowercase slug with a label and a "
                         "description.",
                         "Write it as:\nBad Slug:\n  label: ...\n  description: ...")]


def test_glossary_entries_need_a_definition(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/x.md": page(),
        "content/_data/glossary.yml": "co-production:\n  definition: Working as equals.\n"
                                      "  aliases: [coproduction]\nlived experience: {}\n",
    })
    site, problems = found(root)
    assert site.glossary["co-production"].aliases == ("coproduction",)
    assert problems == [("content/_data/glossary.yml", 4, 1, "CP104",
                         "The term 'lived experience' needs a definition.",
                         "Write it as:\nlived experience:\n  definition: ...\n"
                         "  aliases: [other name, ...]")]


def test_glossary_aliases_must_be_a_list(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/x.md": page(),
        "content/_data/glossary.yml": "co-production:\n  definition: Working as equals.\n"
                                      "  aliases: 3\n",
    })
    site, problems = found(root)
    assert site.glossary == {}
    assert [p[1:5] for p in problems] == [
        (1, 1, "CP104", "The aliases of 'co-production' must be a list, but a number is "
         "written here.")]


def test_data_file_that_is_a_list(tmp_path):
    root = make_site(tmp_path, {"content/guides/x.md": page(),
                                "content/_data/audiences.yml": "- staff\n- carers\n"})
    _, problems = found(root)
    assert problems == [("content/_data/audiences.yml", 1, 1, "CP101",
                         "This file must be a list of entries, each starting with its name "
                         "and a colon at the beginning of a line, not with '- '.",
                         "Write each entry like:\nstaff:\n  label: Staff\n"
                         "  description: People who work in services.")]


def test_media_files_are_listed_with_sizes(tmp_path):
    root = make_site(tmp_path, {"content/guides/x.md": page(),
                                "content/media/a.png": b"\x89PNG1234",
                                "content/media/docs/b.pdf": b"%PDF"})
    site, _ = found(root)
    assert site.media_files == {"media/a.png": 8, "media/docs/b.pdf": 4}


def test_a_folder_named_like_a_page_is_not_read_as_one(tmp_path):
    root = make_site(tmp_path, {"content/guides/odd.md/inside.md": page(),
                                "content/guides/paying.md": page()})
    site, problems = found(root)
    assert [r.rel for r in site.resources] == ["content/guides/odd.md/inside.md",
                                                "content/guides/paying.md"]
    assert problems == []


def test_a_file_that_cannot_be_opened(tmp_path, monkeypatch):
    # CI runs as root, which may open any file, so the refusal a contributor would get from
    # the operating system is raised here instead.
    root = make_site(tmp_path, {"content/guides/locked.md": page(),
                                "content/guides/paying.md": page()})
    real_read = type(root).read_bytes

    def read_bytes(path):
        if path.name == "locked.md":
            raise PermissionError(13, "Permission denied")
        return real_read(path)

    monkeypatch.setattr(type(root), "read_bytes", read_bytes)
    site, problems = found(root)
    assert [r.rel for r in site.resources] == ["content/guides/paying.md"]
    assert problems == [("content/guides/locked.md", 1, 1, "CP100",
                         "This file cannot be opened (Permission denied).",
                         "Check that the file is yours to read, then run coprod again.")]


def reads_counted(monkeypatch, root):
    """The names of the page files the load stage reads, as it reads them."""
    read, real_read = [], type(root).read_bytes

    def read_bytes(path):
        if path.suffix == ".md":
            read.append(path.name)
        return real_read(path)

    monkeypatch.setattr(type(root), "read_bytes", read_bytes)
    return read


def test_in_one_process_a_file_not_changed_since_the_last_load_is_not_read_again(
        tmp_path, monkeypatch):
    """`coprod serve` rebuilds in one process: each rebuild reads only what changed. A
    build that loads once keeps nothing for later."""
    monkeypatch.setattr("coprod_site.content.readcache.RECENT_NS", 0)
    root = make_site(tmp_path, {"content/guides/paying.md": page(),
                                "content/guides/broken.md": "---\ntitle: [\n---\nText\n"})
    first = found(root)
    read = reads_counted(monkeypatch, root)
    assert found(root) == first and read == []           # the findings too, as they were
    (root / "content/guides/paying.md").write_text(page(title="Paying people fairly"))
    site, problems = found(root)
    assert read == ["paying.md"] and problems == first[1]
    assert [r.title for r in site.resources] == ["Paying people fairly"]
    found(root, again=False)
    read.clear()
    assert found(root) == (site, problems) and read == ["broken.md", "paying.md"]


def test_a_file_changed_less_than_a_second_before_it_was_read_is_read_again(
        tmp_path, monkeypatch):
    """A second change in the same tick of the file system's clock can keep a file's size
    and times, so a file read just after a change is never taken as unchanged later."""
    root = make_site(tmp_path, {"content/guides/paying.md": page(title="Paying people A")})
    path = root / "content/guides/paying.md"
    before, real_lstat = os.lstat(path), os.lstat
    found(root)
    path.write_text(page(title="Paying people B"))
    monkeypatch.setattr("coprod_site.content.readcache.os.lstat",    # the same tick
                        lambda p: before if Path(p) == path else real_lstat(p))
    read = reads_counted(monkeypatch, root)
    site, _ = found(root)
    assert read == ["paying.md"] and [r.title for r in site.resources] == ["Paying people B"]


def test_a_file_removed_after_it_was_listed_is_reported_not_a_crash(tmp_path, monkeypatch):
    root = make_site(tmp_path, {"content/guides/gone.md": page(),
                                "content/guides/paying.md": page()})
    from coprod_site.content import loader
    listed = loader.page_files(root / "content")
    (root / "content/guides/gone.md").unlink()
    monkeypatch.setattr(loader, "page_files", lambda content: listed)
    site, problems = found(root)
    assert [r.rel for r in site.resources] == ["content/guides/paying.md"]
    assert problems == [("content/guides/gone.md", 1, 1, "CP100",
                         "This file cannot be opened (No such file or directory).",
                         "Check that the file is yours to read, then run coprod again.")]


def test_an_editors_lock_or_macos_copy_beside_a_page_is_no_page(tmp_path):
    """Emacs keeps `.#name.md` (a link to nowhere) beside a file being edited, and macOS
    writes `._name.md` on some disks: neither is a page, nor a problem to report."""
    root = make_site(tmp_path, {"content/guides/paying.md": page(),
                                "content/guides/._paying.md": b"\x00\x05\x16\x07Mac OS X"})
    os.symlink("root@laptop.1234:1700000000", root / "content/guides/.#paying.md")
    site, problems = found(root)
    assert [r.rel for r in site.resources] == ["content/guides/paying.md"] and problems == []
