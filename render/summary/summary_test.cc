#include "render/summary/summary.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "passes/fold_repeats/fold_repeats.h"

namespace graphgen {
namespace {

// input -> embed -> 12 × (MatMul, Relu) in scope "encoder/layers.k" -> output.
LayerGraph Encoder(const std::string& outer) {
  LayerGraph g;
  auto tensor = [&](const std::string& name, int64_t width) {
    const int t = g.AddTensor(name);
    g.tensors[t].type = TensorType{DType::kFloat32, true, {Dim{1, ""}, Dim{width, ""}}};
    return t;
  };
  auto op = [&](const std::string& type, const std::string& name, int in, int out, int64_t params,
                int scope, NodeKind kind = NodeKind::kOp) {
    Node n;
    n.kind = kind;
    n.op_type = type;
    n.name = name;
    n.params = params;
    n.scope = scope;
    if (in >= 0) n.inputs = {in};
    if (out >= 0) n.outputs = {out};
    g.AddNode(n);
  };
  int x = tensor("x", 16);
  op("Input", "x", -1, x, 0, 0, NodeKind::kInput);
  const int encoder = g.ChildScope(0, outer, ScopeKind::kModule);
  for (int k = 0; k < 12; ++k) {
    const std::string p = outer + "/layers." + std::to_string(k);
    const int scope = g.ChildScope(encoder, "layers." + std::to_string(k), ScopeKind::kModule);
    const int m = tensor(p + "/m", 16), r = tensor(p + "/r", 16);
    op("MatMul", p + "/MatMul", x, m, 256, scope);
    op("Relu", p + "/Relu", m, r, 0, scope);
    x = r;
  }
  op("Output", "y", x, -1, 0, 0, NodeKind::kOutput);
  g.RebuildTensorLinks();
  return g;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(Summary, FoldedRunIsOneRowWithItsCountAndTotal) {
  LayerGraph g = Encoder("encoder");
  ASSERT_EQ(FoldRepeats(g, FoldOptions()).size(), 1u);
  const std::vector<std::string> lines = Lines(FormatSummary(g, "m.onnx"));
  std::vector<std::string> runs;
  for (const std::string& l : lines) {
    if (l.find("\xC3\x97") != std::string::npos && l.find("ops each") != std::string::npos) {
      runs.push_back(l);
    }
  }
  ASSERT_EQ(runs.size(), 1u) << FormatSummary(g, "m.onnx");
  EXPECT_EQ(runs[0].rfind("encoder/layers (\xC3\x97"
                          "12, 2 ops each)",
                          0),
            0u)
      << runs[0];
  EXPECT_NE(runs[0].find("3,072"), std::string::npos) << "12 layers of 256 params";
  EXPECT_NE(FormatSummary(g, "m.onnx").find("Total params: 3,072"), std::string::npos);
}

// Weights a file declares can sum past int64 (issue 21: the total printed negative); the
// total saturates and says it is a bound.
TEST(Summary, ParameterTotalPastInt64Saturates) {
  LayerGraph g = Encoder("encoder");
  for (Node& n : g.nodes) n.params = int64_t{1} << 62;
  const std::string text = FormatSummary(g, "m.onnx");
  EXPECT_NE(text.find("Total params: \u2265 9.2e18\n"), std::string::npos) << text;
}

TEST(Summary, LongRunPathWrapsAndKeepsTheCount) {
  LayerGraph g = Encoder(std::string(60, 'e'));
  ASSERT_EQ(FoldRepeats(g, FoldOptions()).size(), 1u);
  const std::string text = FormatSummary(g, "m.onnx");
  EXPECT_NE(text.find("/layers (\xC3\x97"
                      "12, 2 ops each)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(std::string(43, 'e')), std::string::npos) << text;
  EXPECT_EQ(text.find("..."), std::string::npos) << text;
}

// x -> conv (BN statistics frozen) -> a, b -> add(a, b): a model that is not a stack.
LayerGraph TwoBranches(const std::string& conv_name) {
  LayerGraph g;
  g.graph_name = "branchy";
  g.format = "ONNX";
  auto tensor = [&](const std::string& name) {
    const int t = g.AddTensor(name);
    g.tensors[t].type = TensorType{DType::kFloat32, true, {Dim{-1, "batch"}, Dim{8, ""}}};
    return t;
  };
  const int x = tensor("x"), a = tensor("a"), b = tensor("b"), y = tensor("y");
  Node in;
  in.kind = NodeKind::kInput;
  in.name = "x";
  in.op_type = "Input";
  in.outputs = {x};
  g.AddNode(in);
  Node conv;
  conv.name = conv_name;
  conv.op_type = "BatchNormalization";
  conv.inputs = {x};
  conv.outputs = {a};
  conv.params = 32;
  conv.frozen_params = 16;
  g.AddNode(conv);
  Node relu;
  relu.name = "relu";
  relu.op_type = "Relu";
  relu.inputs = {x};
  relu.outputs = {b};
  g.AddNode(relu);
  Node add;
  add.name = "add";
  add.op_type = "Add";
  add.inputs = {a, b};
  add.outputs = {y};
  g.AddNode(add);
  g.RebuildTensorLinks();
  return g;
}

TEST(Summary, KerasShapesTrainableLinesAndConnectedTo) {
  const std::string text = FormatSummary(TwoBranches("bn"), "m.onnx");
  EXPECT_EQ(text.rfind("Model: \"branchy\" (ONNX; m.onnx)\n", 0), 0u) << text;
  EXPECT_NE(text.find("Connected to"), std::string::npos) << text;
  EXPECT_NE(text.find("(None, 8)"), std::string::npos) << text;
  EXPECT_NE(text.find("Total params: 32 (32)\nTrainable params: 16\nNon-trainable params: 16\n"),
            std::string::npos)
      << text;
  // add reads bn and relu: one line each in "Connected to".
  const std::vector<std::string> lines = Lines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("add (Add)", 0) != 0) continue;
    ASSERT_LT(i + 1, lines.size());
    EXPECT_EQ(lines[i].substr(lines[i].size() - 2), "bn") << lines[i];
    EXPECT_EQ(lines[i + 1].substr(lines[i + 1].size() - 4), "relu") << lines[i + 1];
  }
  SummaryOptions graphgen_style;
  graphgen_style.keras_shapes = false;
  EXPECT_NE(FormatSummary(TwoBranches("bn"), "m.onnx", graphgen_style)
                .find("batch\xC3\x97"
                      "8"),
            std::string::npos);
}

TEST(Summary, ALongNameWrapsAndKeepsItsType) {
  const std::string name = "/encoder/" + std::string(60, 'x') + "/block/norm";
  const std::string text = FormatSummary(TwoBranches(name), "m.onnx");
  EXPECT_NE(text.find("(BatchNormalization)"), std::string::npos) << text;
  EXPECT_NE(text.find(std::string(30, 'x')), std::string::npos) << text;
  // Clipped only past three lines, and then before the type.
  const std::string huge = FormatSummary(TwoBranches(std::string(500, 'y')), "m.onnx");
  EXPECT_NE(huge.find("... (BatchNormalization)"), std::string::npos) << huge;
  EXPECT_EQ(huge.find(std::string(200, 'y')), std::string::npos) << huge;
}

TEST(Summary, KerasShapeSpelling) {
  LayerGraph g = TwoBranches("bn");
  g.tensors[0].type = TensorType{DType::kFloat32, true, {}};
  g.tensors[1].type = TensorType{DType::kFloat32, true, {Dim{5, ""}}};
  g.tensors[2].type = TensorType{DType::kFloat32, false, {}};
  const std::string text = FormatSummary(g, "m.onnx");
  EXPECT_NE(text.find("x (Input)                                   ()"), std::string::npos) << text;
  EXPECT_NE(text.find("(5,)"), std::string::npos) << text;
}

}  // namespace
}  // namespace graphgen
