#include "passes/grouping/grouping.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
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
  // A tensor of a given element type, made before the op that produces it (an integer
  // size computation, an integer image).
  int Typed(const std::string& name, DType dtype, std::vector<int64_t> dims) {
    const int t = T(name, dims);
    g.tensors[t].type.dtype = dtype;
    g.tensors[t].type.rank_known = true;
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
  // Tests write attributes as importers display them ("[1, 2, 2, 1]"); the typed value
  // importers also record is read from that text here.
  static void Type(Attribute& a) {
    if (a.kind != AttrKind::kOther) return;
    const char* p = a.value.c_str();
    while (*p) {
      if (std::isdigit(static_cast<unsigned char>(*p)) || *p == '-') {
        char* end = nullptr;
        a.ints.push_back(std::strtoll(p, &end, 10));
        if (end == p) break;
        p = end;
      } else {
        ++p;
      }
    }
    a.kind = a.ints.size() == 1 && a.value.find('[') == std::string::npos ? AttrKind::kInt
                                                                          : AttrKind::kInts;
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
    for (Attribute& a : n.attributes) Type(a);
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

Attribute TfStrides(int s) {
  return {"strides", "[1, " + std::to_string(s) + ", " + std::to_string(s) + ", 1]"};
}

std::vector<std::pair<int, int>> EdgesOf(const Grouping& r, EdgeKind kind) {
  std::vector<std::pair<int, int>> out;
  for (const TypedEdge& e : r.edges) {
    if (e.kind == kind) out.emplace_back(e.from, e.to);
  }
  return out;
}

bool HasEvidence(const Grouping& r, const std::string& part) {
  for (const std::string& e : r.evidence) {
    if (e.find(part) != std::string::npos) return true;
  }
  return false;
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

// Narrowing then widening a little (an MLP whose 100 logits are wider than its 64-wide
// hidden layer) is no autoencoder: the decoder must widen back to twice the narrowest.
TEST(DenseWidths, SlightWideningIsNoDecoder) {
  Builder b;
  b.Input("x", {1, 784});
  b.Op("MatMul", "m1", {"x"}, "a", {1, 256});
  b.Op("Relu", "r1", {"a"}, "a2", {1, 256});
  b.Op("MatMul", "m2", {"a2"}, "c", {1, 64});
  b.Op("Relu", "r2", {"c"}, "c2", {1, 64});
  b.Op("MatMul", "m3", {"c2"}, "y", {1, 100});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  EXPECT_FALSE(r.found);
  EXPECT_TRUE(HasEvidence(r, "no narrowing then widening"));
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

// ---- One positive and one negative tiny graph per evidence source ----
//
// A positive test fails when its rule is taken out of grouping.cc, a negative one when
// the rule fires too broadly (each was checked by disabling / widening the rule once).
// Evidence source (grouping.cc)            positive test / negative test
//  image input (IsImageInput)              ImageInput.IntegerPicture... / .IntegerIds...
//  input layout by its shape               InputLayout.NchwInput... / .AmbiguousInput...
//  levels from shapes                      SpatialLevels.FromShapesRounded... / CropsAndPads
//  levels from strides, resize, D2S        SpatialLevels.FromStrides... / .UnstridedOps...
//  global pooling, reductions              GlobalPooling.Reductions... (both)
//  pool window as large as its map        PoolWindowAsLargeAsItsMap.IsGlobal,
//                                            .SqueezeExcite... / .SmallerWindowsResample
//  channel shuffle keeps resolution        ChannelShuffle.Keeps... / .FlattenIsNoFeatureMap
//  Transpose/Pack/Unpack... keep it        LayoutOpsWithoutShapes.Transpose... / .Reshape...
//  crops and pads never resample           CropsAndPads.KeepTheLevelWhateverTheRatio (both)
//  reshape changing the resolution         ReshapeChangingResolution.IsNo... / .SameExtent...
//  resize to a computed size joins         ResizeToComputedSize.TakesThe... / .ScalesOrNo...
//  feature map back from a vector          FeatureMapFromVector.Resolution... / .ConvOnAGlobal...
//  shape-less input's first conv           ShapelessInput.FirstConv... / .MatMulDoesNot
//  widths from dense parameters            Widths.FromDenseParameterCounts / .NoneFor...
//  heaviest main path                      HeaviestPath.* (both)
//  shape arithmetic off the main path      ShapeArithmeticOffThePath.SizeComputation... /
//                                            .FloatGlueStaysOnThePath
//  valley: falls then rises                Grouping.UnetFromStructureAlone / SpatialValley.*,
//                                            Grouping.ClassifierWithSqueezeExcitationHasNone
//  dense latent floor                      Grouping.ConvAutoencoderWithDenseLatent /
//                                            DenseLatentFloor.ShapelessReshapeRoundTrip...
//  pyramid-neck confidence discount        PyramidNeck.ShortRise... / .FullRiseIsNot...
//  context module (ASPP)                   Grouping.ContextModuleOnAFlatFloor... /
//                                            ContextModule.TwoBranchesAreNo...
//  skips                                   Grouping.UnetFromStructureAlone / Skips.SizeOnly...,
//                                            Grouping.ControlEdgesAreNeither...
//  main edges                              MainEdges.OnePerBoundaryOfTheMainPath (both)
//  off-path nodes take their reader's role SpreadFromPath.CropTakes...SideOutputNone (both)
//  heads leaving decoder maps: decoder      DecoderSideHeads.EveryLevelsHead... /
//                                            .AnAuxiliaryClassifierOnTheBottleneck...
//  dense narrowing then widening           Grouping.DenseAutoencoder... /
//  Grouping.MlpClassifier...,
//                                            DenseWidths.SlightWideningIsNoDecoder
//  cross-attention memory                  Grouping.TransformerMemory... / Grouping.PlainTrans...,
//                                            CrossAttentionMemory.BareEmbeddingIsNoEncoder
//  recurrent state (LSTM/GRU ops)          Grouping.LstmSeq2SeqStateHandOff /
//                                            Grouping.StackedLstmClassifierHasNone
//  unrolled state links                    UnrolledStateLinks.EncoderSteps... / .OneStack...
//  name tokens                             Names.TokensAndStrengths (both)
//  names alone (--groups names)            Grouping.NamesAgreeing...AndNamesModeWorksAlone /
//                                            NamesAlone.WeakTokensOrReversedOrder...
//  names refine structure                  NamesRefineStructure.StrongName... / .NameTwoRoles...
//  weak names settle a long floor          WeakNames.SettleALongFloor / .MoveNothingOff...
//  idioms: long floor, not a bottleneck    PairedIdioms.DivideALongFloor /
//                                            Grouping.DownUpIdiomDoesNotErase...
//  paired idioms count only in pairs       PairedIdioms.CountWhenBoth... / .OneHalfAlone...
//  least confidence for the verdict        Verdict.BelowTheLeastConfidence... / any found test

// Image inputs: a float map, or an integer picture with a few channels (TF.js feeds
// uint8/int32 pictures straight in) is the image; integer token ids are not.
TEST(ImageInput, IntegerPictureWithFewChannelsIsTheImage) {
  Builder b;
  b.Typed("img", DType::kInt32, {1, 64, 64, 3});
  b.Input("img", {1, 64, 64, 3});
  b.Op("Conv", "c", {"img"}, "a", {}, {Strides(2)});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("img")], 0);
  EXPECT_EQ(s.channels[b.T("img")], 3);
  EXPECT_EQ(s.level[b.T("a")], 1);
}

TEST(ImageInput, IntegerIdsAndManyChannelIntegersAreNot) {
  Builder b;
  b.Typed("ids", DType::kInt64, {1, 128});
  b.Input("ids", {1, 128});
  b.Typed("mask", DType::kInt32, {1, 64, 32, 32});  // 64 "channels": an index volume
  b.Input("mask", {1, 64, 32, 32});
  b.Op("Gather", "embed", {"ids"}, "e");
  b.Op("Mul", "masked", {"mask", "mask"}, "a");
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("ids")], kNoLevel);
  EXPECT_EQ(s.level[b.T("mask")], kNoLevel);
  EXPECT_EQ(s.level[b.T("e")], kNoLevel);
  EXPECT_EQ(s.level[b.T("a")], kNoLevel);
}

