"""The one error an importer reports to the operator instead of a traceback."""

from pathlib import Path


class SourceFileError(Exception):
    """A whole file cannot be imported: missing, wrong header, truncated, not UTF-8 ...

    The message names the file (and the line, when one is to blame) and says what is wrong, in
    one line the command prints as it is.
    """

    def __init__(self, path: Path | str, problem: str, *, line: int | None = None) -> None:
        self.path = Path(path)
        self.problem = problem
        self.line = line
        where = f"{self.path.name}, line {line}" if line else self.path.name
        super().__init__(f"{where}: {problem}")
