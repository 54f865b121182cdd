"""Writes workflow/data/common_passwords.txt: the 10,000 most common passwords, most common first.

Run from the repository root with zxcvbn installed (`pip install zxcvbn==4.5.0`, MIT licence; its list is the
frequency-ordered password list it ships): `.venv/bin/python -m tools.build_password_list`. The app reads only the
committed text file; zxcvbn is not a runtime dependency.
"""

from __future__ import annotations

from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "workflow" / "data" / "common_passwords.txt"
COUNT = 10_000


def main() -> None:
    """Regenerate the list."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    words = list(dict.fromkeys(w.strip().lower() for w in FREQUENCY_LISTS["passwords"] if w.strip()))[:COUNT]
    header = "# The 10,000 most common passwords (zxcvbn 4.5.0, MIT), one per line; tools/build_password_list.py\n"
    OUTPUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {len(words)} паролей")


if __name__ == "__main__":
    main()
