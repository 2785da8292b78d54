#include "graphgen/flags.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "core/text.h"
#include "layout/layered/layered_layout.h"
#include "render/outputs.h"

namespace graphgen {
namespace {

// The largest --max-depth (see its row).
constexpr int64_t kMaxDepthFlag = 1000;

// " name=1" / " name=0": how a yes/no setting reads in the provenance.
void AppendBit(const char* name, bool on, std::string* text) {
  *text += std::string(" ") + name + "=" + (on ? "1" : "0");
}

StatusOr<RankDir> ParseRankDir(const std::string& s) {
  if (s == "TB") return RankDir::kTB;
  if (s == "LR") return RankDir::kLR;
  if (s == "BT") return RankDir::kBT;
  if (s == "RL") return RankDir::kRL;
  return InvalidArgument("--rankdir must be TB, LR, BT or RL, not '" + s + "'");
}

Status ApplyDepth(const FlagValue& v, Config* c) {
  const std::string& depth = v.text;
  if (depth == "all") c->passes.fit_boxes = 0;
  if (depth == "all" || depth == "auto") return OkStatus();
  char* end = nullptr;
  const long d = std::strtol(depth.c_str(), &end, 10);
  if (depth.empty() || *end != '\0' || d < 0 || d > 1000) {
    return InvalidArgument("--depth must be a number from 0, 'auto' or 'all', not '" + depth + "'");
  }
  c->passes.depth = static_cast<int>(d);
  return OkStatus();
}

Status ApplyFold(const FlagValue& v, Config* c) {
  const std::string& fold = v.text;
  if (fold == "off") {
    c->passes.fold_min = 0;
  } else if (fold.rfind("min=", 0) == 0) {
    char* end = nullptr;
    const long k = std::strtol(fold.c_str() + 4, &end, 10);
    if (fold.size() == 4 || *end != '\0' || k < 2 || k > 1000000) {
      return InvalidArgument("--fold min=K needs K from 2, not '" + fold.substr(4) + "'");
    }
    c->passes.fold_min = static_cast<int>(k);
  } else if (fold != "auto") {
    return InvalidArgument("--fold takes auto, min=K or off, not '" + fold + "'");
  }
  return OkStatus();
}

Status ApplyFuse(const FlagValue& v, Config* c) {
  if (v.text == "on") {
    c->passes.fuse = FuseMode::kOn;
  } else if (v.text == "off") {
    c->passes.fuse = FuseMode::kOff;
  } else if (v.text != "auto") {
    return InvalidArgument("--fuse takes auto, on or off, not '" + v.text + "'");
  }
  return OkStatus();
}

Status ApplyLayerRange(const FlagValue& v, Config* c) {
  const size_t colon = v.text.find(':');
  if (colon == std::string::npos) {
    return InvalidArgument("--layer-range takes START:END, not '" + v.text + "'");
  }
  c->passes.range_start = v.text.substr(0, colon);
  c->passes.range_end = v.text.substr(colon + 1);
  return OkStatus();
}

// A limit flag: a whole number from `low` to `high`. Every limit has a finite range, so
// no flag value can overflow the arithmetic done with it (issue 21: --max-depth
// 2147483647 overflowed `8 * depth`) and the documented range is the one enforced.
Status CheckLimit(const char* flag, int64_t value, int64_t low, int64_t high) {
  if (value >= low && value <= high) return OkStatus();
  return InvalidArgument(std::string("--") + flag + " must be " + std::to_string(low) + " to " +
                         std::to_string(high));
}

}  // namespace

std::string PhaseList() {
  int count = 0;
  const char* const* names = LayeredPhaseNames(&count);
  std::string list;
  for (int i = 0; i < count; ++i) list += std::string(i ? ", " : "") + names[i];
  return list;
}

std::vector<Flag> AllFlags() {
  using K = FlagKind;
  // clang-format off
  return {
      {"o,output", "Output file; '-' writes DOT or SVG to stdout. Default: the model's name "
                   "with the format's extension (.svg by default), in the current directory",
       K::kString},
      {"f,format", OutputRegistry().NameList() + "; default: from the output's extension",
       K::kString, nullptr, true},
      {"rankdir", "TB, LR, BT or RL", K::kString, "TB", true,
       [](const FlagValue& v, Config* c) {
         auto dir = ParseRankDir(v.text);
         if (!dir.ok()) return dir.status();
         c->layout.rankdir = *dir;
         return OkStatus();
       },
       // The first entry: no leading space (OptionsText drops it).
       [](const Config& c, std::string* t) {
         *t += " rankdir=" + std::string(RankDirName(c.layout.rankdir));
       }},
      {"show-shapes", "Output shapes on nodes", K::kBool, "true", true,
       [](const FlagValue& v, Config* c) { c->render.show_shapes = v.on; return OkStatus(); },
       [](const Config& c, std::string* t) { AppendBit("show_shapes", c.render.show_shapes, t); }},
      {"show-dtype", "Element types with the shapes", K::kBool, "false", true,
       [](const FlagValue& v, Config* c) { c->render.show_dtype = v.on; return OkStatus(); },
       [](const Config& c, std::string* t) { AppendBit("show_dtype", c.render.show_dtype, t); }},
      {"show-layer-names", "Node names under the op type", K::kBool, "false", true,
       [](const FlagValue& v, Config* c) { c->render.show_layer_names = v.on; return OkStatus(); },
       [](const Config& c, std::string* t) {
         AppendBit("show_layer_names", c.render.show_layer_names, t);
       }},
      {"show-params", "Parameter counts on nodes with weights", K::kBool, "true", true,
       [](const FlagValue& v, Config* c) { c->render.show_params = v.on; return OkStatus(); },
       [](const Config& c, std::string* t) { AppendBit("show_params", c.render.show_params, t); }},
      {"show-layer-activations", "The fused activation of ops that carry one", K::kBool, "false",
       true,
       [](const FlagValue& v, Config* c) { c->render.show_activations = v.on; return OkStatus(); },
       [](const Config& c, std::string* t) {
         AppendBit("show_activations", c.render.show_activations, t);
       }},
      {"show-trainable", "Whether each node has trainable weights", K::kBool, "false", true,
       [](const FlagValue& v, Config* c) { c->render.show_trainable = v.on; return OkStatus(); },
       [](const Config& c, std::string* t) {
         AppendBit("show_trainable", c.render.show_trainable, t);
       }},
      {"show-constants", "Draw Constant nodes instead of folding them into their consumer",
       K::kBool, "false", true,
       [](const FlagValue& v, Config* c) { c->passes.show_constants = v.on; return OkStatus(); },
       [](const Config& c, std::string* t) {
         AppendBit("show_constants", c.passes.show_constants, t);
       }},
      {"expand-nested", "Draw If/Loop/Scan bodies, TensorFlow function calls and nested Keras "
                        "models as clusters", K::kBool, "true", true,
       [](const FlagValue& v, Config* c) {
         // The importers expand calls; the passes draw subgraphs: one switch for both.
         c->passes.expand_nested = v.on;
         c->import.expand_calls = v.on;
         return OkStatus();
       },
       [](const Config& c, std::string* t) {
         AppendBit("expand_nested", c.passes.expand_nested, t);
       }},
      {"depth", "Collapse scopes deeper than N into one node each; 'all' draws every op; "
                "'auto' collapses only when more than 300 boxes would be drawn",
       K::kString, "auto", true, ApplyDepth,
       [](const Config& c, std::string* t) {
         *t += " depth=" + (c.passes.depth >= 0      ? std::to_string(c.passes.depth)
                            : c.passes.fit_boxes > 0 ? "auto"
                                                     : "all");
       }},
      {"fold", "Draw runs of identical blocks once, as ×N: 'auto' (runs of 3 or more), "
               "'min=K' or 'off'", K::kString, "auto", true, ApplyFold,
       [](const Config& c, std::string* t) {
         *t += " fold=" + (c.passes.fold_min > 0 ? "min" + std::to_string(c.passes.fold_min)
                                                 : std::string("off"));
       }},
      {"unfold", "Keep the run named NAME (or holding the node or scope NAME) expanded; "
                 "repeatable", K::kStrings, nullptr, true,
       [](const FlagValue& v, Config* c) { c->passes.unfold = v.texts; return OkStatus(); },
       [](const Config& c, std::string* t) {
         for (const std::string& u : c.passes.unfold) *t += " unfold=" + Quote(u, 80);
       }},
      {"fuse", "Draw a Conv, Gemm or MatMul with the norm, activation and weighted "
               "element-wise ops only it feeds as one box, 'Conv · BN · Relu': 'auto' (only "
               "when --depth auto cannot fit 300 boxes otherwise), 'on' or 'off'",
       K::kString, "auto", true, ApplyFuse,
       // Only when set: diagrams drawn before --fuse existed stay current.
       [](const Config& c, std::string* t) {
         if (c.passes.fuse != FuseMode::kAuto) {
           *t += c.passes.fuse == FuseMode::kOn ? " fuse=on" : " fuse=off";
         }
       }},
      {"show-plumbing", "Draw the integer shape computations (Shape, Gather, Concat feeding a "
                        "Reshape...) instead of folding them into the ops that read them",
       K::kBool, "false", true,
       [](const FlagValue& v, Config* c) { c->passes.show_plumbing = v.on; return OkStatus(); },
       // Only when on: diagrams drawn before shape folding existed name no setting.
       [](const Config& c, std::string* t) {
         if (c.passes.show_plumbing) *t += " show_plumbing=1";
       }},
      {"patterns", "Draw a layer an exporter wrote as several ops as one box (LayerNorm, "
                   "GELU, SiLU, Linear...): 'on' or 'off' (the ops as written)",
       K::kString, "on", true,
       [](const FlagValue& v, Config* c) {
         if (v.text != "on" && v.text != "off") {
           return InvalidArgument("--patterns takes on or off, not '" + v.text + "'");
         }
         c->passes.patterns = v.text == "on";
         return OkStatus();
       },
       // Only when off: diagrams drawn before op patterns existed name no setting.
       [](const Config& c, std::string* t) {
         if (!c.passes.patterns) *t += " patterns=off";
       }},
      {"layer-range", "START:END names or regexes: draw only that span of the model",
       K::kString, nullptr, true, ApplyLayerRange,
       [](const Config& c, std::string* t) {
         if (!c.passes.range_start.empty() || !c.passes.range_end.empty()) {
           *t += " layer_range=" + c.passes.range_start + ":" + c.passes.range_end;
         }
       }},
      {"groups", "Find encoder / bottleneck / decoder and skip / memory / state edges: auto "
                 "(structure and names), names, structure or off", K::kString, "auto", true,
       [](const FlagValue& v, Config* c) {
         if (ParseGroupingMode(v.text, &c->grouping.mode)) return OkStatus();
         return InvalidArgument("--groups must be auto, names, structure or off, not '" +
                                v.text + "'");
       },
       [](const Config& c, std::string* t) {
         if (c.grouping.mode != GroupingMode::kAuto) {
           *t += std::string(" groups=") + GroupingModeName(c.grouping.mode);
         }
       }},
      {"shape", "u: draw a found encoder-decoder as a U (encoder down the left, decoder up "
                "the right, skips across); default: along --rankdir", K::kString, nullptr, true,
       [](const FlagValue& v, Config* c) {
         if (v.text != "u") return InvalidArgument("--shape takes u, not '" + v.text + "'");
         c->u_shape = true;
         return OkStatus();
       },
       [](const Config& c, std::string* t) {
         if (c.u_shape) *t += " shape=u";
       }},
      {"dpi", "PNG resolution", K::kDouble, "96", true,
       [](const FlagValue& v, Config* c) {
         if (!(v.real >= 10 && v.real <= 2400)) {
           return InvalidArgument("--dpi must be 10 to 2400");
         }
         c->render.dpi = v.real;
         return OkStatus();
       },
       // Only PNG output is rasterised at a resolution.
       [](const Config& c, std::string* t) {
         if (c.format == "png") *t += " dpi=" + std::to_string(std::lround(c.render.dpi));
       }},
      {"layout-engine", "layered (graphgen's own, fast on 100k-node models) or graphviz "
                        "(Graphviz dot, for comparison)", K::kString, "layered", true,
       [](const FlagValue& v, Config* c) {
         if (v.text == "layered") {
           c->layout_engine = LayoutEngineKind::kLayered;
         } else if (v.text == "graphviz") {
           c->layout_engine = LayoutEngineKind::kGraphviz;
         } else {
           return InvalidArgument("--layout-engine must be layered or graphviz, not '" +
                                  v.text + "'");
         }
         return OkStatus();
       }},
      {"timing", "Print the CPU time of each layout phase to stderr", K::kSwitch, nullptr, false,
       [](const FlagValue& v, Config* c) { c->timing = v.on; return OkStatus(); }},
      {"dump-after", "Write the layered engine's working graph as DOT to OUTPUT.PHASE.dot "
                     "after PHASE: " + PhaseList(), K::kString},
      {"tags", "SavedModel: the MetaGraphDef with these tags, comma-separated (default: "
               "serve, else the first)", K::kString, nullptr, true,
       [](const FlagValue& v, Config* c) { c->import.tags = v.text; return OkStatus(); }},
      {"signature", "SavedModel/MetaGraphDef: the signature to draw, or 'all' (default: "
                    "serving_default, else the first)", K::kString, nullptr, true,
       [](const FlagValue& v, Config* c) {
         if (v.text.empty()) return InvalidArgument("--signature needs a name or 'all'");
         c->import.signature = v.text;
         return OkStatus();
       }},
      {"tensorboard", "Write a TensorBoard event file with the graph into LOGDIR/<model>, the "
                      "model's run (the model's file name without its extension)",
       K::kString, nullptr, false,
       [](const FlagValue& v, Config* c) {
         if (v.text.empty()) return InvalidArgument("--tensorboard needs a directory");
         c->tensorboard_dir = v.text;
         return OkStatus();
       }},
      {"timestamp", "Seconds since 1970 for event files when SOURCE_DATE_EPOCH is unset; "
                    "default: now", K::kInt},
      {"groups-json", "Write the grouping (roles, stages, typed edges, verdict, evidence) as "
                      "JSON to FILE", K::kString, nullptr, false,
       [](const FlagValue& v, Config* c) {
         if (v.text.empty()) return InvalidArgument("--groups-json needs a path");
         c->groups_json = v.text;
         return OkStatus();
       }},
      {"explain-groups", "Print the grouping's evidence and verdict to stderr", K::kSwitch,
       nullptr, false,
       [](const FlagValue& v, Config* c) { c->explain_groups = v.on; return OkStatus(); }},
      {"summary", "Print a Keras-style summary table to stdout", K::kSwitch, nullptr, false,
       [](const FlagValue& v, Config* c) { c->summary = v.on; return OkStatus(); }},
      {"summary-style", "keras: shapes as (None, 3, 224, 224), as model.summary() prints "
                        "them; graphgen: N×3×224×224, as the diagrams do",
       K::kString, "keras", false,
       [](const FlagValue& v, Config* c) {
         if (v.text != "keras" && v.text != "graphgen") {
           return InvalidArgument("--summary-style takes keras or graphgen, not '" + v.text +
                                  "'");
         }
         c->summary_keras_shapes = v.text == "keras";
         return OkStatus();
       }},
      {"v,verbose", "Print totals and timings to stderr", K::kSwitch, nullptr, false,
       [](const FlagValue& v, Config* c) { c->verbose = v.on; return OkStatus(); }},
      // Read by `graphgen check` and `graphgen update` only (cli.cc), never from a
      // project config: a config must not be able to let itself out.
      {"allow-outside", "graphgen check / update: let the project config name models and "
                        "outputs outside its own directory tree (refused otherwise)", K::kSwitch},
      {"check", "Write nothing; exit 1 with a line saying why if the output is not what would "
                "be written now (missing, model, options or version changed)", K::kSwitch,
       nullptr, false,
       [](const FlagValue& v, Config* c) {
         if (v.on) c->mode = WriteMode::kCheck;
         return OkStatus();
       }},
      {"max-file-mb", "Largest model file read, in MiB (1 to 1048576)", K::kInt, "2048", true,
       [](const FlagValue& v, Config* c) {
         GRAPHGEN_RETURN_IF_ERROR(CheckLimit("max-file-mb", v.number, 1, int64_t{1} << 20));
         c->import.max_file_bytes = v.number << 20;
         return OkStatus();
       }},
      {"max-nodes", "Most nodes in a model (1 to 1000000000)", K::kInt, "2000000", true,
       [](const FlagValue& v, Config* c) {
         GRAPHGEN_RETURN_IF_ERROR(CheckLimit("max-nodes", v.number, 1, 1000000000));
         c->import.max_nodes = v.number;
         return OkStatus();
       }},
      // At most 1000: the protobuf, ONNX text and JSON parsers recurse per level, and
      // past that a nested file could overflow the stack instead of being refused.
      {"max-depth", "Deepest subgraph nesting (0 to 1000)", K::kInt, "32", true,
       [](const FlagValue& v, Config* c) {
         GRAPHGEN_RETURN_IF_ERROR(CheckLimit("max-depth", v.number, 0, kMaxDepthFlag));
         c->import.max_nesting_depth = static_cast<int>(v.number);
         return OkStatus();
       }},
      {"max-rank", "Highest tensor rank (0 to 100000)", K::kInt, "64", true,
       [](const FlagValue& v, Config* c) {
         GRAPHGEN_RETURN_IF_ERROR(CheckLimit("max-rank", v.number, 0, 100000));
         c->import.max_rank = static_cast<int>(v.number);
         return OkStatus();
       }},
      {"max-edges", "Most edges (tensor uses) in a model (0 to 10000000000)", K::kInt,
       "8000000", true,
       [](const FlagValue& v, Config* c) {
         GRAPHGEN_RETURN_IF_ERROR(CheckLimit("max-edges", v.number, 0, 10000000000));
         c->import.max_edges = v.number;
         return OkStatus();
       }},
      {"max-name-bytes", "Longest node, tensor or op name, in bytes (1 to 1073741824)",
       K::kInt, "4096", true,
       [](const FlagValue& v, Config* c) {
         GRAPHGEN_RETURN_IF_ERROR(CheckLimit("max-name-bytes", v.number, 1, int64_t{1} << 30));
         c->import.max_name_bytes = static_cast<size_t>(v.number);
         return OkStatus();
       }},
      {"max-attributes", "Most attributes on one node (0 to 1000000000)", K::kInt, "1000", true,
       [](const FlagValue& v, Config* c) {
         GRAPHGEN_RETURN_IF_ERROR(CheckLimit("max-attributes", v.number, 0, 1000000000));
         c->import.max_attributes = v.number;
         return OkStatus();
       }},
      {"max-string-bytes", "Longest string attribute value, in bytes (0 to 2147483648)",
       K::kInt, "16777216", true,
       [](const FlagValue& v, Config* c) {
         GRAPHGEN_RETURN_IF_ERROR(
             CheckLimit("max-string-bytes", v.number, 0, int64_t{1} << 31));
         c->import.max_string_bytes = v.number;
         return OkStatus();
       }},
      {"no-shape-inference", "Use only the shapes the file records", K::kSwitch, nullptr, true,
       [](const FlagValue& v, Config* c) { c->import.infer_shapes = !v.on; return OkStatus(); },
       [](const Config& c, std::string* t) {
         if (!c.import.infer_shapes) *t += " shape_inference=0";
       }},
      {"no-control-edges", "Hide control dependencies (TensorFlow '^name' inputs), otherwise "
                           "drawn dotted", K::kSwitch, nullptr, true,
       [](const FlagValue& v, Config* c) { c->passes.control_edges = !v.on; return OkStatus(); },
       [](const Config& c, std::string* t) {
         if (!c.passes.control_edges) *t += " control_edges=0";
       }},
      {"version", "Print the version", K::kSwitch},
      {"h,help", "Print this help", K::kSwitch},
  };
  // clang-format on
}

std::string LongName(const Flag& flag) {
  const std::string names = flag.names;
  const size_t comma = names.find(',');
  return comma == std::string::npos ? names : names.substr(comma + 1);
}

std::string OptionsText(const Config& config) {
  std::string text;
  for (const Flag& flag : AllFlags()) {
    if (flag.provenance != nullptr) flag.provenance(config, &text);
  }
  return text.empty() ? text : text.substr(1);  // every entry starts with a space
}

}  // namespace graphgen
