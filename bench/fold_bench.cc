// Folding and the default size fit on deep models (issue 10): boxes drawn with
// `--fold off --depth all` and by default, the default PNG's canvas in pixels, the wall
// time of the whole default pipeline to a PNG (median of 3), the chains fused into one
// box each (--fuse auto) and the runs found (×N~: alike but for widths). Models: the fold
// fixtures, then the real ones in ../shared/corpus when that folder exists, or the paths given as
// arguments.
//   bazel run -c opt //bench:fold_bench [-- MODEL...]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "graphgen/pipeline.h"
#include "importers/model_files.h"
#include "importers/registry.h"
#include "passes/passes.h"

namespace graphgen {
namespace {

size_t Boxes(const std::string& path, const PassOptions& options, std::string* runs,
             int* fused = nullptr) {
  Warnings warnings;
  auto g = ImportModel(path, ImportOptions(), &warnings);
  if (!g.ok()) return 0;
  LayerGraph graph = std::move(*g);
  std::vector<std::string> passes_warnings;
  if (!RunPasses(graph, options, &passes_warnings).ok()) return 0;
  if (fused != nullptr) {
    *fused = 0;
    for (const Node& n : graph.nodes) *fused += !n.fused.empty();
  }
  if (runs != nullptr) {
    for (const Scope& s : graph.scopes) {
      if (s.kind != ScopeKind::kRepeat) continue;
      *runs += (runs->empty() ? "" : ", ") + std::string("\xC3\x97") +
               std::to_string(s.repeat.repeats) + (s.repeat.alike ? "~" : "");
    }
  }
  return graph.nodes.size();
}

// "1008×4510" from a PNG's IHDR chunk (width and height, big-endian, at bytes 16..23).
std::string PngSize(const std::string& path) {
  unsigned char h[24] = {};
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return "?";
  const size_t n = std::fread(h, 1, sizeof h, f);
  std::fclose(f);
  if (n != sizeof h) return "?";
  const auto be32 = [&](int at) {
    return (uint32_t{h[at]} << 24) | (uint32_t{h[at + 1]} << 16) | (uint32_t{h[at + 2]} << 8) |
           uint32_t{h[at + 3]};
  };
  return std::to_string(be32(16)) + "\xC3\x97" + std::to_string(be32(20));
}

double SecondsToPng(const std::string& path, const std::string& out) {
  std::vector<double> s;
  for (int i = 0; i < 3; ++i) {
    Config config;
    config.input = path;
    config.output = out;
    config.format = "png";
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
    const std::string corpus = std::string(workspace ? workspace : ".") + "/../shared/corpus";
    // Every corpus model too big to draw whole (more ops than --depth auto's 300 boxes):
    // the models folding, collapsing and fusing exist for.
    const size_t limit = static_cast<size_t>(graphgen::PassOptions().fit_boxes);
    for (const std::string& f : graphgen::FindModelFiles(corpus)) {
      graphgen::Warnings warnings;
      auto g = graphgen::ImportModel(f, graphgen::ImportOptions(), &warnings);
      if (g.ok() && g->nodes.size() > limit) models.push_back(f);
    }
  }
  const char* tmp = std::getenv("TMPDIR");
  const std::string out =
      std::string(tmp ? tmp : "/tmp") + "/fold_bench_" + std::to_string(getpid()) + ".png";
  std::printf("%-55s %6s %8s %12s %9s %6s  %s\n", "model", "all", "default", "canvas px",
              "s to PNG", "fused", "runs");
  for (const std::string& m : models) {
    graphgen::PassOptions all;
    all.fold_min = 0;
    all.fit_boxes = 0;
    std::string runs;
    const size_t before = graphgen::Boxes(m, all, nullptr);
    int fused = 0;
    const size_t after = graphgen::Boxes(m, graphgen::PassOptions(), &runs, &fused);
    const double seconds = graphgen::SecondsToPng(m, out);
    const std::string canvas = graphgen::PngSize(out);
    const size_t corpus = m.find("shared/corpus/");
    const std::string name = corpus == std::string::npos ? m : m.substr(corpus + 14);
    // "×" is two bytes but one column: one more byte of padding keeps the columns.
    const bool times = canvas.find("\xC3\x97") != std::string::npos;
    std::printf("%-55s %6zu %8zu %*s %9.2f %6d  %s\n", name.c_str(), before, after, times ? 13 : 12,
                canvas.c_str(), seconds, fused, runs.c_str());
    std::fflush(stdout);
  }
  std::remove(out.c_str());
  return 0;
}