// Input layout: an NCHW input in front of a TensorFlow graph's NHWC ops (onnx-tf) is
// read by its own shape, not the format's convention.
TEST(InputLayout, NchwInputOfATensorFlowGraphReadByItsShape) {
  Builder b;
  b.g.format = "TensorFlow GraphDef";
  b.g.channels_last = true;
  b.Typed("img", DType::kInt32, {1, 3, 64, 64});
  b.Input("img", {1, 3, 64, 64});
  b.Input("x", {1, 3, 64, 64});
  // A vector made back into an NHWC map 16 wide: 1/4 of the input's 64, not of 13.9
  // (the side 3×64 would give read as NHWC).
  b.Op("MatMul", "fc", {"x"}, "v", {1, 1024});
  b.Op("Reshape", "unflat", {"v"}, "m", {1, 16, 16, 4});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("img")], 0);
  EXPECT_EQ(s.channels[b.T("img")], 3);
  EXPECT_EQ(s.channels[b.T("x")], 3);
  EXPECT_EQ(s.level[b.T("m")], 2);
}

TEST(InputLayout, AmbiguousInputKeepsTheFormatsConvention) {
  Builder b;
  b.g.format = "TensorFlow GraphDef";
  b.g.channels_last = true;
  b.Input("x", {1, 16, 32, 32});  // 16 or 32 channels: the shape cannot tell
  b.Typed("y", DType::kInt32, {1, 3, 64, 64});
  b.Input("y", {1, 3, 64, 64});
  const SpatialLevels tf = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(tf.channels[b.T("x")], 32);
  b.g.format = "ONNX";
  b.g.channels_last = false;
  const SpatialLevels onnx = ComputeSpatialLevels(b.g);
  EXPECT_EQ(onnx.channels[b.T("x")], 16);
  // And an unambiguous NCHW picture stays NCHW in either format.
  EXPECT_EQ(onnx.channels[b.T("y")], 3);
}

// Strides, transposed convolutions, DepthToSpace and resizes move the level when shapes
// are missing (FromStridesWhenShapesAreMissing above); ops without a stride do not.
TEST(SpatialLevels, UnstridedOpsKeepTheLevelWithoutShapes) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {}, {Strides(2)});
  b.Op("Conv", "same", {"a"}, "b", {}, {{"strides", "[1, 1]"}});
  b.Op("Conv", "plain", {"b"}, "c");
  b.Op("MaxPool", "pool3", {"c"}, "d", {}, {{"kernel_shape", "[3, 3]"}, {"strides", "[1, 1]"}});
  b.Op("BatchNormalization", "bn", {"d"}, "e");
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  for (const char* t : {"b", "c", "d", "e"}) EXPECT_EQ(s.level[b.T(t)], 1) << t;
  EXPECT_TRUE(s.notes.empty());
}

// Global pooling has no resolution: GlobalAveragePool, a reduction to 1×1, a reduction
// that drops the spatial axes; a broadcast of the result stays global (shown above for
// the squeeze-excite; here the reductions).
TEST(GlobalPooling, ReductionsToOneByOneOrFewerAxesAreGlobal) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {1, 8, 32, 32});
  b.Op("ReduceMean", "mean11", {"a"}, "m", {1, 8, 1, 1});
  b.Op("ReduceMean", "mean_axes", {"a"}, "v", {1, 8});
  b.Op("MaxPool", "pool", {"a"}, "p", {1, 8, 16, 16});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_TRUE(s.global[b.T("m")]);
  EXPECT_EQ(s.level[b.T("m")], kNoLevel);
  EXPECT_TRUE(s.global[b.T("v")]);
  EXPECT_FALSE(s.global[b.T("p")]);
  EXPECT_EQ(s.level[b.T("p")], 2);
}

// Without shapes, a pooling window as large as its map is global pooling (Keras'
// AveragePooling2D(pool_size=32) on a 32×32 map, a squeeze-excite's squeeze), not a drop
// by five halvings.
TEST(PoolWindowAsLargeAsItsMap, IsGlobal) {
  Builder b;
  b.g.format = "TensorFlow GraphDef";
  b.g.channels_last = true;
  b.Input("x", {1, 64, 64, 3});
  b.Op("Conv2D", "stem", {"x"}, "a", {}, {TfStrides(2)});
  b.Op("AvgPool", "squeeze", {"a"}, "s", {},
       {{"ksize", "[1, 32, 32, 1]"}, {"strides", "[1, 32, 32, 1]"}});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("a")], 1);
  EXPECT_TRUE(s.global[b.T("s")]);
  EXPECT_EQ(s.level[b.T("s")], kNoLevel);
}

