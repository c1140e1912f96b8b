"""The figure model: what one stated statistic is, and which fields a record exposes.

Values are ``Decimal`` so the stated precision survives: ``Decimal("8")`` and
``Decimal("8.0")`` are different statements, and rounding-aware checks rely on that.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal, NamedTuple, Protocol

from tradecli.interval import Rounding
from tradecli.vocabulary import ADDITIVE_KINDS as ADDITIVE_KINDS  # where they always were, for callers
from tradecli.vocabulary import BASES as BASES
from tradecli.vocabulary import FLOWS as FLOWS
from tradecli.vocabulary import QUALIFIERS as QUALIFIERS
from tradecli.vocabulary import RELATION_KINDS as RELATION_KINDS
from tradecli.vocabulary import TIERS as TIERS
from tradecli.vocabulary import UNIT_KINDS as UNIT_KINDS

DEFAULT_ROUNDING = Rounding()


FieldKind = Literal["text", "number", "list"]


class FieldSpec(NamedTuple):
    """A column a figure record offers to --fields, --where and --sort."""

    name: str
    kind: FieldKind
    help: str
    derived: bool = False
    in_unit: bool = False  # measured in the figure's unit: compared and sorted only like with like
    chronological: bool = False  # a period: sorted oldest first, not alphabetically


FIELD_SPECS: tuple[FieldSpec, ...] = (
    FieldSpec("id", "text", "stable identifier, for scripts"),
    FieldSpec("label", "text", "human-readable name"),
    FieldSpec("aliases", "list", "other names people use"),
    FieldSpec("section", "text", "part of the briefing (headline, markets, ...)"),
    FieldSpec("flow", "text", "total, exports or imports"),
    FieldSpec("partner", "text", "trading partner or region, where relevant"),
    FieldSpec("product", "text", "product group, where relevant"),
    FieldSpec("subject", "text", "who or what trades, when not a partner or product (private enterprises, ...)"),
    FieldSpec("qualifier", "text", "exact, more than, about, ..."),
    FieldSpec("value", "number", "stated value, in unit", in_unit=True),
    FieldSpec("unit", "text", "unit of value"),
    FieldSpec("growth", "number", "year-on-year growth, percent"),
    FieldSpec("basis", "text", "what growth measures: value, volume or price"),
    FieldSpec("growth_currency", "text", "currency growth is measured in (USD growth differs from yuan growth)"),
    FieldSpec("share", "number", "stated share of share_of, percent"),
    FieldSpec("share_of", "text", "id of the figure the share refers to"),
    FieldSpec("share_base", "text", "what the share is of, when that is not a figure here"),
    FieldSpec("share_change", "number", "change in share, percentage points"),
    FieldSpec("part_of", "text", "id of the figure this is a part of"),
    FieldSpec("restates", "text", "id of the figure this statement rounds or bounds"),
    FieldSpec("counterpart", "text", "id of the same statistic stated in another currency"),
    FieldSpec("period", "text", "period of the figure", chronological=True),
    FieldSpec("comparison_period", "text", "period growth is measured against", chronological=True),
    FieldSpec("notes", "text", "caveats"),
    FieldSpec("quote", "list", "the sources' own sentence(s) stating the figure, verbatim"),
    FieldSpec("quote_lang", "list", "language of each quote (en, zh-Hans, zh-Hant)"),
    FieldSpec("quote_url", "list", "address of the source each quote is from (one of urls)"),
    FieldSpec("tier", "text", "briefing (the briefing text) or reported (a press report of official data)"),
    FieldSpec("source", "text", "source document"),
    FieldSpec("page", "number", "page of the briefing, for the briefing tier"),
    FieldSpec("speaker", "text", "who stated the figure"),
    FieldSpec("location", "text", "where in the source"),
    FieldSpec("url", "text", "address of the (first) source"),
    FieldSpec("urls", "list", "addresses of every source"),
    FieldSpec("implied_prior", "number", "value / (1 + growth): implied prior-period value", True, True),
    FieldSpec("change", "number", "value - implied_prior: absolute change", True, True),
    FieldSpec("share_computed", "number", "value as a percent of share_of (or part_of)", True),
    FieldSpec("share_of_total", "number", "value as a percent of the dataset total", True),
    FieldSpec("share_implied", "number", "share of share_of implied by share_change and both growth rates", True),
    FieldSpec(
        "conversion", "text", "how --currency converted the value (a conversion, never an official figure)", True
    ),
)
FIELDS: dict[str, FieldSpec] = {spec.name: spec for spec in FIELD_SPECS}
DEFAULT_FIELDS = ("id", "period", "label", "qualifier", "value", "unit", "growth", "basis", "share")


def parse_fields(
    text: str | None, available: Sequence[str] = tuple(FIELDS), default: Sequence[str] = DEFAULT_FIELDS
) -> list[str]:
    """Column names from a comma-separated --fields value (the defaults when None)."""
    from tradecli.errors import UsageError, pick_name

    if text is None:
        return list(default)
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise UsageError(f"--fields: give comma-separated field names; available: {', '.join(available)}")
    picked = [pick_name(n, available, "--fields", "field") for n in names]
    twice = next((name for position, name in enumerate(picked) if name in picked[:position]), None)
    if twice is not None:  # JSON would have the key twice, CSV the column: neither reads back well
        raise UsageError(f"--fields: {twice!r} is given twice; name each field once")
    return picked


class Unit(NamedTuple):
    """A unit declared by the dataset; its kind says which arithmetic is meaningful.

    Amount and quantity units also say what they count in (scale, and `currency`: a currency
    code for money, or the measure of a physical quantity such as "tonne", declared as `measure`),
    so that a claim made in billions of yuan can be compared with a figure stated in trillions,
    and 557.73 million tonnes never with yuan.
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
    cues: dict[str, tuple[str, ...]]
    # What prose names, for `check --text`: NAME_KINDS -> a flow, partner, product, subject or
    # source key -> the phrases that name it; and period phrases ("first 10 months") -> a span.
    names: dict[str, dict[str, tuple[str, ...]]]
    periods: dict[str, str]


