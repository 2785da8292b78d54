// Op knowledge as data: which category an op type (ONNX or TensorFlow spelling) belongs
// to, and how each category is drawn. Unknown ops fall into kOther, never an error.
#ifndef CORE_OP_TABLE_H_
#define CORE_OP_TABLE_H_

#include <string_view>

namespace graphgen {

enum class OpCategory {
  kOther,  // neutral: anything not in the table
  kConv,
  kPooling,
  kNormalization,
  kActivation,
  kLinear,  // MatMul, Gemm, Dense
  kAttention,
  kElementwise,
  kShape,   // reshape, transpose, slice, gather, cast...
  kResize,  // resize, upsample, depth-to-space
  kConcatSplit,
  kRecurrent,
  kConstant,
  kControlFlow,  // If, Loop, Scan, While, function calls, TF1 loop frames, NoOp
  kReduction,
  kTraining,  // assign, save, restore, optimiser updates, initialisers
  kIO,        // graph inputs and outputs
  kGroup,     // a collapsed scope
};

struct CategoryStyle {
  const char* name;    // "convolution": shown in legends and summaries
  const char* fill;    // "#rrggbb"
  const char* stroke;  // "#rrggbb"
};

// The category of `op_type`; both "Conv" and "Conv2D" are kConv.
OpCategory CategoryOf(std::string_view op_type);

const CategoryStyle& StyleOf(OpCategory category);

// The name a label joining several ops uses ("Conv · BN · Relu"): "BN" for the batch
// norms of either format, "LN", "GN", "IN" for the other long normalisations; the op type
// itself for everything else.
std::string_view ShortOpName(std::string_view op_type);

// The table itself, entry by entry, for tests: sorted by op type.
int OpTableSize();
std::string_view OpTableKey(int index);
OpCategory OpTableCategory(int index);

}  // namespace graphgen

#endif  // CORE_OP_TABLE_H_
