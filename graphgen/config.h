// What one run of graphgen does: the options struct of each stage (import, passes,
// grouping, layout, render) and the application's own choices (output, mode, extra
// outputs). The CLI and the project config fill it from the flag table (flags.h); the
// pipeline (pipeline.h) reads it.
#ifndef GRAPHGEN_CONFIG_H_
#define GRAPHGEN_CONFIG_H_

#include <cstdint>
#include <string>

#include "diagram/render_options.h"
#include "importers/importer.h"
#include "layout/layout_graph.h"
#include "passes/grouping/grouping.h"
#include "passes/passes.h"

namespace graphgen {

inline constexpr const char* kVersion = "0.1.0";

// What Run does with the rendered bytes.
enum class WriteMode {
  kWrite,   // write the output (the default)
  kCheck,   // --check: compare with the file on disk, never write; kStale when different
  kUpdate,  // `graphgen update`: write only when the file on disk differs
};

// Which layout engine places the diagram: graphgen's own layered engine (the default,
// linear in the graph's size) or Graphviz dot in-process (for comparison; slow past a few
// thousand boxes).
enum class LayoutEngineKind { kLayered, kGraphviz };

struct Config {
  std::string input;   // the model file
  std::string output;  // a path, or "-" for stdout; empty: none
  // The output format: an OutputWriter name from render/outputs.h ("svg", "dot", ...).
  std::string format = "svg";
  ImportOptions import;
  PassOptions passes;
  LayoutOptions layout;
  RenderOptions render;
  // Also write TensorBoard's event file LOGDIR/events.out.tfevents.<T>.graphgen, creating
  // LOGDIR if needed (--tensorboard LOGDIR); empty: none.
  std::string tensorboard_dir;
  // Seconds since 1970 for event files: <T> in the name and every wall_time
  // (SOURCE_DATE_EPOCH, else --timestamp); -1 = the current time.
  int64_t timestamp = -1;
  GroupingOptions grouping;     // --groups: find encoder / bottleneck / decoder
  std::string groups_json;      // --groups-json FILE: the grouping as JSON; empty: none
  bool explain_groups = false;  // --explain-groups: the grouping's evidence on stderr
  bool u_shape = false;         // --shape u: a found encoder-decoder drawn as a U
  bool summary = false;         // print the summary table to stdout
  bool verbose = false;         // print totals and timings to stderr
  // --summary-style: shapes in the summary as Keras prints them (else as diagrams do).
  bool summary_keras_shapes = true;
  WriteMode mode = WriteMode::kWrite;
  LayoutEngineKind layout_engine = LayoutEngineKind::kLayered;
  bool timing = false;  // print the CPU time of each layout phase to stderr
  // A layered-engine phase name (LayeredPhaseNames): after it, write the working layout
  // graph as DOT to "<output>.<phase>.dot". Empty: no dump.
  std::string dump_after;
};

}  // namespace graphgen

#endif  // GRAPHGEN_CONFIG_H_
