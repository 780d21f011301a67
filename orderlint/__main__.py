"""`python -m orderlint`: the command line."""

from validator.cli import main

main()
