"""Web defences (issue 12 item 6): the CSP header, local API docs, and production's refusals."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]
STRONG_KEY = secrets.token_urlsafe(64)


def _upward(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "UPWARD_VAR_DIR": str(tmp_path),
        "UPWARD_ENV": "production",
        "ALLOWED_HOSTS": "upward.example.com",
    }
    return subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [sys.executable, "-m", "upward", *args],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_check_deploy_prints_no_warning(tmp_path: Path) -> None:
    result = _upward("check", "--deploy", tmp_path=tmp_path, SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short-key"}, "SECRET_KEY is too weak"),
        ({"SECRET_KEY": "a" * 60}, "SECRET_KEY is too weak"),
        (
            {"SECRET_KEY": "development-only-insecure-key-do-not-use-in-production"},
            "SECRET_KEY is too weak",
        ),
        ({"SECRET_KEY": STRONG_KEY, "DEBUG": "true"}, "DEBUG must be off"),
    ],
    ids=["missing-key", "short-key", "repetitive-key", "dev-key", "debug-on"],
)
def test_production_refuses_to_start_unsafe_with_one_line(
    tmp_path: Path, env: dict[str, str], says: str
) -> None:
    result = _upward("check", tmp_path=tmp_path, **env)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("upward: ") and says in lines[0]


def test_production_turns_hsts_on_by_default(tmp_path: Path) -> None:
    result = _upward(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)",
        tmp_path=tmp_path,
        SECRET_KEY=STRONG_KEY,
    )
    assert result.stdout.strip().splitlines()[-1].split() == ["31536000", "True", "True"]


def test_every_page_sends_a_strict_content_security_policy(client: Client, db: None) -> None:
    policy = client.get("/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


@pytest.mark.parametrize("url", ["/api/v1/docs", "/api/v1/redoc"])
def test_api_docs_load_only_local_static_files(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert sources, "the page loads its scripts and styles"
    assert all(s.startswith("/static/") for s in sources), sources
    assert "cdn" not in html.lower()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy + ";"


def test_templates_carry_no_inline_script_style_or_handler() -> None:
    offenders = []
    for template in (ROOT / "upward").rglob("templates/**/*.html"):
        if "/email/" in str(template):
            continue  # e-mails are not pages: mail clients need inline styles
        text = template.read_text()
        for pattern in (
            r"<script(?![^>]*\bsrc=)(?![^>]*application/json)",
            r"<style",
            r"\sstyle=\"",
            r"\son[a-z]+=\"",
            r"hx-on",
        ):
            if re.search(pattern, text):
                offenders.append(f"{template.relative_to(ROOT)}: {pattern}")
    assert offenders == []
