"""Links to other sites, looked at twice before they are reported (`coprod linkcheck --external`).

linkchecker reports a failed name lookup the same way whether the site does not exist or this
machine cannot reach a name server. Each name that failed is looked up again here, and the
answer tells the two apart (getaddrinfo(3)): EAI_NONAME or EAI_NODATA means a name server
answered that there is no such name, so the site does not exist; any other failure means no
name server answered. When no link to another site worked and no name could be looked up, the
machine is offline: the caller says so in one line instead of one warning per link.

A site that did not answer (connection refused or reset, a timeout, a 5xx or 429 status) or
whose name now resolves is checked once more, after a pause, and reported only if it fails
again: sites have bad minutes, and a warning that is gone when the maintainer clicks the link
teaches them to ignore warnings.
"""

from __future__ import annotations

import re
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from urllib.parse import urlsplit

from coprod_site.urls import classify

RETRY_PAUSE_SECONDS = 2.0
NO_SUCH_SITE = "NameResolution: Name or service not known"
NO_NAME_SERVER = "NameResolution: Temporary failure in name resolution"
_NAME_FAILED = ("NameResolution", "Failed to resolve", "Name or service not known")
_NO_ANSWER = ("Timeout", "ConnectionError", "Connection refused", "Connection reset",
              "RemoteDisconnected")


def is_external(href: str, origin: str) -> bool:
    """True for a link to another site (not to the loopback copy at `origin`)."""
    return classify(href) == "external" and not href.startswith(origin)


def lookup(host: str) -> str:
    """What the name servers say of `host`: "found", "missing" (there is no such name) or
    "failed" (none answered)."""
    try:
        socket.getaddrinfo(host, None)
    except socket.gaierror as error:
        missing = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}
        return "missing" if error.errno in missing else "failed"
    except (OSError, UnicodeError):
        return "failed"
    return "found"


def _host(href: str) -> str:
    return urlsplit(href).hostname or ""


def _name_failed(result: str) -> bool:
    return any(words in result for words in _NAME_FAILED)


def _no_answer(result: str) -> bool:
    status = re.match(r"(\d{3})\b", result)
    if status:
        return int(status.group(1)) >= 500 or status.group(1) == "429"
    return any(words in result for words in _NO_ANSWER)


def second_look(failures: list, origin: str, answered: bool, recheck) -> tuple[list, bool]:
    """The failures (`linkcheck.Failure`) after a second look at the links to other sites,
    and whether this machine is offline (then no failure to another site is kept).

    `answered`: a link to another site worked in the first check. `recheck(urls)` checks the
    addresses once more and returns {address: linkchecker's result} for those that fail again.
    """
    external = [f for f in failures if is_external(f.href, origin)]
    hosts = sorted({_host(f.href) for f in external if _name_failed(f.result)})
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = dict(zip(hosts, pool.map(lookup, hosts)))
    if external and not answered and all(
            _name_failed(f.result) and found[_host(f.href)] == "failed" for f in external):
        return [f for f in failures if f not in external], True
    again = sorted({f.href for f in external if found.get(_host(f.href)) == "found"
                    or (not _name_failed(f.result) and _no_answer(f.result))})
    still = {}
    if again:
        time.sleep(RETRY_PAUSE_SECONDS)
        still = recheck(again)
    kept = []
    for f in failures:
        state = found.get(_host(f.href)) if f in external and _name_failed(f.result) else None
        if f.href in again:
            if f.href in still:
                kept.append(replace(f, result=still[f.href]))
        elif state == "missing":
            kept.append(replace(f, result=NO_SUCH_SITE))
        elif state == "failed":
            kept.append(replace(f, result=NO_NAME_SERVER))
        else:
            kept.append(f)
    return kept, False
