#include "graphgen/cli.h"

#include <cstdlib>
#include <ctime>
#include <cxxopts.hpp>

#include "layout/layered/layered_layout.h"
#include "render/outputs.h"

namespace graphgen {
namespace {

constexpr const char* kExamples = R"(
Examples:
  graphgen model.onnx -o model.svg                 # the whole model, as SVG
  graphgen --check model.onnx -o docs/model.svg    # exit 1 if docs/model.svg is stale
  graphgen model.onnx -o model.png --depth 1 --dpi 150 --rankdir LR
  graphgen model.onnxtxt --summary                 # a Keras-style table, no diagram
  graphgen model.onnx --tensorboard logs           # then: tensorboard --logdir logs
  graphgen unet.onnx -o unet.png --shape u --explain-groups   # the U, and why
  graphgen bert.onnx -o bert.svg --depth all --fold off   # every op, nothing folded

Project commands (diagrams listed in graphgen.json or .graphgen.json, found here or in a
parent directory; see README):
  graphgen check [--config FILE]    # list every stale diagram; exit 1 if any
  graphgen update [--config FILE]   # rewrite the stale ones

Exit codes:
  0  success
  1  a checked diagram is stale (--check, graphgen check); one line says why
  2  usage error (unknown flag, bad value)
  3  bad input model (missing, unreadable, unknown format, malformed, invalid,
     or past an input limit)
  4  the output could not be written
  70 internal error (a bug: please report it)
)";

StatusOr<RankDir> ParseRankDir(const std::string& s) {
  if (s == "TB") return RankDir::kTB;
  if (s == "LR") return RankDir::kLR;
  if (s == "BT") return RankDir::kBT;
  if (s == "RL") return RankDir::kRL;
  return InvalidArgument("--rankdir must be TB, LR, BT or RL, not '" + s + "'");
}

// A --format value: a writer's name or any of its extensions ("gv" is dot).
StatusOr<std::string> ParseFormat(const OutputRegistry& outputs, const std::string& s) {
  if (const OutputWriter* w = outputs.ByName(s)) return std::string(w->Name());
  if (const OutputWriter* w = outputs.ForPath("x." + s)) return std::string(w->Name());
  return InvalidArgument("--format must be " + outputs.NameList() + ", not '" + s + "'");
}

std::string PhaseList() {
  int count = 0;
  const char* const* names = LayeredPhaseNames(&count);
  std::string list;
  for (int i = 0; i < count; ++i) list += std::string(i ? ", " : "") + names[i];
  return list;
}

bool IsPhase(const std::string& s) {
  int count = 0;
  const char* const* names = LayeredPhaseNames(&count);
  for (int i = 0; i < count; ++i) {
    if (s == names[i]) return true;
  }
  return false;
}

std::string IsoDate(int64_t epoch) {
  const std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string DefaultOutput(const std::string& input) {
  std::string base = input.substr(input.find_last_of('/') + 1);
  const size_t dot = base.find_last_of('.');
  if (dot != std::string::npos && dot > 0) base = base.substr(0, dot);
  return base + ".svg";
}

constexpr const char* kProjectHelp = R"(
Checks (graphgen check) or rewrites (graphgen update) every diagram listed in the project
config: graphgen.json or .graphgen.json in the current directory or the nearest parent.
Paths in it are relative to its directory. `check` prints one line per stale diagram and
exits 1 if any is stale; `update` rewrites only the stale ones.
)";

// `graphgen check|update [--config FILE]`: one job per output of every listed diagram,
// each parsed by ParseCommandLine from the diagram's own options, so a config means
// exactly what the same flags mean on the command line.
StatusOr<CliRequest> ParseProjectCommand(int argc, const char* const* argv) {
  const std::string command = argv[1];
  cxxopts::Options opts("graphgen " + command, command == "check"
                                                   ? "Checks that every diagram in the "
                                                     "project config is current."
                                                   : "Rewrites every stale diagram in the "
                                                     "project config.");
  opts.custom_help("[--config FILE]");
  // clang-format off
  opts.add_options()
      ("config", "The project config; default: graphgen.json or .graphgen.json here or "
                 "in the nearest parent directory", cxxopts::value<std::string>())
      ("v,verbose", "Print totals and timings to stderr")
      ("h,help", "Print this help");
  // clang-format on
  CliRequest request;
  std::string path;
  bool verbose = false;
  try {
    const auto args = opts.parse(argc - 1, argv + 1);
    if (args.count("help")) {
      request.print_and_exit = opts.help() + kProjectHelp;
      return request;
    }
    if (!args.unmatched().empty()) {
      return InvalidArgument("graphgen " + command + " takes no files ('" + args.unmatched()[0] +
                             "'); it reads the project config");
    }
    if (args.count("config")) path = args["config"].as<std::string>();
    verbose = args.count("verbose") > 0;
  } catch (const cxxopts::exceptions::exception& e) {
    return InvalidArgument(e.what());
  }
  if (path.empty()) {
    auto found = FindProjectConfig(".");
    if (!found.ok()) return found.status();
    path = *found;
  }
  auto project = LoadProjectConfig(path, ProjectConfigOptions());
  if (!project.ok()) return project.status();
  request.project_mode = command == "check" ? WriteMode::kCheck : WriteMode::kUpdate;
  for (const DiagramSpec& d : project->diagrams) {
    for (const std::string& output : d.outputs) {
      std::vector<std::string> args = {"graphgen", "--model=" + d.model, "--output=" + output};
      args.insert(args.end(), d.flags.begin(), d.flags.end());
      if (verbose) args.push_back("--verbose");
      std::vector<const char*> argv_job;
      for (const std::string& a : args) argv_job.push_back(a.c_str());
      auto job = ParseCommandLine(static_cast<int>(argv_job.size()), argv_job.data());
      if (!job.ok()) return job.status().WithContext(d.where);
      request.jobs.push_back({d.where, job->config});
    }
  }
  return request;
}

}  // namespace

