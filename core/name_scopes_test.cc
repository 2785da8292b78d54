// Tests for core/name_scopes.h: how ScopeComponents splits PyTorch, TensorFlow and dotted
// node names into scope components, and how AssignNameScopes nests op nodes in the module
// scopes their names spell (shared scopes, paths, depths, kinds, parents, clipping).
#include "core/name_scopes.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/layer_graph.h"

namespace graphgen {
namespace {

using Parts = std::vector<std::string>;

TEST(ScopeComponents, PyTorchPathDropsLeadingSlashAndOpName) {
  EXPECT_EQ(ScopeComponents("/encoder/down1/conv/Conv"), (Parts{"encoder", "down1", "conv"}));
}

TEST(ScopeComponents, TensorFlowPathWithoutLeadingSlash) {
  EXPECT_EQ(ScopeComponents("encoder/conv/Conv2D"), (Parts{"encoder", "conv"}));
}

TEST(ScopeComponents, DottedModulePath) {
  EXPECT_EQ(ScopeComponents("encoder.down1.conv"), (Parts{"encoder", "down1"}));
}

TEST(ScopeComponents, PlainNameHasNone) {
  EXPECT_EQ(ScopeComponents("Conv_3"), Parts{});
  EXPECT_EQ(ScopeComponents(""), Parts{});
  EXPECT_EQ(ScopeComponents("/"), Parts{});
  EXPECT_EQ(ScopeComponents("."), Parts{});
  EXPECT_EQ(ScopeComponents("/Conv"), Parts{});
}

TEST(ScopeComponents, SlashWinsOverDots) {
  // With a '/' anywhere, dots are part of the components, not separators.
  EXPECT_EQ(ScopeComponents("model/layers.0/attn/MatMul"), (Parts{"model", "layers.0", "attn"}));
  EXPECT_EQ(ScopeComponents("a.b/c"), (Parts{"a.b"}));
  EXPECT_EQ(ScopeComponents("a.b.c/"), Parts{});
}

TEST(ScopeComponents, EmptyPartsAreDropped) {
  EXPECT_EQ(ScopeComponents("//a///b//Conv"), (Parts{"a", "b"}));
  EXPECT_EQ(ScopeComponents("a..b...c"), (Parts{"a", "b"}));
  // A trailing separator leaves an empty last part, which is dropped before the op name
  // is: the last non-empty part is the one that goes.
  EXPECT_EQ(ScopeComponents("a/b/"), (Parts{"a"}));
  EXPECT_EQ(ScopeComponents("a.b."), (Parts{"a"}));
}

// A graph of op nodes with the given names and no edges.
LayerGraph OpsNamed(const std::vector<std::string>& names) {
  LayerGraph g;
  for (const std::string& name : names) {
    Node n;
    n.name = name;
    n.op_type = "Op";
    g.AddNode(n);
  }
  return g;
}

TEST(AssignNameScopes, BuildsTheScopeTreeInOrderOfFirstAppearance) {
  LayerGraph g = OpsNamed(
      {"/enc/down1/conv/Conv", "/enc/down1/relu/Relu", "/enc/down2/Conv", "/dec/Concat", "Plain"});
  AssignNameScopes(g);
  // root, enc, down1, conv, relu, down2, dec: each created once, when first named.
  ASSERT_EQ(g.scopes.size(), 7u);
  const std::vector<std::string> paths = {
      "", "enc", "enc/down1", "enc/down1/conv", "enc/down1/relu", "enc/down2", "dec"};
  const std::vector<std::string> names = {"", "enc", "down1", "conv", "relu", "down2", "dec"};
  const std::vector<int> parents = {-1, 0, 1, 2, 2, 1, 0};
  const std::vector<int> depths = {0, 1, 2, 3, 3, 2, 1};
  for (size_t s = 0; s < g.scopes.size(); ++s) {
    SCOPED_TRACE("scope " + std::to_string(s));
    EXPECT_EQ(g.scopes[s].path, paths[s]);
    EXPECT_EQ(g.scopes[s].name, names[s]);
    EXPECT_EQ(g.scopes[s].parent, parents[s]);
    EXPECT_EQ(g.scopes[s].depth, depths[s]);
    EXPECT_EQ(g.scopes[s].kind, s == 0 ? ScopeKind::kRoot : ScopeKind::kModule);
  }
  EXPECT_EQ(g.scopes[0].children, (std::vector<int>{1, 6}));
  EXPECT_EQ(g.scopes[1].children, (std::vector<int>{2, 5}));
  EXPECT_EQ(g.scopes[2].children, (std::vector<int>{3, 4}));
  // Each node sits in its innermost scope; a plain name stays at the root.
  EXPECT_EQ(g.nodes[0].scope, 3);
  EXPECT_EQ(g.nodes[1].scope, 4);
  EXPECT_EQ(g.nodes[2].scope, 5);
  EXPECT_EQ(g.nodes[3].scope, 6);
  EXPECT_EQ(g.nodes[4].scope, 0);
}

TEST(AssignNameScopes, SameNameUnderDifferentParentsIsTwoScopes) {
  LayerGraph g = OpsNamed({"a/x/Conv", "b/x/Conv", "a/x/Relu"});
  AssignNameScopes(g);
  EXPECT_NE(g.nodes[0].scope, g.nodes[1].scope);
  EXPECT_EQ(g.nodes[0].scope, g.nodes[2].scope);
  EXPECT_EQ(g.scopes[g.nodes[0].scope].path, "a/x");
  EXPECT_EQ(g.scopes[g.nodes[1].scope].path, "b/x");
}

TEST(AssignNameScopes, DottedNamesNestToo) {
  LayerGraph g = OpsNamed({"encoder.layer.0.weight_mul", "encoder.layer.1.add"});
  AssignNameScopes(g);
  EXPECT_EQ(g.scopes[g.nodes[0].scope].path, "encoder/layer/0");
  EXPECT_EQ(g.scopes[g.nodes[1].scope].path, "encoder/layer/1");
  EXPECT_EQ(g.scopes[g.nodes[0].scope].depth, 3);
}

TEST(AssignNameScopes, InputsOutputsAndGroupsStayWhereTheyAre) {
  LayerGraph g = OpsNamed({"in/put/x", "out/put/y", "grp/a/b", "op/Relu"});
  g.nodes[0].kind = NodeKind::kInput;
  g.nodes[1].kind = NodeKind::kOutput;
  g.nodes[2].kind = NodeKind::kGroup;
  AssignNameScopes(g);
  EXPECT_EQ(g.nodes[0].scope, 0);
  EXPECT_EQ(g.nodes[1].scope, 0);
  EXPECT_EQ(g.nodes[2].scope, 0);
  ASSERT_EQ(g.scopes.size(), 2u);  // only "op", from the op node
  EXPECT_EQ(g.scopes[g.nodes[3].scope].path, "op");
}

TEST(AssignNameScopes, NestsBelowTheScopeANodeIsAlreadyIn) {
  LayerGraph g = OpsNamed({"enc/conv/Conv", "Relu"});
  const int body = g.ChildScope(0, "then_branch", ScopeKind::kSubgraph);
  g.nodes[0].scope = body;
  g.nodes[1].scope = body;
  AssignNameScopes(g);
  const Scope& conv = g.scopes[g.nodes[0].scope];
  EXPECT_EQ(conv.path, "then_branch/enc/conv");
  EXPECT_EQ(conv.kind, ScopeKind::kModule);
  EXPECT_EQ(conv.depth, 3);
  EXPECT_EQ(g.scopes[conv.parent].parent, body);
  EXPECT_EQ(g.nodes[1].scope, body);  // no components: it stays in the body
}

TEST(AssignNameScopes, LongComponentsAreClippedAndBadBytesRepaired) {
  const std::string long_part(100, 'x');
  LayerGraph g = OpsNamed({long_part + "/Conv", "bad\xFFpart/Relu"});
  AssignNameScopes(g);
  EXPECT_EQ(g.scopes[g.nodes[0].scope].name, std::string(64, 'x') + "...");
  EXPECT_EQ(g.scopes[g.nodes[1].scope].name, "bad\xEF\xBF\xBDpart");  // U+FFFD
}

TEST(AssignNameScopes, EmptyGraphAndNamelessNodesAddNoScopes) {
  LayerGraph empty;
  AssignNameScopes(empty);
  EXPECT_EQ(empty.scopes.size(), 1u);
  LayerGraph g = OpsNamed({"", ""});
  AssignNameScopes(g);
  EXPECT_EQ(g.scopes.size(), 1u);
  EXPECT_EQ(g.nodes[0].scope, 0);
}

}  // namespace
}  // namespace graphgen
