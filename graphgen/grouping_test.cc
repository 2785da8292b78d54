#include "graphgen/grouping.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace graphgen {
namespace {

// A tiny graph builder: tensors by name, shapes optional (empty dims = unknown rank).
class Builder {
 public:
  int T(const std::string& name, std::vector<int64_t> dims = {}) {
    auto it = ids_.find(name);
    if (it != ids_.end()) return it->second;
    const int t = g.AddTensor(name);
    if (!dims.empty()) {
      g.tensors[t].type.rank_known = true;
      g.tensors[t].type.dtype = DType::kFloat32;
      for (int64_t d : dims) g.tensors[t].type.dims.push_back(Dim{d, ""});
    }
    ids_[name] = t;
    return t;
  }
  void Input(const std::string& name, std::vector<int64_t> dims) {
    Node n;
    n.kind = NodeKind::kInput;
    n.name = name;
    n.op_type = "Input";
    n.outputs = {T(name, dims)};
    g.AddNode(n);
  }
  // Returns the node id.
  int Op(const std::string& op, const std::string& name, std::vector<std::string> ins,
         const std::string& out, std::vector<int64_t> dims = {}, std::vector<Attribute> attrs = {},
         int64_t params = 0) {
    Node n;
    n.op_type = op;
    n.name = name;
    for (const std::string& i : ins) n.inputs.push_back(T(i));
    n.outputs = {T(out, dims)};
    n.attributes = std::move(attrs);
    n.params = params;
    return g.AddNode(n);
  }
  int Op2(const std::string& op, const std::string& name, std::vector<std::string> ins,
          std::vector<std::string> outs) {
    Node n;
    n.op_type = op;
    n.name = name;
    for (const std::string& i : ins) n.inputs.push_back(T(i));
    for (const std::string& o : outs) n.outputs.push_back(T(o));
    return g.AddNode(n);
  }
  void Output(const std::string& name) {
    Node n;
    n.kind = NodeKind::kOutput;
    n.name = name;
    n.op_type = "Output";
    n.inputs = {T(name)};
    g.AddNode(n);
  }
  LayerGraph& Done() {
    g.RebuildTensorLinks();
    return g;
  }
  int N(const std::string& name) const {
    for (size_t i = 0; i < g.nodes.size(); ++i) {
      if (g.nodes[i].name == name) return static_cast<int>(i);
    }
    return -1;
  }
  LayerGraph g;

 private:
  std::map<std::string, int> ids_;
};

Attribute Strides(int s) {
  return {"strides", "[" + std::to_string(s) + ", " + std::to_string(s) + "]"};
}

// A two-level U-Net with shapes and no useful names.
void BuildUnet(Builder& b, bool shapes, bool names) {
  auto d = [&](int c, int s) {
    return shapes ? std::vector<int64_t>{1, c, s, s} : std::vector<int64_t>{};
  };
  auto n = [&](const std::string& scoped, const std::string& plain) {
    return names ? scoped : plain;
  };
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", n("/encoder/down1/Conv", "c1"), {"x"}, "e1", d(8, 64));
  b.Op("MaxPool", n("/encoder/pool1/MaxPool", "p1"), {"e1"}, "q1", d(8, 32), {Strides(2)});
  b.Op("Conv", n("/encoder/down2/Conv", "c2"), {"q1"}, "e2", d(16, 32));
  b.Op("MaxPool", n("/encoder/pool2/MaxPool", "p2"), {"e2"}, "q2", d(16, 16), {Strides(2)});
  b.Op("Conv", n("/bottleneck/conv1/Conv", "b1"), {"q2"}, "b1o", d(32, 16));
  b.Op("Relu", n("/bottleneck/relu/Relu", "b2"), {"b1o"}, "b2o", d(32, 16));
  b.Op("ConvTranspose", n("/decoder/up2/ConvTranspose", "u2"), {"b2o"}, "u2o", d(16, 32),
       {Strides(2)});
  b.Op("Concat", n("/decoder/up2/Concat", "cat2"), {"u2o", "e2"}, "c2o", d(32, 32));
  b.Op("Conv", n("/decoder/up2/Conv", "d2"), {"c2o"}, "d2o", d(16, 32));
  b.Op("ConvTranspose", n("/decoder/up1/ConvTranspose", "u1"), {"d2o"}, "u1o", d(8, 64),
       {Strides(2)});
  b.Op("Concat", n("/decoder/up1/Concat", "cat1"), {"u1o", "e1"}, "c1o", d(16, 64));
  b.Op("Conv", n("/decoder/up1/Conv", "d1"), {"c1o"}, "y", d(1, 64));
  b.Output("y");
}

TEST(SpatialLevels, FromStridesWhenShapesAreMissing) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {}, {Strides(2)});
  b.Op("MaxPool", "p", {"a"}, "b", {}, {Strides(2)});
  b.Op("Relu", "r", {"b"}, "c");
  b.Op("Resize", "up", {"c"}, "d");
  b.Op("DepthToSpace", "d2s", {"d"}, "e", {}, {{"blocksize", "4"}});
  b.Op("ConvTranspose", "ct", {"e"}, "f", {}, {Strides(2)});
  const LayerGraph& g = b.Done();
  const SpatialLevels s = ComputeSpatialLevels(g);
  EXPECT_EQ(s.level[b.T("x")], 0);
  EXPECT_EQ(s.level[b.T("a")], 1);
  EXPECT_EQ(s.level[b.T("b")], 2);
  EXPECT_EQ(s.level[b.T("c")], 2);
  EXPECT_EQ(s.level[b.T("d")], 1);  // Resize without a recorded factor: taken as 2
  EXPECT_EQ(s.level[b.T("e")], -1);
  EXPECT_EQ(s.level[b.T("f")], -2);
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_NE(s.notes[0].find("up"), std::string::npos);
}

