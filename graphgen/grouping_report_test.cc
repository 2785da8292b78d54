#include "graphgen/grouping_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace graphgen {
namespace {

// conv -> pool -> conv -> upsample -> concat(skip): the smallest U.
LayerGraph SmallUnet(const std::string& odd_name) {
  LayerGraph g;
  auto tensor = [&](const std::string& name, int c, int s) {
    const int t = g.AddTensor(name);
    g.tensors[t].type.rank_known = true;
    g.tensors[t].type.dims = {Dim{1, ""}, Dim{c, ""}, Dim{s, ""}, Dim{s, ""}};
    return t;
  };
  auto op = [&](const std::string& type, const std::string& name, std::vector<int> in, int out,
                NodeKind kind = NodeKind::kOp) {
    Node n;
    n.kind = kind;
    n.op_type = type;
    n.name = name;
    n.inputs = in;
    if (out >= 0) n.outputs = {out};
    g.AddNode(n);
  };
  const int x = tensor("x", 3, 32), a = tensor(odd_name, 8, 32), b = tensor("b", 8, 16),
            c = tensor("c", 16, 16), d = tensor("d", 8, 32), e = tensor("e", 16, 32);
  op("Input", "x", {}, x, NodeKind::kInput);
  op("Conv", "conv_a", {x}, a);
  op("MaxPool", "pool", {a}, b);
  op("Conv", "conv_c", {b}, c);
  op("Resize", "up", {c}, d);
  op("Concat", "cat", {d, a}, e);
  op("Output", "e", {e}, -1, NodeKind::kOutput);
  g.RebuildTensorLinks();
  return g;
}

TEST(GroupingReport, JsonIsValidDeterministicAndEscaped) {
  const LayerGraph g = SmallUnet("quote\"back\\slash\xff");
  const Grouping r = FindGroups(g, GroupingOptions());
  ASSERT_TRUE(r.found);
  const std::string json = GroupingJson(g, r, "m.onnx");
  EXPECT_EQ(json, GroupingJson(g, FindGroups(g, GroupingOptions()), "m.onnx"));
  const auto parsed = nlohmann::json::parse(json);  // throws on invalid JSON or UTF-8
  EXPECT_EQ(parsed["verdict"], "encoder-decoder found");
  EXPECT_EQ(parsed["nodes"][1]["role"], "encoder");
  EXPECT_EQ(parsed["nodes"][5]["role"], "decoder");
  ASSERT_GE(parsed["edges"].size(), 1u);
  bool skip = false;
  for (const auto& e : parsed["edges"]) {
    if (e["kind"] == "skip") {
      skip = true;
      EXPECT_EQ(e["from"], "conv_a");
      EXPECT_EQ(e["to"], "cat");
      EXPECT_EQ(e["shape"],
                "1\xC3\x97"
                "8\xC3\x97"
                "32\xC3\x97"
                "32");
    }
  }
  EXPECT_TRUE(skip);
  EXPECT_NE(json.find("quote\\\"back\\\\slash\xEF\xBF\xBD"), std::string::npos);
  const std::string text = ExplainGrouping(g, r);
  EXPECT_NE(text.find("groups: skip edge conv_a -> cat"), std::string::npos);
  EXPECT_NE(text.find("groups: verdict: encoder-decoder found"), std::string::npos);
}

}  // namespace
}  // namespace graphgen
