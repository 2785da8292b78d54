#!/usr/bin/python3
"""Generates fixtures/fold/*.onnx: deep PyTorch transformers for repeated-block folding.

Exported graph-only the way tools/gen_grouping_fixtures.py does it (weights replaced by
ConstantOfShape nodes of their shape, names and shapes those of a real export), but with
as many layers as real models have, so the default diagram must fold them:
  transformer_encoder12  nn.TransformerEncoder, 12 layers (BERT-base depth)
  transformer_seq2seq6   nn.Transformer, 6 encoder + 6 decoder layers (the paper's base)
The expected runs (layer prefix and count) are in fixtures/fold/manifest.txt, written
from the model definitions here, and checked by //tests:fold_fixtures_test. The big
generated graphs (ResNet-152, a 30k-node transformer) come from //tools:make_fold_fixtures.

Run with Debian's python3-torch (torch 1.13):
  /usr/bin/python3 tools/gen_fold_fixtures.py fixtures/fold
"""

import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_grouping_fixtures import export  # noqa: E402  (same export and weight stripping)

torch.manual_seed(0)


class EncoderClassifier(nn.Module):
    def __init__(self, layers, vocab=50, d=32):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        layer = nn.TransformerEncoderLayer(d, 2, 64, dropout=0.0)
        self.encoder = nn.TransformerEncoder(layer, layers, norm=nn.LayerNorm(d),
                                             enable_nested_tensor=False)
        self.head = nn.Linear(d, 5)

    def forward(self, x):
        return self.head(self.encoder(self.embed(x)).mean(0))


class Seq2Seq(nn.Module):
    def __init__(self, layers, vocab=50, d=32):
        super().__init__()
        self.src_embed = nn.Embedding(vocab, d)
        self.tgt_embed = nn.Embedding(vocab, d)
        self.transformer = nn.Transformer(d, nhead=2, num_encoder_layers=layers,
                                          num_decoder_layers=layers, dim_feedforward=64,
                                          dropout=0.0)
        self.generator = nn.Linear(d, vocab)

    def forward(self, src, tgt):
        return self.generator(self.transformer(self.src_embed(src), self.tgt_embed(tgt)))


def tokens(n):
    return torch.randint(0, 50, (n, 1))


# name -> (model, inputs, [(layer name prefix, expected repeats)])
def models():
    return [
        ("transformer_encoder12", EncoderClassifier(12), (tokens(7),),
         [("/encoder/layers.", 12)]),
        ("transformer_seq2seq6", Seq2Seq(6), (tokens(7), tokens(5)),
         [("/transformer/encoder/layers.", 6), ("/transformer/decoder/layers.", 6)]),
    ]


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "fixtures/fold"
    os.makedirs(out_dir, exist_ok=True)
    lines = ["# Expected folded runs per fixture (tools/gen_fold_fixtures.py), from the",
             "# number of layers each model was built with; //tests:fold_fixtures_test.",
             "# model <file>",
             "# run <first box of the run's first block (an op pattern's box names its module)> <repeats>"]
    for name, model, inputs, runs in models():
        m, size = export(name, model, inputs, out_dir)
        m.producer_name = "graphgen gen_fold_fixtures.py (pytorch " + torch.__version__ + ")"
        with open(os.path.join(out_dir, name + ".onnx"), "wb") as f:
            f.write(m.SerializeToString())
        print(f"{name}: {len(m.graph.node)} nodes, {size} bytes", file=sys.stderr)
        lines.append(f"model {name}.onnx")
        for prefix, count in runs:
            first = next(n.name for n in m.graph.node if n.name.startswith(prefix + "0/")
                         and n.op_type not in ("Constant", "ConstantOfShape"))
            # A block opens with its self-attention, which graphgen draws as one
            # MultiHeadAttention box named by the attention module.
            if "/self_attn/" in first:
                first = first[:first.index("/self_attn/") + len("/self_attn")]
            lines.append(f"run {first} {count}")
    # Generated at build time by //tools:make_fold_fixtures (bench/model_gen.cc).
    lines += [
        "# ResNet-152: 3, 8, 36, 3 bottlenecks; the first of each stage has a projection",
        "# shortcut, so stages 2 and 3 fold 7 and 35 blocks and stages 1 and 4 keep 2 each.",
        "model resnet152.onnx",
        "run /layer2/layer2.1/conv1/Conv 7",
        "run /layer3/layer3.1/conv1/Conv 35",
        "# 205 GPT-style layers named without scopes; Gather_1 and Add_2 embed.",
        "model transformer30k.onnx",
        "run ReduceMean_3 205",
    ]
    with open(os.path.join(out_dir, "manifest.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
