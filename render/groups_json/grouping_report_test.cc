#include "render/groups_json/grouping_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "passes/passes.h"

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

// The JSON of one grouped run of the passes over `imported`.
std::string ReportOf(const LayerGraph& imported, GroupedModel* grouped = nullptr) {
  LayerGraph drawn = imported;
  GroupedModel local;
  GroupedModel& out = grouped != nullptr ? *grouped : local;
  std::vector<std::string> warnings;
  EXPECT_TRUE(RunPassesGrouped(drawn, PassOptions(), GroupingOptions(), &warnings, &out).ok());
  GroupsReport report;
  report.model = "m.onnx";
  report.imported = &imported;
  report.drawn = &drawn;
  report.grouped = &out;
  return GroupingJson(report);
}

TEST(GroupingReport, JsonIsValidDeterministicAndEscaped) {
  const LayerGraph g = SmallUnet("quote\"back\\slash\xff");
  GroupedModel grouped;
  const std::string json = ReportOf(g, &grouped);
  ASSERT_TRUE(grouped.model.found);
  EXPECT_EQ(json, ReportOf(g));
  const auto parsed = nlohmann::json::parse(json);  // throws on invalid JSON or UTF-8
  EXPECT_EQ(parsed["schema"], "graphgen-groups/2");
  EXPECT_EQ(parsed["verdict"], "encoder-decoder found");
  EXPECT_EQ(parsed["boxes"][1]["role"], "encoder");
  EXPECT_EQ(parsed["boxes"][5]["role"], "decoder");
  // Every node of the file, with the box that holds it.
  ASSERT_EQ(parsed["nodes"].size(), g.nodes.size());
  EXPECT_EQ(parsed["nodes"][1]["name"], "conv_a");
  EXPECT_EQ(parsed["nodes"][1]["role"], "encoder");
  EXPECT_EQ(parsed["nodes"][1]["box"], 1);
  EXPECT_EQ(parsed["nodes"][0]["kind"], "input");
  ASSERT_GE(parsed["edges"].size(), 1u);
  bool skip = false;
  for (const auto& e : parsed["edges"]) {
    if (e["kind"] == "skip") {
      skip = true;
      EXPECT_EQ(e["from"], "conv_a");
      EXPECT_EQ(e["to"], "cat");
      EXPECT_EQ(e["from_box"], 1);
      EXPECT_EQ(e["to_box"], 5);
      EXPECT_EQ(e["shape"],
                "1\xC3\x97"
                "8\xC3\x97"
                "32\xC3\x97"
                "32");
    }
  }
  EXPECT_TRUE(skip);
  EXPECT_NE(json.find("quote\\\"back\\\\slash\xEF\xBF\xBD"), std::string::npos);
  LayerGraph drawn = g;
  const std::string text = ExplainGrouping(grouped, drawn);
  EXPECT_NE(text.find("groups: skip edge conv_a -> cat"), std::string::npos);
  EXPECT_NE(text.find("groups: verdict: encoder-decoder found"), std::string::npos);
  EXPECT_EQ(text, ExplainGrouping(g, FindGroups(g, GroupingOptions())));
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

TEST(GroupingReport, JsonListsFoldedRunsAndWhereEachNodeWent) {
  const LayerGraph g = FourBlocks();
  const std::string json = ReportOf(g);
  EXPECT_EQ(json, ReportOf(FourBlocks()));
  const auto parsed = nlohmann::json::parse(json);
  ASSERT_EQ(parsed["runs"].size(), 1u);
  const auto& run = parsed["runs"][0];
  // Named after the blocks' scope (the name-scopes pass reads "blk\"q\\0\n/conv").
  EXPECT_FALSE(run["name"].get<std::string>().empty());
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
  // The four blocks' convolutions are drawn as the one folded block's.
  ASSERT_EQ(parsed["nodes"].size(), 10u);
  EXPECT_EQ(parsed["nodes"][1]["box"], 1);
  EXPECT_EQ(parsed["nodes"][7]["box"], 1);
  EXPECT_EQ(parsed["nodes"][8]["box"], 2);
  EXPECT_EQ(parsed["boxes"][1]["copies"], 4);
  // Quotes, backslashes and newlines escaped in the bytes, not only parseable.
  EXPECT_NE(json.find("\"first\": \"blk\\\"q\\\\0\\n/conv\""), std::string::npos);
}

}  // namespace
}  // namespace graphgen
