"""urls.py: a site path as a full address, the same as the standard library's `urljoin`."""

from urllib.parse import urljoin

from hypothesis import given, settings
from hypothesis import strategies as st

from coprod_site.urls import absolute

BASES = st.sampled_from(["https://hub.example.org", "https://hub.example.org/",
                         "https://example.org/hub", "https://example.org/hub/x?y=1#z",
                         "http://localhost:8000/", "/"])
PATHS = st.text(alphabet=st.sampled_from("ab_-~%.é/?#:0"), max_size=20)


@given(BASES, PATHS)
@settings(max_examples=800, deadline=None)
def test_an_address_is_what_urljoin_makes(base, path):
    joined = urljoin(base if base.endswith("/") else base + "/", path.lstrip("/"))
    assert absolute(base, path) == joined


def test_a_page_of_a_site_in_a_folder_stays_in_it():
    assert absolute("https://example.org/hub", "/guides/paying-people/") == \
        "https://example.org/hub/guides/paying-people/"
    assert absolute("https://example.org/hub/", "/guides/../about/") == \
        "https://example.org/hub/about/"
