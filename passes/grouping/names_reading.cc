// The names reading: encoder and decoder named in that order in the scopes (strong role
// words, or both halves of a paired idiom). Used alone with --groups names, and as the
// verdict when structure finds nothing; otherwise names refine structure (combiner.cc).
#include <set>
#include <string>
#include <vector>

#include "core/op_table.h"
#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_internal.h"
#include "passes/grouping/grouping_weights.h"
#include "passes/grouping/readings.h"

namespace graphgen {
namespace grouping_internal {
namespace {

// An op that changes resolution: a convolution, pooling or resize.
bool IsSpatialResampler(const std::string& op) {
  const OpCategory cat = CategoryOf(op);
  return cat == OpCategory::kConv || cat == OpCategory::kPooling || cat == OpCategory::kResize;
}

}  // namespace

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
  const int each = kMinNamedEachSide;
  const bool both =
      (e3 >= each && d3 >= each) || (e3 + e2 >= each && d3 + d2 >= each && e2 + d2 >= each);
  if (!both || enc_n == 0 || dec_n == 0 || enc_pos / enc_n >= dec_pos / dec_n) {
    p.evidence.push_back(
        "names: no encoder and decoder named in that order (weak tokens such as head, "
        "classifier, backbone never decide alone)");
    return p;
  }
  p.found = true;
  p.confidence = e3 >= each && d3 >= each ? kStrongNamesConfidence : kIdiomNamesConfidence;
  NamedPathRoles(hints, p);
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

// Named nodes take their token's role; unnamed ones on the main path take the role
// of the named nodes around them (a pool between two encoder blocks is encoder; one
// between roles opens the next). Off the path, Names() then gives nodes the role of the
// first path node they feed.
void Analyzer::NamedPathRoles(const std::vector<NameHint>& hints, Proposal& p) const {
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
                           !HasTrait(g_.nodes[n].op_type, OpTrait::kTransposedConv)
                       ? prev
                       : next;
    }
  }
}

}  // namespace grouping_internal
}  // namespace graphgen
