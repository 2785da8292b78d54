#include "diagram/diagram_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/name_scopes.h"
#include "passes/grouping/grouping.h"

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
  EXPECT_EQ(conv[1].text,
            "N\xC3\x97"
            "8");
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
  EXPECT_EQ(d.nodes[2].lines.back().text,
            "float32 N\xC3\x97"
            "8");
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

// A two-level U-Net: conv, pool, conv, pool, bottleneck (conv, relu), then up-conv,
// concat with the skip, conv, twice. Returns node ids by name through *id.
LayerGraph SmallUnet(std::map<std::string, int>* id) {
  LayerGraph g;
  std::map<std::string, int> tensor;
  const auto t = [&](const std::string& name, int c, int side) {
    auto it = tensor.find(name);
    if (it != tensor.end()) return it->second;
    const int k = g.AddTensor(name);
    g.tensors[k].type =
        TensorType{DType::kFloat32, true, {Dim{1, ""}, Dim{c, ""}, Dim{side, ""}, Dim{side, ""}}};
    tensor[name] = k;
    return k;
  };
  const auto node = [&](NodeKind kind, const std::string& op, const std::string& name,
                        std::vector<int> ins, std::vector<int> outs) {
    Node n;
    n.kind = kind;
    n.op_type = op;
    n.name = name;
    n.inputs = std::move(ins);
    n.outputs = std::move(outs);
    (*id)[name] = g.AddNode(n);
  };
  node(NodeKind::kInput, "Input", "x", {}, {t("x", 3, 64)});
  node(NodeKind::kOp, "Conv", "c1", {t("x", 3, 64)}, {t("e1", 8, 64)});
  node(NodeKind::kOp, "MaxPool", "p1", {t("e1", 8, 64)}, {t("q1", 8, 32)});
  node(NodeKind::kOp, "Conv", "c2", {t("q1", 8, 32)}, {t("e2", 16, 32)});
  node(NodeKind::kOp, "MaxPool", "p2", {t("e2", 16, 32)}, {t("q2", 16, 16)});
  node(NodeKind::kOp, "Conv", "b1", {t("q2", 16, 16)}, {t("b1o", 32, 16)});
  node(NodeKind::kOp, "Relu", "b2", {t("b1o", 32, 16)}, {t("b2o", 32, 16)});
  node(NodeKind::kOp, "ConvTranspose", "u2", {t("b2o", 32, 16)}, {t("u2o", 16, 32)});
  node(NodeKind::kOp, "Concat", "cat2", {t("u2o", 16, 32), t("e2", 16, 32)}, {t("c2o", 32, 32)});
  node(NodeKind::kOp, "Conv", "d2", {t("c2o", 32, 32)}, {t("d2o", 16, 32)});
  node(NodeKind::kOp, "ConvTranspose", "u1", {t("d2o", 16, 32)}, {t("u1o", 8, 64)});
  node(NodeKind::kOp, "Concat", "cat1", {t("u1o", 8, 64), t("e1", 8, 64)}, {t("c1o", 16, 64)});
  node(NodeKind::kOp, "Conv", "d1", {t("c1o", 16, 64)}, {t("y", 1, 64)});
  node(NodeKind::kOutput, "Output", "y_out", {t("y", 1, 64)}, {});
  g.RebuildTensorLinks();
  return g;
}

