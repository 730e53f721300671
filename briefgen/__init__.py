"""briefgen: a static site generator for briefings."""

from briefgen.native import use_compiled

__version__ = "0.1.0"

use_compiled(__path__)  # the analysis modules compiled to C, where built (native.py)
