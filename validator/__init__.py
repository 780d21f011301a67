"""orderlint: says before an order is sent whether the venue would reject it, and why.

Public API (DESIGN section 8)::

    from validator import Validator, load_markets
    v = Validator(markets=load_markets("symbols.json"))   # or Validator(): the shipped snapshots
    result = v.check(request, venue=VENUE_ID, operation=OPERATION_ID, now=None)   # `orderlint venues` lists both
    session = v.session()   # the same checks, plus reuse of client order ids across orders

Exceptions: ``OrderRejected`` (raised by ``Result.raise_for_errors``) for a rejected request;
``DataFileError`` for broken data files (rules, schemas, venue manifests, markets) at construction.
"""

from .engine import Validator
from .datafiles import DataFileError
from .diagnostics import Diagnostic, Fix, OrderRejected, Result
from .markets import MarketInfo, Markets, load_markets
from .session import Session

__all__ = ["Validator", "load_markets", "Markets", "MarketInfo", "Result", "Diagnostic", "Fix", "OrderRejected", "DataFileError", "Session"]
__version__ = "0.1.0"
