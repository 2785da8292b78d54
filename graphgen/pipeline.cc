#include "graphgen/pipeline.h"

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>

#include "graphgen/diagram_builder.h"
#include "graphgen/file_io.h"
#include "graphgen/summary.h"
#include "graphgen/text.h"
#include "importers/registry.h"
#include "layout/graphviz_layout.h"
#include "render/cairo_renderer.h"
#include "render/dot_writer.h"
#include "render/svg_renderer.h"

namespace graphgen {
namespace {

// Past this many boxes Graphviz dot takes many seconds; say so rather than go quiet.
constexpr size_t kSlowLayoutNodes = 300;

std::string Basename(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

double Millis(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since)
      .count();
}

const char* FormatName(OutputFormat f) {
  switch (f) {
    case OutputFormat::kDot: return "dot";
    case OutputFormat::kSvg: return "svg";
    case OutputFormat::kPng: return "png";
    case OutputFormat::kPdf: return "pdf";
  }
  return "?";
}

// The options that change the picture, for provenance.
std::string OptionsText(const Config& c) {
  const RenderOptions& r = c.render;
  std::string s = "rankdir=" + std::string(RankDirName(c.layout.rankdir));
  s += std::string(" show_shapes=") + (r.show_shapes ? "1" : "0");
  s += std::string(" show_dtype=") + (r.show_dtype ? "1" : "0");
  s += std::string(" show_layer_names=") + (r.show_layer_names ? "1" : "0");
  s += std::string(" show_params=") + (r.show_params ? "1" : "0");
  s += std::string(" show_activations=") + (r.show_activations ? "1" : "0");
  s += std::string(" show_trainable=") + (r.show_trainable ? "1" : "0");
  s += std::string(" show_constants=") + (c.passes.show_constants ? "1" : "0");
  s += std::string(" expand_nested=") + (c.passes.expand_nested ? "1" : "0");
  s += " depth=" + (c.passes.depth >= 0      ? std::to_string(c.passes.depth)
                    : c.passes.fit_boxes > 0 ? "auto"
                                             : "all");
  s += " fold=" + (c.passes.fold_min > 0 ? "min" + std::to_string(c.passes.fold_min)
                                         : std::string("off"));
  for (const std::string& u : c.passes.unfold) s += " unfold=" + Quote(u, 80);
  if (!c.passes.range_start.empty() || !c.passes.range_end.empty()) {
    s += " layer_range=" + c.passes.range_start + ":" + c.passes.range_end;
  }
  if (c.format == OutputFormat::kPng) s += " dpi=" + std::to_string(std::lround(r.dpi));
  return s;
}

}  // namespace

bool FormatFromExtension(const std::string& path, OutputFormat* format) {
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || path.find('/', dot) != std::string::npos) return false;
  std::string ext = path.substr(dot + 1);
  for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (ext == "dot" || ext == "gv") {
    *format = OutputFormat::kDot;
  } else if (ext == "svg") {
    *format = OutputFormat::kSvg;
  } else if (ext == "png") {
    *format = OutputFormat::kPng;
  } else if (ext == "pdf") {
    *format = OutputFormat::kPdf;
  } else {
    return false;
  }
  return true;
}

Status Run(const Config& config, FILE* out, FILE* err) {
  const std::string& file = config.input;
  const auto warn = [&](const std::string& message) {
    std::fprintf(err, "graphgen: warning: %s: %s\n", Quote(file, 200).c_str(),
                 message.c_str());
  };

  auto start = std::chrono::steady_clock::now();
  Warnings warnings;
  auto imported = ImportModel(file, config.import, &warnings);
  for (const std::string& w : warnings) warn(w);
  if (!imported.ok()) return imported.status().WithContext(Quote(file, 200));
  LayerGraph graph = std::move(*imported);
  const double import_ms = Millis(start);

  warnings.clear();
  GRAPHGEN_RETURN_IF_ERROR(RunPasses(graph, config.passes, &warnings));
  for (const std::string& w : warnings) warn(w);

  const std::string title = Basename(file);
  if (config.summary) {
    const std::string table = FormatSummary(graph, title);
    std::fwrite(table.data(), 1, table.size(), out);
    std::fflush(out);
  }
  if (config.verbose) {
    std::string notes;
    for (const std::string& n : graph.notes) notes += ", " + n;
    std::fprintf(err, "graphgen: %s: %s%s, %zu nodes, %lld edges, %s parameters (%.1f ms)\n",
                 Quote(file, 200).c_str(), graph.format.c_str(), notes.c_str(),
                 graph.nodes.size(), static_cast<long long>(graph.EdgeCount()),
                 GroupedCount(graph.TotalParams()).c_str(), import_ms);
  }
  if (config.output.empty()) return OkStatus();

  Diagram diagram = BuildDiagram(graph, config.render);
  diagram.title = title;
  diagram.metadata = {
      {"generator", std::string("graphgen ") + kVersion},
      {"model", title},
      {"model-format", graph.format},
      {"options", OptionsText(config)},
  };

  std::string bytes;
  if (config.format == OutputFormat::kDot) {
    bytes = WriteDot(diagram, config.layout);
  } else {
    if (diagram.graph.nodes.size() > kSlowLayoutNodes) {
      std::fprintf(err,
                   "graphgen: note: %s: laying out %zu boxes with Graphviz dot can take "
                   "minutes; --depth N draws fewer\n",
                   Quote(file, 200).c_str(), diagram.graph.nodes.size());
    }
    start = std::chrono::steady_clock::now();
    GraphvizLayout engine;
    auto layout = engine.Layout(diagram.graph, config.layout);
    if (!layout.ok()) return layout.status().WithContext(Quote(file, 200));
    const double layout_ms = Millis(start);
    start = std::chrono::steady_clock::now();
    switch (config.format) {
      case OutputFormat::kSvg:
        bytes = RenderSvg(diagram, *layout);
        break;
      case OutputFormat::kPng: {
        auto png = RenderPng(diagram, *layout, config.render.dpi);
        if (!png.ok()) return png.status().WithContext(Quote(config.output, 200));
        for (const std::string& w : png->warnings) warn(w);
        bytes = std::move(png->bytes);
        break;
      }
      case OutputFormat::kPdf: {
        auto pdf = RenderPdf(diagram, *layout, config.render.creation_date);
        if (!pdf.ok()) return pdf.status().WithContext(Quote(config.output, 200));
        bytes = std::move(*pdf);
        break;
      }
      case OutputFormat::kDot:
        break;
    }
    if (config.verbose) {
      std::fprintf(err, "graphgen: %s: layout %.1f ms (%s), render %.1f ms (%s)\n",
                   Quote(file, 200).c_str(), layout_ms, std::string(engine.Name()).c_str(),
                   Millis(start), FormatName(config.format));
    }
  }
  return WriteFileAtomically(config.output, bytes).WithContext(Quote(config.output, 200));
}

}  // namespace graphgen
