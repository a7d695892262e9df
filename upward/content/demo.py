"""Demo: install the shipped conversation library (independent of programs and pairs)."""

from __future__ import annotations

from typing import Any

from upward.content.library import library_install


def seed(ctx: Any) -> None:
    counts = library_install()
    ctx.log(
        "Learning library: {prompts} prompts, {templates} agenda templates, "
        "{resources} resources, {roadmaps} learning paths.".format(**counts)
    )
