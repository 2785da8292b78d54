#include "bench/model_gen.h"

#include <gtest/gtest.h>

#include <string>

namespace graphgen {
namespace {

int64_t FloatParams(const onnx::ModelProto& m) {
  int64_t params = 0;
  for (const auto& w : m.graph().initializer()) {
    if (w.data_type() != onnx::TensorProto::FLOAT || w.dims_size() == 0) continue;
    int64_t n = 1;
    for (int64_t d : w.dims()) n *= d;
    params += n;
  }
  return params;
}

int CountOp(const onnx::ModelProto& m, const std::string& op) {
  int n = 0;
  for (const auto& node : m.graph().node()) n += node.op_type() == op;
  return n;
}

TEST(MakeResNet50Model, HasResNet50Shape) {
  const onnx::ModelProto m = MakeResNet50Model();
  EXPECT_EQ(m.graph().node_size(), 122);
  const int64_t params = FloatParams(m);
  // torchvision's ResNet-50 has 25,557,032 parameters; folding BatchNorm into the convs
  // (a bias per conv channel instead of BN scale and shift: 26,560 channels) gives
  // 25,557,032 - 26,560.
  EXPECT_EQ(params, 25530472);
  EXPECT_EQ(m.graph().node(3).name(), "/layer1/layer1.0/conv1/Conv");
}

TEST(MakeResNet152Model, HasFiftyBottlenecks) {
  const onnx::ModelProto m = MakeResNet152Model();
  EXPECT_EQ(CountOp(m, "Add"), 50);
  EXPECT_EQ(m.graph().node_size(), 360);
  // torchvision's ResNet-152: 60,192,808 parameters, less BatchNorm's scale and shift
  // for its 75,712 channels, plus one bias per conv channel in their place.
  EXPECT_EQ(FloatParams(m), 60192808 - 75712);
}

TEST(MakeTransformerModel, OpsPerLayerAndNames) {
  TransformerGenOptions o;
  o.layers = 5;
  o.heads = 3;
  o.head_dim = 8;
  o.vocab = 100;
  const onnx::ModelProto flat = MakeTransformerModel(o);
  EXPECT_EQ(flat.graph().node_size(), 12 + 5 * (38 + 9 * 3));
  EXPECT_EQ(CountOp(flat, "Softmax"), 5 * 3);
  EXPECT_EQ(flat.graph().node(0).name(), "Gather_1");
  o.flat_names = false;
  const onnx::ModelProto scoped = MakeTransformerModel(o);
  EXPECT_EQ(scoped.graph().node(2).name(), "/h.0/ln_1/ReduceMean");
  // Per layer: QKV, output projection and MLP weights and biases, two LayerNorms.
  const int64_t d = 24;
  const int64_t layer = 4 * d * d + 4 * d + 2 * 4 * d * d + 4 * d + d + 4 * d;
  EXPECT_EQ(FloatParams(scoped), 5 * layer + 100 * d + 128 * d + 2 * d + d * 100 + 128 * 128);
}

}  // namespace
}  // namespace graphgen
