// Drawing quality on real models: graphgen's layered engine against Graphviz dot on the
// diagram graphgen would draw (grouping found, default depth and folding, or every op).
//   bazel run -c opt //bench:quality_bench -- [--rankdir=LR] [--every_op] [--no_dot] MODEL...
// Per model and engine: canvas width and height, area, proper edge crossings
// (layout_metrics.h), the main path's box count, bends and sideways travel, arrowheads
// crowded on one box (closer than 12 pt where the box has room), and for ours the number
// of layout invariant violations (layout_invariants.h; 0 expected).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "diagram/diagram_builder.h"
#include "importers/registry.h"
#include "layout/graphviz/graphviz_layout.h"
#include "layout/layered/layered_layout.h"
#include "layout/layout_invariants.h"
#include "layout/layout_metrics.h"
#include "passes/grouping/grouping.h"
#include "passes/passes.h"

namespace graphgen {
namespace {

// Arrowheads on one box closer than this (where its side has room) count as crowded.
constexpr double kCrowdGap = 12;

void Row(const std::string& model, const char* engine, const LayoutGraph& g, const LayoutResult& r,
         RankDir dir, int issues) {
  const MainPath m = MeasureMainPath(g, r, dir);
  std::printf("%-28s %-8s %6zu %8.0f %8.0f %9.3f %6lld %5d %5d %8.0f %6d %6d\n", model.c_str(),
              engine, g.nodes.size(), r.width, r.height, r.width * r.height / 1e6,
              static_cast<long long>(CountCrossings(g, r)), m.boxes, m.bends, m.travel,
              CountCrowdedPorts(g, r, dir, kCrowdGap), issues);
}

}  // namespace
}  // namespace graphgen

int main(int argc, char** argv) {
  using namespace graphgen;
  LayoutOptions layout_options;
  PassOptions pass_options;
  bool run_dot = true;
  std::vector<std::string> models;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--rankdir=LR") {
      layout_options.rankdir = RankDir::kLR;
    } else if (a == "--rankdir=TB") {
      layout_options.rankdir = RankDir::kTB;
    } else if (a == "--every_op") {
      pass_options.fit_boxes = 0;  // --depth all
      pass_options.fold_min = 0;   // --fold off
    } else if (a == "--no_dot") {
      run_dot = false;
    } else if (a.rfind("--", 0) == 0) {
      std::fprintf(stderr, "unknown flag %s\n", a.c_str());
      return 2;
    } else {
      models.push_back(a);
    }
  }
  std::printf(
      "rankdir %s%s; area in millions of pt^2; path = main path boxes, bends, travel (pt); "
      "crowd = arrowhead pairs < 12 pt apart\n",
      RankDirName(layout_options.rankdir), pass_options.fold_min == 0 ? ", every op" : "");
  std::printf("%-28s %-8s %6s %8s %8s %9s %6s %5s %5s %8s %6s %6s\n", "model", "engine", "boxes",
              "width", "height", "area", "cross", "path", "bends", "travel", "crowd", "issues");
  for (const std::string& path : models) {
    Warnings warnings;
    auto graph = ImportModel(path, ImportOptions(), &warnings);
    if (!graph.ok()) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), graph.status().message().c_str());
      return 1;
    }
    if (!RunPasses(*graph, pass_options, &warnings).ok()) {
      std::fprintf(stderr, "%s: passes failed\n", path.c_str());
      return 1;
    }
    const Grouping grouping = FindGroups(*graph, GroupingOptions());
    const Diagram diagram = BuildDiagram(*graph, RenderOptions(), &grouping, false);
    const LayoutGraph& g = diagram.graph;
    std::string name = path.substr(path.rfind('/') + 1);
    auto ours = LayeredLayout().Layout(g, layout_options);
    if (!ours.ok()) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), ours.status().message().c_str());
      return 1;
    }
    const std::vector<std::string> issues = CheckLayoutResult(g, *ours);
    for (size_t i = 0; i < issues.size() && i < 3; ++i) {
      std::fprintf(stderr, "%s: %s\n", name.c_str(), issues[i].c_str());
    }
    Row(name, "layered", g, *ours, layout_options.rankdir, static_cast<int>(issues.size()));
    if (run_dot) {
      auto dot = GraphvizLayout().Layout(g, layout_options);
      if (dot.ok()) Row(name, "dot", g, *dot, layout_options.rankdir, -1);
    }
  }
  return 0;
}
