"""tradecli: look up, filter, compare and check China's 2025 foreign-trade statistics.

The Python API (README, "Python API") is loaded on first use of one of its names, through the
module's __getattr__: `import tradecli` stays a version string, so the CLI's lookup hot path
pays nothing for it.

    >>> import tradecli
    >>> tradecli.load().get("exports")["value"]
    Decimal('26.99')
"""

# No imports here: the console script imports this package before tradecli.__main__ takes over
# Ctrl-C, so the less this module does, the smaller the window in which Python prints a traceback.
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~9 ms) for the version string

__version__ = "0.1.0"

# Public name -> the module defining it. Nothing else is public API.
_EXPORTS = {
    "load": "tradecli.api",
    "TradeData": "tradecli.api",
    "Checked": "tradecli.api",
    "Comparison": "tradecli.derive",
    "TradecliError": "tradecli.errors",
    "UsageError": "tradecli.errors",
    "DatasetError": "tradecli.errors",
    "TradecliNote": "tradecli.errors",
}

__all__ = [
    "Checked",
    "Comparison",
    "DatasetError",
    "TradeData",
    "TradecliError",
    "TradecliNote",
    "UsageError",
    "__version__",
    "load",
]

if TYPE_CHECKING:
    from tradecli.api import Checked, TradeData, load
    from tradecli.derive import Comparison
    from tradecli.errors import DatasetError, TradecliError, TradecliNote, UsageError


def __getattr__(name: str) -> object:
    """Import an API name's module on first use (PEP 562), then keep the name here."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tradecli' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The API's names beside the module's own, for completion in an interactive session."""
    return sorted({*globals(), *_EXPORTS})
