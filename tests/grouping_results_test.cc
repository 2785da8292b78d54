// docs/grouping-results.md holds the grouping pass's verdict, confidence, nodes per role and
// typed edges for every fixture in fixtures/grouping and every model of the corpus
// (../shared/corpus, when present). This test recomputes both tables and fails when the
// document differs; `bazel run //tests:grouping_results_test -- --update` rewrites them.
#include <gtest/gtest.h>
#include <limits.h>
#include <stdlib.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "importers/registry.h"
#include "passes/grouping/grouping.h"
#include "passes/passes.h"
#include "tests/test_support.h"

namespace graphgen {
namespace {

constexpr const char* kDoc = "docs/grouping-results.md";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// One table row: the model, its verdict, nodes per role (ops as drawn unfolded: weights
// folded into their layers) and typed edges.
std::string Row(const std::string& label, const std::string& path) {
  Warnings warnings;
  auto graph = ImportModel(path, ImportOptions(), &warnings);
  EXPECT_TRUE(graph.ok()) << path << ": " << graph.status().message();
  if (!graph.ok()) return "| " + label + " | import failed | | | | | | | |\n";
  PassOptions options;
  options.fold_min = 0;
  options.fuse = FuseMode::kOff;  // every op its own row count, as before --fuse existed
  GroupedModel grouped;
  EXPECT_TRUE(RunPassesGrouped(*graph, options, GroupingOptions(), &warnings, &grouped).ok());
  const Grouping& r = grouped.drawn;
  int roles[4] = {};
  for (size_t n = 0; n < graph->nodes.size(); ++n) {
    const NodeKind kind = graph->nodes[n].kind;
    if (kind == NodeKind::kOp || kind == NodeKind::kGroup) ++roles[static_cast<int>(r.roles[n])];
  }
  int edges[4] = {};
  for (const TypedEdge& e : r.edges) ++edges[static_cast<int>(e.kind)];
  char verdict[96];
  if (r.found) {
    std::snprintf(verdict, sizeof(verdict), "found (%s, %.2f)", r.basis.c_str(), r.confidence);
  } else {
    std::snprintf(verdict, sizeof(verdict), "no structure");
  }
  std::ostringstream row;
  row << "| " << label << " | " << verdict << " | " << roles[1] << " | " << roles[2] << " | "
      << roles[3] << " | " << roles[0] << " | " << edges[static_cast<int>(EdgeKind::kSkip)] << " | "
      << edges[static_cast<int>(EdgeKind::kMemory)] << " | "
      << edges[static_cast<int>(EdgeKind::kState)] << " |\n";
  return row.str();
}

std::string Header() {
  return "| model | verdict (basis, confidence) | encoder | bottleneck | decoder | none | "
         "skip | memory | state |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
}

std::string FixtureTable() {
  std::vector<std::string> models;
  std::ifstream in("fixtures/grouping/manifest.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model ", 0) == 0) {
      std::istringstream words(line.substr(6));
      std::string name;
      words >> name;
      models.push_back(name);
    }
  }
  EXPECT_GE(models.size(), 14u);
  std::string table = Header();
  for (const std::string& m : models) table += Row(m, "fixtures/grouping/" + m + ".onnx");
  return table;
}

std::string CorpusTable(const std::string& corpus) {
  static const char* kFiles[] = {
      "sed-gen-web/unet.onnx",
      "tensorflow-onnx/ae0/frozen.pb",
      "npm-human-models/selfie.json",
      "npm-human-models/meet.json",
      "tfjs-examples/movenet_singlepose_lightning/model.json",
      "npm-human-models/centernet.json",
      "npm-human-models/nanodet.json",
      "onnx-light/light_resnet50.onnx",
      "onnx-light/light_densenet121.onnx",
      "onnx-light/light_inception_v1.onnx",
      "onnx-light/light_inception_v2.onnx",
      "onnx-light/light_vgg19.onnx",
      "onnx-light/light_squeezenet.onnx",
      "onnx-light/light_shufflenet.onnx",
      "onnx-light/light_bvlc_alexnet.onnx",
      "onnx-light/light_zfnet512.onnx",
      "tensorflow-onnx/fc-layers/frozen.pb",
      "tensorflow-onnx/lstm/frozen.pb",
      "tensorflow-onnx/gru/frozen.pb",
  };
  std::string table = Header();
  for (const char* f : kFiles) table += Row(f, corpus + "/" + f);
  return table;
}

// Replaces the text between "<!-- begin NAME -->\n" and "<!-- end NAME -->" in doc.
bool Splice(std::string* doc, const std::string& name, const std::string& body,
            std::string* current) {
  const std::string begin = "<!-- begin " + name + " -->\n", end = "<!-- end " + name + " -->";
  const size_t b = doc->find(begin);
  const size_t e = doc->find(end);
  if (b == std::string::npos || e == std::string::npos || e < b) return false;
  *current = doc->substr(b + begin.size(), e - b - begin.size());
  doc->replace(b + begin.size(), e - b - begin.size(), body);
  return true;
}

TEST(GroupingResults, DocumentMatchesThePass) {
  std::string doc = Slurp(kDoc);
  ASSERT_FALSE(doc.empty()) << kDoc;
  std::string current;
  const std::string fixtures = FixtureTable();
  ASSERT_TRUE(Splice(&doc, "fixtures", fixtures, &current)) << "markers missing in " << kDoc;
  if (!UpdateRequested()) {
    EXPECT_EQ(current, fixtures)
        << "regenerate with: bazel run //tests:grouping_results_test -- --update";
  }
  const std::string corpus = CorpusDir();
  std::ifstream probe(corpus + "/MANIFEST.md");
  if (probe) {
    const std::string table = CorpusTable(corpus);
    ASSERT_TRUE(Splice(&doc, "corpus", table, &current)) << "markers missing in " << kDoc;
    if (!UpdateRequested()) {
      EXPECT_EQ(current, table)
          << "regenerate with: bazel run //tests:grouping_results_test -- --update";
    }
  } else {
    std::printf("no corpus under %s: its table is not checked\n", corpus.c_str());
  }
  if (UpdateRequested()) {
    const char* src = std::getenv("BUILD_WORKSPACE_DIRECTORY");
    ASSERT_NE(src, nullptr) << "--update needs bazel run";
    std::ofstream(std::string(src) + "/" + kDoc, std::ios::binary) << doc;
  }
}

}  // namespace
}  // namespace graphgen
