// Operator codes, builtin options and control flow as the TFLite importer reads them, on
// operators built here with the schema's FlatBuffers builder.
#include "importers/tflite/tflite_ops.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace graphgen {
namespace {

namespace tfl = tflite;
using flatbuffers::FlatBufferBuilder;

const tfl::OperatorCode* Code(FlatBufferBuilder& fbb, int8_t deprecated, tfl::BuiltinOperator code,
                              const char* custom = nullptr) {
  fbb.Finish(
      tfl::CreateOperatorCode(fbb, deprecated, custom ? fbb.CreateString(custom) : 0, 1, code));
  return flatbuffers::GetRoot<tfl::OperatorCode>(fbb.GetBufferPointer());
}

TEST(TfliteOps, BuiltinCodeIsTheLargerOfTheTwoFields) {
  FlatBufferBuilder a;
  // Files before schema 3a: deprecated_builtin_code only.
  EXPECT_EQ(tflite_ops::BuiltinCode(*Code(a, 3, tfl::BuiltinOperator::ADD)), 3);
  FlatBufferBuilder b;
  // Codes past 127: the placeholder in the old field, the code in the new one.
  EXPECT_EQ(tflite_ops::BuiltinCode(*Code(b, 127, tfl::BuiltinOperator::CALL_ONCE)), 129);
}

TEST(TfliteOps, OpTypesByNameCustomByCode) {
  const ImportOptions options;
  FlatBufferBuilder a;
  EXPECT_EQ(*tflite_ops::OpType(*Code(a, 4, tfl::BuiltinOperator::DEPTHWISE_CONV_2D), "c", options),
            "DEPTHWISE_CONV_2D");
  FlatBufferBuilder b;
  EXPECT_EQ(
      *tflite_ops::OpType(*Code(b, 32, tfl::BuiltinOperator::CUSTOM, "Convolution2DTransposeBias"),
                          "c", options),
      "Convolution2DTransposeBias");
  FlatBufferBuilder c;
  EXPECT_EQ(*tflite_ops::OpType(*Code(c, 32, tfl::BuiltinOperator::CUSTOM), "c", options),
            "CUSTOM");
  FlatBufferBuilder d;
  EXPECT_EQ(
      *tflite_ops::OpType(*Code(d, 127, static_cast<tfl::BuiltinOperator>(4000)), "c", options),
      "BUILTIN_4000");
  FlatBufferBuilder e;
  auto bad = tflite_ops::OpType(*Code(e, -3, static_cast<tfl::BuiltinOperator>(-5)),
                                "operator code #2", options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "operator code #2: builtin code -3 is not a TensorFlow Lite operator");
}

const tfl::Operator* Finish(FlatBufferBuilder& fbb, tfl::BuiltinOptions type,
                            flatbuffers::Offset<void> options) {
  fbb.Finish(tfl::CreateOperator(fbb, 0, 0, 0, type, options));
  return flatbuffers::GetRoot<tfl::Operator>(fbb.GetBufferPointer());
}

TEST(TfliteOps, ConvOptionsInTensorFlowSpellings) {
  FlatBufferBuilder fbb;
  const auto* op = Finish(fbb, tfl::BuiltinOptions::Conv2DOptions,
                          tfl::CreateConv2DOptions(fbb, tfl::Padding::VALID, 2, 3,
                                                   tfl::ActivationFunctionType::RELU6, 1, 2)
                              .Union());
  Node node;
  tflite_ops::ReadBuiltinOptions(*op, &node);
  ASSERT_EQ(node.attributes.size(), 3u);
  EXPECT_EQ(node.attributes[0].value, "VALID");
  EXPECT_EQ(node.attributes[1].name, "strides");
  EXPECT_EQ(node.attributes[1].ints, (std::vector<int64_t>{1, 3, 2, 1}));  // [1, h, w, 1]
  EXPECT_EQ(node.attributes[2].name, "dilations");
  EXPECT_EQ(node.attributes[2].ints, (std::vector<int64_t>{1, 2, 1, 1}));
  EXPECT_EQ(node.activation, "RELU6");
  ASSERT_EQ(node.fused.size(), 1u);
  EXPECT_EQ(node.fused[0].op_type, "RELU6");
}

TEST(TfliteOps, PoolingWindowIsKsize) {
  FlatBufferBuilder fbb;
  const auto* op = Finish(fbb, tfl::BuiltinOptions::Pool2DOptions,
                          tfl::CreatePool2DOptions(fbb, tfl::Padding::SAME, 2, 2, 3, 3).Union());
  Node node;
  tflite_ops::ReadBuiltinOptions(*op, &node);
  const Attribute* ksize = FindAttribute(node, "ksize");
  ASSERT_NE(ksize, nullptr);
  EXPECT_EQ(ksize->ints, (std::vector<int64_t>{1, 3, 3, 1}));
  EXPECT_TRUE(node.activation.empty());
  EXPECT_TRUE(node.fused.empty());
}

TEST(TfliteOps, ATypeWithoutItsTableReadsNothing) {
  FlatBufferBuilder fbb;
  const auto* op = Finish(fbb, tfl::BuiltinOptions::Conv2DOptions, 0);
  Node node;
  tflite_ops::ReadBuiltinOptions(*op, &node);
  EXPECT_TRUE(node.attributes.empty());
  EXPECT_TRUE(tflite_ops::CalledSubgraphs(*op).empty());
}

TEST(TfliteOps, ControlFlowNamesItsSubgraphs) {
  FlatBufferBuilder fbb;
  const auto* op =
      Finish(fbb, tfl::BuiltinOptions::WhileOptions, tfl::CreateWhileOptions(fbb, 1, 2).Union());
  const auto calls = tflite_ops::CalledSubgraphs(*op);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].role, "cond");
  EXPECT_EQ(calls[0].index, 1);
  EXPECT_EQ(calls[1].role, "body");
  EXPECT_EQ(calls[1].index, 2);
  FlatBufferBuilder b;
  const auto* if_op =
      Finish(b, tfl::BuiltinOptions::IfOptions, tfl::CreateIfOptions(b, 3, -1).Union());
  const auto branches = tflite_ops::CalledSubgraphs(*if_op);
  ASSERT_EQ(branches.size(), 2u);
  EXPECT_EQ(branches[1].role, "else");
  EXPECT_EQ(branches[1].index, -1);  // range-checked by the model reader
}

