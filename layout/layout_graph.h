// The layout graph: sized boxes, edges and a cluster tree — all that a layout engine sees.
// It carries no op types or names; the diagram builder makes it from the layer graph.
#ifndef LAYOUT_LAYOUT_GRAPH_H_
#define LAYOUT_LAYOUT_GRAPH_H_

#include <vector>

namespace graphgen {

struct LayoutNode {
  double width = 0;   // points
  double height = 0;  // points
  int cluster = -1;   // innermost cluster id, or -1 for none
  // A rank chosen by the caller (the U of an encoder-decoder). Both engines use the
  // callers' ranks only when every node has one (>= 0), every constraint edge then points
  // at least one rank down and no edge is flat; otherwise they rank the graph themselves.
  // Default -1.
  int rank = -1;
};

struct LayoutEdge {
  int from = 0;
  int to = 0;
  // False for edges that should not pull ranks (a subgraph hanging under its node).
  bool constraint = true;
};

struct LayoutCluster {
  int parent = -1;         // enclosing cluster, or -1; parents precede their children
  double label_width = 0;  // space reserved for the label at the cluster's top
  double label_height = 0;
  // Centre the cluster sideways between the boxes its edges reach outside it (the
  // bottleneck at the foot of a U), as far as what lies beside it allows. Default false.
  bool centre = false;
};

struct LayoutGraph {
  std::vector<LayoutNode> nodes;
  std::vector<LayoutEdge> edges;
  std::vector<LayoutCluster> clusters;
};

// Whether the caller's ranks (LayoutNode::rank) can be kept: every node has one, every
// constraint edge points at least one rank down, and no edge is flat (a flat edge has no
// route between rank bands). The diagram builder, Graphviz and the layered engine's
// layering all decide by this one rule.
inline bool RanksUsable(const LayoutGraph& graph) {
  if (graph.nodes.empty()) return false;
  for (const LayoutNode& n : graph.nodes) {
    if (n.rank < 0) return false;
  }
  for (const LayoutEdge& e : graph.edges) {
    if (e.from == e.to) continue;
    const int down = graph.nodes[e.to].rank - graph.nodes[e.from].rank;
    if (down == 0 || (e.constraint && down < 1)) return false;
  }
  return true;
}

enum class RankDir { kTB, kLR, kBT, kRL };

// "TB", "LR", "BT", "RL": Graphviz's and plot_model's spelling.
inline const char* RankDirName(RankDir dir) {
  switch (dir) {
    case RankDir::kTB:
      return "TB";
    case RankDir::kLR:
      return "LR";
    case RankDir::kBT:
      return "BT";
    case RankDir::kRL:
      return "RL";
  }
  return "TB";
}

struct LayoutOptions {
  RankDir rankdir = RankDir::kTB;  // the direction edges flow: top to bottom by default
  double node_sep = 14;            // points between neighbouring boxes in one rank
  double rank_sep = 26;            // points between consecutive ranks
  double cluster_margin = 8;       // points between a cluster's border and its content
};

}  // namespace graphgen

#endif  // LAYOUT_LAYOUT_GRAPH_H_
