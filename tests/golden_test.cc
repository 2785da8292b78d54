// Golden DOT files for the small fixtures: the whole pipeline (import, passes, diagram)
// must keep producing exactly these. After an intended change, regenerate them with
//   bazel run //tests:golden_test -- --update
// which rewrites fixtures/golden/ in the source tree.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "graphgen/pipeline.h"
#include "tests/test_support.h"

namespace graphgen {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `config` (its input set) to DOT and compares with fixtures/golden/NAME.dot, or
// rewrites that file under --update.
void ExpectGolden(Config config, const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string flat = name;  // "fold/x" -> "fold_x": one file in the temp directory
  for (char& c : flat) c = c == '/' ? '_' : c;
  config.output = std::string(tmp ? tmp : "/tmp") + "/" + flat + ".dot";
  config.format = "dot";
  const Status status = graphgen::Run(config, stdout, stderr);
  ASSERT_TRUE(status.ok()) << status.message();
  const std::string got = Slurp(config.output);
  const std::string golden_path = "fixtures/golden/" + name + ".dot";
  if (UpdateRequested()) {
    const char* src = std::getenv("BUILD_WORKSPACE_DIRECTORY");
    ASSERT_NE(src, nullptr) << "--update needs bazel run";
    std::ofstream(std::string(src) + "/" + golden_path, std::ios::binary) << got;
    return;
  }
  EXPECT_EQ(got, Slurp(golden_path))
      << "regenerate with: bazel run //tests:golden_test -- --update";
}

class Golden : public ::testing::TestWithParam<const char*> {};

TEST_P(Golden, DotMatches) {
  // "mlp" is fixtures/mlp.onnx; a name with an extension is that fixture file, its
  // golden named after its base name ("tf/control_deps.pbtxt": control_deps.dot).
  std::string name = GetParam();
  std::string input = "fixtures/" + name + ".onnx";
  if (name.find('.') != std::string::npos) {
    input = "fixtures/" + name;
    name = name.substr(name.rfind('/') + 1);
    name = name.substr(0, name.find('.'));
  }
  Config config;
  config.input = input;
  ExpectGolden(config, name);
}

// Chain fusion forced on a small model (by default it is drawn op by op, conv_chains.dot):
// "Conv · BN · Scale · Relu" with its Unsqueeze-fed weights, "Conv · LeakyRelu", a Conv
// before a residual Add kept apart, "Gemm · Softmax".
TEST(Golden, FusedChains) {
  Config config;
  config.input = "fixtures/conv_chains.onnx";
  config.passes.fuse = FuseMode::kOn;
  ExpectGolden(config, "conv_chains_fused");
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Golden,
                         ::testing::Values("mlp", "constants", "control_flow", "unet_small",
                                           "conv_chains", "tf/control_deps.pbtxt",
                                           // TensorFlow Lite: fused activations, a skip,
                                           // float16 weights, an unknown batch.
                                           "tflite/mobile_block.tflite",
                                           // Folded ×12, and ×6 + ×6 inside encoder and
                                           // decoder groups with the memory edge.
                                           "fold/transformer_encoder12",
                                           "fold/transformer_seq2seq6"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace graphgen
