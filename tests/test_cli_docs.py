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


def test_geoparse_lists_names_not_the_references_that_stand_for_them(tmp_path: Path) -> None:
    """'the country' and 'the waterway' carry roles on the map but are no toponyms to score."""
    import json

    text = (
        "Ships crossed the Strait of Hormuz. Two seafarers were killed in attacks in the waterway. "
        "Iran cancels the talks due to recent strikes against the country."
    )
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
    for extra in ([], ["--no-roles"]):
        assert cli.main(["geoparse", str(source), str(out), "--quiet", *extra]) == 0
        names = [p["name"] for p in json.loads(out.read_text(encoding="utf-8"))["places"]]
        assert "Strait of Hormuz" in names and "Iran" in names, names
        assert "the waterway" not in names and "the country" not in names, names
