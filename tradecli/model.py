"""The figure model: what one stated statistic is, and which fields a record exposes.

Values are ``Decimal`` so the stated precision survives: ``Decimal("8")`` and
``Decimal("8.0")`` are different statements, and rounding-aware checks rely on that.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, NamedTuple

from tradecli.interval import Rounding

DEFAULT_ROUNDING = Rounding()

# Vocabularies with meaning in code (a value basis lets us derive prior-year values,
# a qualifier turns a number into a bound). Units and sections are declared in the data.
FLOWS = ("total", "exports", "imports")
BASES = ("value", "volume")
QUALIFIERS = ("exact", "more than", "about", "nearly", "at least", "less than")
UNIT_KINDS = ("amount", "count", "duration", "rank", "percent")
RELATION_KINDS = ("sum", "disjoint")

FieldKind = Literal["text", "number", "list"]


class FieldSpec(NamedTuple):
    """A column a figure record offers to --fields, --where and --sort."""

    name: str
    kind: FieldKind
    help: str
    derived: bool = False


FIELD_SPECS: tuple[FieldSpec, ...] = (
    FieldSpec("id", "text", "stable identifier, for scripts"),
    FieldSpec("label", "text", "human-readable name"),
    FieldSpec("aliases", "list", "other names people use"),
    FieldSpec("section", "text", "part of the briefing (headline, markets, ...)"),
    FieldSpec("flow", "text", "total, exports or imports"),
    FieldSpec("partner", "text", "trading partner or region, where relevant"),
    FieldSpec("product", "text", "product group, where relevant"),
    FieldSpec("qualifier", "text", "exact, more than, about, ..."),
    FieldSpec("value", "number", "stated value, in unit"),
    FieldSpec("unit", "text", "unit of value"),
    FieldSpec("growth", "number", "year-on-year growth, percent"),
    FieldSpec("basis", "text", "what growth measures: value or volume"),
    FieldSpec("share", "number", "stated share of share_of, percent"),
    FieldSpec("share_of", "text", "id of the figure the share refers to"),
    FieldSpec("share_change", "number", "change in share, percentage points"),
    FieldSpec("part_of", "text", "id of the figure this is a part of"),
    FieldSpec("restates", "text", "id of the figure this statement rounds or bounds"),
    FieldSpec("period", "text", "period of the figure"),
    FieldSpec("comparison_period", "text", "period growth is measured against"),
    FieldSpec("notes", "text", "caveats"),
    FieldSpec("source", "text", "source document"),
    FieldSpec("speaker", "text", "who stated the figure"),
    FieldSpec("location", "text", "where in the source"),
    FieldSpec("url", "text", "address of the source"),
    FieldSpec("implied_prior", "number", "value / (1 + growth): implied prior-period value", True),
    FieldSpec("change", "number", "value - implied_prior: absolute change", True),
    FieldSpec("share_computed", "number", "value as a percent of share_of (or part_of)", True),
    FieldSpec("share_of_total", "number", "value as a percent of the dataset total", True),
    FieldSpec("share_implied", "number", "share of share_of implied by share_change and both growth rates", True),
)
FIELDS: dict[str, FieldSpec] = {spec.name: spec for spec in FIELD_SPECS}
DEFAULT_FIELDS = ("id", "label", "qualifier", "value", "unit", "growth", "basis", "share")


class Unit(NamedTuple):
    """A unit declared by the dataset; its kind says which arithmetic is meaningful.

    Amount units also say what they count in (scale, currency), so that a claim made in
    billions of yuan can be compared with a figure stated in trillions.
    """

    name: str
    kind: str
    description: str = ""
    scale: Decimal | None = None
    currency: str | None = None


class Words(NamedTuple):
    """How people write units, declared in the dataset's [words] table (data, not code).

    scale: multiplier words (trillion, bn, 100 million); currency: currency words to a code
    (yuan, RMB -> CNY); percent: percent words to "percent" or "points" (pp); qualifier:
    words that bound a number (more than, over, about) to a qualifier of QUALIFIERS.
    """

    scale: dict[str, Decimal]
    currency: dict[str, str]
    percent: dict[str, str]
    qualifier: dict[str, str]


NO_WORDS = Words({}, {}, {}, {})


class Source(NamedTuple):
    """Provenance: which document, who said it, and where in the text."""

    document: str
    url: str
    speaker: str = ""
    part: str = ""
    paragraph: int | None = None

    @property
    def location(self) -> str:
        """Where in the document, readable by a person checking the figure."""
        bits = [self.part] if self.part else []
        if self.paragraph is not None:
            bits.append(f"paragraph {self.paragraph}")
        return ", ".join(bits)


class Figure(NamedTuple):
    """One quantitative statement: a value, a growth rate, a share, or several of them."""

    id: str
    label: str
    section: str
    flow: str
    period: str
    comparison_period: str
    source: Source
    qualifier: str = "exact"
    aliases: tuple[str, ...] = ()
    partner: str | None = None
    product: str | None = None
    value: Decimal | None = None
    unit: str | None = None
    growth: Decimal | None = None
    basis: str | None = None
    share: Decimal | None = None
    share_of: str | None = None
    share_change: Decimal | None = None
    part_of: str | None = None
    restates: str | None = None
    notes: str | None = None
    line: int | None = None  # where the figure is defined in its dataset file, for reports

    def names(self) -> tuple[str, ...]:
        """Every name this figure answers to: its id first, then its aliases."""
        return (self.id, *self.aliases)


class Relation(NamedTuple):
    """A declared relationship between figures, so consistency checks stay generic."""

    kind: str
    whole: str
    parts: tuple[str, ...]


class Dataset:
    """A validated collection of figures with its units, sources and relations."""

    __slots__ = (
        "_by_id",
        "comparison_period",
        "figures",
        "path",
        "period",
        "relations",
        "rounding",
        "sections",
        "title",
        "total_id",
        "units",
        "words",
    )

    def __init__(
        self,
        *,
        path: str,
        title: str,
        period: str,
        comparison_period: str,
        sections: tuple[str, ...],
        units: dict[str, Unit],
        figures: tuple[Figure, ...],
        relations: tuple[Relation, ...] = (),
        total_id: str | None = None,
        rounding: Rounding = DEFAULT_ROUNDING,
        words: Words = NO_WORDS,
    ) -> None:
        self.path = path
        self.title = title
        self.period = period
        self.comparison_period = comparison_period
        self.sections = sections
        self.units = units
        self.figures = figures
        self.relations = relations
        self.total_id = total_id
        self.rounding = rounding
        self.words = words
        self._by_id = {f.id: f for f in figures}

    def get(self, figure_id: str) -> Figure | None:
        """The figure with exactly this id, if any."""
        return self._by_id.get(figure_id)

    @property
    def total(self) -> Figure | None:
        """The figure every 'share of total' is computed against."""
        return self.get(self.total_id) if self.total_id else None

    def unit(self, unit: str | None) -> Unit | None:
        """The declared unit of this name, if any."""
        return self.units.get(unit) if unit else None

    def unit_kind(self, unit: str | None) -> str | None:
        """The kind of a declared unit (amount, count, ...), or None."""
        declared = self.units.get(unit) if unit else None
        return declared.kind if declared else None
