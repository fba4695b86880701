"""The registry of demo builders and the helpers they share.

A builder makes one part of the demo: the agency tree and staff now, the
procedure catalogue and dossiers later. Each app that wants demo data adds a
module `egov/<app>/demo.py` that defines a `DemoBuilder` subclass decorated
with `@register`; `load_builders()` imports those modules (like Django's admin
autodiscovery) and `manage.py demo` runs the builders in `order`:

    from egov.demo.builders import DemoBuilder, DemoContext, bulk_insert, register

    @register
    class DossierDemo(DemoBuilder):
        name = "dossiers"
        order = 300                 # after organizations (100) and procedures (200)
        bulk_kind = "dossiers"      # enables `manage.py demo --dossiers N`

        def is_built(self, ctx): return Dossier.objects.filter(code__startswith="DEMO").exists()
        def build(self, ctx): ...   # a few hand-made dossiers, through the services
        def reset(self, ctx): ...   # delete what build() and bulk() made
        def bulk(self, ctx, n):
            return bulk_insert(ctx, Dossier, (make_row(i) for i in range(n)), total=n, label="dossiers")

`build` runs in a transaction of its own, committed when it ends (if it fails,
nothing of that part is kept; the parts before it stay), and must go through the
services.
`bulk` runs after every build, and `bulk_insert` commits one transaction per batch,
so a million rows never sit in one transaction or in memory.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from django.db import models, transaction
from django.utils.formats import number_format
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from egov.core.audit import SystemActor
from egov.organizations.models import Agency

M = TypeVar("M", bound=models.Model)

#: Rows per transaction in bulk_insert: large enough to amortise the commit, small enough to
#: keep memory flat and let a run that is interrupted keep what it has committed.
DEFAULT_BATCH = 5_000
#: PostgreSQL accepts at most 65,535 bind parameters in one statement.
MAX_PARAMS_PER_STATEMENT = 60_000


@dataclass
class DemoContext:
    """What every builder receives: the seed, the acting user, and a way to report."""

    seed: int
    write: Callable[[str], None] = print
    verbosity: int = 1
    actor: SystemActor = field(default_factory=SystemActor)
    #: Builders may leave things here for the builders after them (e.g. created objects by key).
    shared: dict[str, Any] = field(default_factory=dict)

    def say(self, message: str) -> None:
        if self.verbosity >= 1:
            self.write(message)

    def agency(self, code: str) -> Agency:
        return Agency.objects.get(code=code)


class DemoBuilder:
    """One part of the demo. Subclasses set `name` and `order` and implement the methods."""

    name: ClassVar[str]
    order: ClassVar[int]
    #: The kind of rows `bulk` makes (e.g. "dossiers"), or None when the builder has no bulk mode.
    bulk_kind: ClassVar[str | None] = None

    def is_built(self, ctx: DemoContext) -> bool:
        """Whether this part is already in the database; then `build` is skipped."""
        raise NotImplementedError

    def build(self, ctx: DemoContext) -> None:
        raise NotImplementedError

    def reset(self, ctx: DemoContext) -> None:
        """Remove what `build` and `bulk` made (runs in reverse order, before a rebuild)."""
        raise NotImplementedError

    def bulk(self, ctx: DemoContext, n: int) -> int:
        """Make `n` more rows of `bulk_kind` for benchmarks; return how many were made."""
        raise NotImplementedError


_REGISTRY: dict[str, DemoBuilder] = {}

B = TypeVar("B", bound=type[DemoBuilder])


def register(cls: B) -> B:
    """Class decorator: add a builder to the registry (names and bulk kinds must be unique)."""
    builder = cls()
    if builder.name in _REGISTRY and type(_REGISTRY[builder.name]) is not cls:
        raise ValueError(f"a demo builder named {builder.name!r} is already registered")
    if builder.bulk_kind and any(
        b.bulk_kind == builder.bulk_kind and b.name != builder.name for b in _REGISTRY.values()
    ):
        raise ValueError(f"bulk kind {builder.bulk_kind!r} already has a builder")
    _REGISTRY[builder.name] = builder
    return cls


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def load_builders() -> list[DemoBuilder]:
    """Import every app's `demo` module and return the builders in the order they run."""
    autodiscover_modules("demo")
    return sorted(_REGISTRY.values(), key=lambda b: (b.order, b.name))


def bulk_kinds() -> dict[str, DemoBuilder]:
    return {b.bulk_kind: b for b in _REGISTRY.values() if b.bulk_kind}


def grouped(number: int) -> str:
    """1234567 → "1.234.567": Vietnamese groups thousands with dots (Django's vi format does not group)."""
    return f"{number:,}".replace(",", ".")


def seconds(value: float) -> str:
    """A duration with one decimal, in the active language's notation ("2,5" in Vietnamese)."""
    return number_format(value, 1)


def _chunks(rows: Iterable[M], size: int) -> Iterator[list[M]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def bulk_insert(
    ctx: DemoContext,
    model: type[M],
    rows: Iterable[M],
    *,
    total: int | None = None,
    label: str = "",
    batch_size: int = DEFAULT_BATCH,
) -> int:
    """Insert unsaved instances with bulk_create, one transaction per batch, and report the rate.

    `rows` should be a generator so that only one batch is in memory. Instances
    are not validated and no signals or save() run: build rows that are valid.
    """
    label = label or str(model._meta.verbose_name_plural)
    fields = max(1, len(model._meta.concrete_fields))
    per_statement = max(1, min(batch_size, MAX_PARAMS_PER_STATEMENT // fields))
    started = time.perf_counter()
    last_report = started
    done = 0
    for chunk in _chunks(rows, batch_size):
        with transaction.atomic():
            model._default_manager.bulk_create(chunk, batch_size=per_statement)
        done += len(chunk)
        now = time.perf_counter()
        if now - last_report >= 2 or (total is not None and done >= total):
            last_report = now
            ctx.say(
                _("%(label)s: %(done)s of %(total)s (%(rate)s rows/s)")
                % {
                    "label": label,
                    "done": grouped(done),
                    "total": grouped(total) if total is not None else "?",
                    "rate": grouped(round(done / max(now - started, 1e-9))),
                }
            )
    elapsed = time.perf_counter() - started
    ctx.say(
        _("Created %(count)s %(label)s in %(seconds)s s (%(rate)s rows/s).")
        % {
            "count": grouped(done),
            "label": label,
            "seconds": seconds(elapsed),
            "rate": grouped(round(done / max(elapsed, 1e-9))),
        }
    )
    return done
