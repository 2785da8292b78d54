// Both ONNX importers on the fixtures: structure, shapes, parameters, scopes, subgraphs,
// and one clear error for each kind of bad model.
#include <gtest/gtest.h>

#include <string>

#include "importers/onnx/onnx_binary_importer.h"
#include "importers/onnx/onnx_text_importer.h"
#include "importers/registry.h"
#include "onnx/onnx_pb.h"

namespace graphgen {
namespace {

std::string Fixture(const std::string& name) { return "fixtures/" + name; }

LayerGraph MustImport(const std::string& path, Warnings* warnings = nullptr) {
  Warnings local;
  auto g = ImportModel(Fixture(path), ImportOptions(), warnings ? warnings : &local);
  EXPECT_TRUE(g.ok()) << path << ": " << g.status().message();
  return g.ok() ? std::move(*g) : LayerGraph();
}

std::string ImportError(const std::string& path, ImportOptions options = ImportOptions()) {
  Warnings warnings;
  auto g = ImportModel(Fixture(path), options, &warnings);
  EXPECT_FALSE(g.ok()) << path;
  EXPECT_EQ(
      g.status().code() == StatusCode::kBadInput || g.status().code() == StatusCode::kLimitExceeded,
      true);
  return g.status().message();
}

int CountKind(const LayerGraph& g, NodeKind kind) {
  int n = 0;
  for (const Node& node : g.nodes) n += node.kind == kind;
  return n;
}

TEST(OnnxImport, UnetBinaryAndTextAgree) {
  const LayerGraph bin = MustImport("unet_small.onnx");
  const LayerGraph txt = MustImport("unet_small.onnxtxt");
  EXPECT_EQ(bin.format, "ONNX");
  EXPECT_EQ(CountKind(bin, NodeKind::kOp), 28);
  EXPECT_EQ(CountKind(bin, NodeKind::kInput), 1);
  EXPECT_EQ(CountKind(bin, NodeKind::kOutput), 1);
  EXPECT_EQ(bin.TotalParams(), 117058);
  EXPECT_EQ(bin.EdgeCount(), 31);  // 29 chain links + 2 skips
  EXPECT_EQ(txt.TotalParams(), bin.TotalParams());
  EXPECT_EQ(txt.EdgeCount(), bin.EdgeCount());
  // The first conv: 16*3*3*3 weights + 16 biases, shape from shape inference.
  const Node& conv = bin.nodes[1];
  EXPECT_EQ(conv.name, "/encoder/down1/conv1/Conv");
  EXPECT_EQ(conv.params, 448);
  EXPECT_EQ(FormatShape(bin.tensors[conv.outputs[0]].type),
            "N\xC3\x97"
            "16\xC3\x97"
            "64\xC3\x97"
            "64");
  EXPECT_EQ(bin.tensors[conv.outputs[0]].type.dtype, DType::kFloat32);
}

TEST(OnnxImport, SubgraphsBecomeScopesUnderTheirNode) {
  const LayerGraph g = MustImport("control_flow.onnx");
  int subgraphs = 0;
  for (const Scope& s : g.scopes) {
    if (s.kind != ScopeKind::kSubgraph) continue;
    ++subgraphs;
    ASSERT_GE(s.owner_node, 0);
    EXPECT_TRUE(g.nodes[s.owner_node].op_type == "If" || g.nodes[s.owner_node].op_type == "Loop");
  }
  EXPECT_EQ(subgraphs, 3);  // then, else, body
  EXPECT_FALSE(g.nesting_edges.empty());
  // then_relu reads 'doubled' from the outer graph: a real edge from the Add.
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    if (g.nodes[i].name != "then_relu") continue;
    ASSERT_EQ(g.nodes[i].inputs.size(), 1u);
    EXPECT_EQ(g.nodes[g.tensors[g.nodes[i].inputs[0]].producer].name, "scale");
  }
}

TEST(OnnxImport, NewerOpsetDrawsWithOneWarning) {
  Warnings warnings;
  const LayerGraph g = MustImport("opset18.onnx", &warnings);
  EXPECT_EQ(CountKind(g, NodeKind::kOp), 2);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("opset 18"), std::string::npos);
}

TEST(OnnxImport, ConstantsKeepTheirTypes) {
  const LayerGraph g = MustImport("constants.onnx");
  EXPECT_EQ(CountKind(g, NodeKind::kOp), 7);  // folding is a pass, not the importer's
  EXPECT_EQ(FormatShape(g.tensors[g.nodes[3].outputs[0]].type),
            "12\xC3\x97"
            "5");
}

TEST(OnnxImport, EachKindOfBadModelHasItsOwnLine) {
  EXPECT_EQ(ImportError("bad/dangling.onnx"),
            "node 'conv1' (Add): input 'missing_tensor' is produced by no node");
  EXPECT_EQ(ImportError("bad/cycle.onnx"),
            "the graph has a cycle: node 'b' (Relu) -> node 'a' (Add) -> node 'b' (Relu)");
  EXPECT_EQ(ImportError("bad/duplicate_names.onnx"),
            "two nodes are named 'same' (#0 Relu and #1 Neg)");
  EXPECT_EQ(ImportError("bad/empty_graph.onnxtxt"), "the graph has no nodes");
  EXPECT_NE(ImportError("bad/syntax_error.onnxtxt").find("ONNX text does not parse"),
            std::string::npos);
  EXPECT_NE(ImportError("bad/not_a_model.txt")
                .find("unknown model format (not TensorFlow Lite: no 'TFL3' identifier at byte 4; "
                      "not ONNX binary"),
            std::string::npos);
  EXPECT_EQ(ImportError("hostile/non_utf8_name.onnx"),
            "node #0: name is not valid UTF-8 (byte 0xFF at offset 4)");
  EXPECT_EQ(ImportError("hostile/negative_dim.onnx"),
            "tensor 'x' has an absurd dimension -7 at axis 1");
  EXPECT_EQ(ImportError("hostile/overflow_dims.onnx"),
            "initializer 'w': the product of its dimensions overflows int64");
  EXPECT_NE(ImportError("hostile/rank70.onnx").find("--max-rank"), std::string::npos);
  EXPECT_NE(ImportError("hostile/deep_nesting.onnx").find("nested more than 32 deep"),
            std::string::npos);
  EXPECT_EQ(ImportError("hostile/truncated.onnx"),
            "not a valid ONNX protobuf (truncated or corrupt ModelProto)");
  EXPECT_EQ(ImportError("no_such_file.onnx"), "no such file");
  ImportOptions small;
  small.max_nodes = 5;
  EXPECT_NE(ImportError("unet_small.onnx", small).find("--max-nodes"), std::string::npos);
}

