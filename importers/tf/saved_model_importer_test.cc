// SavedModel (TF1 and TF2), MetaGraphDef and TF.js graph-model import, through the
// registry as the CLI reads them.
#include "importers/tf/saved_model_importer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "importers/registry.h"
#include "third_party/tensorflow/tf_graph.pb.h"

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

std::string ScopePath(const LayerGraph& g, const Node& n) { return g.scopes[n.scope].path; }

bool HasNote(const LayerGraph& g, const std::string& text) {
  for (const std::string& n : g.notes) {
    if (n.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(SavedModel, Tf2CallsBecomeNestedClustersWiredToTheCaller) {
  LayerGraph g = MustImport("tf/saved_model_tf2.pbtxt");
  EXPECT_EQ(g.format, "TensorFlow SavedModel");
  // serving_default_x, two variables, the wrapper's Identity, the layer body's six nodes
  // and the signature's output; the saver call and the wrapper's NoOp are left out.
  EXPECT_EQ(g.nodes.size(), 11u);
  EXPECT_EQ(Find(g, "SaveV2"), nullptr);
  EXPECT_EQ(Find(g, "NoOp"), nullptr);
  EXPECT_TRUE(HasNote(g, "signature 'serving_default': 4 of 6 graph nodes"));
  const Node* matmul = Find(g, "dense/MatMul");
  ASSERT_NE(matmul, nullptr);
  EXPECT_EQ(g.scopes[matmul->scope].kind, ScopeKind::kSubgraph);
  // Clusters are named by the function that runs; the generated call names are on hover.
  EXPECT_EQ(ScopePath(g, *matmul), "signature_wrapper/dense");
  EXPECT_EQ(g.scopes[matmul->scope].tooltip,
            "call 'StatefulPartitionedCall' (StatefulPartitionedCall) of function "
            "'__inference_dense_10'");
  // The call's input is the caller's placeholder; the call's output feeds the output.
  ASSERT_EQ(matmul->inputs.size(), 2u);
  const Node* x = Find(g, "serving_default_x");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->kind, NodeKind::kInput);
  EXPECT_EQ(matmul->inputs[0], x->outputs[0]);
  const Node* out = Find(g, "output_0");
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(out->kind, NodeKind::kOutput);
  const int producer = g.tensors[out->inputs[0]].producer;
  ASSERT_GE(producer, 0);
  EXPECT_EQ(g.nodes[producer].op_type, "Identity");
  EXPECT_EQ(ScopePath(g, g.nodes[producer]), "signature_wrapper");
  // Parameters (variables folded into their readers): tests/import_weights_test.cc.
}

TEST(SavedModel, ExpandNestedOffKeepsACallAsOneNode) {
  ImportOptions options;
  options.expand_calls = false;
  const LayerGraph g = MustImport("tf/saved_model_tf2.pbtxt", options);
  // Placeholder, two variables, the call, the output.
  EXPECT_EQ(g.nodes.size(), 5u);
  ASSERT_NE(Find(g, "StatefulPartitionedCall"), nullptr);
}

TEST(SavedModel, Tf1SignaturesChooseTheSubgraph) {
  // No serving_default: the first signature by name, "double".
  LayerGraph g = MustImport("tf/saved_model_tf1.pbtxt");
  EXPECT_EQ(g.nodes.size(), 7u);  // x, w, w/read, y, double/y, double, output z
  EXPECT_EQ(Find(g, "w/Assign"), nullptr);
  EXPECT_EQ(Find(g, "save/SaveV2"), nullptr);
  EXPECT_TRUE(HasNote(g, "tags 'serve'"));

  ImportOptions predict;
  predict.signature = "predict";
  EXPECT_EQ(MustImport("tf/saved_model_tf1.pbtxt", predict).nodes.size(), 5u);

  ImportOptions all;
  all.signature = "all";
  const LayerGraph both = MustImport("tf/saved_model_tf1.pbtxt", all);
  EXPECT_EQ(both.nodes.size(), 12u);
  EXPECT_EQ(ScopePath(both, *Find(both, "z")), "double");
  EXPECT_EQ(ScopePath(both, *Find(both, "y")), "double");
  EXPECT_EQ(ScopePath(both, both.nodes.back()), "predict");

  ImportOptions train;
  train.tags = "train";
  auto g_train = Import("tf/saved_model_tf1.pbtxt", train);
  ASSERT_TRUE(g_train.ok()) << g_train.status().message();
  EXPECT_NE(Find(*g_train, "train_input"), nullptr);  // the first MetaGraphDef
}

TEST(SavedModel, ErrorsNameWhatExists) {
  ImportOptions missing;
  missing.signature = "nope";
  auto g = Import("tf/saved_model_tf1.pbtxt", missing);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().message(),
            "no signature 'nope' (--signature); there are 'double', 'predict'");
  ImportOptions tags;
  tags.tags = "gpu, serve";
  g = Import("tf/saved_model_tf1.pbtxt", tags);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().message(),
            "no MetaGraphDef is tagged 'gpu,serve' (--tags); the SavedModel has 'train', 'serve'");
}

