#include "passes/fold_repeats/fold_repeats.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace graphgen {
namespace {

// Builds graphs op by op; each op writes one tensor of the given width.
class Builder {
 public:
  int Input(const std::string& name, int64_t width) {
    Node n;
    n.kind = NodeKind::kInput;
    n.name = name;
    n.op_type = "Input";
    return Emit(std::move(n), {}, width);
  }
  int Op(const std::string& name, const std::string& op, std::vector<int> inputs, int64_t width,
         int64_t params = 0) {
    Node n;
    n.name = name;
    n.op_type = op;
    n.params = params;
    return Emit(std::move(n), std::move(inputs), width);
  }
  void Output(int tensor) {
    Node n;
    n.kind = NodeKind::kOutput;
    n.name = "out";
    n.op_type = "Output";
    n.inputs.push_back(tensor);
    g.AddNode(std::move(n));
    g.RebuildTensorLinks();
  }
  LayerGraph g;

 private:
  int Emit(Node n, std::vector<int> inputs, int64_t width) {
    n.inputs = std::move(inputs);
    const int t = g.AddTensor(n.name + ":0");
    g.tensors[t].type = TensorType{DType::kFloat32, true, {Dim{1, ""}, Dim{width, ""}}};
    n.outputs.push_back(t);
    g.AddNode(std::move(n));
    g.RebuildTensorLinks();
    return t;
  }
};

// A pre-norm transformer layer: LayerNorm, attention (Q, K, V, scores, softmax, mix,
// projection), residual Add, MLP, residual Add. `memory` >= 0 adds cross-attention K/V
// reading it. `act` is the MLP's activation.
int Layer(Builder& b, int x, int k, int64_t width, int memory = -1,
          const std::string& act = "Gelu") {
  const std::string p = "/layers." + std::to_string(k) + "/";
  const int ln = b.Op(p + "ln1/LayerNormalization", "LayerNormalization", {x}, width, 2 * width);
  const int q = b.Op(p + "attn/q/MatMul", "MatMul", {ln}, width, width * width);
  const int kv_src = memory >= 0 ? memory : ln;
  const int kk = b.Op(p + "attn/k/MatMul", "MatMul", {kv_src}, width, width * width);
  const int v = b.Op(p + "attn/v/MatMul", "MatMul", {kv_src}, width, width * width);
  const int s = b.Op(p + "attn/scores/MatMul", "MatMul", {q, kk}, width);
  const int sm = b.Op(p + "attn/Softmax", "Softmax", {s}, width);
  const int mix = b.Op(p + "attn/mix/MatMul", "MatMul", {sm, v}, width);
  const int add1 = b.Op(p + "Add", "Add", {x, mix}, width);
  const int ln2 =
      b.Op(p + "ln2/LayerNormalization", "LayerNormalization", {add1}, width, 2 * width);
  const int up = b.Op(p + "mlp/fc1/MatMul", "MatMul", {ln2}, 4 * width, 4 * width * width);
  const int g = b.Op(p + "mlp/" + act, act, {up}, 4 * width);
  const int down = b.Op(p + "mlp/fc2/MatMul", "MatMul", {g}, width, 4 * width * width);
  return b.Op(p + "Add_1", "Add", {add1, down}, width);
}

std::vector<std::string> Names(const LayerGraph& g) {
  std::vector<std::string> names;
  for (const Node& n : g.nodes) names.push_back(n.name);
  return names;
}

TEST(FoldRepeats, TransformerLayersFoldIntoOneRun) {
  Builder b;
  int x = b.Input("x", 64);
  for (int k = 0; k < 6; ++k) x = Layer(b, x, k, 64);
  b.Output(x);
  const int64_t params = b.g.TotalParams();
  const std::vector<FoldedRun> runs = FoldRepeats(b.g, FoldOptions());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].repeats, 6);
  EXPECT_EQ(runs[0].block_ops, 13);
  EXPECT_EQ(b.g.nodes.size(), 2u + 13u);
  EXPECT_EQ(b.g.TotalParams(), params) << "folding must not lose parameters";
  // The kept block is the first layer, in order, between the input and the output.
  EXPECT_EQ(b.g.nodes[1].name, "/layers.0/ln1/LayerNormalization");
  EXPECT_EQ(b.g.nodes[13].name, "/layers.0/Add_1");
  EXPECT_EQ(b.g.nodes[1].copies, 6);
  // The output now reads the kept block's last Add.
  EXPECT_EQ(b.g.tensors[b.g.nodes.back().inputs[0]].producer, 13);
  const Scope& fold = b.g.scopes[runs[0].scope];
  EXPECT_EQ(fold.kind, ScopeKind::kRepeat);
  EXPECT_EQ(fold.repeat.repeats, 6);
  EXPECT_EQ(fold.repeat.params, params);
  EXPECT_EQ(fold.repeat.shape_in,
            "1\xC3\x97"
            "64");
  EXPECT_EQ(fold.repeat.shape_out,
            "1\xC3\x97"
            "64");
}

