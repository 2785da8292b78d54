// Tests for importers/tf/tf_text.h: TextStartsWithField's first-word sniff (blank and
// comment lines, the three openers, exact field names) and ParseTfText on a GraphDef:
// undeclared fields tolerated, the first syntax error by line and column word for word,
// clipping, and the nesting bound that follows --max-depth.
#include "importers/tf/tf_text.h"

#include <gtest/gtest.h>

#include <string>

#include "third_party/tensorflow/tf_graph.pb.h"

namespace graphgen {
namespace {

bool GraphDefStart(const std::string& head) {
  return TextStartsWithField(head, {"node", "library", "versions", "version"});
}

TEST(TextStartsWithField, FieldThenAnOpener) {
  EXPECT_TRUE(GraphDefStart("node {\n  name: \"x\"\n}"));
  EXPECT_TRUE(GraphDefStart("node{"));
  EXPECT_TRUE(GraphDefStart("node <"));
  EXPECT_TRUE(GraphDefStart("version: 27"));
  EXPECT_TRUE(GraphDefStart("versions \t {"));
  EXPECT_TRUE(GraphDefStart("library {"));
  EXPECT_TRUE(TextStartsWithField("meta_info_def {", {"meta_info_def", "graph_def"}));
  EXPECT_TRUE(TextStartsWithField("saved_model_schema_version: 1",
                                  {"saved_model_schema_version", "meta_graphs"}));
}

TEST(TextStartsWithField, BlankAndCommentLinesAreSkipped) {
  EXPECT_TRUE(GraphDefStart("\n\n   \t\r\nnode {"));
  EXPECT_TRUE(GraphDefStart("# A graph written by hand.\n# node: not this one\nnode {"));
  EXPECT_TRUE(GraphDefStart("  # indented comment\n\n  versions {"));
  EXPECT_FALSE(GraphDefStart("# node {"));  // a comment to the end
  EXPECT_FALSE(GraphDefStart("#\n#\n"));
}

TEST(TextStartsWithField, TheWordMustBeOneOfTheFieldsExactly) {
  EXPECT_FALSE(GraphDefStart("nodes {"));
  EXPECT_FALSE(GraphDefStart("nod {"));
  EXPECT_FALSE(GraphDefStart("Node {"));
  EXPECT_FALSE(GraphDefStart("ir_version: 8"));  // ONNX text
  EXPECT_FALSE(GraphDefStart("graph_def {"));
  EXPECT_FALSE(TextStartsWithField("node {", {}));
}

TEST(TextStartsWithField, WithoutAnOpenerItIsNotAField) {
  EXPECT_FALSE(GraphDefStart(""));
  EXPECT_FALSE(GraphDefStart("node"));
  EXPECT_FALSE(GraphDefStart("node   "));
  EXPECT_FALSE(GraphDefStart("node name"));
  EXPECT_FALSE(GraphDefStart("node ["));
  EXPECT_FALSE(GraphDefStart("{ node {"));
  EXPECT_FALSE(GraphDefStart(": {"));
  EXPECT_FALSE(
      GraphDefStart("\x0a\x05\x0a\x01"
                    "a"));  // binary GraphDef
}

TEST(ParseTfText, ParsesAGraph) {
  tf::GraphDef g;
  const Status s = ParseTfText(
      "# comment\n"
      "node { name: \"x\" op: \"Placeholder\" }\n"
      "node { name: \"y\" op: \"Relu\" input: \"x\" attr { key: \"T\" value { type: DT_FLOAT } } "
      "}\n"
      "versions { producer: 27 }\n",
      "GraphDef", 32, &g);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(g.node_size(), 2);
  EXPECT_EQ(g.node(1).name(), "y");
  EXPECT_EQ(g.node(1).input(0), "x");
  EXPECT_EQ(g.node(1).attr().at("T").type(), tf::DT_FLOAT);
  EXPECT_EQ(g.versions().producer(), 27);
}

TEST(ParseTfText, EmptyTextIsAnEmptyMessage) {
  tf::GraphDef g;
  EXPECT_TRUE(ParseTfText("", "GraphDef", 32, &g).ok());
  EXPECT_TRUE(ParseTfText("# nothing\n", "GraphDef", 32, &g).ok());
  EXPECT_EQ(g.node_size(), 0);
}

TEST(ParseTfText, UndeclaredFieldsAreSkipped) {
  tf::GraphDef g;
  const Status s = ParseTfText(
      "node { name: \"a\" op: \"Relu\" experimental_debug_info { original_node_names: \"b\" } }\n"
      "unknown_top_level: 5\n"
      "[some.extension] { x: 1 }\n",
      "GraphDef", 32, &g);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(g.node_size(), 1);
  EXPECT_EQ(g.node(0).op(), "Relu");
}

TEST(ParseTfText, SyntaxErrorsNameLineAndColumn) {
  tf::GraphDef g;
  Status s = ParseTfText("node { name: 5 }", "GraphDef", 32, &g);
  EXPECT_EQ(s.code(), StatusCode::kBadInput);
  EXPECT_EQ(s.message(),
            "GraphDef text does not parse: line 1, column 14: Expected string, got: 5");
  s = ParseTfText("node { name: \"a\" }\n\n  }", "GraphDef", 32, &g);
  EXPECT_EQ(s.message(),
            "GraphDef text does not parse: line 3, column 3: Expected identifier, got: }");
}

TEST(ParseTfText, WhatNamesTheMessage) {
  tf::GraphDef g;
  const Status s = ParseTfText("node {", "MetaGraphDef", 32, &g);
  EXPECT_EQ(s.code(), StatusCode::kBadInput);
  EXPECT_EQ(s.message(),
            "MetaGraphDef text does not parse: line 1, column 7: Expected identifier, got: ");
}

TEST(ParseTfText, ErrorsAreSafeToPrintAndClipped) {
  tf::GraphDef g;
  const Status bad = ParseTfText("\xFF", "GraphDef", 32, &g);
  EXPECT_EQ(bad.message(),
            "GraphDef text does not parse: line 1, column 1: Interpreting non ascii codepoint "
            "255.");
  const std::string digits(500, '7');
  const Status long_token = ParseTfText("node { name: " + digits + " }", "GraphDef", 32, &g);
  const std::string prefix =
      "GraphDef text does not parse: line 1, column 14: Expected string, got: ";
  ASSERT_EQ(long_token.message().substr(0, prefix.size()), prefix);
  // The protobuf message is clipped to 200 bytes, then "...".
  EXPECT_EQ(long_token.message().size(),
            std::string("GraphDef text does not parse: line 1, column 14: ").size() + 200 + 3);
  EXPECT_EQ(long_token.message().substr(long_token.message().size() - 3), "...");
}

// A node whose attribute holds `levels` function attributes, each inside the last: three
// messages (map entry, AttrValue, NameAttrList) per level.
std::string NestedAttrs(int levels) {
  std::string inner;
  for (int i = 0; i < levels; ++i) {
    inner = "attr { key: \"k\" value { func { name: \"f\" " + inner + "} } } ";
  }
  return "node { name: \"a\" op: \"Call\" " + inner + "}";
}

TEST(ParseTfText, NestingBoundFollowsTheDepthLimit) {
  tf::GraphDef g;
  // At least 100 messages deep whatever the limit; 8 per level of --max-depth, plus 16.
  EXPECT_TRUE(ParseTfText(NestedAttrs(20), "GraphDef", 0, &g).ok());
  EXPECT_TRUE(ParseTfText(NestedAttrs(80), "GraphDef", 32, &g).ok());  // bound 272
  EXPECT_EQ(ParseTfText(NestedAttrs(100), "GraphDef", 32, &g).code(), StatusCode::kLimitExceeded);
}

TEST(ParseTfText, TooDeepIsALimitErrorNamingTheFlag) {
  tf::GraphDef g;
  const Status s = ParseTfText(NestedAttrs(40), "GraphDef", 0, &g);
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  const std::string& m = s.message();
  const std::string prefix = "GraphDef text nests messages more than 100 deep (line 1, column ";
  const std::string suffix =
      ": Message is too deep, the parser exceeded the configured recursion limit of 100.); "
      "nesting past the limit of 0 (raise it with --max-depth)";
  ASSERT_GT(m.size(), prefix.size() + suffix.size());
  EXPECT_EQ(m.substr(0, prefix.size()), prefix);
  EXPECT_EQ(m.substr(m.size() - suffix.size()), suffix);
}

TEST(ParseTfText, HostileNestingDoesNotExhaustTheStack) {
  tf::GraphDef g;
  const Status s = ParseTfText(NestedAttrs(10000), "SavedModel", 32, &g);
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(s.message().substr(0, 45), "SavedModel text nests messages more than 272 ");
}

}  // namespace
}  // namespace graphgen
