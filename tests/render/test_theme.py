"""Theme overrides: templates are looked up in ``site.theme_dir`` first, then in the
built-in theme; the theme's static files replace the built-in ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from svcascode.render.build import SiteError
from tests.conftest import CI_DB, TEAM, write_files
from tests.render.conftest import build

BASE = """\
<!DOCTYPE html>
<html lang="en"><head><title>{% block title %}{{ page.title }}{% endblock %}</title>
<link rel="stylesheet" href="{{ 'static/style.css' | url }}"></head>
<body class="house-style">{% block nav %}{% endblock %}
<main>{% block content %}{% endblock %}</main>
<footer>{% block footer %}Our own footer{% endblock %}</footer></body></html>
"""


def repo(root: Path, theme: dict[str, str]) -> Path:
    files = {
        "svcascode.yaml": "organisation: Example\nsite:\n  theme_dir: theme\n",
        "agreements/teams.yaml": TEAM,
        "cmdb/db.yaml": CI_DB,
    }
    return write_files(root, {**files, **{f"theme/{name}": text for name, text in theme.items()}})


def test_override_of_base_html_is_used_by_every_page(tmp_path: Path) -> None:
    root = repo(tmp_path / "repo", {"base.html": BASE})
    build(root, tmp_path / "site")
    for page in ("index.html", "items/db.html", "views/provider.html", "teams/ops.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert '<body class="house-style">' in html, page
        assert "Our own footer" in html
    item = (tmp_path / "site" / "items/db.html").read_text(encoding="utf-8")
    assert 'href="../static/style.css"' in item
    assert "<svg" in item  # the built-in item.html still fills the content block


def test_override_of_one_page_template_keeps_the_rest_built_in(tmp_path: Path) -> None:
    page = '{% extends "base.html" %}{% block content %}<p>custom home</p>{% endblock %}'
    root = repo(tmp_path / "repo", {"index.html": page})
    build(root, tmp_path / "site")
    assert "<p>custom home</p>" in (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in (tmp_path / "site/items/db.html").read_text("utf-8")


def test_theme_static_files_replace_the_built_in_ones(tmp_path: Path) -> None:
    root = repo(tmp_path / "repo", {"static/style.css": "body { color: teal; }\n"})
    build(root, tmp_path / "site")
    assert (tmp_path / "site/static/style.css").read_text() == "body { color: teal; }\n"
    assert (tmp_path / "site/static/search.js").is_file()


def test_missing_theme_dir_is_an_error(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "repo",
        {"svcascode.yaml": "site:\n  theme_dir: nowhere\n", "agreements/teams.yaml": TEAM},
    )
    with pytest.raises(SiteError, match="theme_dir 'nowhere' is not a folder"):
        build(root, tmp_path / "site")


def test_an_override_cannot_turn_off_escaping(tmp_path: Path) -> None:
    evil = TEAM.replace("id: ops", "id: ops\n  title: <b>bold</b>")
    page = '{% extends "base.html" %}{% block content %}<h1>{{ page.title }}</h1>{% endblock %}'
    root = repo(tmp_path / "repo", {"party.html": page})
    (root / "agreements/teams.yaml").write_text(evil.lstrip("\n"), encoding="utf-8")
    build(root, tmp_path / "site")
    html = (tmp_path / "site/teams/ops.html").read_text(encoding="utf-8")
    assert "<h1>&lt;b&gt;bold&lt;/b&gt;</h1>" in html


def test_base_url_gives_canonical_links_and_only_when_safe(tmp_path: Path) -> None:
    files = {"agreements/teams.yaml": TEAM, "cmdb/db.yaml": CI_DB}
    site = "site:\n  base_url: https://it.example/catalogue\n"
    root = write_files(tmp_path / "repo", {"svcascode.yaml": site, **files})
    build(root, tmp_path / "site")
    html = (tmp_path / "site/items/db.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://it.example/catalogue/items/db.html">' in html
    hostile = write_files(
        tmp_path / "hostile", {"svcascode.yaml": "site:\n  base_url: javascript:x\n", **files}
    )
    build(hostile, tmp_path / "site2")
    assert "canonical" not in (tmp_path / "site2/items/db.html").read_text(encoding="utf-8")
