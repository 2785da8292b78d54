// End-to-end timings, in CPU milliseconds (the median of several runs, so a shared
// machine's load inflates them little): import, passes, grouping, diagram, layout by the
// layered engine, and each renderer, then the whole pipeline (graphgen::Run) to SVG. Every
// model is measured as graphgen draws it by default and with --depth all --fold off
// (every op laid out). Models: the bundled U-Net, a generated ResNet-50-shaped graph, and
// any ONNX paths on the command line, e.g. the real models tools/gen_bench_models.py
// exports:
//   /usr/bin/python3 tools/gen_bench_models.py /tmp/graphgen_models
//   bazel run -c opt //bench:e2e_bench -- /tmp/graphgen_models/swin_t.onnx \
//       /tmp/graphgen_models/densenet121.onnx
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "bench/model_gen.h"
#include "diagram/diagram_builder.h"
#include "graphgen/pipeline.h"
#include "importers/registry.h"
#include "layout/layered/layered_layout.h"
#include "passes/grouping/grouping.h"
#include "passes/passes.h"
#include "render/cairo/cairo_renderer.h"
#include "render/dot/dot_writer.h"
#include "render/svg/svg_renderer.h"

namespace graphgen {
namespace {

constexpr int kRuns = 5;

double CpuMs() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

double MedianMs(const std::function<void()>& fn) {
  std::vector<double> ms;
  for (int i = 0; i < kRuns; ++i) {
    const double start = CpuMs();
    fn();
    ms.push_back(CpuMs() - start);
  }
  std::sort(ms.begin(), ms.end());
  return ms[kRuns / 2];
}

void Fail(const std::string& what) {
  std::fprintf(stderr, "e2e_bench: %s\n", what.c_str());
  std::exit(1);
}

void Bench(const std::string& label, const std::string& path, bool every_op,
           const std::string& tmp_dir) {
  PassOptions pass_options;
  if (every_op) {
    pass_options.fit_boxes = 0;  // --depth all
    pass_options.fold_min = 0;   // --fold off
  }
  Warnings warnings;
  LayerGraph graph;
  const double import_ms = MedianMs([&] {
    auto g = ImportModel(path, ImportOptions(), &warnings);
    if (!g.ok()) Fail(path + ": " + g.status().message());
    graph = std::move(*g);
  });
  LayerGraph processed;
  const double passes_ms = MedianMs([&] {
    processed = graph;
    if (!RunPasses(processed, pass_options, &warnings).ok()) Fail(path + ": passes failed");
  });
  Grouping grouping;
  const double grouping_ms = MedianMs([&] { grouping = FindGroups(processed, GroupingOptions()); });
  Diagram diagram;
  const double diagram_ms = MedianMs(
      [&] { diagram = BuildDiagram(processed, RenderOptions(), &grouping, /*u_shape=*/false); });
  LayoutResult layout;
  const double layout_ms = MedianMs([&] {
    auto l = LayeredLayout().Layout(diagram.graph, LayoutOptions());
    if (!l.ok()) Fail(path + ": " + l.status().message());
    layout = std::move(*l);
  });
  size_t bytes = 0;
  const double svg_ms = MedianMs([&] { bytes = RenderSvg(diagram, layout).size(); });
  const double dot_ms = MedianMs([&] { bytes = WriteDot(diagram, LayoutOptions()).size(); });
  bool png_ok = true;
  const double png_ms = MedianMs([&] {
    auto png = RenderPng(diagram, layout, 96);
    png_ok = png.ok();  // too big for a cairo bitmap
    bytes = png_ok ? png->bytes.size() : 0;
  });
  char png_text[32] = "-";
  if (png_ok) std::snprintf(png_text, sizeof(png_text), "%.1f", png_ms);
  // The whole pipeline, as `graphgen MODEL -o out.svg [--depth all --fold off]` runs it.
  Config config;
  config.input = path;
  config.output = tmp_dir + "/out.svg";
  config.passes = pass_options;
  FILE* null = std::fopen("/dev/null", "w");
  const double run_ms = MedianMs([&] {
    const Status s = Run(config, null, null);
    if (!s.ok()) Fail(s.message());
  });
  std::fclose(null);
  std::remove(config.output.c_str());
  std::printf("%-24s %-7s %6zu %6zu %7.1f %7.1f %7.1f %7.1f %7.1f %6.1f %6.1f %7s %8.1f\n",
              label.c_str(), every_op ? "all" : "default", diagram.graph.nodes.size(),
              diagram.graph.edges.size(), import_ms, passes_ms, grouping_ms, diagram_ms, layout_ms,
              svg_ms, dot_ms, png_text, run_ms);
  std::fflush(stdout);
}

}  // namespace
}  // namespace graphgen

int main(int argc, char** argv) {
  char tmpl[] = "/tmp/graphgen_benchXXXXXX";
  const char* made = mkdtemp(tmpl);
  if (made == nullptr) graphgen::Fail("cannot make a temporary directory");
  const std::string dir = made;
  const std::string resnet = dir + "/resnet50_shaped.onnx";
  {
    std::ofstream out(resnet, std::ios::binary);
    graphgen::MakeResNet50Model().SerializeToOstream(&out);
  }
  std::vector<std::pair<std::string, std::string>> models = {
      {"unet_small (bundled)", "fixtures/unet_small.onnx"},
      {"resnet50-shaped", resnet},
  };
  for (int i = 1; i < argc; ++i) {
    std::string name = argv[i];
    name = name.substr(name.rfind('/') + 1);
    models.emplace_back(name, argv[i]);
  }
  std::printf(
      "CPU milliseconds, median of %d runs; layout = layered engine; 'run' = the whole "
      "pipeline to an SVG file (graphgen::Run); depth 'all' = --depth all --fold off\n",
      graphgen::kRuns);
  std::printf("%-24s %-7s %6s %6s %7s %7s %7s %7s %7s %6s %6s %7s %8s\n", "model", "depth", "boxes",
              "edges", "import", "passes", "groups", "diagram", "layout", "svg", "dot", "png",
              "run");
  for (const auto& [label, path] : models) {
    graphgen::Bench(label, path, false, dir);
    graphgen::Bench(label, path, true, dir);
  }
  std::remove(resnet.c_str());
  rmdir(dir.c_str());
  return 0;
}
