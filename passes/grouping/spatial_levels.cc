// Evidence source: spatial levels. The resolution of every feature map as halvings of the
// image input's, from recorded shapes where there are any and otherwise from strides,
// resize scales, block sizes and the maps a resize is merged with; the image input and its
// layout; and which results are global (global_pooling.cc decides those).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/op_table.h"
#include "core/text.h"
#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_internal.h"
#include "passes/grouping/grouping_weights.h"

namespace graphgen {
namespace grouping_internal {

int Rank(const Tensor& t) { return t.type.rank_known ? static_cast<int>(t.type.dims.size()) : -1; }

bool SpatialRank(int rank) { return rank == 4 || rank == 5; }

const Attribute* FindSpelledAttribute(const Node& node, const AttributeSpellings& names) {
  const Attribute* a = FindAttribute(node, std::string(names.first));
  if (a == nullptr && !names.second.empty()) a = FindAttribute(node, std::string(names.second));
  return a;
}

std::string LevelText(int level) {
  if (level >= 0 && level < 31) return "1/" + std::to_string(1LL << level);
  if (level < 0 && level > -31) return "\xC3\x97" + std::to_string(1LL << -level);
  return "?";
}

namespace {

// An image input's layout from its own shape where that is unambiguous (a few channels
// against a larger extent): converted graphs keep an NCHW input in front of NHWC ops
// (onnx-tf), or the reverse, whatever the format's convention.
bool InputChannelsLast(const Tensor& t, bool format_default) {
  if (Rank(t) != 4) return format_default;
  const int64_t d1 = t.type.dims[1].value, d3 = t.type.dims[3].value;
  if (d1 >= 1 && d1 <= kMaxImageChannels && d3 > kMaxImageChannels) return false;
  if (d3 >= 1 && d3 <= kMaxImageChannels && d1 > kMaxImageChannels) return true;
  return format_default;
}

// An image: a rank-4/5 input of floats, or of integers with a few channels (a uint8 or
// int32 picture fed straight in, as TF.js and TFLite-era models take it). Token ids are
// rank 1-2 and never qualify.
bool IsImageInput(const Tensor& t, bool channels_last) {
  const int rank = Rank(t);
  if (!SpatialRank(rank)) return false;
  if (t.type.dtype == DType::kUnknown || IsParameterDType(t.type.dtype)) return true;
  if (t.type.dtype == DType::kBool || t.type.dtype == DType::kString) return false;
  const int64_t c = channels_last ? t.type.dims[rank - 1].value : t.type.dims[1].value;
  return c >= 1 && c <= kMaxImageChannels;
}

// Geometric mean of the spatial dims, or -1 when one is unknown; channels via *channels.
double SpatialSide(const Tensor& t, bool channels_last, int64_t* channels) {
  *channels = -1;
  const int rank = Rank(t);
  if (!SpatialRank(rank)) return -1;
  const auto& d = t.type.dims;
  *channels = channels_last ? d[rank - 1].value : d[1].value;
  const int first = channels_last ? 1 : 2;
  const int last = channels_last ? rank - 2 : rank - 1;
  double log_sum = 0;
  for (int i = first; i <= last; ++i) {
    if (d[i].value <= 0) return -1;
    log_sum += std::log(static_cast<double>(d[i].value));
  }
  return std::exp(log_sum / (last - first + 1));
}

// Ops that keep a feature map a feature map when shapes are unknown.
bool KeepsSpatial(const std::string& op) {
  switch (CategoryOf(op)) {
    case OpCategory::kConv:
    case OpCategory::kPooling:
    case OpCategory::kNormalization:
    case OpCategory::kActivation:
    case OpCategory::kElementwise:
    case OpCategory::kResize:
    case OpCategory::kConcatSplit:
      return !HasTrait(op, OpTrait::kGlobalPool) && !HasTrait(op, OpTrait::kSoftmax);
    default:
      return HasTrait(op, OpTrait::kKeepsMap);
  }
}

// Resolution change of a node from its attributes: +k halves k times, -k doubles.
int AttrDelta(const Node& node, std::vector<std::string>* notes) {
  const std::string& op = node.op_type;
  const OpCategory cat = CategoryOf(op);
  const auto stride_factor = [&]() {
    const Attribute* a = FindSpelledAttribute(node, kStridesAttribute);
    if (a == nullptr) return 0;
    double log_sum = 0;
    int n = 0;
    for (double v : AttributeNumbers(*a)) {
      if (v > 1) {
        log_sum += std::log2(v);
        ++n;
      }
    }
    return n == 0 ? 0 : static_cast<int>(std::lround(log_sum / n));
  };
  if (HasTrait(op, OpTrait::kTransposedConv)) return -stride_factor();
  if (cat == OpCategory::kConv || cat == OpCategory::kPooling) return stride_factor();
  const bool to_space = HasTrait(op, OpTrait::kDepthToSpace);
  if (to_space || HasTrait(op, OpTrait::kSpaceToDepth)) {
    const Attribute* a = FindSpelledAttribute(node, kBlockSizeAttribute);
    double bs = 2;
    if (a != nullptr && !AttributeNumbers(*a).empty()) bs = AttributeNumbers(*a)[0];
    const int k = bs > 1 ? static_cast<int>(std::lround(std::log2(bs))) : 0;
    return to_space ? -k : k;
  }
  if (cat == OpCategory::kResize) {
    if (const Attribute* a = FindSpelledAttribute(node, kScalesAttribute)) {
      double log_sum = 0;
      int n = 0;
      for (double v : AttributeNumbers(*a)) {
        if (v > 1) {
          log_sum += std::log2(v);
          ++n;
        }
      }
      if (n > 0) return -static_cast<int>(std::lround(log_sum / n));
    }
    if (notes->size() < 8) {
      notes->push_back(Quote(node.name.empty() ? op : node.name, 60) +
                       ": resize factor not recorded, taken as 2");
    }
    return -1;
  }
  return 0;
}

bool HasScales(const Node& node) {
  const Attribute* a = FindSpelledAttribute(node, kScalesAttribute);
  if (a == nullptr) return false;
  for (double v : AttributeNumbers(*a)) {
    if (v != 1) return true;
  }
  return false;
}

// The level of the map that `t` is merged with (Add / Concat / Mul), following at most
// three single-consumer layout or activation steps; kNoLevel when none is known yet.
int JoinedLevel(const LayerGraph& g, const std::vector<int>& level, int t) {
  for (int hops = 0; hops < kMaxJoinHops && t >= 0; ++hops) {
    const auto& cons = g.tensors[t].consumers;
    if (cons.size() != 1) return kNoLevel;
    const Node& c = g.nodes[cons[0]];
    if (HasTrait(c.op_type, OpTrait::kSameSizeMerge)) {
      for (int in : c.inputs) {
        if (in != t && level[in] != kNoLevel) return level[in];
      }
      return kNoLevel;
    }
    const OpCategory cat = CategoryOf(c.op_type);
    if (c.outputs.empty() ||
        !(cat == OpCategory::kActivation || cat == OpCategory::kNormalization ||
          HasTrait(c.op_type, OpTrait::kMapPassThrough))) {
      return kNoLevel;
    }
    t = c.outputs[0];
  }
  return kNoLevel;
}

// The level of an output whose node reads a leveled map `out.main`: the same level through
// layout and shape ops that keep the map, moved by the ratio of sides where both are
// recorded, else by the node's attributes or by the map a resize is merged with.
void LevelFromInput(const LayerGraph& g, const Node& node, const OutputView& out,
                    SpatialLevels& s) {
  const std::string& op = node.op_type;
  const OpCategory cat = CategoryOf(op);
  const int t = out.tensor, main = out.main, rank = out.rank;
  const double side = out.side, in_side = out.in_side;
  const int in_rank = Rank(g.tensors[main]);
  const bool reshapes = cat == OpCategory::kShape && !KeepsSpatial(op);
  // A channel shuffle (ShuffleNet: N×C×H×W -> N×g×C/g×H×W and back) keeps the
  // feature map's resolution through its rank-5 detour.
  if (reshapes && rank >= 4 && in_rank >= 4 && rank != in_rank) {
    s.level[t] = s.level[main];
    return;
  }
  // Without a recorded result shape, a Transpose of a feature map is a layout change
  // (NCHW <-> NHWC around every op of an onnx-tf conversion), and unstacking,
  // squeezing or re-stacking the batch axis (a TF.js preprocessing step) keeps the
  // picture; a Reshape may flatten it, so it does not.
  bool spatial = rank >= 0 ? SpatialRank(rank) && (in_rank < 0 || rank == in_rank)
                           : KeepsSpatial(op) || (HasTrait(op, OpTrait::kLayoutStep) &&
                                                  in_rank != 3 && in_rank != 2);
  if (!spatial) return;
  int delta = 0;
  if (side > 0 && in_side > 0) {
    const double ratio = in_side / side;
    if (cat == OpCategory::kShape) {
      // Crops and pads (a paper U-Net's skip crop) trim borders; they do not
      // resample, whatever the ratio on a small input.
      if (reshapes && (ratio < kSameLevelRatioMin || ratio > kSameLevelRatioMax)) return;
    } else if (reshapes) {
      // A reshape or transpose that changes the apparent resolution has changed
      // what the axes mean; it is not a feature map at a new resolution.
      if (ratio < kSameLevelRatioMin || ratio > kSameLevelRatioMax) return;
    } else {
      delta = static_cast<int>(std::lround(std::log2(ratio)));
    }
  } else if (!reshapes) {
    const int joined =
        cat == OpCategory::kResize && !HasScales(node) ? JoinedLevel(g, s.level, t) : kNoLevel;
    if (joined != kNoLevel) {
      // A resize to a computed size, merged with a map of known resolution (an
      // FPN's upsampled top-down path meeting its lateral, a PAN's downsampled
      // bottom-up one): it resized to that map's size, up or down.
      s.level[t] = joined;
      return;
    }
    delta = AttrDelta(node, &s.notes);
  }
  s.level[t] = s.level[main] + delta;
}

// Whether the output `t` of `node` holds its channels last, given that of the node's
// first input: a Transpose moves the channel axis where its perm puts it (ConvNeXt and
// Swin permute N×C×H×W to N×H×W×C around their LayerNorm and Linear layers, and back);
// every other op keeps its input's layout. `fallback` is the format's convention.
bool OutputChannelsLast(const LayerGraph& g, const Node& node, int t, bool input_last,
                        bool fallback) {
  if (node.inputs.empty()) return fallback;
  const int rank = Rank(g.tensors[t]);
  // A map made from a vector (an autoencoder's unflatten) or a vector from a map has the
  // format's layout: nothing of the input's carries over a change of rank.
  if (rank != Rank(g.tensors[node.inputs[0]])) return fallback;
  const Attribute* perm = FindAttribute(node, "perm");
  if (perm == nullptr || !SpatialRank(rank) || !HasTrait(node.op_type, OpTrait::kLayoutStep)) {
    return input_last;
  }
  const std::vector<double> axes = AttributeNumbers(*perm);
  if (static_cast<int>(axes.size()) != rank) return input_last;
  const int channel_axis = input_last ? rank - 1 : 1;
  for (int i = 0; i < rank; ++i) {
    if (static_cast<int>(axes[i]) != channel_axis) continue;
    if (i == rank - 1) return true;
    if (i == 1) return false;
  }
  return input_last;
}

// One output's level, or its global mark. `main` is the node's first input with a level,
// `any_global` whether any input is global, `ref_side` the image input's side, `last` per
// tensor whether its channels are last.
void LevelOutput(const LayerGraph& g, const Node& node, int t, int main, bool any_global,
                 double ref_side, const std::vector<bool>& last, SpatialLevels& s) {
  const std::string& op = node.op_type;
  const OpCategory cat = CategoryOf(op);
  const Tensor& tensor = g.tensors[t];
  OutputView out;
  out.tensor = t;
  out.main = main;
  out.rank = Rank(tensor);
  int64_t ch;
  out.side = SpatialSide(tensor, last[t], &ch);
  if (SpatialRank(out.rank)) s.channels[t] = ch;
  if (main >= 0) {
    int64_t in_ch;
    out.in_side = SpatialSide(g.tensors[main], last[main], &in_ch);
  }
  if (IsGlobalPoolingResult(g, node, s, out, ref_side)) {
    s.global[t] = true;
    return;
  }
  if (main >= 0) {
    LevelFromInput(g, node, out, s);
    return;
  }
  const int rank = out.rank;
  const double side = out.side;
  // A permute of a pooled 1×1 map (ConvNeXt's head moves its channels last for LayerNorm)
  // is still that pooled result, not a map at a new resolution.
  if (any_global && HasTrait(op, OpTrait::kMapPassThrough)) {
    s.global[t] = true;
    return;
  }
  if (SpatialRank(rank) && side > 0 && ref_side > 0 &&
      (!any_global || cat == OpCategory::kResize || HasTrait(op, OpTrait::kTransposedConv) ||
       HasTrait(op, OpTrait::kRebuildsMap))) {
    // Back to a feature map from a vector (an autoencoder's Unflatten) or a global
    // one broadcast back: the resolution follows from the size alone.
    s.level[t] = static_cast<int>(std::lround(std::log2(ref_side / side)));
    return;
  }
  if (any_global && (rank < 0 || SpatialRank(rank)) && KeepsSpatial(op) &&
      cat != OpCategory::kResize) {
    s.global[t] = true;
    return;
  }
  if (rank < 0 && (cat == OpCategory::kConv || cat == OpCategory::kPooling) &&
      !node.inputs.empty()) {
    // A first convolution on an input of unknown rank: that input is the image.
    const int p = g.tensors[node.inputs[0]].producer;
    if (p >= 0 && g.nodes[p].kind == NodeKind::kInput) s.level[t] = AttrDelta(node, &s.notes);
  }
}

}  // namespace
}  // namespace grouping_internal

SpatialLevels ComputeSpatialLevels(const LayerGraph& g) {
  using grouping_internal::InputChannelsLast;
  using grouping_internal::IsImageInput;
  using grouping_internal::SpatialSide;
  SpatialLevels s;
  const size_t nt = g.tensors.size();
  s.level.assign(nt, kNoLevel);
  s.global.assign(nt, false);
  s.channels.assign(nt, -1);
  // Per tensor: channels last (NHWC) or first. The format's convention until the image
  // input or a Transpose says otherwise.
  std::vector<bool> last(nt, g.channels_last);
  double ref_side = -1;
  for (const Node& node : g.nodes) {
    if (node.kind != NodeKind::kInput) continue;
    for (int t : node.outputs) {
      int64_t ch;
      ref_side = std::max(ref_side,
                          SpatialSide(g.tensors[t], InputChannelsLast(g.tensors[t], last[t]), &ch));
    }
  }
  for (int id : TopologicalOrder(g)) {
    const Node& node = g.nodes[id];
    if (node.kind == NodeKind::kOutput) continue;
    if (node.kind == NodeKind::kInput) {
      for (int t : node.outputs) {
        const bool input_last = InputChannelsLast(g.tensors[t], last[t]);
        last[t] = input_last;
        if (IsImageInput(g.tensors[t], input_last)) {
          s.level[t] = 0;
          SpatialSide(g.tensors[t], input_last, &s.channels[t]);
        }
      }
      continue;
    }
    int main = -1;
    bool any_global = false;
    for (int t : node.inputs) {
      if (main < 0 && s.level[t] != kNoLevel) main = t;
      any_global = any_global || s.global[t];
    }
    const int first = main >= 0 ? main : node.inputs.empty() ? -1 : node.inputs[0];
    for (int t : node.outputs) {
      last[t] = grouping_internal::OutputChannelsLast(
          g, node, t, first >= 0 ? bool(last[first]) : g.channels_last, g.channels_last);
      grouping_internal::LevelOutput(g, node, t, main, any_global, ref_side, last, s);
    }
  }
  return s;
}

}  // namespace graphgen
