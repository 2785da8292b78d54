#include "passes/grouping/projection.h"

#include <gtest/gtest.h>

namespace graphgen {
namespace {

LayerGraph Boxes(int n) {
  LayerGraph g;
  for (int i = 0; i < n; ++i) {
    Node node;
    node.name = "box" + std::to_string(i);
    g.AddNode(node);
  }
  return g;
}

// Four encoder layers and two decoder layers, one stage each, with a memory edge from
// the last encoder layer into the second decoder layer.
Grouping SixLayers() {
  Grouping g;
  g.found = true;
  g.confidence = 1;
  g.basis = "sequence";
  g.evidence = {"memory: found"};
  for (int i = 0; i < 6; ++i) {
    Stage s;
    s.role = i < 4 ? Role::kEncoder : Role::kDecoder;
    s.label = "layers." + std::to_string(i < 4 ? i : i - 4);
    s.channels = 10 + i;
    s.nodes = {2 * i, 2 * i + 1};
    g.stages.push_back(s);
    for (int k = 0; k < 2; ++k) {
      g.roles.push_back(s.role);
      g.stage_of.push_back(i);
    }
  }
  g.edges.push_back({EdgeKind::kMemory, 7, 11, 3});
  return g;
}

TEST(ProjectGrouping, FoldedLayersMakeOneStageLabelledFirstToLast) {
  // Encoder layers 1-3 folded into layer 0's block (boxes 0, 1); decoder drawn whole.
  const std::vector<int> box = {0, 1, 0, 1, 0, 1, 0, 1, 2, 3, 4, 5};
  const Grouping p = ProjectGrouping(SixLayers(), box, Boxes(6));
  ASSERT_TRUE(p.found);
  EXPECT_EQ(p.basis, "sequence");
  ASSERT_EQ(p.stages.size(), 3u);
  EXPECT_EQ(p.stages[0].label, "layers.0 … layers.3");
  EXPECT_EQ(p.stages[0].channels, 13);
  EXPECT_EQ(p.stages[0].nodes, (std::vector<int>{0, 1}));
  EXPECT_EQ(p.stages[1].label, "layers.0");
  EXPECT_EQ(p.stages[1].role, Role::kDecoder);
  EXPECT_EQ(p.stages[2].nodes, (std::vector<int>{4, 5}));
  EXPECT_EQ(p.roles, (std::vector<Role>{Role::kEncoder, Role::kEncoder, Role::kDecoder,
                                        Role::kDecoder, Role::kDecoder, Role::kDecoder}));
  EXPECT_EQ(p.stage_of, (std::vector<int>{0, 0, 1, 1, 2, 2}));
  // The memory edge leaves encoder node 7 (now box 1) for decoder node 11 (box 5).
  ASSERT_EQ(p.edges.size(), 1u);
  EXPECT_EQ(p.edges[0].from, 1);
  EXPECT_EQ(p.edges[0].to, 5);
  EXPECT_EQ(p.edges[0].tensor, 3);
}

TEST(ProjectGrouping, EdgesInsideOneBoxAndNodesNotDrawnGo) {
  // The whole decoder collapsed into box 2; encoder layer 3 is outside the drawing.
  const std::vector<int> box = {0, 0, 1, 1, 1, 1, -1, -1, 2, 2, 2, 2};
  Grouping model = SixLayers();
  model.edges.push_back({EdgeKind::kMain, 8, 10, 4});  // decoder to decoder: inside box 2
  const Grouping p = ProjectGrouping(model, box, Boxes(3));
  ASSERT_EQ(p.stages.size(), 3u);  // layers.0, layers.1 … layers.2, the decoder's box
  EXPECT_EQ(p.stages[1].label, "layers.1 … layers.2");
  EXPECT_EQ(p.stages[2].role, Role::kDecoder);
  EXPECT_EQ(p.stages[2].label, "layers.0 … layers.1");
  EXPECT_TRUE(p.edges.empty());  // the memory edge's source is not drawn
}

TEST(ProjectGrouping, NothingFoundStaysNothing) {
  Grouping none;
  const Grouping p = ProjectGrouping(none, {0, 1}, Boxes(2));
  EXPECT_FALSE(p.found);
  EXPECT_EQ(p.roles, (std::vector<Role>{Role::kNone, Role::kNone}));
  EXPECT_EQ(p.stage_of, (std::vector<int>{-1, -1}));
}

TEST(MarkPartitions, RolesBecomePartitions) {
  LayerGraph g = Boxes(3);
  Grouping found;
  found.found = true;
  found.roles = {Role::kEncoder, Role::kBottleneck, Role::kDecoder};
  MarkPartitions(g, found);
  EXPECT_EQ(g.nodes[0].partition, 1);
  EXPECT_EQ(g.nodes[2].partition, 3);
  found.found = false;
  MarkPartitions(g, found);
  EXPECT_EQ(g.nodes[2].partition, 0);
}

}  // namespace
}  // namespace graphgen
