#!/usr/bin/python3
"""Writes the ONNX import fixtures: small MLPs exported by PyTorch's torch.onnx.export.

Each fixture is src/interop/fixtures/<name>.onnx (opset 13, input "x" with a
dynamic batch dimension, output "y") and <name>.json beside it: the ONNX node
types PyTorch wrote, a few input rows, and the outputs PyTorch computes for
them (float32, as the .onnx holds its weights), for the importer's tests to
compare with.

Run with Debian's PyTorch (apt-get install python3-torch), no other package:

    /usr/bin/python3 scripts/make-onnx-fixtures.py

The weights come from a fixed seed, so a rerun with the same PyTorch writes
the same numbers.
"""
import json
import os
import re

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "interop", "fixtures")


class AddBranch(nn.Module):
    """x → two Linear layers side by side → their sum (ONNX Add) → ReLU → Linear."""

    def __init__(self):
        super().__init__()
        self.left = nn.Linear(3, 4)
        self.right = nn.Linear(3, 4)
        self.out = nn.Linear(4, 1)

    def forward(self, x):
        return self.out(torch.relu(self.left(x) + self.right(x)))


class ConcatBranch(nn.Module):
    """x → Linear+Tanh and Linear+LeakyReLU side by side → joined (ONNX Concat) → Linear."""

    def __init__(self):
        super().__init__()
        self.left = nn.Linear(2, 3)
        self.right = nn.Linear(2, 2)
        self.out = nn.Linear(5, 2)

    def forward(self, x):
        return self.out(torch.cat([torch.tanh(self.left(x)), nn.functional.leaky_relu(self.right(x), 0.1)], dim=1))


def fixtures():
    """(name, module, features, what it is) for each fixture, weights drawn from seed 0 in this order."""
    torch.manual_seed(0)
    return [
        ("linear_relu", nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 4), nn.ReLU(), nn.Linear(4, 2)), 3,
         "a Linear + ReLU chain (Gemm, Relu)"),
        ("sigmoid_tanh", nn.Sequential(nn.Linear(2, 5), nn.Tanh(), nn.Linear(5, 3), nn.Sigmoid()), 2,
         "Tanh and Sigmoid (Gemm, Tanh, Sigmoid)"),
        ("softmax", nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 3), nn.Softmax(dim=1)), 4,
         "a classifier ending in Softmax"),
        ("no_bias", nn.Sequential(nn.Linear(3, 4, bias=False), nn.LeakyReLU(0.2), nn.Linear(4, 1)), 3,
         "a Linear without bias (MatMul) and LeakyRelu"),
        ("add_branch", AddBranch(), 3, "two branches joined by Add"),
        ("concat_branch", ConcatBranch(), 2, "two branches joined by Concat"),
    ]


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, module, features, what in fixtures():
        module.eval()
        example = torch.zeros(1, features)
        options = dict(input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}},
                       opset_version=13)
        path = os.path.join(OUT, f"{name}.onnx")
        torch.onnx.export(module, example, path, **options)
        ops = re.findall(r'Node \{type: "(\w+)"', torch.onnx.export_to_pretty_string(module, example, **options))
        # Rows with positive and negative values, so ReLU and LeakyReLU cut some of them.
        generator = torch.Generator().manual_seed(len(name))
        x = torch.randn(5, features, generator=generator)
        with torch.no_grad():
            y = module(x)
        expected = {
            "description": f"{what}, written by torch.onnx.export (PyTorch {torch.__version__}), opset 13",
            "input": "x",
            "output": "y",
            "ops": ops,
            "inputs": x.tolist(),
            "outputs": y.tolist(),
        }
        with open(os.path.join(OUT, f"{name}.json"), "w", encoding="utf-8") as f:
            json.dump(expected, f, indent=1)
            f.write("\n")
        print(f"{path}: {', '.join(ops)}")


if __name__ == "__main__":
    main()
