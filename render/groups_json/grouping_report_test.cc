#include "render/groups_json/grouping_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "passes/fold_repeats/fold_repeats.h"

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

// Four identical Conv→Relu blocks whose names need escaping in JSON.
LayerGraph FourBlocks() {
  LayerGraph g;
  auto tensor = [&](const std::string& name, int c) {
    const int t = g.AddTensor(name);
    g.tensors[t].type.rank_known = true;
    g.tensors[t].type.dims = {Dim{1, ""}, Dim{c, ""}};
    return t;
  };
  auto op = [&](const std::string& type, const std::string& name, int in, int out, int64_t params,
                NodeKind kind = NodeKind::kOp) {
    Node n;
    n.kind = kind;
    n.op_type = type;
    n.name = name;
    n.params = params;
    if (in >= 0) n.inputs = {in};
    if (out >= 0) n.outputs = {out};
    g.AddNode(n);
  };
  int x = tensor("x", 8);
  op("Input", "x", -1, x, 0, NodeKind::kInput);
  for (int k = 0; k < 4; ++k) {
    const std::string p = "blk\"q\\" + std::to_string(k) + "\n/";
    const int c = tensor(p + "c", 8), r = tensor(p + "r", 8);
    op("Conv", p + "conv", x, c, 72);
    op("Relu", p + "relu", c, r, 0);
    x = r;
  }
  op("Output", "y", x, -1, 0, NodeKind::kOutput);
  g.RebuildTensorLinks();
  return g;
}

TEST(GroupingReport, JsonListsFoldedRuns) {
  LayerGraph g = FourBlocks();
  ASSERT_EQ(FoldRepeats(g, FoldOptions()).size(), 1u);
  const std::string json = GroupingJson(g, FindGroups(g, GroupingOptions()), "m.onnx");
  LayerGraph again = FourBlocks();
  FoldRepeats(again, FoldOptions());
  EXPECT_EQ(json, GroupingJson(again, FindGroups(again, GroupingOptions()), "m.onnx"));
  const auto parsed = nlohmann::json::parse(json);
  ASSERT_EQ(parsed["runs"].size(), 1u);
  const auto& run = parsed["runs"][0];
  EXPECT_EQ(run["name"], "Conv\xE2\x86\x92Relu");
  EXPECT_EQ(run["count"], 4);
  EXPECT_EQ(run["block_ops"], 2);
  EXPECT_EQ(run["params"], 4 * 72);
  EXPECT_EQ(run["shape_in"],
            "1\xC3\x97"
            "8");
  EXPECT_EQ(run["shape_out"],
            "1\xC3\x97"
            "8");
  ASSERT_EQ(run["blocks"].size(), 4u);
  EXPECT_EQ(run["blocks"][0]["first"], "blk\"q\\0\n/conv");
  EXPECT_EQ(run["blocks"][3]["last"], "blk\"q\\3\n/relu");
  // Quotes, backslashes and newlines escaped in the bytes, not only parseable.
  EXPECT_NE(json.find("\"first\": \"blk\\\"q\\\\0\\n/conv\""), std::string::npos);
}

}  // namespace
}  // namespace graphgen
