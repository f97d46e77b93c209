"""Every command of cli.py is documented in the README (datasette's habit)."""

import argparse
from pathlib import Path

import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_cli_command_is_in_the_readme() -> None:
    sub = next(a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) >= {"geoparse", "ingest", "export"}
    for name in sub.choices:
        assert f"cli.py {name}" in README, name