TEST(BuildDiagram, UShapeHangsTheBottleneckCentredBelowBothColumns) {
  std::map<std::string, int> id;
  const LayerGraph g = SmallUnet(&id);
  const Grouping grouping = FindGroups(g, GroupingOptions());
  ASSERT_TRUE(grouping.found);
  const Diagram d = BuildDiagram(g, RenderOptions(), &grouping, true);
  const auto rank = [&](const char* name) { return d.graph.nodes[id.at(name)].rank; };
  for (const LayoutNode& n : d.graph.nodes) ASSERT_GE(n.rank, 0);
  // The U opens at the top: input and output level.
  EXPECT_EQ(rank("x"), rank("y_out"));
  // Each skip runs across: its reader one rank below its source.
  EXPECT_EQ(rank("cat2"), rank("c2") + 1);
  EXPECT_EQ(rank("cat1"), rank("c1") + 1);
  // The bottleneck hangs below both columns, a rank clear of the encoder's foot.
  int columns = 0;
  for (const char* n : {"c1", "p1", "c2", "p2", "u2", "cat2", "d2", "u1", "cat1", "d1"}) {
    columns = std::max(columns, rank(n));
  }
  EXPECT_EQ(rank("b1"), rank("p2") + 2);
  EXPECT_GT(rank("b1"), columns);
  EXPECT_EQ(rank("b2"), rank("b1") + 1);
  // Its cluster is the one marked to be centred, with its stage in a box of its own.
  const int stage = d.graph.nodes[id.at("b1")].cluster;
  ASSERT_GE(stage, 0);
  const int group = d.graph.clusters[stage].parent;
  ASSERT_GE(group, 0);
  EXPECT_EQ(d.graph.clusters[group].parent, -1);
  for (size_t c = 0; c < d.graph.clusters.size(); ++c) {
    EXPECT_EQ(d.graph.clusters[c].centre, static_cast<int>(c) == group) << c;
  }
  EXPECT_EQ(d.clusters[group].label.text, "Bottleneck");
  EXPECT_EQ(d.clusters[stage].label.text, "1/4 \xC2\xB7 32 ch");
}

TEST(BuildDiagram, WithoutUShapeNothingIsRankedOrCentred) {
  std::map<std::string, int> id;
  const LayerGraph g = SmallUnet(&id);
  const Grouping grouping = FindGroups(g, GroupingOptions());
  const Diagram d = BuildDiagram(g, RenderOptions(), &grouping, false);
  for (const LayoutNode& n : d.graph.nodes) EXPECT_EQ(n.rank, -1);
  for (const LayoutCluster& c : d.graph.clusters) EXPECT_FALSE(c.centre);
  // One stage shares the group's label.
  const int cluster = d.graph.nodes[id.at("b1")].cluster;
  EXPECT_EQ(d.clusters[cluster].label.text, "Bottleneck  \xC2\xB7  1/4 \xC2\xB7 32 ch");
}

// A collapsed scope that swallowed a folded run shows the run's copies and total; the same
// node inside a drawn run frame shows one copy (the frame carries the total).
TEST(BuildDiagram, CollapsedRunsShowTheirCopiesAndTotal) {
  LayerGraph g = ScopedGraph();
  Node group;
  group.kind = NodeKind::kGroup;
  group.name = "features.1";
  group.op_type = "features.1";
  group.op_count = 23;
  group.copies = 3;
  group.params = 1000;
  const int id = g.AddNode(group);
  const auto lines = [](const Diagram& d, int node) {
    std::vector<std::string> text;
    for (const TextLine& l : d.nodes[node].lines) text.push_back(l.text);
    return text;
  };
  const std::vector<std::string> unframed = lines(BuildDiagram(g, RenderOptions()), id);
  EXPECT_NE(std::find(unframed.begin(), unframed.end(), "3 \xC3\x97 23 ops"), unframed.end());
  EXPECT_NE(std::find(unframed.begin(), unframed.end(), "3k params"), unframed.end());
  const int run = g.ChildScope(0,
                               "layers \xC3\x97"
                               "3",
                               ScopeKind::kRepeat);
  g.nodes[id].scope = run;
  const std::vector<std::string> framed = lines(BuildDiagram(g, RenderOptions()), id);
  EXPECT_NE(std::find(framed.begin(), framed.end(), "23 ops"), framed.end());
  EXPECT_NE(std::find(framed.begin(), framed.end(), "1k params"), framed.end());
}

}  // namespace
}  // namespace graphgen
