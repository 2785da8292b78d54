#include "core/layer_graph.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace graphgen {
namespace {

TEST(FormatShape, KnownSymbolicUnknownAndScalar) {
  TensorType t;
  EXPECT_EQ(FormatShape(t), "?");
  t.rank_known = true;
  EXPECT_EQ(FormatShape(t), "scalar");
  t.dims = {Dim{-1, "N"}, Dim{3, ""}, Dim{224, ""}, Dim{-1, ""}};
  EXPECT_EQ(FormatShape(t),
            "N\xC3\x97"
            "3\xC3\x97"
            "224\xC3\x97?");
}

TEST(DType, ParameterTypes) {
  EXPECT_TRUE(IsParameterDType(DType::kFloat32));
  EXPECT_TRUE(IsParameterDType(DType::kInt8));    // quantized weights
  EXPECT_FALSE(IsParameterDType(DType::kInt64));  // shapes and indices
  EXPECT_STREQ(DTypeName(DType::kBFloat16), "bfloat16");
}

// a -> b -> c, with b removed: c keeps its input tensor, which loses its producer.
TEST(LayerGraph, RemoveNodesRenumbersAndRelinks) {
  LayerGraph g;
  for (const char* name : {"a", "b", "c"}) {
    Node n;
    n.name = name;
    n.op_type = "Relu";
    g.AddNode(n);
  }
  const int ab = g.AddTensor("ab");
  const int bc = g.AddTensor("bc");
  g.nodes[0].outputs.push_back(ab);
  g.nodes[1].outputs.push_back(bc);
  g.Connect(ab, 1);
  g.Connect(bc, 2);
  g.RebuildTensorLinks();
  EXPECT_EQ(g.EdgeCount(), 2);
  g.RemoveNodes({false, true, false});
  ASSERT_EQ(g.nodes.size(), 2u);
  EXPECT_EQ(g.nodes[1].name, "c");
  EXPECT_EQ(g.tensors[bc].producer, -1);
  EXPECT_EQ(g.tensors[ab].consumers.size(), 0u);
  EXPECT_EQ(g.EdgeCount(), 0);
}

TEST(LayerGraph, ControlEdgesFollowRemovalAndMerging) {
  LayerGraph g;
  for (const char* name : {"a", "b", "c", "d"}) {
    Node n;
    n.name = name;
    g.AddNode(n);
  }
  g.control_edges = {{0, 2}, {1, 3}, {2, 3}};
  g.RemoveNodes({false, true, false, false});  // b goes: b -> d goes with it
  EXPECT_EQ(g.control_edges, (std::vector<std::pair<int, int>>{{0, 1}, {1, 2}}));
  // Merging c into a makes a -> c a self-loop (gone) and c -> d a repeat of a -> d.
  g.control_edges.emplace_back(0, 2);
  g.RedirectNodes({0, 0, 2});
  EXPECT_EQ(g.control_edges, (std::vector<std::pair<int, int>>{{0, 2}}));
}

TEST(LayerGraph, ChildScopeIsFoundAgainAndNests) {
  LayerGraph g;
  const int enc = g.ChildScope(0, "encoder", ScopeKind::kModule);
  const int down = g.ChildScope(enc, "down1", ScopeKind::kModule);
  EXPECT_EQ(g.ChildScope(0, "encoder", ScopeKind::kModule), enc);
  EXPECT_EQ(g.scopes[down].path, "encoder/down1");
  EXPECT_EQ(g.scopes[down].depth, 2);
  EXPECT_EQ(g.scopes[enc].children, std::vector<int>{down});
}

TEST(LayerGraph, DisplayNameFallsBackToOpAndIndex) {
  LayerGraph g;
  Node n;
  n.op_type = "Conv";
  g.AddNode(n);
  EXPECT_EQ(g.DisplayName(0), "Conv_0");
}

}  // namespace
}  // namespace graphgen
