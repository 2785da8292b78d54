// The TFLite importer on the fixtures //tools:make_tflite_fixtures writes: what each
// drawn box holds, and the errors and limits for broken files made in memory.
#include "importers/tflite/tflite_importer.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/file_io.h"
#include "core/layer_graph.h"
#include "importers/registry.h"

namespace graphgen {
namespace {

std::string Bytes(const std::string& name) {
  auto bytes = ReadFile("fixtures/tflite/" + name, int64_t{1} << 24);
  EXPECT_TRUE(bytes.ok()) << name << ": " << bytes.status().message();
  return bytes.ok() ? *bytes : "";
}

LayerGraph MustImport(const std::string& name, const ImportOptions& options = ImportOptions()) {
  Warnings warnings;
  auto g = TfliteImporter().Import(Bytes(name), options, &warnings);
  EXPECT_TRUE(g.ok()) << name << ": " << g.status().message();
  return g.ok() ? std::move(*g) : LayerGraph();
}

const Node* FindOp(const LayerGraph& g, const std::string& op_type) {
  for (const Node& n : g.nodes) {
    if (n.op_type == op_type) return &n;
  }
  return nullptr;
}

std::vector<std::string> OpTypes(const LayerGraph& g) {
  std::vector<std::string> types;
  for (const Node& n : g.nodes) types.push_back(n.op_type);
  return types;
}

std::string Attr(const Node& n, const std::string& name) {
  const Attribute* a = FindAttribute(n, name);
  return a == nullptr ? "" : a->value;
}

TEST(TfliteImporter, SniffsTheIdentifierAtByteFour) {
  TfliteImporter importer;
  EXPECT_TRUE(importer.Sniff(std::string("\x1c\0\0\0TFL3", 8)).match);
  EXPECT_FALSE(importer.Sniff(std::string("\x1c\0\0\0TFL2", 8)).match);
  EXPECT_FALSE(importer.Sniff("TFL3").match);
  EXPECT_EQ(importer.Extensions(), std::vector<std::string_view>{"tflite"});
}

TEST(TfliteImporter, MobileBlockDrawsEachLayerOnceWithItsFusedActivation) {
  const LayerGraph g = MustImport("mobile_block.tflite");
  EXPECT_EQ(g.format, "TensorFlow Lite");
  EXPECT_TRUE(g.channels_last);
  EXPECT_EQ(g.producer, "graphgen mobile_block fixture");
  EXPECT_EQ(g.graph_name, "main");
  // DEQUANTIZE decodes the float16 weights: a weight, not a layer.
  EXPECT_EQ(OpTypes(g),
            (std::vector<std::string>{"Input", "CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D", "ADD",
                                      "MEAN", "FULLY_CONNECTED", "SOFTMAX", "Output"}));
  // The signature names the boundary; the operator takes its output's first location.
  EXPECT_EQ(g.nodes.front().name, "image");
  EXPECT_EQ(g.nodes.back().name, "probs");
  const Node& conv = g.nodes[1];
  EXPECT_EQ(conv.name, "model/conv1/Relu6");
  EXPECT_EQ(conv.activation, "RELU6");
  ASSERT_EQ(conv.fused.size(), 1u);
  EXPECT_EQ(conv.fused[0].op_type, "RELU6");
  EXPECT_EQ(Attr(conv, "strides"), "[1, 2, 2, 1]");
  EXPECT_EQ(Attr(conv, "padding"), "SAME");
  EXPECT_EQ(Attr(conv, "kernel_shape"),
            "3\xC3\x97"
            "3");
  EXPECT_EQ(conv.params, 8 * 3 * 3 * 3 + 8);
  // shape_signature's -1: the batch is unknown.
  EXPECT_EQ(FormatShape(g.tensors[conv.outputs[0]].type),
            "?\xC3\x97"
            "16\xC3\x97"
            "16\xC3\x97"
            "8");
  // The skip: ADD reads the first conv's output and the block's.
  const Node* add = FindOp(g, "ADD");
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->inputs.size(), 2u);
  EXPECT_EQ(add->activation, "RELU");
  // MEAN's axes are int32: an index tensor, no parameters.
  EXPECT_EQ(FindOp(g, "MEAN")->params, 0);
  EXPECT_EQ(FindOp(g, "FULLY_CONNECTED")->params, 4 * 8 + 4);
  EXPECT_EQ(g.TotalParams(), 224 + 80 + 72 + 36);
  bool signature_note = false;
  for (const std::string& note : g.notes) signature_note |= note == "signature 'serving_default'";
  EXPECT_TRUE(signature_note);
}

TEST(TfliteImporter, QuantizedTensorsShowTheirTypeAndScale) {
  const LayerGraph g = MustImport("quantized.tflite");
  const Node* conv = FindOp(g, "CONV_2D");
  ASSERT_NE(conv, nullptr);
  EXPECT_EQ(conv->detail, "int8");
  EXPECT_EQ(Attr(*conv, "quantization"), "scale 0.05, zero point -128");
  // Per-channel int8 weights and the int32 bias a quantized conv keeps.
  EXPECT_EQ(conv->params, 4 * 3 * 3 * 3 + 4);
  const Node* quantize = FindOp(g, "QUANTIZE");
  ASSERT_NE(quantize, nullptr);
  EXPECT_EQ(Attr(*quantize, "quantization"), "scale 0.0078125, zero point -1");
  // A DEQUANTIZE of computed values is a layer; only a weight's is not.
  EXPECT_NE(FindOp(g, "DEQUANTIZE"), nullptr);
}

TEST(TfliteImporter, ControlFlowSubgraphsAreClustersUnderTheirOperator) {
  const LayerGraph g = MustImport("control_flow.tflite");
  std::vector<std::string> clusters;
  for (const Scope& s : g.scopes) {
    if (s.kind != ScopeKind::kSubgraph) continue;
    clusters.push_back(s.name);
    ASSERT_GE(s.owner_node, 0);
  }
  EXPECT_EQ(clusters,
            (std::vector<std::string>{"CALL_ONCE_1.init", "loop/out.cond", "loop/out.body",
                                      "branch/out.then", "branch/out.else"}));
  for (const Scope& s : g.scopes) {
    if (s.name == "loop/out.body") {
      EXPECT_EQ(g.nodes[s.owner_node].op_type, "WHILE");
      EXPECT_EQ(s.tooltip, "subgraph 2 'while_body'");
    }
  }
  EXPECT_NE(FindOp(g, "MyCustomOp"), nullptr);  // a custom op by its custom code
  EXPECT_FALSE(g.nesting_edges.empty());
  bool unused_note = false;
  for (const std::string& note : g.notes) {
    unused_note |= note == "1 subgraphs not called from subgraph 0 are not drawn";
  }
  EXPECT_TRUE(unused_note);
  // The init subgraph's state tensor is drawn as an input of its own.
  int inputs = 0;
  for (const Node& n : g.nodes) inputs += n.kind == NodeKind::kInput && n.name == "state";
  EXPECT_EQ(inputs, 1);
}

TEST(TfliteImporter, WeightsStoredAfterTheFlatBufferAndLegacyOperatorCodes) {
  const LayerGraph g = MustImport("external_weights.tflite");
  const Node* conv = FindOp(g, "CONV_2D");  // deprecated_builtin_code only
  ASSERT_NE(conv, nullptr);
  EXPECT_EQ(conv->params, 16 * 3 * 3 * 8);
  // Cut before the weights: the buffer runs past the end.
  std::string bytes = Bytes("external_weights.tflite");
  bytes.resize(bytes.size() - 1);
  Warnings warnings;
  auto cut = TfliteImporter().Import(bytes, ImportOptions(), &warnings);
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.status().message().find("runs past the end"), std::string::npos)
      << cut.status().message();
}

