"""The plan's building blocks: agencies, staff and personas as plain data, and the planner that adds them
(usernames unique, names from the seed). `egov.demo.province` says what the province contains."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from egov.demo.names import NameGenerator, UsernameBook


@dataclass(frozen=True)
class AgencyPlan:
    code: str
    name: str
    short_name: str
    kind: str
    parent_code: str | None
    slug: str
    admin_unit_code: str = ""
    has_counter: bool = False
    address: str = ""
    email: str = ""
    sort_order: int = 0


@dataclass(frozen=True)
class StaffPlan:
    username: str
    full_name: str
    agency_code: str
    position: str
    roles: tuple[str, ...]
    employee_code: str
    email: str
    #: Where the roles are held when not where the person sits: a commune room's civil servants hold
    #: theirs on the commune's People's Committee (the shared workflows name no room, see _plan_commune).
    grant_code: str = ""

    @property
    def role_agency_code(self) -> str:
        return self.grant_code or self.agency_code


@dataclass(frozen=True)
class Persona:
    """A memorable account for trying one role, listed by the command and in docs/demo.md."""

    username: str
    role: str
    agency_code: str
    position: str
    story: str


@dataclass
class ProvincePlan:
    agencies: list[AgencyPlan] = field(default_factory=list)
    staff: list[StaffPlan] = field(default_factory=list)

    def agency(self, code: str) -> AgencyPlan:
        return next(a for a in self.agencies if a.code == code)


@dataclass(frozen=True)
class Slot:
    position: str
    role: str


class Planner:
    def __init__(self, seed: int, personas: tuple[Persona, ...], letter_code: str, email_domain: str) -> None:
        self.seed = seed
        self.plan = ProvincePlan()
        self.usernames = UsernameBook(reserved=[p.username for p in personas])
        self.personas = {(p.agency_code, p.role, p.position): p for p in personas}
        self.letter_code = letter_code
        self.email_domain = email_domain

    def rng(self, code: str) -> random.Random:
        return random.Random(f"egov-demo:{self.seed}:{code}")

    def add_agency(self, agency: AgencyPlan) -> AgencyPlan:
        self.plan.agencies.append(agency)
        return agency

    def add_staff(self, agency: AgencyPlan, slots: list[Slot], grant_on: AgencyPlan | None = None) -> None:
        names = NameGenerator(f"egov-demo:{self.seed}:{agency.code}:staff")
        for slot in slots:
            person = names.person()
            persona = self.personas.pop((agency.code, slot.role, slot.position), None)
            username = persona.username if persona else self.usernames.take(person.login_stem, agency.slug)
            number = len(self.plan.staff) + 1
            self.plan.staff.append(
                StaffPlan(
                    username=username,
                    full_name=person.full,
                    agency_code=agency.code,
                    position=slot.position,
                    roles=(slot.role,),
                    employee_code=f"{self.letter_code}-{number:05d}",
                    email=f"{username}@{self.email_domain}",
                    grant_code=grant_on.code if grant_on is not None else "",
                )
            )


def between(rng: random.Random, low: int, high: int) -> int:
    """An integer in [low, high] from `random()` alone (see egov.demo.names on reproducibility)."""
    return low + int(rng.random() * (high - low + 1))
