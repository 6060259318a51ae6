"""Generate a deterministic synthetic svcascode repository of a given size for benchmarks.

``python benchmarks/generate.py --items 10000 --out DIR [--seed 1] [--git]`` writes a
complete repository (``svcascode.yaml``, ``catalog/``, ``agreements/``, ``cmdb/``,
``changes/``) that is valid by the v1 format contract and on which ``svc lint`` reports
nothing at all: every SLA is feasible on the OLAs and UCs beneath it, every production item
is covered, sole-sourced items are redundant or accepted risks, and the changes neither
conflict nor break the change policy (with ``--git``, the commit is dated well before every
lead time). Everything scales with ``--items`` (the number of configuration items):
services about items/10, teams items/200, customers max(3, items/2000), suppliers
max(4, items/1000), changes items/100. The same seed and size always give byte-identical
files.

The YAML is written as text, not dumped, because speed matters at 100,000 items.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

API = "apiVersion: svcascode/v1"
TZ = ZoneInfo("Europe/Oslo")
YEAR = 2027
CHUNK = 1000
"""At most this many generated files in one folder."""


@dataclass(frozen=True)
class CiClass:
    """A configuration item class and how the generator treats it."""

    name: str
    tier: int
    """Layer: an item only depends on items of a lower tier, as a real CMDB is built."""
    prefix: str
    relation: str
    """How a dependent item relates to an item of this class."""
    vendor: str
    product: str
    supplied: float
    """Share of the items of this class that an external supplier delivers."""


CI_CLASSES = (
    CiClass("facility", 0, "fac", "hosted-by", "Equinix", "Colocation cage", 0.5),
    CiClass("network", 1, "net", "connects-to", "Cisco", "Nexus 9300", 0.3),
    CiClass("storage", 1, "sto", "stores-in", "NetApp", "AFF A400", 0.0),
    CiClass("server", 2, "srv", "runs-on", "Dell", "PowerEdge R760", 0.0),
    CiClass("virtual-machine", 3, "vm", "runs-on", "Red Hat", "Enterprise Linux", 0.0),
    CiClass("other", 3, "oth", "uses", "Generic", "Appliance", 0.1),
    CiClass("container", 4, "ctr", "hosted-by", "Red Hat", "OpenShift pod", 0.0),
    CiClass("database", 4, "db", "stores-in", "PostgreSQL", "PostgreSQL", 0.0),
    CiClass("saas", 4, "saas", "uses", "Microsoft", "Microsoft 365", 1.0),
    CiClass("service-component", 5, "cmp", "uses", "Eclipse", "Temurin JVM", 0.0),
    CiClass("interface", 5, "if", "connects-to", "Kong", "API gateway route", 0.0),
    CiClass("application", 6, "app", "uses", "In-house", "Web application", 0.0),
)
BY_CLASS = {c.name: c for c in CI_CLASSES}
ENVIRONMENTS = ("production", "acceptance", "test", "development")
ENV_WEIGHTS = (40, 20, 20, 20)
ENV_SHORT = {"production": "prd", "acceptance": "acc", "test": "tst", "development": "dev"}


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


DOMAINS = words(
    "clinical finance hr logistics research workplace identity integration infrastructure"
    " communication"
)
FIRST = words(
    "ada bjorn carla dag eva frode guro hans ingrid jonas kari lars mona nils ola"
    " petra ragnhild sven tone ulf"
)
LAST = words(
    "hansen johansen olsen larsen andersen pedersen nilsen kristiansen jensen"
    " karlsen berg haugen dahl lund moen"
)
WORDS = words(
    "patient ledger payroll portal archive booking catalogue gateway identity"
    " inventory journal lab mail order report roster search storage ticket video"
    " wiki print imaging"
)
PRIORITIES = ("P1", "P2", "P3", "P4", "P5")
CRITICALITY = {True: ("high", "critical", "medium"), False: ("low", "medium")}
"""Criticality choices for production items (True) and the others."""


@dataclass(frozen=True)
class Sizes:
    """How many entities of each kind a repository of ``items`` configuration items has."""

    items: int
    services: int
    teams: int
    customers: int
    suppliers: int
    changes: int

    @classmethod
    def for_items(cls, items: int) -> Sizes:
        return cls(
            items=items,
            services=max(10, items // 10),
            teams=max(2, items // 200),
            customers=max(3, items // 2000),
            suppliers=max(len(SPECIALTIES), items // 1000),
            changes=max(6, items // 100),
        )


APPLICATION, PLATFORM, INFRASTRUCTURE = 0, 1, 2
"""Layers of the organisation: who runs the items of a tier (see :func:`layer`)."""


def layer(tier: int) -> int:
    """Applications and their components (tiers 5-6) are run by application teams,
    servers, VMs, containers, databases and SaaS (2-4) by platform teams, facilities,
    networks and storage (0-1) by infrastructure teams."""
    return APPLICATION if tier >= 5 else (PLATFORM if tier >= 2 else INFRASTRUCTURE)


TEAM_NAMES = {
    "infrastructure": ("Data centre", "Network", "Storage and backup"),
    "platform": ("Hosting", "Container platform", "Database", "Workplace platform"),
}


def team_kind(index: int) -> str:
    """Team 1 is the service desk; of the others 1 in 10 are infrastructure teams, 2 in 10
    platform teams and the rest application teams."""
    if index == 0:
        return "desk"
    rest = index % 10
    return "infrastructure" if rest == 1 else ("platform" if rest in (2, 6) else "application")


@dataclass(frozen=True)
class Specialty:
    """What a supplier delivers: one class of items, with the availability it contracts."""

    name: str
    ci_class: str
    availability: float
    accepted: str
    """Why a sole-sourced item of this kind is an accepted risk (its annotation)."""


SPECIALTIES = (
    Specialty(
        "Colocation",
        "facility",
        99.99,
        "Single colocation hall for this workload; the second hall is in the 2028 budget",
    ),
    Specialty(
        "Fibre",
        "network",
        99.95,
        "Single carrier line; a diverse second line is ordered and monitored by the NOC",
    ),
    Specialty(
        "Cloud",
        "saas",
        99.9,
        "SaaS: the publisher runs the service and the supplier is the only licensing and"
        " support channel, so there is no second source",
    ),
    Specialty(
        "Appliance",
        "other",
        99.95,
        "Single appliance; a cold spare is on site and the supplier replaces it within 4h",
    ),
)
SPECIALTY_OF = {s.ci_class: i for i, s in enumerate(SPECIALTIES)}


@dataclass(frozen=True)
class Member:
    """A person in a team or a contact of a customer or supplier."""

    handle: str
    name: str
    email: str


@dataclass(frozen=True)
class Team:
    id: str
    title: str
    kind: str
    """``desk``, ``application``, ``platform`` or ``infrastructure`` (see :func:`team_kind`)."""
    line: int | None
    members: tuple[Member, ...]
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Org:
    """Which teams run each layer, and whom each team builds on.

    An application team builds on one platform team, a platform team on one
    infrastructure team: ``chains[t]`` names, per layer, the team that runs that layer
    for team ``t`` (-1 for layers above its own). Items only depend on items of their
    owner's chain and services only on technical services of it, so the closure of any
    service is run by at most three teams, as in a real organisation with shared
    platforms; it also splits the item graph into one component per infrastructure team.
    """

    layers: tuple[tuple[int, ...], ...]
    """Team indexes per layer: application, platform, infrastructure."""
    chains: tuple[tuple[int, int, int], ...]

    @classmethod
    def of(cls, teams: Sequence[Team]) -> Org:
        kinds = [t.kind for t in teams]
        apps = tuple(i for i, k in enumerate(kinds) if k in ("desk", "application"))
        infra = tuple(i for i, k in enumerate(kinds) if k == "infrastructure") or (len(teams) - 1,)
        platform = tuple(i for i, k in enumerate(kinds) if k == "platform") or infra
        chains = [(-1, -1, -1)] * len(teams)
        for i in infra:
            chains[i] = (-1, -1, i)
        for n, p in enumerate(platform):
            chains[p] = (-1, p, infra[n % len(infra)])
        for n, a in enumerate(apps):
            p = platform[n % len(platform)]
            chains[a] = (a, p, chains[p][2])
        return cls((apps, platform, infra), tuple(chains))

    def builds_on(self, team: int) -> tuple[int, ...]:
        """The team and those it builds on, each once."""
        return tuple(dict.fromkeys(t for t in self.chains[team] if t >= 0))


@dataclass(frozen=True)
class Party:
    """A Customer or a Supplier."""

    kind: str
    id: str
    title: str
    contacts: tuple[Member, ...]
    users: int
    specialty: int = -1
    """Index into :data:`SPECIALTIES` (suppliers)."""


@dataclass(frozen=True)
class Dep:
    """One ``depends_on`` entry: shorthand, ``{ci, relation}`` or ``{any_of, min}``."""

    targets: tuple[str, ...]
    relation: str | None = None
    any_of_min: int = 0


@dataclass
class Ci:
    index: int
    id: str
    cls: CiClass
    env: str
    lifecycle: str
    criticality: str
    team: int
    owner: str
    supplier: int
    """Index into the suppliers, -1 when in-house."""
    depends_on: list[Dep]
    sole: bool = False
    """Supplied with no second source: needed on its own, never in a redundancy group."""
    accepted: bool = False
    """A supplied item something needs without redundancy: an accepted risk."""


@dataclass(frozen=True)
class Offering:
    id: str
    title: str
    fulfilment: str
    lead_time: str
    eligible: tuple[str, ...]


@dataclass
class Service:
    index: int
    id: str
    title: str
    type: str
    lifecycle: str
    domain: str
    team: int
    owner: str
    env: str
    """The environment of the items that realise it."""
    parent: str | None
    cis: list[str]
    depends_on: list[str]
    offerings: list[Offering]
    hours_24x7: bool


@dataclass(frozen=True)
class Window:
    """A ChangeWindow with absolute start and end."""

    id: str
    type: str
    start: datetime
    end: datetime
    services: tuple[str, ...]
    reason: str
    rrule: str | None = None
    """A recurring window: ``start``/``end`` are its first occurrence."""
    occurrences: tuple[tuple[datetime, datetime], ...] = ()
    """Every occurrence in the generated year (of a recurring window)."""

    def spans(self) -> tuple[tuple[datetime, datetime], ...]:
        return self.occurrences or ((self.start, self.end),)


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    classes: tuple[str, ...]
    max_hours: int
    owner: str


@dataclass(frozen=True)
class Review:
    """The post-implementation review of an emergency change."""

    held: date
    outcome: str
    notes: str


@dataclass(frozen=True)
class Change:
    id: str
    type: str
    template: str | None
    cis: tuple[str, ...]
    start: datetime
    end: datetime
    risk: str
    requester: str
    release: str | None
    review: Review | None = None


@dataclass
class Model:
    """Every generated entity, in creation order."""

    sizes: Sizes
    teams: list[Team] = field(default_factory=list)
    org: Org = field(default_factory=lambda: Org((), ()))
    cab: Team | None = None
    customers: list[Party] = field(default_factory=list)
    suppliers: list[Party] = field(default_factory=list)
    cis: list[Ci] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    blackouts: list[Window] = field(default_factory=list)
    maintenance: list[Window] = field(default_factory=list)
    templates: list[Template] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


# --------------------------------------------------------------------------- parties


def make_member(rng: random.Random, serial: int) -> Member:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    handle = f"{first}-{last}-{serial}"
    return Member(handle, f"{first.title()} {last.title()}", f"{first}.{last}{serial}@example.org")


def team_title(rng: random.Random, kind: str, i: int) -> str:
    if kind == "desk":
        return "Service desk"
    if kind == "application":
        return f"{rng.choice(WORDS).title()} application team {i + 1}"
    return f"{rng.choice(TEAM_NAMES[kind])} team {i + 1}"


def make_teams(rng: random.Random, sizes: Sizes) -> tuple[list[Team], Team]:
    teams: list[Team] = []
    serial = 0
    for i in range(sizes.teams):
        members = []
        for _ in range(rng.randint(3, 8)):
            serial += 1
            members.append(make_member(rng, serial))
        kind = team_kind(i)
        line = 1 if kind == "desk" else rng.choice((2, 2, 3))
        roles = {
            "desk": ("service-desk",),
            "application": ("operations", "development"),
        }.get(kind, ("operations",))
        teams.append(
            Team(f"team-{i + 1:04d}", team_title(rng, kind, i), kind, line, tuple(members), roles)
        )
    pool = [m for t in teams for m in t.members]
    cab = Team(
        "cab",
        "Change advisory board",
        "cab",
        None,
        tuple(rng.sample(pool, min(6, len(pool)))),
        ("cab",),
    )
    return teams, cab


def make_parties(rng: random.Random, kind: str, count: int, serial: int) -> list[Party]:
    parties = []
    for i in range(count):
        contacts = tuple(make_member(rng, serial + i * 3 + j) for j in range(rng.randint(1, 3)))
        if kind == "Customer":
            prefix, specialty = "customer", -1
            title = f"{rng.choice(WORDS).title()} Hospital {i + 1}"
        else:
            prefix, specialty = "supplier", i % len(SPECIALTIES)
            title = f"{rng.choice(WORDS).title()} {SPECIALTIES[specialty].name} AS {i + 1}"
        users = rng.randrange(200, 20000, 50) if kind == "Customer" else 0
        parties.append(Party(kind, f"{prefix}-{i + 1:03d}", title, contacts, users, specialty))
    return parties


def suppliers_by_class(suppliers: Sequence[Party]) -> dict[str, list[int]]:
    """Supplier indexes by the item class they deliver. A team buys a class from
    ``choices[team % len(choices)]``: one framework contract per kind of delivery."""
    by_class: dict[str, list[int]] = {s.ci_class: [] for s in SPECIALTIES}
    for i, supplier in enumerate(suppliers):
        by_class[SPECIALTIES[supplier.specialty].ci_class].append(i)
    return by_class


# --------------------------------------------------------------------------- CMDB


@dataclass
class CiPools:
    """Earlier live items by (environment, tier, owner team): the only dependency targets."""

    live: dict[tuple[str, int, int], list[int]] = field(default_factory=dict)

    def add(self, ci: Ci) -> None:
        self.live.setdefault((ci.env, ci.cls.tier, ci.team), []).append(ci.index)

    def lower(self, env: str, tier: int, chain: tuple[int, int, int]) -> list[list[int]]:
        """Pools of the lower tiers, each of the team that runs that tier for the chain."""
        return [p for t in range(tier) if (p := self.live.get((env, t, chain[layer(t)])))]


def pick_class_env(rng: random.Random, i: int) -> tuple[CiClass, str]:
    count = len(CI_CLASSES)
    if i < count * len(ENVIRONMENTS):  # every combination appears
        return CI_CLASSES[i % count], ENVIRONMENTS[i // count]
    return rng.choice(CI_CLASSES), rng.choices(ENVIRONMENTS, ENV_WEIGHTS)[0]


def pick_recent(rng: random.Random, pool: list[int]) -> int:
    """Mostly a recent item (locality), sometimes any: shared infrastructure becomes hubs."""
    if rng.random() < 0.75:
        return pool[-1 - int(rng.random() * min(len(pool), 300))]
    return pool[int(rng.random() * len(pool))]


SOLE_SOURCED = 0.1
"""Share of supplied items other than SaaS that have no second source (one carrier line,
one colocation hall); the others are always needed in a redundancy group with a spare
(dual feeds, switch pairs). SaaS is always sole-sourced."""


def make_deps(
    rng: random.Random, ci: Ci, chain: tuple[int, int, int], pools: CiPools, earlier: list[Ci]
) -> list[Dep]:
    """What an item needs, from the lower tiers of its owner's chain. A need of a
    supplied item is made redundant (``any_of`` with a spare) unless the item is
    sole-sourced: then the item is marked as an accepted single point of failure."""
    layers = pools.lower(ci.env, ci.cls.tier, chain)
    if not layers:
        return []
    deps: list[Dep] = []
    used: set[int] = set()
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
        pool = layers[-1] if rng.random() < 0.6 else rng.choice(layers)
        form = rng.random()
        if form < 0.15 and len(pool) >= 3:
            picks = {pick_recent(rng, pool) for _ in range(rng.choice((2, 3)))} - used
            if len(picks) >= 2:
                used |= picks
                minimum = 2 if len(picks) == 3 and rng.random() < 0.2 else 1
                deps.append(Dep(tuple(earlier[p].id for p in sorted(picks)), None, minimum))
            continue
        target = pick_recent(rng, pool)
        if target in used:
            continue
        item = earlier[target]
        if item.supplier >= 0 and not item.sole:
            spares = {pick_recent(rng, pool) for _ in range(3)} - used - {target}
            if spares:
                spare = min(spares)
                used |= {target, spare}
                deps.append(Dep(tuple(earlier[p].id for p in sorted((target, spare))), None, 1))
                continue
        used.add(target)
        if item.supplier >= 0:
            item.accepted = True
        relation = item.cls.relation if form < 0.55 else None
        deps.append(Dep((item.id,), relation))
    return deps


def make_cis(rng: random.Random, model: Model) -> None:
    pools = CiPools()
    org = model.org
    contracts = suppliers_by_class(model.suppliers)
    for i in range(model.sizes.items):
        cls, env = pick_class_env(rng, i)
        cid = f"{cls.prefix}-{ENV_SHORT[env]}-{i + 1:06d}"
        roll = rng.random()
        lifecycle = "live" if roll < 0.85 else ("planned" if roll < 0.93 else "retired")
        crit = rng.choice(CRITICALITY[env == "production"])
        team = rng.choice(org.layers[layer(cls.tier)])
        supplier = -1
        if rng.random() < cls.supplied:
            choices = contracts[cls.name]
            supplier = choices[team % len(choices)]
        ci = Ci(i, cid, cls, env, lifecycle, crit, team, model.teams[team].id, supplier, [])
        ci.sole = supplier >= 0 and (cls.name == "saas" or rng.random() < SOLE_SOURCED)
        if lifecycle != "retired":
            ci.depends_on = make_deps(rng, ci, org.chains[team], pools, model.cis)
        if lifecycle == "live":
            pools.add(ci)
        model.cis.append(ci)


# --------------------------------------------------------------------------- catalogue


def make_offerings(rng: random.Random, sid: str, customers: Sequence[Party]) -> list[Offering]:
    offerings = []
    for j in range(rng.randint(1, 3)):
        eligible = (
            ()
            if rng.random() < 0.6
            else tuple(sorted(c.id for c in rng.sample(list(customers), min(2, len(customers)))))
        )
        offerings.append(
            Offering(
                f"{sid}-req{j + 1}",
                f"Request {rng.choice(WORDS)} access",
                rng.choice(("self-service", "automated", "manual")),
                rng.choice(("15m", "4h", "1d", "3d", "1w")),
                eligible,
            )
        )
    return offerings


@dataclass
class ServicePools:
    """Items a service may be realised by: its owner's own, never a supplied item other
    than SaaS (which is then an accepted risk). Keys: ``(team, environment)`` for
    live items, ``(team, "planned")`` and ``(team, "retired")``; team -1 holds everyone's,
    the fallback of a team that owns nothing suitable (only in tiny repositories)."""

    pools: dict[tuple[int, str], list[int]]

    @classmethod
    def of(cls, cis: Iterable[Ci]) -> ServicePools:
        pools: dict[tuple[int, str], list[int]] = {}
        for ci in cis:
            if ci.supplier >= 0 and ci.cls.name != "saas":
                continue
            key = ci.env if ci.lifecycle == "live" else ci.lifecycle
            pools.setdefault((ci.team, key), []).append(ci.index)
            pools.setdefault((-1, key), []).append(ci.index)
        return cls(pools)

    def get(self, team: int, key: str) -> list[int]:
        return self.pools.get((team, key)) or self.pools.get((-1, key)) or []

    def pick(self, rng: random.Random, model: Model, svc: Service) -> list[str]:
        count = rng.randint(3, 15)
        pool = self.get(svc.team, svc.env)
        if svc.lifecycle == "retired":
            pool = self.get(svc.team, "retired")
        elif svc.lifecycle == "pipeline" and rng.random() < 0.5:
            pool = self.get(svc.team, "planned") or pool
        picked = [model.cis[i] for i in rng.sample(pool, min(count, len(pool)))]
        for ci in picked:
            if ci.supplier >= 0:
                ci.accepted = True
        return sorted(ci.id for ci in picked)


def service_lifecycle(rng: random.Random, index: int, teams: int) -> str:
    if index < max(teams, 10):  # every team owns a live service; parents exist early
        return "live"
    roll = rng.random()
    return "live" if roll < 0.85 else ("pipeline" if roll < 0.95 else "retired")


def service_type(rng: random.Random, kind: str) -> str:
    """Application teams (and the desk) mostly run business services; platform and
    infrastructure teams run technical ones."""
    if kind in ("desk", "application") and rng.random() < 0.8:
        return "business"
    return "technical"


def make_services(rng: random.Random, model: Model) -> None:
    pools = ServicePools.of(model.cis)
    teams, org = model.teams, model.org
    live_business: list[str] = []
    live_technical: list[str] = []
    technical: dict[tuple[str, int], list[str]] = {}  # live, by (environment, owner team)
    for i in range(model.sizes.services):
        lifecycle = service_lifecycle(rng, i, len(teams))
        team = i % len(teams)
        stype = service_type(rng, teams[team].kind)
        env = "production"
        if stype == "technical" and rng.random() < 0.2:
            env = rng.choice(ENVIRONMENTS[1:])
        word = WORDS[i % len(WORDS)]
        sid = f"{word}-{i + 1:05d}"
        same = live_business if stype == "business" else live_technical
        parent = rng.choice(same[:50]) if same and rng.random() < 0.15 else None
        svc = Service(
            index=i,
            id=sid,
            title=f"{word.title()} service {i + 1}",
            type=stype,
            lifecycle=lifecycle,
            domain=DOMAINS[i % len(DOMAINS)],
            team=team,
            owner=teams[team].id,
            env=env,
            parent=parent,
            cis=[],
            depends_on=[],
            offerings=[],
            hours_24x7=rng.random() < 0.4,
        )
        svc.cis = pools.pick(rng, model, svc)
        candidates = [s for t in org.builds_on(team) for s in technical.get((env, t), ())]
        if lifecycle != "retired" and candidates:
            targets = {rng.choice(candidates) for _ in range(rng.randint(0, 3))}
            svc.depends_on = sorted(targets - {sid, parent or ""})
        if lifecycle == "live" and stype == "business" and rng.random() < 0.3:
            svc.offerings = make_offerings(rng, sid, model.customers)
        if lifecycle == "live" and parent is None:
            same.append(sid)
        if lifecycle == "live" and stype == "technical":
            technical.setdefault((env, team), []).append(sid)
        model.services.append(svc)


# --------------------------------------------------------------------------- changes


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def make_blackouts(model: Model) -> None:
    finance = tuple(s.id for s in model.services if s.domain == "finance" and s.lifecycle == "live")
    spans = (
        ("freeze-easter-2027", date(2027, 3, 24), date(2027, 3, 30), (), "Easter"),
        ("freeze-summer-2027", date(2027, 7, 5), date(2027, 7, 26), (), "Summer holidays"),
        ("freeze-q2-close-2027", date(2027, 6, 28), date(2027, 7, 2), finance[:5], "Q2 close"),
        ("freeze-q3-close-2027", date(2027, 9, 27), date(2027, 10, 1), finance[:5], "Q3 close"),
        ("freeze-year-end-2027", date(2027, 12, 15), date(2028, 1, 4), (), "Year-end freeze"),
    )
    for wid, start, end, services, reason in spans:
        model.blackouts.append(
            Window(wid, "blackout", local(start, 0), local(end, 0), services, reason)
        )
    model.blackouts.append(month_end_blackout(finance[5:10]))


def month_end_blackout(services: tuple[str, ...]) -> Window:
    """A recurring blackout: the last day of every month, for a few finance services."""
    ends = [date(YEAR + m // 12, m % 12 + 1, 1) for m in range(1, 13)]
    days = [(local(d - timedelta(days=1), 0), local(d, 0)) for d in ends]
    return Window(
        f"freeze-month-end-{YEAR}",
        "blackout",
        days[0][0],
        days[0][1],
        services,
        "Month-end closing",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        tuple(days),
    )


def in_blackout(model: Model, start: datetime, end: datetime) -> bool:
    """Whether the span overlaps any blackout, whatever the blackout's scope."""
    return any(b < end and start < e for w in model.blackouts for b, e in w.spans())


