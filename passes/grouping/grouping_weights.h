// The grouping pass's numbers, all in one place: how much each reading of the graph is
// believed at first, what corroboration adds and contradiction costs, the thresholds that
// decide whether a reading holds, and the bounds on its walks. Each says why it has its
// value. The default least confidence for a verdict is 0.5 (GroupingOptions), so several
// values are set against it; docs/grouping-results.md lists the confidences they produce
// on every fixture and corpus model (grouping_results_test checks it).
#ifndef PASSES_GROUPING_GROUPING_WEIGHTS_H_
#define PASSES_GROUPING_GROUPING_WEIGHTS_H_

#include <cstddef>

namespace graphgen {
namespace grouping_internal {

// ---- The main path ----

// Node weights for the main path: feature-map nodes dominate, so the path follows the
// longest chain of resolution-carrying ops (a U-Net's valley, not its skips). 1000 to 1:
// no chain of plain ops in a real model outweighs one leveled op.
inline constexpr double kLeveledWeight = 1000;
inline constexpr double kPlainWeight = 1;

// ---- Confidence of each reading ----

// A resolution valley (falls, then rises) alone: just above the default least confidence,
// so a bare valley is reported, but the lowest structural reading, since a valley is all
// it rests on until skips or names confirm it.
inline constexpr double kSpatialConfidence = 0.55;
// A valley at least this many halvings deep on both sides...
inline constexpr int kDeepValleyHalvings = 2;
// ...adds a little: one halving down and up is the weakest valley there is (a single
// strided step and its upsampling); two or more is an encoder's descent.
inline constexpr double kDeepValleyBonus = 0.05;
// A rise that stops short of the input's resolution (a feature-pyramid neck) is still an
// encoder-decoder but less like the symmetric kind (docs/grouping-results.md, Decisions);
// 0.1 keeps a neck with skips (0.55 + 0.05 + 0.2 - 0.1 = 0.7) clearly found.
inline constexpr double kPyramidNeckCost = 0.1;
// Skips (encoder maps merged into the decoder at their own resolution) are the U-Net's
// signature and the strongest structural corroboration: they lift a valley (0.55-0.6) to
// 0.75-0.8, as high as a sequence hand-off, before names add theirs.
inline constexpr double kSkipBonus = 0.2;
// Narrowing then widening dense widths: exactly the default least confidence, since an MLP
// can narrow and widen for other reasons; agreeing names lift it, a conflict sinks it.
inline constexpr double kDenseConfidence = 0.5;
// A hand-off between two stacks (a recurrent state, or cross-attention reading another
// stack's output) exists only in encoder-decoders: the most specific structure.
inline constexpr double kSequenceConfidence = 0.8;
// Memory read by this many decoder projections (keys and values, or every decoder
// layer)...
inline constexpr int kMinMemoryReaders = 2;
// ...is the transformer's pattern exactly.
inline constexpr double kSharedMemoryConfidence = 0.9;
// Names alone: strong tokens ("encoder", "decoder"), at least two of each, in that order.
// Above the default least confidence, below a structure with skips or a hand-off.
inline constexpr double kStrongNamesConfidence = 0.6;
// Names alone from paired idioms ("down"/"up", "contract"/"expand"): at the threshold,
// since idioms are looser than role words.
inline constexpr double kIdiomNamesConfidence = 0.5;

// ---- Combining structure with names ----

// At least this many named nodes agreeing with (or refined within) a structural reading...
inline constexpr int kMinNamesAgreeing = 2;
// ...add this: names corroborate structure independently (a named U-Net's valley with
// skips reaches 0.95).
inline constexpr double kNamesAgreeBonus = 0.15;
// Names conflict when at least one named node in this many has a strong or idiom name
// that may not refine its structural role (a role two away, encoder against decoder, or
// a node a specific detector placed)...
inline constexpr int kConflictOneIn = 5;
// ...which costs this: enough to sink a bare valley or a dense reading far below the
// default least confidence, while a sequence hand-off (0.8 - 0.3) just keeps its verdict.
inline constexpr double kNamesConflictCost = 0.3;
// Names found what structure, looking, did not: strong names (0.6) stay found, idioms
// alone (0.5) fall below the default least confidence.
inline constexpr double kNamesOverStructureCost = 0.05;

// ---- Thresholds that decide a reading ----

// An image has at most this many channels (grey, grey and alpha, RGB, RGBA), against a
// larger spatial extent; what has more is a feature map or token ids. Decides an integer
// input's being a picture and an input's layout from its own shape.
inline constexpr int kMaxImageChannels = 4;

// Without shapes, a pooling window at least this share of its map's side is global
// pooling (Keras' AveragePooling2D(pool_size=64) on a 64x64 map), allowing for the map
// side being an estimate from halvings of the input's.
inline constexpr double kGlobalWindowShare = 0.9;
// With shapes, a pooling or reduction output under this side (1x1, allowing rounding of
// the geometric mean)...
inline constexpr double kGlobalSideBelow = 1.5;
// ...from a map at least this wide is global pooling, not a strided step.
inline constexpr double kGlobalFromSideAtLeast = 3;
// A reshape whose side ratio stays within this band (about half a halving either way,
// 1/sqrt(2) to sqrt(2)) keeps its input's level; outside it the axes changed meaning and
// the result is no feature map. (Crops and pads keep the level whatever the ratio.)
inline constexpr double kSameLevelRatioMin = 0.7;
inline constexpr double kSameLevelRatioMax = 1.4;
// A floor longer than one in this many main-path ops (a dilated backbone's tail plus a
// segmentation head) is a guess names may divide; a shorter one is a real bottleneck.
inline constexpr int kLongFloorOneIn = 4;
// A dense autoencoder's ends are at least this many times as wide as its narrowest layer
// (an MLP whose 100 logits follow a 64-wide layer is no decoder).
inline constexpr int kDenseWidening = 2;
// A context module (ASPP, pyramid pooling) fans out to at least this many branches; two
// are a residual block's.
inline constexpr size_t kContextBranches = 3;
// An encoder stack behind a cross-attention memory has at least this many ops; fewer is
// a bare embedding, not an encoder.
inline constexpr int kMinEncoderOps = 3;
// Names decide alone with at least this many encoder and this many decoder tokens (and,
// when idioms count, this many idiom tokens): one token on each side is a coincidence.
inline constexpr int kMinNamedEachSide = 2;

// ---- Bounds on walks ----

// Hops walked back from an attention score / recurrent input through reshapes.
inline constexpr int kMaxWalk = 16;
// Hops from a softmax back to its scores product, and from a query back to its block's
// start: masks, scaling and a transpose fit.
inline constexpr int kMaxScoreHops = 6;
// Single-consumer steps followed from an encoder map to the merge that makes it a skip
// (a crop, a cast, a transpose on the way).
inline constexpr int kMaxSkipHops = 6;
// Layout or activation steps followed from a resize to the merge that fixes its size.
inline constexpr int kMaxJoinHops = 4;
// Plumbing steps from a gate's product back to its sigmoid (GRU's 1 - z).
inline constexpr int kMaxGateHops = 3;
// Unrolled recurrent steps per chain: the per-step walks are quadratic in the steps.
inline constexpr size_t kMaxUnrolledSteps = 256;

}  // namespace grouping_internal
}  // namespace graphgen

#endif  // PASSES_GROUPING_GROUPING_WEIGHTS_H_
