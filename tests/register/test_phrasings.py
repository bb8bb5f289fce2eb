"""The phrasing table: real actions from published minutes, read by the one sentence reader.

The expectations in tests/fixtures/phrasings/ are written by hand; this guards the share read right (the figure
benchmarks/capture.py prints) against a change that reads real minutes worse.
"""

from __future__ import annotations

from collections import Counter

from tests.support.phrasings import GROUPS, phrasings, sources


def test_the_table_has_two_hundred_cited_phrasings_in_every_group() -> None:
    rows = list(phrasings())
    assert len(rows) >= 200
    assert {row.group for row in rows} == set(GROUPS)
    assert all(source.url.startswith(("http", "github:", "seed:")) for source in sources().values())
    assert len({row.sentence for row in rows}) == len(rows), "a phrasing is in the table twice"


def test_real_phrasings_are_read_right() -> None:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong = []
    for row in phrasings():
        misses = row.misses(row.read())
        total[row.group] += 1
        right[row.group] += not misses
        if misses:
            wrong.append(f"{row.sentence!r}: {'; '.join(misses)}")
    assert sum(right.values()) / sum(total.values()) >= 0.95, "\n".join(wrong)
    for group in GROUPS:
        assert right[group] / total[group] >= 0.9, (group, "\n".join(wrong))
