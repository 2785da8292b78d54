// End-to-end timings: import, passes, layout and each renderer, for the bundled U-Net and
// a generated ResNet-50-shaped graph. Prints the median of several runs per stage.
//   bazel run -c opt //bench:e2e_bench
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "bench/model_gen.h"
#include "graphgen/diagram_builder.h"
#include "graphgen/passes.h"
#include "importers/registry.h"
#include "layout/graphviz_layout.h"
#include "render/cairo_renderer.h"
#include "render/dot_writer.h"
#include "render/svg_renderer.h"

namespace graphgen {
namespace {

constexpr int kRuns = 9;

double MedianMs(const std::function<void()>& fn) {
  std::vector<double> ms;
  for (int i = 0; i < kRuns; ++i) {
    const auto start = std::chrono::steady_clock::now();
    fn();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                           start)
                     .count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[kRuns / 2];
}

int Bench(const std::string& label, const std::string& path) {
  Warnings warnings;
  LayerGraph graph;
  const double import_ms = MedianMs([&] {
    auto g = ImportModel(path, ImportOptions(), &warnings);
    if (!g.ok()) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), g.status().message().c_str());
      std::exit(1);
    }
    graph = std::move(*g);
  });
  LayerGraph processed;
  const double passes_ms = MedianMs([&] {
    processed = graph;
    (void)RunPasses(processed, PassOptions(), &warnings);
  });
  Diagram diagram;
  const double diagram_ms = MedianMs([&] { diagram = BuildDiagram(processed, RenderOptions()); });
  LayoutResult layout;
  const double layout_ms = MedianMs([&] {
    auto l = GraphvizLayout().Layout(diagram.graph, LayoutOptions());
    layout = std::move(*l);
  });
  size_t bytes = 0;
  const double svg_ms = MedianMs([&] { bytes = RenderSvg(diagram, layout).size(); });
  const double dot_ms = MedianMs([&] { bytes = WriteDot(diagram, LayoutOptions()).size(); });
  const double png_ms = MedianMs([&] { bytes = RenderPng(diagram, layout, 96)->bytes.size(); });
  const double pdf_ms = MedianMs([&] { bytes = RenderPdf(diagram, layout, "1970-01-01T00:00:00Z")->size(); });
  const double to_svg = import_ms + passes_ms + diagram_ms + layout_ms + svg_ms;
  std::printf("%-22s %5zu %7.1f %7.1f %8.1f %7.1f %6.1f %6.1f %6.1f %6.1f %9.1f\n", label.c_str(),
              diagram.graph.nodes.size(), import_ms, passes_ms, diagram_ms, layout_ms, svg_ms,
              dot_ms, png_ms, pdf_ms, to_svg);
  return 0;
}

}  // namespace
}  // namespace graphgen

int main() {
  char tmpl[] = "/tmp/graphgen_benchXXXXXX";
  const std::string dir = mkdtemp(tmpl);
  const std::string resnet = dir + "/resnet50_shaped.onnx";
  {
    std::ofstream out(resnet, std::ios::binary);
    graphgen::MakeResNet50Model().SerializeToOstream(&out);
  }
  std::printf("median of %d runs, milliseconds; 'to SVG' = import+passes+diagram+layout+svg\n",
              graphgen::kRuns);
  std::printf("%-22s %5s %7s %7s %8s %7s %6s %6s %6s %6s %9s\n", "model", "boxes", "import",
              "passes", "diagram", "layout", "svg", "dot", "png", "pdf", "to SVG");
  graphgen::Bench("unet_small (bundled)", "fixtures/unet_small.onnx");
  graphgen::Bench("resnet50-shaped (122)", resnet);
  std::remove(resnet.c_str());
  rmdir(dir.c_str());
  return 0;
}
