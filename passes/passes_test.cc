#include "passes/passes.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "core/name_scopes.h"
#include "passes/collapse_depth/collapse_depth.h"
#include "passes/fold_constants/fold_constants.h"
#include "passes/layer_range.h"

namespace graphgen {
namespace {

// Builds a chain of ops; node i reads tensor i-1 and writes tensor i.
class Chain {
 public:
  int Add(const std::string& name, const std::string& op, std::vector<int> inputs = {}) {
    Node n;
    n.name = name;
    n.op_type = op;
    const int id = g.AddNode(n);
    for (int t : inputs) g.nodes[id].inputs.push_back(t);
    const int out = g.AddTensor(name + ":0");
    g.nodes[id].outputs.push_back(out);
    g.RebuildTensorLinks();
    return out;
  }
  LayerGraph g;
};

TEST(ScopeComponents, SlashDotAndPlain) {
  EXPECT_EQ(ScopeComponents("/encoder/down1/conv/Conv"),
            (std::vector<std::string>{"encoder", "down1", "conv"}));
  EXPECT_EQ(ScopeComponents("encoder.down1.conv"), (std::vector<std::string>{"encoder", "down1"}));
  EXPECT_EQ(ScopeComponents("model/dense/MatMul"), (std::vector<std::string>{"model", "dense"}));
  EXPECT_TRUE(ScopeComponents("Conv_12").empty());
  EXPECT_TRUE(ScopeComponents("").empty());
}

TEST(AssignNameScopes, NestsNodesInSharedScopes) {
  Chain c;
  const int a = c.Add("/enc/down1/conv/Conv", "Conv");
  const int b = c.Add("/enc/down1/relu/Relu", "Relu", {a});
  c.Add("/dec/Concat", "Concat", {b});
  AssignNameScopes(c.g);
  const Scope& s0 = c.g.scopes[c.g.nodes[0].scope];
  EXPECT_EQ(s0.path, "enc/down1/conv");
  EXPECT_EQ(c.g.scopes[c.g.nodes[2].scope].path, "dec");
  EXPECT_EQ(c.g.scopes[s0.parent].path, "enc/down1");
}

TEST(FoldConstants, SingleUseFoldsSharedStays) {
  Chain c;
  const int x = c.Add("x", "Relu");
  const int k = c.Add("k", "Constant");
  c.g.tensors[k].type = TensorType{DType::kFloat32, true, {Dim{4, ""}, Dim{5, ""}}};
  const int shared = c.Add("s", "Constant");
  const int m = c.Add("m", "MatMul", {x, k});
  const int a = c.Add("a", "Mul", {m, shared});
  c.Add("b", "Mul", {a, shared});
  FoldConstants(c.g);
  ASSERT_EQ(c.g.nodes.size(), 5u);  // k folded, s kept
  EXPECT_EQ(c.g.nodes[2].name, "m");
  EXPECT_EQ(c.g.nodes[2].params, 20);
  EXPECT_EQ(c.g.nodes[2].inputs.size(), 1u);
  EXPECT_EQ(c.g.nodes[1].name, "s");
}

TEST(FoldConstants, ChainsFoldAndShapeConstantsAreNotParameters) {
  Chain c;
  const int shape = c.Add("shape", "Constant");
  c.g.tensors[shape].type = TensorType{DType::kInt64, true, {Dim{4, ""}}};
  const int w = c.Add("fill", "ConstantOfShape", {shape});
  c.g.tensors[w].type = TensorType{DType::kFloat32, true, {Dim{8, ""}, Dim{3, ""}}};
  const int x = c.Add("x", "Relu");
  c.Add("conv", "Conv", {x, w});
  FoldConstants(c.g);
  ASSERT_EQ(c.g.nodes.size(), 2u);
  EXPECT_EQ(c.g.nodes[1].params, 24);
}

TEST(FoldConstants, SharedWeightReadsFoldLikeInitializers) {
  Chain c;
  const int w = c.Add("w", "Const");
  c.g.tensors[w].type = TensorType{DType::kFloat32, true, {Dim{3, ""}, Dim{3, ""}}};
  const int read = c.Add("w/read", "Identity", {w});
  const int x = c.Add("x", "Relu");
  const int a = c.Add("step0", "MatMul", {x, read});
  c.Add("step1", "MatMul", {a, read});
  FoldConstants(c.g);
  ASSERT_EQ(c.g.nodes.size(), 3u);
  EXPECT_EQ(c.g.nodes[1].params, 9);  // the first reader owns the shared weight
  EXPECT_EQ(c.g.nodes[2].params, 0);
  EXPECT_EQ(c.g.nodes[2].shared_params, 9);  // ...and the second uses it all the same
  EXPECT_EQ(c.g.EdgeCount(), 2);
}

TEST(KeepLayerRange, NamesRegexesAndErrors) {
  Chain c;
  int t = c.Add("stem.conv", "Conv");
  t = c.Add("block1.conv", "Conv", {t});
  t = c.Add("block1.relu", "Relu", {t});
  t = c.Add("block2.conv", "Conv", {t});
  c.Add("head", "Gemm", {t});
  LayerGraph g = c.g;
  ASSERT_TRUE(KeepLayerRange(g, "block1\\..*", "block2.conv").ok());
  ASSERT_EQ(g.nodes.size(), 3u);
  EXPECT_EQ(g.nodes.front().name, "block1.conv");
  EXPECT_EQ(g.nodes.back().name, "block2.conv");
  g = c.g;
  EXPECT_EQ(KeepLayerRange(g, "nothing", "").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(KeepLayerRange(g, "(", "").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(KeepLayerRange(g, "head", "stem.conv").code(), StatusCode::kInvalidArgument);
}

TEST(CollapseDepth, ScopesBecomeGroupNodesWithSummedParams) {
  Chain c;
  int t = c.Add("in", "Relu");
  t = c.Add("/enc/down1/conv/Conv", "Conv", {t});
  c.g.nodes.back().params = 100;
  t = c.Add("/enc/down1/relu/Relu", "Relu", {t});
  t = c.Add("/enc/down2/conv/Conv", "Conv", {t});
  c.g.nodes.back().params = 50;
  c.Add("/dec/up/Conv", "Conv", {t});
  AssignNameScopes(c.g);

  LayerGraph g1 = c.g;
  CollapseDepth(g1, 1);  // enc/down1 collapses; enc/down2 and dec/up hold one op each
  ASSERT_EQ(g1.nodes.size(), 4u);
  EXPECT_EQ(g1.nodes[1].kind, NodeKind::kGroup);
  EXPECT_EQ(g1.nodes[2].kind, NodeKind::kOp);
  EXPECT_EQ(g1.nodes[2].op_type, "Conv");
  EXPECT_EQ(g1.nodes[1].name, "enc/down1");
  EXPECT_EQ(g1.nodes[1].op_count, 2);
  EXPECT_EQ(g1.nodes[1].params, 100);
  EXPECT_EQ(g1.EdgeCount(), 3);  // in -> down1 -> down2 -> up

  LayerGraph g0 = c.g;
  CollapseDepth(g0, 0);
  ASSERT_EQ(g0.nodes.size(), 3u);
  EXPECT_EQ(g0.nodes[1].name, "enc");
  EXPECT_EQ(g0.nodes[1].op_count, 3);
  EXPECT_EQ(g0.nodes[1].params, 150);
  EXPECT_EQ(g0.EdgeCount(), 2);
}

TEST(CollapseDepth, ControlEdgesAttachToGroupsAndInnerOnesGo) {
  Chain c;
  int t = c.Add("in", "Relu");
  t = c.Add("/enc/a/Conv", "Conv", {t});
  t = c.Add("/enc/b/Relu", "Relu", {t});
  c.Add("/dec/Conv", "Conv", {t});
  c.Add("log", "Print");
  AssignNameScopes(c.g);
  // in -> enc/a (into the group), enc/a -> enc/b (inside it), enc/b -> log (out of it).
  c.g.control_edges = {{0, 1}, {1, 2}, {2, 4}};
  CollapseDepth(c.g, 0);
  ASSERT_EQ(c.g.nodes.size(), 4u);  // in, enc, dec/Conv, log
  EXPECT_EQ(c.g.nodes[1].kind, NodeKind::kGroup);
  EXPECT_EQ(c.g.control_edges, (std::vector<std::pair<int, int>>{{0, 1}, {1, 3}}));
}

TEST(RunPasses, NoControlEdgesDropsThemAndKeepsData) {
  Chain c;
  const int t = c.Add("a", "Relu");
  c.Add("b", "Relu", {t});
  c.Add("c", "Print");
  c.g.control_edges = {{0, 2}};
  LayerGraph shown = c.g;
  ASSERT_TRUE(RunPasses(shown, PassOptions(), nullptr).ok());
  EXPECT_EQ(shown.control_edges.size(), 1u);
  PassOptions options;
  options.control_edges = false;
  ASSERT_TRUE(RunPasses(c.g, options, nullptr).ok());
  EXPECT_TRUE(c.g.control_edges.empty());
  EXPECT_EQ(c.g.EdgeCount(), 1);
}

TEST(RunPasses, ExpandNestedOffDropsSubgraphBodies) {
  Chain c;
  const int x = c.Add("loop", "Loop");
  const int body = c.g.ChildScope(0, "loop.body", ScopeKind::kSubgraph);
  c.g.scopes[body].owner_node = 0;
  c.Add("inner", "Add", {x});
  c.g.nodes[1].scope = body;
  c.g.nesting_edges.emplace_back(0, 1);
  PassOptions options;
  options.expand_nested = false;
  ASSERT_TRUE(RunPasses(c.g, options, nullptr).ok());
  EXPECT_EQ(c.g.nodes.size(), 1u);
  EXPECT_TRUE(c.g.nesting_edges.empty());
}

// A frozen unrolled RNN reads one Const kernel from every step: shared, it stays a box
// until folding leaves one step reading it; then it is the run's weight, counted once.
TEST(RunPasses, KernelSharedByEveryFoldedStepCountsOnce) {
  Chain c;
  const int kernel = c.Add("rnn/kernel", "Const");
  c.g.tensors[kernel].type = TensorType{DType::kFloat32, true, {Dim{8, ""}, Dim{8, ""}}};
  int h = c.Add("h0", "Placeholder");
  for (int s = 0; s < 5; ++s) {
    const std::string p = "rnn/step" + std::to_string(s) + "/";
    h = c.Add(p + "Tanh", "Tanh", {c.Add(p + "MatMul", "MatMul", {h, kernel})});
  }
  PassOptions all;
  all.fold_min = 0;
  LayerGraph every = c.g;
  ASSERT_TRUE(RunPasses(every, all, nullptr).ok());
  EXPECT_EQ(every.nodes.size(), 12u) << "the shared kernel is drawn, unfolded";

  ASSERT_TRUE(RunPasses(c.g, PassOptions(), nullptr).ok());
  std::vector<std::string> names;
  for (const Node& n : c.g.nodes) names.push_back(n.name);
  EXPECT_EQ(names, (std::vector<std::string>{"h0", "rnn/step0/MatMul", "rnn/step0/Tanh"}));
  EXPECT_EQ(c.g.TotalParams(), 64);
  int runs = 0;
  for (const Scope& s : c.g.scopes) {
    if (s.kind != ScopeKind::kRepeat) continue;
    ++runs;
    EXPECT_EQ(s.repeat.repeats, 5);
    EXPECT_EQ(s.repeat.params, 64);
  }
  EXPECT_EQ(runs, 1);
}

// Unnamed graphs too big for the page: DenseNet-121-like dense blocks fold as layers alike
// but for their widths; a graph with nothing to fold says it still does not fit.
TEST(RunPasses, TooBigWithoutScopesFoldsAlikeBlocksOrSaysSo) {
  LayerGraph dense;
  {
    int t = -1;
    auto op = [&](const std::string& name, const std::string& type, std::vector<int> in,
                  int64_t width, int64_t params) {
      Node n;
      n.name = name;
      n.op_type = type;
      n.params = params;
      n.inputs = std::move(in);
      t = dense.AddTensor(name);
      dense.tensors[t].type = TensorType{DType::kFloat32, true, {Dim{1, ""}, Dim{width, ""}}};
      n.outputs = {t};
      dense.AddNode(n);
      dense.RebuildTensorLinks();
      return t;
    };
    int x = op("stem", "Conv", {}, 64, 100);
    int64_t c = 64;
    int id = 0;
    for (int block : {6, 12, 24, 16}) {
      for (int k = 0; k < block; ++k, ++id) {
        const std::string p = "n" + std::to_string(id) + "_";
        int y = op(p + "bn", "BatchNormalization", {x}, c, 4 * c);
        y = op(p + "relu", "Relu", {y}, c, 0);
        y = op(p + "conv", "Conv", {y}, 128, 128 * c);
        y = op(p + "bn2", "BatchNormalization", {y}, 128, 512);
        y = op(p + "relu2", "Relu", {y}, 128, 0);
        y = op(p + "conv2", "Conv", {y}, 32, 36864);
        x = op(p + "concat", "Concat", {x, y}, c + 32, 0);
        c += 32;
      }
      x = op("transition" + std::to_string(block), "AveragePool", {x}, c, 0);
    }
  }
  const int64_t params = dense.TotalParams();
  std::vector<std::string> warnings;
  ASSERT_TRUE(RunPasses(dense, PassOptions(), &warnings).ok());
  EXPECT_LE(dense.nodes.size(), 300u);
  EXPECT_EQ(dense.TotalParams(), params);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("4 runs of blocks alike but for their widths folded"),
            std::string::npos)
      << warnings[0];

  Chain distinct;
  for (int i = 0; i < 400; ++i) {
    distinct.Add("op" + std::to_string(i), "Op" + std::to_string(i),
                 i == 0 ? std::vector<int>{} : std::vector<int>{i - 1});
  }
  warnings.clear();
  ASSERT_TRUE(RunPasses(distinct.g, PassOptions(), &warnings).ok());
  EXPECT_EQ(distinct.g.nodes.size(), 400u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("400 nodes drawn as 400 boxes; more than 300 remain"),
            std::string::npos)
      << warnings[0];
}

// A graph of conv layers too many for the page, with nothing alike to fold and no scopes:
// Conv · BN · Relu chains drawn as one box each bring it under 300, and stderr says so
// and how to see every op. Under the threshold, or with --depth all, nothing is fused.
LayerGraph ConvLayers(int layers) {
  LayerGraph g;
  int t = -1;
  auto op = [&](const std::string& name, const std::string& type, std::vector<int> in,
                int64_t params, const std::string& kernel) {
    Node n;
    n.name = name;
    n.op_type = type;
    n.params = params;
    n.inputs = std::move(in);
    if (!kernel.empty()) n.attributes.push_back({"kernel_shape", kernel});
    t = g.AddTensor(name);
    g.tensors[t].type = TensorType{DType::kFloat32, true, {Dim{1, ""}, Dim{64, ""}}};
    n.outputs = {t};
    g.AddNode(n);
    g.RebuildTensorLinks();
    return t;
  };
  Node in;
  in.kind = NodeKind::kInput;
  in.name = "x";
  in.op_type = "Input";
  t = g.AddTensor("x");
  in.outputs = {t};
  g.AddNode(in);
  int x = t;
  for (int i = 0; i < layers; ++i) {
    const std::string p = "n" + std::to_string(i) + "_";
    // Every layer's kernel differs, so no two blocks are alike.
    x = op(p + "conv", "Conv", {x}, 1000 + i, "[" + std::to_string(i + 1) + ", 1]");
    x = op(p + "bn", "BatchNormalization", {x}, 256, "");
    x = op(p + "relu", "Relu", {x}, 0, "");
  }
  Node out;
  out.kind = NodeKind::kOutput;
  out.name = "y";
  out.op_type = "Output";
  out.inputs = {x};
  g.AddNode(out);
  g.RebuildTensorLinks();
  return g;
}

TEST(RunPasses, TooBigWithNothingToFoldFusesConvChains) {
  LayerGraph big = ConvLayers(110);  // 332 nodes
  const int64_t params = big.TotalParams();
  std::vector<std::string> warnings;
  ASSERT_TRUE(RunPasses(big, PassOptions(), &warnings).ok());
  EXPECT_EQ(big.nodes.size(), 112u);
  EXPECT_EQ(big.TotalParams(), params);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0],
            "332 nodes drawn as 112 boxes (110 chains of ops drawn as one box each, as "
            "'Conv \xC2\xB7 BN \xC2\xB7 Relu'); --depth all --fold off draws every node");

