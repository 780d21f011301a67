"""orderlint under its own name: `import orderlint` is the same API as `import validator`.

The implementation package is `validator` (the project's fixed layout); PyPI also has an unrelated package
named `validator`, and installing it beside orderlint replaces ours under that name. `orderlint` cannot be
taken that way, so code that must not depend on what else is installed imports from here.
"""

from validator import *  # noqa: F403
from validator import __all__, __version__  # noqa: F401
