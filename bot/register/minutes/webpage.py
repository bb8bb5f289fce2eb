"""Text from a web page saved from a council website or SharePoint: blocks as lines, list items as "• " lines and
tables as tab-separated rows (colspan leaves empty cells so rows line up with the header; rowspan repeats the text
below, as a merged Word cell does). Scripts, styles and navigation chrome are dropped.

The standard library's HTMLParser is linear and never fetches anything.
"""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 section article header footer blockquote pre dt dd figcaption caption address "
    "main aside details summary form fieldset legend hr".split()
)
_SKIP = frozenset({"script", "style", "template", "noscript", "svg", "head", "nav", "button", "select", "option"})
_MAX_SPAN = 64


class _Table:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = 1
        self.rowspan = 1
        # column -> (text, rows still to fill) for cells spanning down
        self.pending: dict[int, tuple[str, int]] = {}

    def start_row(self) -> None:
        self.end_row()
        self.row = []
        self._fill_pending()

    def _fill_pending(self) -> None:
        assert self.row is not None
        while len(self.row) in self.pending:
            column = len(self.row)
            text, left = self.pending[column]
            self.row.append(text)
            if left <= 1:
                del self.pending[column]
            else:
                self.pending[column] = (text, left - 1)

    def start_cell(self, span: int, rowspan: int) -> None:
        self.end_cell()
        if self.row is None:
            self.start_row()
        self.cell, self.span, self.rowspan = [], span, rowspan

    def end_cell(self) -> None:
        if self.cell is None or self.row is None:
            return
        text = " ".join("".join(self.cell).split())
        column = len(self.row)
        self.row.append(text)
        self.row.extend([""] * (self.span - 1))
        if self.rowspan > 1:
            self.pending[column] = (text, self.rowspan - 1)
        self.cell = None
        self._fill_pending()

    def end_row(self) -> None:
        self.end_cell()
        if self.row is not None:
            if any(cell for cell in self.row):
                self.rows.append(self.row)
            self.row = None


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.tables: list[_Table] = []
        self.skipping = 0

    def _break(self) -> None:
        text = " ".join("".join(self.line).split())
        if text:
            self.lines.append(text)
        self.line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
            return
        if self.skipping:
            return
        table = self.tables[-1] if self.tables else None
        if tag == "table":
            if table is not None and table.cell is not None:
                self.tables.append(_Table())  # nested: read into the outer cell when it ends
            else:
                self._break()
                self.tables.append(_Table())
        elif table is not None and tag == "tr":
            table.start_row()
        elif table is not None and tag in ("td", "th"):
            values = dict(attrs)
            table.start_cell(_span(values.get("colspan")), _span(values.get("rowspan")))
        elif table is not None and table.cell is not None:
            if tag == "li":
                table.cell.append(" \u2022 ")  # list items in a cell: one action each
            elif tag in ("br", "p", "div"):
                table.cell.append(" ")
        elif tag == "li":
            self._break()
            self.line.append("• ")
        elif tag == "br":
            self._break()
        elif tag in _BLOCKS or tag in ("ul", "ol", "tr"):
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag == "table" and self.tables:
            table = self.tables.pop()
            table.end_row()
            rows = ["\t".join(cell.replace("\t", " ") for cell in row) for row in table.rows]
            if self.tables and self.tables[-1].cell is not None:
                self.tables[-1].cell.append(" " + " ".join(" ".join(r.split("\t")) for r in rows) + " ")
            else:
                self.lines.append("")
                self.lines.extend(rows)
                self.lines.append("")
        elif self.tables and tag in ("td", "th"):
            self.tables[-1].end_cell()
        elif self.tables and tag == "tr":
            self.tables[-1].end_row()
        elif not self.tables and (tag in _BLOCKS or tag in ("li", "ul", "ol")):
            self._break()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.append(data)
        elif not self.tables:
            self.line.append(data)

    def close(self) -> None:
        super().close()
        while self.tables:
            self.handle_endtag("table")
        self._break()


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), _MAX_SPAN))
    except ValueError:
        return 1


def html_text(markup: str) -> str:
    converter = _Converter()
    converter.feed(markup)
    converter.close()
    return "\n".join(converter.lines)
