"""A script's text with a line index, for readers that report where things are."""

from __future__ import annotations

import bisect


class SourceText:
    """Turns offsets into 1-based (line, column), as errors and warnings name them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_starts = [0]
        position = text.find("\n")
        while position != -1:
            self._line_starts.append(position + 1)
            position = text.find("\n", position + 1)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def line_end(self, offset: int) -> int:
        end = self.text.find("\n", offset)
        return len(self.text) if end == -1 else end