  // --depth all: every op, nothing said.
  LayerGraph all = ConvLayers(110);
  PassOptions every;
  every.fit_boxes = 0;
  every.fold_min = 0;
  warnings.clear();
  ASSERT_TRUE(RunPasses(all, every, &warnings).ok());
  EXPECT_EQ(all.nodes.size(), 332u);
  EXPECT_TRUE(warnings.empty());

  // --fuse off: too big, and it says so.
  LayerGraph off = ConvLayers(110);
  PassOptions no_fuse;
  no_fuse.fuse = FuseMode::kOff;
  warnings.clear();
  ASSERT_TRUE(RunPasses(off, no_fuse, &warnings).ok());
  EXPECT_EQ(off.nodes.size(), 332u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("332 nodes drawn as 332 boxes; more than 300 remain"),
            std::string::npos)
      << warnings[0];

  // Under the threshold the default draws every op; --fuse on fuses anyway, silently.
  LayerGraph small = ConvLayers(20);
  warnings.clear();
  ASSERT_TRUE(RunPasses(small, PassOptions(), &warnings).ok());
  EXPECT_EQ(small.nodes.size(), 62u);
  EXPECT_TRUE(warnings.empty());
  LayerGraph forced = ConvLayers(20);
  PassOptions on;
  on.fuse = FuseMode::kOn;
  ASSERT_TRUE(RunPasses(forced, on, &warnings).ok());
  EXPECT_EQ(forced.nodes.size(), 22u);
  EXPECT_TRUE(warnings.empty());
  // With --fuse on the hint to see every op names it.
  LayerGraph big_on = ConvLayers(110);
  ASSERT_TRUE(RunPasses(big_on, on, &warnings).ok());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("--depth all --fold off --fuse off draws every node"),
            std::string::npos)
      << warnings[0];
}

}  // namespace
}  // namespace graphgen

