// Drawing quality of the layered engine on real models, as a reader judges it against
// Graphviz dot: a U-Net's encoder and bottleneck run down one straight line (no staircase
// of stages) with the skips beside it, and edges into one box end apart, not on top of
// each other; top to bottom and sideways. Fixtures, and ../shared/corpus when present.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "diagram/diagram_builder.h"
#include "importers/registry.h"
#include "layout/layered/layered_layout.h"
#include "layout/layout_invariants.h"
#include "layout/layout_metrics.h"
#include "passes/grouping/grouping.h"
#include "passes/passes.h"
#include "tests/test_support.h"

namespace graphgen {
namespace {

struct Drawn {
  Diagram diagram;
  LayoutResult layout;
};

Drawn Draw(const std::string& path, RankDir dir, bool every_op = false) {
  Warnings warnings;
  auto graph = ImportModel(path, ImportOptions(), &warnings);
  EXPECT_TRUE(graph.ok()) << path;
  if (!graph.ok()) return {};
  PassOptions passes;
  if (every_op) {
    passes.fit_boxes = 0;  // --depth all
    passes.fold_min = 0;   // --fold off
  }
  GroupedModel grouped;
  EXPECT_TRUE(RunPassesGrouped(*graph, passes, GroupingOptions(), &warnings, &grouped).ok());
  const Grouping& grouping = grouped.drawn;
  Drawn d;
  d.diagram = BuildDiagram(*graph, RenderOptions(), &grouping, false);
  LayoutOptions options;
  options.rankdir = dir;
  auto layout = LayeredLayout().Layout(d.diagram.graph, options);
  EXPECT_TRUE(layout.ok());
  if (layout.ok()) d.layout = std::move(*layout);
  const std::vector<std::string> issues = CheckLayoutResult(d.diagram.graph, d.layout);
  EXPECT_TRUE(issues.empty()) << issues.size() << " issues, first: " << issues[0];
  return d;
}

// Whether node `n` lies in a cluster whose label starts with `prefix`.
bool InGroup(const Diagram& d, int n, const std::string& prefix) {
  for (int c = d.graph.nodes[n].cluster; c >= 0; c = d.graph.clusters[c].parent) {
    if (d.clusters[c].label.text.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// The main path's boxes in the encoder and the bottleneck: how far apart their centres
// lie across the flow (0 for one straight line), and how many there are.
void EncoderSpread(const Drawn& d, RankDir dir, double* spread, int* boxes) {
  const MainPath m = MeasureMainPath(d.diagram.graph, d.layout, dir);
  const bool sideways = dir == RankDir::kLR || dir == RankDir::kRL;
  double lo = 1e18, hi = -1e18;
  *boxes = 0;
  for (int n : m.path) {
    if (!InGroup(d.diagram, n, "Encoder") && !InGroup(d.diagram, n, "Bottleneck")) continue;
    const Box& b = d.layout.nodes[n];
    const double across = sideways ? b.y + b.height / 2 : b.x + b.width / 2;
    lo = std::min(lo, across);
    hi = std::max(hi, across);
    ++*boxes;
  }
  *spread = *boxes > 0 ? hi - lo : 0;
}

TEST(LayoutQuality, UNetEncoderIsOneStraightLine) {
  std::vector<std::string> models = {"fixtures/grouping/unet_paper.onnx",
                                     "fixtures/unet_small.onnx"};
  const std::string corpus_unet = CorpusFile("sed-gen-web/unet.onnx");
  if (!corpus_unet.empty()) models.push_back(corpus_unet);
  for (const std::string& model : models) {
    for (RankDir dir : {RankDir::kTB, RankDir::kLR}) {
      SCOPED_TRACE(model + " " + RankDirName(dir));
      const Drawn d = Draw(model, dir);
      double spread = 0;
      int boxes = 0;
      EncoderSpread(d, dir, &spread, &boxes);
      // Every conv of every stage, the pools and the bottleneck: a long run, not a stub.
      EXPECT_GE(boxes, 14);
      EXPECT_LE(spread, 1.0) << "the encoder steps sideways (a staircase)";
    }
  }
}

TEST(LayoutQuality, MainPathIsStraightThroughout) {
  // A U-Net whose decoder stages each start at their ConvTranspose (no crop before the
  // Concat, so no stage shares a rank with the one before it) is one line from input to
  // output. So is a DenseNet through its folded dense blocks: the dense skips bend around
  // each block's label instead of pushing the chain aside block after block.
  std::vector<std::string> models = {"fixtures/unet_small.onnx"};
  for (const char* file : {"sed-gen-web/unet.onnx", "onnx-light/light_densenet121.onnx"}) {
    const std::string path = CorpusFile(file);
    if (!path.empty()) models.push_back(path);
  }
  for (const std::string& model : models) {
    for (RankDir dir : {RankDir::kTB, RankDir::kLR}) {
      SCOPED_TRACE(model + " " + RankDirName(dir));
      const Drawn d = Draw(model, dir);
      const MainPath m = MeasureMainPath(d.diagram.graph, d.layout, dir);
      EXPECT_GE(m.boxes, 25);
      EXPECT_EQ(m.bends, 0) << "sideways travel " << m.travel << " pt";
    }
  }
}

TEST(LayoutQuality, ArrowheadsOnOneBoxKeepApart) {
  // Several edges into one box (a Concat, an attention MatMul) end at least 12 pt apart
  // wherever the box's side has room for them, top to bottom and sideways.
  std::vector<std::string> models = {"fixtures/grouping/transformer_seq2seq.onnx",
                                     "fixtures/grouping/vit_tiny.onnx"};
  const std::string inception = CorpusFile("onnx-light/light_inception_v2.onnx");
  if (!inception.empty()) models.push_back(inception);
  for (const std::string& model : models) {
    for (RankDir dir : {RankDir::kTB, RankDir::kLR}) {
      SCOPED_TRACE(model + " " + RankDirName(dir));
      const Drawn d = Draw(model, dir, /*every_op=*/true);
      EXPECT_EQ(CountCrowdedPorts(d.diagram.graph, d.layout, dir, 12), 0);
    }
  }
}

}  // namespace
}  // namespace graphgen
