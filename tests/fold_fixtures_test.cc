// Repeated-block folding on deep models: fixtures/fold/*.onnx (PyTorch exports from
// tools/gen_fold_fixtures.py, and ResNet-152 and a 30k-node flat-named transformer made
// at build time by //tools:make_fold_fixtures) against fixtures/fold/manifest.txt, which
// says from each model's definition which runs exist and how long they are. The default
// passes must find exactly those runs, fit the picture, keep every parameter, compose
// with the encoder/decoder grouping, and report the runs in --groups-json the same way
// every time.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "importers/registry.h"
#include "passes/grouping/grouping.h"
#include "passes/passes.h"
#include "render/groups_json/grouping_report.h"

namespace graphgen {
namespace {

using Runs = std::set<std::pair<std::string, int64_t>>;  // first node of block 0, count

std::vector<std::pair<std::string, Runs>> ReadManifest() {
  std::ifstream in("fixtures/fold/manifest.txt");
  std::vector<std::pair<std::string, Runs>> models;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string kind, a;
    int64_t count = 0;
    words >> kind >> a;
    if (kind == "model") {
      models.emplace_back(a, Runs());
    } else if (kind == "run" && !models.empty() && (words >> count)) {
      models.back().second.emplace(a, count);
    }
  }
  return models;
}

struct Loaded {
  LayerGraph imported;
  LayerGraph g;  // drawn
  GroupedModel grouped;
};

Loaded Load(const std::string& file, const PassOptions& options,
            std::vector<std::string>* warnings) {
  Warnings import_warnings;
  auto graph = ImportModel("fixtures/fold/" + file, ImportOptions(), &import_warnings);
  EXPECT_TRUE(graph.ok()) << graph.status().message();
  Loaded out;
  if (!graph.ok()) return out;
  out.imported = std::move(*graph);
  out.g = out.imported;
  EXPECT_TRUE(RunPassesGrouped(out.g, options, GroupingOptions(), warnings, &out.grouped).ok());
  return out;
}

std::string Json(const Loaded& loaded, const std::string& file) {
  GroupsReport report;
  report.model = file;
  report.imported = &loaded.imported;
  report.drawn = &loaded.g;
  report.grouped = &loaded.grouped;
  return GroupingJson(report);
}

Runs FoundRuns(const LayerGraph& g) {
  Runs runs;
  for (const Scope& s : g.scopes) {
    if (s.kind != ScopeKind::kRepeat) continue;
    EXPECT_EQ(s.repeat.blocks.size(), static_cast<size_t>(s.repeat.repeats));
    runs.emplace(s.repeat.blocks.empty() ? "" : s.repeat.blocks[0].first, s.repeat.repeats);
  }
  return runs;
}

class FoldFixture : public ::testing::TestWithParam<std::pair<std::string, Runs>> {};

TEST_P(FoldFixture, DefaultFindsExactlyTheRunsAndFits) {
  const auto& [file, expected] = GetParam();
  std::vector<std::string> warnings;
  const Loaded loaded = Load(file, PassOptions(), &warnings);
  const LayerGraph& g = loaded.g;
  EXPECT_EQ(FoundRuns(g), expected);
  // The default picture fits (--depth auto: 300 boxes) and says what it did.
  EXPECT_LE(g.nodes.size(), 300u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find(" of identical blocks folded"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("--depth all --fold off"), std::string::npos) << warnings[0];

  // Folding hides ops, never parameters: the folded total is the model's.
  PassOptions all;
  all.fold_min = 0;
  all.fit_boxes = 0;
  const LayerGraph every = Load(file, all, nullptr).g;
  EXPECT_TRUE(FoundRuns(every).empty());
  EXPECT_EQ(g.TotalParams(), every.TotalParams());
  int64_t run_params = 0;
  for (const Scope& s : g.scopes) run_params += s.repeat.params;
  int64_t in_runs = 0;
  for (const Node& n : g.nodes) {
    for (int s = n.scope; s > 0; s = g.scopes[s].parent) {
      if (g.scopes[s].kind == ScopeKind::kRepeat) {
        in_runs += n.params * n.copies;
        break;
      }
    }
  }
  EXPECT_EQ(run_params, in_runs) << "each run's shown count is its blocks' total";

  // --groups-json: valid, the same bytes every time, one entry per run.
  const std::string json = Json(loaded, file);
  EXPECT_EQ(json, Json(Load(file, PassOptions(), nullptr), file));
  const auto parsed = nlohmann::json::parse(json);
  // Every node of the file is listed, each drawn in a box that exists.
  ASSERT_EQ(parsed["nodes"].size(), loaded.imported.nodes.size());
  for (const auto& node : parsed["nodes"]) {
    if (node["box"].is_null()) continue;
    EXPECT_LT(node["box"].get<size_t>(), g.nodes.size()) << node.dump();
  }
  ASSERT_EQ(parsed["runs"].size(), expected.size());
  for (const auto& run : parsed["runs"]) {
    EXPECT_TRUE(expected.count({run["blocks"][0]["first"], run["count"]})) << run.dump();
    EXPECT_EQ(run["blocks"].size(), run["count"]);
  }
}

INSTANTIATE_TEST_SUITE_P(Manifest, FoldFixture, ::testing::ValuesIn(ReadManifest()),
                         [](const auto& info) {
                           std::string name = info.param.first;
                           return name.substr(0, name.find('.'));
                         });

TEST(FoldFixtures, ManifestListsEveryModel) { EXPECT_EQ(ReadManifest().size(), 4u); }

// A 6+6 transformer reads as "Encoder · layers.0–5 ×6" and "Decoder · layers.0–5 ×6" with the
// encoder's memory edge into the folded decoder layer.
TEST(FoldFixtures, Seq2SeqFoldsInsideEncoderAndDecoder) {
  const Loaded loaded = Load("transformer_seq2seq6.onnx", PassOptions(), nullptr);
  const LayerGraph& g = loaded.g;
  const Grouping& r = loaded.grouped.drawn;
  ASSERT_TRUE(r.found) << r.Verdict();
  std::vector<std::pair<std::string, std::string>> stages;
  for (const Stage& st : r.stages) stages.emplace_back(RoleName(st.role), st.label);
  const std::string six =
      "layers.0\xE2\x80\x93"
      "5 \xC3\x97"
      "6";
  EXPECT_EQ(stages,
            (std::vector<std::pair<std::string, std::string>>{{"encoder", six}, {"decoder", six}}));
  bool memory = false;
  for (const TypedEdge& e : r.edges) {
    if (e.kind != EdgeKind::kMemory) continue;
    memory = true;
    EXPECT_EQ(g.nodes[e.from].name, "/transformer/encoder/norm/LayerNormalization");
    EXPECT_EQ(g.scopes[g.nodes[e.to].scope].path.rfind("transformer/decoder/" + six + "/", 0), 0u)
        << g.scopes[g.nodes[e.to].scope].path;
  }
  EXPECT_TRUE(memory);
}

}  // namespace
}  // namespace graphgen
