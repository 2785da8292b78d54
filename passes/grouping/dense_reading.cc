// The dense reading (autoencoder of vectors): feature widths along the main path narrow to
// a latent and widen again; the first dense layer after the narrowest starts the decoder.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/op_table.h"
#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_internal.h"
#include "passes/grouping/grouping_weights.h"
#include "passes/grouping/readings.h"

namespace graphgen {
namespace grouping_internal {

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
  if (!(w0 >= kDenseWidening * wm && after_max >= kDenseWidening * wm &&
        wl >= kDenseWidening * wm && im > 0 && im + 1 < w.size())) {
    p.evidence.push_back("dense: no narrowing then widening");
    return p;
  }
  // An autoencoder narrows layer by layer to its latent and widens back. Widths that rise
  // and fall again on either side (128 → 512 → 128 in every block of a transformer's
  // feed-forward, an inverted bottleneck's expansion) are repeated blocks, not an
  // encoder and a decoder.
  int turns = 0;
  for (size_t k = 1; k < w.size(); ++k) {
    if (k <= im ? w[k].second > w[k - 1].second : w[k].second < w[k - 1].second) ++turns;
  }
  if (turns > 0) {
    p.evidence.push_back("dense: widths widen and narrow again " + std::to_string(turns) +
                         " time(s) around the narrowest: repeated blocks, not an autoencoder");
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
  p.confidence = kDenseConfidence;
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

}  // namespace grouping_internal
}  // namespace graphgen