TEST(PoolWindowAsLargeAsItsMap, SmallerWindowsResample) {
  Builder b;
  b.g.format = "TensorFlow GraphDef";
  b.g.channels_last = true;
  b.Input("x", {1, 64, 64, 3});
  b.Op("Conv2D", "stem", {"x"}, "a", {}, {TfStrides(2)});
  b.Op("AvgPool", "pool2", {"a"}, "p", {}, {{"ksize", "[1, 2, 2, 1]"}, TfStrides(2)});
  // 8 of a 16-wide map: a big window, not the whole map.
  b.Op("MaxPool", "pool8", {"p"}, "q", {}, {{"ksize", "[1, 8, 8, 1]"}, TfStrides(8)});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_FALSE(s.global[b.T("p")]);
  EXPECT_EQ(s.level[b.T("p")], 2);
  EXPECT_FALSE(s.global[b.T("q")]);
  EXPECT_EQ(s.level[b.T("q")], 5);
}

// The same rule decides a whole model: a squeeze-excite classifier without shapes whose
// squeeze, read as a drop by five halvings, would be a valley the Mul climbs out of.
TEST(PoolWindowAsLargeAsItsMap, SqueezeExciteClassifierHasNoValley) {
  Builder b;
  b.g.format = "TensorFlow GraphDef";
  b.g.channels_last = true;
  b.Input("x", {1, 64, 64, 3});
  b.Op("Conv2D", "stem", {"x"}, "a", {}, {TfStrides(2)});
  b.Op("Conv2D", "conv", {"a"}, "f", {});
  b.Op("AvgPool", "se/squeeze", {"f"}, "s1", {},
       {{"ksize", "[1, 32, 32, 1]"}, {"strides", "[1, 1, 1, 1]"}});
  b.Op("Conv2D", "se/reduce", {"s1"}, "s2");
  b.Op("Relu", "se/relu", {"s2"}, "s3");
  b.Op("Conv2D", "se/expand", {"s3"}, "s4");
  b.Op("Sigmoid", "se/gate", {"s4"}, "s5");
  b.Op("Mul", "se/scale", {"f", "s5"}, "m");
  b.Op("Conv2D", "down", {"m"}, "d", {}, {TfStrides(2)});
  b.Op("Mean", "gap", {"d"}, "g");
  b.Op("MatMul", "fc", {"g"}, "y");
  b.Output("y");
  const LayerGraph& g = b.Done();
  const SpatialLevels s = ComputeSpatialLevels(g);
  EXPECT_TRUE(s.global[b.T("s5")]);
  EXPECT_EQ(s.level[b.T("m")], 1);
  const Grouping r = FindGroups(g, GroupingOptions());
  EXPECT_FALSE(r.found) << r.evidence.back();
}

// A channel shuffle (N×C×H×W -> N×g×C/g×H×W and back) keeps the map's resolution through
// its rank-5 detour; a flatten does not.
TEST(ChannelShuffle, KeepsTheResolutionThroughRankFive) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {1, 16, 16, 16});
  b.Op("Reshape", "split_groups", {"a"}, "r5", {1, 2, 8, 16, 16});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("a")], 2);
  EXPECT_EQ(s.level[b.T("r5")], 2);
}

TEST(ChannelShuffle, FlattenIsNoFeatureMap) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {1, 16, 16, 16});
  b.Op("Reshape", "flat", {"a"}, "f", {1, 4096});
  b.Op("Reshape", "to3", {"a"}, "t", {1, 16, 256});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("f")], kNoLevel);
  EXPECT_EQ(s.level[b.T("t")], kNoLevel);
}

// Without shapes, a Transpose (NCHW <-> NHWC around every op of an onnx-tf graph), a
// Squeeze / ExpandDims / Unpack / Pack of the batch axis (a TF.js preprocessing step)
// keep the resolution; a Reshape may flatten, so it drops it.
TEST(LayoutOpsWithoutShapes, TransposePackUnpackKeepTheResolution) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {}, {Strides(2)});
  b.Op("Transpose", "to_nhwc", {"a"}, "t");
  b.Op("ExpandDims", "expand", {"t"}, "e");
  b.Op("Squeeze", "squeeze", {"e"}, "q");
  b.Op("Unpack", "unstack", {"q"}, "u");
  b.Op("Pack", "stack", {"u"}, "p");
  b.Op("Conv", "c2", {"p"}, "y", {}, {Strides(2)});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  for (const char* t : {"t", "e", "q", "u", "p"}) EXPECT_EQ(s.level[b.T(t)], 1) << t;
  EXPECT_EQ(s.level[b.T("y")], 2);
}

TEST(LayoutOpsWithoutShapes, ReshapeDropsTheResolution) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {}, {Strides(2)});
  b.Op("Reshape", "reshape", {"a"}, "r");
  b.Op("Transpose", "t", {"r"}, "t2");
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("r")], kNoLevel);
  EXPECT_EQ(s.level[b.T("t2")], kNoLevel);
}

// Crops and pads trim borders (a paper U-Net's skip crop 64 -> 40 would round to one
// halving); they never resample. A pooling op with the same ratio does.
TEST(CropsAndPads, KeepTheLevelWhateverTheRatio) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {1, 8, 64, 64});
  b.Op("Slice", "crop", {"a"}, "cr", {1, 8, 40, 40});
  b.Op("Pad", "pad", {"a"}, "pd", {1, 8, 96, 96});
  b.Op("MaxPool", "valid_pool", {"a"}, "vp", {1, 8, 40, 40});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("cr")], 0);
  EXPECT_EQ(s.level[b.T("pd")], 0);
  EXPECT_EQ(s.level[b.T("vp")], 1);
}

// A reshape that changes the apparent resolution (space-to-depth by hand, a patch
// embedding's reshape) has changed what the axes mean: no feature map at a new level.
// One that keeps the extent keeps the level.
TEST(ReshapeChangingResolution, IsNoFeatureMap) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Reshape", "s2d", {"a"}, "r", {1, 32, 16, 16});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("r")], kNoLevel);
}

TEST(ReshapeChangingResolution, SameExtentKeepsTheLevel) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Reshape", "same", {"a"}, "r", {1, 8, 32, 32});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("r")], 1);
}