TEST(OnnxImport, ExternalWeightsDrawWithoutTheirFile) {
  const LayerGraph g = MustImport("hostile/external_data.onnx");
  EXPECT_EQ(g.TotalParams(), 16);
}

TEST(Sniff, BinaryAndTextAreToldApartByContent) {
  OnnxBinaryImporter bin;
  OnnxTextImporter txt;
  EXPECT_TRUE(bin.Sniff(std::string("\x08\x08\x12\x04test", 8)).match);
  EXPECT_FALSE(bin.Sniff("<\n ir_version: 8").match);
  EXPECT_FALSE(bin.Sniff("").match);
  EXPECT_TRUE(txt.Sniff("# comment\n<\n  ir_version: 8").match);
  EXPECT_TRUE(txt.Sniff("agraph (float[N] x) => (float[N] y) {}").match);
  EXPECT_FALSE(txt.Sniff(std::string("\x08\x08", 2)).match);
  EXPECT_FALSE(txt.Sniff("hello world").match);
}

// Issue 21: ONNX's parser reads numbers with std::stol, whose overflow said only "stol".
TEST(OnnxText, NumbersOutOfRangeSayWhereAndWhat) {
  const std::string head = "<ir_version: 8, opset_import: [\"\" : 17]>\n";
  const auto error = [](const std::string& text) {
    Warnings warnings;
    auto g = ImportModelFromBytes(text, ImportOptions(), &warnings);
    EXPECT_FALSE(g.ok());
    return g.status().message();
  };
  EXPECT_EQ(error(head + "g (float[1,4] x1) => (float[1,4] y) {\n  y = Flatten <axis = "
                         "99999999999999999999> (x1)\n}\n"),
            "ONNX text does not parse: line 3, column 23: integer out of range: "
            "99999999999999999999");
  EXPECT_EQ(error(head + "g (float[1,-99999999999999999999] x) => (float[1,4] y) {\n  y = Relu "
                         "(x)\n}\n"),
            "ONNX text does not parse: line 2, column 12: integer out of range: "
            "-99999999999999999999");
  EXPECT_EQ(error(head + "# 1e999 in a comment is no number\ng (float[1,4] x) => (float[1,4] y) "
                         "{\n  y = LeakyRelu <alpha = 1e999> (x)\n}\n"),
            "ONNX text does not parse: line 4, column 26: float out of range: 1e999");
}

// Issue 21: a UTF-8 byte order mark (Windows editors write one) is skipped.
TEST(Sniff, ByteOrderMarkBeforeTextIsSkipped) {
  Warnings warnings;
  auto g = ImportModelFromBytes(
      "\xEF\xBB\xBF<ir_version: 8, opset_import: [\"\" : 17]>\ng "
      "(float[1,4] x) => (float[1,4] y) {\n  y = Relu (x)\n}\n",
      ImportOptions(), &warnings);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(g->format, "ONNX");
}

// Issue 21: model-local functions each calling the next twice; ONNX shape inference
// inlined all 2^21 ops. They are counted first and refused past --max-nodes.
TEST(OnnxImport, ExponentialFunctionExpansionIsRefused) {
  onnx::ModelProto m;
  m.set_ir_version(8);
  for (const char* domain : {"", "bomb"}) {
    auto* op = m.add_opset_import();
    op->set_domain(domain);
    op->set_version(domain[0] ? 1 : 17);
  }
  auto* g = m.mutable_graph();
  g->set_name("g");
  g->add_input()->set_name("x");
  auto* top = g->add_node();
  top->set_op_type("f0");
  top->set_domain("bomb");
  top->add_input("x");
  top->add_output("y");
  g->add_output()->set_name("y");
  for (int i = 0; i <= 20; ++i) {
    auto* f = m.add_functions();
    f->set_name("f" + std::to_string(i));
    f->set_domain("bomb");
    f->add_input("a");
    f->add_output("b");
    for (const char* step : {"t", "b"}) {
      auto* n = f->add_node();
      n->set_op_type(i < 20 ? "f" + std::to_string(i + 1) : std::string("Relu"));
      n->set_domain(i < 20 ? "bomb" : "");
      n->add_input(std::string(step) == "t" ? "a" : "t");
      n->add_output(step);
    }
  }
  ImportOptions options;
  options.max_nodes = 1000;
  Warnings warnings;
  auto graph = ImportModelFromBytes(m.SerializeAsString(), options, &warnings);
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            "model-local functions expand to 4194303 ops, more than the node limit of 1000 "
            "(raise it with --max-nodes)");
}

}  // namespace
}  // namespace graphgen
