/**
 * The parts of an exported PyTorch script that do not depend on the graph:
 * the app's random generator, data loading, losses, the training loop and
 * the command line, in Python. Each is a port of the TypeScript it names, so
 * the script trains on the same numbers with the same arithmetic
 * (src/engine/random.ts, src/model/data.ts, src/engine/losses.ts,
 * src/engine/train.ts). `pytorch.ts` assembles them around the generated
 * nn.Module.
 *
 * String.raw keeps Python's backslashes as written.
 */

/** mulberry32 and Box–Muller, as src/engine/random.ts: the same seed gives the same numbers. */
export const PY_RNG = String.raw`
class Rng:
    """The app's seeded generator (mulberry32, src/engine/random.ts), number for number."""

    def __init__(self, seed):
        self.state = (int(seed) & 0xFFFFFFFF) ^ 0x6D2B79F5
        self.spare = None

    def next(self):
        """Uniform in [0, 1)."""
        self.state = (self.state + 0x6D2B79F5) & 0xFFFFFFFF
        t = self.state
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    def uniform(self, lo, hi):
        return lo + (hi - lo) * self.next()

    def normal(self):
        """Standard normal (Box-Muller), keeping the second value for the next call."""
        if self.spare is not None:
            s, self.spare = self.spare, None
            return s
        u = 1 - self.next()
        v = self.next()
        r = math.sqrt(-2 * math.log(u))
        self.spare = r * math.sin(2 * math.pi * v)
        return r * math.cos(2 * math.pi * v)

    def int(self, n):
        return math.floor(self.next() * n)

    def shuffle(self, a):
        """Fisher-Yates, in place."""
        for i in range(len(a) - 1, 0, -1):
            j = self.int(i + 1)
            a[i], a[j] = a[j], a[i]
`;

/** CSV reading as src/model/csv.ts decides what cells mean (header row, numbers, one-hot categories). */
export const PY_CSV = String.raw`
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def read_csv_table(text, features, targets, categorical, where):
    """Features and targets of a CSV text: the header names the columns; categories become one-hot."""
    if text.startswith("\ufeff"):
        text = text[1:]
    rows = [(line, cells) for line, cells in enumerate(csv.reader(io.StringIO(text)), start=1)
            if any(c.strip() for c in cells)]
    if not rows:
        sys.exit(f"{where}: the CSV is empty: it needs a header row and at least one data row")
    header = [c.strip() for c in rows[0][1]]
    rows = rows[1:]

    def column(name):
        if name not in header:
            sys.exit(f'{where}: column "{name}" is not in the header (its columns: {", ".join(header)})')
        return header.index(name)

    def number(line, cells, c):
        cell = cells[c].strip() if c < len(cells) else None
        if cell is None or not NUMBER.match(cell) or not math.isfinite(float(cell)):
            sys.exit(f'{where}: line {line}, column "{header[c]}": {cell!r} is not a number')
        return float(cell)

    fcols = [column(n) for n in features]
    tcols = [column(n) for n in targets]
    x = [[number(line, cells, c) for c in fcols] for line, cells in rows]
    if not categorical:
        y = [[number(line, cells, c) for c in tcols] for line, cells in rows]
        return x, y, list(targets), None
    labels = [cells[tcols[0]].strip() if tcols[0] < len(cells) else "" for _, cells in rows]
    classes = list(dict.fromkeys(label for label in labels if label != ""))
    y = [[1.0 if label == c else 0.0 for c in classes] for label in labels]
    return x, y, [f"{targets[0]}={c}" for c in classes], classes
`;

