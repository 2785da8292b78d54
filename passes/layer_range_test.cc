// Tests for passes/layer_range.h (--layer-range START:END): exact names before regexes,
// first match for START and last for END, empty ends, what the kept graph looks like
// (renumbered nodes, cut links, control edges), and each error message word for word.
#include "passes/layer_range.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace graphgen {
namespace {

// A chain of ops: node i reads the tensor node i-1 wrote and writes tensor i.
LayerGraph Chain(const std::vector<std::string>& names) {
  LayerGraph g;
  int prev = -1;
  for (const std::string& name : names) {
    Node n;
    n.name = name;
    n.op_type = "Op";
    if (prev >= 0) n.inputs.push_back(prev);
    prev = g.AddTensor(name + ":0");
    n.outputs.push_back(prev);
    g.AddNode(std::move(n));
  }
  g.RebuildTensorLinks();
  return g;
}

std::vector<std::string> Names(const LayerGraph& g) {
  std::vector<std::string> names;
  for (const Node& n : g.nodes) names.push_back(n.name);
  return names;
}

using Strings = std::vector<std::string>;

// A small model's node names, in model order.
Strings Model() {
  return {"stem.conv", "block1.conv", "block1.relu", "block2.conv", "block2.relu", "head"};
}

TEST(KeepLayerRange, BothEmptyKeepsEverything) {
  LayerGraph g = Chain(Model());
  ASSERT_TRUE(KeepLayerRange(g, "", "").ok());
  EXPECT_EQ(Names(g), Model());
  EXPECT_EQ(g.EdgeCount(), 5);
}

TEST(KeepLayerRange, ExactNamesBound) {
  LayerGraph g = Chain(Model());
  ASSERT_TRUE(KeepLayerRange(g, "block1.relu", "block2.relu").ok());
  EXPECT_EQ(Names(g), (Strings{"block1.relu", "block2.conv", "block2.relu"}));
}

TEST(KeepLayerRange, EmptyStartMeansFirstEmptyEndMeansLast) {
  LayerGraph head = Chain(Model());
  ASSERT_TRUE(KeepLayerRange(head, "", "block1.conv").ok());
  EXPECT_EQ(Names(head), (Strings{"stem.conv", "block1.conv"}));
  LayerGraph tail = Chain(Model());
  ASSERT_TRUE(KeepLayerRange(tail, "block2.relu", "").ok());
  EXPECT_EQ(Names(tail), (Strings{"block2.relu", "head"}));
}

TEST(KeepLayerRange, RegexStartTakesFirstMatchEndTakesLast) {
  LayerGraph g = Chain(Model());
  // "conv" is found in three names: START takes the first, END the last.
  ASSERT_TRUE(KeepLayerRange(g, "block", "conv").ok());
  EXPECT_EQ(Names(g), (Strings{"block1.conv", "block1.relu", "block2.conv"}));
}

TEST(KeepLayerRange, RegexIsSearchedNotMatchedWhole) {
  LayerGraph g = Chain(Model());
  ASSERT_TRUE(KeepLayerRange(g, "1\\.r", "^block2\\.c").ok());
  EXPECT_EQ(Names(g), (Strings{"block1.relu", "block2.conv"}));
}

TEST(KeepLayerRange, ExactNameWinsOverAnEarlierRegexMatch) {
  // As a regex "a.c" is found in "abc" (node 0); as a name it is node 2, which wins.
  LayerGraph g = Chain({"abc", "x", "a.c", "y"});
  ASSERT_TRUE(KeepLayerRange(g, "a.c", "").ok());
  EXPECT_EQ(Names(g), (Strings{"a.c", "y"}));
  // For END too: the last exact match, though a later name matches the regex.
  LayerGraph h = Chain({"w", "a.c", "x", "abc"});
  ASSERT_TRUE(KeepLayerRange(h, "", "a.c").ok());
  EXPECT_EQ(Names(h), (Strings{"w", "a.c"}));
}

TEST(KeepLayerRange, ExactNameThatIsABadRegexStillMatches) {
  LayerGraph g = Chain({"a", "f(x", "b"});
  ASSERT_TRUE(KeepLayerRange(g, "f(x", "f(x").ok());
  EXPECT_EQ(Names(g), (Strings{"f(x"}));
}

TEST(KeepLayerRange, RepeatedExactNamesStartAtFirstEndAtLast) {
  LayerGraph g = Chain({"pre", "dup", "mid", "dup", "post"});
  ASSERT_TRUE(KeepLayerRange(g, "dup", "dup").ok());
  EXPECT_EQ(Names(g), (Strings{"dup", "mid", "dup"}));
}

TEST(KeepLayerRange, KeptNodesAreRenumberedAndCutLinksGo) {
  LayerGraph g = Chain(Model());
  g.control_edges = {{0, 5}, {1, 3}, {2, 4}};
  g.nesting_edges = {{1, 2}, {4, 5}};
  ASSERT_TRUE(KeepLayerRange(g, "block1.conv", "block2.relu").ok());
  ASSERT_EQ(g.nodes.size(), 4u);
  // Control and nesting edges with both ends kept survive, renumbered.
  EXPECT_EQ(g.control_edges, (std::vector<std::pair<int, int>>{{0, 2}, {1, 3}}));
  EXPECT_EQ(g.nesting_edges, (std::vector<std::pair<int, int>>{{0, 1}}));
  // The first kept node still reads stem.conv's tensor, which now has no producer.
  EXPECT_EQ(g.tensors[g.nodes[0].inputs[0]].name, "stem.conv:0");
  EXPECT_EQ(g.tensors[g.nodes[0].inputs[0]].producer, -1);
  // head is gone: block2.relu's output feeds nothing.
  EXPECT_TRUE(g.tensors[g.nodes[3].outputs[0]].consumers.empty());
  EXPECT_EQ(g.EdgeCount(), 3);
}

TEST(KeepLayerRange, StartAndEndOnOneNodeKeepsIt) {
  LayerGraph g = Chain(Model());
  ASSERT_TRUE(KeepLayerRange(g, "head", "head").ok());
  EXPECT_EQ(Names(g), (Strings{"head"}));
}

TEST(KeepLayerRange, NoMatchIsAnErrorNamingThePattern) {
  LayerGraph g = Chain(Model());
  const Status s = KeepLayerRange(g, "decoder", "");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "--layer-range: no node matches 'decoder'");
  const Status e = KeepLayerRange(g, "", "tail");
  EXPECT_EQ(e.message(), "--layer-range: no node matches 'tail'");
  EXPECT_EQ(Names(g), Model());  // an error leaves the graph as it was
}

