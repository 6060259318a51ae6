"""Field types shared by every kind: ids, references, durations, timestamps, dates, hours."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    WithJsonSchema,
)

ID_PATTERN = r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}
"""One shared copy of each distinct set of explicitly given field names (an interning
table, like ``sys.intern``: bounded by the models' shapes)."""


class StrictModel(BaseModel):
    """Base of every model: unknown fields are errors, nothing is coerced silently."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        populate_by_name=True,
        use_attribute_docstrings=True,
    )

    def model_post_init(self, context: Any, /) -> None:
        # Pydantic keeps a set of the given field names on every instance (about 200
        # bytes, half of what a small model costs). Models are frozen (pydantic changes
        # the set only on assignment, and copies it for model_copy), so instances with
        # the same names can share one set: 100k items take ~200 MB less.
        names = self.__pydantic_fields_set__
        shared = _FIELDS_SETS.setdefault(frozenset(names), names)
        object.__setattr__(self, "__pydantic_fields_set__", shared)


@dataclass(frozen=True)
class RefTo:
    """Marks a field as a reference to an entity of ``kind``.

    When the kind depends on a sibling field (an agreement's ``party`` is a Customer, a
    Team or a Supplier by the agreement's ``type``), ``kind_field`` names that field and
    ``kind_map`` maps its values to kinds.
    """

    kind: str | None = None
    kind_field: str | None = None
    kind_map: tuple[tuple[str, str], ...] = ()

    def target_kind(self, owner: BaseModel) -> str | None:
        if self.kind is not None:
            return self.kind
        if self.kind_field is not None:
            return dict(self.kind_map).get(str(getattr(owner, self.kind_field, "")))
        return None


EntityId = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        description="Lower-case letters, digits and inner hyphens; at most 63 characters.",
    ),
]


def _reference(kind: str) -> Any:
    return Annotated[
        str,
        RefTo(kind),
        Field(min_length=1, description=f"The id of a {kind}."),
    ]


TeamRef = _reference("Team")
CustomerRef = _reference("Customer")
SupplierRef = _reference("Supplier")
ServiceRef = _reference("Service")
CIRef = _reference("ConfigurationItem")
AgreementRef = _reference("Agreement")
ChangeTemplateRef = _reference("ChangeTemplate")
ChangeWindowRef = _reference("ChangeWindow")

_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_SHORT_DURATION = re.compile(r"(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_ISO_DURATION = re.compile(
    r"P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?"
)
DURATION_PATTERN = r"^(\d+[wdhms])+$|^P(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"


def parse_duration(value: object) -> timedelta:
    """``15m``, ``4h``, ``3d``, ``2w`` (also combined, ``1h30m``) or ISO 8601 (``PT15M``)."""
    if isinstance(value, timedelta):
        return value
    if not isinstance(value, str):
        raise ValueError(f"a duration is text such as 15m, 4h, 3d, 2w or PT15M, not {value!r}")
    text = value.strip()
    short = _SHORT_DURATION.fullmatch(text)
    if text and short and any(short.groups()):
        weeks, days, hours, minutes, seconds = (int(g or 0) for g in short.groups())
        return timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    iso = _ISO_DURATION.fullmatch(text)
    if iso and any(iso.groups()) and not text.endswith("T"):
        weeks, days, hours, minutes = (int(g or 0) for g in iso.groups()[:4])
        return timedelta(
            weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=float(iso.group(5) or 0)
        )
    raise ValueError(f"{value!r} is not a duration; write e.g. 15m, 4h, 3d, 2w or ISO 8601 PT15M")


def format_duration(value: timedelta) -> str:
    """The shortest ``2w``/``3d``/``4h``/``15m`` spelling of a duration."""
    seconds = int(value.total_seconds())
    if seconds == 0:
        return "0m"
    parts = []
    # Weeks only when the whole duration is weeks: "10d" reads better than "1w3d".
    units = (
        ("w", "d", "h", "m", "s") if seconds % _DURATION_UNITS["w"] == 0 else ("d", "h", "m", "s")
    )
    for unit in units:
        size = _DURATION_UNITS[unit]
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)


Duration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    PlainSerializer(format_duration, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DURATION_PATTERN,
            "description": "A duration: 15m, 4h, 3d, 2w (or combined, 1h30m) or ISO 8601 PT15M.",
        }
    ),
]


def _parse_timestamp(value: object) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"{value!r} is not an RFC 3339 timestamp; write e.g. 2026-12-05T22:00:00+01:00"
            ) from None
    else:
        raise ValueError(f"a timestamp is text such as 2026-12-05T22:00:00+01:00, not {value!r}")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValueError(
            f"timestamp {value!r} has no UTC offset; add one, e.g. {parsed.isoformat()}+01:00"
        )
    return parsed


Timestamp = Annotated[
    datetime,
    BeforeValidator(_parse_timestamp),
    PlainSerializer(lambda v: v.isoformat(), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": "RFC 3339 with an offset: 2026-12-05T22:00:00+01:00.",
        }
    ),
]


def _parse_date(value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a calendar date") from None
    raise ValueError(f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2027-12-31")


Date = Annotated[
    date,
    BeforeValidator(_parse_date),
    PlainSerializer(lambda v: v.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "description": "YYYY-MM-DD."}),
]

Percent = Annotated[float, Field(ge=0, le=100, description="A percentage, 0..100.")]

Handle = Annotated[
    str,
    Field(
        min_length=1,
        pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\[bot\])?$",
        description="A git host login (GitHub handle).",
    ),
]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = "(?:mon|tue|wed|thu|fri|sat|sun)"
DAYS_PATTERN = rf"^{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*$"


def weekdays(spec: str) -> frozenset[int]:
    """The weekdays (0 = Monday) a ``mon-fri`` / ``sat,sun`` / ``fri-mon`` text names."""
    days: set[int] = set()
    for part in spec.split(","):
        first, _, last = part.partition("-")
        start = WEEKDAYS.index(first)
        stop = WEEKDAYS.index(last or first)
        day = start
        days.add(day)
        while day != stop:
            day = (day + 1) % 7
            days.add(day)
    return frozenset(days)


def _check_timezone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r}; use an IANA name such as Europe/Oslo"
        ) from None
    return name


_CLOCK = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d|24:00")


def _check_clock(value: str) -> str:
    if not _CLOCK.fullmatch(value):
        raise ValueError(f'{value!r} is not a clock time; write HH:MM such as "07:00"')
    return value


TimeZoneName = Annotated[
    str,
    AfterValidator(_check_timezone),
    WithJsonSchema({"type": "string", "description": "An IANA time zone, e.g. Europe/Oslo."}),
]

ClockTime = Annotated[
    str,
    AfterValidator(_check_clock),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$",
            "description": 'A clock time "HH:MM" (quote it in YAML).',
        }
    ),
]


class HoursWindow(StrictModel):
    """Service hours on some weekdays, between two clock times, in a time zone."""

    days: Annotated[str, Field(pattern=DAYS_PATTERN)] = "mon-fri"
    """Weekdays: ``mon-fri``, ``sat,sun``, ``mon-fri,sun``."""
    from_: ClockTime = Field(alias="from")
    """Opening time, ``"07:00"``."""
    to: ClockTime
    """Closing time, ``"17:00"`` (``"24:00"`` for midnight)."""
    timezone: TimeZoneName = "UTC"
    """IANA time zone the times are in, e.g. ``Europe/Oslo``."""

    def weekdays(self) -> frozenset[int]:
        return weekdays(self.days)


def _hours_tag(value: object) -> str:
    return "always" if isinstance(value, str) else "window"


ServiceHours = Annotated[
    Annotated[Literal["24x7"], Tag("always")] | Annotated[HoursWindow, Tag("window")],
    Discriminator(_hours_tag),
]
"""``24x7``, or ``{days: mon-fri, from: "07:00", to: "17:00", timezone: Europe/Oslo}``."""

Criticality = Literal["low", "medium", "high", "critical"]
Risk = Literal["low", "medium", "high"]
