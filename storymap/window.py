"""The time window: the years a reader has chosen to look at."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storymap.dates import DateSpan


@dataclass(frozen=True)
class TimeWindow:
    """Whole years from ``first`` to ``last``, both included."""

    first: int
    last: int

    def meets(self, first_year: int, last_year: int | None) -> bool:
        """Whether the years ``first_year`` to ``last_year`` (open if None) meet the window."""
        return first_year <= self.last and (last_year is None or last_year >= self.first)

    def contains_date(self, date: DateSpan) -> bool:
        return self.meets(date.first_year, date.last_year)

    @classmethod
    def covering(cls, dates: Iterable[DateSpan]) -> TimeWindow:
        dates = list(dates)
        return cls(min(d.first_year for d in dates), max(d.last_year for d in dates))