/** Validation split and standardisation, as src/model/data.ts `finish`. */
export const PY_DATA = String.raw`
class Data:
    """The document's data as the app loads it: every row, the training and validation rows, scaling."""

    def __init__(self, x, y, feature_names, target_names, classes, validation, seed, standardize):
        m = len(x)
        n_val = min(m - 1, math.floor(m * validation + 0.5))
        order = list(range(m))
        if n_val > 0:
            Rng(int(seed) ^ 0x5BD1E995).shuffle(order)
        train_rows = sorted(order[: m - n_val]) if n_val > 0 else order
        val_rows = sorted(order[m - n_val:]) if n_val > 0 else []
        self.mean = self.std = None
        if standardize:
            # Statistics of the training rows only, accumulated as the app does.
            f = len(x[0])
            n = len(train_rows)
            mean = [0.0] * f
            var = [0.0] * f
            for r in train_rows:
                for j in range(f):
                    mean[j] += x[r][j] / n
            for r in train_rows:
                for j in range(f):
                    var[j] += (x[r][j] - mean[j]) ** 2 / n
            self.mean = mean
            self.std = [math.sqrt(v) if v > 0 else 1.0 for v in var]
        self.x = self.scale(torch.tensor(x))
        self.y = torch.tensor(y)
        self.train = (self.x[train_rows], self.y[train_rows])
        self.validation = (self.x[val_rows], self.y[val_rows]) if val_rows else None
        self.feature_names = feature_names
        self.target_names = target_names
        self.classes = classes

    def scale(self, x):
        """Raw rows to what the network takes: (x - mean) / std when the data is standardised."""
        if self.mean is None:
            return x
        return (x - torch.tensor(self.mean)) / torch.tensor(self.std)
`;

/** Losses with the app's gradients, exactly (src/engine/losses.ts), and accuracy. */
export const PY_LOSS = String.raw`
TINY = 1e-15  # keeps log() finite where a prediction reaches 0 or 1, as the app does


def loss_sum(fn, a, y):
    """Sum over the rows of each row's loss: the app's loss is this over m (cross-entropy) or m*w."""
    if fn == "mse":
        return ((a - y) ** 2).sum()
    if fn == "bce":
        return -(y * torch.log(a.clamp_min(TINY)) + (1 - y) * torch.log((1 - a).clamp_min(TINY))).sum()
    return -torch.where(y != 0, y * torch.log(a.clamp_min(TINY)), torch.zeros_like(a)).sum()


class AppLoss(torch.autograd.Function):
    """The loss over a batch of 'count' rows and its gradient as src/engine/losses.ts computes them.

    mse: L = sum((a - y)^2) / (m w), dL/da = 2 (a - y) / (m w)
    bce: L = -sum(y log a + (1 - y) log(1 - a)) / (m w), dL/da = (a - y) / (a (1 - a) m w)
    cross_entropy: L = -sum(y log p) / m, dL/dp = -y / (m p)
    With 'fused' (softmax feeding cross-entropy) the input is z, the softmax's input,
    and dL/dz = (p - y) / m. 'count' is the rows of the whole batch: a process of a
    distributed run sees only its share, and the shares' losses add up to the batch's.
    """

    @staticmethod
    def forward(ctx, a, y, fn, count, fused):
        p = torch.softmax(a, dim=1) if fused else a
        n = count if fn == "cross_entropy" else count * a.shape[1]
        ctx.save_for_backward(p, y)
        ctx.fn, ctx.n, ctx.count, ctx.fused = fn, n, count, fused
        return loss_sum(fn, p, y) / n

    @staticmethod
    def backward(ctx, g):
        p, y = ctx.saved_tensors
        fn, n = ctx.fn, ctx.n
        if ctx.fused:
            grad = (p - y) / ctx.count
        elif fn == "mse":
            grad = 2 * (p - y) / n
        elif fn == "bce":
            q = p.clamp(TINY, 1 - TINY)
            grad = (q - y) / (q * (1 - q) * n)
        else:
            grad = torch.where(y == 0, torch.zeros_like(p), -y / (n * p.clamp_min(TINY)))
        return g * grad, None, None, None, None


def correct_count(fn, a, y):
    """Correct predictions in a batch: the largest probability names the class; for bce a > 0.5 means 1."""
    if fn == "mse":
        return 0
    if fn == "cross_entropy":
        return int((a.argmax(dim=1) == y.argmax(dim=1)).sum())
    return int(((a > 0.5) == (y > 0.5)).all(dim=1).sum())
`;