// Control edges are ordering, not data: they neither stop a run from folding nor get
// lost; a folded copy's ones attach to the kept block.
TEST(FoldRepeats, ControlEdgesDoNotBreakRunsAndMoveToTheKeptBlock) {
  Builder b;
  int x = b.Input("x", 64);
  for (int k = 0; k < 6; ++k) x = Layer(b, x, k, 64);
  b.Output(x);
  const int out = static_cast<int>(b.g.nodes.size()) - 1;
  // Every layer's Softmax waits for the input, and the output for each layer's last Add.
  for (int k = 0; k < 6; ++k) {
    b.g.control_edges.emplace_back(0, 1 + 13 * k + 5);
    b.g.control_edges.emplace_back(1 + 13 * k + 12, out);
  }
  const std::vector<FoldedRun> runs = FoldRepeats(b.g, FoldOptions());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].repeats, 6);
  ASSERT_EQ(b.g.nodes.size(), 15u);
  EXPECT_EQ(b.g.nodes[6].op_type, "Softmax");
  EXPECT_EQ(b.g.control_edges, (std::vector<std::pair<int, int>>{{0, 6}, {13, 14}}));
}

TEST(FoldRepeats, NamesTheRunFromTheBlockScope) {
  Builder b;
  int x = b.Input("x", 32);
  for (int k = 0; k < 4; ++k) x = Layer(b, x, k, 32);
  b.Output(x);
  // What AssignNameScopes would build: layers.k/{ln1,attn/{q,k,v,scores,mix},...}.
  for (Node& n : b.g.nodes) {
    if (n.name.rfind("/layers.", 0) != 0) continue;
    int scope = 0;
    std::string rest = n.name.substr(1);
    size_t slash;
    while ((slash = rest.find('/')) != std::string::npos) {
      scope = b.g.ChildScope(scope, rest.substr(0, slash), ScopeKind::kModule);
      rest = rest.substr(slash + 1);
    }
    n.scope = scope;
  }
  const std::vector<FoldedRun> runs = FoldRepeats(b.g, FoldOptions());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].name, "layers");
  const Scope& fold = b.g.scopes[runs[0].scope];
  // The label names the blocks it holds: layers.0 to layers.3, four of them.
  EXPECT_EQ(fold.path,
            "layers.0\xE2\x80\x93"
            "3 \xC3\x97"
            "4");
  // Scopes inside the block are rebuilt under the fold: layers.0–3 ×4/attn/q.
  const Node& q = b.g.nodes[2];
  EXPECT_EQ(q.name, "/layers.0/attn/q/MatMul");
  EXPECT_EQ(b.g.scopes[q.scope].path,
            "layers.0\xE2\x80\x93"
            "3 \xC3\x97"
            "4/attn/q");
}

TEST(FoldRepeats, OneDifferentOpBreaksTheRun) {
  Builder b;
  int x = b.Input("x", 64);
  for (int k = 0; k < 5; ++k) x = Layer(b, x, k, 64, -1, k == 2 ? "Relu" : "Gelu");
  b.Output(x);
  const size_t before = b.g.nodes.size();
  EXPECT_TRUE(FoldRepeats(b.g, FoldOptions()).empty())
      << "runs of 2 on either side of the odd layer are below the minimum of 3";
  EXPECT_EQ(b.g.nodes.size(), before);
}

