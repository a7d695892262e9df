"""Addresses reversed once per process (upward/urlcache.py, issue 16) say what Django's own
`reverse()` and `{% url %}` say, under another script prefix or URL configuration too, and fail
as they do."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.urls import NoReverseMatch, set_script_prefix
from django.urls import reverse as django_reverse

from upward import urlcache
from upward.urlcache import reverse


@pytest.mark.parametrize(
    ("name", "args", "kwargs"),
    [
        ("home", None, None),
        ("mentoring:room", [7], None),
        ("mentoring:meeting", [7, 12], None),
        ("programs:topic_edit", None, {"slug": "gen-z"}),
        ("programs:topic_edit", ["gen-z"], None),
    ],
)
def test_the_remembered_address_is_djangos_the_first_time_and_after(
    name: str, args: list | None, kwargs: dict | None
) -> None:
    expected = django_reverse(name, args=args, kwargs=kwargs)
    assert reverse(name, args=args, kwargs=kwargs) == expected
    assert reverse(name, args=args, kwargs=kwargs) == expected


def test_an_id_given_as_text_or_as_a_number_reaches_the_same_address() -> None:
    assert reverse("mentoring:room", args=["7"]) == reverse("mentoring:room", args=[7])


@pytest.mark.parametrize(
    ("name", "args"),
    [("no-such-page", None), ("mentoring:room", ["not-an-id"]), ("mentoring:room", [True])],
)
def test_an_address_django_cannot_make_fails_every_time(name: str, args: list | None) -> None:
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=args)


def test_another_script_prefix_gives_its_own_addresses() -> None:
    plain = reverse("mentoring:room", args=[3])
    set_script_prefix("/upward/")
    try:
        assert reverse("mentoring:room", args=[3]) == "/upward" + plain
    finally:
        set_script_prefix("/")
    assert reverse("mentoring:room", args=[3]) == plain


def test_a_changed_url_configuration_is_followed_at_once() -> None:
    assert reverse("home") == "/"
    with override_settings(ROOT_URLCONF="tests.urlcache_urls"):
        assert reverse("home") == "/elsewhere/"
    assert reverse("home") == "/"


def test_objects_other_than_ids_and_slugs_go_to_django_unremembered() -> None:
    class Id(int):
        pass

    before = urlcache._remembered.cache_info().currsize
    assert reverse("mentoring:room", args=[Id(4)]) == django_reverse("mentoring:room", args=[4])
    assert urlcache._remembered.cache_info().currsize == before


def test_the_url_tag_renders_what_djangos_does_and_keeps_its_as_form() -> None:
    page = Template(
        "{% url 'mentoring:room' pair %}|{% url 'programs:topic_edit' slug=s %}|"
        "{% url 'no-such-page' as missing %}[{{ missing }}]{% url 'home' as home %}{{ home }}"
    )
    rendered = page.render(Context({"pair": 9, "s": "gen-z"}))
    assert rendered == (
        f"{django_reverse('mentoring:room', args=[9])}|"
        f"{django_reverse('programs:topic_edit', kwargs={'slug': 'gen-z'})}|[]/"
    )


def test_the_url_tag_still_refuses_an_unknown_page_and_a_malformed_tag() -> None:
    with pytest.raises(NoReverseMatch):
        Template("{% url 'no-such-page' %}").render(Context())
    with pytest.raises(TemplateSyntaxError):
        Template("{% url %}")