def make_maintenance(model: Model) -> None:
    """Saturday 22:00 to Sunday 04:00 every week of the year outside the blackouts."""
    day = date(YEAR, 1, 2)  # the first Saturday
    while day.year == YEAR:
        start, end = local(day, 22), local(day + timedelta(days=1), 4)
        if not in_blackout(model, start, end):
            week = day.isocalendar().week
            model.maintenance.append(
                Window(
                    f"maint-{YEAR}-w{week:02d}", "maintenance", start, end, (), "Weekly maintenance"
                )
            )
        day += timedelta(days=7)


def make_templates(model: Model) -> None:
    specs = (
        ("patch-linux-vm", "Patch a Linux server", ("virtual-machine", "server"), 4),
        ("restart-container", "Restart a container", ("container", "service-component"), 1),
        ("db-minor-upgrade", "Minor database upgrade", ("database",), 2),
        ("certificate-renewal", "Renew a TLS certificate", ("application", "interface"), 2),
        ("storage-expand", "Expand a storage volume", ("storage",), 3),
        ("network-acl-update", "Update a network ACL", ("network",), 2),
    )
    for i, (tid, title, classes, hours) in enumerate(specs):
        owner = model.teams[i % len(model.teams)].id
        model.templates.append(Template(tid, title, classes, hours, owner))


