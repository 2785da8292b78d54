#include "passes/fuse_chains/fuse_chains.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace graphgen {
namespace {

// Builds graphs op by op; each op writes one tensor N×C×8×8 of the given channel count.
class Builder {
 public:
  int Input(const std::string& name, int64_t channels) {
    Node n;
    n.kind = NodeKind::kInput;
    n.name = name;
    n.op_type = "Input";
    return Emit(std::move(n), {}, channels);
  }
  int Op(const std::string& name, const std::string& op, std::vector<int> inputs, int64_t channels,
         int64_t params = 0, int scope = 0) {
    Node n;
    n.name = name;
    n.op_type = op;
    n.params = params;
    n.scope = scope;
    return Emit(std::move(n), std::move(inputs), channels);
  }
  // A weight-only op: no inputs (its weight is not listed), one output of shape C×1×1.
  int Weight(const std::string& name, int64_t channels, int scope = 0) {
    Node n;
    n.name = name;
    n.op_type = "Unsqueeze";
    n.params = channels;
    n.scope = scope;
    n.attributes.push_back({"axes", "[1, 2]"});
    const int t = g.AddTensor(name + ":0");
    g.tensors[t].type =
        TensorType{DType::kFloat32, true, {Dim{channels, ""}, Dim{1, ""}, Dim{1, ""}}};
    n.outputs.push_back(t);
    g.AddNode(std::move(n));
    g.RebuildTensorLinks();
    return t;
  }
  void Output(int tensor, const std::string& name = "out") {
    Node n;
    n.kind = NodeKind::kOutput;
    n.name = name;
    n.op_type = "Output";
    n.inputs.push_back(tensor);
    g.AddNode(std::move(n));
    g.RebuildTensorLinks();
  }
  int Find(const std::string& name) const {
    for (size_t i = 0; i < g.nodes.size(); ++i) {
      if (g.nodes[i].name == name) return static_cast<int>(i);
    }
    return -1;
  }
  LayerGraph g;

 private:
  int Emit(Node n, std::vector<int> inputs, int64_t channels) {
    n.inputs = std::move(inputs);
    const int t = g.AddTensor(n.name + ":0");
    g.tensors[t].type =
        TensorType{DType::kFloat32, true, {Dim{1, ""}, Dim{channels, ""}, Dim{8, ""}, Dim{8, ""}}};
    n.outputs.push_back(t);
    g.AddNode(std::move(n));
    g.RebuildTensorLinks();
    return t;
  }
};

std::vector<std::string> OpTypes(const LayerGraph& g) {
  std::vector<std::string> types;
  for (const Node& n : g.nodes) types.push_back(ChainLabel(n));
  return types;
}

using Types = std::vector<std::string>;

TEST(FuseChains, ConvBnReluIsOneBoxWithSummedParamsAndTheLastShape) {
  Builder b;
  const int x = b.Input("x", 3);
  int y = b.Op("conv", "Conv", {x}, 16, 432);
  y = b.Op("bn", "BatchNormalization", {y}, 16, 64);
  const int relu = b.Op("relu", "Relu", {y}, 16);
  b.Output(relu);
  b.g.nodes[b.Find("conv")].attributes.push_back({"kernel_shape", "[3, 3]"});
  b.g.nodes[b.Find("bn")].shared_params = 5;
  const int64_t params = b.g.TotalParams();

  const FuseResult r = FuseChains(b.g);
  EXPECT_EQ(r.chains, 1);
  EXPECT_EQ(r.removed, 2);
  EXPECT_EQ(r.example, "Conv \xC2\xB7 BN \xC2\xB7 Relu");
  EXPECT_EQ(OpTypes(b.g), (Types{"Input", "Conv \xC2\xB7 BN \xC2\xB7 Relu", "Output"}));
  const Node& conv = b.g.nodes[1];
  EXPECT_EQ(conv.name, "conv");
  EXPECT_EQ(conv.op_type, "Conv");  // the head's category and colour
  EXPECT_EQ(conv.params, 496);
  EXPECT_EQ(conv.shared_params, 5);
  EXPECT_EQ(conv.op_count, 3);
  ASSERT_EQ(conv.attributes.size(), 1u);
  EXPECT_EQ(conv.attributes[0].value, "[3, 3]");
  ASSERT_EQ(conv.fused.size(), 2u);
  EXPECT_EQ(conv.fused[0].name, "bn");
  EXPECT_EQ(conv.fused[0].op_type, "BatchNormalization");
  EXPECT_EQ(conv.fused[1].name, "relu");
  EXPECT_FALSE(conv.fused[0].weight || conv.fused[1].weight);
  // The box writes the Relu's tensor, which the output reads.
  ASSERT_EQ(conv.outputs, std::vector<int>{relu});
  EXPECT_EQ(b.g.tensors[relu].producer, 1);
  EXPECT_EQ(b.g.tensors[relu].consumers, std::vector<int>{2});
  EXPECT_EQ(b.g.nodes[2].inputs, std::vector<int>{relu});
  EXPECT_EQ(b.g.TotalParams(), params);
}

// Inception v2 as onnx-caffe2 exports it: BatchNormalization, then a per-channel scale
// Mul and Add whose weights come through Unsqueeze ops; all of it is the Conv's layer.
TEST(FuseChains, CaffeScaleThroughUnsqueezeFusesWithItsWeights) {
  Builder b;
  const int x = b.Input("x", 3);
  int y = b.Op("n0", "Conv", {x}, 64, 9408);
  y = b.Op("n1", "BatchNormalization", {y}, 64, 256);
  const int w = b.Weight("n2", 64);
  y = b.Op("n3", "Mul", {y, w}, 64);
  const int w2 = b.Weight("n4", 64);
  y = b.Op("n5", "Add", {y, w2}, 64);
  y = b.Op("n6", "Relu", {y}, 64);
  b.Output(b.Op("pool", "MaxPool", {y}, 64));
  const int64_t params = b.g.TotalParams();

  FuseChains(b.g);
  // The weighted Mul and Add read as Caffe's Scale layer; the tooltip lists each op.
  EXPECT_EQ(OpTypes(b.g),
            (Types{"Input", "Conv \xC2\xB7 BN \xC2\xB7 Scale \xC2\xB7 Relu", "MaxPool", "Output"}));
  const Node& conv = b.g.nodes[1];
  EXPECT_EQ(conv.params, 9408 + 256 + 64 + 64);
  EXPECT_EQ(conv.op_count, 7);
  ASSERT_EQ(conv.fused.size(), 6u);
  const std::vector<std::pair<std::string, bool>> want = {
      {"n1", false}, {"n2", true}, {"n3", false}, {"n4", true}, {"n5", false}, {"n6", false}};
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(conv.fused[i].name, want[i].first);
    EXPECT_EQ(conv.fused[i].weight, want[i].second) << want[i].first;
  }
  EXPECT_EQ(b.g.TotalParams(), params);
  // The pool reads the fused box.
  EXPECT_EQ(b.g.tensors[b.g.nodes[2].inputs[0]].producer, 1);
}

