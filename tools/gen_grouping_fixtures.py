#!/usr/bin/python3
"""Generates fixtures/grouping/*.onnx and fixtures/grouping/manifest.txt.

Models for the grouping pass (issue 5), exported graph-only from PyTorch: every float
weight larger than a few elements is replaced by a ConstantOfShape node of its shape
(the trick ONNX's own light test models use), so files stay a few kB and carry no
trained data, yet shapes, op types and module-scoped node names are those of a real
export. The manifest is ground truth from the model definitions, not from graphgen:
the role of every node follows from the PyTorch module it was exported from, and the
skip / memory / state edges from the module pairs each model declares.

Run with Debian's python3-torch and python3-torchvision (torch 1.13):
  /usr/bin/python3 tools/gen_grouping_fixtures.py fixtures/grouping
"""

import io
import os
import sys

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from onnx import helper, numpy_helper, TensorProto

torch.manual_seed(0)


def double_conv(cin, cout, padding=1):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=padding), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=padding), nn.ReLU(inplace=True))


class PaperUp(nn.Module):
    """Up-convolution, centre crop of the skip, concat, two valid convolutions."""

    def __init__(self, cin, cout):
        super().__init__()
        self.upconv = nn.ConvTranspose2d(cin, cout, 2, stride=2)
        self.conv = double_conv(cin, cout, padding=0)

    def forward(self, x, skip):
        x = self.upconv(x)
        dy = (skip.shape[2] - x.shape[2]) // 2
        dx = (skip.shape[3] - x.shape[3]) // 2
        skip = skip[:, :, dy:dy + x.shape[2], dx:dx + x.shape[3]]
        return self.conv(torch.cat([skip, x], dim=1))


class PaperUNet(nn.Module):
    """Ronneberger et al. 2015: valid convolutions, crops, up-convolutions (3 levels)."""

    def __init__(self, c=8):
        super().__init__()
        self.down1 = double_conv(1, c, 0)
        self.pool1 = nn.MaxPool2d(2)
        self.down2 = double_conv(c, 2 * c, 0)
        self.pool2 = nn.MaxPool2d(2)
        self.down3 = double_conv(2 * c, 4 * c, 0)
        self.pool3 = nn.MaxPool2d(2)
        self.bottleneck = double_conv(4 * c, 8 * c, 0)
        self.up3 = PaperUp(8 * c, 4 * c)
        self.up2 = PaperUp(4 * c, 2 * c)
        self.up1 = PaperUp(2 * c, c)
        self.head = nn.Conv2d(c, 2, 1)

    def forward(self, x):
        d1 = self.down1(x)
        d2 = self.down2(self.pool1(d1))
        d3 = self.down3(self.pool2(d2))
        b = self.bottleneck(self.pool3(d3))
        return self.head(self.up1(self.up2(self.up3(b, d3), d2), d1))


class BilinearUp(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.up = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True)
        self.conv = double_conv(cin, cout)

    def forward(self, x, skip):
        return self.conv(torch.cat([skip, self.up(x)], dim=1))


class BilinearUNet(nn.Module):
    """The milesial/Pytorch-UNet layout: inc, down1..3, up1..3, outc; bilinear upsampling.
    The lowest level's convolutions live in down3 with its pool."""

    def __init__(self, c=8):
        super().__init__()
        self.inc = double_conv(3, c)
        self.down1 = nn.Sequential(nn.MaxPool2d(2), double_conv(c, 2 * c))
        self.down2 = nn.Sequential(nn.MaxPool2d(2), double_conv(2 * c, 4 * c))
        self.down3 = nn.Sequential(nn.MaxPool2d(2), double_conv(4 * c, 4 * c))
        self.up1 = BilinearUp(8 * c, 2 * c)
        self.up2 = BilinearUp(4 * c, c)
        self.up3 = BilinearUp(2 * c, c)
        self.outc = nn.Conv2d(c, 2, 1)

    def forward(self, x):
        x1 = self.inc(x)
        x2 = self.down1(x1)
        x3 = self.down2(x2)
        x4 = self.down3(x3)
        return self.outc(self.up3(self.up2(self.up1(x4, x3), x2), x1))


