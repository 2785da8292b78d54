#include "bench/truth_score.h"

#include <gtest/gtest.h>

namespace graphgen {
namespace {

using nlohmann::json;

json Truth() {
  return json::parse(R"({
    "plain": false,
    "groups": {"encoder": ["e1", "e2", "e3"], "bottleneck": [], "decoder": ["d1", "d2"]},
    "edges": [{"kind": "skip", "src": "e1", "dst": "d2", "tensor": "t1"},
              {"kind": "main", "src": "e3", "dst": "d1", "tensor": "t3"}]})");
}

TEST(ScoreGroups, EveryNodeRightAndTheSkipIntoItsBox) {
  const json ours = json::parse(R"({
    "verdict": "encoder-decoder found", "boxes": [],
    "nodes": [{"name": "e1", "role": "encoder", "box": 0},
              {"name": "e2", "role": "encoder", "box": 1},
              {"name": "e3", "role": "encoder", "box": 1},
              {"name": "d1", "role": "decoder", "box": 2},
              {"name": "d2", "role": "decoder", "box": 3}],
    "edges": [{"kind": "skip", "tensor": "t1", "to_box": 3}]})");
  const TruthScore s = ScoreGroups(Truth(), ours);
  EXPECT_TRUE(s.found);
  EXPECT_DOUBLE_EQ(s.f1, 1.0);  // encoder and decoder perfect; bottleneck used by neither
  EXPECT_EQ(s.edges, 1);        // main edges are not typed edges
  EXPECT_EQ(s.edges_found, 1);
  EXPECT_EQ(s.nodes_listed, 5);
  EXPECT_TRUE(s.Good());
}

TEST(ScoreGroups, WrongRolesMissingNodesAndEdgesIntoAnotherBoxCount) {
  const json ours = json::parse(R"({
    "verdict": "encoder-decoder found", "boxes": [],
    "nodes": [{"name": "e1", "role": "encoder", "box": 0},
              {"name": "e2", "role": "bottleneck", "box": 1},
              {"name": "d1", "role": "decoder", "box": 2},
              {"name": "d2", "role": "decoder", "box": 3}],
    "edges": [{"kind": "skip", "tensor": "t1", "to_box": 2}]})");
  const TruthScore s = ScoreGroups(Truth(), ours);
  // encoder: tp 1, fn 2 -> 0.5; bottleneck: fp 1 -> 0; decoder: tp 2 -> 1.
  EXPECT_NEAR(s.f1, (0.5 + 0 + 1) / 3, 1e-9);
  EXPECT_EQ(s.edges_found, 0);
  EXPECT_EQ(s.nodes_listed, 4);
  EXPECT_FALSE(s.Good());
}

TEST(ScoreGroups, SchemaOneMatchesEdgesByKindAndTensor) {
  const json ours = json::parse(R"({
    "verdict": "encoder-decoder found",
    "nodes": [{"name": "e1", "role": "encoder"}, {"name": "d2", "role": "decoder"}],
    "edges": [{"kind": "skip", "tensor": "t1", "to": "d2"}]})");
  const TruthScore s = ScoreGroups(Truth(), ours);
  EXPECT_EQ(s.edges_found, 1);
  EXPECT_EQ(s.nodes_listed, 2);
  EXPECT_NEAR(s.f1, (2.0 / 4 + 2.0 / 3) / 2, 1e-9);  // e2, e3, d1 unassigned
}

TEST(ScoreGroups, PlainModelsAreGoodWhenNotGrouped) {
  const json plain = json::parse(R"({"plain": true})");
  EXPECT_TRUE(
      ScoreGroups(plain, json::parse(R"({"verdict": "no encoder-decoder structure"})")).Good());
  EXPECT_FALSE(ScoreGroups(plain, json::parse(R"({"verdict": "encoder-decoder found"})")).Good());
}

}  // namespace
}  // namespace graphgen