TEST(FuseChains, StopsWhereATensorHasTwoReaders) {
  Builder b;
  const int x = b.Input("x", 3);
  int y = b.Op("conv", "Conv", {x}, 16, 432);
  const int bn = b.Op("bn", "BatchNormalization", {y}, 16, 64);
  const int relu = b.Op("relu", "Relu", {bn}, 16);
  const int sum = b.Op("sum", "Add", {relu, bn}, 16);  // the BN output's second reader
  b.Output(sum);

  FuseChains(b.g);
  // The Conv takes its BN (one reader), but not the Relu: the BN output is read twice.
  EXPECT_EQ(OpTypes(b.g), (Types{"Input", "Conv \xC2\xB7 BN", "Relu", "Add", "Output"}));
  EXPECT_EQ(b.g.nodes[3].inputs, (std::vector<int>{relu, bn}));
  EXPECT_EQ(b.g.tensors[bn].producer, 1);
}

TEST(FuseChains, AGraphOutputIsNeverHidden) {
  Builder b;
  const int x = b.Input("x", 3);
  const int conv = b.Op("conv", "Conv", {x}, 16, 432);
  b.Output(conv, "features");  // the Conv's output leaves the graph
  const int bn = b.Op("bn", "BatchNormalization", {conv}, 16, 64);
  b.Output(b.Op("relu", "Relu", {bn}, 16));

  const int before = static_cast<int>(b.g.nodes.size());
  const FuseResult r = FuseChains(b.g);
  EXPECT_EQ(r.chains, 0);
  EXPECT_EQ(static_cast<int>(b.g.nodes.size()), before);
  for (const Node& n : b.g.nodes) EXPECT_TRUE(n.fused.empty()) << n.name;
}

