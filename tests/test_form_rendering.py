"""Form widgets render through Jinja2 (settings.FORM_RENDERER; issue 16: CPU per request).

Every form of the product renders the HTML Django's template-language renderer would give,
and renders at all: a widget template added later in the template language only would not be
found by the Jinja2 renderer, and every page showing the form would fail."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer

import upward

pytestmark = pytest.mark.django_db


def product_forms() -> list[type[forms.BaseForm]]:
    found = []
    for module in pkgutil.walk_packages(upward.__path__, "upward."):
        if not module.name.endswith(".forms") or ".tests" in module.name:
            continue
        loaded = importlib.import_module(module.name)
        for value in vars(loaded).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == loaded.__name__
            ):
                found.append(value)
    return found


def normal(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def test_forms_render_through_jinja2() -> None:
    assert settings.FORM_RENDERER == "django.forms.renderers.Jinja2"
    assert type(get_default_renderer()).__name__ == "Jinja2"


def test_every_form_renders_the_html_of_djangos_template_renderer() -> None:
    compared = []
    for form_class in product_forms():
        try:
            form = form_class()
        except TypeError:
            continue  # needs arguments (a program, a user): its pages' tests render it
        jinja = str(form)  # the configured renderer
        form.renderer = DjangoTemplates()
        assert normal(jinja) == normal(str(form)), form_class
        compared.append(form_class)
    assert len(compared) >= 40, [f.__name__ for f in compared]
