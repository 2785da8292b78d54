// Op knowledge as data: which category an op type (ONNX or TensorFlow spelling) belongs
// to, how each category is drawn, the traits passes ask of single ops beyond their
// category, and the attribute names those passes read. Unknown ops fall into kOther and
// have no traits, never an error.
#ifndef CORE_OP_TABLE_H_
#define CORE_OP_TABLE_H_

#include <cstdint>
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

// ---- Traits ----
//
// What a pass asks of an op that its category does not answer, one bit per question, each
// named by the question. Every trait lists the ONNX, TensorFlow (GraphDef, TF.js) and
// Keras spellings the question has been answered for; a spelling missing from a trait
// answers "no". The memberships are the grouping pass's long-standing lists, kept exact
// (op_table_test pins them) so that moving them here changed no output; widening one is
// a behaviour change with its own test.
enum class OpTrait : uint32_t {
  // Resolution.
  kTransposedConv = 1u << 0,  // undoes a strided op (ConvTranspose, MaxUnpool): strides double
  kDepthToSpace = 1u << 1,    // moves channels into space: up by its block size
  kSpaceToDepth = 1u << 2,    // moves space into channels: down by its block size
  kGlobalPool = 1u << 3,      // pools a whole map to 1x1 whatever its window
  // Feature maps without recorded shapes: which ops keep one a feature map.
  kKeepsMap = 1u << 4,        // trims, pads or passes it on (Pad, Slice, Identity, Crop)
  kLayoutStep = 1u << 5,      // transposes it or (un)stacks / (un)squeezes a unit axis
  kRebuildsMap = 1u << 6,     // may make one out of a vector or a 1x1 map (Reshape, Tile)
  kSoftmax = 1u << 7,         // normalises scores (attention's softmax): never keeps one
  kMapPassThrough = 1u << 8,  // passes one on unchanged on its way to a merge
  // Merges.
  kSameSizeMerge = 1u << 9,  // merges maps of one size (sum, product, concat)
  kSkipMerge = 1u << 10,     // joins an encoder feature with the decoder's own stream
  kBranchJoin = 1u << 11,    // joins a context module's parallel branches (concat)
  // Walks back through plumbing.
  kReadsShapeOnly = 1u << 12,  // reads only its input's shape (Shape, Size, Rank)
  kSameValues = 1u << 13,      // the same values in another shape (Reshape, Transpose)
  kPlumbing = 1u << 14,        // splits or drops out, beyond the shape and element-wise ops
  kKeepsWidth = 1u << 15,      // keeps a vector's feature width (Identity, Cast)
  // Recurrent state.
  kRecurrentWithState = 1u << 16,  // a recurrent layer with state inputs and outputs
  kGate = 1u << 17,                // squashes to 0..1: a gate
  kGateStep = 1u << 18,            // between a gate and what it scales (GRU's 1 - z)
  kGateProduct = 1u << 19,         // a gate times what it scales
  kStateSum = 1u << 20,            // the sum of a gated state update
};

// Whether `op_type` has `trait`; false for ops not in the traits table.
bool HasTrait(std::string_view op_type, OpTrait trait);

// The traits table, entry by entry, for tests: sorted by op type.
int OpTraitTableSize();
std::string_view OpTraitTableKey(int index);
uint32_t OpTraitTableBits(int index);

// ---- Attribute names ----
//
// The attributes passes read op facts from, under each spelling the formats use, in the
// order they are looked up (the first present wins).
struct AttributeSpellings {
  std::string_view first;
  std::string_view second;  // empty when the formats agree
};
// Convolution and pooling strides: ONNX and TensorFlow both say "strides".
inline constexpr AttributeSpellings kStridesAttribute = {"strides", ""};
// The pooling window: TensorFlow "ksize", ONNX "kernel_shape".
inline constexpr AttributeSpellings kPoolWindowAttribute = {"ksize", "kernel_shape"};
// Resize and Upsample factors per axis: ONNX "scales".
inline constexpr AttributeSpellings kScalesAttribute = {"scales", ""};
// DepthToSpace / SpaceToDepth block: ONNX "blocksize", TensorFlow "block_size".
inline constexpr AttributeSpellings kBlockSizeAttribute = {"blocksize", "block_size"};

}  // namespace graphgen

#endif  // CORE_OP_TABLE_H_