namespace graphgen {
namespace {

// The pass list is the order the passes run in: scopes come before anything that reasons
// about blocks, and fitting comes last because it undoes nothing the others do.
TEST(PassList, RunsInTheDocumentedOrder) {
  std::string names;
  for (const auto& pass : AllPasses())
    names += std::string(names.empty() ? "" : " ") + std::string(pass->Name());
  EXPECT_EQ(names,
            "drop-control-edges fold-constants drop-subgraphs name-scopes layer-range "
            "fold-shapes op-patterns fold-repeats fuse-chains collapse-depth fit-to-page");
}

// The grouping reads the whole model between the two stages, so no kModel pass may come
// after a kDrawing one (RunPasses would run it earlier than the list says).
TEST(PassList, ModelPassesComeBeforeDrawingPasses) {
  bool drawing = false;
  for (const auto& pass : AllPasses()) {
    if (pass->Stage() == PassStage::kDrawing) drawing = true;
    EXPECT_FALSE(drawing && pass->Stage() == PassStage::kModel) << pass->Name();
  }
  EXPECT_TRUE(drawing);
}

// conv -> pool -> conv -> upsample -> concat(skip) -> conv, all inside one module "net"
// with encoder and decoder submodules: the smallest U a collapse could swallow whole.
LayerGraph NetUnet() {
  LayerGraph g;
  auto tensor = [&](const std::string& name, int c, int s) {
    const int t = g.AddTensor(name);
    g.tensors[t].type.rank_known = true;
    g.tensors[t].type.dims = {Dim{1, ""}, Dim{c, ""}, Dim{s, ""}, Dim{s, ""}};
    return t;
  };
  auto op = [&](const std::string& type, const std::string& name, std::vector<int> in, int out,
                NodeKind kind = NodeKind::kOp) {
    Node n;
    n.kind = kind;
    n.op_type = type;
    n.name = name;
    n.inputs = in;
    if (out >= 0) n.outputs = {out};
    g.AddNode(n);
  };
  const int x = tensor("x", 3, 32), a = tensor("a", 8, 32), a2 = tensor("a2", 8, 32),
            b = tensor("b", 8, 16), c = tensor("c", 16, 16), c2 = tensor("c2", 16, 16),
            d = tensor("d", 8, 32), e = tensor("e", 16, 32), f = tensor("f", 2, 32);
  op("Input", "x", {}, x, NodeKind::kInput);
  op("Conv", "/net/enc/conv_a/Conv", {x}, a);
  op("Relu", "/net/enc/conv_a/Relu", {a}, a2);
  op("MaxPool", "/net/enc/pool/MaxPool", {a2}, b);
  op("Conv", "/net/mid/conv/Conv", {b}, c);
  op("Relu", "/net/mid/conv/Relu", {c}, c2);
  op("Resize", "/net/dec/up/Resize", {c2}, d);
  op("Concat", "/net/dec/cat/Concat", {d, a2}, e);
  op("Conv", "/net/dec/head/Conv", {e}, f);
  op("Output", "f", {f}, -1, NodeKind::kOutput);
  g.RebuildTensorLinks();
  return g;
}

TEST(RunPassesGrouped, GroupsTheWholeModelAndCollapsesInsideEachPart) {
  LayerGraph g = NetUnet();
  PassOptions depth0;
  depth0.depth = 0;
  std::vector<std::string> warnings;
  GroupedModel grouped;
  ASSERT_TRUE(RunPassesGrouped(g, depth0, GroupingOptions(), &warnings, &grouped).ok());
  ASSERT_TRUE(grouped.model.found) << grouped.model.Verdict();
  // "net" holds every part, so it is not one box: its submodules are, one part each.
  std::vector<std::string> boxes;
  for (const Node& n : g.nodes) boxes.push_back(n.op_type);
  EXPECT_EQ(boxes, (std::vector<std::string>{"Input", "enc", "mid", "dec", "Output"}));
  ASSERT_EQ(grouped.drawn.roles.size(), 5u);
  EXPECT_EQ(grouped.drawn.roles[1], Role::kEncoder);
  EXPECT_EQ(grouped.drawn.roles[3], Role::kDecoder);
  // Every imported node is drawn in the box of its submodule.
  EXPECT_EQ(g.imported_node_box, (std::vector<int>{0, 1, 1, 1, 2, 2, 3, 3, 3, 4}));
  // The skip edge joins the encoder box to the decoder box.
  bool skip = false;
  for (const TypedEdge& e : grouped.drawn.edges) {
    if (e.kind != EdgeKind::kSkip) continue;
    skip = true;
    EXPECT_EQ(e.from, 1);
    EXPECT_EQ(e.to, 3);
  }
  EXPECT_TRUE(skip);
}

TEST(PassList, EnabledFollowsTheOptions) {
  PassOptions every;
  every.fit_boxes = 0;
  every.fold_min = 0;
  std::string ran;
  for (const auto& pass : AllPasses()) {
    if (pass->Enabled(every))
      ran += std::string(ran.empty() ? "" : " ") + std::string(pass->Name());
  }
  EXPECT_EQ(ran, "fold-constants name-scopes fold-shapes op-patterns");
  PassOptions depth;
  depth.depth = 1;
  EXPECT_TRUE(AllPasses()[9]->Enabled(depth));    // collapse-depth
  EXPECT_FALSE(AllPasses()[10]->Enabled(depth));  // fit-to-page
}

}  // namespace
}  // namespace graphgen
