"""Rules on two cores: a forked child computes, the parent gets the same findings."""

from __future__ import annotations

import os

import pytest

from svcascode import lint as lint_module
from svcascode.forked import in_child
from svcascode.lint import lint
from svcascode.loader.load import LoadOptions
from svcascode.loader.sources import WorkingTree
from tests.conftest import AS_OF, PROJECT


def test_the_child_computes_in_its_own_process() -> None:
    parent = os.getpid()
    join = in_child(lambda: (os.getpid(), [1, 2, 3]))
    child, value = join()
    assert child != parent
    assert value == [1, 2, 3]


def test_a_failing_child_leaves_the_work_to_the_parent() -> None:
    parent = os.getpid()

    def compute() -> int:
        if os.getpid() != parent:
            raise RuntimeError("only the parent can do this")
        return 42

    assert in_child(compute)() == 42


def test_a_result_that_cannot_be_sent_is_computed_here() -> None:
    parent = os.getpid()
    join = in_child(lambda: (lambda: None) if os.getpid() != parent else "here")
    assert join() == "here"  # a lambda does not pickle: the child fails, the parent computes


@pytest.mark.parametrize("workers", [0, 2])
def test_forked_rules_give_the_serial_findings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, workers: int
) -> None:
    serial = lint(WorkingTree(PROJECT), AS_OF, LoadOptions(workers=1))
    monkeypatch.setattr(lint_module, "FORK_FROM", 0)
    monkeypatch.setattr(lint_module, "cores", lambda: 2)
    calls: list[int] = []
    real = lint_module.in_child

    def counted(compute: object) -> object:
        calls.append(1)
        return real(compute)  # type: ignore[arg-type]

    monkeypatch.setattr(lint_module, "in_child", counted)
    forked = lint(WorkingTree(PROJECT), AS_OF, LoadOptions(workers=workers))
    assert calls == [1]
    assert forked.findings == serial.findings
    assert forked.summary() == serial.summary()


def test_forked_rules_report_the_same_findings_on_a_broken_copy(
    monkeypatch: pytest.MonkeyPatch, lint_files: object
) -> None:
    from tests.rules.helpers import PARTIES, agreement, item, service

    files = {
        "agreements/parties.yaml": PARTIES,
        "agreements/sla.yaml": agreement(
            "sla-x", "SLA", "acme", "services: [svc-x, svc-missing]", "valid_until: 2020-01-01"
        ),
        "catalog/x.yaml": service("svc-x", "cis: [app, gone]"),
        "cmdb/app.yaml": item("app", "depends_on: [app]"),
    }
    serial = lint_files(files)  # type: ignore[operator]
    monkeypatch.setattr(lint_module, "FORK_FROM", 0)
    monkeypatch.setattr(lint_module, "cores", lambda: 2)
    forked = lint_files(files)  # type: ignore[operator]
    assert serial.findings, "the fixture is broken in several ways"
    assert forked.findings == serial.findings