TEST(SpatialLevels, FromShapesRoundedPerOpAndGlobalPoolHasNone) {
  Builder b;
  b.Input("x", {1, 3, 572, 572});
  b.Op("Conv", "valid", {"x"}, "a", {1, 8, 570, 570});  // a valid conv: no level change
  b.Op("MaxPool", "p", {"a"}, "b", {1, 8, 285, 285});
  b.Op("GlobalAveragePool", "gap", {"b"}, "c", {1, 8, 1, 1});
  b.Op("Conv", "se", {"c"}, "d", {1, 8, 1, 1});
  b.Op("Mul", "scale", {"b", "d"}, "e", {1, 8, 285, 285});
  b.Op("Flatten", "flat", {"e"}, "f", {1, 8 * 285 * 285});
  const LayerGraph& g = b.Done();
  const SpatialLevels s = ComputeSpatialLevels(g);
  EXPECT_EQ(s.level[b.T("a")], 0);
  EXPECT_EQ(s.level[b.T("b")], 1);
  EXPECT_EQ(s.level[b.T("c")], kNoLevel);
  EXPECT_TRUE(s.global[b.T("c")]);
  EXPECT_TRUE(s.global[b.T("d")]);
  EXPECT_EQ(s.level[b.T("e")], 1);
  EXPECT_EQ(s.level[b.T("f")], kNoLevel);
  EXPECT_EQ(s.channels[b.T("e")], 8);
}

TEST(Widths, FromDenseParameterCounts) {
  Builder b;
  b.Input("x", {1, 784});
  b.Op("MatMul", "m1", {"x"}, "a", {}, {}, 784 * 256);
  b.Op("BiasAdd", "b1", {"a"}, "b", {}, {}, 256);
  b.Op("Gemm", "m2", {"b"}, "c", {}, {}, 257 * 32);
  const LayerGraph& g = b.Done();
  const std::vector<int64_t> w = ComputeWidths(g);
  EXPECT_EQ(w[b.T("a")], 256);
  EXPECT_EQ(w[b.T("b")], 256);
  EXPECT_EQ(w[b.T("c")], 32);
}

TEST(HeaviestPath, FollowsTheValleyNotTheSkip) {
  Builder b;
  BuildUnet(b, true, false);
  const LayerGraph& g = b.Done();
  std::vector<double> w(g.nodes.size(), 1);
  const std::vector<int> path = HeaviestPath(g, TopologicalOrder(g), w);
  ASSERT_EQ(path.size(), g.nodes.size());  // every node of this U-Net is on the valley
  EXPECT_EQ(path.front(), 0);
}

