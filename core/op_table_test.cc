#include "core/op_table.h"

#include <gtest/gtest.h>

#include <cstdint>
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

// TensorFlow Lite's builtin operators (BuiltinOperator's names) and the custom ops
// MediaPipe's models use, by category: what the mediapipe corpus models and converted
// Keras models hold.
TEST(OpTable, TensorFlowLiteOpsHaveCategories) {
  const std::pair<OpCategory, std::vector<const char*>> kWant[] = {
      {OpCategory::kConv,
       {"CONV_2D", "DEPTHWISE_CONV_2D", "TRANSPOSE_CONV", "CONV_3D", "Convolution2DTransposeBias"}},
      {OpCategory::kLinear, {"FULLY_CONNECTED", "BATCH_MATMUL"}},
      {OpCategory::kPooling, {"AVERAGE_POOL_2D", "MAX_POOL_2D"}},
      {OpCategory::kActivation,
       {"RELU", "RELU6", "LOGISTIC", "TANH", "HARD_SWISH", "SOFTMAX", "PRELU", "LEAKY_RELU"}},
      {OpCategory::kElementwise, {"ADD", "MUL", "SUB", "DIV", "MAXIMUM", "SQUARED_DIFFERENCE"}},
      {OpCategory::kResize, {"RESIZE_BILINEAR", "RESIZE_NEAREST_NEIGHBOR", "DEPTH_TO_SPACE"}},
      {OpCategory::kConcatSplit, {"CONCATENATION", "SPLIT", "PACK"}},
      {OpCategory::kShape, {"RESHAPE", "PAD", "TRANSPOSE", "STRIDED_SLICE", "DEQUANTIZE"}},
      {OpCategory::kReduction, {"MEAN", "SUM", "REDUCE_MAX"}},
      {OpCategory::kControlFlow, {"WHILE", "IF", "CALL_ONCE"}},
      {OpCategory::kNormalization, {"L2_NORMALIZATION", "LOCAL_RESPONSE_NORMALIZATION"}},
      {OpCategory::kRecurrent, {"UNIDIRECTIONAL_SEQUENCE_LSTM", "LSTM"}},
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

TEST(OpTraits, TableIsSortedSoLookupFindsEveryEntry) {
  ASSERT_GT(OpTraitTableSize(), 0);
  for (int i = 0; i < OpTraitTableSize(); ++i) {
    const std::string_view op = OpTraitTableKey(i);
    EXPECT_NE(OpTraitTableBits(i), 0u) << op;  // an entry without traits is dead weight
    for (int bit = 0; bit < 32; ++bit) {
      const uint32_t trait = 1u << bit;
      EXPECT_EQ(HasTrait(op, static_cast<OpTrait>(trait)), (OpTraitTableBits(i) & trait) != 0)
          << op << " bit " << bit;
    }
    if (i > 0) {
      EXPECT_LT(OpTraitTableKey(i - 1), op);
    }
  }
}

// Each trait's members, exactly: these are the lists the grouping pass spelled out inline
// before they moved here, and grouping's outputs depend on every name in them (and on the
// names left out: TensorFlow's BlockLSTM has its state at other input positions than ONNX's
// LSTM, Keras' Concatenate never joined a resize's size). Changing a list is a behaviour
// change; change it here with the test that shows why.
TEST(OpTraits, MembersAreExactlyTheGroupingPassesLists) {
  const std::pair<OpTrait, std::set<std::string>> kWant[] = {
      {OpTrait::kTransposedConv,
       {"ConvTranspose", "ConvTranspose2d", "Conv2DBackpropInput", "Conv3DBackpropInputV2",
        "MaxUnpool", "TRANSPOSE_CONV", "CONV_3D_TRANSPOSE", "Convolution2DTransposeBias"}},
      {OpTrait::kDepthToSpace, {"DepthToSpace", "DEPTH_TO_SPACE"}},
      {OpTrait::kSpaceToDepth, {"SpaceToDepth", "SPACE_TO_DEPTH"}},
      {OpTrait::kGlobalPool, {"GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool"}},
      {OpTrait::kKeepsMap,
       {"Pad", "PadV2", "MirrorPad", "Slice", "StridedSlice", "Identity", "Cast", "Crop", "PAD",
        "PADV2", "MIRROR_PAD", "SLICE", "STRIDED_SLICE", "CAST"}},
      {OpTrait::kLayoutStep,
       {"Transpose", "Unpack", "Squeeze", "ExpandDims", "Pack", "TRANSPOSE", "UNPACK", "SQUEEZE",
        "EXPAND_DIMS", "PACK"}},
      {OpTrait::kRebuildsMap, {"Expand", "Tile", "Reshape", "BROADCAST_TO", "TILE", "RESHAPE"}},
      {OpTrait::kSoftmax, {"Softmax", "SOFTMAX"}},
      {OpTrait::kMapPassThrough, {"Transpose", "Identity", "Cast", "TRANSPOSE", "CAST"}},
      {OpTrait::kSameSizeMerge,
       {"Add", "AddV2", "AddN", "Sum", "Mul", "Concat", "ConcatV2", "ADD", "ADD_N", "MUL",
        "CONCATENATION"}},
      {OpTrait::kSkipMerge,
       {"Concat", "ConcatV2", "Add", "AddV2", "Sum", "Mul", "Concatenate", "Pack", "MaxUnpool",
        "ADD", "MUL", "CONCATENATION", "PACK"}},
      {OpTrait::kBranchJoin, {"Concat", "ConcatV2", "CONCATENATION"}},
      {OpTrait::kReadsShapeOnly, {"Shape", "Size", "Rank", "ShapeN", "SHAPE", "RANK"}},
      {OpTrait::kSameValues,
       {"Transpose", "Reshape", "Identity", "Cast", "Squeeze", "Unsqueeze", "Dropout", "ExpandDims",
        "TRANSPOSE", "RESHAPE", "CAST", "SQUEEZE", "EXPAND_DIMS"}},
      {OpTrait::kPlumbing, {"Split", "Unpack", "Dropout", "SplitV", "SPLIT", "SPLIT_V", "UNPACK"}},
      {OpTrait::kKeepsWidth, {"Identity", "Cast", "CAST"}},
      {OpTrait::kRecurrentWithState, {"LSTM", "GRU", "RNN"}},
      {OpTrait::kGate, {"Sigmoid", "HardSigmoid", "LOGISTIC"}},
      {OpTrait::kGateStep, {"Sub", "Identity", "Cast", "Neg", "SUB", "CAST", "NEG"}},
      {OpTrait::kGateProduct, {"Mul", "MUL"}},
      {OpTrait::kStateSum, {"Add", "AddV2", "ADD"}},
  };
  uint32_t all = 0;
  for (const auto& [trait, want] : kWant) {
    all |= static_cast<uint32_t>(trait);
    std::set<std::string> got;
    for (int i = 0; i < OpTraitTableSize(); ++i) {
      if (OpTraitTableBits(i) & static_cast<uint32_t>(trait)) {
        got.insert(std::string(OpTraitTableKey(i)));
      }
    }
    EXPECT_EQ(got, want) << "trait bit " << static_cast<uint32_t>(trait);
  }
  // Every trait in the table is pinned above.
  for (int i = 0; i < OpTraitTableSize(); ++i) {
    EXPECT_EQ(OpTraitTableBits(i) & ~all, 0u) << OpTraitTableKey(i);
  }
}

// One ONNX and one TensorFlow (or Keras) spelling per trait, where the formats spell the op
// differently; where they spell it alike one name answers for both.
TEST(OpTraits, OnnxAndTensorFlowSpellings) {
  const std::pair<OpTrait, std::vector<const char*>> kHave[] = {
      {OpTrait::kTransposedConv, {"ConvTranspose", "Conv2DBackpropInput"}},
      {OpTrait::kDepthToSpace, {"DepthToSpace"}},  // ONNX and TensorFlow alike
      {OpTrait::kSpaceToDepth, {"SpaceToDepth"}},
      {OpTrait::kGlobalPool, {"GlobalAveragePool", "GlobalMaxPool"}},
      {OpTrait::kKeepsMap, {"Pad", "Slice", "PadV2", "MirrorPad", "StridedSlice"}},
      {OpTrait::kLayoutStep, {"Transpose", "Squeeze", "ExpandDims", "Pack", "Unpack"}},
      {OpTrait::kRebuildsMap, {"Expand", "Tile", "Reshape"}},
      {OpTrait::kSoftmax, {"Softmax"}},
      {OpTrait::kMapPassThrough, {"Transpose", "Identity", "Cast"}},
      {OpTrait::kSameSizeMerge, {"Add", "Sum", "Concat", "AddV2", "AddN", "ConcatV2"}},
      {OpTrait::kSkipMerge, {"Add", "Concat", "AddV2", "ConcatV2", "Pack", "Concatenate"}},
      {OpTrait::kBranchJoin, {"Concat", "ConcatV2"}},
      {OpTrait::kReadsShapeOnly, {"Shape", "Size", "ShapeN", "Rank"}},
      {OpTrait::kSameValues, {"Unsqueeze", "Dropout", "ExpandDims", "Reshape"}},
      {OpTrait::kPlumbing, {"Split", "SplitV", "Unpack"}},
      {OpTrait::kKeepsWidth, {"Identity", "Cast"}},
      {OpTrait::kRecurrentWithState, {"LSTM", "GRU", "RNN"}},  // ONNX; Keras' LSTM alike
      {OpTrait::kGate, {"Sigmoid", "HardSigmoid"}},
      {OpTrait::kGateStep, {"Sub", "Neg"}},
      {OpTrait::kGateProduct, {"Mul"}},
      {OpTrait::kStateSum, {"Add", "AddV2"}},
  };
  for (const auto& [trait, ops] : kHave) {
    for (const char* op : ops) {
      EXPECT_TRUE(HasTrait(op, trait)) << op << " bit " << static_cast<uint32_t>(trait);
    }
  }
  // Spellings deliberately outside a trait (see MembersAreExactly...): TensorFlow pools
  // globally with a reduction (Mean), found by shape, and its fused LSTMs keep their state
  // elsewhere; the tables are case-sensitive like the category table.
  EXPECT_FALSE(HasTrait("Mean", OpTrait::kGlobalPool));
  EXPECT_FALSE(HasTrait("BlockLSTM", OpTrait::kRecurrentWithState));
  EXPECT_FALSE(HasTrait("conv_transpose", OpTrait::kTransposedConv));
  EXPECT_FALSE(HasTrait("", OpTrait::kKeepsMap));
  EXPECT_FALSE(HasTrait("MyCustomOp", OpTrait::kSkipMerge));
  // One op, several traits.
  EXPECT_TRUE(HasTrait("Mul", OpTrait::kSkipMerge));
  EXPECT_FALSE(HasTrait("Mul", OpTrait::kStateSum));
}

// Attribute spellings: ONNX and TensorFlow names where they differ, in lookup order.
TEST(OpAttributes, SpellingsOfEachFact) {
  EXPECT_EQ(kStridesAttribute.first, "strides");
  EXPECT_TRUE(kStridesAttribute.second.empty());
  EXPECT_EQ(kPoolWindowAttribute.first, "ksize");          // TensorFlow
  EXPECT_EQ(kPoolWindowAttribute.second, "kernel_shape");  // ONNX
  EXPECT_EQ(kScalesAttribute.first, "scales");
  EXPECT_EQ(kBlockSizeAttribute.first, "blocksize");    // ONNX
  EXPECT_EQ(kBlockSizeAttribute.second, "block_size");  // TensorFlow
}

}  // namespace
}  // namespace graphgen
