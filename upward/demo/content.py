"""Demo: the conversation library is installed by a migration; the demo only makes sure of it
(after a `flush`, say) and reports what is there, so it never repeats the migration's work."""

from __future__ import annotations

from upward.content.library import library_ensure
from upward.demo.context import DemoContext


def seed(ctx: DemoContext) -> None:
    counts = library_ensure()
    ctx.log(
        "Learning library: {prompts} prompts, {templates} agenda templates, "
        "{resources} resources, {roadmaps} learning paths.".format(**counts)
    )
