"""``python -m sanctions_kg`` runs the ``skg`` command line."""

from sanctions_kg.cli import main

main()
