// The project config, graphgen.json (or .graphgen.json) at a repository's root: the list of
// diagrams `graphgen check` and `graphgen update` keep current. This file owns finding,
// parsing and validating it; cli.cc turns each diagram's options into a Config.
//
//   {
//     "options": {"rankdir": "LR"},                 // optional defaults for every diagram
//     "diagrams": [
//       {"model": "models/mlp.onnx", "output": "docs/mlp.svg"},
//       {"model": "models/unet.onnx", "outputs": ["docs/unet.svg", "docs/unet.png"],
//        "options": {"depth": 1, "dpi": 150, "show-dtype": true}}
//     ]
//   }
//
// Paths are relative to the config file's directory. Option names are graphgen's flags
// without the leading "--"; values are strings, numbers or booleans.
#ifndef GRAPHGEN_PROJECT_CONFIG_H_
#define GRAPHGEN_PROJECT_CONFIG_H_

#include <cstdio>
#include <string>
#include <vector>

#include "core/status.h"
#include "graphgen/pipeline.h"

namespace graphgen {

// The config file names, in the order they are looked for in each directory.
inline constexpr const char* kProjectConfigNames[] = {"graphgen.json", ".graphgen.json"};

// A flag a diagram's "options" may set.
struct ConfigOption {
  std::string name;  // the flag without "--": "rankdir"
  bool is_switch;    // takes no value: `true` passes the flag, `false` leaves it out
};

struct DiagramSpec {
  std::string where;                 // "graphgen.json: diagrams[2]", for messages
  std::string model;                 // resolved against the config's directory
  std::vector<std::string> outputs;  // resolved likewise; at least one
  std::vector<std::string> flags;    // "--rankdir=LR", ... defaults first, then own
};

struct ProjectConfig {
  std::string path;  // the config file, as found
  std::vector<DiagramSpec> diagrams;
};

// The config in `dir` or its nearest ancestor, as a path relative to `dir` when `dir` is
// "." ("graphgen.json", "../.graphgen.json"). kInvalidArgument when none is found, or when
// one directory holds both names.
StatusOr<std::string> FindProjectConfig(const std::string& dir = ".");

// Parses `json` (the text of the file at `path`). Every problem is kInvalidArgument with
// a message naming the file and the entry: "graphgen.json: diagrams[1]: unknown key
// 'outptu'". `allowed` lists the option names "options" may use.
StatusOr<ProjectConfig> ParseProjectConfig(const std::string& json, const std::string& path,
                                           const std::vector<ConfigOption>& allowed);

// Whether every model and output of `config` lies in the directory tree of its file
// (issue 21: a graphgen.json naming "../outside/x.svg" made `graphgen update` write
// there). Paths are resolved as the file system will: symlinked directories followed, an
// output's own symlink not (it is replaced), a model's followed; a path not yet there
// counts from its nearest existing ancestor, and ".." past that leaves the tree. The first
// path outside is kInvalidArgument naming the entry, the path and --allow-outside.
Status CheckConfined(const ProjectConfig& config);

// Reads and parses the file at `path`.
StatusOr<ProjectConfig> LoadProjectConfig(const std::string& path,
                                          const std::vector<ConfigOption>& allowed);

// One diagram output to render, with the place in the config it came from.
struct ProjectJob {
  std::string where;  // "graphgen.json: diagrams[2]"
  Config config;
};

// Runs every job in `mode` (kCheck or kUpdate), continuing past failures: each stale or
// failed output gets its own line on `err` ("graphgen: docs/a.svg: stale: model changed:
// ..."), updates are reported on `out`. Returns OK when all are current (or were
// updated), else the first error that is not kStale, else kStale ("2 of 5 diagrams are
// stale; `graphgen update` rewrites them").
Status RunProject(const std::vector<ProjectJob>& jobs, WriteMode mode, FILE* out, FILE* err);

}  // namespace graphgen

#endif  // GRAPHGEN_PROJECT_CONFIG_H_
