// Op patterns on hand-built graphs: each kind of layer found in its exporters' spellings,
// and every rule that keeps a match honest (an inner tensor read outside, a scope boundary,
// a second data input where a weight belongs, SiLU against a squeeze-excite gate).
#include "passes/op_patterns/op_patterns.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/name_scopes.h"

namespace graphgen {
namespace {

// Builds a graph op by op: tensors by name, weights as params (folded already).
struct Builder {
  LayerGraph g;
  int T(const std::string& name) {
    for (size_t t = 0; t < g.tensors.size(); ++t) {
      if (g.tensors[t].name == name) return static_cast<int>(t);
    }
    return g.AddTensor(name);
  }
  void Input(const std::string& name) {
    Node n;
    n.kind = NodeKind::kInput;
    n.name = name;
    n.op_type = "Input";
    n.outputs = {T(name)};
    g.AddNode(n);
  }
  int Op(const std::string& op, const std::string& name, std::vector<std::string> ins,
         const std::string& out, int64_t params = 0, int scope = 0) {
    Node n;
    n.op_type = op;
    n.name = name;
    for (const std::string& i : ins) n.inputs.push_back(T(i));
    n.outputs = {T(out)};
    n.params = params;
    n.scope = scope;
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
  std::vector<std::string> Ops() const {
    std::vector<std::string> ops;
    for (const Node& n : g.nodes) ops.push_back(n.op_type);
    return ops;
  }
};

using Ops = std::vector<std::string>;

// torch's LayerNorm at opset 13: nine ops, gamma and beta as weights of Mul and Add.
void AddLayerNorm(Builder& b, const std::string& x, const std::string& out,
                  const std::string& p = "/ln/") {
  b.Op("ReduceMean", p + "ReduceMean", {x}, p + "m");
  b.Op("Sub", p + "Sub", {x, p + "m"}, p + "d");
  b.Op("Pow", p + "Pow", {p + "d"}, p + "sq");
  b.Op("ReduceMean", p + "ReduceMean_1", {p + "sq"}, p + "var");
  b.Op("Add", p + "Add", {p + "var"}, p + "ve");
  b.Op("Sqrt", p + "Sqrt", {p + "ve"}, p + "s");
  b.Op("Div", p + "Div", {p + "d", p + "s"}, p + "n");
  b.Op("Mul", p + "Mul", {p + "n"}, p + "g", 64);
  b.Op("Add", p + "Add_1", {p + "g"}, out, 64);
}

TEST(OpPatterns, EveryTableRowParses) {
  for (const OpPatternSpec& spec : OpPatternTable()) {
    const auto p = ParseOpPattern(spec);
    EXPECT_TRUE(p.ok()) << p.status().message();
  }
  EXPECT_FALSE(ParseOpPattern({"Bad", "Relu(y)"}).ok());
  EXPECT_FALSE(ParseOpPattern({"Bad", "Relu(x); Add(3)"}).ok());
  EXPECT_FALSE(ParseOpPattern({"Bad", "Relu?(x); Add(0)"}).ok());
  EXPECT_FALSE(ParseOpPattern({"Bad", "Relu x"}).ok());
  const auto p = ParseOpPattern({"SiLU", "Sigmoid(x); Mul*(x,0)"});
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->steps.size(), 2u);
  EXPECT_TRUE(p->steps[1].any_order);
  EXPECT_EQ(p->steps[1].refs, (std::vector<int>{-1, 0}));
}

TEST(OpPatterns, DecomposedLayerNormIsOneBoxWithItsWeights) {
  Builder b;
  b.Input("x");
  AddLayerNorm(b, "x", "y", "/enc/LayerNorm/");
  b.Op("Relu", "/enc/Relu", {"y"}, "z");
  b.Output("z");
  AssignNameScopes(b.Done());  // as the pass list does before op patterns
  const PatternResult r = ApplyOpPatterns(b.g);
  EXPECT_EQ(r.matches.at("LayerNorm"), 1);
  EXPECT_EQ(b.Ops(), (Ops{"Input", "LayerNorm", "Relu", "Output"}));
  const Node& ln = b.g.nodes[1];
  EXPECT_EQ(ln.name, "/enc/LayerNorm");
  EXPECT_EQ(ln.params, 128);
  EXPECT_EQ(ln.op_count, 9);
  ASSERT_EQ(ln.pattern_ops.size(), 9u);
  EXPECT_EQ(ln.pattern_ops[0].op_type, "ReduceMean");
  EXPECT_EQ(ln.pattern_ops[8].name, "/enc/LayerNorm/Add_1");
  ASSERT_EQ(ln.inputs.size(), 1u);
  EXPECT_EQ(b.g.tensors[ln.inputs[0]].name, "x");
  EXPECT_EQ(b.g.tensors[ln.outputs[0]].name, "y");
  EXPECT_EQ(b.g.tensors[ln.outputs[0]].consumers, (std::vector<int>{2}));
}

// torch's GroupNorm: reshape to [N, G, -1], InstanceNorm, reshape back to the input's shape
// (its Shape already folded into the Reshape, as fold_shapes leaves it), then the affine.
TEST(OpPatterns, GroupNormWithItsShapeFolded) {
  Builder b;
  b.Input("x");
  b.Op("Reshape", "/head/gn/Reshape", {"x"}, "r");
  b.Op("InstanceNormalization", "/head/gn/InstanceNormalization", {"r"}, "i", 16);
  const int back = b.Op("Reshape", "/head/gn/Reshape_1", {"i"}, "b");
  b.g.nodes[back].shape_ops.push_back({"/head/gn/Shape", "Shape", false});
  b.Op("Mul", "/head/gn/Mul", {"b"}, "m", 16);
  b.Op("Add", "/head/gn/Add", {"m"}, "y", 16);
  b.Op("Relu", "/head/Relu", {"y"}, "z");
  b.Output("z");
  AssignNameScopes(b.Done());
  const PatternResult r = ApplyOpPatterns(b.g);
  EXPECT_EQ(r.matches.at("GroupNorm"), 1);
  EXPECT_EQ(b.Ops(), (Ops{"Input", "GroupNorm", "Relu", "Output"}));
  EXPECT_EQ(b.g.nodes[1].params, 48);
}

TEST(OpPatterns, LayerNormWithoutAffineAndTheFusedOpNameAgree) {
  Builder b;
  b.Input("x");
  b.Op("ReduceMean", "m", {"x"}, "m");
  b.Op("Sub", "d", {"x", "m"}, "d");
  b.Op("Pow", "sq", {"d"}, "sq");
  b.Op("ReduceMean", "v", {"sq"}, "v");
  b.Op("Add", "ve", {"v"}, "ve");
  b.Op("Sqrt", "s", {"ve"}, "s");
  b.Op("Div", "n", {"d", "s"}, "n");
  b.Op("LayerNormalization", "ln2", {"n"}, "y", 32);
  b.Output("y");
  ApplyOpPatterns(b.Done());
  EXPECT_EQ(b.Ops(), (Ops{"Input", "LayerNorm", "LayerNorm", "Output"}));
  EXPECT_EQ(b.g.nodes[1].op_count, 7);
  EXPECT_EQ(b.g.nodes[2].pattern_ops[0].op_type, "LayerNormalization");
}

// The centred tensor read by a residual outside the norm: not a LayerNorm any more.
TEST(OpPatterns, AnInnerTensorReadOutsideStopsTheMatch) {
  Builder b;
  b.Input("x");
  AddLayerNorm(b, "x", "y");
  b.Op("Add", "leak", {"y", "/ln/d"}, "z");
  b.Output("z");
  const PatternResult r = ApplyOpPatterns(b.Done());
  EXPECT_EQ(r.matches.count("LayerNorm"), 0u);
  EXPECT_EQ(b.g.nodes.size(), 12u);
}

TEST(OpPatterns, AMatchNeverCrossesAScope) {
  Builder b;
  const int a = b.g.ChildScope(0, "a", ScopeKind::kModule);
  const int c = b.g.ChildScope(0, "c", ScopeKind::kModule);
  b.Input("x");
  b.Op("Sigmoid", "a/Sigmoid", {"x"}, "s", 0, a);
  b.Op("Mul", "c/Mul", {"x", "s"}, "y", 0, c);
  b.Output("y");
  ApplyOpPatterns(b.Done());
  EXPECT_EQ(b.Ops(), (Ops{"Input", "Sigmoid", "Mul", "Output"}));
}

// x * sigmoid(x) is SiLU; a squeeze-excite gate multiplies another tensor by the sigmoid.
TEST(OpPatterns, SiLUButNotTheGate) {
  Builder b;
  b.Input("x");
  b.Op("Sigmoid", "act/Sigmoid", {"x"}, "s");
  b.Op("Mul", "act/Mul", {"s", "x"}, "y");  // operands in either order
  b.Op("GlobalAveragePool", "se/pool", {"y"}, "p");
  b.Op("Sigmoid", "se/Sigmoid", {"p"}, "g");
  b.Op("Mul", "se/Mul", {"g", "y"}, "z");
  b.Output("z");
  const PatternResult r = ApplyOpPatterns(b.Done());
  EXPECT_EQ(r.matches.at("SiLU"), 1);
  EXPECT_EQ(b.Ops(), (Ops{"Input", "SiLU", "GlobalAveragePool", "Sigmoid", "Mul", "Output"}));
}

TEST(OpPatterns, GeluInBothOrdersOfTheHalf) {
  Builder b;
  b.Input("x");
  // torch: x / sqrt2 -> erf -> + 1 -> x * . -> * 0.5
  b.Op("Div", "g1/Div", {"x"}, "a");
  b.Op("Erf", "g1/Erf", {"a"}, "e");
  b.Op("Add", "g1/Add", {"e"}, "e1");
  b.Op("Mul", "g1/Mul", {"x", "e1"}, "m");
  b.Op("Mul", "g1/Mul_1", {"m"}, "y");
  // 0.5 x first, then the product
  b.Op("Mul", "g2/Mul", {"y"}, "h");
  b.Op("Mul", "g2/Mul_1", {"y"}, "a2");
  b.Op("Erf", "g2/Erf", {"a2"}, "e2");
  b.Op("Add", "g2/Add", {"e2"}, "e3");
  b.Op("Mul", "g2/Mul_2", {"e3", "h"}, "z");
  b.Output("z");
  const PatternResult r = ApplyOpPatterns(b.Done());
  EXPECT_EQ(r.matches.at("GELU"), 2);
  EXPECT_EQ(b.Ops(), (Ops{"Input", "GELU", "GELU", "Output"}));
}

TEST(OpPatterns, HardSwishAndHardSigmoidDecomposed) {
  Builder b;
  b.Input("x");
  b.Op("Add", "hs/Add", {"x"}, "a");
  b.Op("Clip", "hs/Clip", {"a"}, "c");
  b.Op("Div", "hs/Div", {"c"}, "d");
  b.Op("Mul", "hs/Mul", {"x", "d"}, "y");
  b.Op("Add", "hsig/Add", {"y"}, "a2");
  b.Op("Clip", "hsig/Clip", {"a2"}, "c2");
  b.Op("Div", "hsig/Div", {"c2"}, "z");
  b.Output("z");
  ApplyOpPatterns(b.Done());
  EXPECT_EQ(b.Ops(), (Ops{"Input", "HardSwish", "HardSigmoid", "Output"}));
}

// A MatMul of two activations (attention scores) is no Linear layer.
TEST(OpPatterns, LinearNeedsAWeight) {
  Builder b;
  b.Input("x");
  b.Input("k");
  b.Op("MatMul", "q/MatMul", {"x"}, "q", 16);
  b.Op("Add", "q/Add", {"q"}, "qb", 4);
  b.Op("MatMul", "s/MatMul", {"qb", "k"}, "s");
  b.Op("Add", "s/Add", {"s"}, "sb");
  b.Output("sb");
  ApplyOpPatterns(b.Done());
  EXPECT_EQ(b.Ops(), (Ops{"Input", "Input", "Linear", "MatMul", "Add", "Output"}));
  EXPECT_EQ(b.g.nodes[2].params, 20);
}

TEST(OpPatterns, ExporterSpellingsAreRenamed) {
  Builder b;
  b.Input("x");
  b.Op("_FusedConv2D", "conv", {"x"}, "c", 27);
  b.Op("Gelu", "act", {"c"}, "y");
  b.Output("y");
  const PatternResult r = ApplyOpPatterns(b.Done());
  EXPECT_EQ(r.renamed, 2);
  EXPECT_EQ(b.Ops(), (Ops{"Input", "Conv2D", "GELU", "Output"}));
  EXPECT_EQ(b.g.nodes[1].params, 27);
}

// TensorFlow writes a convolution's bias as its own op: the conv keeps its name.
TEST(OpPatterns, TensorFlowConvAndBiasAddKeepTheConv) {
  Builder b;
  b.Input("x");
  const int conv = b.Op("Conv2D", "c/Conv2D", {"x"}, "c", 27);
  b.g.nodes[conv].attributes.push_back({"strides", "[1, 2, 2, 1]", AttrKind::kInts, {1, 2, 2, 1}});
  b.Op("BiasAdd", "c/BiasAdd", {"c"}, "y", 3);
  b.Output("y");
  ApplyOpPatterns(b.Done());
  EXPECT_EQ(b.Ops(), (Ops{"Input", "Conv2D", "Output"}));
  EXPECT_EQ(b.g.nodes[1].params, 30);
  ASSERT_EQ(b.g.nodes[1].attributes.size(), 1u);
  EXPECT_EQ(b.g.nodes[1].attributes[0].name, "strides");
}

TEST(OpPatterns, TheSameGraphGivesTheSameBoxes) {
  const auto run = [] {
    Builder b;
    b.Input("x");
    AddLayerNorm(b, "x", "y");
    b.Op("Sigmoid", "s", {"y"}, "s");
    b.Op("Mul", "m", {"y", "s"}, "z");
    b.Output("z");
    ApplyOpPatterns(b.Done());
    std::string all;
    for (const Node& n : b.g.nodes) all += n.op_type + ":" + n.name + ";";
    return all;
  };
  EXPECT_EQ(run(), run());
  EXPECT_EQ(run(), "Input:x;LayerNorm:/ln/ReduceMean;SiLU:s;Output:z;");
}

// Multi-head attention as a hand-written BERT layer exports it: three projections, head
// split, scaled scores, softmax, product with V, merge, output projection.
void AddAttention(Builder& b, const std::string& q_in, const std::string& kv_in,
                  const std::string& out) {
  const auto shaped = [&](const std::string& t, std::vector<int64_t> dims) {
    TensorType& type = b.g.tensors[b.T(t)].type;
    type.rank_known = true;
    type.dims.clear();
    for (int64_t d : dims) type.dims.push_back(Dim{d, ""});
  };
  const std::string p = "/attn/";
  for (const char* x : {"q", "k", "v"}) {
    const std::string in = std::string(x) == "q" ? q_in : kv_in;
    b.Op("MatMul", p + x + "/MatMul", {in}, p + x + "m", 64 * 64);
    b.Op("Add", p + x + "/Add", {p + x + "m"}, p + x + "b", 64);
    b.Op("Reshape", p + x + "/Reshape", {p + x + "b"}, p + x + "r");
    b.Op("Transpose", p + x + "/Transpose", {p + x + "r"}, p + x + "h");
  }
  shaped(p + "qh", {1, 4, 16, 16});  // 4 heads of 16
  b.Op("MatMul", p + "scores", {p + "qh", p + "kh"}, p + "s");
  b.Op("Div", p + "scale", {p + "s"}, p + "sd");
  b.Op("Softmax", p + "softmax", {p + "sd"}, p + "w");
  b.Op("MatMul", p + "context", {p + "w", p + "vh"}, p + "c");
  b.Op("Transpose", p + "merge/Transpose", {p + "c"}, p + "ct");
  b.Op("Reshape", p + "merge/Reshape", {p + "ct"}, p + "cr");
  shaped(p + "cr", {1, 16, 64});
  b.Op("MatMul", p + "out/MatMul", {p + "cr"}, p + "om", 64 * 64);
  b.Op("Add", p + "out/Add", {p + "om"}, out, 64);
}

TEST(OpPatterns, SelfAttentionIsOneBoxWithItsHeads) {
  Builder b;
  b.Input("x");
  AddAttention(b, "x", "x", "y");
  b.Op("Add", "residual", {"y", "x"}, "z");
  b.Output("z");
  AssignNameScopes(b.Done());
  const PatternResult r = ApplyOpPatterns(b.g);
  EXPECT_EQ(r.matches.at("MultiHeadAttention"), 1);
  EXPECT_EQ(b.Ops(), (Ops{"Input", "MultiHeadAttention", "Add", "Output"}));
  const Node& mha = b.g.nodes[1];
  EXPECT_EQ(mha.detail, "4 heads");
  EXPECT_EQ(mha.name, "/attn");
  EXPECT_EQ(mha.params, 4 * (64 * 64 + 64));
  ASSERT_NE(FindAttribute(mha, "attention"), nullptr);
  EXPECT_EQ(FindAttribute(mha, "attention")->value, "self");
  EXPECT_EQ(FindAttribute(mha, "heads")->ints, (std::vector<int64_t>{4}));
  ASSERT_EQ(mha.inputs.size(), 1u);
}

TEST(OpPatterns, CrossAttentionReadsItsMemorySecond) {
  Builder b;
  b.Input("dec");
  b.Input("memory");
  AddAttention(b, "dec", "memory", "y");
  b.Output("y");
  AssignNameScopes(b.Done());
  ApplyOpPatterns(b.g);
  EXPECT_EQ(b.Ops(), (Ops{"Input", "Input", "MultiHeadAttention", "Output"}));
  const Node& mha = b.g.nodes[2];
  EXPECT_EQ(mha.detail, "4 heads \xC2\xB7 cross");
  ASSERT_EQ(mha.inputs.size(), 2u);
  EXPECT_EQ(b.g.tensors[mha.inputs[0]].name, "dec");
  EXPECT_EQ(b.g.tensors[mha.inputs[1]].name, "memory");
}

// The scores read outside the attention (an attention-map output): no box.
TEST(OpPatterns, AttentionWhoseScoresLeakIsLeftAlone) {
  Builder b;
  b.Input("x");
  AddAttention(b, "x", "x", "y");
  b.Output("y");
  b.Output("/attn/w");
  AssignNameScopes(b.Done());
  const PatternResult r = ApplyOpPatterns(b.g);
  EXPECT_EQ(r.matches.count("MultiHeadAttention"), 0u);
}

}  // namespace
}  // namespace graphgen
