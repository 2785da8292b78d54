// Keras model JSON (Keras 2 and 3) and TF.js layers-model import through the registry.
#include "importers/keras/keras_json_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "importers/registry.h"

namespace graphgen {
namespace {

StatusOr<LayerGraph> Import(const std::string& path, ImportOptions options = ImportOptions()) {
  Warnings warnings;
  return ImportModel("fixtures/" + path, options, &warnings);
}

LayerGraph MustImport(const std::string& path, ImportOptions options = ImportOptions()) {
  auto g = Import(path, options);
  EXPECT_TRUE(g.ok()) << path << ": " << g.status().message();
  return g.ok() ? std::move(*g) : LayerGraph();
}

const Node* Find(const LayerGraph& g, const std::string& name) {
  for (const Node& n : g.nodes) {
    if (n.name == name) return &n;
  }
  return nullptr;
}

std::string OutShape(const LayerGraph& g, const std::string& name) {
  const Node* n = Find(g, name);
  return n == nullptr || n->outputs.empty() ? "missing"
                                            : FormatShape(g.tensors[n->outputs[0]].type);
}

TEST(KerasJson, Keras2FunctionalWithNestedSequential) {
  const LayerGraph g = MustImport("keras/functional_nested.json");
  EXPECT_EQ(g.format, "Keras model JSON");
  EXPECT_EQ(g.graph_name, "tiny");
  EXPECT_EQ(g.nodes.size(), 6u);  // image, conv, gap, logits, aux, concat
  EXPECT_EQ(Find(g, "image")->kind, NodeKind::kInput);
  EXPECT_EQ(Find(g, "conv")->params, 224);
  EXPECT_EQ(Find(g, "conv")->activation, "relu");
  EXPECT_EQ(Find(g, "logits")->params, 90);
  EXPECT_EQ(Find(g, "aux")->params, 22);
  EXPECT_EQ(g.TotalParams(), 336);
  EXPECT_EQ(OutShape(g, "concat"),
            "?\xC3\x97"
            "12");
  // The nested model is a cluster; its layers read the outer conv directly.
  const Node* gap = Find(g, "gap");
  EXPECT_EQ(g.scopes[gap->scope].kind, ScopeKind::kSubgraph);
  EXPECT_EQ(g.scopes[gap->scope].path, "head");
  EXPECT_EQ(g.tensors[gap->inputs[0]].producer, 1);  // conv
  // concat reads the nested model's output and aux.
  const Node* concat = Find(g, "concat");
  ASSERT_EQ(concat->inputs.size(), 2u);
  EXPECT_EQ(g.nodes[g.tensors[concat->inputs[0]].producer].name, "logits");
}

TEST(KerasJson, NestedModelAsOneNodeWithoutExpandNested) {
  ImportOptions options;
  options.expand_calls = false;
  const LayerGraph g = MustImport("keras/functional_nested.json", options);
  EXPECT_EQ(g.nodes.size(), 5u);
  const Node* head = Find(g, "head");
  ASSERT_NE(head, nullptr);
  EXPECT_EQ(head->op_type, "Sequential");
  EXPECT_EQ(head->params, 90);
  EXPECT_EQ(OutShape(g, "head"),
            "?\xC3\x97"
            "10");
  EXPECT_EQ(g.TotalParams(), 336);
}

TEST(KerasJson, Keras3DictInboundNodes) {
  const LayerGraph g = MustImport("keras/keras3_functional.json");
  EXPECT_EQ(g.nodes.size(), 4u);
  EXPECT_EQ(Find(g, "embed")->params, 800);
  EXPECT_EQ(Find(g, "lstm")->params, 1600);
  EXPECT_EQ(Find(g, "out")->params, 17);
  EXPECT_EQ(OutShape(g, "lstm"),
            "?\xC3\x97"
            "16");
  EXPECT_EQ(g.nodes[g.tensors[Find(g, "out")->inputs[0]].producer].name, "lstm");
}

TEST(KerasJson, TfjsLayersModelCountsFromTheManifest) {
  const LayerGraph g = MustImport("keras/tfjs_layers_model.json");
  EXPECT_EQ(g.format, "TensorFlow.js layers-model");
  EXPECT_EQ(g.nodes.size(), 3u);  // d1_input, d1, d2
  EXPECT_EQ(Find(g, "d1_input")->kind, NodeKind::kInput);
  EXPECT_EQ(Find(g, "d1")->params, 16);
  // The manifest lists no bias for d2: its 8 weights, not the config's 10.
  EXPECT_EQ(Find(g, "d2")->params, 8);
}

TEST(KerasJson, BadFilesAreOneLine) {
  auto g = Import("keras/bad_cycle.json");
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().message(), "layer 'a' is on a cycle of inbound nodes");
  g = Import("keras/not_a_model.json");
  ASSERT_FALSE(g.ok());
  // Both JSON formats claim the file and say why it is not theirs; the binary and text
  // formats, which a JSON file cannot be, are not listed.
  const std::string m = g.status().message();
  EXPECT_EQ(m.rfind("JSON, but neither a TF.js graph-model nor a Keras (or TF.js "
                    "layers-model) model.json (",
                    0),
            0u)
      << m;
  EXPECT_EQ(m.find("ONNX"), std::string::npos) << m;
  EXPECT_NE(m.find("TensorFlow.js graph-model: a TF.js mystery, not a graph-model"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("Keras model JSON: a TF.js mystery, not a layers-model"), std::string::npos)
      << m;
}

TEST(KerasJson, DeepNestingIsALimitNotACrash) {
  KerasJsonImporter keras;
  const std::string deep = "{\"class_name\": " + std::string(200000, '[');
  Warnings warnings;
  auto g = keras.Import(deep, ImportOptions(), &warnings);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), StatusCode::kLimitExceeded);
  // Like every limit error, it names the flag the way the others do (a fuzz finding).
  EXPECT_NE(g.status().message().find("(raise it with --max-depth)"), std::string::npos)
      << g.status().message();
}

}  // namespace
}  // namespace graphgen
