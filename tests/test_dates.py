import pytest

from diplograph.graph.dates import normalize, parse_iso

PUBLISHED = parse_iso("2021-09-28")


@pytest.mark.parametrize(
    ("expression", "value", "kind"),
    [
        ("today", "2021-09-28", "date"),
        ("last July 11", "2021-07-11", "date"),
        ("Monday", "2021-09-27", "date"),
        ("last year", "2020", "gYear"),
        ("next month", "2021-10", "gYearMonth"),
        ("July 2019", "2019-07", "gYearMonth"),
        ("in 1960", "1960", "gYear"),
    ],
)
def test_dates_resolve_against_publication(expression: str, value: str, kind: str):
    date = normalize(expression, PUBLISHED)
    assert (date.value, date.datatype.rsplit("#")[-1]) == (value, kind)


@pytest.mark.parametrize("expression", ["61 years", "16 years of collaboration", "the era"])
def test_durations_are_not_dates(expression: str):
    assert normalize(expression, PUBLISHED) is None


def test_relative_dates_need_a_publication_date():
    assert normalize("today", None) is None
    assert normalize("September 28", None).value == "--09-28"


@pytest.mark.parametrize("text", ["2021-13-01", "28/09/2021", "yesterday", ""])
def test_bad_command_line_dates_are_refused(text: str):
    with pytest.raises(ValueError, match="not a date"):
        parse_iso(text)
