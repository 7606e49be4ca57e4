"""Dates as precise as the text makes them: a day, a month, a year, or a day without a year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import dateparser
from rdflib import Literal
from rdflib.namespace import XSD

_PRECISION_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
_RELATIVE = re.compile(r"\b(today|yesterday|tomorrow|tonight|this|last|next|ago)\b", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")
_MONTH = re.compile(
    r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?"
    r"|oct(ober)?|nov(ember)?|dec(ember)?)\b\.?",
    re.I,
)
_WEEKDAY = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)


@dataclass(frozen=True)
class PartialDate:
    """An ISO lexical value with the XSD type that says how precise it is."""

    value: str
    datatype: str

    @property
    def full(self) -> date | None:
        return date.fromisoformat(self.value) if self.datatype == str(XSD.date) else None

    @property
    def year(self) -> int | None:
        match = re.match(r"^(\d{4})", self.value)
        return int(match.group(1)) if match else None

    def literal(self) -> Literal:
        return Literal(self.value, datatype=self.datatype)


def of_day(day: date) -> PartialDate:
    return PartialDate(day.isoformat(), str(XSD.date))


def of_year(year: int) -> PartialDate:
    return PartialDate(f"{year:04d}", str(XSD.gYear))


def parse_iso(text: str) -> PartialDate:
    """Parse YYYY-MM-DD, YYYY-MM or YYYY as given on the command line."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return of_day(date.fromisoformat(text))
        if re.fullmatch(r"\d{4}-\d{2}", text):
            datetime.strptime(text, "%Y-%m")
            return PartialDate(text, str(XSD.gYearMonth))
        if re.fullmatch(r"\d{4}", text):
            return of_year(int(text))
    except ValueError:
        pass
    raise ValueError(f"not a date: {text!r} (expected YYYY-MM-DD, YYYY-MM or YYYY)")


def looks_like_point_in_time(expression: str) -> bool:
    """True for "last July 11", "today", "2019"; False for durations such as "61 years"."""
    if re.search(r"\b(years?|months?|weeks?|days?|decades?)\b", expression, re.I) and not re.search(
        r"\bago\b", expression, re.I
    ):
        return False
    return bool(
        _MONTH.search(expression)
        or _WEEKDAY.search(expression)
        or _YEAR.search(expression)
        or re.search(r"\b(today|yesterday|tomorrow|tonight)\b", expression, re.I)
    )


_NEAR_PERIOD = re.compile(r"^(?:the\s+)?(last|past|this|next|coming)\s+(year|month)$", re.I)
_STEP = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}


def normalize(expression: str, reference: PartialDate | None) -> PartialDate | None:
    """Resolve a date expression against the publication date; None when the text cannot say."""
    expression = expression.strip()
    if near := _NEAR_PERIOD.match(expression):
        return _near_period(_STEP[near.group(1).lower()], near.group(2).lower(), reference)
    if not looks_like_point_in_time(expression):
        return None
    relative = bool(_RELATIVE.search(expression) or _WEEKDAY.search(expression))
    has_year = bool(_YEAR.search(expression))
    base = reference.full if reference else None
    if relative and not base:
        return None
    if not has_year and not base:
        return _month_day(expression)
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base:
        settings["RELATIVE_BASE"] = datetime.combine(base, datetime.min.time())
    data = dateparser.DateDataParser(languages=["en"], settings=settings).get_date_data(
        re.sub(r"\blast\b(?=\s+[A-Z])", "", expression).strip()
    )
    if data.date_obj is None:
        return None
    return _at_precision(data.date_obj.date(), data.period or "day")


def _near_period(step: int, unit: str, reference: PartialDate | None) -> PartialDate | None:
    """ "last year", "next month": a year or a month, counted from the publication date."""
    base = reference.full if reference else None
    if base is None:
        return None
    if unit == "year":
        return of_year(base.year + step)
    months = base.year * 12 + base.month - 1 + step
    return PartialDate(f"{months // 12:04d}-{months % 12 + 1:02d}", str(XSD.gYearMonth))


def _at_precision(day: date, period: str) -> PartialDate:
    if period == "year":
        return of_year(day.year)
    if period == "month":
        return PartialDate(f"{day.year:04d}-{day.month:02d}", str(XSD.gYearMonth))
    return of_day(day)


def _month_day(expression: str) -> PartialDate | None:
    """A day and month with no year, kept as xsd:gMonthDay rather than guessing the year."""
    parsed = dateparser.parse(expression, languages=["en"], settings={"PREFER_DATES_FROM": "past"})
    if parsed is None or not re.search(r"\d", expression):
        return None
    return PartialDate(f"--{parsed.month:02d}-{parsed.day:02d}", str(XSD.gMonthDay))
