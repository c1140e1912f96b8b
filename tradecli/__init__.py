"""tradecli: look up, filter, compare and check China's 2025 foreign-trade statistics.

Kept to a version string so that importing the package stays cheap on the lookup hot path.
"""

__version__ = "0.1.0"
