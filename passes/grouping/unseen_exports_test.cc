// Rules learned from real exports the grouping had never seen (issue 18), each on the
// smallest graph that has the structure: channels-last blocks inside a channels-first
// classifier, widths that rise and fall in every block, stacked RNN state unpacked per
// layer, additive attention, a VAE's sampling, SegNet's unpooling, the memory transpose
// of a batch-first transformer.
#include <gtest/gtest.h>

#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_test_util.h"

namespace graphgen {
namespace grouping_test {
namespace {

Attribute Perm(const std::string& perm) { return {"perm", perm}; }

// ConvNeXt-style: a stride-4 stem, then blocks that permute to N×H×W×C for LayerNorm and
// Linear and back; a stride-2 downsample; global pooling and a classifier. Read with the
// channels first throughout, the permuted maps (1×16×16×32) would look like 16 channels
// at a resolution of 22.6: a rise, and a false decoder.
TEST(TensorLayouts, PermutedBlocksOfAClassifierAreNoDecoder) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "stem", {"x"}, "s", {1, 32, 16, 16}, {Strides(4)});
  b.Op("Transpose", "to_last", {"s"}, "p", {1, 16, 16, 32}, {Perm("[0, 2, 3, 1]")});
  b.Op("LayerNormalization", "norm", {"p"}, "n", {1, 16, 16, 32});
  b.Op("MatMul", "fc1", {"n"}, "f1", {1, 16, 16, 128});
  b.Op("MatMul", "fc2", {"f1"}, "f2", {1, 16, 16, 32});
  b.Op("Transpose", "to_first", {"f2"}, "q", {1, 32, 16, 16}, {Perm("[0, 3, 1, 2]")});
  b.Op("Add", "residual", {"s", "q"}, "r", {1, 32, 16, 16});
  b.Op("Conv", "down", {"r"}, "d", {1, 64, 8, 8}, {Strides(2)});
  b.Op("GlobalAveragePool", "pool", {"d"}, "g", {1, 64, 1, 1});
  b.Op("Flatten", "flat", {"g"}, "v", {1, 64});
  b.Op("Gemm", "head", {"v"}, "y", {1, 10});
  b.Output("y");
  const LayerGraph& g = b.Done();
  const SpatialLevels s = ComputeSpatialLevels(g);
  EXPECT_EQ(s.level[b.T("p")], 2);  // 16 of 64, channels last
  EXPECT_EQ(s.channels[b.T("f1")], 128);
  EXPECT_EQ(s.level[b.T("q")], 2);
  EXPECT_EQ(s.level[b.T("d")], 3);
  EXPECT_FALSE(FindGroups(g, GroupingOptions()).found);
}

// A decoder-only transformer's feed-forward widens and narrows in every block (128 ->
// 512 -> 128) before the vocabulary projection: no autoencoder.
TEST(DenseReading, WidthsThatRiseAndFallInEveryBlockAreNoAutoencoder) {
  Builder b;
  b.Input("x", {1, 128});
  std::string at = "x";
  for (int k = 0; k < 3; ++k) {
    const std::string p = "h" + std::to_string(k);
    b.Op("MatMul", p + "/fc", {at}, p + "/a", {1, 512});
    b.Op("Relu", p + "/act", {p + "/a"}, p + "/r", {1, 512});
    b.Op("MatMul", p + "/proj", {p + "/r"}, p + "/b", {1, 128});
    b.Op("Add", p + "/res", {at, p + "/b"}, p + "/o", {1, 128});
    at = p + "/o";
  }
  b.Op("MatMul", "lm_head", {at}, "y", {1, 1000});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  EXPECT_FALSE(r.found);
  EXPECT_TRUE(HasEvidence(r, "widen and narrow again"));
}

// A two-layer GRU encoder stacks its layers' final states (Concat); each decoder layer
// takes its own (Slice). The Concat is the encoder's, the Slices the decoder's first
// readers, and the state edges run between them.
TEST(RecurrentState, StackedFinalStatesUnpackedPerLayer) {
  Builder b;
  b.Input("src", {5, 1, 8});
  b.Input("tgt", {5, 1, 8});
  const int e0 = b.Op2("GRU", "enc0", {"src"}, {"y0", "h0"});
  b.Op("Squeeze", "sq", {"y0"}, "y0s");
  const int e1 = b.Op2("GRU", "enc1", {"y0s"}, {"y1", "h1"});
  b.Op("Concat", "stack", {"h0", "h1"}, "state");
  b.Op("Slice", "take0", {"state"}, "s0");
  b.Op("Slice", "take1", {"state"}, "s1");
  const int d0 = b.Op2("GRU", "dec0", {"tgt", "s0"}, {"z0", "g0"});
  b.Op("Squeeze", "dsq", {"z0"}, "z0s");
  const int d1 = b.Op2("GRU", "dec1", {"z0s", "s1"}, {"z1", "g1"});
  b.Op("MatMul", "out", {"z1"}, "y");
  b.Output("y");
  const LayerGraph& g = b.Done();
  const std::vector<StateLink> links = FindStateLinks(g);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].from_rnn, e1);
  EXPECT_EQ(links[0].to_rnn, d0);
  EXPECT_EQ(links[0].reader, b.N("take0"));
  EXPECT_EQ(links[1].to_rnn, d1);
  const Grouping r = FindGroups(g, GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[e0], Role::kEncoder);
  EXPECT_EQ(r.roles[b.N("stack")], Role::kEncoder);
  EXPECT_EQ(r.roles[b.N("take0")], Role::kDecoder);
  const std::vector<std::pair<int, int>> want = {{b.N("stack"), b.N("take0")},
                                                 {b.N("stack"), b.N("take1")}};
  EXPECT_EQ(EdgesOf(r, EdgeKind::kState), want);
}