TEST(TfliteOps, MediaPipeTransposedConvOptions) {
  FlatBufferBuilder fbb;
  const int32_t raw[3] = {2, 2, 3};  // VALID, stride_w 2, stride_h 3
  const auto bytes = fbb.CreateVector(reinterpret_cast<const uint8_t*>(raw), sizeof(raw));
  fbb.Finish(tfl::CreateOperator(fbb, 0, 0, 0, tfl::BuiltinOptions::NONE, 0, bytes));
  const auto* op = flatbuffers::GetRoot<tfl::Operator>(fbb.GetBufferPointer());
  Node node;
  node.op_type = "Convolution2DTransposeBias";
  tflite_ops::ReadCustomOptions(*op, &node);
  ASSERT_EQ(node.attributes.size(), 2u);
  EXPECT_EQ(node.attributes[0].value, "VALID");
  EXPECT_EQ(node.attributes[1].ints, (std::vector<int64_t>{1, 3, 2, 1}));
  // Another custom op's bytes are not read; nor are options shorter than the struct.
  Node other;
  other.op_type = "MyCustomOp";
  tflite_ops::ReadCustomOptions(*op, &other);
  EXPECT_TRUE(other.attributes.empty());
  FlatBufferBuilder short_fbb;
  const auto two = short_fbb.CreateVector(reinterpret_cast<const uint8_t*>(raw), 8);
  short_fbb.Finish(tfl::CreateOperator(short_fbb, 0, 0, 0, tfl::BuiltinOptions::NONE, 0, two));
  tflite_ops::ReadCustomOptions(*flatbuffers::GetRoot<tfl::Operator>(short_fbb.GetBufferPointer()),
                                &node);
  EXPECT_EQ(node.attributes.size(), 2u);
}

TEST(TfliteOps, ActivationNames) {
  EXPECT_EQ(tflite_ops::ActivationName(tfl::ActivationFunctionType::NONE), "");
  EXPECT_EQ(tflite_ops::ActivationName(tfl::ActivationFunctionType::RELU_N1_TO_1), "RELU_N1_TO_1");
  EXPECT_EQ(tflite_ops::ActivationName(static_cast<tfl::ActivationFunctionType>(99)), "");
}

}  // namespace
}  // namespace graphgen
