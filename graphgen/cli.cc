#include "graphgen/cli.h"

#include <cxxopts.hpp>

#include <cstdlib>
#include <ctime>

namespace graphgen {
namespace {

constexpr const char* kExamples = R"(
Examples:
  graphgen model.onnx -o model.svg                 # the whole model, as SVG
  graphgen model.onnx -o model.png --depth 1 --dpi 150 --rankdir LR
  graphgen model.onnxtxt --summary                 # a Keras-style table, no diagram
  graphgen bert.onnx -o bert.svg --depth all --fold off   # every op, nothing folded

Exit codes:
  0  success
  1  reserved: a checked diagram is stale (--check, later)
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

StatusOr<OutputFormat> ParseFormat(const std::string& s) {
  OutputFormat f;
  if (FormatFromExtension("x." + s, &f)) return f;
  return InvalidArgument("--format must be dot, svg, png or pdf, not '" + s + "'");
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

}  // namespace

StatusOr<CliRequest> ParseCommandLine(int argc, const char* const* argv) {
  cxxopts::Options opts("graphgen",
                        "Draws a model file (ONNX binary or text) as an architecture "
                        "diagram: SVG, PNG, PDF or DOT.");
  opts.custom_help("[options]");
  opts.positional_help("MODEL");
  // clang-format off
  opts.add_options()
      ("o,output", "Output file; '-' writes DOT or SVG to stdout. Default: the model's "
                   "name with .svg, in the current directory",
                   cxxopts::value<std::string>())
      ("f,format", "dot, svg, png or pdf; default: from the output's extension",
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
      ("expand-nested", "Draw If/Loop/Scan bodies as clusters under their node",
                   cxxopts::value<bool>()->default_value("true")->implicit_value("true"))
      ("rankdir", "TB, LR, BT or RL", cxxopts::value<std::string>()->default_value("TB"))
      ("dpi", "PNG resolution", cxxopts::value<double>()->default_value("96"))
      ("depth", "Collapse scopes deeper than N into one node each; 'all' draws every op; "
                "'auto' collapses only when more than 300 boxes would be drawn",
                   cxxopts::value<std::string>()->default_value("auto"))
      ("fold", "Draw runs of identical blocks once, as ×N: 'auto' (runs of 3 or more), "
               "'min=K' or 'off'", cxxopts::value<std::string>()->default_value("auto"))
      ("unfold", "Keep the run named NAME (or holding the node or scope NAME) expanded; "
                 "repeatable", cxxopts::value<std::vector<std::string>>())
      ("layer-range", "START:END names or regexes: draw only that span of the model",
                   cxxopts::value<std::string>())
      ("summary", "Print a Keras-style summary table to stdout")
      ("v,verbose", "Print totals and timings to stderr")
      ("max-file-mb", "Largest model file read, in MiB",
                   cxxopts::value<int64_t>()->default_value("2048"))
      ("max-nodes", "Most nodes in a model", cxxopts::value<int64_t>()->default_value("2000000"))
      ("max-depth", "Deepest subgraph nesting", cxxopts::value<int>()->default_value("32"))
      ("max-rank", "Highest tensor rank", cxxopts::value<int>()->default_value("64"))
      ("no-shape-inference", "Use only the shapes the file records")
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
    if (args.count("output")) {
      c.output = args["output"].as<std::string>();
    } else if (!c.summary) {
      c.output = DefaultOutput(c.input);
    }
    if (c.output.empty() && args.count("output")) return InvalidArgument("-o needs a path");
    if (args.count("format")) {
      auto f = ParseFormat(args["format"].as<std::string>());
      if (!f.ok()) return f.status();
      c.format = *f;
    } else if (c.output == "-") {
      c.format = OutputFormat::kDot;
    } else if (!c.output.empty() && !FormatFromExtension(c.output, &c.format)) {
      return InvalidArgument("cannot tell the format from '" + c.output +
                             "'; name it .dot, .svg, .png or .pdf, or pass --format");
    }
    if (c.output == "-" && (c.format == OutputFormat::kPng || c.format == OutputFormat::kPdf)) {
      return InvalidArgument("PNG and PDF are not written to stdout; give -o FILE");
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
    }

    auto dir = ParseRankDir(args["rankdir"].as<std::string>());
    if (!dir.ok()) return dir.status();
    c.layout.rankdir = *dir;

    PassOptions& p = c.passes;
    p.show_constants = args["show-constants"].as<bool>();
    p.expand_nested = args["expand-nested"].as<bool>();
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
    if (args.count("layer-range")) {
      const std::string range = args["layer-range"].as<std::string>();
      const size_t colon = range.find(':');
      if (colon == std::string::npos) {
        return InvalidArgument("--layer-range takes START:END, not '" + range + "'");
      }
      p.range_start = range.substr(0, colon);
      p.range_end = range.substr(colon + 1);
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
  } catch (const cxxopts::exceptions::exception& e) {
    return InvalidArgument(e.what());
  }
  return request;
}

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk: return 0;
    case StatusCode::kStale: return 1;
    case StatusCode::kInvalidArgument: return 2;
    case StatusCode::kBadInput: return 3;
    case StatusCode::kLimitExceeded: return 3;
    case StatusCode::kOutputError: return 4;
    case StatusCode::kInternal: return 70;
  }
  return 70;
}

}  // namespace graphgen
