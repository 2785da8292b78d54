#include "graphgen/cli.h"

#include <cstdlib>
#include <ctime>
#include <cxxopts.hpp>

#include "graphgen/flags.h"
#include "layout/layered/layered_layout.h"
#include "render/outputs.h"

namespace graphgen {
namespace {

constexpr const char* kExamples = R"(
Examples:
  graphgen model.onnx -o model.svg                 # the whole model, as SVG
  graphgen model.onnx -o model.html                # one offline page: pan, zoom, search
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

// A --format value: a writer's name or any of its extensions ("gv" is dot).
StatusOr<std::string> ParseFormat(const OutputRegistry& outputs, const std::string& s) {
  if (const OutputWriter* w = outputs.ByName(s)) return std::string(w->Name());
  if (const OutputWriter* w = outputs.ForPath("x." + s)) return std::string(w->Name());
  return InvalidArgument("--format must be " + outputs.NameList() + ", not '" + s + "'");
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

// The model's name with the format's extension ("unet.png" for --format png), in the
// current directory; an event file takes TensorBoard's "tfevents" in its name.
std::string DefaultOutput(const std::string& input, const OutputWriter& format) {
  std::string base = input == "-" ? "stdin" : input.substr(input.find_last_of('/') + 1);
  const size_t dot = base.find_last_of('.');
  if (dot != std::string::npos && dot > 0) base = base.substr(0, dot);
  if (format.Extensions().empty()) return base + "." + std::string(format.Name());
  return base + "." + std::string(format.Extensions()[0]);
}

// Declares `flag` to cxxopts with its value type, default and (for yes/no flags) the
// implicit "true" of a bare --show-shapes.
void AddToParser(const Flag& flag, cxxopts::OptionAdder* add) {
  std::shared_ptr<cxxopts::Value> value;
  switch (flag.kind) {
    case FlagKind::kSwitch:
      (*add)(flag.names, flag.help);
      return;
    case FlagKind::kBool:
      value = cxxopts::value<bool>()->implicit_value("true");
      break;
    case FlagKind::kString:
      value = cxxopts::value<std::string>();
      break;
    case FlagKind::kInt:
      value = cxxopts::value<int64_t>();
      break;
    case FlagKind::kDouble:
      value = cxxopts::value<double>();
      break;
    case FlagKind::kStrings:
      value = cxxopts::value<std::vector<std::string>>();
      break;
  }
  if (flag.default_value != nullptr) value->default_value(flag.default_value);
  (*add)(flag.names, flag.help, value);
}

FlagValue ValueOf(const Flag& flag, const std::string& name, const cxxopts::ParseResult& args) {
  FlagValue v;
  switch (flag.kind) {
    case FlagKind::kSwitch:
      v.on = args.count(name) > 0;
      break;
    case FlagKind::kBool:
      v.on = args[name].as<bool>();
      break;
    case FlagKind::kString:
      v.text = args[name].as<std::string>();
      break;
    case FlagKind::kInt:
      v.number = args[name].as<int64_t>();
      break;
    case FlagKind::kDouble:
      v.real = args[name].as<double>();
      break;
    case FlagKind::kStrings:
      v.texts = args[name].as<std::vector<std::string>>();
      break;
  }
  return v;
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
  opts.custom_help("[--config FILE] [--allow-outside]");
  // clang-format off
  opts.add_options()
      ("config", "The project config; default: graphgen.json or .graphgen.json here or "
                 "in the nearest parent directory", cxxopts::value<std::string>())
      ("v,verbose", "Print totals and timings to stderr")
      ("h,help", "Print this help");
  // clang-format on
  {
    auto add = opts.add_options();
    for (const Flag& flag : AllFlags()) {
      if (LongName(flag) == "allow-outside") AddToParser(flag, &add);
    }
  }
  CliRequest request;
  std::string path;
  bool verbose = false;
  bool allow_outside = false;
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
    allow_outside = args.count("allow-outside") > 0;
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
  if (!allow_outside) GRAPHGEN_RETURN_IF_ERROR(CheckConfined(*project));
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

std::vector<ConfigOption> ProjectConfigOptions() {
  std::vector<ConfigOption> options;
  for (const Flag& flag : AllFlags()) {
    if (flag.in_project_config) {
      options.push_back({LongName(flag), flag.kind == FlagKind::kSwitch});
    }
  }
  return options;
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
  const std::vector<Flag> flags = AllFlags();
  {
    auto add = opts.add_options();
    for (const Flag& flag : flags) AddToParser(flag, &add);
    add("model", "The model file", cxxopts::value<std::string>());
  }
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
    // Every flag the table knows how to apply, in table order.
    for (const Flag& flag : flags) {
      if (flag.apply == nullptr) continue;
      const std::string name = LongName(flag);
      if (flag.kind != FlagKind::kSwitch && flag.default_value == nullptr && !args.count(name)) {
        continue;
      }
      GRAPHGEN_RETURN_IF_ERROR(flag.apply(ValueOf(flag, name, args), &c));
    }

    // What depends on several flags: the output and its format, the clock, the dump.
    const OutputRegistry outputs;
    std::string format;
    if (args.count("format")) {
      auto f = ParseFormat(outputs, args["format"].as<std::string>());
      if (!f.ok()) return f.status();
      format = *f;
    }
    if (args.count("output")) {
      c.output = args["output"].as<std::string>();
    } else if (!c.summary && c.tensorboard_dir.empty() && c.groups_json.empty() &&
               !c.explain_groups) {
      // --format png without -o writes model.png, not PNG bytes into model.svg.
      c.output = DefaultOutput(c.input, *outputs.ByName(format.empty() ? "svg" : format));
    }
    if (c.output.empty() && args.count("output")) return InvalidArgument("-o needs a path");
    // /dev/stdout is stdout: written in place like "-", never replaced by a file.
    if (c.output == "/dev/stdout") c.output = "-";
    if (!format.empty()) {
      c.format = format;
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
    if (const char* sde = std::getenv("SOURCE_DATE_EPOCH"); sde != nullptr && *sde) {
      char* end = nullptr;
      const long long epoch = std::strtoll(sde, &end, 10);
      if (*end != '\0' || epoch < 0 || epoch > 253402300799LL) {
        return InvalidArgument("SOURCE_DATE_EPOCH must be seconds since 1970, not '" +
                               std::string(sde) + "'");
      }
      c.render.creation_date = IsoDate(epoch);
      c.timestamp = epoch;
    } else if (args.count("timestamp")) {
      c.timestamp = args["timestamp"].as<int64_t>();
      if (c.timestamp < 0 || c.timestamp > 253402300799LL) {
        return InvalidArgument("--timestamp must be seconds since 1970, up to year 9999");
      }
    }
    if (args.count("allow-outside")) {
      return InvalidArgument(
          "--allow-outside is for graphgen check and update, which read a project config");
    }
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
