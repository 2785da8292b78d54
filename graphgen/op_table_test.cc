#include "graphgen/op_table.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace graphgen {
namespace {

TEST(OpTable, CommonOnnxOpsHaveCategories) {
  // The ~60 commonest ONNX ops in exported vision and language models.
  const char* kCommon[] = {
      "Conv", "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool",
      "BatchNormalization", "LayerNormalization", "InstanceNormalization", "Relu",
      "LeakyRelu", "Sigmoid", "Tanh", "Softmax", "Gelu", "Elu", "HardSwish", "Clip",
      "MatMul", "Gemm", "Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Exp", "Erf",
      "Reshape", "Transpose", "Flatten", "Squeeze", "Unsqueeze", "Slice", "Gather",
      "Shape", "Cast", "Expand", "Pad", "Resize", "Upsample", "DepthToSpace", "Concat",
      "Split", "LSTM", "GRU", "RNN", "Constant", "ConstantOfShape", "If", "Loop", "Scan",
      "ReduceMean", "ReduceSum", "ReduceMax", "ArgMax", "Where", "Equal", "Dropout",
      "Identity", "Tile", "TopK", "Range", "Attention",
  };
  for (const char* op : kCommon) {
    EXPECT_NE(CategoryOf(op), OpCategory::kOther) << op;
  }
  EXPECT_GE(OpTableSize(), 60);
}

TEST(OpTable, OnnxAndTensorFlowNamesAgree) {
  EXPECT_EQ(CategoryOf("Conv"), OpCategory::kConv);
  EXPECT_EQ(CategoryOf("Conv2D"), OpCategory::kConv);
  EXPECT_EQ(CategoryOf("MatMul"), OpCategory::kLinear);
  EXPECT_EQ(CategoryOf("BatchMatMulV2"), OpCategory::kLinear);
  EXPECT_EQ(CategoryOf("Concat"), OpCategory::kConcatSplit);
  EXPECT_EQ(CategoryOf("ConcatV2"), OpCategory::kConcatSplit);
  EXPECT_EQ(CategoryOf("FusedBatchNormV3"), OpCategory::kNormalization);
}

TEST(OpTable, UnknownOpsAreNeutral) {
  EXPECT_EQ(CategoryOf("MyCustomOp"), OpCategory::kOther);
  EXPECT_EQ(CategoryOf(""), OpCategory::kOther);
  EXPECT_EQ(CategoryOf("conv"), OpCategory::kOther);  // op types are case-sensitive
}

TEST(OpTable, EveryCategoryHasADistinctStyle) {
  std::set<std::string> fills;
  for (int c = 0; c <= static_cast<int>(OpCategory::kGroup); ++c) {
    const CategoryStyle& s = StyleOf(static_cast<OpCategory>(c));
    EXPECT_EQ(std::string(s.fill).size(), 7u);
    EXPECT_EQ(s.fill[0], '#');
    fills.insert(s.fill);
  }
  EXPECT_EQ(fills.size(), static_cast<size_t>(OpCategory::kGroup) + 1);
}

TEST(OpTable, TableIsSortedSoLookupFindsEveryEntry) {
  for (int i = 0; i < OpTableSize(); ++i) {
    const std::string_view op = OpTableKey(i);
    EXPECT_EQ(CategoryOf(op), OpTableCategory(i)) << op;
    if (i > 0) EXPECT_LT(OpTableKey(i - 1), op);
  }
}

}  // namespace
}  // namespace graphgen