TEST(SavedModel, DirectoryMeansItsSavedModelFile) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  ASSERT_NE(tmp, nullptr);
  const std::string dir = std::string(tmp) + "/empty_saved_model";
  mkdir(dir.c_str(), 0755);
  Warnings warnings;
  auto g = ImportModel(dir, ImportOptions(), &warnings);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().message(),
            "is a directory without saved_model.pb or saved_model.pbtxt, so not a SavedModel");
  // With the text file in it, the directory imports.
  const std::string link = dir + "/saved_model.pbtxt";
  char real[4096];
  ASSERT_NE(realpath("fixtures/tf/saved_model_tf2.pbtxt", real), nullptr);
  ASSERT_EQ(symlink(real, link.c_str()), 0);
  g = ImportModel(dir, ImportOptions(), &warnings);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(g->nodes.size(), 11u);
}

TEST(SavedModel, CallCyclesAndMissingFunctionsAreOneLine) {
  auto g = Import("tf/bad_recursive.pbtxt");
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().message(), "function calls form a cycle: A -> B -> A");
  g = Import("tf/bad_missing_function.pbtxt");
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().message(),
            "node 'call' (StatefulPartitionedCall): calls function '__inference_gone_7', which "
            "the graph's library does not define");
}

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  FILE* f = std::fopen(path.c_str(), "w");
  EXPECT_NE(f, nullptr);
  if (f == nullptr) return path;
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
  return path;
}

TEST(SavedModel, CallClustersAreNamedByTheirFunctionAndStayApart) {
  // Keras's function names, a call named by hand, and two calls of one function.
  const std::string path = WriteTemp("calls.pbtxt", R"(
node { name: "x" op: "Placeholder" }
node { name: "model/conv/StatefulPartitionedCall" op: "StatefulPartitionedCall" input: "x"
  attr { key: "f" value { func {
    name: "__inference_conv2d_layer_call_and_return_conditional_losses_812" } } } }
node { name: "encoder" op: "PartitionedCall" input: "model/conv/StatefulPartitionedCall"
  attr { key: "f" value { func { name: "__inference_block_7" } } } }
node { name: "PartitionedCall_3" op: "PartitionedCall" input: "encoder"
  attr { key: "f" value { func { name: "__inference_block_7" } } } }
node { name: "PartitionedCall_4" op: "PartitionedCall" input: "PartitionedCall_3"
  attr { key: "f" value { func { name: "__inference_block_7" } } } }
library {
  function { signature { name: "__inference_conv2d_layer_call_and_return_conditional_losses_812"
      input_arg { name: "a" } output_arg { name: "o" } }
    node_def { name: "Conv2D" op: "Conv2D" input: "a" }
    ret { key: "o" value: "Conv2D:output:0" } }
  function { signature { name: "__inference_block_7" input_arg { name: "a" } output_arg { name: "o" } }
    node_def { name: "Relu" op: "Relu" input: "a" }
    ret { key: "o" value: "Relu:activations:0" } }
}
)");
  Warnings warnings;
  auto g = ImportModel(path, ImportOptions(), &warnings);
  ASSERT_TRUE(g.ok()) << g.status().message();
  std::vector<std::string> paths;
  for (const Node& n : g->nodes) paths.push_back(ScopePath(*g, n));
  // The last: the Output box of what nothing reads.
  EXPECT_EQ(paths, (std::vector<std::string>{"", "model/conv/conv2d", "encoder: block", "block",
                                             "block #2", ""}));
}

