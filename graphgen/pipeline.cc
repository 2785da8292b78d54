#include "graphgen/pipeline.h"

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

// The TensorBoard event file: into --tensorboard's LOGDIR, and to -o with --format
// tfevents. Temp files are hidden names without "tfevents", so a running TensorBoard
// never reads one (it would skip the finished file, which sorts earlier).
// Per node, the grouping's role and stage as leading name-scope components
// ({"encoder", "stage2"}), so the Graphs tab shows Encoder / Bottleneck / Decoder boxes.
std::vector<std::vector<std::string>> GroupPrefixes(const LayerGraph& graph,
                                                    const Grouping& grouping) {
  std::vector<std::vector<std::string>> prefixes(graph.nodes.size());
  if (!grouping.found) return prefixes;
  std::vector<int> stage_number(grouping.stages.size(), 0);
  std::vector<int> stages_per_role(4, 0);
  for (size_t s = 0; s < grouping.stages.size(); ++s) {
    stage_number[s] = ++stages_per_role[static_cast<int>(grouping.stages[s].role) % 4];
  }
  for (size_t n = 0; n < graph.nodes.size() && n < grouping.roles.size(); ++n) {
    if (grouping.roles[n] == Role::kNone) continue;
    prefixes[n].push_back(RoleName(grouping.roles[n]));
    const int s = n < grouping.stage_of.size() ? grouping.stage_of[n] : -1;
    if (s >= 0 && stages_per_role[static_cast<int>(grouping.stages[s].role) % 4] > 1) {
      prefixes[n].push_back("stage" + std::to_string(stage_number[s]));
    }
  }
  return prefixes;
}

// What every output writer is told about the model: provenance, time, group scopes.
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

// --tensorboard LOGDIR: the event file TensorBoard finds there.
Status WriteTensorBoardRun(const OutputWriter& events, const OutputRequest& request,
                           const Config& c, FILE* err) {
  auto written = events.Write(request);
  if (!written.ok()) return written.status().WithContext("--tensorboard");
  GRAPHGEN_RETURN_IF_ERROR(MakeDirectories(c.tensorboard_dir).WithContext("--tensorboard"));
  const std::string path = c.tensorboard_dir + "/" + TfEventsFileName(request.wall_time);
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

}  // namespace

