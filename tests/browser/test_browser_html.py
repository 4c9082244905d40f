"""The Nu HTML Checker on every built page, in one Java call per site: zero errors."""

from browser_tools import describe, vnu_errors


def test_every_page_is_valid_html(any_site):
    errors = vnu_errors(any_site.files())
    print(f"\nvnu: {any_site.name} site, {len(any_site.paths)} pages, "
          f"{sum(len(v) for v in errors.values())} errors")
    assert not errors, f"The Nu HTML Checker found errors:\n{describe(errors)}"
