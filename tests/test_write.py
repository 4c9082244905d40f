"""The output folder: nothing is written outside it, and it changes only when a build is
complete (a swap from a temporary folder)."""

import os
from pathlib import Path

import pytest

from coprod_site.write import Output, OutputError, UnsafePath


def files_under(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


@pytest.fixture
def output(tmp_path):
    out = Output(tmp_path / "site" / "public")
    yield out
    out.discard()


def test_site_paths_map_to_files_inside_the_temporary_folder(output):
    assert output.path("/") == output.root / "index.html"
    assert output.path("/guides/paying/") == output.root / "guides/paying/index.html"
    assert output.path("media/a.jpg") == output.root / "media/a.jpg"
    assert output.root.parent == output.destination.parent
    assert output.root.name.startswith(".public.building-")


@pytest.mark.parametrize("bad", [
    "../escape.html", "/../escape.html", "guides/../../escape.html", "a/b/../../../escape.html",
    "..", "/..", "../public/index.html", "guides\\..\\..\\escape.html", "x\0.html", ".",
])
def test_paths_that_climb_out_are_refused(output, tmp_path, bad):
    before = files_under(tmp_path)
    with pytest.raises(UnsafePath):
        output.write(bad, "<p>x</p>")
    assert files_under(tmp_path) == before


def test_absolute_paths_stay_inside_the_output(output, tmp_path):
    target = output.write("/etc/passwd", "harmless")
    assert target == output.root / "etc/passwd"
    assert not (tmp_path / "etc").exists()
    target = output.write(str(tmp_path / "outside.html"), "x")
    assert target.is_relative_to(output.root)
    assert not (tmp_path / "outside.html").exists()


def test_a_symlink_inside_cannot_lead_outside(output, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", output.root / "media")
    with pytest.raises(UnsafePath):
        output.write("media/x.jpg", b"x")
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_copy_is_checked_too(output, tmp_path):
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"\xff\xd8")
    with pytest.raises(UnsafePath):
        output.copy(source, "../photo-copy.jpg")
    output.copy(source, "media/photo.jpg")
    assert (output.root / "media/photo.jpg").read_bytes() == b"\xff\xd8"
    assert output.written == ["media/photo.jpg"]


def test_nothing_reaches_the_destination_before_commit(tmp_path):
    destination = tmp_path / "public"
    destination.mkdir()
    (destination / "index.html").write_text("old")
    out = Output(destination)
    out.write("/", "new")
    out.write("/guides/a/", "page")
    assert files_under(destination) == ["index.html"]
    assert (destination / "index.html").read_text() == "old"
    out.commit()
    assert files_under(destination) == ["guides", "guides/a", "guides/a/index.html",
                                        "index.html"]
    assert (destination / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_commit_replaces_stale_files(tmp_path):
    destination = tmp_path / "public"
    (destination / "old-page").mkdir(parents=True)
    (destination / "old-page/index.html").write_text("withdrawn page")
    out = Output(destination)
    out.write("/", "home")
    out.commit()
    assert files_under(destination) == ["index.html"]


def test_discard_leaves_the_previous_output_and_no_temporary_folder(tmp_path):
    destination = tmp_path / "public"
    destination.mkdir()
    (destination / "index.html").write_text("old")
    out = Output(destination)
    out.write("/", "new")
    out.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]
    assert (destination / "index.html").read_text() == "old"


def test_output_folder_is_readable_by_the_web_server(tmp_path):
    out = Output(tmp_path / "public")
    out.write("/", "x")
    out.commit()
    assert (tmp_path / "public").stat().st_mode & 0o755 == 0o755


def test_a_failed_swap_puts_the_previous_site_back(tmp_path, monkeypatch):
    destination = tmp_path / "public"
    destination.mkdir()
    (destination / "index.html").write_text("old")
    out = Output(destination)
    out.write("/", "new")
    real_replace = os.replace

    def replace(source, target):
        if Path(source) == out.root:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError) as raised:
        out.commit()
    assert str(raised.value) == (f"The new site could not be moved into {destination} (No "
                                 "space left on device). The previous site is unchanged.")
    assert files_under(destination) == ["index.html"]
    assert (destination / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]
