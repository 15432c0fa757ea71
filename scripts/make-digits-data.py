#!/usr/bin/python3
"""Writes the built-in handwritten digits data set from scikit-learn's copy.

scikit-learn ships the 1,797 8 × 8 digit images (the test part of UCI's
"Optical Recognition of Handwritten Digits", E. Alpaydin and C. Kaynak,
1998) as sklearn/datasets/data/digits.csv.gz: one image a line, 64 pixel
counts 0..16 row by row, then the digit. This script writes

- src/model/data/digits.csv: the same rows under a header naming each pixel
  by row and column (r0c0 … r7c7, then `digit`), so the file also opens as an
  ordinary CSV;
- src/model/data/digits.ts: that text as a string (DIGITS_CSV), for code
  without a file system (the renderer). A test keeps the two identical.

Run with Debian's scikit-learn (apt-get install python3-sklearn):

    /usr/bin/python3 scripts/make-digits-data.py

The numbers are copied unchanged (integers); the app divides them by 16 when
it loads the set (src/model/datasets.ts).
"""
import gzip
import os

import sklearn
import sklearn.datasets

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "src", "model", "data")
SOURCE = os.path.join(os.path.dirname(sklearn.datasets.__file__), "data", "digits.csv.gz")
SIDE = 8


def read_rows():
    with gzip.open(SOURCE, "rt", encoding="ascii") as f:
        rows = [line.strip().split(",") for line in f if line.strip()]
    for row in rows:
        values = [float(v) for v in row]
        assert len(values) == SIDE * SIDE + 1, f"a row has {len(values)} values"
        assert all(v == int(v) for v in values), "a value is not an integer"
        assert all(0 <= v <= 16 for v in values[:-1]), "a pixel is outside 0..16"
        assert 0 <= values[-1] <= 9, "a label is not a digit"
    return [[str(int(float(v))) for v in row] for row in rows]


def main():
    rows = read_rows()
    # The same numbers as load_digits(), the way most people meet this set.
    digits = sklearn.datasets.load_digits()
    assert len(rows) == len(digits.target) == 1797
    for row, image, label in zip(rows, digits.data, digits.target):
        assert [int(v) for v in row[:-1]] == [int(v) for v in image]
        assert int(row[-1]) == int(label)

    header = [f"r{r}c{c}" for r in range(SIDE) for c in range(SIDE)] + ["digit"]
    text = "".join(",".join(cells) + "\n" for cells in [header] + rows)
    with open(os.path.join(OUT, "digits.csv"), "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    with open(os.path.join(OUT, "digits.ts"), "w", encoding="utf-8", newline="\n") as f:
        f.write(
            "/**\n"
            " * The 8 × 8 handwritten digits (1,797 images, 10 classes), the same text as\n"
            " * digits.csv beside it, so that code without a file system (the renderer) can\n"
            " * load it. Pixels are counts 0..16 (of 4 × 4 blocks of a 32 × 32 bitmap), row\n"
            " * by row (r0c0 … r7c7), then the digit. Written by scripts/make-digits-data.py\n"
            f" * from scikit-learn {sklearn.__version__}'s digits.csv.gz; sources and licence\n"
            " * in README.md here. A test keeps this and digits.csv identical.\n"
            " */\n"
            f"export const DIGITS_CSV = `{text}`;\n"
        )
    print(f"wrote {len(rows)} images to {os.path.relpath(OUT, ROOT)}/digits.csv and digits.ts")


if __name__ == "__main__":
    main()
