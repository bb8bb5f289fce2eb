"""What deadline words mean, as JSON: ``python -m bot.register.deadlines "by May" --reference 2025-03-17``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime

from bot.register.deadlines.reader import _zone, parse_deadline


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    midnight = moment.hour == moment.minute == moment.second == moment.microsecond == 0
    return moment.date().isoformat() if midnight else moment.isoformat()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.register.deadlines",
        description="Read deadline words (English or Welsh) and print what they mean as one JSON object: "
        '{"text", "kind", "due", "latest"}.',
    )
    parser.add_argument("words", help='the deadline as written, e.g. "end of May" or "erbyn dydd Gwener"')
    parser.add_argument(
        "--reference",
        type=date.fromisoformat,
        default=None,
        help="the day the words were written, YYYY-MM-DD (default: today in --tz)",
    )
    parser.add_argument("--locale", default="en", help="en or cy (both languages are read either way)")
    parser.add_argument("--tz", default="Europe/London", help="IANA time zone (default Europe/London)")
    args = parser.parse_args(argv)
    try:
        zone = _zone(args.tz)
    except (ValueError, KeyError) as exc:
        parser.error(f"unknown time zone {args.tz!r}: {exc}")
    reference = args.reference or datetime.now(zone).date()
    deadline = parse_deadline(args.words, reference=reference, locale=args.locale, tz=args.tz)
    due, latest = _iso(deadline.due), _iso(deadline.latest)
    answer = {"text": deadline.text, "kind": str(deadline.kind), "due": due, "latest": latest}
    json.dump(answer, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
