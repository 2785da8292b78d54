// The sequence reading (seq2seq, transformer encoder-decoder): two stacks with a hand-off
// between them, cross-attention reading the first stack's memory or a recurrent state
// handed from the first to the second. The first stack and all it reads is the encoder;
// from the hand-off's readers on, the decoder.
#include <algorithm>
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

Proposal Analyzer::Sequence() {
  Proposal p = Empty();
  p.basis = "sequence";
  const std::vector<CrossAttention> cross = FindCrossAttention(g_);
  const std::vector<StateLink> links = FindStateLinks(g_);
  std::vector<int> sources, anchors;
  std::vector<int> memories;
  for (CrossAttention c : cross) {
    // The decoder reads the memory in its own layout: one Transpose or Reshape straight
    // after the encoder's last layer, read by cross-attention (torch's batch-first
    // MultiheadAttention transposes the encoder's output once, in the first decoder
    // layer, for every layer's keys and values), is the decoder's first reader, and the
    // memory is that layer's output. A chain of rearrangements (a bidirectional RNN's
    // directions merged into annotations) is the encoder's own making of its memory.
    {
      const int q = g_.tensors[c.memory].producer;
      const int before = q >= 0 && !g_.nodes[q].inputs.empty() ? g_.nodes[q].inputs[0] : -1;
      const int layer = before >= 0 ? g_.tensors[before].producer : -1;
      if (q >= 0 && HasTrait(g_.nodes[q].op_type, OpTrait::kSameValues) &&
          g_.nodes[q].outputs.size() == 1 && layer >= 0 && g_.nodes[layer].kind == NodeKind::kOp &&
          !HasTrait(g_.nodes[layer].op_type, OpTrait::kSameValues)) {
        c.memory = before;
      }
    }
    const int producer = g_.tensors[c.memory].producer;
    if (producer < 0 || g_.nodes[producer].kind != NodeKind::kOp) continue;
    if (!HasOpsUpstream(producer, kMinEncoderOps)) continue;
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
    anchors.push_back(l.reader);
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
  p.confidence = kSequenceConfidence;
  SequenceEdges(memories, links, p);
  SequenceStages(cross, p);
  return p;
}

// Whether at least `want` ops (`node` included) lead to `node`: a walk that stops as soon
// as it has seen them, so a memory read by every layer of a deep decoder costs a few
// steps per read, not a walk over the whole model each.
bool Analyzer::HasOpsUpstream(int node, int want) const {
  std::vector<int> stack = {node};
  std::set<int> seen = {node};
  int ops = 0;
  while (!stack.empty() && ops < want) {
    const int n = stack.back();
    stack.pop_back();
    ops += IsOp(n);
    for (int t : g_.nodes[n].inputs) {
      const int p = g_.tensors[t].producer;
      if (p < 0 || !seen.insert(p).second) continue;
      stack.push_back(p);
    }
  }
  return ops >= want;
}

// The memory and state edges of the hand-off, with their evidence; memory read by several
// decoder projections raises the confidence.
void Analyzer::SequenceEdges(const std::vector<int>& memories, const std::vector<StateLink>& links,
                             Proposal& p) const {
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
    if (readers >= kMinMemoryReaders) p.confidence = kSharedMemoryConfidence;
  }
  // An encoder RNN's final state read in the decoder by anything else than an RNN (a
  // bridge layer making the decoder's first state from it, attention decoders built of
  // cells) is handed over all the same.
  int bridged = 0;
  for (int n : topo_) {
    if (p.roles[n] != Role::kEncoder ||
        !HasTrait(g_.nodes[n].op_type, OpTrait::kRecurrentWithState)) {
      continue;
    }
    const std::vector<int>& outs = g_.nodes[n].outputs;
    for (size_t k = 1; k < outs.size(); ++k) {
      for (int c : g_.tensors[outs[k]].consumers) {
        if (p.roles[c] != Role::kDecoder) continue;
        bool linked = false;
        for (const StateLink& l : links) linked = linked || (l.tensor == outs[k] && l.reader == c);
        if (linked) continue;
        p.edges.push_back(TypedEdge{EdgeKind::kState, n, c, outs[k]});
        ++bridged;
      }
    }
  }
  if (bridged > 0) {
    p.evidence.push_back("state: the encoder's final state is read by " + std::to_string(bridged) +
                         " decoder op(s) that start its state");
  }
  for (const StateLink& l : links) {
    const int producer = g_.tensors[l.tensor].producer;
    p.edges.push_back(TypedEdge{EdgeKind::kState, producer, l.reader, l.tensor});
    p.evidence.push_back("state: " + TensorText(l.tensor) + " from " + Name(l.from_rnn) +
                         "'s final state starts " + Name(l.to_rnn));
  }
}

// Stages: numbered name scopes ("layers.3") when the exporter kept them, otherwise the
// group's self-attention blocks in order.
void Analyzer::SequenceStages(const std::vector<CrossAttention>& cross, Proposal& p) const {
  std::vector<int> block_start;  // node ids where a new self-attention block begins
  for (size_t i = 0; i < g_.nodes.size(); ++i) {
    if (!HasTrait(g_.nodes[i].op_type, OpTrait::kSoftmax)) continue;
    bool is_cross = false;
    for (const CrossAttention& c : cross) is_cross = is_cross || c.softmax == static_cast<int>(i);
    if (is_cross) continue;
    int t = g_.nodes[i].inputs.empty() ? -1 : g_.nodes[i].inputs[0];
    // The block starts after the producer of its query stream.
    for (int hops = 0; hops < kMaxScoreHops && t >= 0; ++hops) {
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
}

}  // namespace grouping_internal
}  // namespace graphgen
