// Weights as the importers declare them, read back after the constant-folding pass: every
// variable, manifest shape and TF1 Variable reaches the op that reads it as a parameter
// count. An end-to-end check across two stages (importers, passes), so it lives here and
// not beside either.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "importers/registry.h"
#include "passes/fold_constants/fold_constants.h"

namespace graphgen {
namespace {

LayerGraph MustImport(const std::string& path) {
  Warnings warnings;
  auto g = ImportModel("fixtures/" + path, ImportOptions(), &warnings);
  EXPECT_TRUE(g.ok()) << path << ": " << g.status().message();
  return g.ok() ? std::move(*g) : LayerGraph();
}

// The params of the node named `name`, or -1 when there is none.
int64_t ParamsOf(const LayerGraph& g, const std::string& name) {
  for (const Node& n : g.nodes) {
    if (n.name == name) return n.params;
  }
  return -1;
}

// TF2 SavedModel: the variables inside the called function, with their declared shapes.
TEST(ImportWeights, SavedModelTf2VariablesAreParametersOfTheirReaders) {
  LayerGraph g = MustImport("tf/saved_model_tf2.pbtxt");
  FoldConstants(g);
  EXPECT_EQ(ParamsOf(g, "dense/MatMul"), 12);
  EXPECT_EQ(ParamsOf(g, "dense/BiasAdd"), 3);
  EXPECT_EQ(g.TotalParams(), 15);
}

// TF1 SavedModel: a VariableV2 read through its Identity.
TEST(ImportWeights, SavedModelTf1Variable) {
  LayerGraph g = MustImport("tf/saved_model_tf1.pbtxt");
  FoldConstants(g);
  EXPECT_EQ(ParamsOf(g, "y"), 2);
}

// TF.js graph-model: a weight whose shape only the manifest gives.
TEST(ImportWeights, TfjsManifestShapes) {
  LayerGraph g = MustImport("tf/tfjs_graph_model.json");
  FoldConstants(g);
  EXPECT_EQ(ParamsOf(g, "conv/Conv2D"), 3 * 3 * 3 * 4 + 4);
}

}  // namespace
}  // namespace graphgen
