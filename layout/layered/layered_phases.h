// The phases of the layered engine and MakeLayeredPhases, the one list of them in the
// order LayeredLayout runs them. Each is a class with a Run method over the shared
// LayeredGraph and its pre- and postconditions, stated in the comment above it and
// declared as code by CheckPre / CheckPost (conditions from phase_checks.h). A temporary
// change is undone by a phase defined in the same file as the one that makes it:
// reversed edges (cycle_breaking.cc), dummy items (long_edges.cc).
#ifndef LAYOUT_LAYERED_LAYERED_PHASES_H_
#define LAYOUT_LAYERED_LAYERED_PHASES_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "layout/layered/phase_checks.h"
#include "layout/layered_graph.h"

namespace graphgen {

// Phases hold no state: every run reads and writes only the graph (its options included,
// which is why Run takes no separate options).
class LayeredPhase {
 public:
  virtual ~LayeredPhase() = default;
  // The name --timing prints and --dump-after matches.
  virtual std::string_view Name() const = 0;
  virtual void Run(LayeredGraph& g) const = 0;
  // What Run needs of the graph and what it leaves, as violation lines, empty when all
  // hold: the part of the comment's Pre / Post that can be read off the graph (spacing
  // and straightness are left to the phase's tests). LayeredLayout never calls these, as
  // in a run they would only cost time; PhaseChecker calls them around every phase.
  virtual std::vector<std::string> CheckPre(const LayeredGraph& g) const = 0;
  virtual std::vector<std::string> CheckPost(const LayeredGraph& g) const = 0;
};

// Every phase, in the order LayeredLayout runs them: the one place that order is written.
// A fresh set each call (phases are stateless, so this is cheap).
std::vector<std::unique_ptr<const LayeredPhase>> MakeLayeredPhases();

// Pre: items and edges as MakeLayeredGraph leaves them (tail = from, head = to, no
// dummies).
// Post: the constraint edges, read tail -> head, form a DAG. An edge is reversed when a
// depth-first search (roots and successors in input order) meets it pointing back into
// the search stack; self-loops are left as they are and ignored by later phases.
class CycleBreaking : public LayeredPhase {
 public:
  std::string_view Name() const override { return "cycles"; }
  void Run(LayeredGraph& g) const override;
  std::vector<std::string> CheckPre(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckEdgesUnreversed, CheckUnsplit});
  }
  std::vector<std::string> CheckPost(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckAcyclic});
  }
};

// Pre: acyclic constraint edges. Post: every real item has rank >= 0, the minimum rank is
// 0, and rank(head) >= rank(tail) + 1 for every constraint edge that is not a self-loop.
// Longest path from the sources and, separately, from the sinks; on each, linear passes
// that move each item within the range its neighbours allow to where it shortens its
// edges most (ties move it down to its successors, so inputs and side branches sit next
// to their consumers); the one with the smaller total edge span is kept. When every
// item carries a caller's rank (LayoutNode::rank) that satisfies the post-condition and
// leaves no edge flat, those ranks are taken as they are.
class Layering : public LayeredPhase {
 public:
  std::string_view Name() const override { return "layering"; }
  void Run(LayeredGraph& g) const override;
  std::vector<std::string> CheckPre(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckAcyclic});
  }
  std::vector<std::string> CheckPost(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckRanked});
  }
};

// Pre: ranked real items. Post: every edge runs downward (a non-constraint edge pointing
// up is reversed here); each item with edges spanning more than one rank below it owns
// one DummyChain, a dummy per rank down to its farthest such head, shared by all those
// edges ("tail bundling": n long edges out of one node cost max span dummies, not the sum
// of spans; an encoder's output feeding every decoder block costs one chain). Each dummy
// lies in the innermost cluster holding the tail and every head still below it. Empty
// ranks inside a cluster's rank span get a filler item so clusters stay rectangles.
// `ranks` lists every item of each rank, and the proper adjacency is built.
class LongEdgeSplitting : public LayeredPhase {
 public:
  std::string_view Name() const override { return "long_edges"; }
  void Run(LayeredGraph& g) const override;
  std::vector<std::string> CheckPre(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckRanked, CheckUnsplit});
  }
  std::vector<std::string> CheckPost(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckProper});
  }
};

// Pre: proper adjacency, `ranks` complete. Post: `ranks` holds a permutation of each rank
// and every item's `order` is its index. Within every rank each cluster's items are
// contiguous, and sibling clusters appear in one left-to-right order in all ranks, so
// nested clusters become disjoint or nested rectangles. Layer sweeps down and up by
// barycenter (children of a cluster sorted as blocks), adjacent transpositions inside a
// cluster, best ordering by total crossings kept.
class CrossingMinimisation : public LayeredPhase {
 public:
  std::string_view Name() const override { return "ordering"; }
  void Run(LayeredGraph& g) const override;
  std::vector<std::string> CheckPre(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckProper});
  }
  std::vector<std::string> CheckPost(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckProper, CheckOrdered, CheckClusterOrder});
  }
};