class Unflatten(nn.Module):
    """nn.Unflatten, which torch 1.13 cannot export."""

    def __init__(self, shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.reshape((x.shape[0],) + self.shape)


class ConvAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 8, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU(),
            nn.Flatten(), nn.Linear(16 * 7 * 7, 16))
        self.decoder = nn.Sequential(
            nn.Linear(16, 16 * 7 * 7), nn.ReLU(), Unflatten((16, 7, 7)),
            nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1), nn.ReLU(),
            nn.ConvTranspose2d(8, 1, 4, stride=2, padding=1), nn.Sigmoid())

    def forward(self, x):
        return self.decoder(self.encoder(x))


class TransformerSeq2Seq(nn.Module):
    def __init__(self, vocab=50, d=32):
        super().__init__()
        self.src_embed = nn.Embedding(vocab, d)
        self.tgt_embed = nn.Embedding(vocab, d)
        self.transformer = nn.Transformer(d, nhead=2, num_encoder_layers=2,
                                          num_decoder_layers=2, dim_feedforward=64,
                                          dropout=0.0)
        self.generator = nn.Linear(d, vocab)

    def forward(self, src, tgt):
        return self.generator(self.transformer(self.src_embed(src), self.tgt_embed(tgt)))


class LstmSeq2Seq(nn.Module):
    def __init__(self, vocab=50, d=16, h=32):
        super().__init__()
        self.src_embed = nn.Embedding(vocab, d)
        self.encoder = nn.LSTM(d, h)
        self.tgt_embed = nn.Embedding(vocab, d)
        self.decoder = nn.LSTM(d, h)
        self.generator = nn.Linear(h, vocab)

    def forward(self, src, tgt):
        _, state = self.encoder(self.src_embed(src))
        out, _ = self.decoder(self.tgt_embed(tgt), state)
        return self.generator(out)


class UnrolledLstmCell(nn.Module):
    """One LSTM step written out (TensorFlow's static_rnn, Keras' unroll=True, hand-written
    cells): a dense layer over [x, h], four gates, the gated cell-state update."""

    def __init__(self, d, h):
        super().__init__()
        self.gates = nn.Linear(d + h, 4 * h)

    def forward(self, x, h, c):
        i, f, g, o = self.gates(torch.cat([x, h], dim=1)).chunk(4, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * torch.tanh(c), c


class UnrolledLstm(nn.Module):
    """An LSTM layer unrolled over a fixed number of steps."""

    def __init__(self, d, h, steps):
        super().__init__()
        self.steps = steps
        self.cell = UnrolledLstmCell(d, h)

    def forward(self, xs, h, c):
        outs = []
        for t in range(self.steps):
            h, c = self.cell(xs[t], h, c)
            outs.append(h)
        return torch.stack(outs), h, c


class UnrolledLstmSeq2Seq(nn.Module):
    """Encoder and decoder LSTMs unrolled step by step (no LSTM op): the encoder's final
    hidden and cell state start the decoder."""

    def __init__(self, vocab=50, d=16, h=32, src_len=4, tgt_len=3):
        super().__init__()
        self.h = h
        self.src_embed = nn.Embedding(vocab, d)
        self.encoder = UnrolledLstm(d, h, src_len)
        self.tgt_embed = nn.Embedding(vocab, d)
        self.decoder = UnrolledLstm(d, h, tgt_len)
        self.generator = nn.Linear(h, vocab)

    def forward(self, src, tgt):
        zeros = torch.zeros(src.shape[1], self.h)
        _, h, c = self.encoder(self.src_embed(src), zeros, zeros)
        out, _, _ = self.decoder(self.tgt_embed(tgt), h, c)
        return self.generator(out)


class LstmClassifier(nn.Module):
    def __init__(self, d=16, h=32):
        super().__init__()
        self.lstm = nn.LSTM(d, h, num_layers=2)
        self.fc = nn.Linear(h, 10)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[-1])


class TransformerEncoderClassifier(nn.Module):
    def __init__(self, vocab=50, d=32):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        layer = nn.TransformerEncoderLayer(d, 2, 64, dropout=0.0)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.head = nn.Linear(d, 5)

    def forward(self, x):
        return self.head(self.encoder(self.embed(x)).mean(0))


def tv(name, **kw):
    return getattr(torchvision.models.segmentation, name)(weights=None, weights_backbone=None,
                                                          **kw)