// A resize to a computed size (no scales) merged with a map of known resolution resized
// to that map's size: an FPN's top-down path meeting its lateral (up), a PAN's bottom-up
// path (down). Otherwise the factor is taken as 2 and a note says so.
TEST(ResizeToComputedSize, TakesTheResolutionItJoins) {
  Builder b;
  b.g.format = "TensorFlow GraphDef";
  b.g.channels_last = true;
  b.Input("x", {1, 64, 64, 3});
  b.Op("Conv2D", "c1", {"x"}, "l1", {}, {TfStrides(2)});
  b.Op("Conv2D", "c2", {"l1"}, "l2", {}, {TfStrides(2)});
  b.Op("Conv2D", "c3", {"l2"}, "l3", {}, {TfStrides(2)});
  // Top-down: 1/8 resized straight to the 1/2 lateral (the ×2 guess would say 1/4).
  b.Op("ResizeBilinear", "up", {"l3", "size_of_l1"}, "u");
  b.Op("AddV2", "fuse_up", {"u", "l1"}, "p1");
  // Bottom-up: 1/2 resized (through a Relu) down to the 1/4 map it joins.
  b.Op("ResizeBilinear", "down", {"p1", "size_of_l2"}, "dn");
  b.Op("Relu", "down_act", {"dn"}, "dn2");
  b.Op("ConcatV2", "fuse_down", {"dn2", "l2"}, "p2");
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("u")], 1);
  EXPECT_EQ(s.level[b.T("p1")], 1);
  EXPECT_EQ(s.level[b.T("dn")], 2);
  EXPECT_EQ(s.level[b.T("p2")], 2);
  EXPECT_TRUE(s.notes.empty());
}

TEST(ResizeToComputedSize, ScalesOrNoJoinGoByTheFactor) {
  Builder b;
  b.g.format = "TensorFlow GraphDef";
  b.g.channels_last = true;
  b.Input("x", {1, 64, 64, 3});
  b.Op("Conv2D", "c1", {"x"}, "l1", {}, {TfStrides(2)});
  b.Op("Conv2D", "c2", {"l1"}, "l2", {}, {TfStrides(2)});
  b.Op("Conv2D", "c3", {"l2"}, "l3", {}, {TfStrides(2)});
  // Recorded scales win over the map joined.
  b.Op("Resize", "scaled", {"l3"}, "s", {}, {{"scales", "[1, 1, 2, 2]"}});
  b.Op("Add", "join", {"s", "l1"}, "j");
  // No join: the factor is a guess, and said to be one.
  b.Op("ResizeBilinear", "lonely", {"l3", "size"}, "k");
  b.Op("Conv2D", "after", {"k"}, "y");
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("s")], 2);
  EXPECT_EQ(s.level[b.T("k")], 2);
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_NE(s.notes[0].find("lonely"), std::string::npos);
}

// Back from a vector to a feature map (an autoencoder's Unflatten), the resolution
// follows from the size alone; a conv on a globally pooled 1×1 map stays global.
TEST(FeatureMapFromVector, ResolutionFromItsSize) {
  Builder b;
  b.Input("x", {1, 1, 32, 32});
  b.Op("Conv", "c", {"x"}, "a", {1, 8, 16, 16});
  b.Op("Flatten", "flat", {"a"}, "f", {1, 2048});
  b.Op("Gemm", "fc", {"f"}, "z", {1, 512});
  b.Op("Reshape", "unflat", {"z"}, "u", {1, 8, 8, 8});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("f")], kNoLevel);
  EXPECT_EQ(s.level[b.T("u")], 2);
}

TEST(FeatureMapFromVector, ConvOnAGlobalMapStaysGlobal) {
  Builder b;
  b.Input("x", {1, 1, 32, 32});
  b.Op("Conv", "c", {"x"}, "a", {1, 8, 16, 16});
  b.Op("GlobalAveragePool", "gap", {"a"}, "g", {1, 8, 1, 1});
  b.Op("Conv", "fc", {"g"}, "h", {1, 8, 1, 1});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("h")], kNoLevel);
  EXPECT_TRUE(s.global[b.T("h")]);
}

// Shape-less graphs (TF.js graph models carry no shapes): the first conv or pool on an
// input of unknown rank takes that input as the image; a matrix product does not.
TEST(ShapelessInput, FirstConvTakesItAsTheImage) {
  Builder b;
  b.Input("x", {});
  b.Op("Conv2D", "stem", {"x"}, "a", {}, {TfStrides(2)});
  b.Op("Conv2D", "next", {"a"}, "c", {}, {TfStrides(2)});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("a")], 1);
  EXPECT_EQ(s.level[b.T("c")], 2);
}

TEST(ShapelessInput, MatMulDoesNot) {
  Builder b;
  b.Input("x", {});
  b.Op("MatMul", "fc", {"x"}, "a");
  b.Op("Conv2D", "conv", {"a"}, "c", {}, {TfStrides(2)});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("a")], kNoLevel);
  EXPECT_EQ(s.level[b.T("c")], kNoLevel);
}

// Widths: of integer tensors none, and a dense layer whose parameters fit neither
// in×out nor (in+1)×out leaves its width unknown.
TEST(Widths, NoneForIntegersOrParametersThatDoNotFit) {
  Builder b;
  b.Input("x", {1, 784});
  b.Typed("ids", DType::kInt64, {1, 16});
  b.Input("ids", {1, 16});
  b.Op("MatMul", "odd", {"x"}, "a", {}, {}, 1000);
  b.Op("Relu", "r", {"a"}, "b");
  const std::vector<int64_t> w = ComputeWidths(b.Done());
  EXPECT_EQ(w[b.T("x")], 784);
  EXPECT_EQ(w[b.T("ids")], -1);
  EXPECT_EQ(w[b.T("a")], -1);
  EXPECT_EQ(w[b.T("b")], -1);
}