/** The training loop, distributed set-up and the command line (src/engine/train.ts, src/cli/commands.ts). */
export const PY_MAIN = String.raw`
class AppOrderSampler(DistributedSampler):
    """A DistributedSampler that keeps the app's order of samples.

    Each epoch the training rows are shuffled by the app's generator (not for full
    batch) and cut into the app's batches; every process takes its share of every
    batch. One process therefore takes exactly the app's steps, and N processes
    together take the same steps, each on 1/N of every batch.
    """

    def __init__(self, m, batch_size, seed, shuffle, num_replicas, rank):
        super().__init__(range(m), num_replicas=num_replicas, rank=rank, shuffle=False)
        self.m = m
        self.batch_size = batch_size
        self.shuffled = shuffle
        self.rng = Rng(int(seed) ^ 0x5BD1E995)
        self.order = list(range(m))
        if shuffle:
            self.rng.shuffle(self.order)

    def batches(self):
        """This epoch's batches: (this process's rows, the rows of the whole batch)."""
        for start in range(0, self.m, self.batch_size):
            rows = self.order[start: start + self.batch_size]
            yield rows[self.rank:: self.num_replicas], len(rows)

    def __iter__(self):
        return iter([r for rows, _ in self.batches() for r in rows])

    def __len__(self):
        return len(list(iter(self)))

    def next_epoch(self):
        """Reshuffles for the next epoch, as the app's Trainer does after each one."""
        if self.shuffled:
            self.rng.shuffle(self.order)


def batch_size(batch, m):
    if batch == "full":
        return m
    if batch == "stochastic":
        return 1
    return max(1, min(int(batch["miniBatch"]), m))


def make_optimizer(net, t):
    """The app's optimizer: L2 (t["l2"]) adds l2 * W to the weights' gradients, not the biases'."""
    weights = [layer.weight for layer in net.dense_layers()]
    biases = [layer.bias for layer in net.dense_layers() if layer.bias is not None]
    groups = [{"params": weights, "weight_decay": t.get("l2", 0)}]
    if biases:
        groups.append({"params": biases, "weight_decay": 0.0})
    lr = t["learningRate"]
    if t["optimizer"] == "sgd":
        return torch.optim.SGD(groups, lr=lr)
    if t["optimizer"] == "momentum":
        return torch.optim.SGD(groups, lr=lr, momentum=t.get("momentum", 0.9))
    betas = (t.get("beta1", 0.9), t.get("beta2", 0.999))
    return torch.optim.Adam(groups, lr=lr, betas=betas, eps=t.get("epsilon", 1e-8))


def add_l1(net, t):
    """L1 (t["l1"]) adds l1 * sign(W) to the weights' gradients, not the biases', before the step."""
    l1 = t.get("l1", 0)
    if l1:
        with torch.no_grad():
            for layer in net.dense_layers():
                layer.weight.grad.add_(torch.sign(layer.weight), alpha=l1)


def evaluate(net, rows):
    """Loss and accuracy over a set of rows, in one batch, in inference mode (no dropout)."""
    x, y = rows
    training = net.training
    net.eval()
    with torch.no_grad():
        out = net(x, logits=FUSED)
        loss = float(AppLoss.apply(out, y, LOSS, len(x), FUSED))
        a = torch.softmax(out, dim=1) if FUSED else out
    net.train(training)
    return loss, correct_count(LOSS, a, y) / len(x)


def train(net, data, t, epochs, world, rank, device):
    """Gradient descent as the app's Trainer does it; returns the history records of the epochs."""
    x, y = data.train
    m = len(x)
    sampler = AppOrderSampler(m, batch_size(t["batch"], m), t["seed"], t["batch"] != "full", world, rank)
    model = net
    if world > 1:
        model = DistributedDataParallel(net, device_ids=[device.index] if device.type == "cuda" else None)
    optimizer = make_optimizer(net, t)
    target = t.get("targetLoss")
    net.train()  # dropout drops while training, as in the app
    x, y = x.to(device), y.to(device)
    history = []
    shown = time.monotonic()
    for epoch in range(1, epochs + 1):
        sampler.set_epoch(epoch)
        # Per epoch: the sum of each batch's loss times its rows, correct predictions, rows seen.
        totals = torch.zeros(3, dtype=torch.float64, device=device)
        for rows, count in sampler.batches():
            xb, yb = x[rows], y[rows]
            optimizer.zero_grad()
            out = model(xb, logits=FUSED)
            loss = AppLoss.apply(out, yb, LOSS, count, FUSED)
            # DistributedDataParallel averages the processes' gradients; their losses add up.
            (loss * world).backward()
            add_l1(net, t)
            optimizer.step()
            with torch.no_grad():
                a = torch.softmax(out, dim=1) if FUSED else out
                totals += torch.tensor([float(loss) * count, correct_count(LOSS, a, yb), len(rows)],
                                       device=device)
        if world > 1:
            dist.all_reduce(totals)
        sampler.next_epoch()
        # A process's loss is its share of the batch's loss: the shares add up over the processes.
        weighted, correct, seen = totals.tolist()
        record = {"epoch": FROM_EPOCH + epoch, "loss": weighted / seen}
        if LOSS != "mse":
            record["accuracy"] = correct / seen
        if not math.isfinite(record["loss"]):
            sys.exit(f"training diverged at epoch {epoch}: the loss became {record['loss']}. "
                     f"Lower the learning rate (now {t['learningRate']}) and train again; nothing was written.")
        if data.validation is not None and rank == 0:
            val_loss, val_accuracy = evaluate(net, tuple(v.to(device) for v in data.validation))
            if math.isfinite(val_loss):
                record["valLoss"] = val_loss
            if LOSS != "mse":
                record["valAccuracy"] = val_accuracy
        history.append(record)
        now = time.monotonic()
        if rank == 0 and (epoch == 1 or epoch == epochs or now - shown >= 1):
            shown = now
            parts = [f"epoch {epoch}/{epochs}", f"loss {record['loss']:.6f}"]
            if "accuracy" in record:
                parts.append(f"accuracy {100 * record['accuracy']:.1f}%")
            if "valLoss" in record:
                parts.append(f"validation loss {record['valLoss']:.6f}")
            print("  ".join(parts), flush=True)
        if target is not None and record["loss"] <= target:
            break
    net.eval()
    return history


def get_weights(net):
    """The weights by the document's node ids: W as [units][inputs], b as [units] (zeros without bias)."""
    out = {}
    for node_id, attr in LAYERS.items():
        layer = getattr(net, attr)
        w = layer.weight.detach().cpu()
        b = layer.bias.detach().cpu() if layer.bias is not None else torch.zeros(w.shape[0])
        out[node_id] = {"W": w.tolist(), "b": b.tolist()}
    return out


def set_weights(net, weights):
    with torch.no_grad():
        for node_id, attr in LAYERS.items():
            layer = getattr(net, attr)
            layer.weight.copy_(torch.tensor(weights[node_id]["W"]))
            if layer.bias is not None:
                layer.bias.copy_(torch.tensor(weights[node_id]["b"]))


def write_model(path, net, history, t, epochs_done, started, started_clock):
    """The document with the trained weights, its history and this run, as a .bpmodel the app opens."""
    doc = json.loads(json.dumps(DOCUMENT))
    doc["training"] = t
    doc["weights"] = get_weights(net)
    doc["history"] = doc.get("history", []) + [dict(r, run=RUN_ID) for r in history]
    doc["runs"] = doc.get("runs", []) + [{
        "id": RUN_ID,
        "started": started,
        "optimizer": t["optimizer"],
        "learningRate": t["learningRate"],
        "batch": t["batch"],
        "fromEpoch": FROM_EPOCH,
        "epochs": epochs_done,
        **({"finalLoss": history[-1]["loss"]} if history else {}),
        "durationMs": round(1000 * (time.monotonic() - started_clock)),
        "end": "done",
    }]
    target = os.path.abspath(path)
    if "csv" in doc["data"]:
        # The CSV stays where it is; the new file names it relative to its own folder.
        doc["data"]["csv"] = os.path.relpath(csv_path(), os.path.dirname(target)).replace(os.sep, "/")
    temporary = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1, ensure_ascii=False)
            f.write("\n")
        os.replace(temporary, target)
    except OSError as error:
        sys.exit(f"--out: cannot write {path}: {error.strerror or error}")


def read_rows(path, features):
    """Rows to predict on: a JSON array of rows of raw feature values (or one flat row)."""
    try:
        with open(path, encoding="utf-8") as f:
            rows = json.load(f)
    except (OSError, ValueError) as error:
        sys.exit(f"--predict: cannot read {path}: {error}")
    if isinstance(rows, list) and rows and all(isinstance(v, (int, float)) for v in rows):
        rows = [rows]
    if not isinstance(rows, list) or not rows:
        sys.exit(f"--predict: {path} must be a non-empty array of rows, each an array of {features} numbers")
    for r, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != features or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in row):
            sys.exit(f"--predict: {path}[{r}] must be an array of {features} numbers (the model's features)")
    return rows


def distributed_setup():
    """(world size, rank, device): from torchrun's or your own RANK / WORLD_SIZE / MASTER_ADDR / MASTER_PORT."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world <= 1:
        return 1, 0, torch.device("cpu")
    cuda = torch.cuda.is_available()
    dist.init_process_group("nccl" if cuda else "gloo")
    rank = dist.get_rank()
    device = torch.device("cpu")
    if cuda:
        local = int(os.environ.get("LOCAL_RANK", rank % torch.cuda.device_count()))
        torch.cuda.set_device(local)
        device = torch.device("cuda", local)
    return dist.get_world_size(), rank, device


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, help="epochs to train (default: the document's)")
    parser.add_argument("--out", help="write the trained model here (.bpmodel); in a distributed run, rank 0 writes it")
    parser.add_argument("--predict", metavar="ROWS.json",
                        help="print the predictions for raw rows (a JSON array of rows) and exit")
    args = parser.parse_args(argv)

    data = load_data()
    net = Network()
    set_weights(net, WEIGHTS)
    if args.predict:
        x = data.scale(torch.tensor(read_rows(args.predict, len(data.feature_names)), dtype=torch.float64))
        with torch.no_grad():
            out = net(x).tolist()
        answer = {"outputs": data.target_names, "predictions": out}
        if data.classes:
            answer["classes"] = [data.classes[row.index(max(row))] for row in out]
        print(json.dumps(answer))
        return

    t = dict(DOCUMENT["training"])
    if args.epochs is not None:
        t["epochs"] = args.epochs
    if args.epochs is not None and args.epochs < 1:
        sys.exit("--epochs must be a whole number of at least 1")
    if args.out and not os.path.isdir(os.path.dirname(os.path.abspath(args.out))):
        sys.exit(f"--out: there is no folder {os.path.dirname(os.path.abspath(args.out))} to write {args.out} in")
    world, rank, device = distributed_setup()
    torch.manual_seed(int(t["seed"]))
    net.to(device)
    started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    started_clock = time.monotonic()
    if rank == 0:
        processes = f" on {world} processes" if world > 1 else ""
        print(f"training {DOCUMENT['name']!r}{processes}: {len(data.train[0])} samples, {t['epochs']} epoch{'' if t['epochs'] == 1 else 's'}",
              flush=True)
    history = train(net, data, t, int(t["epochs"]), world, rank, device)
    if rank == 0 and args.out:
        write_model(args.out, net.cpu(), history, t, len(history), started, started_clock)
        print(f"wrote {args.out}", flush=True)
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
`;
