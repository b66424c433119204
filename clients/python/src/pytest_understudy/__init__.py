"""pytest-understudy: the understudy mock staging backend as a pytest fixture.

Install it and a test gets the session-scoped ``understudy`` fixture (see :class:`Understudy`); the plugin registers
itself through the ``pytest11`` entry point.
"""

from ._staging import mint_hs256
from ._understudy import Added, Understudy
from .errors import UnderstudyError

__all__ = ["Added", "Understudy", "UnderstudyError", "mint_hs256"]
__version__ = "0.1.0.dev0"
