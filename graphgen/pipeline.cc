#include "graphgen/pipeline.h"

#include <sys/stat.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>

#include "core/file_io.h"
#include "core/graph_hash.h"
#include "core/text.h"
#include "diagram/diagram_builder.h"
#include "graphgen/check.h"
#include "graphgen/flags.h"
#include "importers/registry.h"
#include "layout/graphviz/graphviz_layout.h"
#include "layout/layered/layered_layout.h"
#include "layout/layered_graph.h"
#include "render/groups_json/grouping_report.h"
#include "render/outputs.h"
#include "render/summary/summary.h"
#include "render/tfevents/group_scopes.h"
#include "render/tfevents/tfevents_writer.h"

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

// What every output writer is told about the model: provenance, time, group scopes.
// `graph` is the graph kGraph writers (event files) draw from.
OutputRequest BaseRequest(const LayerGraph& graph, const Config& c, const std::string& title,
                          const std::vector<std::vector<std::string>>* prefixes,
                          const std::string& model_hash) {
  OutputRequest request;
  request.graph = &graph;
  request.node_prefixes = prefixes;
  request.wall_time = c.timestamp >= 0 ? c.timestamp : static_cast<int64_t>(std::time(nullptr));
  request.writer_name = std::string("graphgen ") + kVersion;
  request.provenance_text =
      "- generator: graphgen " + std::string(kVersion) + "\n- model: " + Quote(title, 200) + " (" +
      graph.format + ")\n- model-hash: " + model_hash + "\n- options: " + OptionsText(c) + "\n";
  request.layout_options = c.layout;
  request.render = c.render;
  return request;
}

// Temp files of event files are hidden names without "tfevents", so a running
// TensorBoard never reads one (it would skip the finished file, which sorts earlier).
constexpr const char* kEventsTemp = ".graphgen-events";

// The run an event file goes to under --tensorboard LOGDIR: the model's file name without
// its extension ("unet" for unet.onnx), so two models in one LOGDIR are two runs instead of
// one graph replacing the other (TensorBoard shows one graph per run).
std::string RunName(const std::string& title) {
  std::string run = title.substr(0, title.find_last_of('.'));
  if (run.empty() || run == "." || run == "..") run = title;
  if (run.empty() || run == "." || run == "..") run = "model";
  return run;
}

// --tensorboard LOGDIR: the event file TensorBoard finds there, in the model's run.
Status WriteTensorBoardRun(const OutputWriter& events, const OutputRequest& request,
                           const std::string& title, const Config& c, FILE* err) {
  auto written = events.Write(request);
  if (!written.ok()) return written.status().WithContext("--tensorboard");
  const std::string dir = c.tensorboard_dir + "/" + RunName(title);
  GRAPHGEN_RETURN_IF_ERROR(MakeDirectories(dir).WithContext("--tensorboard"));
  const std::string path = dir + "/" + TfEventsFileName(request.wall_time);
  GRAPHGEN_RETURN_IF_ERROR(
      WriteFileAtomically(path, written->bytes, kEventsTemp).WithContext(Quote(path, 200)));
  if (c.verbose) std::fprintf(err, "graphgen: wrote %s\n", Quote(path, 200).c_str());
  return OkStatus();
}

// --timing and --dump-after: told after each phase of the layered engine.
class PhaseReporter : public LayeredPhaseObserver {
 public:
  PhaseReporter(const Config& config, FILE* err) : config_(config), err_(err) {}
  void AfterPhase(std::string_view phase, const LayeredGraph& graph, double cpu_seconds) override {
    if (config_.timing) {
      std::fprintf(err_, "graphgen: layout phase %-14s %8.3f s\n", std::string(phase).c_str(),
                   cpu_seconds);
    }
    if (phase == config_.dump_after && dump_status_.ok()) {
      const std::string base = config_.output == "-" ? "graphgen" : config_.output;
      const std::string path = base + "." + std::string(phase) + ".dot";
      dump_status_ =
          WriteFileAtomically(path, LayeredGraphToDot(graph)).WithContext(Quote(path, 200));
      if (dump_status_.ok()) {
        std::fprintf(err_, "graphgen: wrote the layout graph after '%s' to %s\n",
                     std::string(phase).c_str(), Quote(path, 200).c_str());
      }
    }
  }
  const Status& dump_status() const { return dump_status_; }

 private:
  const Config& config_;
  FILE* err_;
  Status dump_status_;
};

