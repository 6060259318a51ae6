"""An SLA's priority matrix must be complete, known and monotone.

``priority_matrix.priority`` needs one row per ``impact`` level and one column per
``urgency`` level; every priority in it must be one the SLA's targets define (response or
resolution); and a higher impact or urgency must never give a lower priority (P1 is the
highest). Levels are ordered high, medium, low.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.loader.load import Record
from svcascode.model.agreement import Agreement, PriorityMatrix

ID = "priority-matrix"
SEVERITY = Severity.ERROR
_LEVEL = {"high": 0, "medium": 1, "low": 2}


def _rank(priority: str) -> int:
    return int(priority[1:])


def _shape(record: Record, matrix: PriorityMatrix) -> Iterator[Problem]:
    rows, columns = len(matrix.impact), len(matrix.urgency)
    path = ("spec", "priority_matrix", "priority")
    if len(matrix.priority) != rows:
        yield Problem(
            record.where.locate(path),
            f"priority matrix has {len(matrix.priority)} rows but {rows} impact levels; "
            "give one row per impact level",
        )
    for i, row in enumerate(matrix.priority):
        if len(row) != columns:
            yield Problem(
                record.where.locate((*path, i)),
                f"row {i + 1} of the priority matrix has {len(row)} cells but there are "
                f"{columns} urgency levels; every impact x urgency cell needs a priority",
            )


def _known(record: Record, agreement: Agreement, matrix: PriorityMatrix) -> Iterator[Problem]:
    targets = agreement.spec.targets
    defined = set(targets.response) | set(targets.resolution)
    if not defined:
        return
    for i, row in enumerate(matrix.priority):
        for j, priority in enumerate(row):
            if priority not in defined:
                yield Problem(
                    record.where.locate(("spec", "priority_matrix", "priority", i, j)),
                    f"priority {priority} has no response or resolution target; use one of "
                    f"{', '.join(sorted(defined, key=_rank))} or add targets for it",
                )


def _monotone(record: Record, matrix: PriorityMatrix) -> Iterator[Problem]:
    impact = [_LEVEL[level] for level in matrix.impact]
    urgency = [_LEVEL[level] for level in matrix.urgency]
    cells = matrix.priority
    for i, row in enumerate(cells):
        for j, priority in enumerate(row):
            for k, other_row in enumerate(cells):
                for m, other in enumerate(other_row):
                    higher = impact[k] <= impact[i] and urgency[m] <= urgency[j]
                    if higher and (k, m) != (i, j) and _rank(other) > _rank(priority):
                        yield Problem(
                            record.where.locate(("spec", "priority_matrix", "priority", k, m)),
                            f"{other} for impact {matrix.impact[k]} x urgency "
                            f"{matrix.urgency[m]} is lower than {priority} for impact "
                            f"{matrix.impact[i]} x urgency {matrix.urgency[j]}; a higher impact "
                            "or urgency must never give a lower priority",
                        )
                        return


def check(index: Index) -> Iterator[Problem]:
    for record, agreement in index.items(Agreement):
        matrix = agreement.spec.priority_matrix
        if matrix is None:
            continue
        for problem in (
            *_shape(record, matrix),
            *_known(record, agreement, matrix),
            *(_monotone(record, matrix) if _complete(matrix) else ()),
        ):
            yield Problem(problem.location, problem.message, record.kind, record.id)


def _complete(matrix: PriorityMatrix) -> bool:
    return len(matrix.priority) == len(matrix.impact) and all(
        len(row) == len(matrix.urgency) for row in matrix.priority
    )