// Pre: ordered ranks. Post: every item has x, y (centres); items of one rank do not
// overlap and keep their order with at least node_sep between boxes; rank bands
// `rank_top`/`rank_bottom` leave room for cluster padding; cluster boxes contain their
// items, child clusters and label boxes with the padding, and never overlap except by
// nesting; no edge route that follows (edge routing) can cross a label: top to bottom a
// label sits at its cluster's top left with the ports below it kept to its right,
// sideways it runs along the cluster's left padding clear of the gaps where edges cross
// that padding (the cluster growing along the flow when it is too short); all
// coordinates >= 0. Brandes–Köpf: vertical alignment by medians in four directions (a
// block crosses a cluster border only through the cluster's top or bottom rank, so a
// main chain runs straight from one cluster into the next), compaction as a longest path
// over a constraint DAG that includes cluster borders, the four results averaged, then a
// few linear passes pulling blocks toward their neighbours inside the room the
// constraints leave.
class CoordinateAssignment : public LayeredPhase {
 public:
  std::string_view Name() const override { return "coordinates"; }
  void Run(LayeredGraph& g) const override;
  std::vector<std::string> CheckPre(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckProper, CheckOrdered, CheckClusterOrder});
  }
  std::vector<std::string> CheckPost(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckProper, CheckOrdered, CheckClusterOrder, CheckPlaced});
  }
};

// Pre: coordinates. Post: each cluster marked LayoutCluster::centre, with everything in it
// (its label box included), has moved sideways toward the mean x of the outside boxes its
// edges reach, as far as it stays node_sep clear of the items and clusters beside it and
// inside its parent, with x >= 0; the dummies of its own edges beside it are pushed along,
// keeping their order, and the width grows if they or it pass the right edge. Nothing else
// moves, so the coordinates' post-conditions still hold.
class ClusterCentring : public LayeredPhase {
 public:
  std::string_view Name() const override { return "centring"; }
  void Run(LayeredGraph& g) const override;
  std::vector<std::string> CheckPre(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckPlaced});
  }
  std::vector<std::string> CheckPost(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckProper, CheckOrdered, CheckClusterOrder, CheckPlaced});
  }
};

// Pre: coordinates. Post: every edge has a route in the working direction (tail -> head)
// as Bézier control points: vertical through rank bands (at the box's port, at each
// dummy), an S-curve across each gap between bands, so no route enters a box that is
// not its endpoint. The arrowhead end (the `to` box) is shortened by the arrow length.
class EdgeRouting : public LayeredPhase {
 public:
  std::string_view Name() const override { return "routing"; }
  void Run(LayeredGraph& g) const override;
  std::vector<std::string> CheckPre(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckPlaced});
  }
  std::vector<std::string> CheckPost(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckProper, CheckOrdered, CheckClusterOrder, CheckPlaced, CheckRouted});
  }
};

// Undoes LongEdgeSplitting. Pre: routes. Post: only real items remain, in `ranks` too;
// chains and adjacency are cleared; the routes are as they were.
class DummyRemoval : public LayeredPhase {
 public:
  std::string_view Name() const override { return "dummy_removal"; }
  void Run(LayeredGraph& g) const override;
  std::vector<std::string> CheckPre(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckRoutesPresent});
  }
  std::vector<std::string> CheckPost(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckUnsplit, CheckRouted});
  }
};

// Undoes CycleBreaking (and the reversal of backward non-constraint edges). Pre: routes
// in the working direction. Post: tail = from, head = to, every route runs from `from`'s
// box to `to`'s arrow.
class EdgeDirectionRestore : public LayeredPhase {
 public:
  std::string_view Name() const override { return "restore_edges"; }
  void Run(LayeredGraph& g) const override;
  std::vector<std::string> CheckPre(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckRoutesPresent, CheckUnsplit});
  }
  std::vector<std::string> CheckPost(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckEdgesUnreversed, CheckRouted});
  }
};

// Pre: everything placed top to bottom. Post: coordinates in the final frame for the
// rankdir (TB unchanged, BT mirrored in y, LR/RL transposed), box sizes back to the
// LayoutGraph's, cluster and label boxes mapped with them (a label then lies at its
// cluster's top, at the left unless coordinate assignment slid it along).
class RankdirTransform : public LayeredPhase {
 public:
  std::string_view Name() const override { return "rankdir"; }
  void Run(LayeredGraph& g) const override;
  std::vector<std::string> CheckPre(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckRoutesPresent, CheckEdgesUnreversed, CheckUnsplit});
  }
  std::vector<std::string> CheckPost(const LayeredGraph& g) const override {
    return CheckAll(g, {CheckRouted});
  }
};

}  // namespace graphgen

#endif  // LAYOUT_LAYERED_LAYERED_PHASES_H_
