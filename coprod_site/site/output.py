"""The write stage: pages, theme assets and media into the temporary output folder."""

from __future__ import annotations

from pathlib import Path

from coprod_site.site import images, media as media_files
from coprod_site.writer import Output, OutputError


def write_site(config, files: dict, media: list[tuple[str, str]], theme, out: Path,
               cache: Path | None = None) -> Output:
    """`cache`: the site's cache folder (resized images are kept in it), or None."""
    output = Output(out)
    try:
        for path in sorted(files):
            output.write(path, files[path])
        for source, url in sorted(theme.assets.values(), key=lambda item: item[1]):
            output.copy(source, url)
        for rel, url in media:
            copy_media(config.root / rel, output, url, config.content_dir, cache)
    except BaseException:
        output.discard()
        raise
    return output


def copy_media(source: Path, output: Output, url: str, content_dir: Path,
               cache: Path | None = None) -> None:
    """Publish one media file a published page uses. Images are saved again without hidden
    metadata (a photo's GPS position can show where someone lives); a file that is a link
    out of content/, not what its name says, or an unsafe SVG is never copied, even where a
    site has turned CP107 or CP108 down. An image also gets its resized copies (images.py)."""
    if not media_files.publishable(source, content_dir):
        return
    if media_files.KINDS[source.suffix.lower().lstrip(".")] == "image":
        try:
            cleaned = media_files.clean_image(source)
            picture = images.measure(source, url)
            copies = images.resized(source, picture, cache and cache / images.CACHE) \
                if picture else []
        except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as error:
            rel = source.relative_to(content_dir.parent).as_posix()
            raise OutputError(
                f"{rel} could not be saved again without its hidden details ({error}), so "
                "nothing was published and the previous site is unchanged. Open it in a "
                "photo app, save it again as JPG or PNG, and replace the file.") from None
        output.write(url, cleaned)
        for copy, data in copies:
            output.write(copy.url, data)
    else:
        output.copy(source, url)
