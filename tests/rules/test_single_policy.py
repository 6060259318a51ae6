"""single-policy: a repository holds at most one ChangePolicy."""

from __future__ import annotations

from tests.conftest import TEAM, LintFiles, only, where
from tests.rules.helpers import rules_fired

POLICY = """
apiVersion: svcascode/v1
kind: ChangePolicy
metadata:
  id: policy
spec:
  cab: ops
  lead_time: 5d
"""


def test_every_policy_after_the_first_is_reported_naming_the_first(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "changes/a-policy.yaml": POLICY,
            "changes/b-policies.yaml": """
                # Two more, in one file.
                apiVersion: svcascode/v1
                kind: ChangePolicy
                metadata:
                  id: strict
                spec:
                  cab: ops
                ---
                apiVersion: svcascode/v1
                kind: ChangePolicy
                metadata:
                  id: lax
                spec:
                  cab: ops
                  lead_time: 1d
                """,
        }
    )
    findings = only(result, "single-policy")
    assert [where(f) for f in findings] == [
        ("changes/b-policies.yaml", 3, 7),
        ("changes/b-policies.yaml", 10, 7),
    ]
    assert [(f.kind, f.id) for f in findings] == [
        ("ChangePolicy", "strict"),
        ("ChangePolicy", "lax"),
    ]
    for finding in findings:
        assert f"a second ChangePolicy {finding.id!r}" in finding.message
        assert "'policy' at changes/a-policy.yaml:2:7 is it" in finding.message
    assert rules_fired(result) == {"single-policy"}


def test_one_policy_is_fine(lint_files: LintFiles) -> None:
    result = lint_files({"agreements/teams.yaml": TEAM, "changes/policy.yaml": POLICY})
    assert only(result, "single-policy") == []
    assert result.findings == []


def test_no_policy_is_fine(lint_files: LintFiles) -> None:
    result = lint_files({"agreements/teams.yaml": TEAM})
    assert result.findings == []
