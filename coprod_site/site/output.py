"""The write stage: pages, theme assets and media into the temporary output folder."""

from __future__ import annotations

from pathlib import Path

from coprod_site.writer import Output


def write_site(config, files: dict, media: list[tuple[str, str]], theme, out: Path) -> Output:
    output = Output(out)
    try:
        for path in sorted(files):
            output.write(path, files[path])
        for source, url in sorted(theme.assets.values(), key=lambda item: item[1]):
            output.copy(source, url)
        for rel, url in media:
            copy_media(config.root / rel, output, url)
    except BaseException:
        output.discard()
        raise
    return output


def copy_media(source: Path, output: Output, url: str) -> None:
    """Copy one media file a published page uses."""
    output.copy(source, url)
