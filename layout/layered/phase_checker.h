// PhaseChecker, a LayeredPhaseObserver for tests: runs each layered phase's CheckPre
// before it and CheckPost after it, and keeps what failed, so every phase's declared
// conditions are checked alike on whatever graph a test lays out.
#ifndef LAYOUT_LAYERED_PHASE_CHECKER_H_
#define LAYOUT_LAYERED_PHASE_CHECKER_H_

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "layout/layered/layered_layout.h"
#include "layout/layered/layered_phases.h"

namespace graphgen {

class PhaseChecker : public LayeredPhaseObserver {
 public:
  void BeforePhase(const LayeredPhase& phase, const LayeredGraph& g) override {
    running_ = &phase;
    Keep(phase.Name(), " (pre)", phase.CheckPre(g));
  }

  void AfterPhase(std::string_view phase, const LayeredGraph& g, double) override {
    phases.emplace_back(phase);
    peak_items = std::max(peak_items, g.items.size());
    // The engine announces every phase before running it; anything else is a bug in the
    // engine's loop, not in a phase.
    if (running_ == nullptr || running_->Name() != phase) {
      violations.push_back(std::string(phase) + ": ran without BeforePhase");
      return;
    }
    Keep(phase, "", running_->CheckPost(g));
    running_ = nullptr;
  }

  std::vector<std::string> phases;      // names, in the order they ran
  std::vector<std::string> violations;  // "<phase>[ (pre)]: <violation>"
  // The most items the working graph held after a phase: the count after long-edge
  // splitting added its dummies and fillers, before dummy removal takes them away.
  size_t peak_items = 0;

 private:
  void Keep(std::string_view phase, const char* when, const std::vector<std::string>& found) {
    for (const std::string& v : found) {
      violations.push_back(std::string(phase) + when + ": " + v);
    }
  }

  const LayeredPhase* running_ = nullptr;  // between BeforePhase and AfterPhase
};

}  // namespace graphgen

#endif  // LAYOUT_LAYERED_PHASE_CHECKER_H_