TEST(TfliteImporter, TheRegistryPicksItByItsBytes) {
  Warnings warnings;
  auto g = ImportModelFromBytes(Bytes("mobile_block.tflite"), ImportOptions(), &warnings);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(g->format, "TensorFlow Lite");
}

TEST(TfliteImporter, BrokenBytesAreOneClearError) {
  Warnings warnings;
  const TfliteImporter importer;
  auto tiny = importer.Import("TFL3", ImportOptions(), &warnings);
  ASSERT_FALSE(tiny.ok());
  EXPECT_EQ(tiny.status().message(), "a TensorFlow Lite file is at least 8 bytes; this one has 4");
  auto other = importer.Import(std::string(64, 'x'), ImportOptions(), &warnings);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().message(),
            "no 'TFL3' identifier at byte 4, so not a TensorFlow Lite model");
  // Every cut of a good file is refused with a message, never read past its end.
  const std::string full = Bytes("mobile_block.tflite");
  for (size_t cut = 8; cut < full.size(); cut += 7) {
    auto g = importer.Import(full.substr(0, cut), ImportOptions(), &warnings);
    EXPECT_FALSE(g.ok()) << cut;
    if (!g.ok()) {
      EXPECT_EQ(g.status().code(), StatusCode::kBadInput) << cut;
    }
  }
}

TEST(TfliteImporter, LimitsApply) {
  Warnings warnings;
  ImportOptions few_nodes;
  few_nodes.max_nodes = 3;
  auto g = TfliteImporter().Import(Bytes("mobile_block.tflite"), few_nodes, &warnings);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(g.status().message(), "the model has more than 3 nodes (raise it with --max-nodes)");

  ImportOptions flat;
  flat.max_nesting_depth = 0;
  g = TfliteImporter().Import(Bytes("control_flow.tflite"), flat, &warnings);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), StatusCode::kLimitExceeded);
  EXPECT_NE(g.status().message().find("(raise it with --max-depth)"), std::string::npos);

  ImportOptions short_names;
  short_names.max_name_bytes = 8;
  g = TfliteImporter().Import(Bytes("mobile_block.tflite"), short_names, &warnings);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), StatusCode::kLimitExceeded);

  ImportOptions low_rank;
  low_rank.max_rank = 2;
  g = TfliteImporter().Import(Bytes("mobile_block.tflite"), low_rank, &warnings);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), StatusCode::kLimitExceeded);
}

}  // namespace
}  // namespace graphgen
