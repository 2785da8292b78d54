// Folding and the default size fit on deep models (issue 10): boxes drawn with
// `--fold off --depth all` and by default, the runs found (×N~: alike but for widths),
// and the wall time of the whole default pipeline to a PNG (median of 3). Models: the fold
// fixtures, then the real ones in ../shared/corpus when that folder exists, or the paths given as
// arguments.
//   bazel run -c opt //bench:fold_bench [-- MODEL...]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "graphgen/passes.h"
#include "graphgen/pipeline.h"
#include "importers/registry.h"

namespace graphgen {
namespace {

size_t Boxes(const std::string& path, const PassOptions& options, std::string* runs) {
  Warnings warnings;
  auto g = ImportModel(path, ImportOptions(), &warnings);
  if (!g.ok()) return 0;
  LayerGraph graph = std::move(*g);
  std::vector<std::string> passes_warnings;
  if (!RunPasses(graph, options, &passes_warnings).ok()) return 0;
  if (runs != nullptr) {
    for (const Scope& s : graph.scopes) {
      if (s.kind != ScopeKind::kRepeat) continue;
      *runs += (runs->empty() ? "" : ", ") + std::string("\xC3\x97") +
               std::to_string(s.repeat.repeats) + (s.repeat.alike ? "~" : "");
    }
  }
  return graph.nodes.size();
}

double SecondsToPng(const std::string& path, const std::string& out) {
  std::vector<double> s;
  for (int i = 0; i < 3; ++i) {
    Config config;
    config.input = path;
    config.output = out;
    config.format = OutputFormat::kPng;
    FILE* null = std::fopen("/dev/null", "w");
    const auto start = std::chrono::steady_clock::now();
    const Status status = Run(config, null, null);
    s.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    std::fclose(null);
    if (!status.ok()) return -1;
  }
  std::sort(s.begin(), s.end());
  return s[1];
}

}  // namespace
}  // namespace graphgen

int main(int argc, char** argv) {
  std::vector<std::string> models;
  for (int i = 1; i < argc; ++i) models.push_back(argv[i]);
  if (models.empty()) {
    for (const char* f :
         {"transformer_encoder12", "transformer_seq2seq6", "resnet152", "transformer30k"}) {
      models.push_back(std::string("fixtures/fold/") + f + ".onnx");
    }
    // `bazel run` names the checkout; ../shared sits beside it.
    const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
    const std::string corpus = std::string(workspace ? workspace : ".") + "/../shared/corpus/";
    for (const char* f : {"onnx-light/light_resnet50.onnx", "onnx-light/light_densenet121.onnx",
                          "onnx-light/light_inception_v1.onnx",
                          "onnx-light/light_inception_v2.onnx", "onnx-light/light_shufflenet.onnx",
                          "tensorflow-onnx/lstm/frozen.pb", "tensorflow-onnx/gru/frozen.pb",
                          "tfjs-examples/movenet_singlepose_lightning/model.json"}) {
      if (access((corpus + f).c_str(), R_OK) == 0) models.push_back(corpus + f);
    }
  }
  const char* tmp = std::getenv("TMPDIR");
  const std::string out =
      std::string(tmp ? tmp : "/tmp") + "/fold_bench_" + std::to_string(getpid()) + ".png";
  std::printf("%-60s %8s %8s %10s  %s\n", "model", "all", "default", "s to PNG", "runs");
  for (const std::string& m : models) {
    graphgen::PassOptions all;
    all.fold_min = 0;
    all.fit_boxes = 0;
    std::string runs;
    const size_t before = graphgen::Boxes(m, all, nullptr);
    const size_t after = graphgen::Boxes(m, graphgen::PassOptions(), &runs);
    const double seconds = graphgen::SecondsToPng(m, out);
    const size_t corpus = m.find("shared/corpus/");
    const std::string name = corpus == std::string::npos ? m : m.substr(corpus + 14);
    std::printf("%-60s %8zu %8zu %10.2f  %s\n", name.c_str(), before, after, seconds, runs.c_str());
    std::fflush(stdout);
  }
  std::remove(out.c_str());
  return 0;
}
