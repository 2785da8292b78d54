// A fingerprint of a model's graph content, for provenance and `--check`: what the
// graph is (structure, names, op types, attributes, shapes, parameter counts), never the
// weight bytes, so re-training a model does not make its diagram stale.
#ifndef CORE_GRAPH_HASH_H_
#define CORE_GRAPH_HASH_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/layer_graph.h"

namespace graphgen {

// FNV-1a, 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3), over `data`
// starting from `seed`; chain calls by passing the previous result as the seed.
inline constexpr uint64_t kFnv64Offset = 0xcbf29ce484222325ULL;
uint64_t Fnv1a64(std::string_view data, uint64_t seed = kFnv64Offset);

// One node's share of the fingerprint. Each part is the 64-bit FNV-1a of a canonical
// serialization folded to 32 bits (high xor low).
struct NodeHash {
  uint32_t id = 0;         // who the node is: kind + name (unnamed: op type + ordinal)
  uint32_t structure = 0;  // op type, domain, scope, attributes, input/output tensor
                           // names, parameter count, fused activation
  uint32_t shapes = 0;     // element types and dims of the node's outputs
  bool operator==(const NodeHash& o) const {
    return id == o.id && structure == o.structure && shapes == o.shapes;
  }
};

struct GraphFingerprint {
  // FNV-1a 64 over the whole canonical serialization: the format, the graph's name, every
  // node's id/structure/shapes record in model order, and the nesting edges.
  uint64_t hash = 0;
  std::vector<NodeHash> nodes;  // model order
};

// Deterministic: the same graph gives the same fingerprint on any machine. Strings are
// length-prefixed so no two different graphs serialize alike by concatenation.
GraphFingerprint FingerprintGraph(const LayerGraph& graph);

// "fnv1a64:0123456789abcdef".
std::string FormatGraphHash(uint64_t hash);

// The node list as stored in outputs: 24 hex digits per node (id, structure, shapes),
// nodes separated by '.'. ParseNodeHashes is its inverse; false on malformed text.
std::string FormatNodeHashes(const std::vector<NodeHash>& nodes);
bool ParseNodeHashes(std::string_view text, std::vector<NodeHash>* nodes);

// How `now` differs from `before`, matched by node id, counted: "2 nodes changed
// (conv1, relu), 1 added (fc2), 1 removed, 3 with new shapes (…)". Names are taken from
// `graph` (the graph `now` was computed from); at most `max_names` per kind are named.
// Empty when the node lists are equal.
std::string DescribeNodeChanges(const std::vector<NodeHash>& before,
                                const std::vector<NodeHash>& now, const LayerGraph& graph,
                                size_t max_names = 3);

}  // namespace graphgen

#endif  // CORE_GRAPH_HASH_H_
