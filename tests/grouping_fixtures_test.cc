// The grouping pass on real exports: fixtures/grouping/*.onnx (made by
// tools/gen_grouping_fixtures.py from PyTorch models) against fixtures/grouping/
// manifest.txt, whose roles and typed edges come from the modules each node was exported
// from. Every node's role and the exact skip / memory / state edge sets must match.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "core/op_table.h"
#include "importers/registry.h"
#include "passes/grouping/grouping.h"
#include "passes/passes.h"

namespace graphgen {
namespace {

struct Expected {
  bool found = false;
  std::map<std::string, std::string> roles;                           // node name -> role
  std::set<std::tuple<std::string, std::string, std::string>> edges;  // kind, from, to
};

std::vector<std::pair<std::string, Expected>> ReadManifest() {
  std::ifstream in("fixtures/grouping/manifest.txt");
  std::vector<std::pair<std::string, Expected>> models;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string kind, a, b, c;
    words >> kind >> a >> b;
    if (kind == "model") {
      models.emplace_back(a, Expected());
      models.back().second.found = b == "found";
    } else if (kind == "role" && !models.empty()) {
      models.back().second.roles[a] = b;
    } else if (kind == "edge" && !models.empty()) {
      words >> c;
      models.back().second.edges.emplace(a, b, c);
    }
  }
  return models;
}

// The passes as the pipeline runs them, grouping in `mode` between them; *r gets the
// grouping on the graph returned.
LayerGraph Load(const std::string& model, GroupingMode mode, Grouping* r) {
  Warnings warnings;
  auto graph = ImportModel("fixtures/grouping/" + model + ".onnx", ImportOptions(), &warnings);
  EXPECT_TRUE(graph.ok()) << graph.status().message();
  if (!graph.ok()) return LayerGraph();
  LayerGraph g = std::move(*graph);
  // The manifest lists every node of the exported graph, so nothing is folded.
  PassOptions options;
  options.fold_min = 0;
  GroupingOptions grouping;
  grouping.mode = mode;
  GroupedModel grouped;
  EXPECT_TRUE(RunPassesGrouped(g, options, grouping, &warnings, &grouped).ok());
  *r = grouped.drawn;
  return g;
}

// An edge end by the manifest's name: a box an op pattern made (MultiHeadAttention) is
// named by the op of the file it holds that the manifest names.
std::string EndName(const LayerGraph& g, int node, const Expected& want) {
  std::set<std::string> names;
  for (const auto& [kind, from, to] : want.edges) names.insert({from, to});
  const Node& n = g.nodes[node];
  if (names.count(n.name) > 0) return n.name;
  for (const FusedOp& op : n.pattern_ops) {
    if (names.count(op.name) > 0) return op.name;
  }
  return n.name;
}

void Check(const std::string& model, const Expected& want, GroupingMode mode) {
  SCOPED_TRACE(model + " in mode " + GroupingModeName(mode));
  Grouping r;
  const LayerGraph g = Load(model, mode, &r);
  std::string evidence;
  for (const std::string& e : r.evidence) evidence += "\n  " + e;
  ASSERT_EQ(r.found, want.found) << evidence;
  int checked = 0, wrong = 0;
  std::string mismatches;
  for (size_t n = 0; n < g.nodes.size(); ++n) {
    // Unnamed nodes cannot be matched to the manifest by name.
    if (g.nodes[n].kind != NodeKind::kOp || g.nodes[n].name.empty()) continue;
    // A box an op pattern made (a LayerNorm) stands for ops of the file: it has their role.
    auto it = want.roles.find(g.nodes[n].name);
    for (const FusedOp& op : g.nodes[n].pattern_ops) {
      if (it == want.roles.end()) it = want.roles.find(op.name);
    }
    if (it == want.roles.end()) continue;
    ++checked;
    if (RoleName(r.roles[n]) != it->second) {
      if (++wrong <= 12) {
        mismatches +=
            "\n  " + g.nodes[n].name + ": got " + RoleName(r.roles[n]) + ", want " + it->second;
      }
    }
  }
  int ops = 0;
  // Constants the exporter shares between consumers stay drawn but are not listed.
  for (const Node& node : g.nodes) {
    ops += node.kind == NodeKind::kOp && !node.name.empty() &&
           CategoryOf(node.op_type) != OpCategory::kConstant;
  }
  EXPECT_GE(checked * 100, ops * 90) << "drawn ops with an expected role";
  EXPECT_EQ(wrong, 0) << wrong << " of " << checked << " roles differ:" << mismatches << evidence;
  std::set<std::tuple<std::string, std::string, std::string>> edges;
  for (const TypedEdge& e : r.edges) {
    if (e.kind == EdgeKind::kMain) continue;
    edges.emplace(EdgeKindName(e.kind), EndName(g, e.from, want), EndName(g, e.to, want));
  }
  EXPECT_EQ(edges, want.edges) << evidence;
}

TEST(GroupingFixtures, RolesAndTypedEdgesMatchTheManifest) {
  const auto models = ReadManifest();
  ASSERT_GE(models.size(), 14u);
  for (const auto& [model, want] : models) Check(model, want, GroupingMode::kAuto);
}

// Structure alone reaches the same verdicts and typed edges; names only refine roles.
TEST(GroupingFixtures, StructureAloneGivesTheSameVerdictsAndEdges) {
  for (const auto& [model, want] : ReadManifest()) {
    SCOPED_TRACE(model);
    Grouping r;
    const LayerGraph g = Load(model, GroupingMode::kStructure, &r);
    EXPECT_EQ(r.found, want.found);
    std::set<std::tuple<std::string, std::string, std::string>> edges;
    for (const TypedEdge& e : r.edges) {
      if (e.kind == EdgeKind::kMain) continue;
      edges.emplace(EdgeKindName(e.kind), EndName(g, e.from, want), EndName(g, e.to, want));
    }
    EXPECT_EQ(edges, want.edges);
  }
}

// Folded ×N, a seq2seq transformer still has its encoder and decoder, and the memory edge
// reaches the folded decoder layer.
TEST(GroupingFixtures, SeqToSeqTransformerFoldedKeepsGroupsAndMemory) {
  Warnings warnings;
  auto graph =
      ImportModel("fixtures/grouping/transformer_seq2seq.onnx", ImportOptions(), &warnings);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  PassOptions options;
  options.fold_min = 2;  // its two encoder and two decoder layers fold
  GroupedModel grouped;
  ASSERT_TRUE(RunPassesGrouped(*graph, options, GroupingOptions(), &warnings, &grouped).ok());
  int folded = 0;
  for (const Scope& scope : graph->scopes) folded += scope.kind == ScopeKind::kRepeat;
  EXPECT_GE(folded, 2) << "both stacks fold";
  const Grouping& r = grouped.drawn;
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.basis, "sequence");
  int encoder = 0, decoder = 0, memory = 0;
  for (Role role : r.roles) {
    encoder += role == Role::kEncoder;
    decoder += role == Role::kDecoder;
  }
  for (const TypedEdge& e : r.edges) {
    if (e.kind != EdgeKind::kMemory) continue;
    ++memory;
    EXPECT_EQ(r.roles[e.from], Role::kEncoder);
    EXPECT_EQ(r.roles[e.to], Role::kDecoder);
  }
  EXPECT_GT(encoder, 0);
  EXPECT_GT(decoder, 0);
  EXPECT_GE(memory, 1);
}

}  // namespace
}  // namespace graphgen
