"""PyTorch on the CPU as a peer in `npm run bench` (bench/engine.bench.ts).

Reads a workload (JSON on stdin: layers, activations, loss, learning rate,
mini-batch, epochs, threads, repeats, and the data file: float32 x then y, row
major), builds the same MLP, and trains it with plain SGD over shuffled
mini-batches, as the benchmark's other engines do: a warm-up on a slice of the
data, then `repeats` timed runs of a fresh model. Prints one JSON line:
{"seconds": best run, "loss": final loss of the best run's last epoch (mean over batches)}.
"""
import json
import sys
import time

import numpy as np
import torch


def main():
    w = json.load(sys.stdin)
    torch.set_num_threads(w["threads"])
    torch.manual_seed(1)
    layers = w["layers"]
    m = w["m"]
    raw = np.fromfile(w["data"], dtype=np.float32)
    x = torch.from_numpy(raw[: m * layers[0]].reshape(m, layers[0]).copy())
    y = torch.from_numpy(raw[m * layers[0] :].reshape(m, layers[-1]).copy())
    hidden = torch.nn.Tanh if w["hidden"] == "tanh" else torch.nn.ReLU
    softmax_ce = w["loss"] == "cross_entropy"

    def model():
        mods = []
        for i in range(1, len(layers)):
            mods.append(torch.nn.Linear(layers[i - 1], layers[i]))
            if i < len(layers) - 1:
                mods.append(hidden())
            elif not softmax_ce:
                mods.append(torch.nn.Tanh())
        return torch.nn.Sequential(*mods)

    # cross_entropy on logits fuses the softmax, as our engine and TF.js's loop do.
    target = y.argmax(dim=1) if softmax_ce else y
    lossfn = torch.nn.CrossEntropyLoss() if softmax_ce else torch.nn.MSELoss()

    def train(net, rows, epochs):
        opt = torch.optim.SGD(net.parameters(), lr=w["learningRate"])
        k = w["miniBatch"]
        last = float("nan")
        for _ in range(epochs):
            order = torch.randperm(rows)
            total = 0.0
            for start in range(0, rows, k):
                idx = order[start : start + k]
                opt.zero_grad(set_to_none=True)
                loss = lossfn(net(x[idx]), target[idx])
                loss.backward()
                opt.step()
                total += loss.item() * len(idx)
            last = total / rows
        return last

    train(model(), min(m, 20 * w["miniBatch"]), 2)
    best = float("inf")
    best_loss = float("nan")
    for _ in range(w["repeats"]):
        net = model()
        t0 = time.perf_counter()
        loss = train(net, m, w["epochs"])
        seconds = time.perf_counter() - t0
        if seconds < best:
            best, best_loss = seconds, loss
    print(json.dumps({"seconds": best, "loss": best_loss, "version": torch.__version__}))


main()
