// Tests of the cross-attention and recurrent-state evidence (attention.cc,
// recurrent_state.cc) and the sequence reading (sequence_reading.cc).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_test_util.h"

namespace graphgen {
namespace grouping_test {
namespace {

// Self-attention reading `x` (one projection feeding Q and K, like a packed in_proj).
void Attention(Builder& b, const std::string& p, const std::string& q_src,
               const std::string& kv_src, const std::string& out) {
  b.Op("MatMul", p + "/q_proj", {q_src}, p + "/q");
  b.Op("MatMul", p + "/k_proj", {kv_src}, p + "/k");
  b.Op("Transpose", p + "/kt", {p + "/k"}, p + "/kT");
  b.Op("MatMul", p + "/scores", {p + "/q", p + "/kT"}, p + "/s");
  b.Op("Div", p + "/scale", {p + "/s"}, p + "/s2");
  b.Op("Softmax", p + "/softmax", {p + "/s2"}, p + "/a");
  b.Op("MatMul", p + "/v_proj", {kv_src}, p + "/v");
  b.Op("MatMul", p + "/attn", {p + "/a", p + "/v"}, p + "/o");
  b.Op("Add", p + "/residual", {q_src, p + "/o"}, out);
}

TEST(Grouping, TransformerMemoryFannedOutToEveryDecoderLayer) {
  Builder b;
  b.Input("src", {1, 10});
  b.Input("tgt", {1, 10});
  b.Op("Gather", "src_embed", {"src"}, "e0");
  Attention(b, "enc0", "e0", "e0", "e1");
  Attention(b, "enc1", "e1", "e1", "e2");
  b.Op("LayerNormalization", "enc_norm", {"e2"}, "memory");
  b.Op("Gather", "tgt_embed", {"tgt"}, "d0");
  Attention(b, "dec0_self", "d0", "d0", "d1");
  Attention(b, "dec0_cross", "d1", "memory", "d2");
  Attention(b, "dec1_self", "d2", "d2", "d3");
  Attention(b, "dec1_cross", "d3", "memory", "d4");
  b.Op("MatMul", "generator", {"d4"}, "y");
  b.Output("y");
  const LayerGraph& g = b.Done();
  const std::vector<CrossAttention> cross = FindCrossAttention(g);
  ASSERT_EQ(cross.size(), 2u);
  EXPECT_EQ(cross[0].memory, b.T("memory"));
  GroupingOptions o;
  o.mode = GroupingMode::kStructure;
  const Grouping r = FindGroups(g, o);
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.basis, "sequence");
  for (const char* n : {"src_embed", "enc0/q_proj", "enc1/softmax", "enc_norm"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kEncoder) << n;
  }
  for (const char* n :
       {"tgt_embed", "dec0_self/softmax", "dec0_cross/q_proj", "dec1_cross/k_proj", "generator"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kDecoder) << n;
  }
  std::vector<std::pair<int, int>> memory;
  for (const TypedEdge& e : r.edges) {
    if (e.kind == EdgeKind::kMemory) memory.emplace_back(e.from, e.to);
  }
  const int norm = b.N("enc_norm");
  const std::vector<std::pair<int, int>> want = {{norm, b.N("dec0_cross/k_proj")},
                                                 {norm, b.N("dec0_cross/v_proj")},
                                                 {norm, b.N("dec1_cross/k_proj")},
                                                 {norm, b.N("dec1_cross/v_proj")}};
  EXPECT_EQ(memory, want);
  // Two self-attention blocks per stack.
  int enc_stages = 0;
  for (const Stage& s : r.stages) enc_stages += s.role == Role::kEncoder;
  EXPECT_EQ(enc_stages, 2);
}

TEST(Grouping, PlainTransformerEncoderHasNone) {
  Builder b;
  b.Input("src", {1, 10});
  b.Op("Gather", "embed", {"src"}, "e0");
  Attention(b, "l0", "e0", "e0", "e1");
  Attention(b, "l1", "e1", "e1", "e2");
  b.Op("MatMul", "head", {"e2"}, "y");
  b.Output("y");
  const LayerGraph& g = b.Done();
  EXPECT_TRUE(FindCrossAttention(g).empty());
  EXPECT_FALSE(FindGroups(g, GroupingOptions()).found);
}

// Cross-attention memory must be a computed stream (three or more ops upstream): keys
// from a second input's bare embedding are retrieval, not an encoder.
TEST(CrossAttentionMemory, BareEmbeddingIsNoEncoder) {
  Builder b;
  b.Input("query", {1, 10});
  b.Input("context", {1, 10});
  b.Op("Gather", "q_embed", {"query"}, "q0");
  b.Op("Gather", "c_embed", {"context"}, "c0");
  Attention(b, "self", "q0", "q0", "q1");
  Attention(b, "cross", "q1", "c0", "q2");
  b.Op("MatMul", "out", {"q2"}, "y");
  b.Output("y");
  const LayerGraph& g = b.Done();
  ASSERT_EQ(FindCrossAttention(g).size(), 1u);  // the attention itself is found
  EXPECT_FALSE(FindGroups(g, GroupingOptions()).found);
}

TEST(Grouping, LstmSeq2SeqStateHandOff) {
  Builder b;
  b.Input("src", {5, 1, 8});
  b.Input("tgt", {5, 1, 8});
  const int enc = b.Op2("LSTM", "encoder_lstm", {"src"}, {"ey", "eh", "ec"});
  b.Op("Squeeze", "sq_h", {"eh"}, "h0");
  const int dec = b.Op2("LSTM", "decoder_lstm", {"tgt", "h0", "ec"}, {"dy", "dh", "dc"});
  b.Op("MatMul", "out_proj", {"dy"}, "y");
  b.Output("y");
  // A stacked classifier LSTM reading the first one's sequence output is not a hand-off.
  b.Op2("LSTM", "stacked", {"ey"}, {"sy", "sh", "sc"});
  const LayerGraph& g = b.Done();
  const std::vector<StateLink> links = FindStateLinks(g);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].from_rnn, enc);
  EXPECT_EQ(links[0].to_rnn, dec);
  const Grouping r = FindGroups(g, GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[enc], Role::kEncoder);
  // The Squeeze takes the state the decoder's way: the decoder's first reader of it.
  EXPECT_EQ(r.roles[b.N("sq_h")], Role::kDecoder);
  EXPECT_EQ(r.roles[dec], Role::kDecoder);
  EXPECT_EQ(r.roles[b.N("out_proj")], Role::kDecoder);
  std::vector<std::pair<int, int>> state;
  for (const TypedEdge& e : r.edges) {
    if (e.kind == EdgeKind::kState) state.emplace_back(e.from, e.to);
  }
  const std::vector<std::pair<int, int>> want = {{enc, b.N("sq_h")}, {enc, dec}};
  EXPECT_EQ(state, want);
}

