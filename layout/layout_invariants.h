// Invariant checks for layouts: the geometric promises every engine's LayoutResult keeps
// (sizes kept, no overlaps, no edge through a box, clusters nest), and the small
// vocabulary the layered engine's phase checks (layered/phase_checks.h) share with them:
// the violation list and the box tests with their slack. A check returns the violations
// found as readable lines (at most a few dozen), empty when all hold.
#ifndef LAYOUT_LAYOUT_INVARIANTS_H_
#define LAYOUT_LAYOUT_INVARIANTS_H_

#include <cstddef>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "layout/layout_graph.h"
#include "layout/layout_result.h"

namespace graphgen {

// The violations one check finds, as readable lines. Only the first kMax are kept: a
// broken layout can break one rule at every node, and the first few say what is wrong.
class Violations {
 public:
  static constexpr size_t kMax = 40;

  // Adds a line formatted like printf.
  template <typename... Args>
  void Add(const char* format, Args... args) {
    if (lines_.size() >= kMax) return;
    char buf[512];
    std::snprintf(buf, sizeof(buf), format, args...);
    lines_.push_back(buf);
  }
  // Adds another check's lines, as far as there is room.
  void AddAll(const std::vector<std::string>& lines) {
    for (const std::string& line : lines) Add("%s", line.c_str());
  }

  bool empty() const { return lines_.empty(); }
  std::vector<std::string> Take() { return std::move(lines_); }

 private:
  std::vector<std::string> lines_;
};

// Touching is not overlapping: the box tests allow this many points of slack, as much as
// rounding in the layout's arithmetic can shift a side.
inline constexpr double kBoxSlack = 0.5;

// Whether a and b share more than kBoxSlack in both directions.
bool BoxesOverlap(const Box& a, const Box& b);
// Whether `inner` lies inside `outer`, give or take kBoxSlack.
bool BoxContains(const Box& outer, const Box& inner);

// The final result: one box per node with the asked-for size, all coordinates finite and
// >= 0; no two node boxes overlap; every edge is 3n+1 points, and no piece of it (the
// Bézier sampled finely, plus the arrow) enters a node box other than its endpoints';
// each cluster box contains its nodes and child clusters, and two cluster boxes overlap
// only when one contains the other; label boxes lie inside their cluster's box and no
// edge crosses one.
std::vector<std::string> CheckLayoutResult(const LayoutGraph& graph, const LayoutResult& r);

}  // namespace graphgen

#endif  // LAYOUT_LAYOUT_INVARIANTS_H_