TEST(FuseChains, NeverCrossesAScopeOrFoldBoundary) {
  Builder b;
  const int block = b.g.ChildScope(0, "block", ScopeKind::kModule);
  const int fold = b.g.ChildScope(0, "layers", ScopeKind::kRepeat);
  const int x = b.Input("x", 3);
  // The Conv ends one module and the BN starts the next scope: two boxes.
  int y = b.Op("block/conv", "Conv", {x}, 16, 432, block);
  y = b.Op("layers/bn", "BatchNormalization", {y}, 16, 64, fold);
  y = b.Op("layers/relu", "Relu", {y}, 16, 0, fold);
  // A collapsed scope is never part of a chain either.
  Node group;
  group.kind = NodeKind::kGroup;
  group.name = "head";
  group.op_type = "head";
  group.inputs = {y};
  const int gt = b.g.AddTensor("head:0");
  b.g.tensors[gt].type = b.g.tensors[y].type;
  group.outputs = {gt};
  b.g.AddNode(group);
  b.g.RebuildTensorLinks();
  b.Output(b.Op("relu2", "Relu", {gt}, 16));

  EXPECT_EQ(FuseChains(b.g).chains, 0);
  EXPECT_EQ(OpTypes(b.g),
            (Types{"Input", "Conv", "BatchNormalization", "Relu", "head", "Relu", "Output"}));

  // Inside one scope the same ops fuse, and the box stays in it.
  Builder c;
  const int s = c.g.ChildScope(0, "block", ScopeKind::kModule);
  const int cx = c.Input("x", 3);
  int cy = c.Op("block/conv", "Conv", {cx}, 16, 432, s);
  cy = c.Op("block/bn", "BatchNormalization", {cy}, 16, 64, s);
  c.Output(c.Op("block/relu", "Relu", {cy}, 16, 0, s));
  EXPECT_EQ(FuseChains(c.g).chains, 1);
  EXPECT_EQ(c.g.nodes[1].scope, s);
}

TEST(FuseChains, OnlyLayerOpsFollowAHead) {
  Builder b;
  const int x = b.Input("x", 3);
  const int other = b.Op("other", "Relu", {x}, 16);
  int y = b.Op("conv", "Conv", {x}, 16, 432);
  // An Add of two activations is a residual join, not the Conv's bias.
  y = b.Op("join", "Add", {y, other}, 16);
  int z = b.Op("conv2", "Conv", {y}, 16, 2304);
  z = b.Op("pool", "MaxPool", {z}, 16);  // pooling is its own box
  int u = b.Op("conv3", "Conv", {z}, 16, 2304);
  u = b.Op("neg", "Neg", {u}, 16);  // element-wise without a weight
  int v = b.Op("conv4", "Conv", {u}, 16, 2304);
  v = b.Op("up", "Mul", {v}, 32, 1);  // a weight, but the shape changes
  int w = b.Op("conv5", "Conv", {v}, 16, 2304);
  w = b.Op("conv6", "Conv", {w}, 16, 2304);  // a head never follows a head
  b.Output(w);

  EXPECT_EQ(FuseChains(b.g).chains, 0);
}

TEST(FuseChains, TensorFlowSpellingsAndLinearHeads) {
  Builder b;
  const int x = b.Input("x", 3);
  int y = b.Op("conv/Conv2D", "Conv2D", {x}, 16, 432);
  y = b.Op("conv/BiasAdd", "BiasAdd", {y}, 16, 16);
  y = b.Op("conv/Relu6", "Relu6", {y}, 16);
  // A norm after the activation still belongs to the layer.
  int z = b.Op("bn/FusedBatchNormV3", "FusedBatchNormV3", {y}, 16, 64);
  z = b.Op("dense/MatMul", "MatMul", {z}, 16, 256);
  z = b.Op("dense/BiasAdd", "BiasAdd", {z}, 16, 16);
  z = b.Op("dense/Softmax", "Softmax", {z}, 16);
  b.Output(z);

  EXPECT_EQ(FuseChains(b.g).chains, 2);
  EXPECT_EQ(OpTypes(b.g), (Types{"Input", "Conv2D \xC2\xB7 BiasAdd \xC2\xB7 Relu6 \xC2\xB7 BN",
                                 "MatMul \xC2\xB7 BiasAdd \xC2\xB7 Softmax", "Output"}));
}

TEST(FuseChains, ControlEdgesStayOnTheHeadAndKeepOthersOut) {
  Builder b;
  const int x = b.Input("x", 3);
  const int init = b.Op("init", "NoOp", {}, 1);
  int y = b.Op("conv", "Conv", {x}, 16, 432);
  y = b.Op("bias", "BiasAdd", {y}, 16, 16);
  y = b.Op("relu", "Relu", {y}, 16);
  int z = b.Op("conv2", "Conv", {y}, 16, 2304);
  z = b.Op("relu2", "Relu", {z}, 16);
  b.Output(z);
  (void)init;
  // init runs before the first Conv (fine: the box runs after it) and before relu2 (that
  // Relu stays its own box).
  b.g.control_edges = {{b.Find("init"), b.Find("conv")}, {b.Find("init"), b.Find("relu2")}};

  EXPECT_EQ(FuseChains(b.g).chains, 1);
  EXPECT_EQ(OpTypes(b.g), (Types{"Input", "NoOp", "Conv \xC2\xB7 BiasAdd \xC2\xB7 Relu", "Conv",
                                 "Relu", "Output"}));
  EXPECT_EQ(b.g.control_edges, (std::vector<std::pair<int, int>>{{1, 2}, {1, 4}}));
}