TEST(FoldRepeats, OneDifferentShapeBreaksTheRun) {
  Builder b;
  int x = b.Input("x", 64);
  for (int k = 0; k < 5; ++k) {
    x = Layer(b, x, k, 64);
    if (k == 2) b.g.tensors[x].type.dims[0].value = 2;  // this layer's output differs
  }
  b.Output(x);
  const std::vector<FoldedRun> runs = FoldRepeats(b.g, FoldOptions());
  for (const FoldedRun& run : runs) EXPECT_LT(run.repeats, 5);
  int64_t folded_layers = 0;
  for (const FoldedRun& run : runs) folded_layers += run.repeats * (run.block_ops == 13);
  EXPECT_EQ(folded_layers, 0);
}

TEST(FoldRepeats, MemoryFannedOutToEveryDecoderLayerFolds) {
  Builder b;
  int memory = b.Input("memory", 64);
  int x = b.Input("tgt", 64);
  for (int k = 0; k < 6; ++k) x = Layer(b, x, k, 64, memory);
  b.Output(x);
  const std::vector<FoldedRun> runs = FoldRepeats(b.g, FoldOptions());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].repeats, 6);
  // The memory is read once, by the kept block's K and V.
  const Tensor& m = b.g.tensors[b.g.nodes[0].outputs[0]];
  EXPECT_EQ(m.consumers.size(), 2u);
}

TEST(FoldRepeats, ParallelCopiesAreNotARun) {
  // Four identical heads side by side read the same tensor; none reads another.
  Builder b;
  const int x = b.Input("x", 16);
  std::vector<int> heads;
  for (int h = 0; h < 4; ++h) {
    const int q = b.Op("q" + std::to_string(h), "MatMul", {x}, 16, 256);
    heads.push_back(b.Op("s" + std::to_string(h), "Softmax", {q}, 16));
  }
  const int cat = b.Op("cat", "Concat", heads, 64);
  b.Output(cat);
  EXPECT_TRUE(FoldRepeats(b.g, FoldOptions()).empty());
}

TEST(FoldRepeats, UnrolledStepsWithSideOutputsFold) {
  // An unrolled RNN: each step reads the previous state and also feeds a final Concat.
  Builder b;
  int h = b.Input("h0", 32);
  std::vector<int> outs;
  for (int s = 0; s < 28; ++s) {
    const std::string p = "rnn/step" + std::to_string(s) + "/";
    const int m = b.Op(p + "MatMul", "MatMul", {h}, 32, 1024);
    const int a = b.Op(p + "BiasAdd", "BiasAdd", {m}, 32, 32);
    h = b.Op(p + "Tanh", "Tanh", {a}, 32);
    outs.push_back(h);
  }
  const int cat = b.Op("concat", "Concat", outs, 28 * 32);
  b.Output(cat);
  const std::vector<FoldedRun> runs = FoldRepeats(b.g, FoldOptions());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].repeats, 28);
  EXPECT_EQ(runs[0].block_ops, 3);
  EXPECT_EQ(b.g.nodes.size(), 1u + 3u + 2u);
  // The Concat reads the kept step once instead of 28 copies.
  const Node& concat = b.g.nodes[4];
  ASSERT_EQ(concat.name, "concat");
  EXPECT_EQ(concat.inputs.size(), 1u);
  EXPECT_EQ(b.g.tensors[concat.inputs[0]].producer, 3);
}

TEST(FoldRepeats, ResidualBlocksCutAfterTheAdd) {
  // Conv, Relu, Conv, Add(skip), Relu repeated: the block must start at the first Conv
  // (one tensor crosses each boundary), not in the middle where two do.
  Builder b;
  int x = b.Input("x", 8);
  for (int k = 0; k < 4; ++k) {
    const int c1 = b.Op("c1_" + std::to_string(k), "Conv", {x}, 8, 576);
    const int r1 = b.Op("r1_" + std::to_string(k), "Relu", {c1}, 8);
    const int c2 = b.Op("c2_" + std::to_string(k), "Conv", {r1}, 8, 576);
    const int add = b.Op("add_" + std::to_string(k), "Add", {c2, x}, 8);
    x = b.Op("r2_" + std::to_string(k), "Relu", {add}, 8);
  }
  b.Output(x);
  const std::vector<FoldedRun> runs = FoldRepeats(b.g, FoldOptions());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].repeats, 4);
  EXPECT_EQ(runs[0].name,
            "Conv\xE2\x86\x92Relu\xE2\x86\x92"
            "Add");
  EXPECT_EQ(Names(b.g),
            (std::vector<std::string>{"x", "c1_0", "r1_0", "c2_0", "add_0", "r2_0", "out"}));
}

