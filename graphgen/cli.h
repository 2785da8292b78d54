// The command line: the only code that knows cxxopts. Turns argv into a pipeline Config
// (or a request for help / version text).
#ifndef GRAPHGEN_CLI_H_
#define GRAPHGEN_CLI_H_

#include <string>
#include <vector>

#include "core/status.h"
#include "graphgen/pipeline.h"
#include "graphgen/project_config.h"

namespace graphgen {

struct CliRequest {
  Config config;
  // When non-empty, print this to stdout and exit 0 instead of running (--help, --version).
  std::string print_and_exit;
  // `graphgen check` (kCheck) and `graphgen update` (kUpdate): run `jobs`, one per diagram
  // output listed in the project config, with RunProject instead of running `config`.
  WriteMode project_mode = WriteMode::kWrite;
  std::vector<ProjectJob> jobs;
};

// The flags a project config's "options" may set (the ones that shape a diagram).
std::vector<ConfigOption> ProjectConfigOptions();

// Usage errors are kInvalidArgument with a message that ends with a hint to --help.
StatusOr<CliRequest> ParseCommandLine(int argc, const char* const* argv);

// The exit code documented for a status (README, --help): 0, 1, 2, 3, 4 or 70.
int ExitCodeFor(const Status& status);

}  // namespace graphgen

#endif  // GRAPHGEN_CLI_H_
