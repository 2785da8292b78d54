// Tests for passes/collapse_depth (--depth N): which scopes become kGroup nodes, where a
// group goes and what it is called, its summed params, op counts and copies, the tensors
// it reads and writes, and how control, nesting and owner links follow it.
#include "passes/collapse_depth/collapse_depth.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/layer_graph.h"

namespace graphgen {
namespace {

// Builds graphs op by op with explicit scopes; each op writes one tensor named
// "<name>:0".
class Builder {
 public:
  int Scope(int parent, const std::string& name, ScopeKind kind = ScopeKind::kModule) {
    return g.ChildScope(parent, name, kind);
  }
  int Input(const std::string& name, int scope = 0) {
    Node n;
    n.kind = NodeKind::kInput;
    n.name = name;
    n.op_type = "Input";
    n.scope = scope;
    return Emit(std::move(n), {});
  }
  int Op(const std::string& name, const std::string& op, std::vector<int> inputs, int scope = 0,
         int64_t params = 0) {
    Node n;
    n.name = name;
    n.op_type = op;
    n.scope = scope;
    n.params = params;
    return Emit(std::move(n), std::move(inputs));
  }
  void Output(int tensor, const std::string& name = "out", int scope = 0) {
    Node n;
    n.kind = NodeKind::kOutput;
    n.name = name;
    n.op_type = "Output";
    n.scope = scope;
    n.inputs.push_back(tensor);
    g.AddNode(std::move(n));
    g.RebuildTensorLinks();
  }
  // The node id of the last node added.
  int Last() const { return static_cast<int>(g.nodes.size()) - 1; }
  LayerGraph g;

