/**
 * The PyTorch script's Python literals and its data section: the built-in sets
 * regenerated with the app's generators (src/model/datasets.ts), iris and the
 * digits embedded, a CSV file read beside the model as the app reads it, inline
 * data as it is. Pure text; pytorch.ts puts the script together.
 */
import { BUILTIN_DATASETS, DIGITS_MAX } from '../model/datasets';
import { DIGITS_CSV } from '../model/data/digits';
import { IRIS_CSV } from '../model/data/iris';
import type { DataSpec } from '../model/types';
import { PY_CSV } from './pytorch-runtime';

// Python literals -------------------------------------------------------------

/** A JSON-like value as Python source: dicts and lists indented, rows of numbers on one line. */
export function pyLiteral(value: unknown, indent = 0): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'float("nan")';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return 'None';
  // Short values on one line: {"x": 0, "y": 0}, rows of numbers.
  const flat = Array.isArray(value)
    ? `[${value.map((v) => pyLiteral(v, Infinity)).join(', ')}]`
    : `{${Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${JSON.stringify(k)}: ${pyLiteral(v, Infinity)}`)
        .join(', ')}}`;
  if (indent === Infinity || indent + flat.length <= 88) return flat;
  const pad = ' '.repeat(indent + 4);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'number')) return flat;
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => pad + pyLiteral(v, indent + 4)).join(',\n')},\n${' '.repeat(indent)}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined,
  );
  if (entries.length === 0) return '{}';
  const items = entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${pyLiteral(v, indent + 4)}`);
  return `{\n${items.join(',\n')},\n${' '.repeat(indent)}}`;
}

