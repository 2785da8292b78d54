#!/usr/bin/python3
"""Exports the real models the end-to-end benchmark lays out: Swin-T and DenseNet-121.

Graph only: torchvision's definitions with weights=None, exported by torch.onnx, then
every initializer keeps its name, type and dims but loses its data, so a file is a few
hundred kB instead of 100 MB and carries no trained weights. graphgen reads shapes and
parameter counts from the dims; nothing here is a fixture, and no test needs these files
(the benchmark takes their paths).

Run with Debian's python3-torch and python3-torchvision (torch 1.13, torchvision 0.14):
  /usr/bin/python3 tools/gen_bench_models.py /tmp/graphgen_models
  bazel run -c opt //bench:e2e_bench -- /tmp/graphgen_models/*.onnx
"""

import io
import os
import sys

import onnx
import torch
import torchvision

MODELS = [
    ("swin_t", lambda: torchvision.models.swin_t(weights=None)),
    ("densenet121", lambda: torchvision.models.densenet121(weights=None)),
]


def strip_data(model):
    """Drops every initializer's payload; name, data type and dims stay."""
    for init in model.graph.initializer:
        for field in ("raw_data", "float_data", "int32_data", "int64_data", "double_data",
                      "uint64_data", "string_data"):
            init.ClearField(field)
    return model


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "/tmp/graphgen_models"
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    for name, make in MODELS:
        model = make().eval()
        buf = io.BytesIO()
        torch.onnx.export(model, torch.zeros(1, 3, 224, 224), buf, opset_version=14,
                          input_names=["input"], output_names=["output"],
                          do_constant_folding=True)
        m = strip_data(onnx.load_from_string(buf.getvalue()))
        data = m.SerializeToString()
        path = os.path.join(out_dir, name + ".onnx")
        with open(path, "wb") as f:
            f.write(data)
        edges = sum(1 for n in m.graph.node for i in n.input if i)
        print(f"{path}: {len(m.graph.node)} nodes, {edges} node inputs, {len(data)} bytes",
              file=sys.stderr)


if __name__ == "__main__":
    main()
