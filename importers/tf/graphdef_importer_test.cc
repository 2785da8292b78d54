#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "importers/registry.h"
#include "importers/tf/graphdef_binary_importer.h"
#include "importers/tf/graphdef_text_importer.h"

namespace graphgen {
namespace {

LayerGraph MustImport(const std::string& path) {
  Warnings warnings;
  auto g = ImportModel("fixtures/" + path, ImportOptions(), &warnings);
  EXPECT_TRUE(g.ok()) << path << ": " << g.status().message();
  return g.ok() ? std::move(*g) : LayerGraph();
}

const Node* Find(const LayerGraph& g, const std::string& name) {
  for (const Node& n : g.nodes) {
    if (n.name == name) return &n;
  }
  return nullptr;
}

TEST(GraphDef, TextAndBinaryGiveTheSameGraph) {
  const LayerGraph txt = MustImport("tf/conv_block.pbtxt");
  const LayerGraph bin = MustImport("tf/conv_block.pb");
  EXPECT_EQ(txt.format, "TensorFlow GraphDef");
  EXPECT_EQ(txt.nodes.size(), 9u);  // and the Output box of what nothing reads
  EXPECT_EQ(bin.nodes.size(), txt.nodes.size());
  // Data edges only: the control input "^input" is not drawn.
  EXPECT_EQ(txt.EdgeCount(), 9);
  EXPECT_EQ(bin.EdgeCount(), txt.EdgeCount());
}

TEST(GraphDef, InputsShapesAndOutputIndices) {
  const LayerGraph g = MustImport("tf/conv_block.pbtxt");
  const Node* input = Find(g, "input");
  ASSERT_NE(input, nullptr);
  EXPECT_EQ(input->kind, NodeKind::kInput);
  EXPECT_EQ(FormatShape(g.tensors[input->outputs[0]].type),
            "?\xC3\x97"
            "32\xC3\x97"
            "32\xC3\x97"
            "3");
  const Node* conv = Find(g, "block1/conv/Conv2D");
  ASSERT_NE(conv, nullptr);
  EXPECT_EQ(g.tensors[conv->outputs[0]].type.dtype, DType::kFloat32);
  EXPECT_EQ(FormatShape(g.tensors[conv->outputs[0]].type),
            "?\xC3\x97"
            "32\xC3\x97"
            "32\xC3\x97"
            "16");
  const Node* split = Find(g, "split");
  ASSERT_NE(split, nullptr);
  ASSERT_EQ(split->outputs.size(), 2u);
  EXPECT_EQ(g.tensors[split->outputs[1]].name, "split:1");
  const Node* kernel = Find(g, "block1/conv/kernel");
  ASSERT_NE(kernel, nullptr);
  EXPECT_EQ(FormatShape(g.tensors[kernel->outputs[0]].type),
            "3\xC3\x97"
            "3\xC3\x97"
            "3\xC3\x97"
            "16");
}

int Id(const LayerGraph& g, const std::string& name) {
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    if (g.nodes[i].name == name) return static_cast<int>(i);
  }
  ADD_FAILURE() << "no node " << name;
  return -1;
}

TEST(GraphDef, ControlInputsBecomeControlEdges) {
  const LayerGraph block = MustImport("tf/conv_block.pbtxt");
  EXPECT_EQ(block.control_edges,
            (std::vector<std::pair<int, int>>{{Id(block, "input"), Id(block, "block1/relu")}}));

  // Between plain nodes, into a call (to the body ops that read its arguments), inside
  // the body, and out of the call (from the ops making its results).
  const LayerGraph g = MustImport("tf/control_deps.pbtxt");
  const std::vector<std::pair<int, int>> want = {
      {Id(g, "check/Assert"), Id(g, "checked")}, {Id(g, "Identity"), Id(g, "done")},
      {Id(g, "check/Assert"), Id(g, "MatMul")},  {Id(g, "MatMul"), Id(g, "NoOp")},
      {Id(g, "NoOp"), Id(g, "Identity")},
  };
  EXPECT_EQ(g.control_edges, want);
  // Data edges are unchanged by them: x and zero into GreaterEqual, it into Assert, x into
  // checked, checked into MatMul (through the call), kernel into MatMul, MatMul into Relu,
  // Relu into Identity, Identity into out (out of the call), out into its Output box.
  EXPECT_EQ(g.EdgeCount(), 10);
}

TEST(GraphDef, ControlInputNamingNoNodeIsOneClearError) {
  Warnings warnings;
  auto g = ImportModel("fixtures/tf/bad_control.pbtxt", ImportOptions(), &warnings);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), StatusCode::kBadInput);
  EXPECT_EQ(g.status().message(), "node 'a' (Relu): control input '^ghost' names no node");
}

TEST(GraphDef, DanglingInputIsOneClearError) {
  Warnings warnings;
  auto g = ImportModel("fixtures/tf/bad_dangling.pbtxt", ImportOptions(), &warnings);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().message(), "node 'a' (Relu): input 'nowhere:0' is produced by no node");
}

TEST(GraphDef, NameNotUtf8IsOurErrorAloneNotProtobufsLog) {
  // node { name: "a\xff" op: "Relu" }: proto3 strings must be UTF-8, and protobuf logged
  // a line of its own to stderr before graphgen's (a fuzz finding).
  const std::string node = std::string(
      "\x0a\x02"
      "a\xff"
      "\x12\x04"
      "Relu",
      10);
  const std::string bytes = "\x0a" + std::string(1, static_cast<char>(node.size())) + node;
  Warnings warnings;
  testing::internal::CaptureStderr();
  auto g = GraphDefBinaryImporter().Import(bytes, ImportOptions(), &warnings);
  const std::string logged = testing::internal::GetCapturedStderr();
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), StatusCode::kBadInput);
  EXPECT_EQ(logged, "");
}

TEST(GraphDef, SniffersTellFormatsApart) {
  GraphDefBinaryImporter bin;
  GraphDefTextImporter txt;
  EXPECT_TRUE(bin.Sniff(std::string("\x0a\x05\x0a\x01"
                                    "a",
                                    5))
                  .match);
  EXPECT_FALSE(bin.Sniff(std::string("\x08\x08", 2)).match);  // an ONNX ir_version
  EXPECT_TRUE(txt.Sniff("# c\nnode {\n name: \"a\"").match);
  EXPECT_FALSE(txt.Sniff("<\n ir_version: 8").match);
}

}  // namespace
}  // namespace graphgen
