#include "fuzz/fuzz_render.h"

#include <algorithm>
#include <string>
#include <vector>

#include "diagram/diagram_builder.h"
#include "fuzz/fuzz_checks.h"
#include "layout/layered/layered_layout.h"
#include "layout/layout_invariants.h"
#include "render/dot/dot_writer.h"
#include "render/summary/summary.h"
#include "render/svg/svg_renderer.h"

namespace graphgen {
namespace fuzz {
namespace {

LayoutResult GridLayout(const Diagram& d) {
  LayoutResult r;
  double x = 0, y = 0, row = 0;
  for (const LayoutNode& n : d.graph.nodes) {
    if (x > 1000) {
      x = 0;
      y += row + 20;
      row = 0;
    }
    r.nodes.push_back(Box{x, y, n.width, n.height});
    x += n.width + 20;
    row = std::max(row, n.height);
  }
  r.width = 1200;
  r.height = y + row;
  for (const LayoutEdge& e : d.graph.edges) {
    const Box& a = r.nodes[e.from];
    const Box& b = r.nodes[e.to];
    EdgePath p;
    p.points = {{a.x, a.y}, {a.x + 1, a.y + 1}, {b.x - 1, b.y - 1}, {b.x, b.y}};
    p.has_arrow = true;
    p.arrow_tip = {b.x, b.y + 2};
    r.edges.push_back(p);
  }
  for (size_t i = 0; i < d.graph.clusters.size(); ++i) {
    r.clusters.push_back(Box{0, 0, r.width, r.height});
    r.cluster_labels.push_back(Box{0, 0, 100, 12});
  }
  return r;
}

}  // namespace

RenderOptions ShowEverything() {
  RenderOptions o;
  o.show_dtype = true;
  o.show_layer_names = true;
  o.show_activations = true;
  o.show_trainable = true;
  return o;
}

void RenderAndCheck(const LayerGraph& graph, const RenderOptions& options, FuzzLayout layout_kind,
                    const Grouping* grouping, bool u_shape) {
  Diagram diagram = BuildDiagram(graph, options, grouping, u_shape);
  diagram.title = graph.graph_name;
  diagram.metadata = {{"model", graph.graph_name}, {"producer", graph.producer}};
  if (diagram.nodes.size() != diagram.graph.nodes.size() ||
      diagram.edges.size() != diagram.graph.edges.size() ||
      diagram.clusters.size() != diagram.graph.clusters.size()) {
    Fail("diagram styles and layout graph disagree in size");
  }
  for (const LayoutEdge& e : diagram.graph.edges) {
    if (e.from < 0 || e.to < 0 || static_cast<size_t>(e.from) >= diagram.graph.nodes.size() ||
        static_cast<size_t>(e.to) >= diagram.graph.nodes.size()) {
      Fail("diagram edge out of range");
    }
  }
  for (size_t c = 0; c < diagram.graph.clusters.size(); ++c) {
    if (diagram.graph.clusters[c].parent >= static_cast<int>(c)) Fail("cluster after its child");
  }
  const std::string dot = WriteDot(diagram, LayoutOptions());
  CheckDot(dot, diagram.graph.nodes.size(), diagram.graph.edges.size());

  LayoutResult layout;
  if (layout_kind == FuzzLayout::kLayered) {
    auto result = LayeredLayout().Layout(diagram.graph, LayoutOptions());
    if (!result.ok()) Fail("layered layout failed: " + result.status().message());
    const std::vector<std::string> broken = CheckLayoutResult(diagram.graph, *result);
    if (!broken.empty()) Fail("layered layout broke a promise: " + broken.front());
    layout = std::move(*result);
  } else {
    layout = GridLayout(diagram);
  }
  CheckSvg(RenderSvg(diagram, layout));
  (void)FormatSummary(graph, graph.graph_name);
}

}  // namespace fuzz
}  // namespace graphgen