@dataclass
class ChangePools:
    """Live items by class that no change has touched yet (no two changes share an item)."""

    by_class: dict[str, list[Ci]]

    @classmethod
    def of(cls, cis: Iterable[Ci], rng: random.Random) -> ChangePools:
        by_class: dict[str, list[Ci]] = {}
        for ci in cis:
            if ci.lifecycle == "live":
                by_class.setdefault(ci.cls.name, []).append(ci)
        for pool in by_class.values():
            rng.shuffle(pool)
        return cls(by_class)

    def take(self, classes: tuple[str, ...], count: int) -> list[Ci]:
        taken: list[Ci] = []
        for cls in classes * count:
            pool = self.by_class.get(cls)
            if pool and len(taken) < count:
                taken.append(pool.pop())
        return taken


@dataclass
class Calendar:
    """Booked change windows and what each reaches, so that no two changes conflict.

    A change reaches its items and everything that needs them, directly or through
    others (interrupted or degraded, as ``svc impact`` spreads it). Two changes whose
    windows overlap must reach disjoint sets: then neither touches what the other takes
    down, and nothing needs both (no redundancy group loses two members at once).
    """

    needed_by: list[list[int]]
    booked: dict[object, list[tuple[datetime, datetime, set[int]]]] = field(default_factory=dict)

    @classmethod
    def of(cls, model: Model) -> Calendar:
        number = {ci.id: ci.index for ci in model.cis}
        needed_by: list[list[int]] = [[] for _ in model.cis]
        for ci in model.cis:
            for dep in ci.depends_on:
                for target in dep.targets:
                    needed_by[number[target]].append(ci.index)
        return cls(needed_by)

    def reach(self, cis: Iterable[Ci]) -> set[int]:
        seen = {ci.index for ci in cis}
        stack = list(seen)
        while stack:
            for dependent in self.needed_by[stack.pop()]:
                if dependent not in seen:
                    seen.add(dependent)
                    stack.append(dependent)
        return seen

    def book(self, key: object, start: datetime, end: datetime, reach: set[int]) -> bool:
        """Book the slot unless an overlapping booking reaches any of the same items."""
        slots = self.booked.setdefault(key, [])
        for other_start, other_end, other in slots:
            if other_start < end and start < other_end and not reach.isdisjoint(other):
                return False
        slots.append((start, end, reach))
        return True