// The main path is the heaviest input-to-output path by node weight; ties go to the
// earlier producer.
TEST(HeaviestPath, HeavierBranchWinsAndTiesGoToTheEarlierProducer) {
  Builder b;
  b.Input("x", {1, 4});
  b.Op("Relu", "light", {"x"}, "a");
  b.Op("Relu", "heavy1", {"x"}, "h1");
  b.Op("Relu", "heavy2", {"h1"}, "h2");
  b.Op("Add", "join", {"a", "h2"}, "j");
  b.Op("Relu", "tie1", {"j"}, "t1");
  b.Op("Relu", "tie2", {"j"}, "t2");
  b.Op("Add", "end", {"t1", "t2"}, "y");
  b.Output("y");
  const LayerGraph& g = b.Done();
  const std::vector<double> w(g.nodes.size(), 1);
  const std::vector<int> path = HeaviestPath(g, TopologicalOrder(g), w);
  const std::vector<int> want = {b.N("x"),    b.N("heavy1"), b.N("heavy2"), b.N("join"),
                                 b.N("tie1"), b.N("end"),    b.N("y")};
  EXPECT_EQ(path, want);
  // Weighting the light branch flips it.
  std::vector<double> w2 = w;
  w2[b.N("light")] = 5;
  EXPECT_EQ(HeaviestPath(g, TopologicalOrder(g), w2)[1], b.N("light"));
}

// Shape arithmetic (Shape -> Slice -> Concat computing a Resize's size) weighs nothing
// on the main path, so the path takes the resized data: the size computation lands in
// the decoder with the Resize it feeds, not on the floor. The sizes are the floor's own
// doubled (PyTorch's interpolate(x, scale_factor=2) with dynamic shapes) or the skip's
// (interpolate(x, size=skip.shape[2:])).
enum class SizeFrom { kFloorDoubled, kSkip };
void BuildUnetWithComputedResize(Builder& b, SizeFrom from) {
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "e1", {"x"}, "f1", {1, 8, 32, 32}, {Strides(2)});
  b.Op("Conv", "e2", {"f1"}, "f2", {1, 16, 16, 16}, {Strides(2)});
  b.Op("Conv", "floor", {"f2"}, "fl", {1, 16, 16, 16});
  b.Typed("shape", DType::kInt64, {4});
  b.Op("Shape", "shape_of", {from == SizeFrom::kSkip ? "f1" : "fl"}, "shape");
  b.Typed("hw", DType::kInt64, {2});
  b.Op("Slice", "take_hw", {"shape"}, "hw");
  b.Typed("hw2", DType::kInt64, {2});
  b.Op("Mul", "times_two", {"hw"}, "hw2");
  b.Typed("sizes", DType::kInt64, {4});
  b.Op("Concat", "sizes_concat", {from == SizeFrom::kSkip ? "hw" : "hw2"}, "sizes");
  b.Op("Resize", "up", {"fl", "sizes"}, "u", {1, 16, 32, 32});
  b.Op("Concat", "cat", {"u", "f1"}, "c", {1, 24, 32, 32});
  b.Op("Conv", "d1", {"c"}, "g", {1, 8, 32, 32});
  b.Op("Resize", "up2", {"g"}, "h", {1, 8, 64, 64});
  b.Op("Conv", "head", {"h"}, "y", {1, 1, 64, 64});
  b.Output("y");
}

TEST(ShapeArithmeticOffThePath, SizeComputationJoinsItsResize) {
  Builder b;
  BuildUnetWithComputedResize(b, SizeFrom::kFloorDoubled);
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("floor")], Role::kBottleneck);
  for (const char* n : {"shape_of", "take_hw", "times_two", "sizes_concat", "up", "cat"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kDecoder) << n;
  }
  EXPECT_TRUE(HasEvidence(r, "main path of 9 nodes")) << r.evidence[0];
}

TEST(ShapeArithmeticOffThePath, FloatGlueStaysOnThePath) {
  // A float op with no resolution of its own (a Reshape without shapes) beside the floor
  // still weighs: the path runs through it into the residual Add. Only integer size
  // computations weigh nothing.
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "e1", {"x"}, "f1", {1, 8, 32, 32}, {Strides(2)});
  b.Op("Conv", "e2", {"f1"}, "f2", {1, 16, 16, 16}, {Strides(2)});
  b.Op("Conv", "floor", {"f2"}, "fl", {1, 16, 16, 16});
  b.Op("Reshape", "view", {"fl"}, "dr");
  b.Op("Add", "residual", {"fl", "dr"}, "res", {1, 16, 16, 16});
  b.Op("Resize", "up", {"res"}, "u", {1, 16, 32, 32});
  b.Op("Concat", "cat", {"u", "f1"}, "c", {1, 24, 32, 32});
  b.Op("Resize", "up2", {"c"}, "y", {1, 24, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_TRUE(HasEvidence(r, "main path of 9 nodes")) << r.evidence[0];
  EXPECT_EQ(r.roles[b.N("view")], Role::kBottleneck);
}

// Falling then rising resolution is an encoder-decoder (the U-Net tests above); never
// falling (a super-resolution net) or never rising (a classifier) is not.
TEST(SpatialValley, ResolutionThatNeverFallsIsNoEncoderDecoder) {
  Builder b;
  b.Input("x", {1, 3, 32, 32});
  b.Op("Conv", "feat", {"x"}, "a", {1, 16, 32, 32});
  b.Op("Conv", "feat2", {"a"}, "c", {1, 16, 32, 32});
  b.Op("ConvTranspose", "up", {"c"}, "u", {1, 8, 64, 64}, {Strides(2)});
  b.Op("Conv", "out", {"u"}, "y", {1, 3, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  EXPECT_FALSE(r.found);
  EXPECT_TRUE(HasEvidence(r, "never falls"));
}

// Never rising stays no structure even when weak names would carry it over the line: a
// classifier named backbone / head (detection-framework style) has no decoder.
TEST(SpatialValley, ClassifierNamedBackboneAndHeadHasNone) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "/backbone/stem/Conv", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Conv", "/backbone/layer1/Conv", {"a"}, "c", {1, 16, 16, 16});
  b.Op("Conv", "/backbone/layer2/Conv", {"c"}, "d", {1, 32, 8, 8});
  b.Op("GlobalAveragePool", "/head/pool/GlobalAveragePool", {"d"}, "g", {1, 32, 1, 1});
  b.Op("Flatten", "/head/flatten/Flatten", {"g"}, "f", {1, 32});
  b.Op("Gemm", "/head/fc/Gemm", {"f"}, "y", {1, 10});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  EXPECT_FALSE(r.found) << r.evidence.back();
  EXPECT_TRUE(HasEvidence(r, "never rises again"));
}

// A vector segment between feature maps is a dense latent (ConvAutoencoderWithDenseLatent
// above) only when something in it is a vector: a shape-less reshape round trip (a
// channel shuffle written without shapes) is not the floor of a valley.
TEST(DenseLatentFloor, ShapelessReshapeRoundTripIsNoVector) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c1", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Conv", "c2", {"a"}, "c", {1, 16, 16, 16});
  b.Op("Reshape", "shuffle_in", {"c"}, "r");
  b.Op("Transpose", "shuffle", {"r"}, "t");
  b.Op("Reshape", "shuffle_out", {"t"}, "m", {1, 16, 16, 16});
  b.Op("Conv", "c3", {"m"}, "d", {1, 32, 8, 8});
  b.Op("GlobalAveragePool", "gap", {"d"}, "g", {1, 32, 1, 1});
  b.Op("Flatten", "flat", {"g"}, "f", {1, 32});
  b.Op("Gemm", "fc", {"f"}, "y", {1, 10});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  EXPECT_FALSE(r.found) << r.evidence.back();
}

