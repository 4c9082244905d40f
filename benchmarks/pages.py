"""Generated pages for the benchmarks: the same site as coprod content and as Pelican content.

`generate(root, count)` writes `count` pages of about 800 words of Markdown (headings, lists,
quotes, links between pages) into `root/content/` with coprod front matter, the same bodies into
`root/pelican-content/` with Pelican metadata, and `root/pelicanconf.py`. The pages are the same
on every run (a fixed random seed), so figures from different commits compare.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

WORDS = ("people time group meeting plan work pay team share power voice help need ask "
         "listen change service support trust fair care money travel room staff member "
         "question answer idea choice story partner project start end week day year "
         "local health family friend home school sport game training session paper "
         "decision budget report review result problem way place").split()
VERBS = "ask pay plan share help listen change choose check agree meet learn build run".split()
TOPICS = ("power-sharing", "payment", "involvement", "accessibility", "evaluation")
KINDS = ("guides", "toolkits", "case-studies")
TODAY = "2026-11-23"  # the build date the generated pages are meant for (`--today`)


def sentence(rng: random.Random) -> str:
    n = rng.randint(6, 20)
    words = [rng.choice(WORDS) if i % 3 else rng.choice(VERBS) for i in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def body(rng: random.Random, index: int, count: int) -> tuple[str, list[str]]:
    """About 800 words of Markdown, and the same as plain paragraphs for Pelican."""
    parts = []
    words = 0
    section = 0
    while words < 800:
        if words // 200 >= section:
            section += 1
            parts.append(f"## Part {section} of the plan")
        kind = rng.random()
        if kind < 0.15:
            items = [sentence(rng) for _ in range(4)]
            parts.append("\n".join(f"- {item}" for item in items))
        elif kind < 0.22:
            parts.append("> " + paragraph(rng))
        elif kind < 0.3:
            other = rng.randrange(count)
            parts.append(f"Read [the guide on {rng.choice(WORDS)}s](../{KINDS[other % 3]}/"
                         f"page-{other:04d}.md) before you {rng.choice(VERBS)}. "
                         + paragraph(rng))
        else:
            parts.append(paragraph(rng))
        words += len(parts[-1].split())
    return "\n\n".join(parts) + "\n", parts


def page_files(root: Path, index: int) -> tuple[Path, Path]:
    """Page number `index` as coprod content and as Pelican content."""
    name = f"{KINDS[index % 3]}/page-{index:04d}.md"
    return root / "content" / name, root / "pelican-content" / name


def average_words(root: Path) -> float:
    """Words a page on average: the Pelican bodies split on white space (Markdown marks count)."""
    pages = list((root / "pelican-content").rglob("*.md"))
    return sum(len(p.read_text(encoding="utf-8").split("\n\n", 1)[1].split())
               for p in pages) / len(pages)


def generate(root: Path, count: int) -> None:
    rng = random.Random(2026)
    content = root / "content"
    (content / "_data").mkdir(parents=True)
    (content / "_data" / "topics.yml").write_text("".join(
        f"{t}:\n  label: {t.replace('-', ' ').title()}\n  description: About {t}.\n"
        for t in TOPICS))
    for i in range(count):
        folder = KINDS[i % 3]
        text, _ = body(rng, i, count)
        title = f"How to {rng.choice(VERBS)} with the {rng.choice(WORDS)} group {i}"
        summary = f"A short guide on how to {rng.choice(VERBS)} with people. It says what to do first."
        topic = TOPICS[i % len(TOPICS)]
        published = date(2025, 1 + i % 12, 1 + i % 28).isoformat()
        ours, theirs = page_files(root, i)
        ours.parent.mkdir(exist_ok=True)
        ours.write_text(
            f"---\ntitle: \"{title}\"\nsummary: \"{summary}\"\ntopics: [{topic}]\n"
            f"published: {published}\n---\n\n{text}", encoding="utf-8")
        theirs.parent.mkdir(parents=True, exist_ok=True)
        pelican_text = text.replace("../", "{filename}../")
        theirs.write_text(
            f"Title: {title}\nDate: {published}\nCategory: {folder}\nTags: {topic}\n"
            f"Slug: page-{i:04d}\nSummary: {summary}\n\n{pelican_text}", encoding="utf-8")
    (root / "pelicanconf.py").write_text(
        'AUTHOR = "Hub"\nSITENAME = "Co-production Hub"\nSITEURL = ""\nPATH = "pelican-content"\n'
        'TIMEZONE = "Europe/London"\nDEFAULT_LANG = "en"\nRELATIVE_URLS = True\n'
        'ARTICLE_URL = "{category}/{slug}/"\nARTICLE_SAVE_AS = "{category}/{slug}/index.html"\n'
        'FEED_ALL_ATOM = "feeds/all.atom.xml"\nDEFAULT_PAGINATION = 20\n'
        'MARKDOWN = {"extension_configs": {"markdown.extensions.tables": {}, '
        '"markdown.extensions.toc": {}, "markdown.extensions.footnotes": {}, '
        '"markdown.extensions.def_list": {}, "markdown.extensions.attr_list": {}}, '
        '"output_format": "html5"}\n')
