"""The deploy kit: a compose file docker accepts, a non-root image, a unit, a backup note."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def compose_config() -> dict[str, Any]:
    """The compose file as docker resolves it, or as YAML where docker compose is missing."""
    docker = shutil.which("docker")
    if docker is not None:
        found = subprocess.run(
            [docker, "compose", "-f", str(DEPLOY / "docker-compose.yml"), "config"],
            capture_output=True,
            text=True,
            check=False,
        )
        if found.returncode == 0:
            config: dict[str, Any] = yaml.safe_load(found.stdout)
            return config
        if "unknown" not in found.stderr and "not a docker command" not in found.stderr:
            pytest.fail(f"docker compose rejects the file: {found.stderr}")
    parsed: dict[str, Any] = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text("utf-8"))
    return parsed


def test_it_runs_fudao_on_postgresql_16_with_volumes_and_migrations_first() -> None:
    config = compose_config()
    db, fudao = config["services"]["db"], config["services"]["fudao"]
    assert db["image"] == "postgres:16"
    assert {"db-data", "fudao-data"} <= set(config["volumes"])
    assert "fudao db upgrade && exec fudao run" in " ".join(fudao["command"])
    assert fudao["environment"]["FUDAO_DATABASE_URL"].startswith("postgresql://fudao:")
    assert fudao["depends_on"]["db"]["condition"] == "service_healthy"


def test_it_builds_a_multi_stage_non_root_image_with_a_cjk_font() -> None:
    lines = (DEPLOY / "Dockerfile").read_text("utf-8").splitlines()
    assert sum(line.startswith("FROM ") for line in lines) == 2
    assert "USER fudao" in lines
    assert any("fonts-noto-cjk" in line for line in lines)


def test_it_ships_a_systemd_unit_that_migrates_before_it_runs() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(DEPLOY / "fudao.service", encoding="utf-8")
    service = unit["Service"]
    assert service["User"] == "fudao"
    assert service["ExecStartPre"].endswith("fudao db upgrade")
    assert service["ExecStart"].endswith("fudao run")
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_it_says_how_to_back_up_the_database_and_the_secret_key() -> None:
    note = (DEPLOY / "BACKUP.md").read_text("utf-8")
    assert "pg_dump" in note and "secret.key" in note and "pg_restore" in note
