from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
EXAMPLES = ROOT / "questionnaires" / "examples"