TEST(Names, TokensAndStrengths) {
  EXPECT_EQ(NameHintOf("/encoder1/encoder1.0/Conv").role, Role::kEncoder);
  EXPECT_EQ(NameHintOf("/encoder1/encoder1.0/Conv").strength, 3);
  EXPECT_EQ(NameHintOf("/upconv2/ConvTranspose").role, Role::kDecoder);
  EXPECT_EQ(NameHintOf("/upconv2/ConvTranspose").strength, 2);
  EXPECT_EQ(NameHintOf("/bottleneck/bottleneck.0/Conv").role, Role::kBottleneck);
  EXPECT_EQ(NameHintOf("/layer1/layer1.0/downsample/downsample.0/Conv").role, Role::kEncoder);
  EXPECT_EQ(NameHintOf("/heads/head/Gemm").strength, 1);
  EXPECT_EQ(NameHintOf("decode/dense/MatMul").role, Role::kDecoder);
  EXPECT_EQ(NameHintOf("model.upBlock.conv").role, Role::kDecoder);
  // Words are matched whole: "update", "encoded_features"... and the leaf op name is not
  // a scope.
  EXPECT_EQ(NameHintOf("/update/Conv").strength, 0);
  EXPECT_EQ(NameHintOf("Decoder").strength, 0);
  EXPECT_EQ(NameHintOf("Conv_12").strength, 0);
}

TEST(Grouping, UnetFromStructureAlone) {
  Builder b;
  BuildUnet(b, true, false);
  const LayerGraph& g = b.Done();
  GroupingOptions o;
  o.mode = GroupingMode::kStructure;
  const Grouping r = FindGroups(g, o);
  ASSERT_TRUE(r.found) << r.evidence.back();
  EXPECT_EQ(r.basis, "spatial");
  const auto role = [&](const char* n) { return r.roles[b.N(n)]; };
  for (const char* n : {"c1", "p1", "c2", "p2"}) EXPECT_EQ(role(n), Role::kEncoder) << n;
  for (const char* n : {"b1", "b2"}) EXPECT_EQ(role(n), Role::kBottleneck) << n;
  for (const char* n : {"u2", "cat2", "d2", "u1", "cat1", "d1"}) {
    EXPECT_EQ(role(n), Role::kDecoder) << n;
  }
  EXPECT_EQ(r.roles[0], Role::kNone);  // the input
  std::vector<std::pair<int, int>> skips;
  for (const TypedEdge& e : r.edges) {
    if (e.kind == EdgeKind::kSkip) skips.emplace_back(e.from, e.to);
  }
  const std::vector<std::pair<int, int>> want = {{b.N("c1"), b.N("cat1")},
                                                 {b.N("c2"), b.N("cat2")}};
  EXPECT_EQ(skips, want);
  ASSERT_EQ(r.stages.size(), 5u);
  EXPECT_EQ(r.stages[0].label, "1/1 \xC2\xB7 8 ch");
  EXPECT_EQ(r.stages[1].label, "1/2 \xC2\xB7 16 ch");
  EXPECT_EQ(r.stages[2].role, Role::kBottleneck);
  EXPECT_EQ(r.stages[2].label, "1/4 \xC2\xB7 32 ch");
  EXPECT_EQ(r.stages[3].label, "1/2 \xC2\xB7 16 ch");
  EXPECT_EQ(r.stages[4].label, "1/1 \xC2\xB7 1 ch");
  EXPECT_GE(r.confidence, 0.7);
}

// A control dependency spanning the U (as a TF1 Assert on the input waited for by the
// decoder would) is not a skip, and changes nothing the grouping finds.
TEST(Grouping, ControlEdgesAreNeitherSkipsNorEvidence) {
  Builder b;
  BuildUnet(b, true, false);
  LayerGraph g = b.Done();
  const Grouping plain = FindGroups(g, GroupingOptions());
  g.control_edges = {{b.N("c1"), b.N("d1")}, {b.N("c2"), b.N("u1")}, {0, b.N("b2")}};
  const Grouping r = FindGroups(g, GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles, plain.roles);
  EXPECT_EQ(r.edges.size(), plain.edges.size());
  for (const TypedEdge& e : r.edges) {
    EXPECT_FALSE(e.kind == EdgeKind::kSkip && e.from == b.N("c1") && e.to == b.N("d1"));
  }
  EXPECT_EQ(r.evidence, plain.evidence);
}

