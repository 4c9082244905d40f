"""The render stage's lead over the write stage with a kept search index (publish._ahead)."""

from coprod_site.publish import _ahead

SIZES = [30, 10, 25, 5, 40, 20, 15, 35, 60, 5]
LIMIT = 50


def test_pages_are_rendered_up_to_the_limit_ahead_of_the_write():
    """In order; a page is handed on only once more than the limit of pages would wait
    without it (or the render stage has no more), and no page is rendered while more than
    the limit wait."""
    taken, handed, waiting_at_take, early = [], [], [], []

    def waiting() -> int:
        return sum(SIZES[n] for n in taken) - sum(SIZES[n] for n in handed)

    def rendered():
        for n, size in enumerate(SIZES):
            waiting_at_take.append(waiting())
            taken.append(n)
            yield f"/p{n}/", "x" * size

    for path, page in _ahead(rendered(), LIMIT):
        handed.append(int(path[2:-1]))
        if len(taken) < len(SIZES) and waiting() + len(page) <= LIMIT:
            early.append(path)
    assert handed == list(range(len(SIZES))) and early == []
    assert max(waiting_at_take) <= LIMIT and max(waiting_at_take) > LIMIT // 2
