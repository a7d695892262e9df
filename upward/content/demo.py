"""Demo: the conversation library is installed by a migration; the demo only makes sure of it
(after a `flush`, say) and reports what is there, so it never repeats the migration's work."""

from __future__ import annotations

from typing import Any

from upward.content.library import library_ensure


def seed(ctx: Any) -> None:
    counts = library_ensure()
    ctx.log(
        "Learning library: {prompts} prompts, {templates} agenda templates, "
        "{resources} resources, {roadmaps} learning paths.".format(**counts)
    )
