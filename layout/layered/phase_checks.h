// The conditions the layered phases (layered_phases.h) state as pre- and postconditions,
// as checks over the working graph. A phase's CheckPre / CheckPost lists the conditions it
// needs and the ones it leaves (its own promise plus the earlier ones it keeps); each
// check adds what it finds to `out`. LayeredLayout never runs them: tests do, through
// PhaseChecker (phase_checker.h), and anyone debugging a phase can.
#ifndef LAYOUT_LAYERED_PHASE_CHECKS_H_
#define LAYOUT_LAYERED_PHASE_CHECKS_H_

#include <initializer_list>
#include <string>
#include <vector>

#include "layout/layered_graph.h"
#include "layout/layout_invariants.h"

namespace graphgen {

// One condition: adds the violations of it found in the graph to `out`.
using PhaseCondition = void (*)(const LayeredGraph& g, Violations& out);

// Checks `conditions` in turn and returns every violation found (up to Violations::kMax).
std::vector<std::string> CheckAll(const LayeredGraph& g,
                                  std::initializer_list<PhaseCondition> conditions);

// Every edge names items that exist and runs from -> to: tail = from, head = to, not
// reversed. True as MakeLayeredGraph leaves the graph and again after EdgeDirectionRestore.
void CheckEdgesUnreversed(const LayeredGraph& g, Violations& out);

// No long-edge splitting in force: only real items, no chains, no proper adjacency, and
// any rank lists hold real items only. True before LongEdgeSplitting and after
// DummyRemoval.
void CheckUnsplit(const LayeredGraph& g, Violations& out);

// The constraint edges, read tail -> head, form a DAG (self-loops aside).
void CheckAcyclic(const LayeredGraph& g, Violations& out);

// Every real item has a rank >= 0, the least is 0, and every constraint edge that is not
// a self-loop points down at least one rank.
void CheckRanked(const LayeredGraph& g, Violations& out);

// The proper graph: adjacency built, every segment spans one rank, `ranks` lists each
// item once at its own rank, and every rank inside a cluster's rank span holds one of its
// items.
void CheckProper(const LayeredGraph& g, Violations& out);

// Every item listed in `ranks` has its index there as its `order`.
void CheckOrdered(const LayeredGraph& g, Violations& out);

// Within every rank each cluster's items are contiguous, and sibling clusters keep one
// left-to-right order across ranks.
void CheckClusterOrder(const LayeredGraph& g, Violations& out);

// Coordinates: items finite, x >= 0, inside their rank band, not overlapping their left
// neighbour; cluster boxes contain their items and label boxes; clusters overlap only by
// nesting.
void CheckPlaced(const LayeredGraph& g, Violations& out);

// Every edge has a route of 3n+1 Bézier control points.
void CheckRoutesPresent(const LayeredGraph& g, Violations& out);

// CheckLayoutResult on the real items and routes as they stand (a reversed edge's route
// read the final way round): no overlaps, no edge through a box or a label, clusters nest.
void CheckRouted(const LayeredGraph& g, Violations& out);

}  // namespace graphgen

#endif  // LAYOUT_LAYERED_PHASE_CHECKS_H_
