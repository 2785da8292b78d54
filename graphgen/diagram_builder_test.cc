#include "graphgen/diagram_builder.h"

#include <gtest/gtest.h>

#include "graphgen/name_scopes.h"

namespace graphgen {
namespace {

LayerGraph ScopedGraph() {
  LayerGraph g;
  const char* names[] = {"/enc/conv/Conv", "/enc/relu/Relu", "/lonely/Softmax"};
  const char* ops[] = {"Conv", "Relu", "Softmax"};
  int prev = -1;
  for (int i = 0; i < 3; ++i) {
    Node n;
    n.name = names[i];
    n.op_type = ops[i];
    const int id = g.AddNode(n);
    if (prev >= 0) g.nodes[id].inputs.push_back(prev);
    prev = g.AddTensor(std::string(names[i]) + ":0");
    g.tensors[prev].type = TensorType{DType::kFloat32, true, {Dim{-1, "N"}, Dim{8, ""}}};
    g.nodes[id].outputs.push_back(prev);
  }
  g.nodes[0].params = 9408;
  g.RebuildTensorLinks();
  AssignNameScopes(g);
  return g;
}

TEST(BuildDiagram, OnlyScopesWithTwoMembersBecomeClusters) {
  const Diagram d = BuildDiagram(ScopedGraph(), RenderOptions());
  // "enc" holds two nodes (through single-node child scopes); "lonely" holds one.
  ASSERT_EQ(d.clusters.size(), 1u);
  EXPECT_EQ(d.clusters[0].label.text, "enc");
  EXPECT_EQ(d.graph.nodes[0].cluster, 0);
  EXPECT_EQ(d.graph.nodes[1].cluster, 0);
  EXPECT_EQ(d.graph.nodes[2].cluster, -1);
  EXPECT_GT(d.graph.clusters[0].label_width, 0);
}

TEST(BuildDiagram, ControlEdgesAreDottedWithALegendAndNeverRepeatData) {
  LayerGraph g = ScopedGraph();
  // Conv -> Softmax only orders; Conv -> Relu repeats a data edge, so says nothing new.
  g.control_edges = {{0, 2}, {0, 1}};
  const Diagram d = BuildDiagram(g, RenderOptions());
  ASSERT_EQ(d.graph.edges.size(), 3u);  // two data edges, one control edge
  EXPECT_EQ(d.graph.edges[2].from, 0);
  EXPECT_EQ(d.graph.edges[2].to, 2);
  EXPECT_TRUE(d.graph.edges[2].constraint);  // it still ranks like any edge
  EXPECT_TRUE(d.edges[2].dotted);
  EXPECT_FALSE(d.edges[0].dotted);
  EXPECT_EQ(d.edges[2].tooltip, "control dependency: /lonely/Softmax runs after /enc/conv/Conv");
  // The legend, one more box, explains the dots.
  ASSERT_EQ(d.nodes.size(), 4u);
  EXPECT_EQ(d.nodes[3].shape, NodeShape::kLegend);
  ASSERT_EQ(d.nodes[3].legend.size(), 1u);
  EXPECT_EQ(d.nodes[3].legend[0].text, "control dependency");
  EXPECT_TRUE(d.nodes[3].legend[0].dotted);
  // Without control edges there is no legend.
  EXPECT_EQ(BuildDiagram(ScopedGraph(), RenderOptions()).nodes.size(), 3u);
}

TEST(BuildDiagram, LabelsFollowTheOptions) {
  RenderOptions o;
  Diagram d = BuildDiagram(ScopedGraph(), o);
  const auto& conv = d.nodes[0].lines;
  ASSERT_GE(conv.size(), 3u);
  EXPECT_EQ(conv[0].text, "Conv");
  EXPECT_TRUE(conv[0].bold);
  EXPECT_EQ(conv[1].text, "N\xC3\x97" "8");
  EXPECT_EQ(conv[2].text, "9.4k params");

  o.show_shapes = false;
  o.show_params = false;
  o.show_layer_names = true;
  o.show_dtype = true;
  d = BuildDiagram(ScopedGraph(), o);
  ASSERT_EQ(d.nodes[0].lines.size(), 2u);
  EXPECT_EQ(d.nodes[0].lines[1].text, "conv/Conv");  // relative to the "enc" cluster

  o.show_shapes = true;
  d = BuildDiagram(ScopedGraph(), o);
  EXPECT_EQ(d.nodes[2].lines.back().text, "float32 N\xC3\x97" "8");
}

TEST(BuildDiagram, BoxesFitTheirTextAndEdgesCarryTensors) {
  const Diagram d = BuildDiagram(ScopedGraph(), RenderOptions());
  for (const LayoutNode& n : d.graph.nodes) {
    EXPECT_GE(n.width, 56);
    EXPECT_GT(n.height, 20);
  }
  ASSERT_EQ(d.graph.edges.size(), 2u);
  EXPECT_EQ(d.graph.edges[0].from, 0);
  EXPECT_EQ(d.graph.edges[0].to, 1);
  EXPECT_NE(d.edges[0].tooltip.find("/enc/conv/Conv:0"), std::string::npos);
  EXPECT_NE(d.nodes[0].tooltip.find("params: 9,408"), std::string::npos);
}

TEST(BuildDiagram, HostileNamesAreSanitisedAndClipped) {
  LayerGraph g;
  Node n;
  n.kind = NodeKind::kInput;
  n.op_type = "Input";
  n.name = std::string(500, 'x') + "\xFF";
  g.AddNode(n);
  const Diagram d = BuildDiagram(g, RenderOptions());
  EXPECT_LE(d.nodes[0].lines[1].text.size(), 64u);
  EXPECT_EQ(d.nodes[0].shape, NodeShape::kPill);
}

}  // namespace
}  // namespace graphgen