// Bahdanau attention: scores v·tanh(W·s + U·h), softmax, context = weights · h. The memory
// is h, the stream the weights are applied to; an encoder RNN's final state read by the
// decoder's bridge is a state edge.
TEST(AdditiveAttention, MemoryIsWhatTheWeightsAreAppliedTo) {
  Builder b;
  b.Input("src", {1, 6});
  b.Input("tgt", {1, 16});
  b.Op("Gather", "embed", {"src"}, "x0");
  b.Op("MatMul", "in_proj", {"x0"}, "x1");
  b.Op("Tanh", "in_act", {"x1"}, "x2");
  const int enc = b.Op2("LSTM", "enc", {"x2"}, {"h", "hn", "cn"});
  b.Op("MatMul", "bridge", {"hn"}, "s0");
  b.Op("MatMul", "U_a", {"h"}, "uh");
  b.Op("MatMul", "W_a", {"s0"}, "ws");
  b.Op("Add", "sum", {"ws", "uh"}, "e");
  b.Op("Tanh", "squash", {"e"}, "t");
  b.Op("MatMul", "v_a", {"t"}, "sc");
  b.Op("Softmax", "softmax", {"sc"}, "w");
  b.Op("MatMul", "context", {"w", "h"}, "ctx");
  b.Op("Add", "mix", {"ctx", "tgt"}, "m");
  b.Op("MatMul", "out", {"m"}, "y");
  b.Output("y");
  const LayerGraph& g = b.Done();
  const std::vector<CrossAttention> cross = FindCrossAttention(g);
  ASSERT_EQ(cross.size(), 1u);
  EXPECT_EQ(cross[0].memory, b.T("h"));
  EXPECT_EQ(cross[0].key_projection, b.N("U_a"));
  const Grouping r = FindGroups(g, GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[enc], Role::kEncoder);
  EXPECT_EQ(r.roles[b.N("bridge")], Role::kDecoder);
  const std::vector<std::pair<int, int>> memory = {{enc, b.N("U_a")}, {enc, b.N("context")}};
  EXPECT_EQ(EdgesOf(r, EdgeKind::kMemory), memory);
  const std::vector<std::pair<int, int>> state = {{enc, b.N("bridge")}};
  EXPECT_EQ(EdgesOf(r, EdgeKind::kState), state);
}

// A batch-first transformer transposes the encoder's output once, in the decoder's first
// cross-attention, for every layer's keys and values: the transpose is the decoder's, the
// memory the encoder's norm output.
TEST(CrossAttentionMemory, OneTransposeAfterTheEncoderIsTheDecoders) {
  Builder b;
  b.Input("src", {1, 10});
  b.Input("tgt", {1, 10});
  b.Op("Gather", "src_embed", {"src"}, "e0");
  b.Op("MatMul", "enc_ff", {"e0"}, "e1");
  b.Op("Relu", "enc_act", {"e1"}, "e2");
  b.Op("MatMul", "enc_ff2", {"e2"}, "e3");
  b.Op("LayerNormalization", "enc_norm", {"e3"}, "memory");
  b.Op("Transpose", "mem_t", {"memory"}, "memory_t");
  b.Op("Gather", "tgt_embed", {"tgt"}, "d0");
  b.Op("MatMul", "q_proj", {"d0"}, "q");
  b.Op("MatMul", "k_proj", {"memory_t"}, "k");
  b.Op("MatMul", "scores", {"q", "k"}, "s");
  b.Op("Softmax", "softmax", {"s"}, "a");
  b.Op("MatMul", "v_proj", {"memory_t"}, "v");
  b.Op("MatMul", "attn", {"a", "v"}, "o");
  b.Op("MatMul", "generator", {"o"}, "y");
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("enc_norm")], Role::kEncoder);
  EXPECT_EQ(r.roles[b.N("mem_t")], Role::kDecoder);
  const std::vector<std::pair<int, int>> memory = {{b.N("enc_norm"), b.N("mem_t")}};
  EXPECT_EQ(EdgesOf(r, EdgeKind::kMemory), memory);
}

// SegNet: max-pools that return their argmax positions and MaxUnpools that put the
// decoder's values back there. The unpools rise in resolution; the positions weigh
// nothing on the main path.
TEST(Unpooling, MaxUnpoolRisesAndTheIndicesAreOffThePath) {
  Builder b;
  b.Input("x", {1, 3, 32, 32});
  b.Op("Conv", "c1", {"x"}, "a", {1, 8, 32, 32});
  b.Op2("MaxPool", "p1", {"a"}, {"pa", "ia"});
  b.g.nodes.back().attributes = {Strides(2)};
  Builder::Type(b.g.nodes.back().attributes[0]);
  b.T("pa", {1, 8, 16, 16});
  b.Typed("ia", DType::kInt64, {1, 8, 16, 16});
  b.Op("Conv", "c2", {"pa"}, "m", {1, 8, 16, 16});
  b.Op("Conv", "c3", {"m"}, "n", {1, 8, 16, 16});
  b.Op("MaxUnpool", "u1", {"n", "ia"}, "up", {}, {Strides(2)});
  b.Op("Conv", "c4", {"up"}, "y", {1, 2, 32, 32});
  b.Output("y");
  const LayerGraph& g = b.Done();
  const SpatialLevels s = ComputeSpatialLevels(g);
  EXPECT_EQ(s.level[b.T("up")], 0);
  const Grouping r = FindGroups(g, GroupingOptions());
  ASSERT_TRUE(r.found) << r.Verdict();
  EXPECT_EQ(r.roles[b.N("c1")], Role::kEncoder);
  EXPECT_EQ(r.roles[b.N("u1")], Role::kDecoder);
}

}  // namespace
}  // namespace grouping_test
}  // namespace graphgen