// A feature-pyramid neck (the rise stops short of the input's resolution) is found with
// 0.1 less confidence than a full U, and the evidence says why.
void BuildValley(Builder& b, bool full_rise) {
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "e1", {"x"}, "f1", {1, 8, 32, 32});
  b.Op("Conv", "e2", {"f1"}, "f2", {1, 16, 16, 16});
  b.Op("Conv", "e3", {"f2"}, "f3", {1, 32, 8, 8});
  b.Op("Conv", "floor", {"f3"}, "fl", {1, 32, 8, 8});
  b.Op("Resize", "up3", {"fl"}, "u3", {1, 32, 16, 16});
  b.Op("Conv", "lateral", {"f2"}, "l2", {1, 32, 16, 16});
  b.Op("Add", "fuse", {"u3", "l2"}, "p2", {1, 32, 16, 16});
  std::string last = "p2";
  if (full_rise) {
    b.Op("Resize", "up2", {"p2"}, "u2", {1, 32, 32, 32});
    b.Op("Resize", "up1", {"u2"}, "u1", {1, 32, 64, 64});
    last = "u1";
  }
  b.Op("Conv", "head", {last}, "y",
       full_rise ? std::vector<int64_t>{1, 2, 64, 64} : std::vector<int64_t>{1, 2, 16, 16});
  b.Output("y");
}

TEST(PyramidNeck, ShortRiseCostsConfidence) {
  Builder neck;
  BuildValley(neck, false);
  GroupingOptions o;
  o.mode = GroupingMode::kStructure;
  const Grouping r = FindGroups(neck.Done(), o);
  ASSERT_TRUE(r.found);
  // 0.55 for a valley, +0.2 for the skip, -0.1 for stopping at 1/4.
  EXPECT_NEAR(r.confidence, 0.65, 1e-9);
  EXPECT_TRUE(HasEvidence(r, "the rise stops at 1/4"));
  EXPECT_EQ(EdgesOf(r, EdgeKind::kSkip).size(), 1u);
}

TEST(PyramidNeck, FullRiseIsNotDiscounted) {
  Builder full;
  BuildValley(full, true);
  GroupingOptions o;
  o.mode = GroupingMode::kStructure;
  const Grouping r = FindGroups(full.Done(), o);
  ASSERT_TRUE(r.found);
  EXPECT_NEAR(r.confidence, 0.8, 1e-9);
  EXPECT_FALSE(HasEvidence(r, "pyramid neck"));
}

// A context module needs three or more parallel branches joined again; two branches on a
// flat floor (a residual block) are no ASPP.
TEST(ContextModule, TwoBranchesAreNoContextModule) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "s1", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Conv", "s2", {"a"}, "c", {1, 16, 16, 16});
  b.Op("Conv", "br1", {"c"}, "e1", {1, 8, 16, 16});
  b.Op("Conv", "br2", {"c"}, "e2", {1, 8, 16, 16});
  b.Op("Concat", "join", {"e1", "e2"}, "f", {1, 16, 16, 16});
  b.Op("Conv", "project", {"f"}, "g", {1, 8, 16, 16});
  b.Op("Conv", "head", {"g"}, "i", {1, 2, 16, 16});
  b.Op("Resize", "upsample", {"i"}, "y", {1, 2, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_FALSE(HasEvidence(r, "context module"));
  // The floor is the bottleneck from its first node to the last before the rise.
  EXPECT_EQ(r.roles[b.N("head")], Role::kBottleneck);
}

// Skips: an encoder map read in the decoder that reaches a merge with the decoder's own
// stream at its resolution (the U-Net tests above). A read of the encoder map's size only
// (PyTorch's interpolate(x, size=skip.shape[2:])) is no skip.
TEST(Skips, SizeOnlyReadOfAnEncoderMapIsNoSkip) {
  Builder b;
  BuildUnetWithComputedResize(b, SizeFrom::kSkip);
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  const std::vector<std::pair<int, int>> want = {{b.N("e1"), b.N("cat")}};
  EXPECT_EQ(EdgesOf(r, EdgeKind::kSkip), want);
}

// Main edges: one per group boundary on the main path.
TEST(MainEdges, OnePerBoundaryOfTheMainPath) {
  Builder b;
  BuildUnet(b, true, false);
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  const std::vector<std::pair<int, int>> want = {{b.N("p2"), b.N("b1")}, {b.N("b2"), b.N("u2")}};
  EXPECT_EQ(EdgesOf(r, EdgeKind::kMain), want);
}

// Off the main path a node takes the role of the first main-path node it feeds (a crop
// on a skip is the decoder's); one that feeds no main-path node (a deep-supervision side
// output) belongs to no group.
TEST(SpreadFromPath, CropTakesItsReadersRoleSideOutputNone) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c1", {"x"}, "e1", {1, 8, 64, 64});
  b.Op("MaxPool", "p1", {"e1"}, "q1", {1, 8, 32, 32});
  b.Op("Conv", "c2", {"q1"}, "e2", {1, 16, 32, 32});
  b.Op("MaxPool", "p2", {"e2"}, "q2", {1, 16, 16, 16});
  b.Op("Conv", "b1", {"q2"}, "b1o", {1, 32, 16, 16});
  b.Op("Conv", "side", {"b1o"}, "aux", {1, 1, 16, 16});  // deep supervision
  b.Output("aux");
  b.Op("ConvTranspose", "u2", {"b1o"}, "u2o", {1, 16, 32, 32}, {Strides(2)});
  b.Op("Slice", "crop2", {"e2"}, "e2c", {1, 16, 32, 32});
  b.Op("Concat", "cat2", {"u2o", "e2c"}, "c2o", {1, 32, 32, 32});
  b.Op("Conv", "d2", {"c2o"}, "d2o", {1, 16, 32, 32});
  b.Op("ConvTranspose", "u1", {"d2o"}, "u1o", {1, 8, 64, 64}, {Strides(2)});
  b.Op("Concat", "cat1", {"u1o", "e1"}, "c1o", {1, 16, 64, 64});
  b.Op("Conv", "d1", {"c1o"}, "y", {1, 1, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("crop2")], Role::kDecoder);
  EXPECT_EQ(r.roles[b.N("side")], Role::kNone);
  const std::vector<std::pair<int, int>> want = {{b.N("c1"), b.N("cat1")},
                                                 {b.N("c2"), b.N("crop2")}};
  EXPECT_EQ(EdgesOf(r, EdgeKind::kSkip), want);
}