# name -> (model, example inputs, {module path prefix: role}, [(kind, from prefix, to prefix)])
# Prefixes are matched against "/"-joined module paths; the longest match wins. "." in a
# prefix matches PyTorch's numbered children ("layers.0"). Edges of a declared kind are all
# graph edges from a node under the first prefix to a node under the second.
def models():
    img = lambda c, s: (torch.randn(1, c, s, s),)
    unet_paper = {"down": "encoder", "pool": "encoder", "bottleneck": "bottleneck",
                  "up": "decoder", "head": "decoder"}
    bilinear = {"inc": "encoder", "down1": "encoder", "down2": "encoder",
                "down3/down3.0": "encoder", "down3/down3.1": "bottleneck",
                "up": "decoder", "outc": "decoder"}
    tr = {"src_embed": "encoder", "transformer/encoder": "encoder",
          "tgt_embed": "decoder", "transformer/decoder": "decoder", "generator": "decoder"}
    # Root-level ops here are the reshapes of the encoder's final state on its way to
    # the decoder: they belong to the encoder's hand-off.
    lstm = {"src_embed": "encoder", "encoder": "encoder", "tgt_embed": "decoder",
            "decoder": "decoder", "generator": "decoder", "": "encoder"}
    return [
        ("unet_paper", PaperUNet(), img(1, 572), unet_paper,
         [("skip", "down1", "up1"), ("skip", "down2", "up2"), ("skip", "down3", "up3")]),
        ("unet_bilinear", BilinearUNet(), img(3, 64), bilinear,
         [("skip", "inc", "up3"), ("skip", "down1", "up2"), ("skip", "down2", "up1")]),
        ("conv_autoencoder", ConvAutoencoder(), img(1, 28),
         {"encoder": "encoder", "decoder": "decoder"}, []),
        ("transformer_seq2seq", TransformerSeq2Seq(),
         (torch.randint(0, 50, (7, 1)), torch.randint(0, 50, (5, 1))), tr,
         [("memory", "transformer/encoder/norm", "transformer/decoder")]),
        ("lstm_seq2seq", LstmSeq2Seq(),
         (torch.randint(0, 50, (7, 1)), torch.randint(0, 50, (5, 1))), lstm,
         [("state", "encoder", "decoder")]),
        ("fcn_resnet50", tv("fcn_resnet50", num_classes=3), img(3, 64),
         {"backbone": "encoder", "classifier": "decoder", "": "decoder"}, []),
        ("deeplabv3_mobilenet", tv("deeplabv3_mobilenet_v3_large", num_classes=3), img(3, 64),
         {"backbone": "encoder", "classifier/classifier.0": "bottleneck",
          "classifier": "decoder", "": "decoder"}, []),
        ("lraspp_mobilenet", tv("lraspp_mobilenet_v3_large", num_classes=3), img(3, 64),
         {"backbone": "encoder", "classifier": "decoder", "": "decoder"},
         [("skip", "backbone", "classifier/low_classifier")]),
        ("resnet18", torchvision.models.resnet18(weights=None), img(3, 64), {}, []),
        ("mobilenet_v3_small", torchvision.models.mobilenet_v3_small(weights=None),
         img(3, 64), {}, []),
        ("vit_tiny", torchvision.models.VisionTransformer(
            image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=32,
            mlp_dim=64, num_classes=10), img(3, 32), {}, []),
        ("transformer_encoder", TransformerEncoderClassifier(),
         (torch.randint(0, 50, (7, 1)),), {}, []),
        ("lstm_classifier", LstmClassifier(), (torch.randn(9, 1, 16),), {}, []),
        # Last, so the random draws of the models above (and their files) stay the same.
        ("lstm_seq2seq_unrolled", UnrolledLstmSeq2Seq(),
         (torch.randint(0, 50, (4, 1)), torch.randint(0, 50, (3, 1))),
         {"src_embed": "encoder", "encoder": "encoder", "tgt_embed": "decoder",
          "decoder": "decoder", "generator": "decoder"},
         [("state", "encoder", "decoder")]),
    ]


