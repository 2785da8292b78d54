// Shared inside passes/op_patterns: how a match becomes one box, and the attention finder
// (attention.cc), which grows its match from the softmax instead of following a table row.
#ifndef PASSES_OP_PATTERNS_OP_PATTERNS_INTERNAL_H_
#define PASSES_OP_PATTERNS_OP_PATTERNS_INTERNAL_H_

#include <map>
#include <string>
#include <vector>

#include "core/layer_graph.h"

namespace graphgen {

struct BoxSpec {
  std::string op_type;       // "LayerNorm"
  std::string detail;        // "12 heads"; may be empty
  std::vector<int> members;  // node ids of the match
  int anchor = -1;           // names the box when no module holds just the match
  int last = -1;             // the member whose output is the box's; the box takes its place
  bool keep_anchor_attributes = false;
  std::string name;  // when set, the box's name instead of the one BoxName picks
  // Attention only: the tensors its queries and its keys/values are projected from (-1:
  // unknown; memory -1 for self-attention) and its head count (-1: unknown).
  int query = -1;
  int memory = -1;
  int64_t heads = -1;
};

// Turns the members into one node at `last` (type, summed params and op counts, external
// inputs in first-use order, the ops listed in pattern_ops) and marks the others for
// removal, mapping them to `last` in `new_id` for control edges. Tensor links are stale
// until the caller removes the marked nodes.
void MakeBox(LayerGraph& graph, const BoxSpec& spec, const std::vector<size_t>& ops_in_scope,
             std::vector<bool>* remove, std::vector<int>* new_id);

// The module the members' names share: their common prefix up to its last '/' or '.'
// ("/enc/LayerNorm" for "/enc/LayerNorm/ReduceMean" and "/enc/LayerNorm/Sub"); the
// anchor's own name when they share none.
std::string SharedModuleName(const LayerGraph& g, const std::vector<int>& members, int anchor);

// Finds scaled dot-product attention (scores MatMul, optional scale and mask, Softmax,
// MatMul with the values) and grows each to its head split and merge and its Q/K/V and
// output projections; replaces each by a "MultiHeadAttention" box ("Attention" without
// projections) whose detail gives the head count and "cross" when keys and values come
// from another tensor than the queries. Adds the counts to `matches`; returns the number
// of boxes made.
int ApplyAttentionPatterns(LayerGraph& graph, std::map<std::string, int>* matches);

}  // namespace graphgen

#endif  // PASSES_OP_PATTERNS_OP_PATTERNS_INTERNAL_H_
