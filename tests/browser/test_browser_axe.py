"""axe-core in Chromium on every built page: zero WCAG 2.0-2.2 A/AA and best-practice violations."""

from browser_tools import AXE_TAGS, axe_violations, describe


def test_axe_finds_no_violations_on_any_page(any_site, tab):
    problems = {}
    for path in any_site.paths:
        response = tab.goto(any_site.url(path), wait_until="load")
        assert response.ok, f"{path} answered {response.status}"
        found = axe_violations(tab)
        if found:
            problems[path] = found
    print(f"\naxe ({' '.join(AXE_TAGS)}): {any_site.name} site, {len(any_site.paths)} pages, "
          f"{sum(len(v) for v in problems.values())} violations")
    assert not problems, (f"axe found violations on {len(problems)} of {len(any_site.paths)} "
                          f"pages of the {any_site.name} site:\n{describe(problems)}")
    assert not tab.csp_errors, "The Content-Security-Policy blocked something:\n" + "\n".join(tab.csp_errors)
