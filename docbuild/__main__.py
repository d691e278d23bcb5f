"""`python -m docbuild` runs the command line."""

from docbuild.cli import main

raise SystemExit(main())
