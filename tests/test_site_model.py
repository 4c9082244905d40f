"""site/model.py: what templates see. Drafts built with --drafts are previews: rendered, never
listed, and never linked from published pages (a preview may link to them)."""

from datetime import date

from coprod_site.build import Options, run as run_stages
from coprod_site.config import load_config
from coprod_site.site.model import SiteView


def view_of(root, drafts: bool) -> SiteView:
    config = load_config(root)
    options = Options(today=date(2026, 6, 1), drafts=drafts)
    result = run_stages(config, options)
    assert result.errors == 0, result.diagnostics
    from coprod_site.site import render_bodies
    return SiteView.make(config, result.site, result.plan, options,
                         render_bodies(result.site, result.index, result.plan))


def make_hub(make_site, page, tmp_path):
    return make_site(tmp_path, {
        "content/guides/live.md": page(title="Paying people on the day",
                                       related=["draft.md"], easy_read="easy.md"),
        "content/guides/easy.md": page(title="Paying people, Easy Read", status="draft"),
        "content/guides/draft.md": page(title="A guide still being written", status="draft"),
        "content/pages/about.md": page(title="About us", topics=None, published=None),
    })


def test_drafts_are_previews_that_nothing_lists(make_site, page, tmp_path):
    view = view_of(make_hub(make_site, page, tmp_path), drafts=True)
    assert [e.url for e in view.entries] == ["/guides/live/"]
    assert sorted(e.url for e in view.previews) == ["/guides/draft/", "/guides/easy/"]
    assert view.unlisted == {"/guides/draft/", "/guides/easy/"}
    assert [e.url for e in view.pages] == ["/about/"]
    live = view.entries[0]
    assert live.related == () and live.easy_read is None


def test_a_preview_links_back_to_the_published_page_it_belongs_to(make_site, page, tmp_path):
    view = view_of(make_hub(make_site, page, tmp_path), drafts=True)
    easy = next(e for e in view.previews if e.url == "/guides/easy/")
    assert easy.full_version.url == "/guides/live/"
    assert easy.is_preview and easy.status == "draft"


def test_without_drafts_there_are_no_previews(make_site, page, tmp_path):
    view = view_of(make_hub(make_site, page, tmp_path), drafts=False)
    assert view.previews == [] and view.unlisted == set()
    assert [e.url for e in view.of_kind(view.entries[0].kind)] == ["/guides/live/"]


def test_a_fault_inside_coprod_while_rendering_a_body_is_not_blamed_on_the_theme(
        make_site, page, tmp_path, monkeypatch, run):
    """An AttributeError from a body would read, in a template, as an entry with no `html`."""
    from coprod_site import site

    def broken(doc, url_for, reserved):
        raise AttributeError("'NoneType' object has no attribute 'url'")

    monkeypatch.setattr(site, "resolve_links", broken)
    root = make_hub(make_site, page, tmp_path)
    code, out, err = run(root, "build", "--no-cache", "--today", "2026-06-01")
    assert code == 2
    assert err.startswith("coprod: something went wrong inside coprod (RuntimeError).")
    assert not (root / "public").exists()