// A detector's heads, one per pyramid level, are all the decoder's, each in the stage of
// the level it reads: the main path runs through one of them, the others leave a decoder
// map and feed only their own outputs; what feeds a head and nothing else (its anchor
// grid, made from constants) joins it. A tiny PAN: down to 1/8, up to 1/4 with a lateral,
// back down to 1/8; a head on each of the two levels.
void BuildPanWithHeads(Builder& b, bool aux_on_bottleneck) {
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "e1", {"x"}, "f1", {1, 8, 32, 32});
  b.Op("Conv", "e2", {"f1"}, "f2", {1, 16, 16, 16});
  b.Op("Conv", "e3", {"f2"}, "f3", {1, 32, 8, 8});
  b.Op("Conv", "floor", {"f3"}, "fl", {1, 32, 8, 8});
  b.Op("Resize", "up", {"fl"}, "u", {1, 32, 16, 16});
  b.Op("Conv", "lateral", {"f2"}, "l", {1, 32, 16, 16});
  b.Op("Add", "p4", {"u", "l"}, "p4o", {1, 32, 16, 16});
  b.Op("Conv", "down", {"p4o"}, "dn", {1, 32, 8, 8}, {Strides(2)});
  b.Op("Add", "n8", {"dn", "fl"}, "n8o", {1, 32, 8, 8});
  for (const std::string level : {"4", "8"}) {
    const std::string in = level == "4" ? "p4o" : "n8o";
    const std::string h = "head" + level + "/";
    b.Typed(h + "grid", DType::kInt64, {3});
    b.Op("Const", h + "anchor_grid", {}, h + "grid");
    b.Typed(h + "grid2", DType::kInt64, {3});
    b.Op("Add", h + "anchor_offset", {h + "grid"}, h + "grid2");
    b.Op("Conv", h + "conv", {in}, h + "c");
    b.Op("Sigmoid", h + "score", {h + "c"}, h + "s");
    b.Op("Reshape", h + "flat", {h + "s", h + "grid2"}, h + "y", {1, 64, 32});
    b.Output(h + "y");
  }
  if (aux_on_bottleneck) {
    b.Op("GlobalAveragePool", "aux/pool", {"fl"}, "ap", {1, 32, 1, 1});
    b.Op("Flatten", "aux/flat", {"ap"}, "af", {1, 32});
    b.Op("Gemm", "aux/fc", {"af"}, "ay", {1, 10});
    b.Output("ay");
  }
}

TEST(DecoderSideHeads, EveryLevelsHeadIsTheDecoders) {
  Builder b;
  BuildPanWithHeads(b, false);
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  for (const char* level : {"head4/", "head8/"}) {
    for (const char* n : {"anchor_grid", "anchor_offset", "conv", "score", "flat"}) {
      EXPECT_EQ(r.roles[b.N(std::string(level) + n)], Role::kDecoder) << level << n;
    }
  }
  for (const char* n : {"head4/conv", "head4/flat", "head4/anchor_grid"}) {
    EXPECT_EQ(r.stage_of[b.N(n)], r.stage_of[b.N("p4")]) << n;
  }
  EXPECT_EQ(r.stage_of[b.N("head8/conv")], r.stage_of[b.N("n8")]);
}

TEST(DecoderSideHeads, AnAuxiliaryClassifierOnTheBottleneckBelongsToNeither) {
  Builder b;
  BuildPanWithHeads(b, true);
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("head4/conv")], Role::kDecoder);
  for (const char* n : {"aux/pool", "aux/flat", "aux/fc"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kNone) << n;
  }
}

// The verdict needs min_confidence: a grouping found below it is reported as none.
TEST(Verdict, BelowTheLeastConfidenceIsNoStructure) {
  Builder b;
  BuildUnet(b, true, false);
  GroupingOptions o;
  o.min_confidence = 0.99;
  const Grouping r = FindGroups(b.Done(), o);
  EXPECT_FALSE(r.found);
  EXPECT_TRUE(HasEvidence(r, "below 0.99"));
  for (Role role : r.roles) EXPECT_EQ(role, Role::kNone);
}

// Names alone (--groups names): an encoder and a decoder named, in that order. Weak
// tokens alone, or a decoder named before the encoder, decide nothing.
TEST(NamesAlone, WeakTokensOrReversedOrderDecideNothing) {
  GroupingOptions names;
  names.mode = GroupingMode::kNames;
  Builder weak;
  weak.Input("x", {1, 8});
  weak.Op("MatMul", "/backbone/fc1/MatMul", {"x"}, "a");
  weak.Op("MatMul", "/backbone/fc2/MatMul", {"a"}, "c");
  weak.Op("MatMul", "/head/fc1/MatMul", {"c"}, "d");
  weak.Op("MatMul", "/head/fc2/MatMul", {"d"}, "y");
  weak.Output("y");
  EXPECT_FALSE(FindGroups(weak.Done(), names).found);
  Builder reversed;
  reversed.Input("x", {1, 8});
  reversed.Op("MatMul", "/decoder/fc1/MatMul", {"x"}, "a");
  reversed.Op("MatMul", "/decoder/fc2/MatMul", {"a"}, "c");
  reversed.Op("MatMul", "/encoder/fc1/MatMul", {"c"}, "d");
  reversed.Op("MatMul", "/encoder/fc2/MatMul", {"d"}, "y");
  reversed.Output("y");
  EXPECT_FALSE(FindGroups(reversed.Done(), names).found);
  // One node of each named is too little to go on.
  Builder single;
  single.Input("x", {1, 8});
  single.Op("MatMul", "/encoder/MatMul", {"x"}, "a");
  single.Op("MatMul", "fc2", {"a"}, "c");
  single.Op("MatMul", "fc3", {"c"}, "d");
  single.Op("MatMul", "/decoder/MatMul", {"d"}, "y");
  single.Output("y");
  EXPECT_FALSE(FindGroups(single.Done(), names).found);
  Builder ordered;
  ordered.Input("x", {1, 8});
  ordered.Op("MatMul", "/encoder/fc1/MatMul", {"x"}, "a");
  ordered.Op("MatMul", "/encoder/fc2/MatMul", {"a"}, "c");
  ordered.Op("MatMul", "/decoder/fc1/MatMul", {"c"}, "d");
  ordered.Op("MatMul", "/decoder/fc2/MatMul", {"d"}, "y");
  ordered.Output("y");
  const Grouping r = FindGroups(ordered.Done(), names);
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[ordered.N("/decoder/fc1/MatMul")], Role::kDecoder);
}