TEST(SavedModel, CallDepthIsBounded) {
  // A chain of functions each calling the next, deeper than the limit.
  std::string text =
      "node { name: \"x\" op: \"Placeholder\" }\n"
      "node { name: \"c\" op: \"F0\" input: \"x\" }\nlibrary {\n";
  for (int i = 0; i < 40; ++i) {
    text += "function { signature { name: \"F" + std::to_string(i) +
            "\" input_arg { name: \"a\" } output_arg { name: \"o\" } }\n";
    text += i < 39
                ? "node_def { name: \"n\" op: \"F" + std::to_string(i + 1) + "\" input: \"a\" }\n"
                : "node_def { name: \"n\" op: \"Relu\" input: \"a\" }\n";
    text += "ret { key: \"o\" value: \"n:o:0\" } }\n";
  }
  text += "}\n";
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/deep.pbtxt";
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
  Warnings warnings;
  auto g = ImportModel(path, ImportOptions(), &warnings);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), StatusCode::kLimitExceeded);
  EXPECT_NE(g.status().message().find("(raise it with --max-depth)"), std::string::npos);
  ImportOptions deep;
  deep.max_nesting_depth = 64;
  g = ImportModel(path, deep, &warnings);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(g->nodes.size(), 3u);  // x, the innermost Relu and its Output box
  EXPECT_EQ(g->scopes.size(), 41u);
}

TEST(MetaGraphDef, WithoutSignaturesTheTrainingOpsDropOut) {
  const LayerGraph g = MustImport("tf/meta_graph.pbtxt");
  EXPECT_EQ(g.format, "TensorFlow MetaGraphDef");
  // x, w, w/read, y, loss; not gradients/, GradientDescent/, save/, init, w/Assign.
  EXPECT_EQ(g.nodes.size(), 6u);
  EXPECT_NE(Find(g, "loss"), nullptr);
  EXPECT_EQ(Find(g, "GradientDescent/learning_rate"), nullptr);
  EXPECT_TRUE(HasNote(g, "9 of 14 nodes left out (training, saving, initialisation)"));
}

TEST(TfjsGraphModel, JsonGraphDefWithManifestShapes) {
  LayerGraph g = MustImport("tf/tfjs_graph_model.json");
  EXPECT_EQ(g.format, "TensorFlow.js graph-model");
  EXPECT_EQ(g.nodes.size(), 6u);
  const Node* conv = Find(g, "conv/Conv2D");
  ASSERT_NE(conv, nullptr);
  EXPECT_EQ(conv->activation, "Relu");  // from base64 fused_ops
  // conv/bias has no shape of its own: the manifest gives it.
  const Node* bias = Find(g, "conv/bias");
  ASSERT_NE(bias, nullptr);
  EXPECT_EQ(FormatShape(g.tensors[bias->outputs[0]].type), "4");
}

TEST(TfjsGraphModel, SniffIsForJsonOnly) {
  SavedModelBinaryImporter saved_model;
  EXPECT_TRUE(saved_model.Sniff(std::string("\x08\x01\x12\x05", 4)).match);
  EXPECT_FALSE(saved_model.Sniff("{\"format\": \"graph-model\"}").match);
}

// Issue 21: a SavedModel's first bytes also start an ONNX ModelProto; once the bytes
// parse as a SavedModel holding a graph, its error is the whole line, not one reason in
// "unknown model format (ONNX binary: ...; TensorFlow SavedModel: ...)".
TEST(SavedModel, RecognisedFileReportsItsOwnErrorAlone) {
  tf::SavedModel saved;
  saved.set_saved_model_schema_version(1);
  auto* graph = saved.add_meta_graphs()->mutable_graph_def();
  auto* x = graph->add_node();
  x->set_name("x");
  x->set_op("Placeholder");
  auto* relu = graph->add_node();
  relu->set_name("relu");
  relu->set_op("Relu");
  relu->add_input("nowhere");
  Warnings warnings;
  auto g = ImportModelFromBytes(saved.SerializeAsString(), ImportOptions(), &warnings);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().message(), "node 'relu' (Relu): input 'nowhere' is produced by no node");
  // Without a graph nothing is recognised: every format's reason, as before.
  saved.mutable_meta_graphs(0)->clear_graph_def();
  g = ImportModelFromBytes(saved.SerializeAsString(), ImportOptions(), &warnings);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().message().rfind("unknown model format (", 0), 0u) << g.status().message();
}

}  // namespace
}  // namespace graphgen
