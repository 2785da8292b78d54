// A LayeredPhaseObserver for tests: runs the invariant checks after every phase of the
// layered engine and keeps what failed, so each phase's postconditions are checked alike.
#ifndef LAYOUT_LAYERED_PHASE_CHECKER_H_
#define LAYOUT_LAYERED_PHASE_CHECKER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "layout/layered/layered_layout.h"
#include "layout/layout_invariants.h"

namespace graphgen {

class PhaseChecker : public LayeredPhaseObserver {
 public:
  void AfterPhase(std::string_view phase, const LayeredGraph& g, double) override {
    phases.emplace_back(phase);
    // Dummy nodes are made by long-edge handling; their count shows whether long edges
    // were compressed.
    if (phase == "long_edges") items_after_splitting = g.items.size();
    for (const std::string& v : CheckLayeredPhase(phase, g)) {
      violations.push_back(std::string(phase) + ": " + v);
    }
  }

  std::vector<std::string> phases;
  std::vector<std::string> violations;
  size_t items_after_splitting = 0;
};

}  // namespace graphgen

#endif  // LAYOUT_LAYERED_PHASE_CHECKER_H_