def emergency_slot(rng: random.Random, model: Model) -> tuple[datetime, datetime]:
    while True:
        day = date(YEAR, 1, 4) + timedelta(days=rng.randrange(350))
        if day.weekday() in (1, 2, 3):
            start = local(day, rng.choice((10, 13, 14)))
            end = start + timedelta(hours=2)
            if not in_blackout(model, start, end):
                return start, end


def maintenance_slot(
    rng: random.Random, model: Model, hours: int
) -> tuple[Window, datetime, datetime]:
    """A slot inside a maintenance window; arithmetic in UTC so DST nights stay exact."""
    window = rng.choice(model.maintenance)
    start = window.start.astimezone(UTC) + timedelta(hours=rng.randint(0, 6 - hours))
    return window, start.astimezone(TZ), (start + timedelta(hours=hours)).astimezone(TZ)


SLOT_TRIES = 12
"""Slots tried for a change's items before they are put aside for another change."""


def make_change(
    rng: random.Random, model: Model, pools: ChangePools, calendar: Calendar, n: int
) -> Change | None:
    roll = rng.random()
    ctype = "normal" if roll < 0.5 else ("standard" if roll < 0.85 else "emergency")
    template = rng.choice(model.templates) if ctype == "standard" else None
    classes = template.classes if template else tuple(c.name for c in rng.sample(CI_CLASSES, 3))
    cis = pools.take(classes, rng.randint(1, 3 if ctype != "emergency" else 2))
    if not cis:
        return None
    reach = calendar.reach(cis)
    limit = min(template.max_hours, 4) if template else 4
    hours = rng.randint(1, limit)
    for _ in range(SLOT_TRIES):
        if ctype == "emergency":
            start, end = emergency_slot(rng, model)
            key: object = start.date()
        else:
            window, start, end = maintenance_slot(rng, model, hours)
            key = window.id
        if calendar.book(key, start, end, reach):
            break
    else:
        return None
    risk = "low" if ctype == "standard" else rng.choice(("low", "medium", "high"))
    team = model.teams[cis[0].team]
    release = (
        f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
        if rng.random() < 0.4
        else None
    )
    review = None
    if ctype == "emergency":  # held the next working day (emergency slots are Tue-Thu)
        backed_out = rng.random() < 0.1
        review = Review(
            (end + timedelta(days=1)).date(),
            "backed-out" if backed_out else "successful",
            "Backed out after the health checks failed; root cause analysis in problem record."
            if backed_out
            else "Carried out as planned; no follow-up actions.",
        )
    return Change(
        f"chg-{YEAR}-{n:05d}",
        ctype,
        template.id if template else None,
        tuple(sorted(c.id for c in cis)),
        start,
        end,
        risk,
        rng.choice(team.members).handle,
        release,
        review,
    )


