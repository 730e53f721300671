"""The default theme, installed as the package briefgen.theme."""
