#include "passes/grouping/grouping.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <queue>
#include <set>
#include <utility>

#include "core/name_scopes.h"
#include "core/op_table.h"
#include "core/text.h"

namespace graphgen {
namespace {

// Node weights for the main path: feature-map nodes dominate, so the path follows the
// longest chain of resolution-carrying ops (a U-Net's valley, not its skips).
constexpr double kLeveledWeight = 1000;
constexpr double kPlainWeight = 1;
// Hops walked back from an attention score / recurrent input through reshapes.
constexpr int kMaxWalk = 16;

bool OneOf(const std::string& op, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (op == n) return true;
  }
  return false;
}

bool ChannelsLast(const LayerGraph& g) { return g.channels_last; }

int Rank(const Tensor& t) { return t.type.rank_known ? static_cast<int>(t.type.dims.size()) : -1; }

bool SpatialRank(int rank) { return rank == 4 || rank == 5; }

// An image input's layout from its own shape where that is unambiguous (a few channels
// against a larger extent): converted graphs keep an NCHW input in front of NHWC ops
// (onnx-tf), or the reverse, whatever the format's convention.
bool InputChannelsLast(const Tensor& t, bool format_default) {
  if (Rank(t) != 4) return format_default;
  const int64_t d1 = t.type.dims[1].value, d3 = t.type.dims[3].value;
  if (d1 >= 1 && d1 <= 4 && d3 > 4) return false;
  if (d3 >= 1 && d3 <= 4 && d1 > 4) return true;
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
  return c >= 1 && c <= 4;
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

bool IsGlobalPool(const std::string& op) {
  return OneOf(op, {"GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool"});
}

bool IsUpConv(const std::string& op) {
  return OneOf(
      op, {"ConvTranspose", "Conv2DBackpropInput", "Conv3DBackpropInputV2", "ConvTranspose2d"});
}

bool IsRecurrent(const std::string& op) { return OneOf(op, {"LSTM", "GRU", "RNN"}); }

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
      return !IsGlobalPool(op) && op != "Softmax";
    default:
      return OneOf(
          op, {"Pad", "PadV2", "MirrorPad", "Slice", "StridedSlice", "Identity", "Cast", "Crop"});
  }
}