TEST(FoldRepeats, MinimumAndOffAndUnfold) {
  const auto make = [](int layers) {
    Builder b;
    int x = b.Input("x", 16);
    for (int k = 0; k < layers; ++k) x = Layer(b, x, k, 16);
    b.Output(x);
    return b.g;
  };
  LayerGraph two = make(2);
  EXPECT_TRUE(FoldRepeats(two, FoldOptions()).empty());
  FoldOptions min2;
  min2.min_repeats = 2;
  EXPECT_EQ(FoldRepeats(two, min2).size(), 1u);

  LayerGraph off = make(6);
  FoldOptions none;
  none.min_repeats = 0;
  EXPECT_TRUE(FoldRepeats(off, none).empty());

  LayerGraph kept = make(6);
  FoldOptions unfold;
  unfold.unfold = {"/layers.0/attn/Softmax"};
  EXPECT_TRUE(FoldRepeats(kept, unfold).empty());
}

TEST(FoldRepeats, NLayersAreOneRunOfN) {
  for (int layers : {3, 4, 7, 12, 24, 96}) {
    Builder b;
    int x = b.Input("x", 32);
    x = b.Op("embed", "Gather", {x}, 32, 1000);
    for (int k = 0; k < layers; ++k) x = Layer(b, x, k, 32);
    x = b.Op("head", "MatMul", {x}, 10, 320);
    b.Output(x);
    const int64_t params = b.g.TotalParams();
    const std::vector<FoldedRun> runs = FoldRepeats(b.g, FoldOptions());
    ASSERT_EQ(runs.size(), 1u) << layers << " layers";
    EXPECT_EQ(runs[0].repeats, layers);
    EXPECT_EQ(runs[0].block_ops, 13);
    EXPECT_EQ(b.g.nodes.size(), 4u + 13u) << layers << " layers";
    EXPECT_EQ(b.g.TotalParams(), params);
    const RepeatInfo& info = b.g.scopes[runs[0].scope].repeat;
    EXPECT_EQ(info.params, params - 1000 - 320);
    EXPECT_EQ(info.name, runs[0].name);
    // Which nodes each block was, though only the first block is left in the graph.
    ASSERT_EQ(info.blocks.size(), static_cast<size_t>(layers));
    for (int k = 0; k < layers; ++k) {
      const std::string p = "/layers." + std::to_string(k) + "/";
      EXPECT_EQ(info.blocks[k].first, p + "ln1/LayerNormalization");
      EXPECT_EQ(info.blocks[k].second, p + "Add_1");
    }
  }
}

TEST(FoldRepeats, OneDifferentParameterShapeBreaksTheRun) {
  // Layer 3 of 7 has a wider MLP weight (same op types, same output shapes): the layers
  // on either side fold (3 before it, 3 after), never across it.
  Builder b;
  int x = b.Input("x", 32);
  for (int k = 0; k < 7; ++k) {
    x = Layer(b, x, k, 32);
    if (k == 3) {
      for (Node& n : b.g.nodes) {
        if (n.name == "/layers.3/mlp/fc2/MatMul") n.params += 1;
      }
    }
  }
  b.Output(x);
  const std::vector<FoldedRun> runs = FoldRepeats(b.g, FoldOptions());
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].repeats, 3);
  EXPECT_EQ(runs[1].repeats, 3);
  const RepeatInfo& before = b.g.scopes[runs[0].scope].repeat;
  const RepeatInfo& after = b.g.scopes[runs[1].scope].repeat;
  EXPECT_EQ(before.blocks.back().first, "/layers.2/ln1/LayerNormalization");
  EXPECT_EQ(after.blocks.front().first, "/layers.4/ln1/LayerNormalization");
  bool odd_layer_drawn = false;
  for (const Node& n : b.g.nodes) odd_layer_drawn |= n.name == "/layers.3/mlp/fc2/MatMul";
  EXPECT_TRUE(odd_layer_drawn);
}

