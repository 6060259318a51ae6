"""The rules the loader reports while reading files: schema, yaml-duplicate-key,
yaml-syntax and config."""

from __future__ import annotations

from svcascode.diagnostics import Severity
from svcascode.errors import ExitCode
from tests.conftest import CI_DB, TEAM, LintFiles, only, where
from tests.rules.helpers import rules_fired

UNOWNED_DB = CI_DB.replace("  owner: ops\n", "")

# schema


def test_an_unknown_field_is_reported_on_its_key_with_a_suggestion(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": """
                apiVersion: svcascode/v1
                kind: ConfigurationItem
                metadata:
                  id: db
                  owner: ops
                spec:
                  class: database
                  lifecycel: retired
                """,
        }
    )
    findings = only(result, "schema")
    assert [where(f) for f in findings] == [("cmdb/db.yaml", 8, 3)]
    assert "unknown field 'lifecycel' in spec" in findings[0].message
    assert "did you mean 'lifecycle'?" in findings[0].message
    assert (findings[0].kind, findings[0].id) == ("ConfigurationItem", "db")
    assert rules_fired(result) == {"schema"}


def test_a_wrong_enum_value_is_reported_on_the_value(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB.rstrip() + "\n  criticality: severe\n",
        }
    )
    findings = only(result, "schema")
    assert [where(f) for f in findings] == [("cmdb/db.yaml", 8, 16)]
    message = findings[0].message
    assert message.startswith("spec.criticality:")
    assert "'severe'" in message and "'critical'" in message
    assert rules_fired(result) == {"schema"}


def test_yes_for_a_boolean_is_reported_not_read_as_true(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "changes/policy.yaml": """
                apiVersion: svcascode/v1
                kind: ChangePolicy
                metadata:
                  id: policy
                spec:
                  cab: ops
                  count_stale_approvals: yes
                """,
        }
    )
    findings = only(result, "schema")
    assert [where(f) for f in findings] == [("changes/policy.yaml", 7, 26)]
    message = findings[0].message
    assert message.startswith("spec.count_stale_approvals:")
    assert "'yes'" in message and "true or false" in message
    assert (findings[0].kind, findings[0].id) == ("ChangePolicy", "policy")
    assert rules_fired(result) == {"schema"}


def change(start: str, requester: str = "  requester: ana\n") -> str:
    return (
        "apiVersion: svcascode/v1\n"
        "kind: Change\n"
        "metadata:\n"
        "  id: patch-db\n"
        "spec:\n"
        "  type: normal\n"
        "  cis: [db]\n"
        "  window:\n"
        f"    start: {start}\n"
        "    end: 2026-03-10T23:00:00+01:00\n"
        f"{requester}"
        "  backout: Restore the snapshot.\n"
    )


def test_a_timestamp_without_offset_is_reported_on_the_value(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            "changes/patch-db.yaml": change("2026-03-10T22:00:00"),
        }
    )
    findings = only(result, "schema")
    assert [where(f) for f in findings] == [("changes/patch-db.yaml", 9, 12)]
    message = findings[0].message
    assert message.startswith("spec.window.start:")
    assert "'2026-03-10T22:00:00' has no UTC offset" in message
    assert rules_fired(result) == {"schema"}


def test_a_missing_required_field_is_reported_on_its_parent_key(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            "changes/patch-db.yaml": change("2026-03-10T22:00:00+01:00", requester=""),
        }
    )
    findings = only(result, "schema")
    assert [where(f) for f in findings] == [("changes/patch-db.yaml", 5, 1)]
    assert "missing required field 'requester' in spec" in findings[0].message
    assert rules_fired(result) == {"schema"}


def test_an_unknown_time_zone_of_a_change_window_is_reported(lint_files: LintFiles) -> None:
    # A typo must not silently compute the recurrence in UTC instead.
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "changes/freeze.yaml": """
                apiVersion: svcascode/v1
                kind: ChangeWindow
                metadata:
                  id: freeze
                spec:
                  type: blackout
                  start: 2026-01-04T22:00:00+01:00
                  rrule: FREQ=WEEKLY;BYDAY=SU
                  duration: 1h
                  timezone: Europe/Olso
                """,
        }
    )
    findings = only(result, "schema")
    assert [where(f) for f in findings] == [("changes/freeze.yaml", 10, 13)]
    assert "Europe/Olso" in findings[0].message
    assert rules_fired(result) == {"schema"}


def test_valid_documents_have_no_schema_findings(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB.rstrip() + "\n  lifecycle: live\n  criticality: critical\n",
            "changes/patch-db.yaml": change("2026-03-10T22:00:00+01:00"),
            "changes/policy.yaml": """
                apiVersion: svcascode/v1
                kind: ChangePolicy
                metadata:
                  id: policy
                spec:
                  cab: ops
                  count_stale_approvals: true
                """,
            "changes/freeze.yaml": """
                apiVersion: svcascode/v1
                kind: ChangeWindow
                metadata:
                  id: freeze
                spec:
                  type: blackout
                  start: 2026-01-04T22:00:00+01:00
                  rrule: FREQ=WEEKLY;BYDAY=SU
                  duration: 1h
                  timezone: Europe/Oslo
                """,
        }
    )
    assert only(result, "schema") == []
    assert result.findings == []


# yaml-duplicate-key


def test_a_repeated_key_is_reported_on_the_second_naming_the_first(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": """
                apiVersion: svcascode/v1
                kind: ConfigurationItem
                metadata:
                  id: db
                  owner: ops
                spec:
                  class: database
                  criticality: low
                  environment: production
                  criticality: critical
                """,
        }
    )
    findings = only(result, "yaml-duplicate-key")
    assert [where(f) for f in findings] == [("cmdb/db.yaml", 10, 3)]
    assert "duplicate key 'criticality' (first defined on line 8)" in findings[0].message
    assert rules_fired(result) == {"yaml-duplicate-key"}


def test_equal_keys_in_different_mappings_are_fine(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            "cmdb/app.yaml": """
                apiVersion: svcascode/v1
                kind: ConfigurationItem
                metadata:
                  id: app
                  owner: ops
                spec:
                  class: application
                  depends_on:
                    - {ci: db, relation: uses}
                  attributes:
                    ci: not a duplicate
                """,
        }
    )
    assert only(result, "yaml-duplicate-key") == []
    assert result.findings == []


# yaml-syntax


def test_a_syntax_error_is_reported_where_libyaml_finds_it_and_others_are_checked(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/broken.yaml": """
                apiVersion: svcascode/v1
                kind: ConfigurationItem
                metadata:
                  id: broken
                   owner: ops
                spec:
                  class: database
                """,
            "cmdb/db.yaml": UNOWNED_DB,
        }
    )
    findings = only(result, "yaml-syntax")
    assert [where(f) for f in findings] == [("cmdb/broken.yaml", 5, 9)]
    assert "YAML syntax error" in findings[0].message
    assert "mapping values are not allowed" in findings[0].message
    # The other file is still loaded and checked.
    assert [(f.rule, *where(f)) for f in result.findings] == [
        ("yaml-syntax", "cmdb/broken.yaml", 5, 9),
        ("owner-required", "cmdb/db.yaml", 3, 1),
    ]


def test_an_unsupported_tag_is_reported_on_the_tagged_value(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB.replace("owner: ops", "owner: !team ops"),
        }
    )
    findings = only(result, "yaml-syntax")
    assert [where(f) for f in findings] == [("cmdb/db.yaml", 5, 10)]
    assert "unsupported tag '!team'" in findings[0].message
    assert rules_fired(result) == {"yaml-syntax"}


def test_well_formed_yaml_with_standard_tags_is_fine(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB.rstrip() + "\n  attributes:\n    version: !!str 16.4\n",
        }
    )
    assert only(result, "yaml-syntax") == []
    assert result.findings == []


# config


def test_an_unknown_rule_id_is_reported_on_its_key_with_a_suggestion(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        {
            "svcascode.yaml": """
                organisation: Example
                rules:
                  owner-requird: warning
                """,
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
        }
    )
    findings = only(result, "config")
    assert [where(f) for f in findings] == [("svcascode.yaml", 3, 3)]
    assert "unknown rule 'owner-requird'" in findings[0].message
    assert "did you mean 'owner-required'?" in findings[0].message
    assert rules_fired(result) == {"config"}


def test_an_unknown_setting_and_a_bad_level_are_reported_where_they_are(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        {
            "svcascode.yaml": """
                organisation: Example
                rules:
                  owner-required: fatal
                sit:
                  title: Services
                """,
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
        }
    )
    findings = only(result, "config")
    assert [where(f) for f in findings] == [("svcascode.yaml", 3, 19), ("svcascode.yaml", 4, 1)]
    assert "rules.owner-required" in findings[0].message and "'off'" in findings[0].message
    assert "unknown setting 'sit'" in findings[1].message
    assert rules_fired(result) == {"config"}


def test_an_unusable_setting_does_not_discard_the_other_settings(
    lint_files: LintFiles,
) -> None:
    # Only the bad level falls back to its default: the custom root and the rule that
    # is turned off still apply.
    result = lint_files(
        {
            "svcascode.yaml": """
                roots:
                  cmdb: inventory
                rules:
                  owner-required: off
                  single-policy: fatal
                """,
            "agreements/teams.yaml": TEAM,
            "inventory/db.yaml": UNOWNED_DB,
            "inventory/app.yaml": UNOWNED_DB.replace("id: db", "id: app").replace(
                "class: database", "class: application\n  depends_on: [dbx]"
            ),
        }
    )
    assert [(f.rule, *where(f)) for f in result.findings] == [
        ("unresolved-reference", "inventory/app.yaml", 7, 16),
        ("config", "svcascode.yaml", 5, 18),
    ]


def test_a_rule_set_to_off_reports_nothing(lint_files: LintFiles) -> None:
    files = {"agreements/teams.yaml": TEAM, "cmdb/db.yaml": UNOWNED_DB}
    assert rules_fired(lint_files(files)) == {"owner-required"}
    result = lint_files({**files, "svcascode.yaml": "rules:\n  owner-required: off\n"})
    assert result.findings == []
    assert result.exit_code == ExitCode.OK


def test_a_rule_set_to_warning_keeps_its_finding_but_lint_passes(lint_files: LintFiles) -> None:
    files = {"agreements/teams.yaml": TEAM, "cmdb/db.yaml": UNOWNED_DB}
    default = lint_files(files)
    assert [(f.rule, f.severity) for f in default.findings] == [("owner-required", Severity.ERROR)]
    assert default.exit_code == ExitCode.FOUND
    result = lint_files({**files, "svcascode.yaml": "rules:\n  owner-required: warning\n"})
    assert [(f.rule, f.severity, *where(f)) for f in result.findings] == [
        ("owner-required", Severity.WARNING, "cmdb/db.yaml", 3, 1)
    ]
    assert result.exit_code == ExitCode.OK == 0
    assert result.summary()["warnings"] == 1 and result.summary()["errors"] == 0


def test_a_valid_configuration_is_fine(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "svcascode.yaml": """
                organisation: Example
                roots: {catalog: catalog, agreements: agreements, cmdb: cmdb, changes: changes}
                rules:
                  owner-required: error
                  single-policy: info
                site:
                  title: Services
                """,
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
        }
    )
    assert only(result, "config") == []
    assert result.findings == []
