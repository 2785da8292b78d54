// The working graph of the layered (Sugiyama) engine: real boxes plus dummy items, their
// ranks, orders and coordinates, the edges with their routes. Every phase reads and writes
// this one struct; a DOT dump of it backs `--dump-after PHASE`.
#ifndef LAYOUT_LAYERED_GRAPH_H_
#define LAYOUT_LAYERED_GRAPH_H_

#include <string>
#include <vector>

#include "layout/layout_graph.h"
#include "layout/layout_result.h"

namespace graphgen {

// Several edges on one side of a real box meet it at ports spread over the middle
// kPortReach of that side (edge routing); coordinate assignment keeps cluster labels
// clear of that span.
inline constexpr double kPortReach = 0.8;

// A node of the layered graph. Items [0, LayeredGraph::num_real) are the LayoutGraph's
// nodes, in order; the rest are dummies (one per rank of a long-edge chain) or cluster
// fillers (an empty rank inside a cluster's rank span).
enum class ItemKind { kReal, kDummy, kFiller };

struct LayeredItem {
  ItemKind kind = ItemKind::kReal;
  // Size in the internal top-to-bottom frame: for LR/RL the box's width and height are
  // swapped, so ranks always run along y.
  double width = 0;
  double height = 0;
  int cluster = -1;      // innermost cluster, or -1
  int rank = -1;         // set by layering (real) or long-edge splitting (dummies)
  int preset_rank = -1;  // LayoutNode::rank, for real items
  int order = -1;        // position in its rank, set by crossing minimisation
  double x = 0;          // centre, internal frame, set by coordinate assignment
  double y = 0;
  bool self_loop = false;  // has an edge to itself: keeps room on its right for the loop
};

struct LayeredEdge {
  int from = 0;  // LayoutGraph endpoints, never changed
  int to = 0;
  bool constraint = true;
  // The working direction: tail -> head with rank(tail) < rank(head) once layered.
  int tail = 0;
  int head = 0;
  bool reversed = false;  // tail == to: cycle breaking or a backward non-constraint edge
  // Set by long-edge splitting for edges spanning more than one rank: the tail's shared
  // dummy chain; the edge uses its first (rank(head) - rank(tail) - 1) dummies.
  int chain = -1;
  // The route in Bézier form (3n+1 points), from `from`'s box to the arrow's start, and
  // the arrow tip on `to`'s box. Set by edge routing; reversed back by direction restore.
  std::vector<Point> route;
  Point arrow_tip;
  bool has_route = false;
};

// One dummy chain: the dummies below `tail`, one per rank, shared by all of the tail's
// long edges (they split off where their heads are).
struct DummyChain {
  int tail = 0;
  std::vector<int> dummies;  // item ids at ranks rank(tail)+1, +2, ...
};

// Per-cluster spacing in the internal frame, derived from LayoutOptions and the label.
struct ClusterPadding {
  double top = 0;     // above the first rank's content (label goes here for TB)
  double bottom = 0;  // below the last rank's content (label goes here for BT)
  double left = 0;    // left of the content (label goes here for LR/RL)
  double right = 0;
  double min_width = 0;  // internal width the label needs
};

struct LayeredGraph {
  LayoutOptions options;
  int num_real = 0;
  std::vector<LayeredItem> items;
  std::vector<LayeredEdge> edges;  // indexed like LayoutGraph::edges
  std::vector<LayoutCluster> clusters;
  std::vector<ClusterPadding> padding;  // indexed like clusters
  std::vector<int> cluster_depth;       // 0 for top-level clusters

  // Long-edge splitting: chains, and the proper graph (every segment spans one rank) as
  // compressed adjacency: item v's upper neighbours are up[up_start[v] .. up_start[v+1]).
  std::vector<DummyChain> chains;
  std::vector<int> up_start, up;
  std::vector<int> down_start, down;

  // Crossing minimisation: items of each rank, left to right.
  std::vector<std::vector<int>> ranks;

  // Coordinate assignment: per rank, the top and bottom of its band (internal frame);
  // per cluster, its rectangle and label box (internal frame until the rankdir transform).
  std::vector<double> rank_top, rank_bottom;
  // Per rank, the room cluster padding (and labels) take above rank_top and below
  // rank_bottom: edges cross it vertically, so a route never slants over a label.
  std::vector<double> pad_top, pad_bottom;
  std::vector<Box> cluster_boxes;
  std::vector<Box> cluster_labels;
  double width = 0;
  double height = 0;

  int num_ranks() const { return static_cast<int>(ranks.size()); }
  bool IsReal(int item) const { return item < num_real; }
  // The innermost cluster holding both a and b (clusters, not items), or -1.
  int CommonCluster(int a, int b) const;
  // Whether `cluster` is `ancestor` or lies inside it; -1 (the root) contains everything.
  bool Inside(int cluster, int ancestor) const;
  // Rebuilds up/down adjacency from the edges, chains and ranks (after splitting).
  void BuildProperAdjacency();
};

// Makes the working graph: real items sized for the internal frame, edges unreversed,
// cluster depths and padding from the options.
LayeredGraph MakeLayeredGraph(const LayoutGraph& graph, const LayoutOptions& options);

// The working graph as Graphviz DOT, with whatever ranks, orders and positions are set:
// real items are boxes "n<i>", dummies points "d<i>"; clusters are subgraphs.
std::string LayeredGraphToDot(const LayeredGraph& graph);

}  // namespace graphgen

#endif  // LAYOUT_LAYERED_GRAPH_H_