CHANGE_TRIES = 20
"""Item sets tried for one change before it is left out (never, in practice)."""


def make_changes(rng: random.Random, model: Model) -> None:
    make_blackouts(model)
    make_maintenance(model)
    make_templates(model)
    pools = ChangePools.of(model.cis, rng)
    calendar = Calendar.of(model)
    for n in range(1, model.sizes.changes + 1):
        for _ in range(CHANGE_TRIES):
            change = make_change(rng, model, pools, calendar, n)
            if change is not None:
                model.changes.append(change)
                break


GIT_DATE = datetime(2026, 6, 1, 12, tzinfo=UTC)
"""When ``--git`` commits the repository (author and committer date)."""
LEAD_TIME = timedelta(days=5)
"""The change policy's ``lead_time``."""


def check_lead_time(model: Model) -> None:
    """Every normal change is committed at least the lead time before its window."""
    for change in model.changes:
        if change.type == "normal" and change.start - GIT_DATE < LEAD_TIME:
            raise ValueError(f"{change.id} starts within the lead time of the commit date")


def build(items: int, seed: int) -> Model:
    rng = random.Random(seed)
    model = Model(Sizes.for_items(items))
    model.teams, model.cab = make_teams(rng, model.sizes)
    model.org = Org.of(model.teams)
    model.customers = make_parties(rng, "Customer", model.sizes.customers, 100_000)
    model.suppliers = make_parties(rng, "Supplier", model.sizes.suppliers, 200_000)
    make_cis(rng, model)
    make_services(rng, model)
    make_changes(rng, model)
    check_lead_time(model)
    return model