 private:
  int Emit(Node n, std::vector<int> inputs) {
    n.inputs = std::move(inputs);
    const int t = g.AddTensor(n.name + ":0");
    n.outputs.push_back(t);
    g.AddNode(std::move(n));
    g.RebuildTensorLinks();
    return t;
  }
};

std::vector<std::string> Names(const LayerGraph& g) {
  std::vector<std::string> names;
  for (const Node& n : g.nodes) names.push_back(n.name);
  return names;
}

std::vector<std::string> TensorNames(const LayerGraph& g, const std::vector<int>& ids) {
  std::vector<std::string> names;
  for (int t : ids) names.push_back(g.tensors[t].name);
  return names;
}

using Strings = std::vector<std::string>;
using Edges = std::vector<std::pair<int, int>>;

// in -> enc/{a/Conv, a/Relu, b/Conv} -> dec/Conv -> out: enc holds three ops (two in
// its child a), dec one.
struct EncDec {
  EncDec() {
    enc = b.Scope(0, "enc");
    enc_a = b.Scope(enc, "a");
    enc_b = b.Scope(enc, "b");
    dec = b.Scope(0, "dec");
    int t = b.Input("in");
    t = b.Op("enc/a/Conv", "Conv", {t}, enc_a, 100);
    t = b.Op("enc/a/Relu", "Relu", {t}, enc_a);
    t = b.Op("enc/b/Conv", "Conv", {t}, enc_b, 50);
    t = b.Op("dec/Conv", "Conv", {t}, dec, 7);
    b.Output(t);
  }
  Builder b;
  int enc, enc_a, enc_b, dec;
};

TEST(CollapseDepth, DepthZeroCollapsesEachTopLevelScope) {
  EncDec m;
  LayerGraph& g = m.b.g;
  CollapseDepth(g, 0);
  // enc becomes one group where its first node was; dec holds one op and keeps it.
  EXPECT_EQ(Names(g), (Strings{"in", "enc", "dec/Conv", "out"}));
  const Node& enc = g.nodes[1];
  EXPECT_EQ(enc.kind, NodeKind::kGroup);
  EXPECT_EQ(enc.op_type, "enc");
  EXPECT_EQ(enc.scope, 0);
  EXPECT_EQ(enc.op_count, 3);
  EXPECT_EQ(enc.params, 150);
  EXPECT_EQ(enc.copies, 1);
  EXPECT_EQ(TensorNames(g, enc.inputs), (Strings{"in:0"}));
  EXPECT_EQ(TensorNames(g, enc.outputs), (Strings{"enc/b/Conv:0"}));
  EXPECT_EQ(g.nodes[2].kind, NodeKind::kOp);
  EXPECT_EQ(g.nodes[2].scope, m.dec);
  EXPECT_EQ(g.TotalParams(), 157);
  EXPECT_EQ(g.EdgeCount(), 3);  // in -> enc -> dec/Conv -> out
  // Tensors only the members used stay in the graph, linked to nothing.
  for (const Tensor& t : g.tensors) {
    if (t.name == "enc/a/Conv:0" || t.name == "enc/a/Relu:0") {
      EXPECT_EQ(t.producer, -1) << t.name;
      EXPECT_TRUE(t.consumers.empty()) << t.name;
    }
  }
}

TEST(CollapseDepth, DepthOneCollapsesSecondLevelScopes) {
  EncDec m;
  LayerGraph& g = m.b.g;
  CollapseDepth(g, 1);
  // enc/a (two ops) becomes a group inside enc; enc/b holds one op and keeps it.
  EXPECT_EQ(Names(g), (Strings{"in", "enc/a", "enc/b/Conv", "dec/Conv", "out"}));
  EXPECT_EQ(g.nodes[1].kind, NodeKind::kGroup);
  EXPECT_EQ(g.nodes[1].op_type, "a");
  EXPECT_EQ(g.nodes[1].scope, m.enc);
  EXPECT_EQ(g.nodes[1].op_count, 2);
  EXPECT_EQ(g.nodes[1].params, 100);
  EXPECT_EQ(g.nodes[2].kind, NodeKind::kOp);
  EXPECT_EQ(g.nodes[2].scope, m.enc_b);
  EXPECT_EQ(g.EdgeCount(), 4);
}

TEST(CollapseDepth, NothingDeepEnoughLeavesTheGraphAlone) {
  EncDec m;
  LayerGraph& g = m.b.g;
  const Strings before = Names(g);
  CollapseDepth(g, 2);
  EXPECT_EQ(Names(g), before);
  CollapseDepth(g, 5);
  EXPECT_EQ(Names(g), before);
  EXPECT_EQ(g.EdgeCount(), 5);
}

TEST(CollapseDepth, InputsAndOutputsInsideAScopeAreNotMembers) {
  Builder b;
  const int s = b.Scope(0, "blk");
  int t = b.Input("blk/x", s);
  t = b.Op("blk/Conv", "Conv", {t}, s);
  t = b.Op("blk/Relu", "Relu", {t}, s);
  b.Output(t, "blk/y", s);
  CollapseDepth(b.g, 0);
  EXPECT_EQ(Names(b.g), (Strings{"blk/x", "blk", "blk/y"}));
  EXPECT_EQ(b.g.nodes[0].kind, NodeKind::kInput);
  EXPECT_EQ(b.g.nodes[2].kind, NodeKind::kOutput);
  EXPECT_EQ(b.g.nodes[1].op_count, 2);
}

TEST(CollapseDepth, GroupReadsEachOutsideTensorOnceAndWritesWhatIsReadOutside) {
  Builder b;
  const int s = b.Scope(0, "blk");
  const int x = b.Input("x");
  const int y = b.Input("y");
  const int a = b.Op("blk/a", "Mul", {x, y}, s);
  const int c = b.Op("blk/c", "Add", {a, x}, s);  // x again: listed once
  const int d = b.Op("blk/d", "Relu", {c}, s);    // c is read inside and outside
  b.Op("after", "Add", {c, d});
  CollapseDepth(b.g, 0);
  EXPECT_EQ(Names(b.g), (Strings{"x", "y", "blk", "after"}));
  const Node& group = b.g.nodes[2];
  EXPECT_EQ(TensorNames(b.g, group.inputs), (Strings{"x:0", "y:0"}));
  EXPECT_EQ(TensorNames(b.g, group.outputs), (Strings{"blk/c:0", "blk/d:0"}));
  EXPECT_EQ(b.g.tensors[group.outputs[0]].producer, 2);
  EXPECT_EQ(b.g.tensors[group.outputs[0]].consumers, (std::vector<int>{3}));
  // Two uses of x by members: one edge into the group. blk -> after twice: two tensors.
  EXPECT_EQ(b.g.EdgeCount(), 4);
}

TEST(CollapseDepth, GroupGoesWhereItsFirstMemberWasEvenWhenMembersAreApart) {
  Builder b;
  const int s = b.Scope(0, "blk");
  int t = b.Input("in");
  const int first = b.Op("blk/first", "Conv", {t}, s, 3);
  const int side = b.Op("side", "Relu", {first});
  b.Op("blk/second", "Conv", {side}, s, 4);
  CollapseDepth(b.g, 0);
  EXPECT_EQ(Names(b.g), (Strings{"in", "blk", "side"}));
  // The group both feeds side and reads it back: a cycle of two nodes.
  EXPECT_EQ(TensorNames(b.g, b.g.nodes[1].inputs), (Strings{"in:0", "side:0"}));
  EXPECT_EQ(TensorNames(b.g, b.g.nodes[1].outputs), (Strings{"blk/first:0"}));
  EXPECT_EQ(b.g.nodes[1].params, 7);
}

TEST(CollapseDepth, SingleOpScopeKeepsItsOpEvenWithDeeperScopesOfOneOp) {
  Builder b;
  const int outer = b.Scope(0, "outer");
  const int inner = b.Scope(outer, "inner");
  int t = b.Input("in");
  t = b.Op("outer/inner/Conv", "Conv", {t}, inner, 9);
  b.Output(t);
  CollapseDepth(b.g, 0);
  EXPECT_EQ(Names(b.g), (Strings{"in", "outer/inner/Conv", "out"}));
  EXPECT_EQ(b.g.nodes[1].kind, NodeKind::kOp);
  EXPECT_EQ(b.g.nodes[1].scope, inner);
}

TEST(CollapseDepth, MembersSharingACopyCountKeepIt) {
  Builder b;
  const int s = b.Scope(0, "blk");
  int t = b.Input("in");
  t = b.Op("blk/a", "MatMul", {t}, s, 10);
  b.g.nodes[b.Last()].copies = 3;
  b.g.nodes[b.Last()].shared_params = 4;
  t = b.Op("blk/b", "MatMul", {t}, s, 20);
  b.g.nodes[b.Last()].copies = 3;
  b.g.nodes[b.Last()].op_count = 2;
  const int64_t total = b.g.TotalParams();
  CollapseDepth(b.g, 0);
  const Node& group = b.g.nodes[1];
  EXPECT_EQ(group.copies, 3);
  EXPECT_EQ(group.params, 30);  // per copy
  EXPECT_EQ(group.shared_params, 4);
  EXPECT_EQ(group.op_count, 3);
  EXPECT_EQ(b.g.TotalParams(), total);
}

TEST(CollapseDepth, MembersWithDifferentCopyCountsAreCountedInFull) {
  Builder b;
  const int s = b.Scope(0, "blk");
  int t = b.Input("in");
  t = b.Op("blk/a", "MatMul", {t}, s, 10);
  b.g.nodes[b.Last()].copies = 2;
  b.g.nodes[b.Last()].shared_params = 1;
  t = b.Op("blk/b", "Add", {t}, s, 5);
  const int64_t total = b.g.TotalParams();
  CollapseDepth(b.g, 0);
  const Node& group = b.g.nodes[1];
  EXPECT_EQ(group.copies, 1);
  EXPECT_EQ(group.params, 25);
  EXPECT_EQ(group.shared_params, 2);
  EXPECT_EQ(group.op_count, 3);
  EXPECT_EQ(b.g.TotalParams(), total);
}

TEST(CollapseDepth, CollapsedFoldStandsForItsWholeRun) {
  Builder b;
  const int run = b.Scope(0,
                          "layers\xC3\x97"
                          "4",
                          ScopeKind::kRepeat);
  int t = b.Input("in");
  t = b.Op("layers.0/a", "MatMul", {t}, run, 10);
  b.g.nodes[b.Last()].copies = 4;
  t = b.Op("layers.0/b", "Relu", {t}, run);
  b.g.nodes[b.Last()].copies = 4;
  CollapseDepth(b.g, 0);
  const Node& group = b.g.nodes[1];
  EXPECT_EQ(group.kind, NodeKind::kGroup);
  EXPECT_EQ(group.copies, 1);
  EXPECT_EQ(group.params, 40);
  EXPECT_EQ(group.op_count, 8);
}

TEST(CollapseDepth, ControlEdgesFollowTheGroupAndInnerOnesGo) {
  EncDec m;
  LayerGraph& g = m.b.g;
  // in -> enc/a/Conv (into enc), enc/a/Conv -> enc/b/Conv (inside), enc/a/Relu ->
  // dec/Conv and enc/b/Conv -> dec/Conv (both out of enc: one edge after merging).
  g.control_edges = {{0, 1}, {1, 3}, {2, 4}, {3, 4}};
  CollapseDepth(g, 0);
  EXPECT_EQ(g.control_edges, (Edges{{0, 1}, {1, 2}}));
}

TEST(CollapseDepth, NestingEdgesAndOwnersAreRenumbered) {
  Builder b;
  const int s = b.Scope(0, "blk");
  int t = b.Input("in");
  t = b.Op("loop", "Loop", {t});
  t = b.Op("blk/a", "Add", {t}, s);
  t = b.Op("blk/b", "Mul", {t}, s);
  b.Op("tail", "Relu", {t});
  const int body = b.Scope(0, "body", ScopeKind::kSubgraph);
  b.g.scopes[body].owner_node = 4;  // tail
  // loop -> blk/a (into the group), blk/a -> blk/b (inside it: goes), blk/b -> tail.
  b.g.nesting_edges = {{1, 2}, {2, 3}, {3, 4}};
  CollapseDepth(b.g, 0);
  EXPECT_EQ(Names(b.g), (Strings{"in", "loop", "blk", "tail"}));
  EXPECT_EQ(b.g.nesting_edges, (Edges{{1, 2}, {2, 3}}));
  EXPECT_EQ(b.g.scopes[body].owner_node, 3);
}

TEST(CollapseDepth, OwnerInsideACollapsedScopeBecomesTheGroup) {
  Builder b;
  const int s = b.Scope(0, "blk");
  int t = b.Input("in");
  t = b.Op("blk/if", "If", {t}, s);
  b.Op("blk/after", "Relu", {t}, s);
  const int body = b.Scope(s, "then_branch", ScopeKind::kSubgraph);
  b.g.scopes[body].owner_node = 1;
  CollapseDepth(b.g, 0);
  EXPECT_EQ(Names(b.g), (Strings{"in", "blk"}));
  EXPECT_EQ(b.g.scopes[body].owner_node, 1);
}

TEST(CollapseDepth, SubgraphScopesCollapseLikeModules) {
  Builder b;
  const int body = b.Scope(0, "then_branch", ScopeKind::kSubgraph);
  int t = b.Input("in");
  t = b.Op("then/a", "Add", {t}, body);
  t = b.Op("then/b", "Mul", {t}, body);
  b.Output(t);
  CollapseDepth(b.g, 0);
  EXPECT_EQ(Names(b.g), (Strings{"in", "then_branch", "out"}));
  EXPECT_EQ(b.g.nodes[1].kind, NodeKind::kGroup);
  EXPECT_EQ(b.g.nodes[1].op_type, "then_branch");
}

TEST(CollapseDepth, TwoScopesMakeTwoGroupsInOrder) {
  Builder b;
  const int p = b.Scope(0, "p");
  const int q = b.Scope(0, "q");
  int t = b.Input("in");
  t = b.Op("q/a", "Add", {t}, q);
  t = b.Op("p/a", "Add", {t}, p, 1);
  t = b.Op("q/b", "Add", {t}, q);
  t = b.Op("p/b", "Add", {t}, p, 2);
  CollapseDepth(b.g, 0);
  // Order of first members, not of scope ids; the two groups feed each other.
  EXPECT_EQ(Names(b.g), (Strings{"in", "q", "p"}));
  EXPECT_EQ(b.g.nodes[2].params, 3);
  EXPECT_EQ(TensorNames(b.g, b.g.nodes[1].inputs), (Strings{"in:0", "p/a:0"}));
  EXPECT_EQ(TensorNames(b.g, b.g.nodes[2].inputs), (Strings{"q/a:0", "q/b:0"}));
}

}  // namespace
}  // namespace graphgen