// Names refining structure: a strong name moves a node to the neighbouring role it
// names; a name two roles away is a conflict that costs confidence and moves nothing.
TEST(NamesRefineStructure, StrongNameMovesANodeToTheNeighbouringRole) {
  Builder b;
  BuildUnet(b, true, false);
  b.g.nodes[b.N("p2")].name = "/bottleneck/pool/MaxPool";
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("/bottleneck/pool/MaxPool")], Role::kBottleneck);
  EXPECT_TRUE(HasEvidence(r, "1 refined by their names"));
}

TEST(NamesRefineStructure, NameTwoRolesAwayIsAConflict) {
  Builder plain, b;
  BuildUnet(plain, true, false);
  BuildUnet(b, true, false);
  b.g.nodes[b.N("c1")].name = "/decoder/conv/Conv";
  const Grouping base = FindGroups(plain.Done(), GroupingOptions());
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("/decoder/conv/Conv")], Role::kEncoder);
  EXPECT_TRUE(HasEvidence(r, "1 conflict"));
  EXPECT_NEAR(r.confidence, base.confidence - 0.3, 1e-9);
}

// Weak names (backbone, head, classifier, aspp) only settle a long undivided floor (a
// segmentation backbone's dilated tail against its head); on an ordinary encoder node
// they move nothing.
TEST(WeakNames, SettleALongFloor) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "s1", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Conv", "s2", {"a"}, "c", {1, 16, 16, 16});
  b.Op("Conv", "/backbone/dil1/Conv", {"c"}, "d1", {1, 16, 16, 16});
  b.Op("Conv", "/backbone/dil2/Conv", {"d1"}, "d2", {1, 16, 16, 16});
  b.Op("Conv", "/backbone/dil3/Conv", {"d2"}, "d3", {1, 16, 16, 16});
  b.Op("Conv", "/classifier/conv/Conv", {"d3"}, "h", {1, 8, 16, 16});
  b.Op("Conv", "/classifier/out/Conv", {"h"}, "i", {1, 2, 16, 16});
  b.Op("Resize", "upsample", {"i"}, "y", {1, 2, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  for (const char* n : {"/backbone/dil1/Conv", "/backbone/dil3/Conv"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kEncoder) << n;
  }
  for (const char* n : {"/classifier/conv/Conv", "/classifier/out/Conv"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kDecoder) << n;
  }
}

TEST(WeakNames, MoveNothingOffAShortFloor) {
  Builder b;
  BuildUnet(b, true, false);
  b.g.nodes[b.N("c2")].name = "/aspp/conv/Conv";  // weak bottleneck token on the encoder
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("/aspp/conv/Conv")], Role::kEncoder);
  EXPECT_TRUE(HasEvidence(r, "0 refined by their names, 0 conflict"));
}

// Idioms (down/up) name the resampling steps, not the floor: they do not move a found
// bottleneck (DownUpIdiomDoesNotEraseAStructuralBottleneck above), but they do divide a
// long undivided floor (a dilated tail) between encoder and decoder.
TEST(PairedIdioms, DivideALongFloor) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "/down1/Conv", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Conv", "/down2/Conv", {"a"}, "c", {1, 16, 16, 16});
  b.Op("Conv", "/down3/Conv", {"c"}, "d1", {1, 16, 16, 16});
  b.Op("Conv", "/down4/Conv", {"d1"}, "d2", {1, 16, 16, 16});
  b.Op("Conv", "/middle/Conv", {"d2"}, "m", {1, 16, 16, 16});
  b.Op("Conv", "/up1/Conv", {"m"}, "u1", {1, 16, 16, 16});
  b.Op("Conv", "/up2/Conv", {"u1"}, "u2", {1, 8, 16, 16});
  b.Op("Resize", "/up3/Resize", {"u2"}, "y", {1, 8, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  for (const char* n : {"/down3/Conv", "/down4/Conv"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kEncoder) << n;
  }
  EXPECT_EQ(r.roles[b.N("/middle/Conv")], Role::kBottleneck);
  for (const char* n : {"/up1/Conv", "/up2/Conv"}) EXPECT_EQ(r.roles[b.N(n)], Role::kDecoder) << n;
}

// Paired idioms (down/up, contract/expand, inc/outc) count only when both halves appear:
// "expand" alone is a MobileNet expansion conv, not the second half of a U-Net.
TEST(PairedIdioms, CountWhenBothHalvesAppear) {
  Builder b;
  BuildUnet(b, true, false);
  b.g.nodes[b.N("c1")].name = "/contract1/Conv";
  b.g.nodes[b.N("d1")].name = "/expand1/Conv";
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_TRUE(HasEvidence(r, "2 of 2 named nodes agree")) << r.evidence.back();
}

TEST(PairedIdioms, OneHalfAloneIsNoName) {
  Builder plain, b;
  BuildUnet(plain, true, false);
  BuildUnet(b, true, false);
  b.g.nodes[b.N("c2")].name = "/features/expand/Conv";
  const Grouping base = FindGroups(plain.Done(), GroupingOptions());
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("/features/expand/Conv")], Role::kEncoder);
  EXPECT_FALSE(HasEvidence(r, "named nodes agree"));
  EXPECT_NEAR(r.confidence, base.confidence, 1e-9);
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
}  // namespace graphgen