TEST(KeepLayerRange, BadRegexIsAnErrorSayingSo) {
  LayerGraph g = Chain(Model());
  const Status s = KeepLayerRange(g, "block(", "");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  const std::string prefix = "--layer-range: 'block(' is neither a node name nor a valid regex (";
  EXPECT_EQ(s.message().substr(0, prefix.size()), prefix) << s.message();
  EXPECT_EQ(s.message().back(), ')');
  EXPECT_EQ(KeepLayerRange(g, "", "[z-a]").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Names(g), Model());
}

TEST(KeepLayerRange, EndBeforeStartIsAnError) {
  LayerGraph g = Chain(Model());
  const Status s = KeepLayerRange(g, "head", "stem.conv");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "--layer-range: 'stem.conv' comes before 'head' in the model");
  EXPECT_EQ(Names(g), Model());
}

TEST(KeepLayerRange, PatternsInMessagesAreQuotedSafely) {
  LayerGraph g = Chain(Model());
  const Status s = KeepLayerRange(g, "no\nsuch", "");
  EXPECT_EQ(s.message(), "--layer-range: no node matches 'no such'");
  const std::string long_pattern(100, 'q');
  const Status l = KeepLayerRange(g, long_pattern, "");
  EXPECT_EQ(l.message(), "--layer-range: no node matches '" + std::string(80, 'q') + "...'");
}

TEST(KeepLayerRange, NothingMatchesInAnEmptyGraph) {
  LayerGraph g;
  EXPECT_EQ(KeepLayerRange(g, "x", "").message(), "--layer-range: no node matches 'x'");
  EXPECT_EQ(KeepLayerRange(g, "", "x").message(), "--layer-range: no node matches 'x'");
}

}  // namespace
}  // namespace graphgen
