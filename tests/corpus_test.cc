// The optional corpus run: every ONNX and TensorFlow file under ../shared/corpus (beside
// the checkout: GraphDefs, SavedModel directories, .meta files, TF.js and Keras JSON,
// TensorFlow Lite)
// imports with the node count its MANIFEST.md gives (or, where a signature selects a
// subgraph, the count checked by hand), and renders to SVG. Skipped when the folder is
// not there.
#include <dirent.h>
#include <gtest/gtest.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/file_io.h"
#include "core/op_table.h"
#include "diagram/diagram_builder.h"
#include "graphgen/pipeline.h"
#include "importers/importer.h"
#include "importers/model_files.h"
#include "importers/registry.h"
#include "layout/layered/layered_layout.h"
#include "layout/layout_invariants.h"
#include "passes/grouping/grouping.h"
#include "passes/passes.h"
#include "render/tfevents/tfrecord.h"
#include "tests/test_support.h"
#include "third_party/tensorflow/tf_event.pb.h"

namespace graphgen {
namespace {

// The corpus's model files (importers/model_files.h decides which files are models).
void FindOnnx(const std::string& dir, std::vector<std::string>* out) {
  for (std::string& f : FindModelFiles(dir)) out->push_back(std::move(f));
}

// Splits a Markdown table row "| a | b |" into its trimmed cells.
std::vector<std::string> TableCells(const std::string& line) {
  std::vector<std::string> cells;
  size_t start = line.find('|');
  while (start != std::string::npos) {
    const size_t end = line.find('|', start + 1);
    if (end == std::string::npos) break;
    std::string cell = line.substr(start + 1, end - start - 1);
    const size_t first = cell.find_first_not_of(" `");
    const size_t last = cell.find_last_not_of(" `");
    cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
    start = end;
  }
  return cells;
}

// Node counts from every MANIFEST.md under `dir`: in each table with a column whose header
// starts with "nodes", the first cell's file name maps to the number that starts that
// column ("1746 (836)" is 1746). The corpus grows by folders with their own manifests; their
// counts come from there rather than from a copy in this test.
void ReadManifestNodeCounts(const std::string& dir, std::map<std::string, int>* counts) {
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
    struct stat st;
    if (stat(path.c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      ReadManifestNodeCounts(path, counts);
      continue;
    }
    if (name != "MANIFEST.md") continue;
    auto text = ReadFile(path, int64_t{1} << 24);
    if (!text.ok()) continue;
    int column = -1;  // the "nodes" column of the table being read
    size_t start = 0;
    while (start < text->size()) {
      size_t end = text->find('\n', start);
      if (end == std::string::npos) end = text->size();
      const std::string line = text->substr(start, end - start);
      start = end + 1;
      if (line.empty() || line[0] != '|') {
        column = -1;
        continue;
      }
      const std::vector<std::string> cells = TableCells(line);
      if (column < 0) {
        for (size_t c = 0; c < cells.size(); ++c) {
          if (cells[c].rfind("nodes", 0) == 0) column = static_cast<int>(c);
        }
        continue;
      }
      if (static_cast<size_t>(column) >= cells.size() || cells[0].empty()) continue;
      const std::string& cell = cells[column];
      if (cell.empty() || !std::isdigit(static_cast<unsigned char>(cell[0]))) continue;
      (*counts)[cells[0]] = std::atoi(cell.c_str());
    }
  }
}

TEST(Corpus, EveryOnnxFileImportsAndRenders) {
  const std::string corpus = CorpusDir();
  std::vector<std::string> files;
  FindOnnx(corpus, &files);
  if (files.empty()) GTEST_SKIP() << "no ONNX files under " << corpus;
  // Operator nodes per file: the manifests' tables, and where a manifest gives the count
  // only in prose (or a signature selects a subgraph) the count below, checked by hand.
  std::map<std::string, int> expected_nodes = {
      {"unet.onnx", 27},
      {"ae0/frozen.pb", 30},
      {"fc-layers/frozen.pb", 24},
      {"gru/frozen.pb", 548},
      {"lstm/frozen.pb", 529},
      {"graphdef/frozen.pb", 8},
      {"graphdef_foo.pbtxt", 1},
      // TF.js graph-models: every node of the GraphDef (MANIFEST.md's prose).
      {"movenet_singlepose_lightning/model.json", 331},
      {"predictive_prefetching_graph_model/model.json", 20},
      // Keras Sequential of 3 Dense layers, plus its input.
      {"abalone_layers_model/model.json", 4},
      // SavedModels: what computes serving_default, function bodies expanded; checked by
      // hand against the protobuf text. TF2 half_plus_two: serving_default_x, variables a
      // and b, their two reads, Mul, AddV2 and one Identity per function level.
      {"saved_model_half_plus_two_tf2_cpu/00000123", 9},
      // TF1 half_plus_two: x (an Identity of the tf.Example parse), a, b, their reads,
      // Mul, Add and y.
      {"saved_model_half_plus_two_cpu/00000123", 8},
      // Regression: X, W, W/read, b, b/read, Mul, Add, pred.
      {"regression/saved_model", 8},
      // x, y and their Add; the unused Placeholder is not reached.
      {"tensorflow-onnx/saved_model_with_redundant_inputs", 3},
      // serving_default_x, then AddV2(x, x) and one Identity per function level.
      {"model-explorer/simple_add", 4},
      // model.meta without signatures: the forward graph and the loss, no training ops.
      {"checkpoint/model.meta", 19},
      // TensorFlow Lite (mediapipe/; its MANIFEST.md table has no node column): subgraph
      // 0's operators less the DEQUANTIZE and DENSIFY ops that decode weights (float16,
      // sparse), plus the input, counted from flatc's JSON dump of each file. Operators in
      // the file: 388, 164, 167, 305, 246, 246.
      {"face_detection_full_range_sparse.tflite", 161},
      {"face_detection_short_range.tflite", 91},
      {"hand_landmark_lite.tflite", 66},
      {"pose_landmark_lite.tflite", 130},
      {"selfie_segmentation.tflite", 137},
      {"selfie_segmentation_landscape.tflite", 137},
  };
  ReadManifestNodeCounts(corpus, &expected_nodes);
  // The manifests' tables cover the ONNX model zoo files, the TF.js detectors and segmenters
  // and the torch exports; a table that stopped parsing would leave them uncounted.
  for (const char* listed : {"light_densenet121.onnx", "selfie.json", "resnet34_op13.onnx"}) {
    if (access((corpus + "/MANIFEST.md").c_str(), R_OK) == 0 &&
        access((corpus + "/torch-dev/MANIFEST.md").c_str(), R_OK) == 0) {
      EXPECT_EQ(expected_nodes.count(listed), 1u) << listed;
    }
  }
  const char* tmp = std::getenv("TEST_TMPDIR");
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    std::string base = file.substr(file.rfind('/') + 1);
    struct stat st;
    const bool is_dir = stat(file.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    if (base == "frozen.pb" || base == "model.json" || base == "model.meta" || is_dir) {
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
    std::printf("corpus: %s: %s, %d nodes\n", base.c_str(), graph->format.c_str(), ops);
    if (auto it = expected_nodes.find(base); it != expected_nodes.end()) {
      EXPECT_EQ(ops, it->second);
    } else {
      ADD_FAILURE() << "no expected node count for " << base;
    }

    // The default engine's drawing keeps the layout invariants (no overlaps, no edge
    // through a box or a cluster label, clusters nested) as graphgen draws by default
    // (top to bottom, groups found, deep scopes collapsed) and sideways with every op.
    for (const bool every_op : {false, true}) {
      SCOPED_TRACE(every_op ? "LR, --depth all --fold off" : "TB, defaults");
      LayerGraph processed = *graph;
      PassOptions pass_options;
      if (every_op) {
        pass_options.fit_boxes = 0;
        pass_options.fold_min = 0;
      }
      Warnings pass_warnings;
      GroupedModel grouped;
      ASSERT_TRUE(
          RunPassesGrouped(processed, pass_options, GroupingOptions(), &pass_warnings, &grouped)
              .ok());
      const Grouping& grouping = grouped.drawn;
      const Diagram diagram = BuildDiagram(processed, RenderOptions(), &grouping, false);
      LayoutOptions layout_options;
      if (every_op) layout_options.rankdir = RankDir::kLR;
      auto layout = LayeredLayout().Layout(diagram.graph, layout_options);
      ASSERT_TRUE(layout.ok()) << layout.status().message();
      std::vector<std::string> issues = CheckLayoutResult(diagram.graph, *layout);
      EXPECT_TRUE(issues.empty()) << issues.size() << " issues, first: " << issues[0];
    }

    Config config;
    config.input = file;
    std::string flat = base;
    std::replace(flat.begin(), flat.end(), '/', '_');
    config.output = std::string(tmp ? tmp : "/tmp") + "/" + flat + ".svg";
    const Status status = graphgen::Run(config, stdout, stderr);
    EXPECT_TRUE(status.ok()) << status.message();
  }
}

// Every op a TensorFlow, TF.js or Keras corpus model draws has a category (a colour in
// the diagram and the legend), but the op model-explorer's file invents to test parsers.
TEST(Corpus, EveryTensorFlowOpTypeHasACategory) {
  const std::string corpus = CorpusDir();
  std::vector<std::string> files;
  FindOnnx(corpus, &files);
  if (files.empty()) GTEST_SKIP() << "no model files under " << corpus;
  std::set<std::string> seen;
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    Warnings warnings;
    auto graph = ImportModel(file, ImportOptions(), &warnings);
    ASSERT_TRUE(graph.ok()) << graph.status().message();
    if (graph->format == "ONNX") continue;
    for (const Node& n : graph->nodes) {
      if (n.kind != NodeKind::kOp || !seen.insert(n.op_type).second) continue;
      if (n.op_type == "Foo") continue;
      EXPECT_NE(CategoryOf(n.op_type), OpCategory::kOther) << n.op_type;
    }
  }
  std::string all;
  for (const std::string& op : seen) all += " " + op;
  std::printf("corpus TensorFlow op types (%zu):%s\n", seen.size(), all.c_str());
  EXPECT_GE(seen.size(), 40u);
}

// Every corpus model as a TensorBoard event file (the gru too: no layout is involved),
// read back the way TensorBoard reads it: CRCs, Events, a GraphDef whose names are unique
// and whose every input names a node.
TEST(Corpus, EveryFileWritesAGraphTensorBoardLoads) {
  const std::string corpus = CorpusDir();
  std::vector<std::string> files;
  FindOnnx(corpus, &files);
  if (files.empty()) GTEST_SKIP() << "no model files under " << corpus;
  const char* tmp = std::getenv("TEST_TMPDIR");
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    Config config;
    config.input = file;
    config.output = std::string(tmp ? tmp : "/tmp") + "/corpus.tfevents";
    config.format = "tfevents";
    config.timestamp = 1700000000;
    const Status status = graphgen::Run(config, stdout, stderr);
    ASSERT_TRUE(status.ok()) << status.message();
    auto bytes = ReadFile(config.output, int64_t{1} << 30);
    ASSERT_TRUE(bytes.ok());
    auto records = ReadTfRecords(*bytes);
    ASSERT_TRUE(records.ok()) << records.status().message();
    ASSERT_GE(records->size(), 2u);
    tf::Event version, graph_event;
    ASSERT_TRUE(version.ParseFromString((*records)[0]));
    EXPECT_EQ(version.file_version(), "brain.Event:2");
    ASSERT_TRUE(graph_event.ParseFromString((*records)[1]));
    tf::GraphDef def;
    ASSERT_TRUE(def.ParseFromString(graph_event.graph_def()));
    EXPECT_GT(def.node_size(), 0);
    std::map<std::string, int> names;
    for (const tf::NodeDef& n : def.node())
      EXPECT_TRUE(names.emplace(n.name(), 0).second) << n.name();
    for (const tf::NodeDef& n : def.node()) {
      for (std::string in : n.input()) {
        if (!in.empty() && in[0] == '^') in = in.substr(1);
        const size_t colon = in.rfind(':');
        if (colon != std::string::npos) in = in.substr(0, colon);
        EXPECT_EQ(names.count(in), 1u) << n.name() << " <- " << in;
      }
    }
  }
}

// The grouping pass on real files. Encoder-decoders: the trained U-Net (root-level skip
// Concats), the TF1 dense autoencoder, the selfie (TF.js and TFLite) and meet segmenters
// (each skip tensor read twice: by the attention gate and by the merge), BlazePose, and the
// feature-pyramid detectors (MoveNet, CenterNet, NanoDet, BlazeFace full-range): a backbone
// whose top-down path climbs back with lateral joins counts as encoder-decoder
// (docs/grouping-results.md says why), with less confidence since it stops short of the
// input's resolution. The classifiers and sequence classifiers are not.
TEST(Corpus, GroupingVerdicts) {
  const std::string corpus = CorpusDir();
  std::vector<std::string> files;
  FindOnnx(corpus, &files);
  if (files.empty()) GTEST_SKIP() << "no corpus under " << corpus;
  struct Want {
    const char* file;
    bool found;
    int skips;              // -1: not checked
    double min_confidence;  // for found models
    double max_confidence;
  };
  const Want kWant[] = {
      {"sed-gen-web/unet.onnx", true, 2, 0.9, 1},
      {"tensorflow-onnx/ae0/frozen.pb", true, 0, 0.6, 0.7},
      {"npm-human-models/selfie.json", true, 6, 0.75, 1},
      {"npm-human-models/meet.json", true, 6, 0.75, 1},
      {"tfjs-examples/movenet_singlepose_lightning/model.json", true, 3, 0.6, 0.89},
      {"npm-human-models/centernet.json", true, 3, 0.6, 0.89},
      {"npm-human-models/nanodet.json", true, 2, 0.6, 0.89},
      // TensorFlow Lite, NHWC: the selfie segmenters as their TF.js twin; BlazePose's
      // heatmap decoder; BlazeFace full-range's feature pyramid. The short-range face
      // detector and the hand landmark model only fall.
      {"mediapipe/selfie_segmentation.tflite", true, 6, 0.75, 1},
      {"mediapipe/selfie_segmentation_landscape.tflite", true, 6, 0.75, 1},
      {"mediapipe/pose_landmark_lite.tflite", true, -1, 0.6, 1},
      {"mediapipe/face_detection_full_range_sparse.tflite", true, 3, 0.6, 0.89},
      {"mediapipe/face_detection_short_range.tflite", false, -1, 0, 0},
      {"mediapipe/hand_landmark_lite.tflite", false, -1, 0, 0},
      {"onnx-light/light_bvlc_alexnet.onnx", false, -1, 0, 0},
      {"onnx-light/light_densenet121.onnx", false, -1, 0, 0},
      {"onnx-light/light_inception_v1.onnx", false, -1, 0, 0},
      {"onnx-light/light_inception_v2.onnx", false, -1, 0, 0},
      {"onnx-light/light_resnet50.onnx", false, -1, 0, 0},
      {"onnx-light/light_shufflenet.onnx", false, -1, 0, 0},
      {"onnx-light/light_squeezenet.onnx", false, -1, 0, 0},
      {"onnx-light/light_vgg19.onnx", false, -1, 0, 0},
      {"onnx-light/light_zfnet512.onnx", false, -1, 0, 0},
      {"tensorflow-onnx/fc-layers/frozen.pb", false, -1, 0, 0},
      {"tensorflow-onnx/lstm/frozen.pb", false, -1, 0, 0},
      {"tensorflow-onnx/gru/frozen.pb", false, -1, 0, 0},
  };
  for (const Want& want : kWant) {
    SCOPED_TRACE(want.file);
    Warnings warnings;
    auto graph = ImportModel(corpus + "/" + want.file, ImportOptions(), &warnings);
    ASSERT_TRUE(graph.ok()) << graph.status().message();
    GroupedModel grouped;
    ASSERT_TRUE(
        RunPassesGrouped(*graph, PassOptions(), GroupingOptions(), &warnings, &grouped).ok());
    const Grouping& r = grouped.drawn;
    std::string evidence;
    for (const std::string& e : r.evidence) evidence += "\n  " + e;
    EXPECT_EQ(r.found, want.found) << evidence;
    int skips = 0;
    for (const TypedEdge& e : r.edges) skips += e.kind == EdgeKind::kSkip;
    if (want.skips >= 0) {
      EXPECT_EQ(skips, want.skips) << evidence;
    }
    if (want.found) {
      EXPECT_GE(r.confidence, want.min_confidence) << evidence;
      EXPECT_LE(r.confidence, want.max_confidence) << evidence;
      // Every found model has all three groups and its skips join encoder to decoder.
      int count[4] = {};
      for (Role role : r.roles) ++count[static_cast<int>(role)];
      EXPECT_GT(count[static_cast<int>(Role::kEncoder)], 0);
      EXPECT_GT(count[static_cast<int>(Role::kDecoder)], 0);
      for (const TypedEdge& e : r.edges) {
        if (e.kind != EdgeKind::kSkip) continue;
        EXPECT_EQ(r.roles[e.from], Role::kEncoder) << graph->nodes[e.from].name;
        EXPECT_EQ(r.roles[e.to], Role::kDecoder) << graph->nodes[e.to].name;
      }
    } else {
      EXPECT_TRUE(r.edges.empty());
    }
  }
  // The U-Net's nodes by role, from its module names.
  Warnings warnings;
  auto unet = ImportModel(corpus + "/sed-gen-web/unet.onnx", ImportOptions(), &warnings);
  ASSERT_TRUE(unet.ok());
  GroupedModel grouped;
  ASSERT_TRUE(RunPassesGrouped(*unet, PassOptions(), GroupingOptions(), &warnings, &grouped).ok());
  const Grouping& r = grouped.drawn;
  for (size_t n = 0; n < unet->nodes.size(); ++n) {
    const std::string& name = unet->nodes[n].name;
    if (unet->nodes[n].kind != NodeKind::kOp) continue;
    const char* want = "decoder";
    if (name.rfind("/encoder", 0) == 0 || name.rfind("/pool", 0) == 0) want = "encoder";
    if (name.rfind("/bottleneck", 0) == 0) want = "bottleneck";
    EXPECT_STREQ(RoleName(r.roles[n]), want) << name;
  }
}

// Issue 10's real models by default: each fits the page (at most 300 boxes). Inception v2
// (flat n0..n510 names, nothing identical to fold) fits only with its Conv · BN · Scale ·
// Relu chains fused, and stderr says so and how to see every op; the others are drawn as
// before, with no chain fused.
TEST(Corpus, BigModelsFitThePageByDefault) {
  const std::string corpus = CorpusDir();
  if (access((corpus + "/onnx-light/light_inception_v2.onnx").c_str(), R_OK) != 0) {
    GTEST_SKIP() << "no corpus under " << corpus;
  }
  for (const char* file :
       {"onnx-light/light_resnet50.onnx", "onnx-light/light_densenet121.onnx",
        "onnx-light/light_inception_v1.onnx", "onnx-light/light_inception_v2.onnx",
        "onnx-light/light_shufflenet.onnx", "tensorflow-onnx/lstm/frozen.pb",
        "tensorflow-onnx/gru/frozen.pb", "tfjs-examples/movenet_singlepose_lightning/model.json",
        "npm-human-models/nanodet.json"}) {
    SCOPED_TRACE(file);
    Warnings warnings;
    auto graph = ImportModel(corpus + "/" + file, ImportOptions(), &warnings);
    ASSERT_TRUE(graph.ok()) << graph.status().message();
    ASSERT_TRUE(RunPasses(*graph, PassOptions(), &warnings).ok());
    int fused = 0;
    for (const Node& n : graph->nodes) fused += !n.fused.empty();
    EXPECT_LE(graph->nodes.size(), 300u);
    const bool v2 = std::string(file).find("inception_v2") != std::string::npos;
    if (v2) {
      EXPECT_EQ(graph->nodes.size(), 96u);
      EXPECT_EQ(fused, 70);  // 69 Conv · BN · Scale · Relu and the Gemm · Softmax
    } else {
      EXPECT_EQ(fused, 0);
    }
  }

  // The whole run: the picture has 96 boxes and stderr has the one line.
  Config config;
  config.input = corpus + "/onnx-light/light_inception_v2.onnx";
  const char* tmp = std::getenv("TEST_TMPDIR");
  config.output = std::string(tmp ? tmp : "/tmp") + "/inception_v2.dot";
  config.format = "dot";
  FILE* err = std::tmpfile();
  ASSERT_NE(err, nullptr);
  const Status status = graphgen::Run(config, stdout, err);
  ASSERT_TRUE(status.ok()) << status.message();
  std::rewind(err);
  std::string said;
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, err)) > 0;) said.append(buffer, n);
  std::fclose(err);
  EXPECT_EQ(said, "graphgen: warning: " + config.input +
                      ": 511 nodes drawn as 96 boxes (70 chains of ops drawn as one box each, "
                      "as 'Conv \xC2\xB7 BN \xC2\xB7 Scale \xC2\xB7 Relu'); --depth all --fold "
                      "off draws every node\n");
  auto dot = ReadFile(config.output, int64_t{1} << 30);
  ASSERT_TRUE(dot.ok());
  // Box lines: "  n12 [label=...", at any cluster depth.
  size_t boxes = 0;
  size_t start = 0;
  while (start < dot->size()) {
    size_t end = dot->find('\n', start);
    if (end == std::string::npos) end = dot->size();
    size_t i = dot->find_first_not_of(' ', start);
    if (i < end && (*dot)[i] == 'n' && i + 1 < end &&
        std::isdigit(static_cast<unsigned char>((*dot)[i + 1]))) {
      const size_t space = dot->find(' ', i);
      boxes += space < end && dot->compare(space, 2, " [") == 0;
    }
    start = end + 1;
  }
  EXPECT_EQ(boxes, 96u);

  // --depth all --fold off draws every op, as the line says.
  LayerGraph all;
  {
    Warnings warnings;
    auto graph = ImportModel(config.input, ImportOptions(), &warnings);
    ASSERT_TRUE(graph.ok());
    all = std::move(*graph);
  }
  const size_t imported = all.nodes.size();
  PassOptions every;
  every.fit_boxes = 0;
  every.fold_min = 0;
  std::vector<std::string> warnings;
  ASSERT_TRUE(RunPasses(all, every, &warnings).ok());
  EXPECT_EQ(all.nodes.size(), 511u);
  EXPECT_LE(all.nodes.size(), imported);
  EXPECT_TRUE(warnings.empty());
}

}  // namespace
}  // namespace graphgen