# --------------------------------------------------------------------------- YAML text


def block(items: Iterable[str], indent: int) -> str:
    pad = " " * indent
    return "".join(f"{pad}- {item}\n" for item in items)


def flow(items: Iterable[str]) -> str:
    return "[" + ", ".join(items) + "]"


def people(members: Iterable[Member], indent: int) -> str:
    pad = " " * indent
    return "".join(
        f"{pad}- handle: {m.handle}\n{pad}  name: {m.name}\n{pad}  email: {m.email}\n"
        for m in members
    )


def header(
    kind: str, eid: str, title: str, owner: str | None = None, labels: str = "", about: str = ""
) -> str:
    text = f"{API}\nkind: {kind}\nmetadata:\n  id: {eid}\n  title: {title}\n"
    if about:
        text += f"  description: {about}\n"
    if owner:
        text += f"  owner: {owner}\n"
    if labels:
        text += f"  labels: {{{labels}}}\n"
    return text


def render_team(team: Team) -> str:
    text = header("Team", team.id, team.title) + "spec:\n"
    if team.line is not None:
        text += f"  line: {team.line}\n"
    text += f"  roles: {flow(team.roles)}\n  members:\n" + people(team.members, 4)
    return text


def render_party(party: Party) -> str:
    text = header(party.kind, party.id, party.title) + "spec:\n"
    if party.kind == "Customer":
        text += f"  users: {party.users}\n"
    return text + "  contacts:\n" + people(party.contacts, 4)


def render_dep(dep: Dep) -> str:
    if dep.any_of_min:
        return f"    - any_of: {flow(dep.targets)}\n      min: {dep.any_of_min}\n"
    if dep.relation:
        return f"    - {{ci: {dep.targets[0]}, relation: {dep.relation}}}\n"
    return f"    - {dep.targets[0]}\n"


def render_ci(ci: Ci, suppliers: Sequence[Party]) -> str:
    vendor, product = ci.cls.vendor, ci.cls.product
    n = ci.index + 1
    text = header(
        "ConfigurationItem",
        ci.id,
        f"{product} {n} ({ci.env})",
        ci.owner,
        f"environment: {ci.env}, tier: '{ci.cls.tier}'",
        f"{product} for {ci.env} workloads, item number {n}.",
    )
    supplier = suppliers[ci.supplier] if ci.supplier >= 0 else None
    if ci.accepted and supplier is not None:
        reason = SPECIALTIES[supplier.specialty].accepted
        text += (
            "  annotations:\n    svcascode/suppress: single-point-of-failure\n"
            f'    svcascode/suppress-reason: "{reason}; mitigated by uc-{supplier.id}.'
            f' Accepted by the CAB (risk register R-{YEAR - 1}-{n:06d})."\n'
        )
    text += (
        f"spec:\n  class: {ci.cls.name}\n  environment: {ci.env}\n"
        f"  lifecycle: {ci.lifecycle}\n  criticality: {ci.criticality}\n"
    )
    if supplier is not None:
        text += f"  supplier: {supplier.id}\n"
    if ci.depends_on:
        text += "  depends_on:\n" + "".join(render_dep(d) for d in ci.depends_on)
    return text + (
        f"  attributes:\n    vendor: {vendor}\n    product: {product}\n"
        f'    version: "{n % 9 + 1}.{n % 17}.{n % 5}"\n'
        f'    location: oslo-dc{n % 3 + 1}\n    cost_centre: "{4000 + n % 700}"\n'
        f"    hostname: {ci.id}.{ENV_SHORT[ci.env]}.example.org\n"
        f"    ip: 10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}\n"
        f'    installed: "{2020 + n % 6}-{n % 12 + 1:02d}-{n % 28 + 1:02d}"\n'
        f"    monitoring: https://monitoring.example.org/ci/{ci.id}\n"
    )


HOURS_OFFICE = '{days: mon-fri, from: "07:00", to: "17:00", timezone: Europe/Oslo}'


def render_offering(o: Offering) -> str:
    return (
        f"    - id: {o.id}\n      title: {o.title}\n"
        f"      description: {o.title}, through the service portal.\n"
        f"      fulfilment: {o.fulfilment}\n      lead_time: {o.lead_time}\n"
        f"      eligible: {flow(o.eligible)}\n"
    )


def render_service(s: Service) -> str:
    text = header("Service", s.id, s.title, s.owner, f"domain: {s.domain}")
    text += (
        f"  description: |\n    The {s.title.lower()} for the {s.domain} area.\n\n"
        f"    Runs on {len(s.cis)} configuration items.\n"
        f"spec:\n  type: {s.type}\n  lifecycle: {s.lifecycle}\n  domain: {s.domain}\n"
    )
    if s.parent:
        text += f"  parent: {s.parent}\n"
    text += (
        f"  provision:\n    summary: Provides the {s.title.lower()}.\n"
        f"    features:\n      - Search and browse\n      - Reports\n"
        f"  support:\n    channels:\n"
        f"      - {{type: portal, address: https://help.example.org/{s.id}}}\n"
        f"      - {{type: email, address: servicedesk@example.org}}\n"
        f"    hours: {'24x7' if s.hours_24x7 else HOURS_OFFICE}\n"
    )
    if s.cis:
        text += "  cis:\n" + block(s.cis, 4)
    if s.depends_on:
        text += f"  depends_on: {flow(s.depends_on)}\n"
    if s.offerings:
        text += "  offerings:\n" + "".join(render_offering(o) for o in s.offerings)
    if s.index % 4 == 0:
        text += (
            "  faq:\n    - question: Who can use it?\n      answer: Every employee.\n"
            f"  docs:\n    - {{title: User guide, url: https://docs.example.org/{s.id}}}\n"
        )
    return text


