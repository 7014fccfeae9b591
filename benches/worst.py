"""Writes the largest assessments iso20k accepts (README, "Input limits"), for
benches/bounds.sh: each is just under 16 MiB or at the 1,000,000-value limit.

    python3 benches/worst.py BASE.yaml OUT_DIR

BASE.yaml is an assessment as `iso20k init` writes it for the built-in catalogue.
"""
import os
import re
import sys

base, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
text = open(base).read()
LIMIT = 16 * 1024 * 1024
ids = re.findall(r"^  (\S+): ~$", text, re.M)
head = text[: text.index("answers:\n") + len("answers:\n")]

# Every requirement with 200 evidence references (the per-answer limit), filling 16 MiB.
per = (LIMIT - 200_000) // (len(ids) * 200) - 8
with open(f"{out}/evidence.yaml", "w") as f:
    f.write(head)
    for n, rid in enumerate(ids):
        f.write(f"  {rid}:\n    rating: partial\n    note: seen\n    evidence:\n")
        for k in range(200):
            f.write(f"      - {('r%d-%d-' % (n, k)).ljust(per, 'x')}\n")

# 240,000 answers to ids the catalogue does not know: 960,000 values.
with open(f"{out}/entries.yaml", "w") as f:
    f.write(head)
    for i in range(240_000):
        f.write(f"  u{i:07d}:\n    rating: none\n")

# Every requirement with the longest note, and long gap, action and owner texts.
t = ("word " * 4000)[:19_999]
with open(f"{out}/texts.yaml", "w") as f:
    f.write(head)
    for rid in ids:
        f.write(
            f'  {rid}:\n    rating: partial\n    note: "{t}"\n    gap: "{t[:3000]}"\n'
            f'    action:\n      what: "{t[:3000]}"\n      owner: Ann\n      due: 2027-01-31\n'
        )

for name in ("evidence", "entries", "texts"):
    print(name, os.path.getsize(f"{out}/{name}.yaml"), "bytes")