const std::vector<ConfigOption>& ProjectConfigOptions() {
  static const std::vector<ConfigOption> kOptions = {
      {"format", false},
      {"show-shapes", false},
      {"show-dtype", false},
      {"show-layer-names", false},
      {"show-params", false},
      {"show-layer-activations", false},
      {"show-trainable", false},
      {"show-constants", false},
      {"expand-nested", false},
      {"rankdir", false},
      {"dpi", false},
      {"depth", false},
      {"fold", false},
      {"unfold", false},
      {"fuse", false},
      {"layer-range", false},
      {"max-file-mb", false},
      {"max-nodes", false},
      {"max-depth", false},
      {"max-rank", false},
      {"max-edges", false},
      {"max-name-bytes", false},
      {"max-attributes", false},
      {"max-string-bytes", false},
      {"tags", false},
      {"signature", false},
      {"groups", false},
      {"shape", false},
      {"layout-engine", false},
      {"no-shape-inference", true},
      {"no-control-edges", true},
  };
  return kOptions;
}

StatusOr<CliRequest> ParseCommandLine(int argc, const char* const* argv) {
  if (argc >= 2 && (std::string(argv[1]) == "check" || std::string(argv[1]) == "update")) {
    return ParseProjectCommand(argc, argv);
  }
  cxxopts::Options opts("graphgen",
                        "Draws a model file (ONNX, TensorFlow GraphDef, SavedModel, MetaGraphDef, "
                        "TF.js or Keras JSON) as an architecture "
                        "diagram: SVG, PNG, PDF or DOT.");
  opts.custom_help("[options]");
  opts.positional_help("MODEL");
  // clang-format off
  opts.add_options()
      ("o,output", "Output file; '-' writes DOT or SVG to stdout. Default: the model's "
                   "name with .svg, in the current directory",
                   cxxopts::value<std::string>())
      ("f,format", OutputRegistry().NameList() + "; default: from the output's extension",
                   cxxopts::value<std::string>())
      ("show-shapes", "Output shapes on nodes",
                   cxxopts::value<bool>()->default_value("true")->implicit_value("true"))
      ("show-dtype", "Element types with the shapes",
                   cxxopts::value<bool>()->default_value("false")->implicit_value("true"))
      ("show-layer-names", "Node names under the op type",
                   cxxopts::value<bool>()->default_value("false")->implicit_value("true"))
      ("show-params", "Parameter counts on nodes with weights",
                   cxxopts::value<bool>()->default_value("true")->implicit_value("true"))
      ("show-layer-activations", "The fused activation of ops that carry one",
                   cxxopts::value<bool>()->default_value("false")->implicit_value("true"))
      ("show-trainable", "Whether each node has trainable weights",
                   cxxopts::value<bool>()->default_value("false")->implicit_value("true"))
      ("show-constants", "Draw Constant nodes instead of folding them into their consumer",
                   cxxopts::value<bool>()->default_value("false")->implicit_value("true"))
      ("expand-nested", "Draw If/Loop/Scan bodies, TensorFlow function calls and nested "
                        "Keras models as clusters",
                   cxxopts::value<bool>()->default_value("true")->implicit_value("true"))
      ("rankdir", "TB, LR, BT or RL", cxxopts::value<std::string>()->default_value("TB"))
      ("layout-engine", "layered (graphgen's own, fast on 100k-node models) or graphviz "
                        "(Graphviz dot, for comparison)",
                   cxxopts::value<std::string>()->default_value("layered"))
      ("timing", "Print the CPU time of each layout phase to stderr")
      ("dump-after", "Write the layered engine's working graph as DOT to OUTPUT.PHASE.dot "
                     "after PHASE: " + PhaseList(),
                   cxxopts::value<std::string>())
      ("dpi", "PNG resolution", cxxopts::value<double>()->default_value("96"))
      ("depth", "Collapse scopes deeper than N into one node each; 'all' draws every op; "
                "'auto' collapses only when more than 300 boxes would be drawn",
                   cxxopts::value<std::string>()->default_value("auto"))
      ("fold", "Draw runs of identical blocks once, as ×N: 'auto' (runs of 3 or more), "
               "'min=K' or 'off'", cxxopts::value<std::string>()->default_value("auto"))
      ("unfold", "Keep the run named NAME (or holding the node or scope NAME) expanded; "
                 "repeatable", cxxopts::value<std::vector<std::string>>())
      ("fuse", "Draw a Conv, Gemm or MatMul with the norm, activation and weighted "
               "element-wise ops only it feeds as one box, 'Conv · BN · Relu': 'auto' (only "
               "when --depth auto cannot fit 300 boxes otherwise), 'on' or 'off'",
                   cxxopts::value<std::string>()->default_value("auto"))
      ("layer-range", "START:END names or regexes: draw only that span of the model",
                   cxxopts::value<std::string>())
      ("tags", "SavedModel: the MetaGraphDef with these tags, comma-separated "
               "(default: serve, else the first)", cxxopts::value<std::string>())
      ("signature", "SavedModel/MetaGraphDef: the signature to draw, or 'all' (default: "
                    "serving_default, else the first)", cxxopts::value<std::string>())
      ("tensorboard", "Write a TensorBoard event file with the graph into directory LOGDIR",
                   cxxopts::value<std::string>(), "LOGDIR")
      ("timestamp", "Seconds since 1970 for event files when SOURCE_DATE_EPOCH is unset; "
                    "default: now", cxxopts::value<int64_t>())
      ("groups", "Find encoder / bottleneck / decoder and skip / memory / state edges: "
                   "auto (structure and names), names, structure or off",
                   cxxopts::value<std::string>()->default_value("auto"))
      ("groups-json", "Write the grouping (roles, stages, typed edges, verdict, evidence) "
                   "as JSON to FILE", cxxopts::value<std::string>())
      ("explain-groups", "Print the grouping's evidence and verdict to stderr")
      ("shape", "u: draw a found encoder-decoder as a U (encoder down the left, decoder "
                   "up the right, skips across); default: along --rankdir",
                   cxxopts::value<std::string>())
      ("summary", "Print a Keras-style summary table to stdout")
      ("v,verbose", "Print totals and timings to stderr")
      ("check", "Write nothing; exit 1 with a line saying why if the output is not what "
                "would be written now (missing, model, options or version changed)")
      ("max-file-mb", "Largest model file read, in MiB",
                   cxxopts::value<int64_t>()->default_value("2048"))
      ("max-nodes", "Most nodes in a model", cxxopts::value<int64_t>()->default_value("2000000"))
      ("max-depth", "Deepest subgraph nesting", cxxopts::value<int>()->default_value("32"))
      ("max-rank", "Highest tensor rank", cxxopts::value<int>()->default_value("64"))
      ("max-edges", "Most edges (tensor uses) in a model",
                   cxxopts::value<int64_t>()->default_value("8000000"))
      ("max-name-bytes", "Longest node, tensor or op name, in bytes",
                   cxxopts::value<int64_t>()->default_value("4096"))
      ("max-attributes", "Most attributes on one node",
                   cxxopts::value<int64_t>()->default_value("1000"))
      ("max-string-bytes", "Longest string attribute value, in bytes",
                   cxxopts::value<int64_t>()->default_value("16777216"))
      ("no-shape-inference", "Use only the shapes the file records")
      ("no-control-edges", "Hide control dependencies (TensorFlow '^name' inputs), "
                           "otherwise drawn dotted")
      ("version", "Print the version")
      ("h,help", "Print this help")
      ("model", "The model file", cxxopts::value<std::string>());
  // clang-format on
  opts.parse_positional({"model"});

  CliRequest request;
  Config& c = request.config;
  try {
    const auto args = opts.parse(argc, argv);
    if (args.count("help")) {
      request.print_and_exit = opts.help() + kExamples;
      return request;
    }
    if (args.count("version")) {
      request.print_and_exit = std::string("graphgen ") + kVersion + "\n";
      return request;
    }
    if (!args.unmatched().empty()) {
      return InvalidArgument("unexpected argument '" + args.unmatched()[0] +
                             "'; one model per run");
    }
    if (!args.count("model")) return InvalidArgument("no model file given");
    c.input = args["model"].as<std::string>();
    c.summary = args.count("summary") > 0;
    c.verbose = args.count("verbose") > 0;
    if (args.count("tensorboard")) {
      c.tensorboard_dir = args["tensorboard"].as<std::string>();
      if (c.tensorboard_dir.empty()) return InvalidArgument("--tensorboard needs a directory");
    }
    if (args.count("check")) c.mode = WriteMode::kCheck;
    if (args.count("output")) {
      c.output = args["output"].as<std::string>();
    } else if (!c.summary && c.tensorboard_dir.empty() && !args.count("groups-json") &&
               !args.count("explain-groups")) {
      c.output = DefaultOutput(c.input);
    }
    if (c.output.empty() && args.count("output")) return InvalidArgument("-o needs a path");
    const OutputRegistry outputs;
    if (args.count("format")) {
      auto f = ParseFormat(outputs, args["format"].as<std::string>());
      if (!f.ok()) return f.status();
      c.format = *f;
    } else if (c.output == "-") {
      c.format = "dot";
    } else if (!c.output.empty()) {
      const OutputWriter* w = outputs.ForPath(c.output);
      if (w == nullptr) {
        return InvalidArgument("cannot tell the format from '" + c.output + "'; name it " +
                               outputs.ExtensionList() + ", or pass --format");
      }
      c.format = std::string(w->Name());
    }
    if (c.mode == WriteMode::kCheck && (c.output.empty() || c.output == "-")) {
      return InvalidArgument("--check compares with a file: give -o FILE");
    }
    if (c.output == "-" && !outputs.ByName(c.format)->WritesToStdout()) {
      return InvalidArgument(std::string(outputs.ByName(c.format)->Title()) +
                             " output is not written to stdout; give -o FILE");
    }

    RenderOptions& r = c.render;
    r.show_shapes = args["show-shapes"].as<bool>();
    r.show_dtype = args["show-dtype"].as<bool>();
    r.show_layer_names = args["show-layer-names"].as<bool>();
    r.show_params = args["show-params"].as<bool>();
    r.show_activations = args["show-layer-activations"].as<bool>();
    r.show_trainable = args["show-trainable"].as<bool>();
    r.dpi = args["dpi"].as<double>();
    if (!(r.dpi >= 10 && r.dpi <= 2400)) return InvalidArgument("--dpi must be 10 to 2400");
    if (const char* sde = std::getenv("SOURCE_DATE_EPOCH"); sde != nullptr && *sde) {
      char* end = nullptr;
      const long long epoch = std::strtoll(sde, &end, 10);
      if (*end != '\0' || epoch < 0 || epoch > 253402300799LL) {
        return InvalidArgument("SOURCE_DATE_EPOCH must be seconds since 1970, not '" +
                               std::string(sde) + "'");
      }
      r.creation_date = IsoDate(epoch);
      c.timestamp = epoch;
    } else if (args.count("timestamp")) {
      c.timestamp = args["timestamp"].as<int64_t>();
      if (c.timestamp < 0 || c.timestamp > 253402300799LL) {
        return InvalidArgument("--timestamp must be seconds since 1970, up to year 9999");
      }
    }

    auto dir = ParseRankDir(args["rankdir"].as<std::string>());
    if (!dir.ok()) return dir.status();
    c.layout.rankdir = *dir;
    const std::string engine = args["layout-engine"].as<std::string>();
    if (engine == "layered") {
      c.layout_engine = LayoutEngineKind::kLayered;
    } else if (engine == "graphviz") {
      c.layout_engine = LayoutEngineKind::kGraphviz;
    } else {
      return InvalidArgument("--layout-engine must be layered or graphviz, not '" + engine + "'");
    }
    c.timing = args.count("timing") > 0;
    if (args.count("dump-after")) {
      c.dump_after = args["dump-after"].as<std::string>();
      if (!IsPhase(c.dump_after)) {
        return InvalidArgument("--dump-after takes a layout phase (" + PhaseList() + "), not '" +
                               c.dump_after + "'");
      }
      if (c.layout_engine != LayoutEngineKind::kLayered) {
        return InvalidArgument("--dump-after needs --layout-engine layered");
      }
    }

    PassOptions& p = c.passes;
    p.show_constants = args["show-constants"].as<bool>();
    p.expand_nested = args["expand-nested"].as<bool>();
    p.control_edges = args.count("no-control-edges") == 0;
    const std::string depth = args["depth"].as<std::string>();
    if (depth == "all") p.fit_boxes = 0;
    if (depth != "all" && depth != "auto") {
      char* end = nullptr;
      const long d = std::strtol(depth.c_str(), &end, 10);
      if (depth.empty() || *end != '\0' || d < 0 || d > 1000) {
        return InvalidArgument("--depth must be a number from 0, 'auto' or 'all', not '" + depth +
                               "'");
      }
      p.depth = static_cast<int>(d);
    }
    const std::string fold = args["fold"].as<std::string>();
    if (fold == "off") {
      p.fold_min = 0;
    } else if (fold.rfind("min=", 0) == 0) {
      char* end = nullptr;
      const long k = std::strtol(fold.c_str() + 4, &end, 10);
      if (fold.size() == 4 || *end != '\0' || k < 2 || k > 1000000) {
        return InvalidArgument("--fold min=K needs K from 2, not '" + fold.substr(4) + "'");
      }
      p.fold_min = static_cast<int>(k);
    } else if (fold != "auto") {
      return InvalidArgument("--fold takes auto, min=K or off, not '" + fold + "'");
    }
    if (args.count("unfold")) p.unfold = args["unfold"].as<std::vector<std::string>>();
    const std::string fuse = args["fuse"].as<std::string>();
    if (fuse == "on") {
      p.fuse = FuseMode::kOn;
    } else if (fuse == "off") {
      p.fuse = FuseMode::kOff;
    } else if (fuse != "auto") {
      return InvalidArgument("--fuse takes auto, on or off, not '" + fuse + "'");
    }
    if (args.count("layer-range")) {
      const std::string range = args["layer-range"].as<std::string>();
      const size_t colon = range.find(':');
      if (colon == std::string::npos) {
        return InvalidArgument("--layer-range takes START:END, not '" + range + "'");
      }
      p.range_start = range.substr(0, colon);
      p.range_end = range.substr(colon + 1);
    }

    const std::string groups = args["groups"].as<std::string>();
    if (!ParseGroupingMode(groups, &c.grouping.mode)) {
      return InvalidArgument("--groups must be auto, names, structure or off, not '" + groups +
                             "'");
    }
    if (args.count("groups-json")) {
      c.groups_json = args["groups-json"].as<std::string>();
      if (c.groups_json.empty()) return InvalidArgument("--groups-json needs a path");
    }
    c.explain_groups = args.count("explain-groups") > 0;
    if (args.count("shape")) {
      const std::string shape = args["shape"].as<std::string>();
      if (shape != "u") return InvalidArgument("--shape takes u, not '" + shape + "'");
      c.u_shape = true;
    }

    ImportOptions& i = c.import;
    const int64_t mb = args["max-file-mb"].as<int64_t>();
    if (mb < 1 || mb > (int64_t{1} << 20)) {
      return InvalidArgument("--max-file-mb must be 1 to 1048576");
    }
    i.max_file_bytes = mb << 20;
    i.max_nodes = args["max-nodes"].as<int64_t>();
    i.max_nesting_depth = args["max-depth"].as<int>();
    i.max_rank = args["max-rank"].as<int>();
    if (i.max_nodes < 1 || i.max_nesting_depth < 0 || i.max_rank < 0) {
      return InvalidArgument("--max-nodes, --max-depth and --max-rank must be positive");
    }
    i.infer_shapes = args.count("no-shape-inference") == 0;
    i.max_edges = args["max-edges"].as<int64_t>();
    i.max_attributes = args["max-attributes"].as<int64_t>();
    i.max_string_bytes = args["max-string-bytes"].as<int64_t>();
    const int64_t name_bytes = args["max-name-bytes"].as<int64_t>();
    if (i.max_edges < 0 || i.max_attributes < 0 || i.max_string_bytes < 0 || name_bytes < 1) {
      return InvalidArgument(
          "--max-edges, --max-attributes, --max-string-bytes and --max-name-bytes must be "
          "positive");
    }
    i.max_name_bytes = static_cast<size_t>(name_bytes);
    i.expand_calls = p.expand_nested;
    if (args.count("tags")) i.tags = args["tags"].as<std::string>();
    if (args.count("signature")) {
      i.signature = args["signature"].as<std::string>();
      if (i.signature.empty()) return InvalidArgument("--signature needs a name or 'all'");
    }
  } catch (const cxxopts::exceptions::exception& e) {
    return InvalidArgument(e.what());
  }
  return request;
}

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return 0;
    case StatusCode::kStale:
      return 1;
    case StatusCode::kInvalidArgument:
      return 2;
    case StatusCode::kBadInput:
      return 3;
    case StatusCode::kLimitExceeded:
      return 3;
    case StatusCode::kOutputError:
      return 4;
    case StatusCode::kInternal:
      return 70;
  }
  return 70;
}

}  // namespace graphgen
