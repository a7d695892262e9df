"""Addresses reversed once per process: `reverse()` and the templates' `{% url %}`.

A page names twenty to thirty addresses (the navigation, the room's tabs, each row's link), and
Django's `reverse()` works each out anew from the URL patterns: about 50 microseconds apiece on
the load machine, a twentieth of a pair member's request (issue 16). The same name with the same
arguments always gives the same address while the URL patterns, the script prefix and the
current app are the same, so the answer is remembered under all of them.

Only plain ints and strs are remembered (ids and slugs, with their type: `True` is not `1`);
anything else, or an address that does not exist, goes to Django every time, which raises as it
always did. A settings change of the URL configuration (tests do it) forgets everything.

This module is also a template builtin (settings.TEMPLATES): its `url` tag is Django's own,
parsed by Django, rendering through the remembered `reverse()`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.html import conditional_escape

register = template.Library()

_PLAIN = (int, str)


def _plain(values: Any) -> bool:
    return all(type(v) in _PLAIN for v in values)


@lru_cache(maxsize=16_384)
def _remembered(
    viewname: str,
    args: tuple[tuple[type, Any], ...],
    kwargs: tuple[tuple[str, type, Any], ...],
    current_app: str | None,
    prefix: str,
    urlconf: Any,
) -> str:
    # The prefix and urlconf are in the key: they are what `django_reverse` reads besides.
    return django_reverse(
        viewname,
        urlconf=urlconf,
        args=[value for _, value in args],
        kwargs={name: value for name, _, value in kwargs},
        current_app=current_app,
    )


def reverse(
    viewname: str,
    args: list[Any] | tuple[Any, ...] | None = None,
    kwargs: dict[str, Any] | None = None,
    current_app: str | None = None,
) -> str:
    """`django.urls.reverse`, remembered for plain arguments."""
    args = args or ()
    kwargs = kwargs or {}
    if (
        type(viewname) is not str
        or not _plain(args)
        or not _plain(kwargs.values())
        or (current_app is not None and type(current_app) is not str)
    ):
        return django_reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    return _remembered(
        viewname,
        tuple((type(a), a) for a in args),
        tuple(sorted((k, type(v), v) for k, v in kwargs.items())) if kwargs else (),
        current_app,
        get_script_prefix(),
        get_urlconf(),
    )


@receiver(setting_changed)
def _forget(*, setting: str, **_: Any) -> None:
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _remembered.cache_clear()


class URLNode(defaulttags.URLNode):
    """Django's `{% url %}` node (same parsing, same errors) with the remembered `reverse`."""

    def render(self, context: Any) -> str:
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: Any, token: Any) -> URLNode:
    parsed = defaulttags.url(parser, token)
    return URLNode(parsed.view_name, parsed.args, parsed.kwargs, parsed.asvar)
