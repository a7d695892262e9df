from __future__ import annotations

import factory

from upward.people.models import Department, Person, User


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Department {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    employee_id = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    title = "Specialist"
    level = 3
    department = factory.SubFactory(DepartmentFactory, name="Engineering")
    timezone = "Europe/London"
    languages = factory.LazyFunction(lambda: ["en"])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Faker("name")
    password = factory.django.Password("pw-for-tests-only")
