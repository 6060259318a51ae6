"""live-service-without-items: a live service is realised by configuration items."""

from __future__ import annotations

from tests.conftest import CI_DB, TEAM, LintFiles, only, where
from tests.rules.helpers import rules_fired


def service(ident: str, *extra: str) -> str:
    lines = "\n".join(f"  {line}" for line in extra)
    return (
        "apiVersion: svcascode/v1\n"
        "kind: Service\n"
        "metadata:\n"
        f"  id: {ident}\n"
        "  owner: ops\n"
        "spec:\n"
        "  type: business\n"
        f"{lines}\n"
    )


def test_live_services_without_items_are_reported(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            # Explicitly live: reported on the lifecycle value.
            "catalog/explicit.yaml": service("explicit", "lifecycle: live", "cis: []"),
            # Live by default: reported on the spec key.
            "catalog/implicit.yaml": service("implicit", "domain: clinical"),
            # Its only sub-service has no items either: both are reported.
            "catalog/parent.yaml": service("parent", "lifecycle: live"),
            "catalog/child.yaml": service("child", "parent: parent"),
        }
    )
    findings = only(result, "live-service-without-items")
    assert [where(f) for f in findings] == [
        ("catalog/child.yaml", 6, 1),
        ("catalog/explicit.yaml", 8, 14),
        ("catalog/implicit.yaml", 6, 1),
        ("catalog/parent.yaml", 8, 14),
    ]
    for finding, ident in zip(findings, ["child", "explicit", "implicit", "parent"], strict=True):
        assert f"live service {ident!r} has no configuration items" in finding.message
        assert (finding.kind, finding.id) == ("Service", ident)
    assert rules_fired(result) == {"live-service-without-items"}


def test_a_parent_realised_by_a_sub_service_and_pipeline_services_pass(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            "catalog/own.yaml": service("own", "cis: [db]"),
            "catalog/ehr.yaml": service("ehr", "lifecycle: live"),
            "catalog/ehr-api.yaml": service("ehr-api", "parent: ehr", "cis: [db]"),
            "catalog/planned.yaml": service("planned", "lifecycle: pipeline"),
            "catalog/old.yaml": service("old", "lifecycle: retired"),
        }
    )
    assert only(result, "live-service-without-items") == []
    assert result.findings == []


def test_a_parent_realised_through_a_sub_service_of_a_sub_service_passes(
    lint_files: LintFiles,
) -> None:
    # ehr-api is realised by its own sub-service, so ehr is realised through it too.
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            "catalog/ehr.yaml": service("ehr", "lifecycle: live"),
            "catalog/ehr-api.yaml": service("ehr-api", "parent: ehr"),
            "catalog/ehr-api-db.yaml": service("ehr-api-db", "parent: ehr-api", "cis: [db]"),
        }
    )
    assert only(result, "live-service-without-items") == []
    assert result.findings == []
