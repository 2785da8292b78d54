#include "bench/model_gen.h"

#include <gtest/gtest.h>

namespace graphgen {
namespace {

TEST(MakeResNet50Model, HasResNet50Shape) {
  const onnx::ModelProto m = MakeResNet50Model();
  EXPECT_EQ(m.graph().node_size(), 122);
  int64_t params = 0;
  for (const auto& w : m.graph().initializer()) {
    int64_t n = 1;
    for (int64_t d : w.dims()) n *= d;
    params += n;
  }
  // torchvision's ResNet-50 has 25,557,032 parameters; folding BatchNorm into the convs
  // (a bias per conv channel instead of BN scale and shift: 26,560 channels) gives
  // 25,557,032 - 26,560.
  EXPECT_EQ(params, 25530472);
}

}  // namespace
}  // namespace graphgen