def strip_weights(model):
    """Replaces float initializers of more than 16 elements by ConstantOfShape nodes, one
    per use, so each folds into its consumer as a weight. Identity copies of a shared
    initializer (the exporter's de-duplication) become ConstantOfShape nodes themselves."""
    import numpy as np
    g = model.graph
    inits = {i.name: i for i in g.initializer}

    def big_float(name):
        i = inits.get(name)
        return i is not None and i.data_type in (TensorProto.FLOAT, TensorProto.DOUBLE) and \
            int(np.prod(list(i.dims) or [1])) > 16

    extra_inits, new_nodes, used = [], [], set()

    def const_of_shape(init, out_name, node_name):
        shape_name = out_name + "__shape"
        extra_inits.append(numpy_helper.from_array(np.array(list(init.dims), dtype="int64"),
                                                   shape_name))
        return helper.make_node(
            "ConstantOfShape", [shape_name], [out_name], name=node_name,
            value=helper.make_tensor("value", init.data_type, [1], [0.0]))

    for node in g.node:
        if node.op_type == "Identity" and len(node.input) == 1 and big_float(node.input[0]):
            new_nodes.append(const_of_shape(inits[node.input[0]], node.output[0], node.name))
            continue
        for k, name in enumerate(node.input):
            if big_float(name):
                out = f"{name}__{len(used)}"
                used.add(out)
                new_nodes.append(const_of_shape(inits[name], out, out + "__weights"))
                node.input[k] = out
        new_nodes.append(node)
    kept = [i for i in g.initializer if not big_float(i.name)]
    del g.initializer[:]
    g.initializer.extend(kept + extra_inits)
    del g.node[:]
    g.node.extend(new_nodes)
    names = {i.name for i in g.initializer} | {o for n in g.node for o in n.output}
    kept_inputs = [i for i in g.input if i.name not in names]
    del g.input[:]
    g.input.extend(kept_inputs)
    model.producer_name = "graphgen gen_grouping_fixtures.py (pytorch " + torch.__version__ + ")"
    return model


def scope_of(node_name):
    parts = [p for p in node_name.split("/") if p]
    return "/".join(parts[:-1])


def role_of(scope, table):
    best, role = -1, "none"
    for prefix, r in table.items():
        if (prefix == "" or under(scope, prefix)) and len(prefix) > best:
            best, role = len(prefix), r
    return role


def under(scope, prefix):
    return scope == prefix or scope.startswith(prefix + "/") or (
        scope.startswith(prefix) and scope[len(prefix):len(prefix) + 1].isdigit())


def export(name, model, inputs, out_dir):
    model.eval()
    buf = io.BytesIO()
    names = ["src", "tgt"] if len(inputs) == 2 else ["input"]
    with torch.enable_grad():  # keeps nn.MultiheadAttention off its fused fast path
        torch.onnx.export(model, inputs, buf, opset_version=17, input_names=names,
                          output_names=["output"], do_constant_folding=True)
    m = onnx.load_from_string(buf.getvalue())
    m = onnx.shape_inference.infer_shapes(strip_weights(m))
    data = m.SerializeToString()
    with open(os.path.join(out_dir, name + ".onnx"), "wb") as f:
        f.write(data)
    return m, len(data)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "fixtures/grouping"
    os.makedirs(out_dir, exist_ok=True)
    lines = ["# Expected grouping per fixture, from the PyTorch module each node was exported",
             "# from (tools/gen_grouping_fixtures.py); checked by //tests:grouping_fixtures_test.",
             "# model <name> <verdict: found|none>",
             "# role <node name> <encoder|bottleneck|decoder|none>",
             "# edge <skip|memory|state> <from node> <to node>"]
    for name, model, inputs, table, edges in models():
        m, size = export(name, model, inputs, out_dir)
        print(f"{name}: {len(m.graph.node)} nodes, {size} bytes", file=sys.stderr)
        lines.append(f"model {name} {'found' if table else 'none'}")
        producer = {}
        for node in m.graph.node:
            for o in node.output:
                producer[o] = node
        consumers = {}
        for node in m.graph.node:
            for i in node.input:
                consumers.setdefault(i, []).append(node)
        initializers = {i.name for i in m.graph.initializer}

        def role(node):
            if not table:
                return "none"
            # A root-level copy of a shared weight belongs to the layer that reads it.
            if node.op_type == "Identity" and not scope_of(node.name) and \
                    node.input[0] in initializers and consumers.get(node.output[0]):
                return role(consumers[node.output[0]][0])
            return role_of(scope_of(node.name), table)

        for node in m.graph.node:
            if node.op_type in ("ConstantOfShape", "Constant"):
                continue  # folded into their consumers as weights
            if not node.name:
                continue
            lines.append(f"role {node.name} {role(node)}")
        found = []
        for node in m.graph.node:
            for i in node.input:
                p = producer.get(i)
                if p is None or p.op_type in ("ConstantOfShape", "Constant"):
                    continue  # a constant the exporter shares is no connection
                for kind, a, b in edges:
                    if under(scope_of(p.name), a) and under(scope_of(node.name), b):
                        found.append(f"edge {kind} {p.name} {node.name}")
        lines.extend(sorted(set(found)))
    with open(os.path.join(out_dir, "manifest.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