TEST(FuseChains, FoldedCopiesMatchAndChainsAreBounded) {
  Builder b;
  const int x = b.Input("x", 3);
  int y = b.Op("conv", "Conv", {x}, 16, 432);
  for (int i = 0; i < 12; ++i) y = b.Op("relu" + std::to_string(i), "Relu", {y}, 16);
  b.Output(y);
  FuseOptions options;
  options.max_followers = 8;
  FuseChains(b.g, options);
  EXPECT_EQ(b.g.nodes[1].fused.size(), 8u);
  EXPECT_EQ(b.g.nodes.size(), 1u + 1 + 4 + 1);

  // A node standing for 6 folded copies never takes one that stands for 1.
  Builder c;
  const int cx = c.Input("x", 3);
  int cy = c.Op("conv", "Conv", {cx}, 16, 432);
  cy = c.Op("bn", "BatchNormalization", {cy}, 16, 64);
  c.Output(cy);
  c.g.nodes[1].copies = 6;
  EXPECT_EQ(FuseChains(c.g).chains, 0);
  c.g.nodes[2].copies = 6;
  EXPECT_EQ(FuseChains(c.g).chains, 1);
  EXPECT_EQ(c.g.nodes[1].copies, 6);
  EXPECT_EQ(c.g.nodes[1].params, 496);  // per copy, as before
}

TEST(FuseChains, Deterministic) {
  const auto build = [] {
    Builder b;
    int y = b.Input("x", 3);
    for (int i = 0; i < 20; ++i) {
      const std::string p = "l" + std::to_string(i) + "/";
      const int branch = b.Op(p + "conv", "Conv", {y}, 16, 432 + i);
      const int bn = b.Op(p + "bn", "BatchNormalization", {branch}, 16, 64);
      const int relu = b.Op(p + "relu", "Relu", {bn}, 16);
      const int side = b.Op(p + "side", "Gemm", {y}, 16, 100);
      y = b.Op(p + "cat", "Concat", {relu, i % 3 == 0 ? bn : side}, 16);
    }
    b.Output(y);
    return b;
  };
  Builder first = build();
  Builder second = build();
  const FuseResult a = FuseChains(first.g);
  const FuseResult c = FuseChains(second.g);
  EXPECT_EQ(a.chains, c.chains);
  EXPECT_EQ(a.removed, c.removed);
  ASSERT_EQ(first.g.nodes.size(), second.g.nodes.size());
  for (size_t i = 0; i < first.g.nodes.size(); ++i) {
    EXPECT_EQ(first.g.nodes[i].name, second.g.nodes[i].name);
    EXPECT_EQ(ChainLabel(first.g.nodes[i]), ChainLabel(second.g.nodes[i]));
    EXPECT_EQ(first.g.nodes[i].inputs, second.g.nodes[i].inputs);
    EXPECT_EQ(first.g.nodes[i].outputs, second.g.nodes[i].outputs);
  }
  // Every third layer's BN is read twice (Relu and Concat): Conv · BN only there.
  EXPECT_EQ(ChainLabel(first.g.nodes[1]), "Conv \xC2\xB7 BN");
  EXPECT_EQ(ChainLabel(first.g.nodes[first.Find("l1/conv")]), "Conv \xC2\xB7 BN \xC2\xB7 Relu");
  // Running again changes nothing: fused boxes never take more.
  const size_t boxes = first.g.nodes.size();
  EXPECT_EQ(FuseChains(first.g).chains, 0);
  EXPECT_EQ(first.g.nodes.size(), boxes);
}

TEST(ChainLabel, PlainNodesKeepTheirType) {
  Node n;
  n.op_type = "BatchNormalization";
  EXPECT_EQ(ChainLabel(n), "BatchNormalization");
  n.op_type = "Gemm";
  n.fused = {{"a", "LayerNormalization", false}, {"w", "Unsqueeze", true}, {"b", "Gelu", false}};
  EXPECT_EQ(ChainLabel(n), "Gemm \xC2\xB7 LN \xC2\xB7 Gelu");
  // Only a Mul directly followed by an Add is a Scale.
  n.op_type = "Conv2D";
  n.fused = {{"m", "Mul", false}, {"r", "Relu", false}, {"a", "AddV2", false}};
  EXPECT_EQ(ChainLabel(n), "Conv2D \xC2\xB7 Mul \xC2\xB7 Relu \xC2\xB7 AddV2");
  n.fused = {{"m", "Mul", false}, {"w", "Unsqueeze", true}, {"a", "BiasAdd", false}};
  EXPECT_EQ(ChainLabel(n), "Conv2D \xC2\xB7 Scale");
}

}  // namespace
}  // namespace graphgen
