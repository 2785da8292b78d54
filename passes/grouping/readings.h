// Internal to the grouping pass: the readings of a graph (spatial valley, dense widths,
// sequence hand-off, names) as Proposals, and the Analyzer that makes them from one shared
// main path and combines them into the verdict. The Analyzer's members are defined by
// concept: main_path.cc (the path and spreading roles off it), spatial_reading.cc,
// dense_reading.cc, sequence_reading.cc, names_reading.cc and combiner.cc.
#ifndef PASSES_GROUPING_READINGS_H_
#define PASSES_GROUPING_READINGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/layer_graph.h"
#include "core/text.h"
#include "passes/grouping/grouping.h"

namespace graphgen {
namespace grouping_internal {

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

// The resolution valley along the main path, as the spatial reading finds it. Path
// indices throughout.
struct Valley {
  std::vector<int> lv;  // per path index: the op's output level, or kNoLevel
  int first = -1;       // the first op with a level; -1: no feature maps on the path
  int deepest = kNoLevel;
  int dense_from = -1;  // a vector floor [dense_from, dense_to), or -1
  int dense_to = -1;    // the first feature-map node after it
  int start_level = 0;
  int bottom_from = -1;  // the floor [bottom_from, bottom_to)
  int bottom_to = -1;
  int floor_level = kNoLevel;  // kNoLevel for a vector floor
  int rise_min = kNoLevel;     // the finest level after the floor
  int fall = 0;                // halvings down to the floor, and back up
  int rise = 0;
};

class Analyzer {
 public:
  // Computes what every reading shares: topological order, levels, widths, main path.
  Analyzer(const LayerGraph& g, const GroupingOptions& o);

  // The readings, combined into the verdict (combiner.cc).
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
  Proposal Empty() const {
    Proposal p;
    p.roles.assign(g_.nodes.size(), Role::kNone);
    p.stage_key.assign(g_.nodes.size(), "");
    p.stage_level.assign(g_.nodes.size(), -1);
    p.generic.assign(g_.nodes.size(), false);
    p.locked.assign(g_.nodes.size(), false);
    return p;
  }

  // main_path.cc
  void SpreadFromPath(Proposal& p) const;
  void MainEdges(Proposal& p) const;

  // spatial_reading.cc: the encoder-decoder / U-Net reading of resolutions.
  Proposal Spatial();
  Valley FindValley() const;
  void ValleyEvidence(const Valley& v, Proposal& p) const;
  int DenseSplit(const Valley& v, Proposal& p) const;
  void ValleyRoles(const Valley& v, int dense_split, Proposal& p) const;
  void DecoderSideHeads(Proposal& p) const;
  void FindSkips(Proposal& p) const;
  void FindContextModule(Proposal& p, int from, int to) const;

  // dense_reading.cc: the autoencoder reading of feature widths.
  Proposal Dense();

  // sequence_reading.cc: the reading of hand-offs between two stacks.
  Proposal Sequence();
  bool HasOpsUpstream(int node, int want) const;
  void SequenceEdges(const std::vector<int>& memories, const std::vector<StateLink>& links,
                     Proposal& p) const;
  void SequenceStages(const std::vector<CrossAttention>& cross, Proposal& p) const;

  // names_reading.cc: the reading of scope names alone.
  Proposal Names();
  void NamedPathRoles(const std::vector<NameHint>& hints, Proposal& p) const;

  // combiner.cc
  void RefineWithNames(Proposal& chosen, std::vector<std::string>& evidence) const;
  void Finish(const Proposal& p, Grouping& out) const;

  const LayerGraph& g_;
  const GroupingOptions& o_;
  std::vector<int> topo_, topo_pos_;
  SpatialLevels spatial_;
  std::vector<int64_t> widths_;
  std::vector<int> path_, path_index_;
};

}  // namespace grouping_internal
}  // namespace graphgen

#endif  // PASSES_GROUPING_READINGS_H_
