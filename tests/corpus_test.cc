// The optional corpus run: every ONNX file under ../shared/corpus (beside the checkout)
// imports with the node count its MANIFEST.md gives, and renders to SVG. Skipped when
// the folder is not there.
#include <gtest/gtest.h>
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "graphgen/pipeline.h"
#include "importers/registry.h"

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
    if (name.size() > 5 && name.substr(name.size() - 5) == ".onnx") {
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
      {"light_bvlc_alexnet.onnx", 40}, {"light_densenet121.onnx", 1746},
      {"light_inception_v1.onnx", 237}, {"light_inception_v2.onnx", 916},
      {"light_resnet50.onnx", 415},     {"light_shufflenet.onnx", 446},
      {"light_squeezenet.onnx", 105},   {"light_vgg19.onnx", 82},
      {"light_zfnet512.onnx", 38},      {"unet.onnx", 27},
  };
  const char* tmp = std::getenv("TEST_TMPDIR");
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    const std::string base = file.substr(file.rfind('/') + 1);
    Warnings warnings;
    auto graph = ImportModel(file, ImportOptions(), &warnings);
    ASSERT_TRUE(graph.ok()) << graph.status().message();
    int ops = 0;
    for (const Node& n : graph->nodes) ops += n.kind == NodeKind::kOp;
    if (auto it = kNodes.find(base); it != kNodes.end()) EXPECT_EQ(ops, it->second);

    Config config;
    config.input = file;
    config.output = std::string(tmp ? tmp : "/tmp") + "/" + base + ".svg";
    const Status status = graphgen::Run(config, stdout, stderr);
    EXPECT_TRUE(status.ok()) << status.message();
  }
}

}  // namespace
}  // namespace graphgen
