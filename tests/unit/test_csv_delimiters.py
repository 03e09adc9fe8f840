"""CSV exports opened in a spreadsheet that splits on `;` (or `|`, or tabs) instead of commas:
no cell may start a formula there either."""

import pytest

from clinic.frontdesk import export


@pytest.mark.parametrize("value", [";=1+1", ",=1+1", "|=1+1", ";cmd", "|x", ",x"])
def test_a_cell_starting_with_a_delimiter_is_neutralised(value):
    assert export.safe_cell(value) == "'" + value


@pytest.mark.parametrize("delimiter", [";", "|", "\t"])
def test_a_cell_holding_another_delimiter_is_quoted_whole(delimiter):
    value = f"Ana{delimiter}=HYPERLINK(1)"
    line = export.to_csv([[value, "x"]], header=("a", "b")).splitlines()[1]
    assert line == f'"{value}",x'


def test_plain_cells_stay_unquoted():
    assert export.to_csv([["Ana Rivera", 3]], header=("a", "b")) == "a,b\r\nAna Rivera,3\r\n"
