"""The availability model and the coverage gathered once per index give, for every
service, exactly what a fresh index computing that service alone gives: reused blocks and
shared reach sets change no figure, link or agreement."""

from __future__ import annotations

import random

import pytest

from svcascode.index import Index
from svcascode.loader.load import load
from svcascode.loader.sources import WorkingTree
from svcascode.underpinning import closure, covering, feasibility, underpinnings
from tests.conftest import WriteRepo
from tests.rules.helpers import PARTIES, agreement, documents, item, service


def estate(rng: random.Random) -> dict[str, str]:
    """Random items in tiers (some cycles), redundancy groups nested in groups, OLAs
    covering items and services, services depending on services, and an SLA."""
    count = rng.randint(6, 22)
    names = [f"ci{n:02d}" for n in range(count)]
    items = []
    for n, name in enumerate(names):
        lower = names[n + 1 :] if rng.random() < 0.9 else names  # mostly a DAG
        needs = []
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            if not lower:
                break
            if rng.random() < 0.4 and len(lower) >= 2:
                members = rng.sample(lower, rng.randint(2, min(3, len(lower))))
                needs.append(f"{{any_of: [{', '.join(members)}], min: {rng.randint(1, 2)}}}")
            else:
                needs.append(rng.choice([*lower, "ghost"]))
        spec = [f"depends_on: [{', '.join(needs)}]"] if needs else []
        items.append(item(name, *spec))
    services = [f"s{n}" for n in range(rng.randint(2, 5))]
    catalog = []
    for n, ident in enumerate(services):
        cis = rng.sample(names, rng.randint(1, 3))
        spec = [f"cis: [{', '.join(cis)}]"]
        if n + 1 < len(services) and rng.random() < 0.5:
            spec.append(f"depends_on: [{rng.choice(services[n + 1 :])}]")
        catalog.append(service(ident, *spec))
    olas = []
    for n in range(rng.randint(1, 5)):
        spec = [f"cis: [{', '.join(rng.sample(names, rng.randint(1, 4)))}]"]
        if rng.random() < 0.3:
            spec.append(f"services: [{rng.choice(services)}]")
        if rng.random() < 0.85:
            spec.append(f"targets: {{availability: {rng.choice((99, 99.5, 99.9, 99.95))}}}")
        olas.append(agreement(f"ola{n}", "OLA", "ops", *spec))
    sla = agreement("sla", "SLA", "acme", f"services: [{', '.join(services)}]")
    return {
        "agreements/parties.yaml": PARTIES,
        "agreements/olas.yaml": documents(*olas, sla),
        "cmdb/items.yaml": documents(*items),
        "catalog/services.yaml": documents(*catalog),
    }


def summary(index: Index, service: str) -> tuple[object, ...]:
    result = feasibility(index, service)
    links = [(link.item, link.availability, link.agreement) for link in result.links]
    return (
        pytest.approx(result.value, rel=1e-12, abs=0),
        links,
        result.unknown,
        result.weakest(),
        underpinnings(index, "sla", service),
        sorted(closure(index, service).items),
    )


@pytest.mark.parametrize("seed", range(60))
def test_shared_work_gives_what_each_service_alone_gives(write_repo: WriteRepo, seed: int) -> None:
    loaded = load(WorkingTree(write_repo(estate(random.Random(seed))), use_git=False))
    shared = Index.build(loaded)
    services = sorted(shared.by_kind["Service"])
    random.Random(seed).shuffle(services)
    together = {s: summary(shared, s) for s in services}
    for s in services:
        alone = Index.build(loaded)
        assert summary(alone, s) == together[s], s
    for ci in shared.by_kind["ConfigurationItem"]:
        assert covering(shared, ci) == covering(Index.build(loaded), ci)
