// graphgen's entry point: parse the command line, run the pipeline, map the result to
// the documented exit code. Nothing else in graphgen exits.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>

#include "graphgen/cli.h"
#include "graphgen/pipeline.h"

int main(int argc, char** argv) {
  // Under `bazel run`, paths on the command line are the user's, relative to where they
  // typed the command, not to Bazel's runfiles directory.
  if (const char* dir = std::getenv("BUILD_WORKING_DIRECTORY"); dir != nullptr && *dir) {
    if (chdir(dir) != 0) {
      std::fprintf(stderr, "graphgen: cannot enter %s\n", dir);
      return 70;
    }
  }
  try {
    auto request = graphgen::ParseCommandLine(argc, argv);
    if (!request.ok()) {
      std::fprintf(stderr, "graphgen: %s (see graphgen --help)\n",
                   request.status().message().c_str());
      return graphgen::ExitCodeFor(request.status());
    }
    if (!request->print_and_exit.empty()) {
      std::fputs(request->print_and_exit.c_str(), stdout);
      return 0;
    }
    const graphgen::Status status =
        request->project_mode != graphgen::WriteMode::kWrite
            ? graphgen::RunProject(request->jobs, request->project_mode, stdout, stderr)
            : graphgen::Run(request->config, stdout, stderr);
    if (!status.ok()) std::fprintf(stderr, "graphgen: %s\n", status.message().c_str());
    return graphgen::ExitCodeFor(status);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "graphgen: internal error: out of memory\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "graphgen: internal error: %s\n", e.what());
  }
  return 70;
}
