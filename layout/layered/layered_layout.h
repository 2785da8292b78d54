// graphgen's own layered (Sugiyama) layout engine: the default. Runs the phases of
// layered_phases.h in order over a LayeredGraph and reads the LayoutResult off it.
// Linear or near-linear in the graph's size, deterministic bit for bit.
#ifndef LAYOUT_LAYERED_LAYERED_LAYOUT_H_
#define LAYOUT_LAYERED_LAYERED_LAYOUT_H_

#include <string_view>

#include "layout/layered/layered_phases.h"
#include "layout/layered_graph.h"
#include "layout/layout_engine.h"

namespace graphgen {

// Told before each phase, with the phase itself (its name and its checks), and after it,
// with the working graph and the CPU seconds the phase took: --timing, --dump-after and
// the invariant tests (phase_checker.h) hook in here.
class LayeredPhaseObserver {
 public:
  virtual ~LayeredPhaseObserver() = default;
  // `phase` lives until the matching AfterPhase has returned.
  virtual void BeforePhase(const LayeredPhase& phase, const LayeredGraph& graph) {}
  virtual void AfterPhase(std::string_view phase, const LayeredGraph& graph,
                          double cpu_seconds) = 0;
};

class LayeredLayout : public LayoutEngine {
 public:
  LayeredLayout() = default;
  // `observer` (not owned, may be null) must outlive the engine.
  explicit LayeredLayout(LayeredPhaseObserver* observer) : observer_(observer) {}

  std::string_view Name() const override { return "layered"; }
  StatusOr<LayoutResult> Layout(const LayoutGraph& graph,
                                const LayoutOptions& options) const override;

 private:
  LayeredPhaseObserver* observer_ = nullptr;
};

// The phase names, in order, as --dump-after accepts them: read off MakeLayeredPhases.
// The array lives as long as the program.
const char* const* LayeredPhaseNames(int* count);

}  // namespace graphgen

#endif  // LAYOUT_LAYERED_LAYERED_LAYOUT_H_
