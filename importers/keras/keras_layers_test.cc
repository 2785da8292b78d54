#include "importers/keras/keras_layers.h"

#include <gtest/gtest.h>

namespace graphgen {
namespace {

using nlohmann::json;

TensorType Shape(const char* text) { return KerasShape(json::parse(text), DType::kFloat32); }

TEST(KerasLayers, DenseAndConvParamsMatchKerasSummary) {
  // keras.layers.Dense(50) on 8 features: 8*50 + 50.
  EXPECT_EQ(KerasParams("Dense", json::parse(R"({"units": 50})"), {Shape("[null, 8]")}), 450);
  EXPECT_EQ(KerasParams("Dense", json::parse(R"({"units": 50, "use_bias": false})"),
                        {Shape("[null, 8]")}),
            400);
  // Conv2D(16, 3) on RGB: 3*3*3*16 + 16.
  const json conv = json::parse(R"({"filters": 16, "kernel_size": [3, 3], "padding": "same"})");
  EXPECT_EQ(KerasParams("Conv2D", conv, {Shape("[null, 32, 32, 3]")}), 448);
  EXPECT_EQ(FormatShape(KerasOutputType("Conv2D", conv, {Shape("[null, 32, 32, 3]")})),
            "?\xC3\x97"
            "32\xC3\x97"
            "32\xC3\x97"
            "16");
  const json valid = json::parse(R"({"filters": 8, "kernel_size": 3, "strides": 2})");
  EXPECT_EQ(FormatShape(KerasOutputType("Conv2D", valid, {Shape("[null, 32, 32, 3]")})),
            "?\xC3\x97"
            "15\xC3\x97"
            "15\xC3\x97"
            "8");
  EXPECT_EQ(KerasParams("DepthwiseConv2D", json::parse(R"({"kernel_size": 3})"),
                        {Shape("[null, 8, 8, 32]")}),
            3 * 3 * 32 + 32);
}

TEST(KerasLayers, NormalizationEmbeddingAndRecurrent) {
  EXPECT_EQ(KerasParams("BatchNormalization", json::parse("{}"), {Shape("[null, 4, 4, 64]")}), 256);
  EXPECT_EQ(KerasParams("Embedding", json::parse(R"({"input_dim": 101, "output_dim": 10})"),
                        {Shape("[null, 5]")}),
            1010);
  // LSTM(32) on 10 features: 4 * ((10 + 32) * 32 + 32) = 5504, as Keras reports.
  EXPECT_EQ(KerasParams("LSTM", json::parse(R"({"units": 32})"), {Shape("[null, 7, 10]")}), 5504);
  // GRU(32), reset_after: 3 * ((10 + 32) * 32 + 64) = 4224.
  EXPECT_EQ(KerasParams("GRU", json::parse(R"({"units": 32})"), {Shape("[null, 7, 10]")}), 4224);
  EXPECT_EQ(KerasParams("GRU", json::parse(R"({"units": 32, "reset_after": false})"),
                        {Shape("[null, 7, 10]")}),
            4128);
}

TEST(KerasLayers, NonTrainableParamsAsKerasCountsThem) {
  // BatchNormalization(64): 256 params, the moving mean and variance (128) non-trainable.
  EXPECT_EQ(
      KerasFrozenParams("BatchNormalization", json::parse("{}"), {Shape("[null, 4, 4, 64]")}, 256),
      128);
  EXPECT_EQ(KerasFrozenParams("Dense", json::parse("{}"), {Shape("[null, 4]")}, 20), 0);
  // A layer frozen with trainable: false has only non-trainable params.
  EXPECT_EQ(
      KerasFrozenParams("Dense", json::parse(R"({"trainable": false})"), {Shape("[null, 4]")}, 20),
      20);
}

TEST(KerasLayers, ShapesAndHostileConfigs) {
  EXPECT_EQ(FormatShape(KerasOutputType("Flatten", json::parse("{}"), {Shape("[null, 4, 4, 8]")})),
            "?\xC3\x97"
            "128");
  EXPECT_EQ(
      FormatShape(KerasOutputType("MaxPooling2D", json::parse("{}"), {Shape("[null, 8, 8, 3]")})),
      "?\xC3\x97"
      "4\xC3\x97"
      "4\xC3\x97"
      "3");
  // Absurd sizes give no count rather than an overflowed one.
  EXPECT_EQ(KerasParams("Dense", json::parse(R"({"units": 1099511627776})"),
                        {Shape("[null, 1099511627776]")}),
            0);
  EXPECT_EQ(KerasParams("Dense", json::parse(R"({"units": "many"})"), {Shape("[null, 8]")}), 0);
  EXPECT_FALSE(KerasOutputType("Mystery", json::parse("{}"), {Shape("[null, 8]")}).rank_known);
  EXPECT_FALSE(KerasShape(json::parse(R"([null, "x"])"), DType::kFloat32).rank_known);
}

// Kernel, dilation, stride and dim are each allowed up to 2^40; their products are not
// computed in plain int64 (issue 21, UBSan): an overflow makes the dim unknown.
TEST(KerasLayers, ConvolutionArithmeticOverflowGivesUnknownDims) {
  const json dilated = json::parse(
      R"({"filters": 1, "kernel_size": 1099511627776, "dilation_rate": 1099511627776})");
  EXPECT_EQ(FormatShape(KerasOutputType("Conv1D", dilated, {Shape("[null, 8, 3]")})),
            "?\xC3\x97?\xC3\x97"
            "1");
  const json transposed =
      json::parse(R"({"filters": 1, "kernel_size": 2, "strides": 1099511627776})");
  EXPECT_EQ(FormatShape(KerasOutputType("Conv1DTranspose", transposed,
                                        {Shape("[null, 1099511627776, 3]")})),
            "?\xC3\x97?\xC3\x97"
            "1");
  const json same = json::parse(
      R"({"filters": 1, "kernel_size": 2, "strides": 1099511627776, "padding": "same"})");
  EXPECT_EQ(
      FormatShape(KerasOutputType("Conv1DTranspose", same, {Shape("[null, 1099511627776, 3]")})),
      "?\xC3\x97?\xC3\x97"
      "1");
  // Without overflow the same arithmetic is exact: 4 * 3 + max(2 - 3, 0) = 12 and
  // ceil(5 / 2) = 3.
  EXPECT_EQ(FormatShape(KerasOutputType(
                "Conv1DTranspose", json::parse(R"({"filters": 1, "kernel_size": 2, "strides": 3})"),
                {Shape("[null, 4, 3]")})),
            "?\xC3\x97"
            "12\xC3\x97"
            "1");
  EXPECT_EQ(FormatShape(KerasOutputType(
                "Conv1D",
                json::parse(R"({"filters": 1, "kernel_size": 2, "strides": 2, "padding": "same"})"),
                {Shape("[null, 5, 3]")})),
            "?\xC3\x97"
            "3\xC3\x97"
            "1");
}

}  // namespace
}  // namespace graphgen