TEST(Grouping, UnetWithoutShapesFromStrides) {
  Builder b;
  BuildUnet(b, false, false);
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("b1")], Role::kBottleneck);
  EXPECT_EQ(r.roles[b.N("cat1")], Role::kDecoder);
  int skips = 0;
  for (const TypedEdge& e : r.edges) skips += e.kind == EdgeKind::kSkip;
  EXPECT_EQ(skips, 2);
}

TEST(Grouping, NamesAgreeingRaiseConfidenceAndNamesModeWorksAlone) {
  Builder plain, named;
  BuildUnet(plain, true, false);
  BuildUnet(named, true, true);
  const Grouping a = FindGroups(plain.Done(), GroupingOptions());
  const Grouping c = FindGroups(named.Done(), GroupingOptions());
  EXPECT_GT(c.confidence, a.confidence);
  GroupingOptions names;
  names.mode = GroupingMode::kNames;
  const Grouping n = FindGroups(named.g, names);
  ASSERT_TRUE(n.found);
  EXPECT_EQ(n.basis, "names");
  EXPECT_EQ(n.roles[named.N("/bottleneck/conv1/Conv")], Role::kBottleneck);
  EXPECT_EQ(n.roles[named.N("/decoder/up1/Concat")], Role::kDecoder);
  // Without names, names mode finds nothing.
  EXPECT_FALSE(FindGroups(plain.g, names).found);
  GroupingOptions off;
  off.mode = GroupingMode::kOff;
  EXPECT_FALSE(FindGroups(named.g, off).found);
}

TEST(Grouping, ClassifierWithSqueezeExcitationHasNone) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "stem", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Conv", "c", {"a"}, "b", {1, 8, 32, 32});
  b.Op("GlobalAveragePool", "se_pool", {"b"}, "s1", {1, 8, 1, 1});
  b.Op("Conv", "se_fc1", {"s1"}, "s2", {1, 2, 1, 1});
  b.Op("Relu", "se_relu", {"s2"}, "s3", {1, 2, 1, 1});
  b.Op("Conv", "se_fc2", {"s3"}, "s4", {1, 8, 1, 1});
  b.Op("Sigmoid", "se_gate", {"s4"}, "s5", {1, 8, 1, 1});
  b.Op("Mul", "se_mul", {"b", "s5"}, "m", {1, 8, 32, 32});
  b.Op("Conv", "down", {"m"}, "d", {1, 16, 16, 16});
  b.Op("GlobalAveragePool", "gap", {"d"}, "g", {1, 16, 1, 1});
  b.Op("Flatten", "flat", {"g"}, "f", {1, 16});
  b.Op("Gemm", "fc", {"f"}, "y", {1, 10});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  EXPECT_FALSE(r.found);
  EXPECT_STREQ(r.Verdict(), "no encoder-decoder structure");
  for (Role role : r.roles) EXPECT_EQ(role, Role::kNone);
}

TEST(Grouping, DenseAutoencoderFromParameterCounts) {
  Builder b;
  b.Input("x", {1, 784});
  b.Op("MatMul", "m1", {"x"}, "a", {}, {}, 784 * 64);
  b.Op("Sigmoid", "s1", {"a"}, "a2");
  b.Op("MatMul", "m2", {"a2"}, "z", {}, {}, 64 * 16);
  b.Op("Sigmoid", "s2", {"z"}, "z2");
  b.Op("MatMul", "m3", {"z2"}, "c", {}, {}, 16 * 64);
  b.Op("Sigmoid", "s3", {"c"}, "c2");
  b.Op("MatMul", "m4", {"c2"}, "y", {}, {}, 64 * 784);
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.basis, "dense");
  for (const char* n : {"m1", "s1", "m2", "s2"}) EXPECT_EQ(r.roles[b.N(n)], Role::kEncoder);
  for (const char* n : {"m3", "s3", "m4"}) EXPECT_EQ(r.roles[b.N(n)], Role::kDecoder);
}

