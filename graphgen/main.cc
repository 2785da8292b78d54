// graphgen's entry point: parse the command line, run the pipeline, map the result to
// the documented exit code. Nothing else in graphgen exits.
#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>

#include "graphgen/cli.h"
#include "graphgen/pipeline.h"

namespace {

// The importers and passes recurse once per nesting level of a model (subgraphs, scopes),
// up to --max-depth 1000; a sanitizer build's frames are several times larger, so the
// default 8 MiB main stack is not enough for that. The whole run gets a thread with a
// stack sized for it: reserved address space, touched only as deep as a model nests.
constexpr size_t kRunStackBytes = size_t{512} << 20;

struct MainCall {
  int argc;
  char** argv;
  int exit_code = 70;
};

int Main(int argc, char** argv);

void* RunMain(void* arg) {
  auto* call = static_cast<MainCall*>(arg);
  call->exit_code = Main(call->argc, call->argv);
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  MainCall call{argc, argv};
  pthread_attr_t attr;
  pthread_t thread;
  if (pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, kRunStackBytes) == 0 &&
      pthread_create(&thread, &attr, RunMain, &call) == 0) {
    pthread_attr_destroy(&attr);
    pthread_join(thread, nullptr);
    return call.exit_code;
  }
  // No thread (a tight ulimit on address space): run on the main stack as before.
  return Main(argc, argv);
}

namespace {

int Main(int argc, char** argv) {
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

}  // namespace
