#include "core/graph_hash.h"

#include <gtest/gtest.h>

namespace graphgen {
namespace {

// x -> conv1 -> relu -> y, with conv1 owning 864 weights.
LayerGraph Chain() {
  LayerGraph g;
  g.format = "ONNX";
  const int x = g.AddTensor("x");
  const int c = g.AddTensor("c");
  const int r = g.AddTensor("r");
  g.tensors[x].type = TensorType{DType::kFloat32, true, {Dim{-1, "N"}, Dim{3, ""}}};
  g.tensors[c].type = TensorType{DType::kFloat32, true, {Dim{-1, "N"}, Dim{32, ""}}};
  g.tensors[r].type = g.tensors[c].type;
  Node in;
  in.kind = NodeKind::kInput;
  in.name = "x";
  in.outputs = {x};
  g.AddNode(in);
  Node conv;
  conv.name = "conv1";
  conv.op_type = "Conv";
  conv.params = 864;
  conv.attributes = {{"kernel_shape", "[3, 3]"}};
  conv.outputs = {c};
  g.AddNode(conv);
  Node relu;
  relu.op_type = "Relu";  // unnamed
  relu.outputs = {r};
  g.AddNode(relu);
  g.Connect(x, 1);
  g.Connect(c, 2);
  g.RebuildTensorLinks();
  return g;
}

TEST(Fnv1a64, PublishedTestVectors) {
  // From the FNV reference (isthe.com/chongo/tech/comp/fnv): "" and "a" and "foobar".
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(Fnv1a64("bar", Fnv1a64("foo")), Fnv1a64("foobar"));
}

TEST(FingerprintGraph, SameGraphSameFingerprint) {
  const GraphFingerprint a = FingerprintGraph(Chain());
  const GraphFingerprint b = FingerprintGraph(Chain());
  EXPECT_EQ(a.hash, b.hash);
  ASSERT_EQ(a.nodes.size(), 3u);
  EXPECT_TRUE(a.nodes == b.nodes);
  EXPECT_EQ(FormatGraphHash(a.hash).rfind("fnv1a64:", 0), 0u);
  EXPECT_EQ(FormatGraphHash(a.hash).size(), 8u + 16u);
}

TEST(FingerprintGraph, WeightValuesDoNotCountButEverythingDrawnDoes) {
  const GraphFingerprint base = FingerprintGraph(Chain());
  // Re-trained weights change no field of the layer graph: producer and notes are
  // not graph content either.
  LayerGraph retrained = Chain();
  retrained.producer = "pytorch 2.7";
  EXPECT_EQ(FingerprintGraph(retrained).hash, base.hash);

  LayerGraph g = Chain();
  g.nodes[1].attributes[0].value = "[5, 5]";
  GraphFingerprint fp = FingerprintGraph(g);
  EXPECT_NE(fp.hash, base.hash);
  EXPECT_EQ(fp.nodes[1].id, base.nodes[1].id);
  EXPECT_NE(fp.nodes[1].structure, base.nodes[1].structure);
  EXPECT_EQ(fp.nodes[1].shapes, base.nodes[1].shapes);

  g = Chain();
  g.tensors[1].type.dims[1].value = 64;
  fp = FingerprintGraph(g);
  EXPECT_NE(fp.hash, base.hash);
  EXPECT_EQ(fp.nodes[1].structure, base.nodes[1].structure);
  EXPECT_NE(fp.nodes[1].shapes, base.nodes[1].shapes);

  g = Chain();
  g.tensors[0].type.dims[0].symbol = "batch";
  EXPECT_NE(FingerprintGraph(g).hash, base.hash);

  g = Chain();
  g.nodes[1].params = 865;  // a weight's shape changed
  EXPECT_NE(FingerprintGraph(g).hash, base.hash);

  g = Chain();
  g.nodes[1].name = "conv2";
  fp = FingerprintGraph(g);
  EXPECT_NE(fp.nodes[1].id, base.nodes[1].id);
}

TEST(FingerprintGraph, StringsAreLengthPrefixed) {
  LayerGraph a = Chain(), b = Chain();
  a.nodes[1].attributes = {{"ab", "c"}};
  b.nodes[1].attributes = {{"a", "bc"}};
  EXPECT_NE(FingerprintGraph(a).hash, FingerprintGraph(b).hash);
}

TEST(NodeHashes, RoundTripAndRejectMalformed) {
  const GraphFingerprint fp = FingerprintGraph(Chain());
  const std::string text = FormatNodeHashes(fp.nodes);
  EXPECT_EQ(text.size(), 3 * 24u + 2);
  std::vector<NodeHash> back;
  ASSERT_TRUE(ParseNodeHashes(text, &back));
  EXPECT_TRUE(back == fp.nodes);
  EXPECT_TRUE(ParseNodeHashes("", &back));
  EXPECT_TRUE(back.empty());
  EXPECT_FALSE(ParseNodeHashes(text.substr(0, 30), &back));
  EXPECT_FALSE(ParseNodeHashes(text + ".", &back));
  EXPECT_FALSE(ParseNodeHashes(std::string(24, 'G'), &back));
  EXPECT_FALSE(ParseNodeHashes(std::string(24, 'A'), &back));  // lower case only
}

TEST(DescribeNodeChanges, CountsChangedReshapedAddedRemoved) {
  const LayerGraph before_graph = Chain();
  const GraphFingerprint before = FingerprintGraph(before_graph);
  EXPECT_EQ(DescribeNodeChanges(before.nodes, before.nodes, before_graph), "");

  LayerGraph g = Chain();
  g.nodes[1].attributes[0].value = "[5, 5]";  // conv1 changed
  g.tensors[2].type.dims[1].value = 16;       // the Relu's output shape
  Node extra;
  extra.name = "fc";
  extra.op_type = "Gemm";
  g.AddNode(extra);
  GraphFingerprint now = FingerprintGraph(g);
  EXPECT_EQ(DescribeNodeChanges(before.nodes, now.nodes, g),
            "1 node changed (conv1), 1 node with new shapes (Relu_2), 1 node added (fc)");

  // The input removed: counted, not named (its name is only in the old model).
  g = Chain();
  std::vector<bool> remove = {true, false, false};
  g.RemoveNodes(remove);
  now = FingerprintGraph(g);
  EXPECT_EQ(DescribeNodeChanges(before.nodes, now.nodes, g), "1 node removed");
}

TEST(DescribeNodeChanges, NamesAreCapped) {
  LayerGraph g;
  std::vector<NodeHash> before;
  for (int i = 0; i < 5; ++i) {
    Node n;
    n.name = "n" + std::to_string(i);
    n.op_type = "Relu";
    g.AddNode(n);
  }
  const GraphFingerprint now = FingerprintGraph(g);
  EXPECT_EQ(DescribeNodeChanges(before, now.nodes, g, 2), "5 nodes added (n0, n1, ...)");
}

}  // namespace
}  // namespace graphgen