NAME_KINDS = ("flows", "partners", "products", "subjects", "sources")
NO_WORDS = Words({}, {}, {}, {}, {}, {}, {})


class Source(NamedTuple):
    """Provenance: which document(s), how official, who said it, and where in the text."""

    document: str
    url: str
    speaker: str = ""
    part: str = ""
    paragraph: int | None = None
    tier: str = "briefing"
    page: int | None = None
    urls: tuple[str, ...] = ()

    @property
    def location(self) -> str:
        """Where in the document, readable by a person checking the figure."""
        bits = [self.part] if self.part else []
        if self.paragraph is not None:
            bits.append(f"paragraph {self.paragraph}")
        return ", ".join(bits)


class Quote(NamedTuple):
    """The sentence(s) of a source that state a figure, verbatim, with their language and address."""

    text: str
    lang: str
    url: str


class Figure(NamedTuple):
    """One quantitative statement: a value, a growth rate, a share, or several of them."""

    id: str
    label: str
    section: str
    flow: str
    period: str
    comparison_period: str
    source: Source
    qualifier: str = "exact"  # qualifies value
    growth_qualifier: str = "exact"
    share_qualifier: str = "exact"
    aliases: tuple[str, ...] = ()
    partner: str | None = None
    product: str | None = None
    subject: str | None = None
    value: Decimal | None = None
    unit: str | None = None
    growth: Decimal | None = None
    basis: str | None = None
    growth_currency: str | None = None
    share: Decimal | None = None
    share_of: str | None = None
    share_base: str | None = None
    share_change: Decimal | None = None
    part_of: str | None = None
    restates: str | None = None
    counterpart: str | None = None
    notes: str | None = None
    quotes: tuple[Quote, ...] = ()
    line: int | None = None  # where the figure is defined in its dataset file, for reports

    def names(self) -> tuple[str, ...]:
        """Every name this figure answers to: its id first, then its aliases."""
        return (self.id, *self.aliases)

    @property
    def tier(self) -> str:
        return self.source.tier

    def qualifier_of(self, field: str) -> str:
        """How a stated number is qualified: 'more than 240' qualifies the value, 'about 0' a growth."""
        return {"value": self.qualifier, "growth": self.growth_qualifier, "share": self.share_qualifier}.get(
            field, "exact"
        )


class Relation(NamedTuple):
    """A declared relationship between figures, so consistency checks stay generic."""

    kind: str
    whole: str
    parts: tuple[str, ...]


class Rate(NamedTuple):
    """How to derive yuan per unit of a foreign currency from official totals of one period."""

    period: str
    currency: str
    yuan: tuple[str, ...]
    foreign: tuple[str, ...]


class LazyFigures(Protocol):
    """Figures kept in their stored form and decoded one at a time when asked for (tradecli.snapshot).

    A look-up by id decodes only the figures it returns, so `show ID` on a 100,000-figure dataset
    builds a handful of Figure objects rather than all of them.
    """

    def at(self, index: int) -> Figure: ...  # the figure at this position, in file order

    def all(self) -> tuple[Figure, ...]: ...

    def ids(self) -> list[str]: ...  # every figure's id, in file order, without decoding the figures

    def periods(self) -> list[str]: ...  # the periods figures belong to, in file order, each once


