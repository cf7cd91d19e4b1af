"""The command line (`python -m model ...`): the same model, no UI."""
