#include "layout/layered/layered_layout.h"

#include <time.h>

#include <memory>
#include <string>
#include <vector>

#include "layout/layered/layered_phases.h"

namespace graphgen {
namespace {

double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The phase names as C strings, read off the phase objects.
class PhaseNameTable {
 public:
  PhaseNameTable() {
    for (const std::unique_ptr<const LayeredPhase>& phase : MakeLayeredPhases()) {
      names_.emplace_back(phase->Name());
    }
    // Taken once names_ is complete, so no pointer moves with a reallocation.
    for (const std::string& name : names_) pointers_.push_back(name.c_str());
  }
  const char* const* data() const { return pointers_.data(); }
  int size() const { return static_cast<int>(pointers_.size()); }

 private:
  std::vector<std::string> names_;
  std::vector<const char*> pointers_;
};

}  // namespace

const char* const* LayeredPhaseNames(int* count) {
  // Built on first use and never changed or destroyed, so the pointers handed out stay
  // valid for the program's life (the style guide's function-local static pointer).
  static const PhaseNameTable* const table = new PhaseNameTable();
  *count = table->size();
  return table->data();
}

StatusOr<LayoutResult> LayeredLayout::Layout(const LayoutGraph& graph,
                                             const LayoutOptions& options) const {
  const int n = static_cast<int>(graph.nodes.size());
  for (size_t i = 0; i < graph.edges.size(); ++i) {
    const LayoutEdge& e = graph.edges[i];
    if (e.from < 0 || e.from >= n || e.to < 0 || e.to >= n) {
      return Internal("layered layout: edge " + std::to_string(i) + " names a missing node");
    }
  }
  for (const LayoutNode& node : graph.nodes) {
    if (!(node.width >= 0 && node.height >= 0 && node.width < 1e7 && node.height < 1e7)) {
      return Internal("layered layout: a node has an invalid size");
    }
  }
  LayeredGraph g = MakeLayeredGraph(graph, options);
  for (const std::unique_ptr<const LayeredPhase>& phase : MakeLayeredPhases()) {
    if (observer_ != nullptr) observer_->BeforePhase(*phase, g);
    const double start = CpuSeconds();
    phase->Run(g);
    const double seconds = CpuSeconds() - start;
    if (observer_ != nullptr) observer_->AfterPhase(phase->Name(), g, seconds);
  }

  LayoutResult result;
  result.width = g.width;
  result.height = g.height;
  result.nodes.resize(n);
  for (int v = 0; v < n; ++v) {
    const LayeredItem& it = g.items[v];
    result.nodes[v] = Box{it.x - it.width / 2, it.y - it.height / 2, it.width, it.height};
  }
  result.edges.resize(g.edges.size());
  for (size_t i = 0; i < g.edges.size(); ++i) {
    LayeredEdge& e = g.edges[i];
    result.edges[i].points = std::move(e.route);
    result.edges[i].has_arrow = e.has_route;
    result.edges[i].arrow_tip = e.arrow_tip;
  }
  result.clusters = std::move(g.cluster_boxes);
  result.cluster_labels = std::move(g.cluster_labels);
  return result;
}

}  // namespace graphgen
