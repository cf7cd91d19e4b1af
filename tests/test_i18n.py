"""Every UI string exists in Chinese and English, with the same placeholders, and none is missing."""

import re
import string
from pathlib import Path

from ui.i18n import strings

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "app.py", *sorted(p for d in ("pages", "ui", "reporting") for p in (ROOT / d).glob("*.py"))]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_with_the_same_placeholders():
    for key, texts in strings().items():
        assert set(texts) == {"zh", "en"}, key
        assert texts["zh"].strip() and texts["en"].strip(), key
        assert placeholders(texts["zh"]) == placeholders(texts["en"]), key


def test_every_key_used_in_code_exists_and_every_key_is_used():
    code = "\n".join(path.read_text(encoding="utf-8") for path in SOURCES)
    used = set(re.findall(r"\bt\(\s*[\"']([a-z0-9_]+)[\"']", code))
    missing = used - set(strings())
    assert not missing, f"keys used but not defined: {missing}"
    literals = set(re.findall(r"[\"']([a-z0-9_]+)[\"']", code))
    prefixes = re.findall(r"t\(f\"([a-z0-9_]+)\{", code)
    unused = [k for k in strings() if k not in literals and not any(k.startswith(p) for p in prefixes)]
    assert not unused, f"keys defined but never used: {unused}"