TEST(Grouping, StackedLstmClassifierHasNone) {
  Builder b;
  b.Input("x", {28, 1, 28});
  b.Op2("LSTM", "l1", {"x"}, {"y1", "h1", "c1"});
  b.Op2("LSTM", "l2", {"y1"}, {"y2", "h2", "c2"});
  b.Op("Gemm", "fc", {"h2"}, "y");
  b.Output("y");
  EXPECT_FALSE(FindGroups(b.Done(), GroupingOptions()).found);
}

// Unrolled recurrent layers (TensorFlow's static_rnn, hand-written cells): a chain of
// gated state updates c' = f·c + i·g; the decoder starts where a step first reads a
// graph input the earlier steps did not.
void UnrolledLstm(Builder& b, const std::vector<std::string>& step_inputs) {
  std::string c = "c_init", h;
  for (size_t k = 0; k < step_inputs.size(); ++k) {
    const std::string p = "step" + std::to_string(k) + "/";
    b.Op("Gather", p + "x", {step_inputs[k]}, p + "xk");
    std::vector<std::string> ins = {p + "xk"};
    if (!h.empty()) ins.push_back(h);
    b.Op("Concat", p + "xh", ins, p + "xh_o");
    for (const char* gate : {"f", "i", "o", "g"}) {
      b.Op("MatMul", p + gate + "_mm", {p + "xh_o"}, p + gate + "_lin");
      b.Op(std::string(gate) == "g" ? "Tanh" : "Sigmoid", p + gate, {p + gate + "_lin"},
           p + gate + "_o");
    }
    b.Op("Mul", p + "forget", {p + "f_o", c}, p + "fc");
    b.Op("Mul", p + "write", {p + "i_o", p + "g_o"}, p + "ig");
    b.Op("Add", p + "update", {p + "fc", p + "ig"}, p + "c");
    b.Op("Tanh", p + "c_act", {p + "c"}, p + "tc");
    b.Op("Mul", p + "hidden", {p + "o_o", p + "tc"}, p + "h");
    c = p + "c";
    h = p + "h";
  }
  b.Op("MatMul", "proj", {h}, "y");
  b.Output("y");
}

TEST(UnrolledStateLinks, EncoderStepsHandStateToTheDecoderSteps) {
  Builder b;
  b.Input("src", {4, 1, 8});
  b.Input("tgt", {4, 1, 8});
  UnrolledLstm(b, {"src", "src", "tgt", "tgt"});
  const LayerGraph& g = b.Done();
  const std::vector<StateLink> links = FindUnrolledStateLinks(g);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].from_rnn, b.N("step1/update"));
  // The cell state into the decoder's forget product, the hidden state into its input.
  EXPECT_EQ(links[0].to_rnn, b.N("step2/forget"));
  EXPECT_EQ(links[0].tensor, b.T("step1/c"));
  EXPECT_EQ(links[1].to_rnn, b.N("step2/xh"));
  EXPECT_EQ(links[1].tensor, b.T("step1/h"));
  const Grouping r = FindGroups(g, GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.basis, "sequence");
  for (const char* n : {"step0/x", "step0/update", "step1/update", "step1/hidden"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kEncoder) << n;
  }
  for (const char* n : {"step2/x", "step2/update", "step3/update", "proj"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kDecoder) << n;
  }
  const std::vector<std::pair<int, int>> want = {{b.N("step1/update"), b.N("step2/forget")},
                                                 {b.N("step1/hidden"), b.N("step2/xh")}};
  EXPECT_EQ(EdgesOf(r, EdgeKind::kState), want);
}

TEST(UnrolledStateLinks, OneStackOverOneInputIsAClassifier) {
  Builder b;
  b.Input("src", {4, 1, 8});
  UnrolledLstm(b, {"src", "src", "src", "src"});
  const LayerGraph& g = b.Done();
  EXPECT_TRUE(FindUnrolledStateLinks(g).empty());
  EXPECT_FALSE(FindGroups(g, GroupingOptions()).found);
}

}  // namespace
}  // namespace grouping_test
}  // namespace graphgen