TEST(Grouping, MlpClassifierHasNone) {
  Builder b;
  b.Input("x", {1, 784});
  b.Op("MatMul", "m1", {"x"}, "a", {1, 32});
  b.Op("Relu", "r1", {"a"}, "b", {1, 32});
  b.Op("MatMul", "m2", {"b"}, "c", {1, 128});
  b.Op("Relu", "r2", {"c"}, "d", {1, 128});
  b.Op("MatMul", "m3", {"d"}, "y", {1, 10});
  b.Output("y");
  EXPECT_FALSE(FindGroups(b.Done(), GroupingOptions()).found);
}

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
  EXPECT_EQ(r.roles[b.N("sq_h")], Role::kEncoder);
  EXPECT_EQ(r.roles[dec], Role::kDecoder);
  EXPECT_EQ(r.roles[b.N("out_proj")], Role::kDecoder);
  std::vector<std::pair<int, int>> state;
  for (const TypedEdge& e : r.edges) {
    if (e.kind == EdgeKind::kState) state.emplace_back(e.from, e.to);
  }
  const std::vector<std::pair<int, int>> want = {{enc, dec}, {b.N("sq_h"), dec}};
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

TEST(Grouping, SegmentationHeadWithLowLevelSkip) {
  // LR-ASPP-like: backbone to 1/8 with a 1/4 tap, head at 1/8, upsample to 1/4, add the
  // tapped feature, upsample to full size.
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "/backbone/c0/Conv", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Conv", "/backbone/c1/Conv", {"a"}, "low", {1, 8, 16, 16});
  b.Op("Conv", "/backbone/c2/Conv", {"low"}, "b", {1, 16, 8, 8});
  b.Op("Conv", "/backbone/c3/Conv", {"b"}, "b2", {1, 16, 8, 8});
  b.Op("Conv", "/backbone/c4/Conv", {"b2"}, "b3", {1, 16, 8, 8});
  b.Op("Conv", "/backbone/c5/Conv", {"b3"}, "high", {1, 16, 8, 8});
  b.Op("Conv", "/classifier/cbr/Conv", {"high"}, "h", {1, 8, 8, 8});
  b.Op("Resize", "/classifier/Resize", {"h"}, "hu", {1, 8, 16, 16});
  b.Op("Conv", "/classifier/high_classifier/Conv", {"hu"}, "hc", {1, 2, 16, 16});
  b.Op("Conv", "/classifier/low_classifier/Conv", {"low"}, "lc", {1, 2, 16, 16});
  b.Op("Add", "/classifier/Add", {"lc", "hc"}, "s", {1, 2, 16, 16});
  b.Op("Resize", "/Resize", {"s"}, "y", {1, 2, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  for (const char* n : {"/backbone/c0/Conv", "/backbone/c2/Conv", "/backbone/c5/Conv"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kEncoder) << n;
  }
  for (const char* n : {"/classifier/cbr/Conv", "/classifier/low_classifier/Conv", "/Resize"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kDecoder) << n;
  }
  std::vector<std::pair<int, int>> skips;
  for (const TypedEdge& e : r.edges) {
    if (e.kind == EdgeKind::kSkip) skips.emplace_back(e.from, e.to);
  }
  const std::vector<std::pair<int, int>> want = {
      {b.N("/backbone/c1/Conv"), b.N("/classifier/low_classifier/Conv")}};
  EXPECT_EQ(skips, want);
}

TEST(Grouping, ConvAutoencoderWithDenseLatent) {
  Builder b;
  b.Input("x", {1, 1, 28, 28});
  b.Op("Conv", "c1", {"x"}, "a", {1, 8, 14, 14});
  b.Op("Conv", "c2", {"a"}, "b", {1, 16, 7, 7});
  b.Op("Flatten", "flat", {"b"}, "f", {1, 784});
  b.Op("Gemm", "fc_enc", {"f"}, "z", {1, 16});
  b.Op("Gemm", "fc_dec", {"z"}, "g", {1, 784});
  b.Op("Reshape", "unflat", {"g"}, "u", {1, 16, 7, 7});
  b.Op("ConvTranspose", "t1", {"u"}, "v", {1, 8, 14, 14});
  b.Op("ConvTranspose", "t2", {"v"}, "y", {1, 1, 28, 28});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  for (const char* n : {"c1", "c2", "flat", "fc_enc"})
    EXPECT_EQ(r.roles[b.N(n)], Role::kEncoder) << n;
  for (const char* n : {"fc_dec", "unflat", "t1", "t2"})
    EXPECT_EQ(r.roles[b.N(n)], Role::kDecoder) << n;
}

TEST(Grouping, ContextModuleOnAFlatFloorIsTheBottleneck) {
  // DeepLab-like, unnamed: backbone to 1/4 then dilated at 1/4, ASPP (three branches and
  // a concat, a projection), a head conv, one upsample to full size.
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "s1", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Conv", "s2", {"a"}, "b", {1, 16, 16, 16});
  b.Op("Conv", "dil1", {"b"}, "c", {1, 16, 16, 16});
  b.Op("Conv", "dil2", {"c"}, "d", {1, 16, 16, 16});
  b.Op("Conv", "br1", {"d"}, "e1", {1, 8, 16, 16});
  b.Op("Conv", "br2", {"d"}, "e2", {1, 8, 16, 16});
  b.Op("Conv", "br3a", {"d"}, "e3a", {1, 8, 16, 16});
  b.Op("Relu", "br3b", {"e3a"}, "e3", {1, 8, 16, 16});
  b.Op("Concat", "join", {"e1", "e2", "e3"}, "f", {1, 24, 16, 16});
  b.Op("Conv", "project", {"f"}, "g", {1, 8, 16, 16});
  b.Op("Relu", "project_relu", {"g"}, "h", {1, 8, 16, 16});
  b.Op("Conv", "head", {"h"}, "i", {1, 2, 16, 16});
  b.Op("Resize", "upsample", {"i"}, "y", {1, 2, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  for (const char* n : {"s1", "s2", "dil1", "dil2"})
    EXPECT_EQ(r.roles[b.N(n)], Role::kEncoder) << n;
  for (const char* n : {"br1", "br2", "br3a", "br3b", "join", "project", "project_relu"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kBottleneck) << n;
  }
  for (const char* n : {"head", "upsample"}) EXPECT_EQ(r.roles[b.N(n)], Role::kDecoder) << n;
}

TEST(Grouping, DownUpIdiomDoesNotEraseAStructuralBottleneck) {
  // Milesial-style names: the lowest level's convs live in "down2" with its pool.
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "/inc/Conv", {"x"}, "e1", {1, 8, 64, 64});
  b.Op("MaxPool", "/down1/MaxPool", {"e1"}, "q1", {1, 8, 32, 32});
  b.Op("Conv", "/down1/Conv", {"q1"}, "e2", {1, 16, 32, 32});
  b.Op("MaxPool", "/down2/MaxPool", {"e2"}, "q2", {1, 16, 16, 16});
  b.Op("Conv", "/down2/Conv", {"q2"}, "e3", {1, 16, 16, 16});
  b.Op("Resize", "/up1/Resize", {"e3"}, "u1", {1, 16, 32, 32});
  b.Op("Concat", "/up1/Concat", {"e2", "u1"}, "c1", {1, 32, 32, 32});
  b.Op("Conv", "/up1/Conv", {"c1"}, "d1", {1, 8, 32, 32});
  b.Op("Resize", "/up2/Resize", {"d1"}, "u2", {1, 8, 64, 64});
  b.Op("Concat", "/up2/Concat", {"e1", "u2"}, "c2", {1, 16, 64, 64});
  b.Op("Conv", "/outc/Conv", {"c2"}, "y", {1, 2, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("/down2/MaxPool")], Role::kEncoder);
  EXPECT_EQ(r.roles[b.N("/down2/Conv")], Role::kBottleneck);
  EXPECT_EQ(r.roles[b.N("/outc/Conv")], Role::kDecoder);
  int skips = 0;
  for (const TypedEdge& e : r.edges) skips += e.kind == EdgeKind::kSkip;
  EXPECT_EQ(skips, 2);
}

}  // namespace
}  // namespace graphgen
