"""Questionnaire content: the pydantic schemas and the YAML loader that validates them."""