@dataclass(frozen=True)
class Targets:
    availability: float
    response: tuple[str, ...]
    resolution: tuple[str, ...]


SLA_RESPONSE = ("30m", "1h", "4h", "1d", "3d")
SLA_RESOLUTION = ("8h", "1d", "3d", "1w", "2w")
OLA_RESPONSE = ("15m", "30m", "2h", "8h", "2d")
OLA_RESOLUTION = ("4h", "8h", "2d", "5d", "1w")
UC_RESPONSE = ("15m", "30m", "1h", "4h", "1d")
UC_RESOLUTION = ("2h", "4h", "1d", "3d", "5d")
SLA_TARGETS = Targets(99.5, SLA_RESPONSE, SLA_RESOLUTION)
"""Every customer's promise. A service's closure is run by at most three teams (its
application team, their platform team and its infrastructure team) and, where no
redundancy group covers it, by a few suppliers' accepted items: at worst
99.9 x 99.95 x 99.98 x 99.99 x 99.95 x 99.9 x 99.95 = 99.62%."""
OLA_TARGETS = {
    "desk": Targets(99.9, OLA_RESPONSE, OLA_RESOLUTION),
    "application": Targets(99.9, OLA_RESPONSE, OLA_RESOLUTION),
    "platform": Targets(99.95, OLA_RESPONSE, OLA_RESOLUTION),
    "infrastructure": Targets(99.98, OLA_RESPONSE, OLA_RESOLUTION),
}
"""By the kind of team: the lower the layer, the more it is built for availability."""


def render_targets(t: Targets) -> str:
    def per_priority(values: tuple[str, ...]) -> str:
        return "{" + ", ".join(f"{p}: {v}" for p, v in zip(PRIORITIES, values, strict=True)) + "}"

    return (
        f"  targets:\n    availability: {t.availability}\n"
        f"    response: {per_priority(t.response)}\n"
        f"    resolution: {per_priority(t.resolution)}\n"
    )


@dataclass(frozen=True)
class AgreementText:
    id: str
    type: str
    party: str
    title: str
    targets: Targets
    services: tuple[str, ...]
    cis: tuple[str, ...] = ()
    underpinned_by: tuple[str, ...] = ()
    maintenance: tuple[str, ...] = ()
    office_hours: bool = False


PRIORITY_MATRIX = (
    "  priority_matrix:\n    impact: [high, medium, low]\n    urgency: [high, medium, low]\n"
    "    priority: [[P1, P2, P3], [P2, P3, P4], [P3, P4, P5]]\n"
)


def render_agreement(a: AgreementText) -> str:
    text = header("Agreement", a.id, a.title) + f"spec:\n  type: {a.type}\n  party: {a.party}\n"
    if a.services:
        text += "  services:\n" + block(a.services, 4)
    if a.cis:
        text += "  cis:\n" + block(a.cis, 4)
    if a.underpinned_by:
        text += "  underpinned_by:\n" + block(a.underpinned_by, 4)
    text += "  valid_from: 2026-01-01\n  valid_until: 2028-12-31\n  review_by: 2027-10-01\n"
    if a.type == "SLA":
        text += f"  service_hours: {HOURS_OFFICE if a.office_hours else '24x7'}\n"
        text += render_targets(a.targets) + PRIORITY_MATRIX
        text += f"  maintenance_windows: {flow(a.maintenance)}\n"
    else:
        text += "  service_hours: 24x7\n" + render_targets(a.targets)
    return text


