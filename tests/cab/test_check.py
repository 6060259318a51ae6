"""``svc cab check`` on real git repositories: who approved, what counts, the verdict."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from svcascode.cli.main import cli
from tests.cab.builders import (
    ADD_CHANGE,
    BASE,
    CHANGE,
    POLICY,
    TEAMS,
    approvals,
    build,
    commit,
    event,
    git,
    note_kinds,
    report,
    requirement,
    review,
    run,
    write_json,
)


def test_authorised_when_the_cab_quorum_and_the_owner_approve(tmp_path: Path) -> None:
    repo = build(tmp_path)
    result = run(repo, event(repo), approvals(repo, "cy", "di", "bo"))
    assert result.exit_code == 0, result.output
    document = report(result)
    assert document["verdict"] == "authorised" and document["authorised"] is True
    assert document["changes"] == ["chg-7"] and document["change_types"] == ["normal"]
    assert document["head"] == repo.head and document["base"] == repo.base
    assert requirement(document, "cab")["approved_by"] == ["cy", "di"]
    assert requirement(document, "item-owner")["approved_by"] == ["bo"]
    assert document["blocking"] == [] and document["notes"] == []


def test_authorised_markdown(tmp_path: Path) -> None:
    repo = build(tmp_path)
    result = run(repo, event(repo), approvals(repo, "cy", "di", "bo"), fmt="markdown")
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("<!-- svcascode:cab -->\n")
    assert "**✅ Authorised**" in text
    assert "| requirement | needed | approved by | missing |" in text
    assert (
        "| CAB: Team `cab` (2 CAB member(s) per the change policy) | 2 | `cy`, `di` | ✅ |" in text
    )
    assert "| Item owner: Team `ops` (owns printer) | 1 | `bo` | ✅ |" in text
    assert "@" not in text  # no mentions: the sticky comment notifies nobody


def test_missing_cab_quorum(tmp_path: Path) -> None:
    repo = build(tmp_path)
    result = run(repo, event(repo), approvals(repo, "cy", "bo"), fmt="markdown")
    assert result.exit_code == 1, result.output
    assert "**❌ Not authorised**: 1 approval(s) missing." in result.output
    assert "| 2 | `cy` | ❌ 1 |" in result.output
    document = report(run(repo, event(repo), approvals(repo, "cy", "bo")))
    assert requirement(document, "cab")["missing"] == 1
    assert requirement(document, "item-owner")["met"] is True


def test_missing_owner(tmp_path: Path) -> None:
    repo = build(tmp_path)
    result = run(repo, event(repo), approvals(repo, "cy", "di"))
    assert result.exit_code == 1
    owner = requirement(report(result), "item-owner")
    assert (owner["approved_by"], owner["missing"], owner["met"]) == ([], 1, False)


def test_the_author_cannot_approve_their_own_change(tmp_path: Path) -> None:
    repo = build(tmp_path)  # ana opened it and is the only other member of ops besides bo
    result = run(repo, event(repo), approvals(repo, "cy", "di", "ana"))
    assert result.exit_code == 1
    document = report(result)
    assert requirement(document, "item-owner")["approved_by"] == []
    assert ("ana", "author") in note_kinds(document)
    markdown = run(repo, event(repo), approvals(repo, "cy", "di", "ana"), fmt="markdown")
    assert "- `ana`: approval by the author of the pull request: never counts." in markdown.output


def test_author_login_is_compared_without_case(tmp_path: Path) -> None:
    repo = build(tmp_path)
    result = run(repo, event(repo, author="ANA"), approvals(repo, "cy", "di", "ana"))
    assert result.exit_code == 1
    assert ("ana", "author") in note_kinds(report(result))


def test_stale_approval_does_not_count_by_default(tmp_path: Path) -> None:
    repo = build(tmp_path)
    reviews = [*approvals(repo, "cy", "di"), review("bo", "APPROVED", repo.base, 9)]
    result = run(repo, event(repo), reviews, fmt="markdown")
    assert result.exit_code == 1
    assert f"`bo`: approved {repo.base[:7]}, not the head {repo.head[:7]}" in result.output
    document = report(run(repo, event(repo), reviews))
    assert requirement(document, "item-owner")["missing"] == 1
    assert ("bo", "stale") in note_kinds(document)


def test_stale_approval_counts_when_the_base_policy_says_so(tmp_path: Path) -> None:
    lenient = POLICY.replace("count_stale_approvals: false", "count_stale_approvals: true")
    repo = build(tmp_path, base={**BASE, "changes/policy.yaml": lenient})
    reviews = [*approvals(repo, "cy", "di"), review("bo", "APPROVED", repo.base, 9)]
    result = run(repo, event(repo), reviews)
    assert result.exit_code == 0, result.output
    document = report(result)
    assert requirement(document, "item-owner")["approved_by"] == ["bo"]
    assert ("bo", "stale-counted") in note_kinds(document)


def test_stale_setting_in_the_head_policy_has_no_effect(tmp_path: Path) -> None:
    lenient = POLICY.replace("count_stale_approvals: false", "count_stale_approvals: true")
    repo = build(tmp_path, head={**ADD_CHANGE, "changes/policy.yaml": lenient})
    reviews = [*approvals(repo, "cy", "di"), review("bo", "APPROVED", repo.base, 9)]
    result = run(repo, event(repo), reviews)
    assert result.exit_code == 1
    assert ("bo", "stale") in note_kinds(report(result))


def test_changes_requested_then_approved_by_the_same_reviewer(tmp_path: Path) -> None:
    repo = build(tmp_path)
    reviews = [
        review("cy", "CHANGES_REQUESTED", repo.base, 1),
        review("cy", "COMMENTED", repo.head, 2),
        review("cy", "APPROVED", repo.head, 3),
        *approvals(repo, "di", "bo"),
    ]
    result = run(repo, event(repo), reviews)
    assert result.exit_code == 0, result.output
    assert report(result)["blocking"] == []


def test_changes_requested_by_one_blocks_approvals_of_others(tmp_path: Path) -> None:
    repo = build(tmp_path)
    reviews = [
        *approvals(repo, "cy", "di", "bo"),
        review("ed", "APPROVED", repo.head, 20),
        review("ed", "CHANGES_REQUESTED", repo.head, 30),
        review("ed", "COMMENTED", repo.head, 40),  # a comment does not lift it
    ]
    result = run(repo, event(repo), reviews)
    assert result.exit_code == 1
    document = report(result)
    assert all(r["met"] for r in document["requirements"])
    assert [b["login"] for b in document["blocking"]] == ["ed"]
    markdown = run(repo, event(repo), reviews, fmt="markdown").output
    assert "**❌ Not authorised**: 1 change request(s) blocking." in markdown
    assert "- `ed` requested changes (on " in markdown


def test_a_later_comment_does_not_replace_an_approval(tmp_path: Path) -> None:
    repo = build(tmp_path)
    reviews = [*approvals(repo, "cy", "di", "bo"), review("cy", "COMMENTED", repo.head, 50)]
    assert run(repo, event(repo), reviews).exit_code == 0


def test_latest_review_is_by_submission_time_not_list_order(tmp_path: Path) -> None:
    repo = build(tmp_path)
    later_approval = [
        review("cy", "APPROVED", repo.head, 30),
        review("cy", "CHANGES_REQUESTED", repo.head, 10),
        *approvals(repo, "di", "bo"),
    ]
    result = run(repo, event(repo), later_approval)
    assert result.exit_code == 0, result.output
    assert requirement(report(result), "cab")["approved_by"] == ["cy", "di"]
    later_request = [
        review("cy", "APPROVED", repo.head, 10),
        review("cy", "CHANGES_REQUESTED", repo.head, 30),
        *approvals(repo, "di", "bo"),
    ]
    blocked = run(repo, event(repo), later_request)
    assert blocked.exit_code == 1
    assert [b["login"] for b in report(blocked)["blocking"]] == ["cy"]


def test_dismissed_review_counts_for_nothing(tmp_path: Path) -> None:
    repo = build(tmp_path)
    reviews = [
        review("cy", "DISMISSED", repo.head, 1),  # REST shows a dismissed approval so
        review("ed", "CHANGES_REQUESTED", repo.head, 2),
        review("ed", "DISMISSED", repo.head, 3),  # and a dismissed change request
        *approvals(repo, "di", "bo"),
    ]
    result = run(repo, event(repo), reviews)
    assert result.exit_code == 1
    document = report(result)
    assert requirement(document, "cab")["approved_by"] == ["di"]
    assert document["blocking"] == []
    assert {("cy", "dismissed"), ("ed", "dismissed")} <= note_kinds(document)


def test_approval_after_a_dismissal_counts(tmp_path: Path) -> None:
    repo = build(tmp_path)
    reviews = [
        review("cy", "DISMISSED", repo.base, 1),
        review("cy", "APPROVED", repo.head, 2),
        *approvals(repo, "di", "bo"),
    ]
    result = run(repo, event(repo), reviews)
    assert result.exit_code == 0, result.output
    assert ("cy", "dismissed") not in note_kinds(report(result))


def test_policy_edited_in_the_pull_request_has_no_effect(tmp_path: Path) -> None:
    lowered = POLICY.replace("normal: {cab: 2, owners: true}", "normal: {cab: 0, owners: false}")
    joined = TEAMS.replace("{handle: deploy-bot}", "{handle: deploy-bot}, {handle: ana}")
    repo = build(
        tmp_path,
        head={
            **ADD_CHANGE,
            "changes/policy.yaml": lowered,
            "agreements/parties/teams.yaml": joined,
        },
    )
    result = run(repo, event(repo), approvals(repo, "cy", "ana"))
    assert result.exit_code == 1
    document = report(result)
    cab = requirement(document, "cab")
    assert (cab["needed"], cab["approved_by"], cab["missing"]) == (2, ["cy"], 1)
    assert "ana" not in cab["members"]
    assert requirement(document, "item-owner")["missing"] == 1
    changed = {(c["kind"], c["id"]) for c in document["changed"]}
    assert {("ChangePolicy", "policy"), ("Team", "cab")} <= changed


def test_team_membership_edited_in_the_pull_request_has_no_effect(tmp_path: Path) -> None:
    widened = TEAMS.replace("{handle: bo}]", "{handle: bo}, {handle: zed}]").replace(
        "{handle: ed}", "{handle: ed}, {handle: yan}"
    )
    repo = build(tmp_path, head={**ADD_CHANGE, "agreements/parties/teams.yaml": widened})
    result = run(repo, event(repo), approvals(repo, "cy", "yan", "zed"))
    assert result.exit_code == 1
    document = report(result)
    assert requirement(document, "cab")["approved_by"] == ["cy"]
    assert requirement(document, "item-owner")["approved_by"] == []
    assert {("yan", "not-a-member"), ("zed", "not-a-member")} <= note_kinds(document)


def test_ownership_taken_over_in_the_pull_request_has_no_effect(tmp_path: Path) -> None:
    other = TEAMS + "---\napiVersion: svcascode/v1\nkind: Team\nmetadata: {id: mine}\n"
    other += "spec: {members: [{handle: zed}]}\n"
    items = "apiVersion: svcascode/v1\nkind: ConfigurationItem\n"
    items += "metadata: {id: printer, owner: mine}\nspec: {class: other, criticality: low}\n"
    repo = build(
        tmp_path,
        head={**ADD_CHANGE, "agreements/parties/teams.yaml": other, "cmdb/items.yaml": items},
    )
    result = run(repo, event(repo), approvals(repo, "cy", "di", "zed"))
    assert result.exit_code == 1
    owners = [r for r in report(result)["requirements"] if r["role"] == "item-owner"]
    assert [(o["party"], o["missing"]) for o in owners] == [("ops", 1)]


def test_one_person_may_meet_several_requirements(tmp_path: Path) -> None:
    both = TEAMS.replace("{handle: bo}]", "{handle: bo}, {handle: cy}]")
    repo = build(tmp_path, base={**BASE, "agreements/parties/teams.yaml": both})
    result = run(repo, event(repo), approvals(repo, "cy", "di"))
    assert result.exit_code == 0, result.output
    document = report(result)
    assert requirement(document, "cab")["approved_by"] == ["cy", "di"]
    assert requirement(document, "item-owner")["approved_by"] == ["cy"]


def test_bots_never_count(tmp_path: Path) -> None:
    repo = build(tmp_path)  # deploy-bot is even listed in the cab team
    reviews = [
        *approvals(repo, "cy", "bo"),
        review("deploy-bot", "APPROVED", repo.head, 10, user_type="Bot"),
        review("dependabot[bot]", "APPROVED", repo.head, 11, user_type="User"),
        review("lint-bot[bot]", "CHANGES_REQUESTED", repo.head, 12, user_type="Bot"),
    ]
    result = run(repo, event(repo), reviews)
    assert result.exit_code == 1
    document = report(result)
    assert requirement(document, "cab")["approved_by"] == ["cy"]
    assert document["blocking"] == []
    kinds = note_kinds(document)
    assert {("deploy-bot", "bot"), ("dependabot[bot]", "bot"), ("lint-bot[bot]", "bot")} <= kinds


def test_webhook_lowercase_states_read_like_rest_uppercase(tmp_path: Path) -> None:
    emergency = CHANGE.replace("type: normal", "type: emergency")
    repo = build(tmp_path, head={"changes/chg-7.yaml": emergency})
    webhook = review("cy", "approved", repo.head, 1)
    alone = run(repo, event(repo, one_review=webhook))
    assert alone.exit_code == 0, alone.output
    listed = run(repo, event(repo), [review("cy", "APPROVED", repo.head, 1)])
    assert listed.exit_code == 0
    assert report(alone)["requirements"] == report(listed)["requirements"]
    assert report(alone)["pull_request"]["event"] == "pull_request_review"
    refused = run(repo, event(repo, one_review=review("cy", "changes_requested", repo.head)))
    assert refused.exit_code == 1
    assert [b["login"] for b in report(refused)["blocking"]] == ["cy"]
    dismissed = run(repo, event(repo, one_review=review("cy", "dismissed", repo.head)))
    assert dismissed.exit_code == 1


def test_the_rest_list_replaces_the_review_in_the_event(tmp_path: Path) -> None:
    repo = build(tmp_path)
    payload = event(repo, one_review=review("cy", "approved", repo.head, 59))
    result = run(repo, payload, approvals(repo, "di", "bo"))
    assert result.exit_code == 1
    assert requirement(report(result), "cab")["approved_by"] == ["di"]


def test_emergency_change_is_marked_for_review(tmp_path: Path) -> None:
    emergency = CHANGE.replace("type: normal", "type: emergency")
    repo = build(tmp_path, head={"changes/chg-7.yaml": emergency})
    result = run(repo, event(repo), approvals(repo, "ed"), fmt="markdown")
    assert result.exit_code == 0, result.output
    assert "post-implementation review required within 2d" in result.output
    assert "> [!IMPORTANT]" in result.output
    document = report(run(repo, event(repo), approvals(repo, "ed")))
    assert document["change_types"] == ["emergency"]
    assert document["post_implementation_review"] == {"required": True, "within": "2d"}
    assert [(r["role"], r["needed"]) for r in document["requirements"]] == [("cab", 1)]
    unapproved = run(repo, event(repo), [], fmt="markdown")
    assert unapproved.exit_code == 1
    assert "post-implementation review required within 2d" in unapproved.output


def test_a_pull_request_changing_no_entity_is_not_a_change(tmp_path: Path) -> None:
    repo = build(tmp_path, head={"README.md": "# better words\n", "docs/how.md": "text\n"})
    result = run(repo, event(repo), fmt="markdown")
    assert result.exit_code == 0, result.output
    assert "**✅ Not a change**" in result.output and "| requirement |" not in result.output
    document = report(run(repo, event(repo)))
    assert document["verdict"] == "not-a-change" and document["authorised"] is True
    assert document["change"] is False and document["requirements"] == []


def test_editing_only_the_policy_is_a_change(tmp_path: Path) -> None:
    lowered = POLICY.replace("normal: {cab: 2, owners: true}", "normal: {cab: 0, owners: false}")
    repo = build(tmp_path, head={"changes/policy.yaml": lowered})
    result = run(repo, event(repo), approvals(repo, "bo"))
    assert result.exit_code == 1
    document = report(result)
    assert document["change"] is True and document["changes"] == []
    assert requirement(document, "cab")["needed"] == 2


def test_a_base_branch_that_moved_on_is_not_the_pull_requests_change(tmp_path: Path) -> None:
    repo = build(tmp_path)
    git(repo.root, "checkout", "-q", "main")
    stricter = POLICY.replace("normal: {cab: 2, owners: true}", "normal: {cab: 3, owners: true}")
    scanner = "apiVersion: svcascode/v1\nkind: ConfigurationItem\n"
    scanner += "metadata: {id: scanner, owner: ops}\nspec: {class: other}\n"
    tip = commit(repo.root, {"cmdb/scanner.yaml": scanner, "changes/policy.yaml": stricter}, "main")
    result = run(repo, event(repo, base=tip), approvals(repo, "cy", "di", "bo"))
    document = report(result)
    assert document["base"] == tip and document["merge_base"] == repo.base
    assert [(c["kind"], c["id"]) for c in document["changed"]] == [("Change", "chg-7")]
    # The policy in force is the base branch's: it now wants three CAB members.
    assert requirement(document, "cab")["needed"] == 3
    assert result.exit_code == 1


def test_base_and_head_options_override_the_event(tmp_path: Path) -> None:
    repo = build(tmp_path)
    payload = event(repo)
    payload["pull_request"]["base"]["sha"] = "0" * 40
    payload["pull_request"]["head"]["sha"] = "1" * 40
    reviews = approvals(repo, "cy", "di", "bo")
    result = run(repo, payload, reviews, "--base", "main", "--head", "pr")
    assert result.exit_code == 0, result.output
    assert report(result)["head"] == repo.head


def test_markdown_escapes_what_reviewers_write(tmp_path: Path) -> None:
    repo = build(tmp_path)
    reviews = [*approvals(repo, "cy", "di", "bo"), review("x|y<b>", "APPROVED", repo.head, 9)]
    result = run(repo, event(repo), reviews, fmt="markdown")
    assert result.exit_code == 0
    assert "- `x\\|y&lt;b&gt;`: approval by no member" in result.output
    assert "<b>" not in result.output


def test_repo_may_be_given_to_the_group(tmp_path: Path) -> None:
    repo = build(tmp_path)
    payload = write_json(tmp_path, "event.json", event(repo))
    reviews = write_json(tmp_path, "reviews.json", approvals(repo, "cy", "di", "bo"))
    args = ["cab", "--repo", str(repo.root), "check", "--event", str(payload)]
    result = CliRunner().invoke(cli, [*args, "--reviews", str(reviews)])
    assert result.exit_code == 0, result.output
