#include "core/op_table.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace graphgen {
namespace {

TEST(OpTable, CommonOnnxOpsHaveCategories) {
  // The ~60 commonest ONNX ops in exported vision and language models.
  const char* kCommon[] = {
      "Conv",
      "ConvTranspose",
      "MaxPool",
      "AveragePool",
      "GlobalAveragePool",
      "BatchNormalization",
      "LayerNormalization",
      "InstanceNormalization",
      "Relu",
      "LeakyRelu",
      "Sigmoid",
      "Tanh",
      "Softmax",
      "Gelu",
      "Elu",
      "HardSwish",
      "Clip",
      "MatMul",
      "Gemm",
      "Add",
      "Sub",
      "Mul",
      "Div",
      "Pow",
      "Sqrt",
      "Exp",
      "Erf",
      "Reshape",
      "Transpose",
      "Flatten",
      "Squeeze",
      "Unsqueeze",
      "Slice",
      "Gather",
      "Shape",
      "Cast",
      "Expand",
      "Pad",
      "Resize",
      "Upsample",
      "DepthToSpace",
      "Concat",
      "Split",
      "LSTM",
      "GRU",
      "RNN",
      "Constant",
      "ConstantOfShape",
      "If",
      "Loop",
      "Scan",
      "ReduceMean",
      "ReduceSum",
      "ReduceMax",
      "ArgMax",
      "Where",
      "Equal",
      "Dropout",
      "Identity",
      "Tile",
      "TopK",
      "Range",
      "Attention",
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

TEST(OpTable, TensorFlowOpsUsersMeetHaveCategories) {
  // What real GraphDefs, SavedModels and TF.js graph-models hold, by category.
  const std::pair<OpCategory, std::vector<const char*>> kWant[] = {
      {OpCategory::kConv,
       {"Conv2D", "Conv2DBackpropInput", "Conv3D", "DepthwiseConv2dNative", "_FusedConv2D",
        "_FusedDepthwiseConv2dNative", "FusedDepthwiseConv2dNative"}},
      {OpCategory::kLinear, {"MatMul", "BatchMatMulV2", "_FusedMatMul", "Einsum"}},
      {OpCategory::kNormalization,
       {"FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3", "LRN"}},
      {OpCategory::kActivation,
       {"Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Sigmoid", "Tanh", "Softmax", "Prelu"}},
      {OpCategory::kPooling, {"MaxPool", "AvgPool"}},
      {OpCategory::kReduction, {"Mean", "ArgMax", "TopKV2", "Prod"}},
      {OpCategory::kResize, {"ResizeBilinear", "ResizeNearestNeighbor", "DepthToSpace"}},
      {OpCategory::kConcatSplit, {"ConcatV2", "Pack", "Unpack", "Split", "SplitV"}},
      {OpCategory::kShape,
       {"Reshape", "Squeeze", "ExpandDims", "Transpose", "Pad", "PadV2", "MirrorPad",
        "StridedSlice", "Slice", "Gather", "GatherV2", "GatherNd", "Cast", "Identity", "Shape",
        "ReadVariableOp"}},
      {OpCategory::kElementwise,
       {"AddV2", "Sub", "Mul", "RealDiv", "Maximum", "Minimum", "Rsqrt", "Square",
        "SquaredDifference", "BiasAdd", "AddN", "FloorDiv", "Select"}},
      {OpCategory::kConstant, {"Const", "VariableV2", "VarHandleOp", "Fill", "Range"}},
      {OpCategory::kIO, {"Placeholder", "PlaceholderWithDefault", "ParseExampleV2"}},
      {OpCategory::kControlFlow,
       {"StatefulPartitionedCall", "PartitionedCall", "While", "StatelessWhile", "If",
        "StatelessIf", "Enter", "Exit", "Merge", "Switch", "NextIteration", "LoopCond", "NoOp",
        "TensorListReserve", "TensorArrayV3"}},
      {OpCategory::kRecurrent, {"BlockLSTM", "CudnnRNN"}},
      {OpCategory::kTraining,
       {"Assign", "AssignVariableOp", "SaveV2", "RestoreV2", "ApplyGradientDescent",
        "RandomUniform", "VarIsInitializedOp"}},
  };
  for (const auto& [category, ops] : kWant) {
    for (const char* op : ops) {
      EXPECT_EQ(CategoryOf(op), category)
          << op << " is " << StyleOf(CategoryOf(op)).name << ", want " << StyleOf(category).name;
    }
  }
}

// Where ONNX and TensorFlow spell different ops alike, the ONNX meaning wins: ONNX Sum,
// Max and Min are element-wise over several inputs (TensorFlow's reduce: still readable).
TEST(OpTable, SharedSpellingsFollowOnnx) {
  EXPECT_EQ(CategoryOf("Sum"), OpCategory::kElementwise);
  EXPECT_EQ(CategoryOf("Max"), OpCategory::kElementwise);
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

// Chained labels ("Conv · BN · Relu") shorten the long normalisations of both formats and
// nothing else.
TEST(OpTable, ShortNamesForChainLabels) {
  for (const char* bn : {"BatchNormalization", "FusedBatchNorm", "FusedBatchNormV3",
                         "_FusedBatchNormEx", "BatchNormWithGlobalNormalization"}) {
    EXPECT_EQ(ShortOpName(bn), "BN") << bn;
    EXPECT_EQ(CategoryOf(bn), OpCategory::kNormalization) << bn;
  }
  EXPECT_EQ(ShortOpName("LayerNormalization"), "LN");
  EXPECT_EQ(ShortOpName("InstanceNormalization"), "IN");
  EXPECT_EQ(ShortOpName("GroupNormalization"), "GN");
  EXPECT_EQ(ShortOpName("Relu"), "Relu");
  EXPECT_EQ(ShortOpName("Conv"), "Conv");
  EXPECT_EQ(ShortOpName(""), "");
}

}  // namespace
}  // namespace graphgen