// Whether `path` names the same file as the model (same device and inode): writing it
// would destroy the model.
bool IsTheModel(const std::string& path, const std::string& model) {
  struct stat a, b;
  return path != "-" && ::stat(path.c_str(), &a) == 0 && ::stat(model.c_str(), &b) == 0 &&
         a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// What one run carries from stage to stage.
struct RunState {
  RunState(const Config& c, FILE* o, FILE* e) : config(c), out(o), err(e) {}
  const Config& config;
  FILE* out;
  FILE* err;
  std::string title;  // the model's file name, as diagrams name it
  LayerGraph graph;
  GraphFingerprint fingerprint;  // of the model as imported, before passes
  // The graph as imported, kept for --check's node names and --groups-json's list of every
  // node (passes renumber and merge).
  LayerGraph imported;
  double import_ms = 0;
  GroupedModel grouped;  // the grouping, on the whole model and on the boxes drawn
  // An event file is asked for (--tensorboard, or -o in a format drawn from the layer
  // graph): keep `model` below. Otherwise it stays empty, so a diagram costs no copy.
  bool keep_model = false;
  // The graph the grouping read (every op after constant folding and op patterns, the
  // model's scopes, nothing folded, fused or collapsed): TensorBoard folds and expands
  // scopes itself, so it gets the model rather than the drawing.
  LayerGraph model;
  std::vector<std::vector<std::string>> prefixes;  // group scopes per node of `model`
  OutputRequest request;                           // what every writer is told
  const OutputWriter* writer = nullptr;            // -o's format; null: no diagram
  Diagram diagram;
  LayoutResult layout;
  std::string bytes;  // the output, before it is written or compared

  void Warn(const std::string& message) const {
    std::fprintf(err, "graphgen: warning: %s: %s\n", Quote(config.input, 200).c_str(),
                 message.c_str());
  }
};

Status ImportStage(RunState& s) {
  for (const std::string* out : {&s.config.output, &s.config.groups_json}) {
    if (!out->empty() && IsTheModel(*out, s.config.input)) {
      return InvalidArgument(Quote(*out, 200) + " is the model file itself; give another output");
    }
  }
  const auto start = std::chrono::steady_clock::now();
  Warnings warnings;
  // "-" is standard input, recognised by its bytes like any file and named "stdin".
  const bool from_stdin = s.config.input == "-";
  StatusOr<LayerGraph> imported = BadInput("not read");
  if (from_stdin) {
    auto bytes = ReadStdin(s.config.import.max_file_bytes);
    if (!bytes.ok()) return bytes.status().WithContext("stdin");
    imported = ImportModelFromBytes(*bytes, s.config.import, &warnings);
  } else {
    imported = ImportModel(s.config.input, s.config.import, &warnings);
  }
  for (const std::string& w : warnings) s.Warn(w);
  if (!imported.ok()) {
    return imported.status().WithContext(from_stdin ? "stdin" : Quote(s.config.input, 200));
  }
  s.graph = std::move(*imported);
  s.import_ms = Millis(start);
  s.title = from_stdin ? "stdin" : Basename(s.config.input);
  s.fingerprint = FingerprintGraph(s.graph);
  if ((s.config.mode != WriteMode::kWrite && !s.config.output.empty()) ||
      !s.config.groups_json.empty()) {
    s.imported = s.graph;
  }
  return OkStatus();
}

Status PassesStage(RunState& s) {
  Warnings warnings;
  GRAPHGEN_RETURN_IF_ERROR(RunPassesGrouped(s.graph, s.config.passes, s.config.grouping, &warnings,
                                            &s.grouped, s.keep_model ? &s.model : nullptr));
  for (const std::string& w : warnings) s.Warn(w);
  return OkStatus();
}

// --summary on stdout (on stderr when the diagram goes to stdout: a table mixed into the
// DOT would break `graphgen m.onnx --summary -o - | dot`), --verbose's totals on stderr.
void ReportStage(const RunState& s) {
  if (s.config.summary) {
    SummaryOptions options;
    options.keras_shapes = s.config.summary_keras_shapes;
    const std::string table = FormatSummary(s.graph, s.title, options);
    std::FILE* to = s.config.output == "-" ? s.err : s.out;
    std::fwrite(table.data(), 1, table.size(), to);
    std::fflush(to);
  }
  if (s.config.verbose) {
    std::string notes;
    for (const std::string& n : s.graph.notes) notes += ", " + n;
    std::fprintf(s.err, "graphgen: %s: %s%s, %zu nodes, %lld edges, %s parameters (%.1f ms)\n",
                 Quote(s.config.input, 200).c_str(), s.graph.format.c_str(), notes.c_str(),
                 s.graph.nodes.size(), static_cast<long long>(s.graph.EdgeCount()),
                 GroupedCount(s.graph.TotalParams()).c_str(), s.import_ms);
  }
}

// Encoder / bottleneck / decoder (found by the passes on the whole model), with
// --explain-groups and --groups-json.
Status GroupStage(RunState& s) {
  if (s.config.explain_groups) {
    const std::string text = ExplainGrouping(s.grouped, s.graph);
    std::fwrite(text.data(), 1, text.size(), s.err);
  }
  if (!s.config.groups_json.empty()) {
    GroupsReport report;
    report.model = s.title;
    report.imported = &s.imported;
    report.drawn = &s.graph;
    report.grouped = &s.grouped;
    GRAPHGEN_RETURN_IF_ERROR(WriteFileAtomically(s.config.groups_json, GroupingJson(report))
                                 .WithContext(Quote(s.config.groups_json, 200)));
  }
  if (s.keep_model) s.prefixes = GroupScopePrefixes(s.model, s.grouped.model);
  return OkStatus();
}

// --tensorboard's run, and -o's writer chosen.
Status ChooseOutputsStage(RunState& s, const OutputRegistry& outputs) {
  s.request = BaseRequest(s.keep_model ? s.model : s.graph, s.config, s.title,
                          s.grouped.model.found ? &s.prefixes : nullptr,
                          FormatGraphHash(s.fingerprint.hash));
  if (!s.config.tensorboard_dir.empty()) {
    GRAPHGEN_RETURN_IF_ERROR(
        WriteTensorBoardRun(*outputs.ByName("tfevents"), s.request, s.title, s.config, s.err));
  }
  if (!s.config.output.empty()) {
    s.writer = outputs.ByName(s.config.format);
    if (s.writer == nullptr) {
      return InvalidArgument("--format must be " + outputs.NameList() + ", not '" +
                             Quote(s.config.format, 40) + "'");
    }
  }
  // The run is written; a diagram does not need the model's copy while it is laid out.
  if (s.keep_model &&
      (s.writer == nullptr || s.writer->NeedsInput() != OutputWriter::Input::kGraph)) {
    s.request.graph = &s.graph;
    s.request.node_prefixes = nullptr;
    s.model = LayerGraph();
    s.prefixes.clear();
  }
  // For formats that show the grouping beside the picture (HTML); linear in the graph.
  const Grouping& found = s.grouped.model;
  s.request.grouping_verdict = found.Verdict();
  if (found.found) {
    char confidence[32];
    std::snprintf(confidence, sizeof(confidence), "%.2f", found.confidence);
    s.request.grouping_verdict += std::string(" (confidence ") + confidence +
                                  (found.basis.empty() ? "" : ", basis " + found.basis) + ")";
  }
  s.request.grouping_explanation = ExplainGrouping(s.grouped, s.graph);
  return OkStatus();
}

// Formats drawn from the layer graph itself (event files): no diagram, no layout.
Status WriteGraphOutputStage(const RunState& s) {
  const std::string& output = s.config.output;
  const std::string warning = s.writer->FileNameWarning(Basename(output));
  if (!warning.empty()) {
    std::fprintf(s.err, "graphgen: warning: %s: %s\n", Quote(output, 200).c_str(), warning.c_str());
  }
  auto written = s.writer->Write(s.request);
  if (!written.ok()) return written.status().WithContext(Quote(output, 200));
  return WriteFileAtomically(output, written->bytes, kEventsTemp).WithContext(Quote(output, 200));
}

void DiagramStage(RunState& s) {
  s.diagram = BuildDiagram(s.graph, s.config.render, &s.grouped.drawn, s.config.u_shape);
  s.diagram.title = s.title;
  s.diagram.metadata = {
      {kMetaGenerator, std::string("graphgen ") + kVersion},
      {kMetaModel, s.title},
      {kMetaModelFormat, s.graph.format},
      {kMetaModelHash, FormatGraphHash(s.fingerprint.hash)},
      {kMetaOptions, OptionsText(s.config)},
      {kMetaModelNodes, FormatNodeHashes(s.fingerprint.nodes)},
  };
  s.request.diagram = &s.diagram;
}

// Coordinates for writers that need them, then the writer's bytes.
Status LayoutAndRenderStage(RunState& s) {
  const Config& config = s.config;
  double layout_ms = 0;
  std::string engine_name;
  if (s.writer->NeedsInput() == OutputWriter::Input::kLayout) {
    const bool graphviz = config.layout_engine == LayoutEngineKind::kGraphviz;
    if (graphviz && s.diagram.graph.nodes.size() > kSlowLayoutNodes) {
      std::fprintf(s.err,
                   "graphgen: note: %s: laying out %zu boxes with Graphviz dot can take "
                   "minutes; --depth N draws fewer, --layout-engine layered is fast\n",
                   Quote(config.input, 200).c_str(), s.diagram.graph.nodes.size());
    }
    const auto start = std::chrono::steady_clock::now();
    PhaseReporter reporter(config, s.err);
    GraphvizLayout dot_engine;
    LayeredLayout layered_engine(&reporter);
    const LayoutEngine& engine =
        graphviz ? static_cast<const LayoutEngine&>(dot_engine) : layered_engine;
    auto layout = engine.Layout(s.diagram.graph, config.layout);
    if (!layout.ok()) return layout.status().WithContext(Quote(config.input, 200));
    GRAPHGEN_RETURN_IF_ERROR(reporter.dump_status());
    s.layout = std::move(*layout);
    layout_ms = Millis(start);
    engine_name = std::string(engine.Name());
    if (config.timing && graphviz) {
      std::fprintf(s.err, "graphgen: layout (graphviz) %.3f s\n", layout_ms / 1000);
    }
    s.request.layout = &s.layout;
  }
  const auto start = std::chrono::steady_clock::now();
  auto written = s.writer->Write(s.request);
  if (!written.ok()) return written.status().WithContext(Quote(config.output, 200));
  for (const std::string& w : written->warnings) s.Warn(w);
  s.bytes = std::move(written->bytes);
  if (config.verbose && s.request.layout != nullptr) {
    std::fprintf(s.err, "graphgen: %s: layout %.1f ms (%s), render %.1f ms (%s)\n",
                 Quote(config.input, 200).c_str(), layout_ms, engine_name.c_str(), Millis(start),
                 std::string(s.writer->Name()).c_str());
  }
  return OkStatus();
}

// Writes the output, or with --check / `graphgen update` compares it with the file first.
Status DeliverStage(const RunState& s) {
  const Config& config = s.config;
  const std::string where = Quote(config.output, 200);
  if (config.mode == WriteMode::kWrite || config.output == "-") {
    return WriteFileAtomically(config.output, s.bytes).WithContext(where);
  }
  const Status check = CheckFile(config.output, s.bytes, s.diagram.metadata, s.imported);
  if (config.mode == WriteMode::kCheck || check.ok() || check.code() != StatusCode::kStale) {
    return check.WithContext(where);
  }
  GRAPHGEN_RETURN_IF_ERROR(WriteFileAtomically(config.output, s.bytes).WithContext(where));
  // "stale: why" -> "updated OUTPUT: why"
  std::string why = check.message();
  if (why.rfind("stale: ", 0) == 0) why = why.substr(7);
  if (why == "the diagram does not exist") why = "new";
  std::fprintf(s.out, "graphgen: updated %s: %s\n", where.c_str(), why.c_str());
  std::fflush(s.out);
  return OkStatus();
}

}  // namespace

Status Run(const Config& config, FILE* out, FILE* err) {
  RunState s(config, out, err);
  const OutputRegistry outputs;
  const OutputWriter* format = config.output.empty() ? nullptr : outputs.ByName(config.format);
  s.keep_model = !config.tensorboard_dir.empty() ||
                 (format != nullptr && format->NeedsInput() == OutputWriter::Input::kGraph);
  GRAPHGEN_RETURN_IF_ERROR(ImportStage(s));
  GRAPHGEN_RETURN_IF_ERROR(PassesStage(s));
  ReportStage(s);
  GRAPHGEN_RETURN_IF_ERROR(GroupStage(s));
  GRAPHGEN_RETURN_IF_ERROR(ChooseOutputsStage(s, outputs));
  if (s.writer == nullptr) return OkStatus();
  if (s.writer->NeedsInput() == OutputWriter::Input::kGraph) return WriteGraphOutputStage(s);
  DiagramStage(s);
  GRAPHGEN_RETURN_IF_ERROR(LayoutAndRenderStage(s));
  return DeliverStage(s);
}

}  // namespace graphgen