def agreements(model: Model) -> list[AgreementText]:
    """An OLA per team covers its live services and the live production items it runs
    itself; a UC per supplier covers every live item it delivers. So every production
    item has its owner's OLA or its supplier's UC, each with its own target."""
    live = [s for s in model.services if s.lifecycle == "live"]
    by_team: dict[str, list[str]] = {}
    for s in live:
        by_team.setdefault(s.owner, []).append(s.id)
    runs: dict[str, list[str]] = {}
    for ci in model.cis:
        if ci.lifecycle == "live" and ci.env == "production" and ci.supplier < 0:
            runs.setdefault(ci.owner, []).append(ci.id)
    olas = [
        AgreementText(
            f"ola-{t.id}",
            "OLA",
            t.id,
            f"OLA with {t.title}",
            OLA_TARGETS[t.kind],
            tuple(by_team.get(t.id, ())),
            tuple(runs.get(t.id, ())),
        )
        for t in model.teams
    ]
    ucs = supplier_agreements(model, live)
    business = [s for s in live if s.type == "business" and s.env == "production"]
    span = max(3, min(80, 2 * len(business) // len(model.customers)))
    windows = tuple(w.id for w in model.maintenance)
    slas = []
    for i, customer in enumerate(model.customers):
        start = i * len(business) // len(model.customers)
        covered = [business[(start + k) % len(business)] for k in range(span)]
        services = tuple(sorted({s.id for s in covered}))
        under = sorted({f"ola-{s.owner}" for s in covered})
        slas.append(
            AgreementText(
                f"sla-{customer.id}",
                "SLA",
                customer.id,
                f"SLA with {customer.title}",
                SLA_TARGETS,
                services,
                (),
                tuple(under),
                windows,
                i % 2 == 1,
            )
        )
    return slas + olas + ucs


def supplier_agreements(model: Model, live: list[Service]) -> list[AgreementText]:
    supplied: dict[int, list[str]] = {}
    supplier_of: dict[str, int] = {}
    for ci in model.cis:
        if ci.supplier >= 0 and ci.lifecycle == "live":
            supplied.setdefault(ci.supplier, []).append(ci.id)
            supplier_of[ci.id] = ci.supplier
    services: dict[int, set[str]] = {}
    for s in live:
        for cid in s.cis:
            if cid in supplier_of:
                services.setdefault(supplier_of[cid], set()).add(s.id)
    return [
        AgreementText(
            f"uc-{p.id}",
            "UC",
            p.id,
            f"Contract with {p.title}",
            Targets(SPECIALTIES[p.specialty].availability, UC_RESPONSE, UC_RESOLUTION),
            tuple(sorted(services.get(i, ()))),
            tuple(supplied.get(i, ())),
        )
        for i, p in enumerate(model.suppliers)
    ]


def render_window(w: Window) -> str:
    text = header("ChangeWindow", w.id, w.reason) + (
        f"spec:\n  type: {w.type}\n  start: {w.start.isoformat()}\n"
    )
    if w.rrule:
        hours = int((w.end - w.start).total_seconds() // 3600)
        length = f"{hours // 24}d" if hours % 24 == 0 else f"{hours}h"
        text += f'  rrule: "{w.rrule}"\n  duration: {length}\n  timezone: {TZ.key}\n'
    else:
        text += f"  end: {w.end.isoformat()}\n"
    text += f"  reason: {w.reason}\n"
    if w.services:
        text += f"  scope:\n    services: {flow(w.services)}\n"
    return text


def render_template(t: Template) -> str:
    return header("ChangeTemplate", t.id, t.title, t.owner) + (
        f"spec:\n  classes: {flow(t.classes)}\n  max_duration: {t.max_hours}h\n  risk: low\n"
        f"  procedure: |\n    1. Announce in the operations channel.\n"
        f"    2. {t.title} following the runbook.\n    3. Verify monitoring is green.\n"
    )


def render_policy() -> str:
    return header("ChangePolicy", "change-policy", "Change policy") + (
        f"spec:\n  cab: cab\n  lead_time: {LEAD_TIME.days}d\n  emergency_review_within: 2d\n"
        "  count_stale_approvals: false\n  approvals:\n"
        "    standard: {cab: 0, owners: true}\n"
        "    normal:\n      low: {cab: 1, owners: true}\n"
        "      medium: {cab: 2, owners: true}\n"
        "      high: {cab: 2, owners: true, service_owners: true, customers: true}\n"
        "    emergency: {cab: 1, owners: false}\n"
    )


def render_change(c: Change) -> str:
    text = header("Change", c.id, f"{c.type.title()} change to {c.cis[0]}") + (
        f"spec:\n  type: {c.type}\n"
    )
    if c.template:
        text += f"  template: {c.template}\n"
    text += (
        "  cis:\n"
        + block(c.cis, 4)
        + f"  window:\n    start: {c.start.isoformat()}\n    end: {c.end.isoformat()}\n"
        f"  risk: {c.risk}\n  requester: {c.requester}\n"
        f"  implementation: |\n    Apply the change to {', '.join(c.cis)}.\n"
        f"  test: Check the health endpoints and the dashboards.\n"
    )
    if c.type != "standard":
        text += "  backout: Restore the snapshot taken before the change.\n"
    if c.release:
        text += f'  release: {{kind: upgrade, version: "{c.release}"}}\n'
    if c.review:
        text += (
            f"  review:\n    date: {c.review.held.isoformat()}\n"
            f"    outcome: {c.review.outcome}\n    notes: {c.review.notes}\n"
        )
    return text


SETTINGS = """\
# svcascode settings of a synthetic benchmark repository (benchmarks/generate.py).
organisation: Example Health Trust
roots:
  catalog: catalog
  agreements: agreements
  cmdb: cmdb
  changes: changes
site:
  title: Example Health Trust service catalogue
"""


# --------------------------------------------------------------------------- files


@dataclass
class Writer:
    """Writes files below ``root``, creating each folder once, counting what it wrote."""

    root: Path
    made: set[Path] = field(default_factory=set)
    files: int = 0
    bytes: int = 0

    def write(self, relpath: str, text: str) -> None:
        path = self.root / relpath
        if path.parent not in self.made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(path.parent)
        data = text.encode()
        path.write_bytes(data)
        self.files += 1
        self.bytes += len(data)


def chunked(counts: dict[str, int], folder: str) -> str:
    """``folder/NNN``, a new numbered subfolder every ``CHUNK`` files."""
    n = counts.get(folder, 0)
    counts[folder] = n + 1
    return f"{folder}/{n // CHUNK:03d}"


def write_model(model: Model, out: Writer) -> None:
    out.write("svcascode.yaml", SETTINGS)
    for team in [*model.teams, *([model.cab] if model.cab else [])]:
        out.write(f"agreements/parties/teams/{team.id}.yaml", render_team(team))
    out.write(
        "agreements/parties/customers.yaml", "---\n".join(render_party(p) for p in model.customers)
    )
    out.write(
        "agreements/parties/suppliers.yaml", "---\n".join(render_party(p) for p in model.suppliers)
    )
    for a in agreements(model):
        out.write(f"agreements/{a.type.lower()}/{a.id}.yaml", render_agreement(a))
    counts: dict[str, int] = {}
    for ci in model.cis:
        out.write(
            f"{chunked(counts, f'cmdb/{ci.env}/{ci.cls.name}')}/{ci.id}.yaml",
            render_ci(ci, model.suppliers),
        )
    for s in model.services:
        out.write(f"{chunked(counts, f'catalog/{s.domain}')}/{s.id}.yaml", render_service(s))
    write_changes(model, out)


def write_changes(model: Model, out: Writer) -> None:
    out.write("changes/policy.yaml", render_policy())
    for t in model.templates:
        out.write(f"changes/templates/{t.id}.yaml", render_template(t))
    out.write(
        f"changes/windows/blackouts-{YEAR}.yaml",
        "---\n".join(render_window(w) for w in model.blackouts),
    )
    out.write(
        f"changes/windows/maintenance-{YEAR}.yaml",
        "---\n".join(render_window(w) for w in model.maintenance),
    )
    for c in model.changes:
        out.write(f"changes/{YEAR}/{c.start.month:02d}/{c.id}.yaml", render_change(c))


def git(root: Path, *args: str) -> None:
    """Run git in ``root`` with a fixed identity and dates, so the commit hash is stable."""
    stamp = GIT_DATE.isoformat()
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    ident = ("-c", "user.name=Benchmark", "-c", "user.email=benchmark@example.org")
    subprocess.run(
        ["git", *ident, "-c", "init.defaultBranch=main", *args],
        cwd=root,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def git_commit(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Synthetic repository")


@dataclass(frozen=True)
class Generated:
    """What :func:`generate` wrote and how long it took."""

    files: int
    bytes: int
    seconds: float


def generate(items: int, out: Path, seed: int = 1, git: bool = False) -> Generated:
    """Write a repository of ``items`` configuration items into ``out`` (created if needed)."""
    started = time.perf_counter()
    writer = Writer(out)
    write_model(build(items, seed), writer)
    if git:
        git_commit(out)
    return Generated(writer.files, writer.bytes, time.perf_counter() - started)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--items", type=int, required=True, help="configuration items")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--git", action="store_true", help="git init and commit the result")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    result = generate(args.items, args.out, args.seed, args.git)
    print(
        f"{args.out}: {result.files} files, {result.bytes / 1e6:.1f} MB in {result.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
