"""The corpus of real minutes (tests/fixtures/minutes-corpus): every document read, scored against the actions
listed by hand. benchmarks/import.py prints the same figures per document."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

CORPUS = Path(__file__).parents[2] / "fixtures" / "minutes-corpus"
_spec = importlib.util.spec_from_file_location("import_benchmark", CORPUS.parents[2] / "benchmarks" / "import.py")
assert _spec is not None and _spec.loader is not None
benchmark = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(benchmark)


def test_the_corpus_is_real_and_varied() -> None:
    documents = json.loads((CORPUS / "corpus.json").read_text(encoding="utf-8"))
    assert len({d["id"] for d in documents}) == len(documents)
    assert all(d["source"] and (CORPUS / d["id"] / d["file"]).exists() for d in documents)
    assert all((CORPUS / d["id"] / "expected.json").exists() for d in documents)
    formats = {Path(d["file"]).suffix for d in documents}
    assert {".pdf", ".docx", ".html", ".txt", ".md"} <= formats
    assert sum(d["language"] == "cy" for d in documents) >= 4
    # The size: at least 25 real documents, 8 of them PDFs.
    assert len(documents) >= 25
    assert sum(Path(d["file"]).suffix == ".pdf" for d in documents) >= 8


def test_the_corpus_meets_the_targets() -> None:
    overall = benchmark.corpus(quiet=True)
    assert overall["recall"] >= 0.9
    assert overall["precision"] >= 0.9
    assert overall["owner_right"] >= 0.85
    assert overall["deadline_right"] >= 0.85