TEST(FoldRepeats, WeightsSharedByEveryLayerDoNotSplitOffTheFirst) {
  // Exporters de-duplicate identical constants and tie weights (ALBERT shares one layer's
  // weights across all): the importer counts a shared weight at its first reader, so
  // layer 0 owns what the others only read. All six layers are one run all the same.
  Builder b;
  int x = b.Input("x", 16);
  for (int k = 0; k < 6; ++k) x = Layer(b, x, k, 16);
  b.Output(x);
  for (Node& n : b.g.nodes) {
    if (n.params > 0 && n.name.rfind("/layers.0/", 0) != 0) {
      n.shared_params = n.params;
      n.params = 0;
    }
  }
  const int64_t params = b.g.TotalParams();
  const std::vector<FoldedRun> runs = FoldRepeats(b.g, FoldOptions());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].repeats, 6);
  EXPECT_EQ(b.g.scopes[runs[0].scope].repeat.params, params) << "the run's parameters once";
  EXPECT_EQ(b.g.TotalParams(), params);
}

// A DenseNet dense block: layer k reads x (c0 + k*g channels), BN, Relu, 1×1 Conv to 4g,
// BN, Relu, 3×3 Conv to g, Concat(x, new): every layer's weights and widths differ.
int DenseBlock(Builder& b, int x, int64_t c0, int layers, int64_t g = 32) {
  for (int k = 0; k < layers; ++k) {
    const int64_t c = c0 + k * g;
    const std::string p = "dense" + std::to_string(k) + "_";
    int y = b.Op(p + "bn1", "BatchNormalization", {x}, c, 4 * c);
    y = b.Op(p + "relu1", "Relu", {y}, c);
    y = b.Op(p + "conv1", "Conv", {y}, 4 * g, c * 4 * g);
    y = b.Op(p + "bn2", "BatchNormalization", {y}, 4 * g, 16 * g);
    y = b.Op(p + "relu2", "Relu", {y}, 4 * g);
    y = b.Op(p + "conv2", "Conv", {y}, g, 4 * g * g * 9);
    x = b.Op(p + "concat", "Concat", {x, y}, c + g);
  }
  return x;
}

TEST(FoldRepeats, LayersAlikeButForWidthFoldOnlyWhenAsked) {
  Builder b;
  int x = b.Input("x", 64);
  x = DenseBlock(b, x, 64, 6);
  b.Output(x);
  const int64_t params = b.g.TotalParams();
  LayerGraph strict = b.g;
  EXPECT_TRUE(FoldRepeats(strict, FoldOptions()).empty()) << "no two layers are identical";

  FoldOptions alike;
  alike.alike = true;
  const std::vector<FoldedRun> runs = FoldRepeats(b.g, alike);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].repeats, 6);
  EXPECT_EQ(runs[0].block_ops, 7);
  const Scope& fold = b.g.scopes[runs[0].scope];
  EXPECT_EQ(fold.name, runs[0].name +
                           " \xC3\x97"
                           "6 (widths vary)");
  EXPECT_TRUE(fold.repeat.alike);
  EXPECT_EQ(fold.repeat.shape_in,
            "1\xC3\x97"
            "64");
  EXPECT_EQ(fold.repeat.shape_out,
            "1\xC3\x97"
            "256");
  EXPECT_EQ(fold.repeat.params, params);
  EXPECT_EQ(b.g.TotalParams(), params) << "kept nodes hold their copies' sums";
  EXPECT_EQ(b.g.nodes.size(), 2u + 7u);
}

TEST(FoldRepeats, Deterministic) {
  const auto make = [] {
    Builder b;
    int x = b.Input("x", 16);
    for (int k = 0; k < 12; ++k) x = Layer(b, x, k, 16);
    b.Output(x);
    return b.g;
  };
  LayerGraph a = make();
  LayerGraph c = make();
  FoldRepeats(a, FoldOptions());
  FoldRepeats(c, FoldOptions());
  EXPECT_EQ(Names(a), Names(c));
  ASSERT_EQ(a.scopes.size(), c.scopes.size());
  for (size_t s = 0; s < a.scopes.size(); ++s) EXPECT_EQ(a.scopes[s].path, c.scopes[s].path);
}

}  // namespace
}  // namespace graphgen
