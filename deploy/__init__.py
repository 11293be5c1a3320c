"""Several copies of the app behind nginx: `make cluster`, and the configuration it runs."""
