// The grouping pass: finds encoder, bottleneck and decoder in a layer graph, their stages,
// and the typed edges between them (skip, memory, state, main), from names and structure.
#ifndef PASSES_GROUPING_GROUPING_H_
#define PASSES_GROUPING_GROUPING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/layer_graph.h"

namespace graphgen {

enum class GroupingMode {
  kAuto,       // structure and names together (names refine and confirm structure)
  kNames,      // scope-name tokens only (and the graph's topology to place unnamed nodes)
  kStructure,  // shapes, strides, attention and recurrent wiring only; names ignored
  kOff,        // no grouping
};

// "auto", "names", "structure", "off"; false for anything else.
bool ParseGroupingMode(const std::string& text, GroupingMode* mode);
const char* GroupingModeName(GroupingMode mode);

struct GroupingOptions {
  // Which evidence to use (--groups; default auto).
  GroupingMode mode = GroupingMode::kAuto;
  // Least confidence (0..1) at which the verdict is "encoder-decoder found"; below it the
  // pass reports no structure and assigns no roles, since a wrong grouping is worse than
  // none (default 0.5).
  double min_confidence = 0.5;
};

enum class Role { kNone, kEncoder, kBottleneck, kDecoder };
// "none", "encoder", "bottleneck", "decoder".
const char* RoleName(Role role);

enum class EdgeKind {
  kMain,    // the ordinary data path across a group boundary
  kSkip,    // an encoder feature entering the decoder at the matching resolution
  kMemory,  // an encoder output read by the decoder's cross-attention keys / values
  kState,   // an encoder RNN's final hidden / cell state starting the decoder's RNN
};
// "main", "skip", "memory", "state".
const char* EdgeKindName(EdgeKind kind);

// Consecutive nodes of one group at one resolution, or one repeated block.
struct Stage {
  Role role = Role::kNone;
  int level = -1;          // resolution 1/2^level of the input; -1 when not spatial
  int64_t channels = -1;   // feature channels (or width) of the stage's output; -1 unknown
  std::string label;       // "1/4 · 128 ch", "layers.2", "128 units"
  std::vector<int> nodes;  // node ids in model order
};

struct TypedEdge {
  EdgeKind kind = EdgeKind::kMain;
  int from = -1;    // producer node id
  int to = -1;      // consumer node id
  int tensor = -1;  // the tensor carried
};

struct Grouping {
  bool found = false;
  double confidence = 0;  // 0..1
  // What the decision rests on: "spatial", "dense", "sequence", "names"; empty if none.
  std::string basis;
  std::vector<Role> roles;            // per node; all kNone when !found
  std::vector<int> stage_of;          // per node: index into stages, or -1
  std::vector<Stage> stages;          // encoder stages, bottleneck, decoder stages, in flow order
  std::vector<TypedEdge> edges;       // ordered by (kind, tensor, consumer)
  std::vector<std::string> evidence;  // one readable line per finding, in decision order

  // "encoder-decoder found" or "no encoder-decoder structure".
  const char* Verdict() const;
};

// Runs the pass. Never fails: a graph it cannot read structure from gets no grouping.
Grouping FindGroups(const LayerGraph& graph, const GroupingOptions& options);

// ---- Evidence sources, exposed for their unit tests ----

// Spatial facts per tensor: level is the number of halvings of resolution relative to
// the graph's image input (0 = input resolution, 2 = 1/4), kNoLevel when the tensor is
// not a feature map; global marks results of global pooling (1x1, no resolution).
inline constexpr int kNoLevel = -1000;
struct SpatialLevels {
  std::vector<int> level;          // per tensor
  std::vector<bool> global;        // per tensor
  std::vector<int64_t> channels;   // per tensor; -1 unknown
  std::vector<std::string> notes;  // assumptions made ("Resize: factor unknown, took 2")
};
SpatialLevels ComputeSpatialLevels(const LayerGraph& graph);

// Feature width (last dimension of a rank-2/3 float tensor) per tensor, -1 unknown; from
// shapes, or from a dense layer's parameter count when shapes are missing.
std::vector<int64_t> ComputeWidths(const LayerGraph& graph);

// The node ids of a topological order (model order where the graph allows it); nodes on
// a cycle are left out.
std::vector<int> TopologicalOrder(const LayerGraph& graph);

// The heaviest input-to-output path by node weight (ties go to the earlier producer), as
// node ids in flow order.
std::vector<int> HeaviestPath(const LayerGraph& graph, const std::vector<int>& topo,
                              const std::vector<double>& weight);

// Role hinted by a node's scope names, with its strength: 3 strong ("encoder", "decoder",
// "bottleneck", "latent"), 2 paired idioms ("down"/"up", "contract"/"expand", "inc"/
// "outc"), 1 weak ("backbone", "head", "classifier", "aspp"), 0 none.
struct NameHint {
  Role role = Role::kNone;
  int strength = 0;
  std::string token;  // the matched scope component
};
NameHint NameHintOf(const std::string& node_name);

// Cross-attention found structurally: a softmax whose keys are projected from a different
// tensor than its queries. memory is the key source (canonical: through reshapes).
struct CrossAttention {
  int softmax = -1;
  int memory = -1;          // tensor
  int key_projection = -1;  // the node reading memory on the way to the keys
};
std::vector<CrossAttention> FindCrossAttention(const LayerGraph& graph);

// A recurrent node whose initial state comes from another recurrent node's final state.
// The state crosses from the first stack to the second at `tensor`: an RNN's final state
// as it left the first stack (stacked across its layers by a Concat, which is the first
// stack's), read by `reader`, the second stack's first op on the way (a Slice taking one
// layer's state, or to_rnn itself).
struct StateLink {
  int from_rnn = -1;
  int to_rnn = -1;
  int tensor = -1;
  int reader = -1;
};
std::vector<StateLink> FindStateLinks(const LayerGraph& graph);

// The same hand-off between unrolled recurrent layers (no LSTM/GRU op: TensorFlow's
// static_rnn, hand-written cells): chains of gated state updates s' = σ·s + σ·x, split
// where a step first reads a graph input the earlier steps did not (the decoder's own
// sequence). The links carry the last encoder update's state and the hidden state made
// from it into the decoder's first step; from_rnn is that last update.
std::vector<StateLink> FindUnrolledStateLinks(const LayerGraph& graph);

}  // namespace graphgen

#endif  // PASSES_GROUPING_GROUPING_H_
