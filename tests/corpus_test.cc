// The optional corpus run: every ONNX and TensorFlow GraphDef file under ../shared/corpus (beside
// the checkout) imports with the node count its MANIFEST.md gives, lays out without breaking the
// layout invariants, and renders to SVG. Skipped when the folder is not there.
#include <dirent.h>
#include <gtest/gtest.h>
#include <limits.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "graphgen/diagram_builder.h"
#include "graphgen/passes.h"
#include "graphgen/pipeline.h"
#include "importers/registry.h"
#include "layout/layered_layout.h"
#include "layout/layout_invariants.h"

namespace graphgen {
namespace {

// The checkout holds this test's data as links into the source tree; ../shared sits
// beside the checkout.
std::string CorpusDir() {
  char real[PATH_MAX];
  if (realpath("fixtures/unet_small.onnxtxt", real) == nullptr) return "";
  std::string path = real;
  path = path.substr(0, path.rfind("/fixtures/"));
  return path.substr(0, path.rfind('/')) + "/shared/corpus";
}

void FindOnnx(const std::string& dir, std::vector<std::string>* out) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return;
  std::vector<std::string> names;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] != '.') names.push_back(e->d_name);
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    const std::string path = dir + "/" + name;
    const auto ends = [&](const std::string& ext) {
      return name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext;
    };
    if (ends(".onnx") || name == "frozen.pb" || ends(".pbtxt")) {
      out->push_back(path);
    } else {
      FindOnnx(path, out);
    }
  }
}

TEST(Corpus, EveryOnnxFileImportsAndRenders) {
  const std::string corpus = CorpusDir();
  std::vector<std::string> files;
  FindOnnx(corpus, &files);
  if (files.empty()) GTEST_SKIP() << "no ONNX files under " << corpus;
  // Operator nodes per file, from MANIFEST.md.
  const std::map<std::string, int> kNodes = {
      {"light_bvlc_alexnet.onnx", 40},
      {"light_densenet121.onnx", 1746},
      {"light_inception_v1.onnx", 237},
      {"light_inception_v2.onnx", 916},
      {"light_resnet50.onnx", 415},
      {"light_shufflenet.onnx", 446},
      {"light_squeezenet.onnx", 105},
      {"light_vgg19.onnx", 82},
      {"light_zfnet512.onnx", 38},
      {"unet.onnx", 27},
      {"ae0/frozen.pb", 30},
      {"fc-layers/frozen.pb", 24},
      {"gru/frozen.pb", 548},
      {"lstm/frozen.pb", 529},
      {"graphdef/frozen.pb", 8},
      {"graphdef_foo.pbtxt", 1},
  };
  const char* tmp = std::getenv("TEST_TMPDIR");
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    std::string base = file.substr(file.rfind('/') + 1);
    if (base == "frozen.pb") {
      const std::string dir = file.substr(0, file.rfind('/'));
      base = dir.substr(dir.rfind('/') + 1) + "/" + base;
    }
    Warnings warnings;
    auto graph = ImportModel(file, ImportOptions(), &warnings);
    ASSERT_TRUE(graph.ok()) << graph.status().message();
    int ops = 0;
    for (const Node& n : graph->nodes) ops += n.kind != NodeKind::kOutput;
    if (graph->format == "ONNX") {
      for (const Node& n : graph->nodes) ops -= n.kind == NodeKind::kInput;
    }
    if (auto it = kNodes.find(base); it != kNodes.end()) {
      EXPECT_EQ(ops, it->second);
    }

    // The default engine's drawing keeps the layout invariants: no overlaps, no edge
    // through a box, clusters nested.
    LayerGraph processed = *graph;
    Warnings pass_warnings;
    ASSERT_TRUE(RunPasses(processed, PassOptions(), &pass_warnings).ok());
    const Diagram diagram = BuildDiagram(processed, RenderOptions());
    auto layout = LayeredLayout().Layout(diagram.graph, LayoutOptions());
    ASSERT_TRUE(layout.ok()) << layout.status().message();
    const std::vector<std::string> issues = CheckLayoutResult(diagram.graph, *layout);
    EXPECT_TRUE(issues.empty()) << issues.size() << " issues, first: " << issues[0];

    Config config;
    config.input = file;
    std::string flat = base;
    std::replace(flat.begin(), flat.end(), '/', '_');
    config.output = std::string(tmp ? tmp : "/tmp") + "/" + flat + ".svg";
    const Status status = graphgen::Run(config, stdout, stderr);
    EXPECT_TRUE(status.ok()) << status.message();
  }
}

}  // namespace
}  // namespace graphgen
