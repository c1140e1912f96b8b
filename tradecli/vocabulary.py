"""Vocabularies with meaning in code: a value basis lets us derive prior-year values, a qualifier
turns a number into a bound. Units and sections are declared in the data.

Apart from tradecli.model so that defining the command line's options (their help names the flows)
does not load the figure model and decimal: `tradecli --help` needs neither.
"""

FLOWS = ("total", "exports", "imports", "balance")
BASES = ("value", "volume", "price")
TIERS = ("briefing", "reported")
QUALIFIERS = ("exact", "more than", "about", "nearly", "at least", "less than")
UNIT_KINDS = ("amount", "quantity", "count", "duration", "rank", "percent")
# Kinds whose values add up (parts of a whole) and grow from an implied prior value: money, and
# physical quantities such as tonnes.
ADDITIVE_KINDS = ("amount", "quantity")
RELATION_KINDS = ("sum", "disjoint", "difference")
