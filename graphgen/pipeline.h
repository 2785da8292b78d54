// The pipeline a user runs: import -> passes -> diagram -> layout -> render -> write,
// each stage steered by its own options struct. The CLI fills a Config; main maps the
// returned Status to an exit code.
#ifndef GRAPHGEN_PIPELINE_H_
#define GRAPHGEN_PIPELINE_H_

#include <cstdio>
#include <string>

#include "graphgen/passes.h"
#include "graphgen/status.h"
#include "importers/importer.h"
#include "layout/layout_graph.h"
#include "render/render_options.h"

namespace graphgen {

inline constexpr const char* kVersion = "0.1.0";

enum class OutputFormat { kDot, kSvg, kPng, kPdf };

// Which layout engine places the diagram: graphgen's own layered engine (the default,
// linear in the graph's size) or Graphviz dot in-process (for comparison; slow past a few
// thousand boxes).
enum class LayoutEngineKind { kLayered, kGraphviz };

struct Config {
  std::string input;   // the model file
  std::string output;  // a path, or "-" for stdout; empty: none
  OutputFormat format = OutputFormat::kSvg;
  ImportOptions import;
  PassOptions passes;
  LayoutOptions layout;
  RenderOptions render;
  bool summary = false;  // print the summary table to stdout
  bool verbose = false;  // print totals and timings to stderr
  LayoutEngineKind layout_engine = LayoutEngineKind::kLayered;
  bool timing = false;  // print the CPU time of each layout phase to stderr
  // A layered-engine phase name (LayeredPhaseNames): after it, write the working layout
  // graph as DOT to "<output>.<phase>.dot". Empty: no dump.
  std::string dump_after;
};

// The format named by a path's extension (.dot/.gv, .svg, .png, .pdf), if any.
bool FormatFromExtension(const std::string& path, OutputFormat* format);

// Runs the pipeline. Warnings and --verbose lines go to `err`, the summary to `out`.
// The returned Status's message starts with the file it is about.
Status Run(const Config& config, FILE* out, FILE* err);

}  // namespace graphgen

#endif  // GRAPHGEN_PIPELINE_H_