Status Run(const Config& config, FILE* out, FILE* err) {
  const std::string& file = config.input;
  const auto warn = [&](const std::string& message) {
    std::fprintf(err, "graphgen: warning: %s: %s\n", Quote(file, 200).c_str(), message.c_str());
  };

  auto start = std::chrono::steady_clock::now();
  Warnings warnings;
  auto imported = ImportModel(file, config.import, &warnings);
  for (const std::string& w : warnings) warn(w);
  if (!imported.ok()) return imported.status().WithContext(Quote(file, 200));
  LayerGraph graph = std::move(*imported);
  const double import_ms = Millis(start);
  // The model as imported, before passes: options are recorded separately.
  const GraphFingerprint fingerprint = FingerprintGraph(graph);
  // --check names changed nodes from the imported graph; passes renumber it.
  const LayerGraph imported_graph =
      config.mode == WriteMode::kWrite || config.output.empty() ? LayerGraph() : graph;

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
                 Quote(file, 200).c_str(), graph.format.c_str(), notes.c_str(), graph.nodes.size(),
                 static_cast<long long>(graph.EdgeCount()),
                 GroupedCount(graph.TotalParams()).c_str(), import_ms);
  }
  Grouping grouping;
  if (config.grouping.mode != GroupingMode::kOff) grouping = FindGroups(graph, config.grouping);
  if (config.explain_groups) {
    const std::string text = ExplainGrouping(graph, grouping);
    std::fwrite(text.data(), 1, text.size(), err);
  }
  if (!config.groups_json.empty()) {
    GRAPHGEN_RETURN_IF_ERROR(
        WriteFileAtomically(config.groups_json, GroupingJson(graph, grouping, title))
            .WithContext(Quote(config.groups_json, 200)));
  }
  const std::string model_hash = FormatGraphHash(fingerprint.hash);
  const std::vector<std::vector<std::string>> prefixes = GroupPrefixes(graph, grouping);
  const OutputRequest base =
      BaseRequest(graph, config, title, grouping.found ? &prefixes : nullptr, model_hash);
  const OutputRegistry outputs;
  if (!config.tensorboard_dir.empty()) {
    GRAPHGEN_RETURN_IF_ERROR(WriteTensorBoardRun(*outputs.ByName("tfevents"), base, config, err));
  }
  if (config.output.empty()) return OkStatus();
  const OutputWriter* writer = outputs.ByName(config.format);
  if (writer == nullptr) {
    return InvalidArgument("--format must be " + outputs.NameList() + ", not '" +
                           Quote(config.format, 40) + "'");
  }
  // Formats drawn from the layer graph itself (event files): no diagram, no layout.
  if (writer->NeedsInput() == OutputWriter::Input::kGraph) {
    const std::string warning = writer->FileNameWarning(Basename(config.output));
    if (!warning.empty()) {
      std::fprintf(err, "graphgen: warning: %s: %s\n", Quote(config.output, 200).c_str(),
                   warning.c_str());
    }
    auto written = writer->Write(base);
    if (!written.ok()) return written.status().WithContext(Quote(config.output, 200));
    return WriteFileAtomically(config.output, written->bytes, kEventsTemp)
        .WithContext(Quote(config.output, 200));
  }

  Diagram diagram = BuildDiagram(graph, config.render, &grouping, config.u_shape);
  diagram.title = title;
  diagram.metadata = {
      {kMetaGenerator, std::string("graphgen ") + kVersion},
      {kMetaModel, title},
      {kMetaModelFormat, graph.format},
      {kMetaModelHash, model_hash},
      {kMetaOptions, OptionsText(config)},
      {kMetaModelNodes, FormatNodeHashes(fingerprint.nodes)},
  };
  OutputRequest request = base;
  request.diagram = &diagram;

  StatusOr<LayoutResult> layout = LayoutResult();
  double layout_ms = 0;
  std::string engine_name;
  if (writer->NeedsInput() == OutputWriter::Input::kLayout) {
    const bool graphviz = config.layout_engine == LayoutEngineKind::kGraphviz;
    if (graphviz && diagram.graph.nodes.size() > kSlowLayoutNodes) {
      std::fprintf(err,
                   "graphgen: note: %s: laying out %zu boxes with Graphviz dot can take "
                   "minutes; --depth N draws fewer, --layout-engine layered is fast\n",
                   Quote(file, 200).c_str(), diagram.graph.nodes.size());
    }
    start = std::chrono::steady_clock::now();
    PhaseReporter reporter(config, err);
    GraphvizLayout dot_engine;
    LayeredLayout layered_engine(&reporter);
    const LayoutEngine& engine =
        graphviz ? static_cast<const LayoutEngine&>(dot_engine) : layered_engine;
    layout = engine.Layout(diagram.graph, config.layout);
    if (!layout.ok()) return layout.status().WithContext(Quote(file, 200));
    GRAPHGEN_RETURN_IF_ERROR(reporter.dump_status());
    layout_ms = Millis(start);
    engine_name = std::string(engine.Name());
    if (config.timing && graphviz) {
      std::fprintf(err, "graphgen: layout (graphviz) %.3f s\n", layout_ms / 1000);
    }
    request.layout = &*layout;
  }
  start = std::chrono::steady_clock::now();
  auto written = writer->Write(request);
  if (!written.ok()) return written.status().WithContext(Quote(config.output, 200));
  for (const std::string& w : written->warnings) warn(w);
  const std::string bytes = std::move(written->bytes);
  if (config.verbose && request.layout != nullptr) {
    std::fprintf(err, "graphgen: %s: layout %.1f ms (%s), render %.1f ms (%s)\n",
                 Quote(file, 200).c_str(), layout_ms, engine_name.c_str(), Millis(start),
                 std::string(writer->Name()).c_str());
  }
  if (config.mode != WriteMode::kWrite && config.output != "-") {
    const Status check = CheckFile(config.output, bytes, diagram.metadata, imported_graph);
    if (config.mode == WriteMode::kCheck || check.ok() || check.code() != StatusCode::kStale) {
      return check.WithContext(Quote(config.output, 200));
    }
    GRAPHGEN_RETURN_IF_ERROR(
        WriteFileAtomically(config.output, bytes).WithContext(Quote(config.output, 200)));
    // "stale: why" -> "updated OUTPUT: why"
    std::string why = check.message();
    if (why.rfind("stale: ", 0) == 0) why = why.substr(7);
    if (why == "the diagram does not exist") why = "new";
    std::fprintf(out, "graphgen: updated %s: %s\n", Quote(config.output, 200).c_str(), why.c_str());
    std::fflush(out);
    return OkStatus();
  }
  return WriteFileAtomically(config.output, bytes).WithContext(Quote(config.output, 200));
}

}  // namespace graphgen
