#include "diagram/conv_geometry.h"

#include <cstdint>
#include <vector>

#include "core/op_table.h"

namespace graphgen {
namespace {

constexpr const char* kTimes = "\xC3\x97";  // ×
constexpr const char* kDot = " \xC2\xB7 ";  // " · "

std::vector<int64_t> Ints(const Node& node, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (const Attribute* a = FindAttribute(node, name)) {
      if (a->kind == AttrKind::kInt || a->kind == AttrKind::kInts) return a->ints;
    }
  }
  return {};
}

// Strides and dilations as many as the kernel has spatial dims: TensorFlow's NHWC/NCHW
// lists carry a 1 for the batch and the channels.
std::vector<int64_t> Spatial(std::vector<int64_t> v, size_t spatial, bool channels_last) {
  if (spatial > 0 && v.size() == spatial + 2) {
    if (channels_last) return std::vector<int64_t>(v.begin() + 1, v.end() - 1);
    return std::vector<int64_t>(v.begin() + 2, v.end());
  }
  return v;
}

bool AllOnes(const std::vector<int64_t>& v) {
  for (int64_t x : v) {
    if (x != 1) return false;
  }
  return true;
}

// "3×3"; "2" when every entry is 2 and `square` asks for one number.
std::string Join(const std::vector<int64_t>& v, bool collapse) {
  if (v.empty()) return "";
  bool same = true;
  for (int64_t x : v) same = same && x == v[0];
  if (collapse && same) return std::to_string(v[0]);
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? kTimes : "") + std::to_string(v[i]);
  return s;
}

}  // namespace

std::string ConvGeometry(const LayerGraph& graph, const Node& node) {
  if (node.kind != NodeKind::kOp || CategoryOf(node.op_type) != OpCategory::kConv) return "";
  const std::vector<int64_t> kernel = Ints(node, {"kernel_shape", "kernel_size"});
  // The spatial rank: the kernel's, else a 2-D convolution's (TensorFlow records none).
  size_t spatial = kernel.size();
  const std::vector<int64_t> raw_strides = Ints(node, {"strides"});
  if (spatial == 0 && raw_strides.size() >= 3) spatial = raw_strides.size() - 2;
  const std::vector<int64_t> strides = Spatial(raw_strides, spatial, graph.channels_last);
  const std::vector<int64_t> dilations =
      Spatial(Ints(node, {"dilations", "dilation_rate"}), spatial, graph.channels_last);
  const std::vector<int64_t> group = Ints(node, {"group", "groups"});
  std::vector<std::string> parts;
  const bool plain_kernel = kernel.empty() || AllOnes(kernel);
  if (!(plain_kernel && AllOnes(strides)) && !kernel.empty()) {
    parts.push_back(Join(kernel, false) + (AllOnes(strides) ? "" : " /" + Join(strides, true)));
  } else if (!AllOnes(strides)) {
    parts.push_back("/" + Join(strides, true));
  }
  if (!AllOnes(dilations)) parts.push_back("d" + Join(dilations, true));
  if (!group.empty() && group[0] > 1) {
    // Depthwise: one group per output channel (NCHW: dim 1; NHWC: the last).
    int64_t channels = -1;
    if (!node.outputs.empty()) {
      const TensorType& t = graph.tensors[node.outputs[0]].type;
      if (t.rank_known && t.dims.size() >= 2) {
        channels = graph.channels_last ? t.dims.back().value : t.dims[1].value;
      }
    }
    parts.push_back(channels == group[0] ? "depthwise" : "g" + std::to_string(group[0]));
  }
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) s += (i ? kDot : "") + parts[i];
  return s;
}

}  // namespace graphgen