// Resolution change of a node from its attributes: +k halves k times, -k doubles.
int AttrDelta(const Node& node, std::vector<std::string>* notes) {
  const std::string& op = node.op_type;
  const OpCategory cat = CategoryOf(op);
  const auto stride_factor = [&]() {
    const Attribute* a = FindAttribute(node, "strides");
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
  if (IsUpConv(op)) return -stride_factor();
  if (cat == OpCategory::kConv || cat == OpCategory::kPooling) return stride_factor();
  if (op == "DepthToSpace" || op == "SpaceToDepth") {
    const Attribute* a = FindAttribute(node, "blocksize");
    if (a == nullptr) a = FindAttribute(node, "block_size");
    double bs = 2;
    if (a != nullptr && !AttributeNumbers(*a).empty()) bs = AttributeNumbers(*a)[0];
    const int k = bs > 1 ? static_cast<int>(std::lround(std::log2(bs))) : 0;
    return op == "DepthToSpace" ? -k : k;
  }
  if (cat == OpCategory::kResize) {
    if (const Attribute* a = FindAttribute(node, "scales")) {
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
  const Attribute* a = FindAttribute(node, "scales");
  if (a == nullptr) return false;
  for (double v : AttributeNumbers(*a)) {
    if (v != 1) return true;
  }
  return false;
}

// The level of the map that `t` is merged with (Add / Concat / Mul), following at most
// three single-consumer layout or activation steps; kNoLevel when none is known yet.
int JoinedLevel(const LayerGraph& g, const std::vector<int>& level, int t) {
  for (int hops = 0; hops < 4 && t >= 0; ++hops) {
    const auto& cons = g.tensors[t].consumers;
    if (cons.size() != 1) return kNoLevel;
    const Node& c = g.nodes[cons[0]];
    if (OneOf(c.op_type, {"Add", "AddV2", "AddN", "Sum", "Mul", "Concat", "ConcatV2"})) {
      for (int in : c.inputs) {
        if (in != t && level[in] != kNoLevel) return level[in];
      }
      return kNoLevel;
    }
    const OpCategory cat = CategoryOf(c.op_type);
    if (c.outputs.empty() ||
        !(cat == OpCategory::kActivation || cat == OpCategory::kNormalization ||
          OneOf(c.op_type, {"Transpose", "Identity", "Cast"}))) {
      return kNoLevel;
    }
    t = c.outputs[0];
  }
  return kNoLevel;
}

bool IsSpatialResampler(const std::string& op) {
  const OpCategory cat = CategoryOf(op);
  return cat == OpCategory::kConv || cat == OpCategory::kPooling || cat == OpCategory::kResize;
}

std::string LevelText(int level) {
  if (level >= 0 && level < 31) return "1/" + std::to_string(1LL << level);
  if (level < 0 && level > -31) return "\xC3\x97" + std::to_string(1LL << -level);
  return "?";
}

// ---- Names ----

std::vector<std::string> Words(const std::string& component) {
  std::vector<std::string> words;
  std::string cur;
  const auto flush = [&]() {
    if (!cur.empty()) words.push_back(cur);
    cur.clear();
  };
  for (size_t i = 0; i < component.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(component[i]);
    if (std::isalpha(c)) {
      // camelCase boundary: "upConv" -> "up", "conv".
      if (std::isupper(c) && !cur.empty() && std::islower(static_cast<unsigned char>(cur.back()))) {
        flush();
      }
      cur += static_cast<char>(std::tolower(c));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

NameHint HintOfWord(const std::string& w) {
  struct Entry {
    const char* word;
    Role role;
    int strength;
  };
  static const Entry kWords[] = {
      {"encoder", Role::kEncoder, 3},       {"encoders", Role::kEncoder, 3},
      {"encode", Role::kEncoder, 3},        {"encoding", Role::kEncoder, 3},
      {"enc", Role::kEncoder, 3},           {"decoder", Role::kDecoder, 3},
      {"decoders", Role::kDecoder, 3},      {"decode", Role::kDecoder, 3},
      {"decoding", Role::kDecoder, 3},      {"dec", Role::kDecoder, 3},
      {"bottleneck", Role::kBottleneck, 3}, {"latent", Role::kBottleneck, 3},
      {"bridge", Role::kBottleneck, 3},     {"contract", Role::kEncoder, 2},
      {"contracting", Role::kEncoder, 2},   {"contraction", Role::kEncoder, 2},
      {"inc", Role::kEncoder, 2},           {"expand", Role::kDecoder, 2},
      {"expansive", Role::kDecoder, 2},     {"expanding", Role::kDecoder, 2},
      {"outc", Role::kDecoder, 2},          {"backbone", Role::kEncoder, 1},
      {"head", Role::kDecoder, 1},          {"heads", Role::kDecoder, 1},
      {"classifier", Role::kDecoder, 1},    {"middle", Role::kBottleneck, 1},
      {"mid", Role::kBottleneck, 1},        {"center", Role::kBottleneck, 1},
      {"centre", Role::kBottleneck, 1},     {"aspp", Role::kBottleneck, 1},
  };
  for (const Entry& e : kWords) {
    if (w == e.word) return NameHint{e.role, e.strength, w};
  }
  // "down", "downsample", "downconv", "upsampling", "upconv": the U-Net idiom.
  static const char* kTails[] = {"",      "conv",   "sample", "sampling", "block", "blocks",
                                 "layer", "layers", "scale",  "path",     "stage"};
  for (const char* tail : kTails) {
    if (w == std::string("down") + tail) return NameHint{Role::kEncoder, 2, w};
    if (w == std::string("up") + tail) return NameHint{Role::kDecoder, 2, w};
  }
  return NameHint{};
}

// ---- Graph walks ----

std::vector<bool> Closure(const LayerGraph& g, const std::vector<int>& seeds, bool backward) {
  std::vector<bool> seen(g.nodes.size(), false);
  std::vector<int> stack;
  for (int s : seeds) {
    if (s >= 0 && !seen[s]) {
      seen[s] = true;
      stack.push_back(s);
    }
  }
  while (!stack.empty()) {
    const int n = stack.back();
    stack.pop_back();
    if (backward) {
      for (int t : g.nodes[n].inputs) {
        const int p = g.tensors[t].producer;
        if (p >= 0 && !seen[p]) {
          seen[p] = true;
          stack.push_back(p);
        }
      }
    } else {
      for (int t : g.nodes[n].outputs) {
        for (int c : g.tensors[t].consumers) {
          if (!seen[c]) {
            seen[c] = true;
            stack.push_back(c);
          }
        }
      }
    }
  }
  return seen;
}

bool IsPlumbing(const Node& n) {
  const OpCategory cat = CategoryOf(n.op_type);
  return cat == OpCategory::kShape || cat == OpCategory::kElementwise || n.op_type == "Split" ||
         n.op_type == "Unpack" || n.op_type == "Dropout" || n.op_type == "SplitV";
}

// A node computing sizes, not features: Shape-like ops, or one whose every output is a
// known integer or boolean tensor.
bool ComputesShape(const LayerGraph& g, const Node& n) {
  if (OneOf(n.op_type, {"Shape", "Size", "Rank", "ShapeN"})) return true;
  if (n.kind != NodeKind::kOp || n.outputs.empty()) return false;
  for (int t : n.outputs) {
    const DType d = g.tensors[t].type.dtype;
    if (d == DType::kUnknown || IsParameterDType(d) || d == DType::kString) return false;
  }
  return true;
}

bool IsProjection(const Node& n) {
  return n.kind == NodeKind::kOp && CategoryOf(n.op_type) == OpCategory::kLinear &&
         n.inputs.size() == 1;
}

// Through single-consumer reshapes back to the tensor they reshape.
int Canonical(const LayerGraph& g, int t) {
  for (int hops = 0; hops < kMaxWalk && t >= 0; ++hops) {
    const int p = g.tensors[t].producer;
    if (p < 0 || g.tensors[t].consumers.size() != 1) break;
    const Node& n = g.nodes[p];
    if (n.inputs.size() != 1 ||
        !OneOf(n.op_type, {"Transpose", "Reshape", "Identity", "Cast", "Squeeze", "Unsqueeze",
                           "Dropout", "ExpandDims"})) {
      break;
    }
    t = n.inputs[0];
  }
  return t;
}

// Walks back from `t` through plumbing to the first projection; returns its input tensor
// and sets *projection, or -1.
int StreamOf(const LayerGraph& g, int t, int* projection) {
  for (int hops = 0; hops < kMaxWalk && t >= 0; ++hops) {
    const int p = g.tensors[t].producer;
    if (p < 0) return -1;
    const Node& n = g.nodes[p];
    if (IsProjection(n)) {
      *projection = p;
      return Canonical(g, n.inputs[0]);
    }
    if (n.kind != NodeKind::kOp || !IsPlumbing(n) || n.inputs.empty()) return -1;
    t = n.inputs[0];
  }
  return -1;
}

}  // namespace

bool ParseGroupingMode(const std::string& text, GroupingMode* mode) {
  if (text == "auto") {
    *mode = GroupingMode::kAuto;
  } else if (text == "names") {
    *mode = GroupingMode::kNames;
  } else if (text == "structure") {
    *mode = GroupingMode::kStructure;
  } else if (text == "off") {
    *mode = GroupingMode::kOff;
  } else {
    return false;
  }
  return true;
}

const char* GroupingModeName(GroupingMode mode) {
  switch (mode) {
    case GroupingMode::kAuto:
      return "auto";
    case GroupingMode::kNames:
      return "names";
    case GroupingMode::kStructure:
      return "structure";
    case GroupingMode::kOff:
      return "off";
  }
  return "auto";
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kNone:
      return "none";
    case Role::kEncoder:
      return "encoder";
    case Role::kBottleneck:
      return "bottleneck";
    case Role::kDecoder:
      return "decoder";
  }
  return "none";
}

const char* EdgeKindName(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::kMain:
      return "main";
    case EdgeKind::kSkip:
      return "skip";
    case EdgeKind::kMemory:
      return "memory";
    case EdgeKind::kState:
      return "state";
  }
  return "main";
}

const char* Grouping::Verdict() const {
  return found ? "encoder-decoder found" : "no encoder-decoder structure";
}

std::vector<int> TopologicalOrder(const LayerGraph& g) {
  const int n = static_cast<int>(g.nodes.size());
  std::vector<int> indegree(n, 0);
  for (int i = 0; i < n; ++i) {
    for (int t : g.nodes[i].inputs) indegree[i] += g.tensors[t].producer >= 0;
  }
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (int i = 0; i < n; ++i) {
    if (indegree[i] == 0) ready.push(i);
  }
  std::vector<int> order;
  order.reserve(n);
  while (!ready.empty()) {
    const int i = ready.top();
    ready.pop();
    order.push_back(i);
    for (int t : g.nodes[i].outputs) {
      for (int c : g.tensors[t].consumers) {
        if (--indegree[c] == 0) ready.push(c);
      }
    }
  }
  return order;
}

std::vector<int> HeaviestPath(const LayerGraph& g, const std::vector<int>& topo,
                              const std::vector<double>& weight) {
  const size_t n = g.nodes.size();
  std::vector<double> best(n, -1);
  std::vector<int> pred(n, -1);
  for (int i : topo) {
    double from = 0;
    for (int t : g.nodes[i].inputs) {
      const int p = g.tensors[t].producer;
      if (p >= 0 && best[p] > from) {
        from = best[p];
        pred[i] = p;
      }
    }
    best[i] = from + weight[i];
  }
  int end = -1;
  for (int i : topo) {
    const Node& node = g.nodes[i];
    bool sink = node.kind == NodeKind::kOutput;
    if (!sink) {
      sink = true;
      for (int t : node.outputs) sink = sink && g.tensors[t].consumers.empty();
    }
    if (sink && (end < 0 || best[i] > best[end])) end = i;
  }
  std::vector<int> path;
  for (int i = end; i >= 0; i = pred[i]) path.push_back(i);
  std::reverse(path.begin(), path.end());
  return path;
}

SpatialLevels ComputeSpatialLevels(const LayerGraph& g) {
  SpatialLevels s;
  const size_t nt = g.tensors.size();
  s.level.assign(nt, kNoLevel);
  s.global.assign(nt, false);
  s.channels.assign(nt, -1);
  const bool last = ChannelsLast(g);
  double ref_side = -1;
  for (const Node& node : g.nodes) {
    if (node.kind != NodeKind::kInput) continue;
    for (int t : node.outputs) {
      int64_t ch;
      ref_side =
          std::max(ref_side, SpatialSide(g.tensors[t], InputChannelsLast(g.tensors[t], last), &ch));
    }
  }
  for (int id : TopologicalOrder(g)) {
    const Node& node = g.nodes[id];
    if (node.kind == NodeKind::kOutput) continue;
    if (node.kind == NodeKind::kInput) {
      for (int t : node.outputs) {
        const bool input_last = InputChannelsLast(g.tensors[t], last);
        if (IsImageInput(g.tensors[t], input_last)) {
          s.level[t] = 0;
          SpatialSide(g.tensors[t], input_last, &s.channels[t]);
        }
      }
      continue;
    }
    const std::string& op = node.op_type;
    const OpCategory cat = CategoryOf(op);
    int main = -1;
    bool any_global = false;
    for (int t : node.inputs) {
      if (main < 0 && s.level[t] != kNoLevel) main = t;
      any_global = any_global || s.global[t];
    }
    for (int t : node.outputs) {
      const Tensor& out = g.tensors[t];
      const int rank = Rank(out);
      int64_t ch;
      const double side = SpatialSide(out, last, &ch);
      if (SpatialRank(rank)) s.channels[t] = ch;
      double in_side = -1;
      if (main >= 0) {
        int64_t in_ch;
        in_side = SpatialSide(g.tensors[main], last, &in_ch);
      }
      const bool reduces = cat == OpCategory::kPooling || cat == OpCategory::kReduction;
      // Without shapes, a pooling window as large as the whole map at this level
      // (Keras' AveragePooling2D(pool_size=64) on a 64×64 map, the squeeze of a
      // squeeze-excite block) is global pooling, not a drop by six halvings.
      if (cat == OpCategory::kPooling && main >= 0 && side <= 0 && ref_side > 0 &&
          s.level[main] >= 0 && s.level[main] < 31) {
        const Attribute* k = FindAttribute(node, "ksize");
        if (k == nullptr) k = FindAttribute(node, "kernel_shape");
        double log_sum = 0;
        int n = 0;
        for (double v : k != nullptr ? AttributeNumbers(*k) : std::vector<double>()) {
          if (v > 1) {
            log_sum += std::log(v);
            ++n;
          }
        }
        const double map_side = ref_side / static_cast<double>(1LL << s.level[main]);
        if (n > 0 && std::exp(log_sum / n) >= 0.9 * map_side) {
          s.global[t] = true;
          continue;
        }
      }
      if (IsGlobalPool(op) || (reduces && main >= 0 && side > 0 && side < 1.5 && in_side >= 3) ||
          (reduces && main >= 0 && rank >= 0 && rank < Rank(g.tensors[main]))) {
        s.global[t] = true;
        continue;
      }
      if (main >= 0) {
        const int in_rank = Rank(g.tensors[main]);
        const bool reshapes = cat == OpCategory::kShape && !KeepsSpatial(op);
        // A channel shuffle (ShuffleNet: N×C×H×W -> N×g×C/g×H×W and back) keeps the
        // feature map's resolution through its rank-5 detour.
        if (reshapes && rank >= 4 && in_rank >= 4 && rank != in_rank) {
          s.level[t] = s.level[main];
          continue;
        }
        // Without a recorded result shape, a Transpose of a feature map is a layout change
        // (NCHW <-> NHWC around every op of an onnx-tf conversion), and unstacking,
        // squeezing or re-stacking the batch axis (a TF.js preprocessing step) keeps the
        // picture; a Reshape may flatten it, so it does not.
        bool spatial =
            rank >= 0 ? SpatialRank(rank) && (in_rank < 0 || rank == in_rank)
                      : KeepsSpatial(op) ||
                            (OneOf(op, {"Transpose", "Unpack", "Squeeze", "ExpandDims", "Pack"}) &&
                             in_rank != 3 && in_rank != 2);
        if (!spatial) continue;
        int delta = 0;
        if (side > 0 && in_side > 0) {
          const double ratio = in_side / side;
          if (cat == OpCategory::kShape) {
            // Crops and pads (a paper U-Net's skip crop) trim borders; they do not
            // resample, whatever the ratio on a small input.
            if (reshapes && (ratio < 0.7 || ratio > 1.4)) continue;
          } else if (reshapes) {
            // A reshape or transpose that changes the apparent resolution has changed
            // what the axes mean; it is not a feature map at a new resolution.
            if (ratio < 0.7 || ratio > 1.4) continue;
          } else {
            delta = static_cast<int>(std::lround(std::log2(ratio)));
          }
        } else if (!reshapes) {
          const int joined = cat == OpCategory::kResize && !HasScales(node)
                                 ? JoinedLevel(g, s.level, t)
                                 : kNoLevel;
          if (joined != kNoLevel) {
            // A resize to a computed size, merged with a map of known resolution (an
            // FPN's upsampled top-down path meeting its lateral, a PAN's downsampled
            // bottom-up one): it resized to that map's size, up or down.
            s.level[t] = joined;
            continue;
          }
          delta = AttrDelta(node, &s.notes);
        }
        s.level[t] = s.level[main] + delta;
        continue;
      }
      if (SpatialRank(rank) && side > 0 && ref_side > 0 &&
          (!any_global || cat == OpCategory::kResize || IsUpConv(op) ||
           OneOf(op, {"Expand", "Tile", "Reshape"}))) {
        // Back to a feature map from a vector (an autoencoder's Unflatten) or a global
        // one broadcast back: the resolution follows from the size alone.
        s.level[t] = static_cast<int>(std::lround(std::log2(ref_side / side)));
        continue;
      }
      if (any_global && (rank < 0 || SpatialRank(rank)) && KeepsSpatial(op) &&
          cat != OpCategory::kResize) {
        s.global[t] = true;
        continue;
      }
      if (rank < 0 && (cat == OpCategory::kConv || cat == OpCategory::kPooling) &&
          !node.inputs.empty()) {
        // A first convolution on an input of unknown rank: that input is the image.
        const int p = g.tensors[node.inputs[0]].producer;
        if (p >= 0 && g.nodes[p].kind == NodeKind::kInput) s.level[t] = AttrDelta(node, &s.notes);
      }
    }
  }
  return s;
}

std::vector<int64_t> ComputeWidths(const LayerGraph& g) {
  std::vector<int64_t> width(g.tensors.size(), -1);
  for (int id : TopologicalOrder(g)) {
    const Node& node = g.nodes[id];
    if (node.kind == NodeKind::kOutput) continue;
    int main = -1;
    for (int t : node.inputs) {
      if (width[t] > 0) {
        main = t;
        break;
      }
    }
    for (int t : node.outputs) {
      const Tensor& out = g.tensors[t];
      const int rank = Rank(out);
      const bool floating = out.type.dtype == DType::kUnknown || IsParameterDType(out.type.dtype);
      if (!floating) continue;
      if (rank >= 2 && rank <= 3 && out.type.dims.back().value > 0) {
        width[t] = out.type.dims.back().value;
        continue;
      }
      if (rank >= 0 && (rank < 2 || rank > 3)) continue;
      if (node.kind != NodeKind::kOp || main < 0) continue;
      const OpCategory cat = CategoryOf(node.op_type);
      if (cat == OpCategory::kLinear && node.inputs.size() == 1 && node.params > 0) {
        const int64_t in = width[main];
        if (node.params % in == 0) {
          width[t] = node.params / in;
        } else if (node.params % (in + 1) == 0) {
          width[t] = node.params / (in + 1);
        }
      } else if (cat == OpCategory::kElementwise || cat == OpCategory::kActivation ||
                 cat == OpCategory::kNormalization || OneOf(node.op_type, {"Identity", "Cast"})) {
        width[t] = width[main];
      }
    }
  }
  return width;
}

namespace {

NameHint BestHint(const std::string& node_name, bool idioms) {
  NameHint best;
  for (const std::string& component : ScopeComponents(node_name)) {
    for (const std::string& w : Words(component)) {
      NameHint h = HintOfWord(w);
      if (h.strength == 2 && !idioms) continue;
      if (h.strength > best.strength) best = h;
    }
  }
  return best;
}

}  // namespace

NameHint NameHintOf(const std::string& node_name) { return BestHint(node_name, true); }

std::vector<CrossAttention> FindCrossAttention(const LayerGraph& g) {
  std::vector<CrossAttention> found;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& node = g.nodes[i];
    if (node.kind != NodeKind::kOp || node.op_type != "Softmax" || node.inputs.empty()) continue;
    // Back from the softmax through masks and scaling to the scores product Q·Kᵀ.
    int score = -1;
    int t = node.inputs[0];
    for (int hops = 0; hops < 6 && score < 0 && t >= 0; ++hops) {
      const int p = g.tensors[t].producer;
      if (p < 0) break;
      const Node& pn = g.nodes[p];
      if (CategoryOf(pn.op_type) == OpCategory::kLinear && pn.inputs.size() == 2) {
        score = p;
        break;
      }
      if (!IsPlumbing(pn) || pn.inputs.empty()) break;
      t = -1;
      for (int in : pn.inputs) {
        const int q = g.tensors[in].producer;
        if (q >= 0 && CategoryOf(g.nodes[q].op_type) == OpCategory::kLinear &&
            g.nodes[q].inputs.size() == 2) {
          t = in;
          break;
        }
      }
      if (t < 0) t = pn.inputs[0];
    }
    if (score < 0) continue;
    int q_proj = -1, k_proj = -1;
    const int q = StreamOf(g, g.nodes[score].inputs[0], &q_proj);
    const int k = StreamOf(g, g.nodes[score].inputs[1], &k_proj);
    if (q < 0 || k < 0 || q == k) continue;
    found.push_back(CrossAttention{static_cast<int>(i), k, k_proj});
  }
  return found;
}

std::vector<StateLink> FindStateLinks(const LayerGraph& g) {
  std::vector<StateLink> links;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& node = g.nodes[i];
    if (!IsRecurrent(node.op_type)) continue;
    for (size_t k = 1; k < node.inputs.size(); ++k) {
      int t = node.inputs[k];
      for (int hops = 0; hops < kMaxWalk && t >= 0; ++hops) {
        const int p = g.tensors[t].producer;
        if (p < 0) break;
        const Node& pn = g.nodes[p];
        if (IsRecurrent(pn.op_type)) {
          const auto it = std::find(pn.outputs.begin(), pn.outputs.end(), t);
          if (p != static_cast<int>(i) && it != pn.outputs.begin() && it != pn.outputs.end()) {
            links.push_back(StateLink{p, static_cast<int>(i), node.inputs[k]});
          }
          break;
        }
        if (!IsPlumbing(pn) || pn.inputs.empty()) break;
        t = pn.inputs[0];
      }
    }
  }
  for (const StateLink& l : FindUnrolledStateLinks(g)) links.push_back(l);
  return links;
}

namespace {

// Whether tensor t comes from a Sigmoid within a few plumbing steps (a gate; GRU's 1 - z
// goes through a Sub).
bool FromSigmoid(const LayerGraph& g, int t) {
  for (int hops = 0; hops < 3 && t >= 0; ++hops) {
    const int p = g.tensors[t].producer;
    if (p < 0) return false;
    const Node& n = g.nodes[p];
    if (OneOf(n.op_type, {"Sigmoid", "HardSigmoid"})) return true;
    if (!OneOf(n.op_type, {"Sub", "Identity", "Cast", "Neg"}) || n.inputs.empty()) return false;
    t = n.inputs.back();
  }
  return false;
}

// A gated state update s' = gate * s + other * other' (an LSTM's cell state, a GRU's
// hidden state): sets *prev to the tensor s, or -1.
bool IsGatedUpdate(const LayerGraph& g, const Node& n, int* prev) {
  *prev = -1;
  if (!OneOf(n.op_type, {"Add", "AddV2"}) || n.inputs.size() != 2) return false;
  int gated_muls = 0;
  for (int in : n.inputs) {
    const int p = g.tensors[in].producer;
    if (p < 0 || g.nodes[p].op_type != "Mul" || g.nodes[p].inputs.size() != 2) return false;
    const Node& mul = g.nodes[p];
    const bool a = FromSigmoid(g, mul.inputs[0]), b = FromSigmoid(g, mul.inputs[1]);
    if (!a && !b) return false;
    ++gated_muls;
    // The carried state is the factor that is not a gate, from an earlier update.
    for (int k = 0; k < 2; ++k) {
      const int other = mul.inputs[1 - k];
      if (!(k == 0 ? a : b) || FromSigmoid(g, other)) continue;
      const int q = g.tensors[Canonical(g, other)].producer;
      if (q >= 0 && OneOf(g.nodes[q].op_type, {"Add", "AddV2"})) *prev = Canonical(g, other);
    }
  }
  return gated_muls == 2;
}

}  // namespace

std::vector<StateLink> FindUnrolledStateLinks(const LayerGraph& g) {
  std::vector<StateLink> links;
  const size_t n = g.nodes.size();
  // Gated updates and their predecessor update, in topological order.
  std::vector<int> prev_update(n, -1);
  std::vector<bool> is_update(n, false);
  const std::vector<int> topo = TopologicalOrder(g);
  for (int id : topo) {
    int prev = -1;
    if (!IsGatedUpdate(g, g.nodes[id], &prev)) continue;
    is_update[id] = true;
    if (prev >= 0) {
      const int p = g.tensors[prev].producer;
      if (p >= 0 && is_update[p]) prev_update[id] = p;
    }
  }
  std::vector<bool> has_next(n, false);
  for (size_t i = 0; i < n; ++i) {
    if (prev_update[i] >= 0) has_next[prev_update[i]] = true;
  }
  // Which graph inputs one step reads, not counting what reaches it through earlier
  // steps' state updates.
  const auto inputs_of = [&](int step) {
    std::vector<int> found;
    std::vector<bool> seen(n, false);
    std::vector<int> stack = {step};
    seen[step] = true;
    while (!stack.empty()) {
      const int x = stack.back();
      stack.pop_back();
      if (g.nodes[x].kind == NodeKind::kInput) found.push_back(x);
      for (int t : g.nodes[x].inputs) {
        const int p = g.tensors[t].producer;
        if (p < 0 || seen[p] || (is_update[p] && p != step)) continue;
        seen[p] = true;
        stack.push_back(p);
      }
    }
    std::sort(found.begin(), found.end());
    return found;
  };
  constexpr size_t kMaxSteps = 256;  // the per-step walks are quadratic in the steps
  for (int last : topo) {
    if (!is_update[last] || has_next[last]) continue;
    std::vector<int> chain;
    for (int x = last; x >= 0 && chain.size() <= kMaxSteps; x = prev_update[x]) chain.push_back(x);
    if (chain.size() < 2 || chain.size() > kMaxSteps) continue;
    std::reverse(chain.begin(), chain.end());
    // The decoder starts at the first step that reads a graph input the steps before it
    // did not (the target sequence); a chain over one input is one recurrent stack.
    std::vector<int> before = inputs_of(chain[0]);
    for (size_t k = 1; k < chain.size(); ++k) {
      const std::vector<int> now = inputs_of(chain[k]);
      if (std::includes(before.begin(), before.end(), now.begin(), now.end())) {
        before = now;
        continue;
      }
      const int enc_last = chain[k - 1], dec_first = chain[k];
      const int c = g.nodes[enc_last].outputs.empty() ? -1 : g.nodes[enc_last].outputs[0];
      if (c < 0) break;
      // The decoder's first step: what it reads that the encoder's last update does not.
      std::vector<bool> up(n, false), enc(n, false);
      {
        std::vector<int> stack = {dec_first};
        up[dec_first] = true;
        while (!stack.empty()) {
          const int x = stack.back();
          stack.pop_back();
          for (int t : g.nodes[x].inputs) {
            const int p = g.tensors[t].producer;
            if (p >= 0 && !up[p] && p != enc_last) {
              up[p] = true;
              stack.push_back(p);
            }
          }
        }
      }
      // The hand-off: the cell state itself and the hidden state made from it
      // (h = o * tanh(c)); their readers in the decoder's first step are state edges.
      std::vector<int> handoff = {c};
      std::vector<int> inner;  // nodes computing h from c: the encoder's
      for (int t0 : g.tensors[c].consumers) {
        const Node& act = g.nodes[t0];
        if (CategoryOf(act.op_type) != OpCategory::kActivation || act.outputs.empty()) continue;
        for (int m : g.tensors[act.outputs[0]].consumers) {
          const Node& mul = g.nodes[m];
          if (mul.op_type != "Mul" || mul.outputs.empty()) continue;
          inner.push_back(t0);
          inner.push_back(m);
          handoff.push_back(mul.outputs[0]);
        }
      }
      for (int t : handoff) {
        for (int consumer : g.tensors[t].consumers) {
          if (!up[consumer] && consumer != dec_first) continue;
          if (std::find(inner.begin(), inner.end(), consumer) != inner.end()) continue;
          links.push_back(StateLink{enc_last, consumer, t});
        }
      }
      break;
    }
  }
  return links;
}

namespace {

// One structural or name-based reading of the graph, before the final combination.
struct Proposal {
  bool found = false;
  double confidence = 0;
  std::string basis;
  std::vector<Role> roles;
  std::vector<std::string> stage_key;  // per node; stages are (role, key) runs
  std::vector<int> stage_level;        // per node: level for spatial stages, else -1
  std::vector<bool> generic;           // per node: role from a broad rule names may refine
  std::vector<bool> locked;            // per node: role from a specific detector names keep
  std::vector<TypedEdge> edges;
  std::vector<std::string> evidence;
};

class Analyzer {
 public:
  Analyzer(const LayerGraph& g, const GroupingOptions& o) : g_(g), o_(o) {
    topo_ = TopologicalOrder(g);
    topo_pos_.assign(g.nodes.size(), -1);
    for (size_t i = 0; i < topo_.size(); ++i) topo_pos_[topo_[i]] = static_cast<int>(i);
    spatial_ = ComputeSpatialLevels(g);
    widths_ = ComputeWidths(g);
    std::vector<double> weight(g.nodes.size(), 0);
    for (size_t i = 0; i < g.nodes.size(); ++i) {
      if (g.nodes[i].kind == NodeKind::kInput || g.nodes[i].kind == NodeKind::kOutput) continue;
      // Shape arithmetic (Shape -> Slice -> Concat feeding a Resize's sizes) weighs
      // nothing, so the path takes the resized data, not the size computation.
      weight[i] = OutLevel(static_cast<int>(i)) != kNoLevel ? kLeveledWeight
                  : ComputesShape(g, g.nodes[i])            ? 0
                                                            : kPlainWeight;
    }
    path_ = HeaviestPath(g, topo_, weight);
    path_index_.assign(g.nodes.size(), -1);
    for (size_t i = 0; i < path_.size(); ++i) path_index_[path_[i]] = static_cast<int>(i);
  }

  Grouping Run();

 private:
  int OutLevel(int n) const {
    for (int t : g_.nodes[n].outputs) {
      if (spatial_.level[t] != kNoLevel) return spatial_.level[t];
    }
    return kNoLevel;
  }
  int InLevel(int n) const {
    for (int t : g_.nodes[n].inputs) {
      if (spatial_.level[t] != kNoLevel) return spatial_.level[t];
    }
    return kNoLevel;
  }
  bool IsOp(int n) const {
    return g_.nodes[n].kind == NodeKind::kOp || g_.nodes[n].kind == NodeKind::kGroup;
  }
  std::string Name(int n) const { return Quote(g_.DisplayName(n), 60); }
  std::string TensorText(int t) const {
    return Quote(g_.tensors[t].name, 40) + " (" + FormatShape(g_.tensors[t].type) + ")";
  }

  Proposal Spatial();
  Proposal Dense();
  Proposal Sequence();
  Proposal Names();
  void SpreadFromPath(Proposal& p) const;
  void DecoderSideHeads(Proposal& p) const;
  void FindSkips(Proposal& p) const;
  void FindContextModule(Proposal& p, int from, int to) const;
  void MainEdges(Proposal& p) const;
  void Finish(const Proposal& p, Grouping& out) const;
  Proposal Empty() const {
    Proposal p;
    p.roles.assign(g_.nodes.size(), Role::kNone);
    p.stage_key.assign(g_.nodes.size(), "");
    p.stage_level.assign(g_.nodes.size(), -1);
    p.generic.assign(g_.nodes.size(), false);
    p.locked.assign(g_.nodes.size(), false);
    return p;
  }

  const LayerGraph& g_;
  const GroupingOptions& o_;
  std::vector<int> topo_, topo_pos_;
  SpatialLevels spatial_;
  std::vector<int64_t> widths_;
  std::vector<int> path_, path_index_;
};

// Off-path nodes take the role and stage of the first main-path node they feed (a crop
// on a skip belongs to the decoder stage it enters); nodes feeding no main-path node
// (side heads) stay unassigned.
void Analyzer::SpreadFromPath(Proposal& p) const {
  std::vector<int> after(g_.nodes.size(), -1);
  for (size_t k = topo_.size(); k-- > 0;) {
    const int n = topo_[k];
    if (path_index_[n] >= 0) {
      after[n] = n;
      continue;
    }
    int best = -1;
    for (int t : g_.nodes[n].outputs) {
      for (int c : g_.tensors[t].consumers) {
        const int a = after[c];
        if (a >= 0 && (best < 0 || path_index_[a] < path_index_[best])) best = a;
      }
    }
    after[n] = best;
  }
  for (int n : topo_) {
    if (path_index_[n] >= 0 || !IsOp(n) || after[n] < 0) continue;
    const int a = after[n];
    p.roles[n] = p.roles[a];
    p.stage_key[n] = p.stage_key[a];
    p.stage_level[n] = p.stage_level[a];
    p.generic[n] = p.generic[a];
    p.locked[n] = p.locked[a];
  }
}

// The decoder's other outputs: a branch that leaves a decoder feature map and feeds no
// main-path node (a detector's head on each pyramid level beside the one the main path
// runs through, a deep-supervision output) is the decoder's, in the stage it reads from,
// like the classifier a segmentation decoder ends in; what feeds such a branch and nothing
// else (its anchor grid, a reshape target made from constants) joins it, as SpreadFromPath
// does for the main path. A branch leaving the encoder or bottleneck (an auxiliary
// classifier) belongs to neither.
void Analyzer::DecoderSideHeads(Proposal& p) const {
  std::vector<int> from(g_.nodes.size(), -1);  // the decoder node a side node descends from
  int joined = 0;
  for (int n : topo_) {
    if (!IsOp(n) || p.roles[n] != Role::kNone) continue;
    for (int t : g_.nodes[n].inputs) {
      const int q = g_.tensors[t].producer;
      if (q < 0) continue;
      if (from[q] >= 0) {
        from[n] = from[q];
      } else if (p.roles[q] == Role::kDecoder && spatial_.level[t] != kNoLevel) {
        from[n] = q;
      }
      if (from[n] >= 0) break;
    }
    if (from[n] < 0) continue;
    const int q = from[n];
    ++joined;
    p.roles[n] = Role::kDecoder;
    p.stage_key[n] = p.stage_key[q];
    p.stage_level[n] = p.stage_level[q];
    p.generic[n] = p.generic[q];
    p.locked[n] = p.locked[q];
  }
  for (size_t k = topo_.size(); k-- > 0;) {
    const int n = topo_[k];
    if (!IsOp(n) || p.roles[n] != Role::kNone) continue;
    int joins = -1;
    for (int t : g_.nodes[n].outputs) {
      for (int c : g_.tensors[t].consumers) {
        if (from[c] >= 0 && (joins < 0 || c < joins)) joins = c;
      }
    }
    if (joins < 0) continue;
    ++joined;
    from[n] = from[joins];
    p.roles[n] = Role::kDecoder;
    p.stage_key[n] = p.stage_key[joins];
    p.stage_level[n] = p.stage_level[joins];
    p.generic[n] = p.generic[joins];
    p.locked[n] = p.locked[joins];
  }
  if (joined > 0) {
    p.evidence.push_back("spatial: " + std::to_string(joined) +
                         " nodes on branches leaving decoder maps for outputs of their own "
                         "(heads per level) join the decoder");
  }
}

Proposal Analyzer::Spatial() {
  Proposal p = Empty();
  p.basis = "spatial";
  // The resolution trajectory along the main path.
  std::vector<int> lv(path_.size(), kNoLevel);
  int first = -1, deepest = kNoLevel;
  for (size_t i = 0; i < path_.size(); ++i) {
    if (!IsOp(path_[i])) continue;
    lv[i] = OutLevel(path_[i]);
    if (lv[i] == kNoLevel) continue;
    if (first < 0) first = static_cast<int>(i);
    deepest = std::max(deepest, lv[i]);
  }
  if (first < 0) {
    p.evidence.push_back("spatial: no feature maps on the main path");
    return p;
  }
  // A vector segment between feature maps that re-enters through a reshape (a dense
  // latent) is the valley's floor.
  int dense_from = -1, dense_to = -1;
  for (size_t i = first + 1; i < path_.size(); ++i) {
    if (lv[i] != kNoLevel || !IsOp(path_[i])) continue;
    size_t j = i;
    while (j < path_.size() && IsOp(path_[j]) && lv[j] == kNoLevel) ++j;
    // Only a real vector: some node in the run yields a rank-2/3 tensor or is dense.
    bool vector = false;
    for (size_t k = i; k < j; ++k) {
      const Node& node = g_.nodes[path_[k]];
      if (IsProjection(node)) vector = true;
      for (int t : node.outputs) {
        const int r = Rank(g_.tensors[t]);
        if (r == 2 || r == 3) vector = true;
      }
    }
    if (vector && j < path_.size() && lv[j] != kNoLevel && InLevel(path_[j]) == kNoLevel) {
      bool global_in = false;
      for (int t : g_.nodes[path_[j]].inputs) global_in = global_in || spatial_.global[t];
      if (!global_in) {
        dense_from = static_cast<int>(i);
        dense_to = static_cast<int>(j);  // first feature-map node after the segment
        break;
      }
    }
    i = j;
  }
  const int start_level =
      std::max(0, InLevel(path_[first]) == kNoLevel ? 0 : InLevel(path_[first]));
  // Bottom: first node reaching the deepest level, to the last before it rises.
  int bottom_from = -1, bottom_to = -1;  // [from, to) path indices at the floor
  int floor_level = deepest;
  if (dense_from >= 0) {
    bottom_from = dense_from;
    bottom_to = dense_to;
    floor_level = kNoLevel;
  } else {
    for (size_t i = first; i < path_.size(); ++i) {
      if (lv[i] == deepest) {
        bottom_from = static_cast<int>(i);
        break;
      }
    }
    bottom_to = bottom_from;
    while (bottom_to < static_cast<int>(path_.size()) &&
           (lv[bottom_to] == kNoLevel ? IsOp(path_[bottom_to]) : lv[bottom_to] == deepest)) {
      ++bottom_to;
    }
  }
  int rise_min = deepest;
  for (size_t i = bottom_to; i < path_.size(); ++i) {
    if (lv[i] != kNoLevel) rise_min = std::min(rise_min, lv[i]);
  }
  const int fall = (dense_from >= 0 ? deepest + 1 : deepest) - start_level;
  const int rise = (dense_from >= 0 ? deepest + 1 : deepest) - rise_min;
  // The trajectory as text, one entry per change.
  std::string traj;
  int prev = kNoLevel;
  int changes = 0;
  for (size_t i = 0; i < path_.size(); ++i) {
    const int l = lv[i];
    if (l == prev || (l == kNoLevel && !IsOp(path_[i]))) continue;
    if (++changes > 24) {
      traj += " \xE2\x86\x92 ...";
      break;
    }
    traj += (traj.empty() ? "" : " \xE2\x86\x92 ") + (l == kNoLevel ? "vector" : LevelText(l));
    prev = l;
  }
  p.evidence.push_back("spatial: main path of " + std::to_string(path_.size()) +
                       " nodes, resolution " + traj);
  for (const std::string& n : spatial_.notes) p.evidence.push_back("spatial: " + n);
  if (fall < 1 || rise < 1) {
    p.evidence.push_back(fall < 1 ? "spatial: resolution never falls below the input's"
                                  : "spatial: resolution falls to " + LevelText(deepest) +
                                        " and never rises again (no decoder)");
    return p;
  }
  p.found = true;
  p.confidence = 0.55 + (std::min(fall, rise) >= 2 ? 0.05 : 0);
  if (rise < fall) {
    // A feature-pyramid neck (FPN, CenterNet's upsampling path) climbs back only part
    // of the way: still a decoder with lateral skips, but less like the symmetric kind.
    p.confidence -= 0.1;
    p.evidence.push_back("spatial: the rise stops at " + LevelText(rise_min) +
                         ", short of the input's resolution (a pyramid neck)");
  }
  p.evidence.push_back(
      "spatial: falls " + std::to_string(fall) + " and rises " + std::to_string(rise) +
      " halvings; floor " +
      (dense_from >= 0 ? std::string("a vector segment") : "at " + LevelText(floor_level)) +
      " from " + Name(path_[bottom_from]));
  // Roles along the path.
  int dense_split = -1;  // in a dense floor: the first linear after the narrowest one
  if (dense_from >= 0) {
    int narrowest = -1;
    int64_t min_width = -1;
    for (int i = dense_from; i < dense_to; ++i) {
      for (int t : g_.nodes[path_[i]].outputs) {
        if (widths_[t] > 0 && (min_width < 0 || widths_[t] < min_width)) {
          min_width = widths_[t];
          narrowest = i;
        }
      }
    }
    for (int i = narrowest + 1; narrowest >= 0 && i < dense_to; ++i) {
      if (CategoryOf(g_.nodes[path_[i]].op_type) == OpCategory::kLinear) {
        dense_split = i;
        break;
      }
    }
    if (dense_split < 0) dense_split = dense_to;
    if (min_width > 0) {
      p.evidence.push_back("spatial: narrowest vector " + std::to_string(min_width) +
                           " wide, out of " + Name(path_[narrowest]));
    }
  }
  int current = start_level;
  for (size_t i = 0; i < path_.size(); ++i) {
    const int n = path_[i];
    if (!IsOp(n)) continue;
    const int at = static_cast<int>(i);
    Role r;
    int level;
    if (dense_from >= 0) {
      r = at < dense_split ? Role::kEncoder : Role::kDecoder;
    } else {
      r = at < bottom_from ? Role::kEncoder : (at < bottom_to ? Role::kBottleneck : Role::kDecoder);
      // The op that reaches the floor closes the encoder's last stage.
      if (at == bottom_from && InLevel(n) != kNoLevel && InLevel(n) < deepest) {
        r = Role::kEncoder;
      }
    }
    if (r == Role::kEncoder) {
      level = InLevel(n) != kNoLevel ? InLevel(n) : current;
    } else {
      level = lv[i] != kNoLevel ? lv[i] : current;
    }
    if (lv[i] != kNoLevel) current = lv[i];
    p.roles[n] = r;
    p.stage_level[n] = r == Role::kBottleneck ? floor_level : level;
    p.stage_key[n] = r == Role::kBottleneck ? "floor" : "L" + std::to_string(level);
    if (dense_from >= 0 && at >= dense_from && at < dense_to) {
      p.stage_key[n] = "vector";
      p.stage_level[n] = -1;
    }
    // Everything on a long flat floor is a guess names may overrule (a segmentation
    // backbone's dilated tail versus its head).
    p.generic[n] = r == Role::kBottleneck;
  }
  // Only a long floor (over a quarter of the path: a dilated backbone's tail and a
  // segmentation head) is a guess; a short one is a real bottleneck.
  int path_ops = 0, floor_ops = 0;
  for (int n : path_) {
    path_ops += IsOp(n);
    floor_ops += p.roles[n] == Role::kBottleneck;
  }
  if (floor_ops * 4 <= path_ops) {
    for (int n : path_) p.generic[n] = false;
  }
  if (dense_from < 0) FindContextModule(p, bottom_from, bottom_to);
  SpreadFromPath(p);
  DecoderSideHeads(p);
  FindSkips(p);
  int skips = 0;
  for (const TypedEdge& e : p.edges) skips += e.kind == EdgeKind::kSkip;
  if (skips > 0) p.confidence += 0.2;
  MainEdges(p);
  return p;
}

// A context module on the floor (ASPP, pyramid pooling): one tensor read by three or
// more parallel branches that a Concat joins again. It is the bottleneck; the floor before
// it is the encoder's (a dilated backbone), the floor after it the decoder's (the head).
void Analyzer::FindContextModule(Proposal& p, int from, int to) const {
  int fan = -1, join = -1;
  for (int i = from; i < to && join < 0; ++i) {
    const Node& n = g_.nodes[path_[i]];
    if (fan < 0) {
      if (!n.outputs.empty() && g_.tensors[n.outputs[0]].consumers.size() >= 3) fan = i;
      continue;
    }
    if (OneOf(n.op_type, {"Concat", "ConcatV2"}) && n.inputs.size() >= 3) join = i;
  }
  if (fan < 0 || join < 0) return;
  const std::vector<bool> below = Closure(g_, {path_[fan]}, false);
  const std::vector<bool> above = Closure(g_, {path_[join]}, true);
  int project_end = join + 1;  // the projection after the join: one conv and its followers
  for (int convs = 0; project_end < to; ++project_end) {
    if (CategoryOf(g_.nodes[path_[project_end]].op_type) == OpCategory::kConv && ++convs == 2) {
      break;
    }
  }
  for (int i = from; i < to; ++i) {
    const int n = path_[i];
    if (i <= fan) {
      p.roles[n] = Role::kEncoder;
      p.stage_key[n] = "L" + std::to_string(p.stage_level[n]);
    } else if (i >= project_end) {
      p.roles[n] = Role::kDecoder;
      p.stage_key[n] = "L" + std::to_string(p.stage_level[n]);
    } else if (i > join) {
      p.locked[n] = true;
    }
    p.generic[n] = false;
  }
  for (int n : topo_) {
    if (n != path_[fan] && below[n] && above[n] && IsOp(n)) {
      p.roles[n] = Role::kBottleneck;
      p.generic[n] = false;
      p.locked[n] = true;
    }
  }
  p.evidence.push_back(
      "spatial: context module on the floor: " + Name(path_[fan]) + " fans out to " +
      std::to_string(g_.tensors[g_.nodes[path_[fan]].outputs[0]].consumers.size()) +
      " branches joined by " + Name(path_[join]));
}

// Skips: an encoder tensor read in the decoder, at the resolution where it is read, whose
// path reaches a Concat / Add that also takes the decoder's own stream.
void Analyzer::FindSkips(Proposal& p) const {
  for (int n : topo_) {
    if (p.roles[n] != Role::kEncoder) continue;
    for (int t : g_.nodes[n].outputs) {
      const int level = spatial_.level[t];
      if (level == kNoLevel) continue;
      for (int c : g_.tensors[t].consumers) {
        if (p.roles[c] != Role::kDecoder) continue;
        if (path_index_[c] >= 0 && path_index_[n] >= 0 && path_index_[c] == path_index_[n] + 1) {
          continue;  // the main path itself
        }
        // Follow single steps at this resolution to a merge with another decoder input.
        int at = c;
        int via = t;
        bool merged = false;
        for (int hops = 0; hops < 6 && at >= 0; ++hops) {
          const Node& node = g_.nodes[at];
          if (OutLevel(at) != level) break;
          const bool merge = OneOf(node.op_type, {"Concat", "ConcatV2", "Add", "AddV2", "Sum",
                                                  "Mul", "Concatenate", "Pack"});
          if (merge) {
            for (int in : node.inputs) {
              const int q = g_.tensors[in].producer;
              if (in != via && q >= 0 && p.roles[q] == Role::kDecoder) merged = true;
            }
            if (merged) break;
          }
          if (node.outputs.empty()) break;
          via = node.outputs[0];
          const auto& cons = g_.tensors[via].consumers;
          if (cons.size() != 1) break;
          at = cons[0];
        }
        if (!merged) continue;
        p.edges.push_back(TypedEdge{EdgeKind::kSkip, n, c, t});
        p.evidence.push_back("skip: " + TensorText(t) + " at " + LevelText(level) + " from " +
                             Name(n) + " to " + Name(c));
      }
    }
  }
}

void Analyzer::MainEdges(Proposal& p) const {
  for (size_t i = 1; i < path_.size(); ++i) {
    const int a = path_[i - 1], b = path_[i];
    if (p.roles[a] == Role::kNone || p.roles[b] == Role::kNone || p.roles[a] == p.roles[b]) {
      continue;
    }
    for (int t : g_.nodes[a].outputs) {
      const auto& cons = g_.tensors[t].consumers;
      if (std::find(cons.begin(), cons.end(), b) != cons.end()) {
        p.edges.push_back(TypedEdge{EdgeKind::kMain, a, b, t});
        break;
      }
    }
  }
}

Proposal Analyzer::Dense() {
  Proposal p = Empty();
  p.basis = "dense";
  // Widths along the main path, one entry per op with a known width.
  std::vector<std::pair<int, int64_t>> w;  // (path index, width)
  for (size_t i = 0; i < path_.size(); ++i) {
    const int n = path_[i];
    const std::vector<int>& ts =
        g_.nodes[n].kind == NodeKind::kInput ? g_.nodes[n].outputs : g_.nodes[n].outputs;
    // Widths of the input and of dense layers only: attention scores and reshapes
    // carry sequence lengths in their last axis, not features.
    if (g_.nodes[n].kind != NodeKind::kInput && !IsProjection(g_.nodes[n])) continue;
    for (int t : ts) {
      if (widths_[t] > 0) {
        w.emplace_back(static_cast<int>(i), widths_[t]);
        break;
      }
    }
  }
  if (w.size() < 3) {
    p.evidence.push_back("dense: feature widths unknown along the main path");
    return p;
  }
  size_t im = 0;
  for (size_t k = 1; k < w.size(); ++k) {
    if (w[k].second < w[im].second) im = k;
  }
  int64_t after_max = 0;
  for (size_t k = im; k < w.size(); ++k) after_max = std::max(after_max, w[k].second);
  const int64_t w0 = w.front().second, wm = w[im].second, wl = w.back().second;
  std::string traj;
  int64_t prev = -1;
  int shown = 0;
  for (const auto& [i, width] : w) {
    if (width == prev) continue;
    if (++shown > 16) {
      traj += " \xE2\x86\x92 ...";
      break;
    }
    traj += (traj.empty() ? "" : " \xE2\x86\x92 ") + std::to_string(width);
    prev = width;
  }
  p.evidence.push_back("dense: widths along the main path " + traj);
  if (!(w0 >= 2 * wm && after_max >= 2 * wm && wl >= 2 * wm && im > 0 && im + 1 < w.size())) {
    p.evidence.push_back("dense: no narrowing then widening");
    return p;
  }
  const int latent = w[im].first;
  int split = -1;
  for (size_t i = latent + 1; i < path_.size(); ++i) {
    if (CategoryOf(g_.nodes[path_[i]].op_type) == OpCategory::kLinear) {
      split = static_cast<int>(i);
      break;
    }
  }
  if (split < 0) return p;
  p.found = true;
  p.confidence = 0.5;
  p.evidence.push_back("dense: narrows " + std::to_string(w0) + " \xE2\x86\x92 " +
                       std::to_string(wm) + " at " + Name(path_[latent]) + ", widens to " +
                       std::to_string(after_max) + "; decoder from " + Name(path_[split]));
  int layer = 0;
  for (size_t i = 0; i < path_.size(); ++i) {
    const int n = path_[i];
    if (!IsOp(n)) continue;
    if (CategoryOf(g_.nodes[n].op_type) == OpCategory::kLinear) ++layer;
    p.roles[n] = static_cast<int>(i) < split ? Role::kEncoder : Role::kDecoder;
    p.stage_key[n] = "dense" + std::to_string(layer);
  }
  SpreadFromPath(p);
  MainEdges(p);
  return p;
}

// The name key of a repeated block: the scope path through its first numbered component
// ("transformer/encoder/layers.0"), or "" when none is numbered.
std::string BlockKey(const std::string& name) {
  const std::vector<std::string> parts = ScopeComponents(name);
  std::string key;
  for (const std::string& part : parts) {
    key += (key.empty() ? "" : "/") + part;
    if (!part.empty() && std::isdigit(static_cast<unsigned char>(part.back()))) return key;
  }
  return "";
}

// A node's block key; a folded block's nodes keep their first layer's names, so their
// key is the fold's scope ("transformer/encoder/layers ×6"), not "layers.0".
std::string NodeBlockKey(const LayerGraph& g, int n) {
  for (int s = g.nodes[n].scope; s > 0; s = g.scopes[s].parent) {
    if (g.scopes[s].kind == ScopeKind::kRepeat) return g.scopes[s].path;
  }
  return BlockKey(g.nodes[n].name);
}

Proposal Analyzer::Sequence() {
  Proposal p = Empty();
  p.basis = "sequence";
  const std::vector<CrossAttention> cross = FindCrossAttention(g_);
  const std::vector<StateLink> links = FindStateLinks(g_);
  std::vector<int> sources, anchors;
  std::vector<int> memories;
  for (const CrossAttention& c : cross) {
    const int producer = g_.tensors[c.memory].producer;
    if (producer < 0 || g_.nodes[producer].kind != NodeKind::kOp) continue;
    const std::vector<bool> up = Closure(g_, {producer}, true);
    int ops = 0;
    for (size_t i = 0; i < up.size(); ++i) ops += up[i] && IsOp(static_cast<int>(i));
    if (ops < 3) continue;
    if (std::find(memories.begin(), memories.end(), c.memory) == memories.end()) {
      memories.push_back(c.memory);
    }
    sources.push_back(producer);
    anchors.push_back(c.softmax);
    // Every reader of the memory is the decoder's: key and value projections alike.
    for (int reader : g_.tensors[c.memory].consumers) anchors.push_back(reader);
  }
  for (const StateLink& l : links) {
    sources.push_back(g_.tensors[l.tensor].producer);
    anchors.push_back(l.to_rnn);
  }
  if (sources.empty()) {
    p.evidence.push_back(
        "sequence: no cross-attention reading another stack and no "
        "recurrent state handed between recurrent layers");
    return p;
  }
  const std::vector<bool> enc = Closure(g_, sources, true);
  const std::vector<bool> down = Closure(g_, anchors, false);
  // Upstream of the whole decoder, not only of its first readers: later unrolled steps
  // slice the target sequence themselves.
  std::vector<int> dec_nodes;
  for (int n : topo_) {
    if (down[n] && !enc[n]) dec_nodes.push_back(n);
  }
  for (int a : anchors) dec_nodes.push_back(a);
  const std::vector<bool> up = Closure(g_, dec_nodes, true);
  for (int n : topo_) {
    if (!IsOp(n)) continue;
    if (enc[n]) {
      p.roles[n] = Role::kEncoder;
    } else if (down[n] || up[n]) {
      p.roles[n] = Role::kDecoder;
    }
  }
  p.found = true;
  p.confidence = 0.8;
  for (int m : memories) {
    const int producer = g_.tensors[m].producer;
    int readers = 0;
    for (int c : g_.tensors[m].consumers) {
      if (p.roles[c] != Role::kDecoder) continue;
      p.edges.push_back(TypedEdge{EdgeKind::kMemory, producer, c, m});
      ++readers;
    }
    p.evidence.push_back("memory: " + TensorText(m) + " from " + Name(producer) +
                         " is read as keys/values by " + std::to_string(readers) +
                         " decoder cross-attention projection(s)");
    if (readers >= 2) p.confidence = 0.9;
  }
  for (const StateLink& l : links) {
    const int producer = g_.tensors[l.tensor].producer;
    p.edges.push_back(TypedEdge{EdgeKind::kState, producer, l.to_rnn, l.tensor});
    p.evidence.push_back("state: " + TensorText(l.tensor) + " from " + Name(l.from_rnn) +
                         "'s final state starts " + Name(l.to_rnn));
  }
  // Stages: numbered name scopes ("layers.3") when the exporter kept them, otherwise the
  // group's self-attention blocks in order.
  std::vector<int> block_start;  // node ids where a new self-attention block begins
  for (size_t i = 0; i < g_.nodes.size(); ++i) {
    if (g_.nodes[i].op_type != "Softmax") continue;
    bool is_cross = false;
    for (const CrossAttention& c : cross) is_cross = is_cross || c.softmax == static_cast<int>(i);
    if (is_cross) continue;
    int t = g_.nodes[i].inputs.empty() ? -1 : g_.nodes[i].inputs[0];
    // The block starts after the producer of its query stream.
    for (int hops = 0; hops < 6 && t >= 0; ++hops) {
      const int q = g_.tensors[t].producer;
      if (q < 0) break;
      if (CategoryOf(g_.nodes[q].op_type) == OpCategory::kLinear &&
          g_.nodes[q].inputs.size() == 2) {
        int proj = -1;
        const int s = StreamOf(g_, g_.nodes[q].inputs[0], &proj);
        if (s >= 0 && g_.tensors[s].producer >= 0) block_start.push_back(g_.tensors[s].producer);
        break;
      }
      t = g_.nodes[q].inputs.empty() ? -1 : g_.nodes[q].inputs[0];
    }
  }
  for (Role role : {Role::kEncoder, Role::kDecoder}) {
    bool named = false;
    for (int n : topo_) {
      if (p.roles[n] == role && !NodeBlockKey(g_, n).empty()) named = true;
    }
    std::string last;
    for (int n : topo_) {
      if (p.roles[n] != role) continue;
      if (named) {
        const std::string key = NodeBlockKey(g_, n);
        if (!key.empty()) last = key;
        p.stage_key[n] = last;
      } else {
        int k = 0;
        for (int b : block_start) {
          if (p.roles[b] == role && topo_pos_[b] < topo_pos_[n]) ++k;
        }
        p.stage_key[n] = "block " + std::to_string(k);
      }
    }
    // Nodes before the first named block join it.
    std::string first_key;
    for (int n : topo_) {
      if (p.roles[n] == role && !p.stage_key[n].empty()) {
        first_key = p.stage_key[n];
        break;
      }
    }
    for (int n : topo_) {
      if (p.roles[n] == role && p.stage_key[n].empty()) p.stage_key[n] = first_key;
    }
  }
  return p;
}

Proposal Analyzer::Names() {
  Proposal p = Empty();
  p.basis = "names";
  std::vector<NameHint> hints(g_.nodes.size());
  int counts[4][4] = {};  // [role][strength]
  double enc_pos = 0, dec_pos = 0;
  int enc_n = 0, dec_n = 0;
  for (int n : topo_) {
    if (!IsOp(n)) continue;
    hints[n] = NameHintOf(g_.nodes[n].name);
    if (hints[n].strength == 0) continue;
    ++counts[static_cast<int>(hints[n].role)][hints[n].strength];
    if (hints[n].strength >= 2 && hints[n].role == Role::kEncoder) {
      enc_pos += topo_pos_[n];
      ++enc_n;
    }
    if (hints[n].strength >= 2 && hints[n].role == Role::kDecoder) {
      dec_pos += topo_pos_[n];
      ++dec_n;
    }
  }
  const int e3 = counts[1][3], d3 = counts[3][3], e2 = counts[1][2], d2 = counts[3][2];
  std::string summary = "names: role tokens on " + std::to_string(e3 + e2 + counts[1][1]) +
                        " encoder, " + std::to_string(counts[2][3] + counts[2][1]) +
                        " bottleneck, " + std::to_string(d3 + d2 + counts[3][1]) + " decoder nodes";
  std::set<std::string> tokens;
  for (int n : topo_) {
    if (hints[n].strength > 0) tokens.insert(hints[n].token);
  }
  if (!tokens.empty()) {
    summary += " (";
    int k = 0;
    for (const std::string& t : tokens) {
      if (k++ == 8) {
        summary += ", ...";
        break;
      }
      summary += (k > 1 ? ", " : "") + t;
    }
    summary += ")";
  }
  p.evidence.push_back(summary);
  const bool both = (e3 >= 2 && d3 >= 2) || (e3 + e2 >= 2 && d3 + d2 >= 2 && e2 + d2 >= 2);
  if (!both || enc_n == 0 || dec_n == 0 || enc_pos / enc_n >= dec_pos / dec_n) {
    p.evidence.push_back(
        "names: no encoder and decoder named in that order (weak tokens such as head, "
        "classifier, backbone never decide alone)");
    return p;
  }
  p.found = true;
  p.confidence = e3 >= 2 && d3 >= 2 ? 0.6 : 0.5;
  // Named nodes take their token's role; unnamed ones on the main path take the role
  // of the named nodes around them (a pool between two encoder blocks is encoder; one
  // between roles opens the next), off the path that of the first path node they feed.
  Role prev = Role::kNone;
  for (size_t i = 0; i < path_.size(); ++i) {
    const int n = path_[i];
    if (!IsOp(n)) continue;
    if (hints[n].strength > 0) {
      prev = hints[n].role;
      p.roles[n] = prev;
      continue;
    }
    Role next = Role::kNone;
    for (size_t j = i + 1; j < path_.size(); ++j) {
      if (hints[path_[j]].strength > 0) {
        next = hints[path_[j]].role;
        break;
      }
    }
    if (prev == Role::kNone) {
      p.roles[n] = next == Role::kEncoder ? next : Role::kNone;
    } else if (next == Role::kNone || next == prev) {
      p.roles[n] = prev;
    } else {
      p.roles[n] = IsSpatialResampler(g_.nodes[n].op_type) &&
                           CategoryOf(g_.nodes[n].op_type) != OpCategory::kResize &&
                           !IsUpConv(g_.nodes[n].op_type)
                       ? prev
                       : next;
    }
  }
  for (size_t i = 0; i < path_.size(); ++i) {
    const int n = path_[i];
    const std::string key = NodeBlockKey(g_, n);
    p.stage_key[n] = key;
  }
  SpreadFromPath(p);
  for (int n : topo_) {
    if (!IsOp(n) || path_index_[n] >= 0) continue;
    if (hints[n].strength > 0) p.roles[n] = hints[n].role;
    p.stage_key[n] = NodeBlockKey(g_, n);
  }
  // Stage keys: runs of the same role keep the block of the last named node.
  std::string last;
  for (int n : topo_) {
    if (p.stage_key[n].empty()) {
      p.stage_key[n] = last;
    } else {
      last = p.stage_key[n];
    }
  }
  MainEdges(p);
  return p;
}

void Analyzer::Finish(const Proposal& p, Grouping& out) const {
  out.found = true;
  out.confidence = std::min(1.0, p.confidence);
  out.basis = p.basis;
  out.roles = p.roles;
  // Stages: (role, key) runs in flow order; encoder, then bottleneck, then decoder.
  std::vector<std::pair<Role, std::string>> keys;
  std::vector<int> stage_of(g_.nodes.size(), -1);
  std::vector<int> first_seen;
  for (int n : topo_) {
    if (out.roles[n] == Role::kNone) continue;
    const std::pair<Role, std::string> key{out.roles[n], p.stage_key[n]};
    auto it = std::find(keys.begin(), keys.end(), key);
    if (it == keys.end()) {
      keys.push_back(key);
      it = keys.end() - 1;
    }
    stage_of[n] = static_cast<int>(it - keys.begin());
  }
  std::vector<int> order;
  for (Role r : {Role::kEncoder, Role::kBottleneck, Role::kDecoder}) {
    for (size_t k = 0; k < keys.size(); ++k) {
      if (keys[k].first == r) order.push_back(static_cast<int>(k));
    }
  }
  std::vector<int> remap(keys.size(), -1);
  for (size_t i = 0; i < order.size(); ++i) remap[order[i]] = static_cast<int>(i);
  out.stages.resize(order.size());
  out.stage_of.assign(g_.nodes.size(), -1);
  for (size_t n = 0; n < g_.nodes.size(); ++n) {
    if (stage_of[n] < 0) continue;
    const int s = remap[stage_of[n]];
    out.stage_of[n] = s;
    out.stages[s].nodes.push_back(static_cast<int>(n));
  }
  int numbered[4] = {};
  for (size_t s = 0; s < out.stages.size(); ++s) {
    Stage& st = out.stages[s];
    const auto& key = keys[order[s]];
    st.role = key.first;
    // Level and channels: of the stage's last main-path node (else its last node).
    int last_path = -1, last_any = -1;
    for (int n : topo_) {
      if (out.stage_of[n] != static_cast<int>(s)) continue;
      last_any = n;
      if (path_index_[n] >= 0) last_path = n;
    }
    const int rep = last_path >= 0 ? last_path : last_any;
    st.level = rep >= 0 ? p.stage_level[rep] : -1;
    if (st.level < 0 && key.second.rfind("L", 0) == 0) st.level = -1;
    for (int n : st.nodes) {
      if (path_index_[n] < 0) continue;
      for (int t : g_.nodes[n].outputs) {
        if (spatial_.channels[t] > 0 && spatial_.level[t] != kNoLevel) {
          st.channels = spatial_.channels[t];
        } else if (st.level < 0 && widths_[t] > 0) {
          st.channels = widths_[t];
        }
      }
    }
    ++numbered[static_cast<int>(st.role)];
    if (p.basis == "spatial" && key.second != "vector" && st.level != -1 &&
        p.stage_level[rep] != kNoLevel) {
      st.label = LevelText(st.level);
      if (st.channels > 0) st.label += " \xC2\xB7 " + std::to_string(st.channels) + " ch";
    } else if (!key.second.empty() && key.second.rfind("dense", 0) != 0 &&
               key.second.rfind("block ", 0) != 0 && key.second != "vector") {
      const size_t slash = key.second.find_last_of('/');
      st.label = Quote(slash == std::string::npos ? key.second : key.second.substr(slash + 1), 40);
      if (st.channels > 0 && st.level == -1 && p.basis != "sequence") {
        st.label += " \xC2\xB7 " + std::to_string(st.channels);
      }
    } else if (st.channels > 0) {
      st.label = std::to_string(st.channels) + (key.second == "vector" ? " wide" : " units");
    } else {
      st.label = "stage " + std::to_string(numbered[static_cast<int>(st.role)]);
    }
  }
  out.edges = p.edges;
  std::sort(out.edges.begin(), out.edges.end(), [](const TypedEdge& a, const TypedEdge& b) {
    return std::make_tuple(static_cast<int>(a.kind), a.tensor, a.to) <
           std::make_tuple(static_cast<int>(b.kind), b.tensor, b.to);
  });
  out.edges.erase(std::unique(out.edges.begin(), out.edges.end(),
                              [](const TypedEdge& a, const TypedEdge& b) {
                                return a.kind == b.kind && a.tensor == b.tensor && a.to == b.to;
                              }),
                  out.edges.end());
}

Grouping Analyzer::Run() {
  Grouping out;
  out.roles.assign(g_.nodes.size(), Role::kNone);
  out.stage_of.assign(g_.nodes.size(), -1);
  if (o_.mode == GroupingMode::kOff) {
    out.evidence.push_back("grouping off (--groups off)");
    return out;
  }
  const bool use_structure = o_.mode != GroupingMode::kNames;
  const bool use_names = o_.mode != GroupingMode::kStructure;
  Proposal chosen = Empty();
  std::vector<std::string> evidence;
  if (use_structure) {
    // Sequence hand-offs are the most specific evidence, then resolution, then widths.
    for (Proposal p : {Sequence(), Spatial(), Dense()}) {
      for (std::string& e : p.evidence) evidence.push_back(std::move(e));
      p.evidence.clear();
      if (p.found && !chosen.found) chosen = std::move(p);
    }
  }
  if (use_names) {
    Proposal names = Names();
    for (std::string& e : names.evidence) evidence.push_back(std::move(e));
    if (chosen.found) {
      // Names refine structure node by node where they name a neighbouring role (an
      // encoder stage named "bottleneck", a classifier on a flat floor); a name two roles
      // away is a conflict that costs confidence instead.
      // Paired idioms count only as pairs: "expand" alone is a MobileNet expansion
      // conv and "up" alone an FPN's upsampling, not the second half of a U-Net.
      bool enc_idiom = false, dec_idiom = false;
      for (int n : topo_) {
        if (!IsOp(n)) continue;
        const NameHint h = NameHintOf(g_.nodes[n].name);
        enc_idiom = enc_idiom || (h.strength >= 2 && h.role == Role::kEncoder);
        dec_idiom = dec_idiom || (h.strength >= 2 && h.role == Role::kDecoder);
      }
      int agree = 0, refined = 0, conflict = 0, named = 0;
      for (int n : topo_) {
        if (!IsOp(n)) continue;
        NameHint h = NameHintOf(g_.nodes[n].name);
        if (h.strength == 2 && !(enc_idiom && dec_idiom)) h = BestHint(g_.nodes[n].name, false);
        const Role s = chosen.roles[n];
        if (h.strength == 0 || s == Role::kNone) continue;
        ++named;
        if (h.role == s) {
          ++agree;
          continue;
        }
        const int distance = std::abs(static_cast<int>(h.role) - static_cast<int>(s));
        // Strong names refine any neighbouring role; "down"/"up" idioms name the
        // resampling steps, not the floor, so they do not move a found bottleneck; weak
        // names only settle a long undivided floor.
        const bool allowed = distance == 1 && !chosen.locked[n] &&
                             (h.strength == 3 ||
                              (h.strength == 2 && (s != Role::kBottleneck || chosen.generic[n])) ||
                              (h.strength == 1 && (s == Role::kBottleneck || chosen.generic[n])));
        if (allowed) {
          chosen.roles[n] = h.role;
          if (h.role == Role::kBottleneck) {
            chosen.stage_key[n] = "floor";
          }
          ++refined;
        } else if (h.strength >= 2) {
          ++conflict;
        }
      }
      if (named > 0) {
        evidence.push_back("names: " + std::to_string(agree) + " of " + std::to_string(named) +
                           " named nodes agree with structure, " + std::to_string(refined) +
                           " refined by their names, " + std::to_string(conflict) + " conflict");
        if (agree + refined >= 2 && conflict * 5 < named) chosen.confidence += 0.15;
        if (conflict * 5 >= named) chosen.confidence -= 0.3;
      }
      // Stages were keyed by structure; a node moved into the bottleneck joins the floor.
      for (int n : topo_) {
        if (chosen.roles[n] == Role::kBottleneck && chosen.stage_level[n] >= 0) {
          chosen.stage_key[n] = "floor";
        }
      }
      // Re-type edges on the new boundaries: skips keep; main edges are recomputed.
      std::vector<TypedEdge> kept;
      for (const TypedEdge& e : chosen.edges) {
        if (e.kind != EdgeKind::kMain &&
            (e.kind != EdgeKind::kSkip ||
             (chosen.roles[e.from] == Role::kEncoder && chosen.roles[e.to] == Role::kDecoder))) {
          kept.push_back(e);
        }
      }
      chosen.edges = std::move(kept);
      if (chosen.basis == "spatial" || chosen.basis == "dense") MainEdges(chosen);
    } else if (names.found) {
      chosen = std::move(names);
      if (use_structure) {
        chosen.confidence -= 0.05;
        evidence.push_back("names: structure alone found no encoder-decoder; going by names");
      }
    }
  }
  if (chosen.found && chosen.basis == "spatial") {
    // The floor's stage level for nodes moved there.
    for (int n : topo_) {
      if (chosen.roles[n] == Role::kBottleneck && chosen.stage_level[n] < 0) {
        chosen.stage_level[n] = -1;
      }
    }
  }
  out.evidence = std::move(evidence);
  if (!chosen.found || chosen.confidence < o_.min_confidence) {
    if (chosen.found) {
      out.evidence.push_back("verdict: confidence " +
                             std::to_string(chosen.confidence).substr(0, 4) + " below " +
                             std::to_string(o_.min_confidence).substr(0, 4));
    }
    out.evidence.push_back("verdict: no encoder-decoder structure");
    return out;
  }
  Finish(chosen, out);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.2f", out.confidence);
  out.evidence.push_back("verdict: encoder-decoder found (" + out.basis + ", confidence " + buf +
                         ")");
  return out;
}

}  // namespace

Grouping FindGroups(const LayerGraph& graph, const GroupingOptions& options) {
  return Analyzer(graph, options).Run();
}

}  // namespace graphgen
