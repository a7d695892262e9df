"""The role-aware home page is built from panels that each app registers.

A panel is a function `(request) -> Panel | None`; returning None hides it (e.g. the person
has no role that needs it). Apps register theirs in their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


PanelFunc = Callable[[HttpRequest], Panel | None]
HOME_PANELS: list[PanelFunc] = []


def register_home_panel(func: PanelFunc) -> PanelFunc:
    if func not in HOME_PANELS:
        HOME_PANELS.append(func)
    return func


def panels_for(request: HttpRequest) -> list[Panel]:
    panels = [p for p in (func(request) for func in HOME_PANELS) if p is not None]
    return sorted(panels, key=lambda p: p.order)