/** A Python string literal; triple-quoted for multi-line text without quotes or backslashes. */
export function pyText(text: string): string {
  if (text.includes('\n') && !/["\\]/.test(text)) return `"""${text}"""`;
  return JSON.stringify(text);
}

// Data ------------------------------------------------------------------------

/** The body of the loop that generates one sample of a built-in set (src/model/datasets.ts). */
const GENERATORS: Record<Exclude<keyof typeof BUILTIN_DATASETS, 'iris' | 'digits'>, string> = {
  article: `xr = [float(rng.int(2)) for _ in range(3)]
yr = [xr[0]]
xr = [v + jitter() for v in xr]`,
  xor: `a = rng.uniform(-1, 1)
b = rng.uniform(-1, 1)
yr = [1.0 if a * b < 0 else 0.0]
xr = [a + jitter(), b + jitter()]`,
  circle: `# Half the points inside radius 0.5, half in the ring outside it.
inside = i % 2 == 0
r = 0.5 * math.sqrt(rng.next()) if inside else math.sqrt(0.25 + 0.75 * rng.next())
a = rng.uniform(0, 2 * math.pi)
xr = [r * math.cos(a) + jitter(), r * math.sin(a) + jitter()]
yr = [1.0 if inside else 0.0]`,
  gauss: `c = i % 2
centre = 0.5 if c == 1 else -0.5
spread = 0.25 + noise
xr = [centre + spread * rng.normal(), centre + spread * rng.normal()]
yr = [float(c)]`,
  spiral: `c = i % 2
t = rng.next()
r = 0.05 + 0.95 * t
a = 3 * math.pi * t + c * math.pi
xr = [r * math.sin(a) + jitter(), r * math.cos(a) + jitter()]
yr = [float(c)]`,
  sine: `v = rng.uniform(-math.pi, math.pi)
xr = [v]
yr = [math.sin(v) + jitter()]`,
  plane: `a = rng.uniform(-1, 1)
b = rng.uniform(-1, 1)
xr = [a, b]
yr = [0.5 * a - 0.3 * b + 0.2 + jitter()]`,
};

const FEATURE_NAMES: Record<string, string[]> = {
  article: ['x1', 'x2', 'x3'],
  sine: ['x'],
};

/** Joins a CSV path named relative to the model file onto that file's folder. */
function besideModel(modelPath: string | undefined, csvPath: string): string {
  if (!modelPath || /^([A-Za-z]:)?[\\/]/.test(csvPath)) return csvPath;
  const cut = Math.max(modelPath.lastIndexOf('/'), modelPath.lastIndexOf('\\'));
  return cut < 0 ? csvPath : `${modelPath.slice(0, cut + 1)}${csvPath}`;
}

function irisSection(common: string): string {
  return `${PY_CSV.trim()}


# Fisher's iris table, as the app has it built in.
IRIS_CSV = ${pyText(IRIS_CSV)}


def load_data():
    """The built-in iris data: 4 measurements, species one-hot; features standardised, as the app does."""
    spec = DOCUMENT["data"]
    features = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    x, y, targets, classes = read_csv_table(IRIS_CSV, features, ["species"], True, "iris")
    return Data(x, y, features, targets, classes, ${common}, standardize=True)`;
}

function digitsSection(common: string): string {
  return `${PY_CSV.trim()}


# The 8 x 8 handwritten digits (UCI optdigits, via scikit-learn), as the app has them built in:
# pixels r0c0 ... r7c7 row by row, counts 0..16, then the digit.
DIGITS_CSV = ${pyText(DIGITS_CSV)}


def load_data():
    """The built-in digits: 64 pixels divided by ${DIGITS_MAX} (0..1), the digit one-hot; not standardised, as the app does."""
    spec = DOCUMENT["data"]
    features = [f"r{r}c{c}" for r in range(8) for c in range(8)]
    x, y, targets, classes = read_csv_table(DIGITS_CSV, features, ["digit"], True, "digits")
    x = [[v / ${DIGITS_MAX} for v in row] for row in x]
    return Data(x, y, features, targets, classes, ${common}, standardize=False)`;
}

export function dataSection(spec: DataSpec, modelPath: string | undefined): string {
  const common = `spec.get("validation", 0), spec.get("seed", 1)`;
  if ('builtin' in spec && spec.builtin === 'iris') return irisSection(common);
  if ('builtin' in spec && spec.builtin === 'digits') return digitsSection(common);
  if ('builtin' in spec && spec.builtin !== 'iris' && spec.builtin !== 'digits') {
    const info = BUILTIN_DATASETS[spec.builtin];
    const body = GENERATORS[spec.builtin]
      .split('\n')
      .map((l) => `        ${l}`)
      .join('\n');
    const features = FEATURE_NAMES[spec.builtin] ?? ['x1', 'x2'];
    return `def load_data():
    """The built-in data set ${JSON.stringify(spec.builtin)}, generated from its seed as the app does (src/model/datasets.ts)."""
    spec = DOCUMENT["data"]
    m = int(spec.get("samples", ${info.defaultSamples}))
    noise = spec.get("noise", ${info.defaultNoise})
    rng = Rng(spec.get("seed", 1))

    def jitter():
        return noise * rng.normal() if noise > 0 else 0

    x, y = [], []
    for i in range(m):
${body}
        x.append(xr)
        y.append(yr)
    return Data(x, y, ${pyLiteral(features)}, ["y"], None, ${common}, standardize=False)`;
  }
  if ('csv' in spec) {
    return `${PY_CSV.trim()}


# The CSV file, as the app reads it (relative paths are from this script's folder).
DATA_PATH = ${JSON.stringify(besideModel(modelPath, spec.csv))}


def csv_path():
    return DATA_PATH if os.path.isabs(DATA_PATH) else os.path.join(HERE, DATA_PATH)


def load_data():
    """The document's CSV: its feature and target columns, split and standardised as the app does."""
    spec = DOCUMENT["data"]
    try:
        with open(csv_path(), encoding="utf-8") as f:
            text = f.read()
    except OSError as error:
        sys.exit(f"cannot read the data {csv_path()}: {error}")
    x, y, targets, classes = read_csv_table(text, spec["features"], spec["targets"],
                                            spec.get("categorical", False), csv_path())
    return Data(x, y, spec["features"], targets, classes, ${common},
                standardize=spec.get("standardize", False) is True)`;
  }
  return `def load_data():
    """The document's own rows (data.inline), split and standardised as the app does."""
    spec = DOCUMENT["data"]
    inline = spec["inline"]
    x = [[float(v) for v in row] for row in inline["x"]]
    y = [[float(v) for v in row] for row in inline["y"]]
    features = inline.get("features", [f"x{j + 1}" for j in range(len(x[0]))])
    targets = inline.get("targets", ["y"] if len(y[0]) == 1 else [f"y{j + 1}" for j in range(len(y[0]))])
    return Data(x, y, features, targets, inline.get("classes"), ${common},
                standardize=spec.get("standardize", False) is True)`;
}