class Dataset:
    """A validated collection of figures with its units, sources and relations."""

    __slots__ = (
        "_by_id",
        "_figures",
        "_lazy",
        "comparison_period",
        "currency",
        "date",
        "path",
        "period",
        "rates",
        "relations",
        "rounding",
        "sections",
        "title",
        "total_id",
        "units",
        "version",
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
        figures: tuple[Figure, ...] = (),
        lazy: LazyFigures | None = None,
        relations: tuple[Relation, ...] = (),
        total_id: str | None = None,
        rounding: Rounding = DEFAULT_ROUNDING,
        words: Words = NO_WORDS,
        currency: str | None = None,
        rates: tuple[Rate, ...] = (),
        version: str | None = None,
        date: str | None = None,
    ) -> None:
        self.path = path
        self.title = title
        self.period = period
        self.comparison_period = comparison_period
        self.sections = sections
        self.units = units
        self._figures: tuple[Figure, ...] | None = figures if lazy is None else None
        self._lazy = lazy  # figures decoded on first use (a cached dataset: tradecli.snapshot)
        self._by_id: dict[str, list[int]] | None = None
        self.relations = relations
        self.total_id = total_id
        self.rounding = rounding
        self.words = words
        self.currency = currency  # of growth rates stated without a value (e.g. December import growth)
        self.rates = rates
        self.version = version  # of the data, e.g. "2025.1"; None when the file does not say
        self.date = date  # the data's as-of date (ISO), e.g. the briefing's "2026-01-14"

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure, in file order (a cached dataset decodes them all on first use of this)."""
        if self._figures is None:
            assert self._lazy is not None
            self._figures = self._lazy.all()
        return self._figures

    @figures.setter
    def figures(self, figures: tuple[Figure, ...]) -> None:
        self._figures, self._lazy, self._by_id = figures, None, None

    def _figure_at(self, index: int) -> Figure:
        return self._lazy.at(index) if self._lazy is not None else self.figures[index]

    def _positions(self, figure_id: str) -> list[int]:
        """Where the figures with this id are, in file order; the index is built on first use
        (from the ids alone for a cached dataset: a look-up decodes only the figures it returns)."""
        if self._by_id is None:
            ids = self._lazy.ids() if self._lazy is not None else [f.id for f in self.figures]
            by_id: dict[str, list[int]] = {}
            for index, each in enumerate(ids):
                by_id.setdefault(each, []).append(index)
            self._by_id = by_id
        return self._by_id.get(figure_id, [])

    def get(self, figure_id: str, period: str | None = None) -> Figure | None:
        """The figure with this id in this period (default: the dataset's period, or its only one)."""
        candidates = self.versions(figure_id)
        if period is not None:
            return next((f for f in candidates if f.period == period), None)
        found = next((f for f in candidates if f.period == self.period), None)
        if found is not None:
            return found
        return candidates[0] if len(candidates) == 1 else None

    def versions(self, figure_id: str) -> list[Figure]:
        """Every figure with this id, one per period, in file order."""
        return [self._figure_at(index) for index in self._positions(figure_id)]

    def related(self, figure: Figure, figure_id: str | None) -> Figure | None:
        """The figure a reference names: in the same period if it has one there, else by id alone."""
        if not figure_id:
            return None
        return self.get(figure_id, figure.period) or self.get(figure_id)

    def restricted(self, figures: tuple[Figure, ...]) -> "Dataset":
        """The same dataset with only these figures (a period or tier view)."""
        from copy import copy

        view = copy(self)
        view.figures = figures
        return view

    @property
    def periods(self) -> tuple[str, ...]:
        """The periods figures belong to, in file order."""
        if self._lazy is not None:
            return tuple(dict.fromkeys(self._lazy.periods()))
        return tuple(dict.fromkeys(f.period for f in self.figures))

    def total_for(self, figure: Figure) -> Figure | None:
        """The total of the figure's own period, for its share of total."""
        return self.related(figure, self.total_id)

    def unit(self, unit: str | None) -> Unit | None:
        """The declared unit of this name, if any."""
        return self.units.get(unit) if unit else None

    def unit_kind(self, unit: str | None) -> str | None:
        """The kind of a declared unit (amount, count, ...), or None."""
        declared = self.units.get(unit) if unit else None
        return declared.kind if declared else None
