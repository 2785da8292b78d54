// Shared by the grouping pass's tests: a tiny layer-graph builder, attribute and result
// helpers, the two-level U-Net most tests start from, and the index of which test covers
// which evidence source. Test-only.
#ifndef PASSES_GROUPING_GROUPING_TEST_UTIL_H_
#define PASSES_GROUPING_GROUPING_TEST_UTIL_H_

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/layer_graph.h"
#include "passes/grouping/grouping.h"

namespace graphgen {
namespace grouping_test {

// ---- One positive and one negative tiny graph per evidence source ----
//
// A positive test fails when its rule is taken out of the pass, a negative one when the
// rule fires too broadly (each was checked by disabling / widening the rule once).
// Evidence source (file)                    positive test / negative test
//  image input (spatial_levels)             ImageInput.IntegerPicture... / .IntegerIds...
//  input layout by its shape (spatial_lvl)  InputLayout.NchwInput... / .AmbiguousInput...
//  levels from shapes (spatial_levels)      SpatialLevels.FromShapesRounded... / CropsAndPads
//  levels from strides, resize, D2S         SpatialLevels.FromStrides... / .UnstridedOps...
//  global pooling, reductions (global_pl)   GlobalPooling.Reductions... (both)
//  pool window as large as its map          PoolWindowAsLargeAsItsMap.IsGlobal,
//    (global_pooling)                         .SqueezeExcite... / .SmallerWindowsResample
//  channel shuffle keeps resolution         ChannelShuffle.Keeps... / .FlattenIsNoFeatureMap
//  Transpose/Pack/Unpack... keep it         LayoutOpsWithoutShapes.Transpose... / .Reshape...
//  crops and pads never resample            CropsAndPads.KeepTheLevelWhateverTheRatio (both)
//  reshape changing the resolution          ReshapeChangingResolution.IsNo... / .SameExtent...
//  resize to a computed size joins          ResizeToComputedSize.TakesThe... / .ScalesOrNo...
//  feature map back from a vector           FeatureMapFromVector.Resolution... / .ConvOnAGlobal...
//  shape-less input's first conv            ShapelessInput.FirstConv... / .MatMulDoesNot
//  widths from dense parameters (widths)    Widths.FromDenseParameterCounts / .NoneFor...
//  heaviest main path (graph_walks)         HeaviestPath.* (both)
//  shape arithmetic off the main path       ShapeArithmeticOffThePath.SizeComputation... /
//    (main_path)                              .FloatGlueStaysOnThePath
//  valley: falls then rises                 Grouping.UnetFromStructureAlone / SpatialValley.*,
//    (spatial_reading)                        Grouping.ClassifierWithSqueezeExcitationHasNone
//  dense latent floor (spatial_reading)     Grouping.ConvAutoencoderWithDenseLatent /
//                                             DenseLatentFloor.ShapelessReshapeRoundTrip...
//  pyramid-neck confidence discount         PyramidNeck.ShortRise... / .FullRiseIsNot...
//  context module (ASPP) (spatial_reading)  Grouping.ContextModuleOnAFlatFloor... /
//                                             ContextModule.TwoBranchesAreNo...
//  skips (spatial_reading)                  Grouping.UnetFromStructureAlone / Skips.SizeOnly...,
//                                             Grouping.ControlEdgesAreNeither...
//  main edges (main_path)                   MainEdges.OnePerBoundaryOfTheMainPath (both)
//  off-path nodes take their reader's role  SpreadFromPath.CropTakes...SideOutputNone (both)
//  heads leaving decoder maps: decoder      DecoderSideHeads.EveryLevelsHead... /
//    (spatial_reading)                        .AnAuxiliaryClassifierOnTheBottleneck...
//  dense narrowing then widening            Grouping.DenseAutoencoder... /
//    (dense_reading)                          Grouping.MlpClassifier...,
//                                             DenseWidths.SlightWideningIsNoDecoder
//  cross-attention memory (attention,       Grouping.TransformerMemory... / Grouping.PlainTrans...,
//    sequence_reading)                        CrossAttentionMemory.BareEmbeddingIsNoEncoder
//  recurrent state (LSTM/GRU ops)           Grouping.LstmSeq2SeqStateHandOff /
//    (recurrent_state)                        Grouping.StackedLstmClassifierHasNone
//  unrolled state links (recurrent_state)   UnrolledStateLinks.EncoderSteps... / .OneStack...
//  name tokens (names)                      Names.TokensAndStrengths (both)
//  names alone (--groups names)             Grouping.NamesAgreeing...AndNamesModeWorksAlone /
//    (names_reading)                          NamesAlone.WeakTokensOrReversedOrder...
//  names refine structure (combiner)        NamesRefineStructure.StrongName... / .NameTwoRoles...
//  weak names settle a long floor           WeakNames.SettleALongFloor / .MoveNothingOff...
//  idioms: long floor, not a bottleneck     PairedIdioms.DivideALongFloor /
//                                             Grouping.DownUpIdiomDoesNotErase...
//  paired idioms count only in pairs        PairedIdioms.CountWhenBoth... / .OneHalfAlone...
//  least confidence for the verdict         Verdict.BelowTheLeastConfidence... / any found test
//  tensor layouts follow Transposes         TensorLayouts.PermutedBlocks... (unseen_exports)
//  dense widths must not oscillate          DenseReading.WidthsThatRiseAndFall... (unseen_exp.)
//  stacked RNN state, per-layer Slices      RecurrentState.StackedFinalStates... (unseen_exp.)
//  additive attention, bridge state         AdditiveAttention.MemoryIsWhat... (unseen_exports)
//  the decoder's memory transpose           CrossAttentionMemory.OneTranspose... (unseen_exp.)
//  MaxUnpool rises, indices off the path    Unpooling.MaxUnpoolRises... (unseen_exports)

// A tiny graph builder: tensors by name, shapes optional (empty dims = unknown rank).
class Builder {
 public:
  int T(const std::string& name, std::vector<int64_t> dims = {}) {
    auto it = ids_.find(name);
    if (it != ids_.end()) return it->second;
    const int t = g.AddTensor(name);
    if (!dims.empty()) {
      g.tensors[t].type.rank_known = true;
      g.tensors[t].type.dtype = DType::kFloat32;
      for (int64_t d : dims) g.tensors[t].type.dims.push_back(Dim{d, ""});
    }
    ids_[name] = t;
    return t;
  }
  // A tensor of a given element type, made before the op that produces it (an integer
  // size computation, an integer image).
  int Typed(const std::string& name, DType dtype, std::vector<int64_t> dims) {
    const int t = T(name, dims);
    g.tensors[t].type.dtype = dtype;
    g.tensors[t].type.rank_known = true;
    return t;
  }
  void Input(const std::string& name, std::vector<int64_t> dims) {
    Node n;
    n.kind = NodeKind::kInput;
    n.name = name;
    n.op_type = "Input";
    n.outputs = {T(name, dims)};
    g.AddNode(n);
  }
  // Tests write attributes as importers display them ("[1, 2, 2, 1]"); the typed value
  // importers also record is read from that text here.
  static void Type(Attribute& a) {
    if (a.kind != AttrKind::kOther) return;
    const char* p = a.value.c_str();
    while (*p) {
      if (std::isdigit(static_cast<unsigned char>(*p)) || *p == '-') {
        char* end = nullptr;
        a.ints.push_back(std::strtoll(p, &end, 10));
        if (end == p) break;
        p = end;
      } else {
        ++p;
      }
    }
    a.kind = a.ints.size() == 1 && a.value.find('[') == std::string::npos ? AttrKind::kInt
                                                                          : AttrKind::kInts;
  }
  // Returns the node id.
  int Op(const std::string& op, const std::string& name, std::vector<std::string> ins,
         const std::string& out, std::vector<int64_t> dims = {}, std::vector<Attribute> attrs = {},
         int64_t params = 0) {
    Node n;
    n.op_type = op;
    n.name = name;
    for (const std::string& i : ins) n.inputs.push_back(T(i));
    n.outputs = {T(out, dims)};
    n.attributes = std::move(attrs);
    for (Attribute& a : n.attributes) Type(a);
    n.params = params;
    return g.AddNode(n);
  }
  int Op2(const std::string& op, const std::string& name, std::vector<std::string> ins,
          std::vector<std::string> outs) {
    Node n;
    n.op_type = op;
    n.name = name;
    for (const std::string& i : ins) n.inputs.push_back(T(i));
    for (const std::string& o : outs) n.outputs.push_back(T(o));
    return g.AddNode(n);
  }
  void Output(const std::string& name) {
    Node n;
    n.kind = NodeKind::kOutput;
    n.name = name;
    n.op_type = "Output";
    n.inputs = {T(name)};
    g.AddNode(n);
  }
  LayerGraph& Done() {
    g.RebuildTensorLinks();
    return g;
  }
  int N(const std::string& name) const {
    for (size_t i = 0; i < g.nodes.size(); ++i) {
      if (g.nodes[i].name == name) return static_cast<int>(i);
    }
    return -1;
  }
  LayerGraph g;

 private:
  std::map<std::string, int> ids_;
};

inline Attribute Strides(int s) {
  return {"strides", "[" + std::to_string(s) + ", " + std::to_string(s) + "]"};
}

inline Attribute TfStrides(int s) {
  return {"strides", "[1, " + std::to_string(s) + ", " + std::to_string(s) + ", 1]"};
}

inline std::vector<std::pair<int, int>> EdgesOf(const Grouping& r, EdgeKind kind) {
  std::vector<std::pair<int, int>> out;
  for (const TypedEdge& e : r.edges) {
    if (e.kind == kind) out.emplace_back(e.from, e.to);
  }
  return out;
}

inline bool HasEvidence(const Grouping& r, const std::string& part) {
  for (const std::string& e : r.evidence) {
    if (e.find(part) != std::string::npos) return true;
  }
  return false;
}

// A two-level U-Net with shapes and no useful names.
inline void BuildUnet(Builder& b, bool shapes, bool names) {
  auto d = [&](int c, int s) {
    return shapes ? std::vector<int64_t>{1, c, s, s} : std::vector<int64_t>{};
  };
  auto n = [&](const std::string& scoped, const std::string& plain) {
    return names ? scoped : plain;
  };
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", n("/encoder/down1/Conv", "c1"), {"x"}, "e1", d(8, 64));
  b.Op("MaxPool", n("/encoder/pool1/MaxPool", "p1"), {"e1"}, "q1", d(8, 32), {Strides(2)});
  b.Op("Conv", n("/encoder/down2/Conv", "c2"), {"q1"}, "e2", d(16, 32));
  b.Op("MaxPool", n("/encoder/pool2/MaxPool", "p2"), {"e2"}, "q2", d(16, 16), {Strides(2)});
  b.Op("Conv", n("/bottleneck/conv1/Conv", "b1"), {"q2"}, "b1o", d(32, 16));
  b.Op("Relu", n("/bottleneck/relu/Relu", "b2"), {"b1o"}, "b2o", d(32, 16));
  b.Op("ConvTranspose", n("/decoder/up2/ConvTranspose", "u2"), {"b2o"}, "u2o", d(16, 32),
       {Strides(2)});
  b.Op("Concat", n("/decoder/up2/Concat", "cat2"), {"u2o", "e2"}, "c2o", d(32, 32));
  b.Op("Conv", n("/decoder/up2/Conv", "d2"), {"c2o"}, "d2o", d(16, 32));
  b.Op("ConvTranspose", n("/decoder/up1/ConvTranspose", "u1"), {"d2o"}, "u1o", d(8, 64),
       {Strides(2)});
  b.Op("Concat", n("/decoder/up1/Concat", "cat1"), {"u1o", "e1"}, "c1o", d(16, 64));
  b.Op("Conv", n("/decoder/up1/Conv", "d1"), {"c1o"}, "y", d(1, 64));
  b.Output("y");
}

// A U-Net whose first upsampling resizes to a computed size: the floor's own doubled
// (PyTorch's interpolate(x, scale_factor=2) with dynamic shapes) or the skip's
// (interpolate(x, size=skip.shape[2:])).
enum class SizeFrom { kFloorDoubled, kSkip };

inline void BuildUnetWithComputedResize(Builder& b, SizeFrom from) {
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "e1", {"x"}, "f1", {1, 8, 32, 32}, {Strides(2)});
  b.Op("Conv", "e2", {"f1"}, "f2", {1, 16, 16, 16}, {Strides(2)});
  b.Op("Conv", "floor", {"f2"}, "fl", {1, 16, 16, 16});
  b.Typed("shape", DType::kInt64, {4});
  b.Op("Shape", "shape_of", {from == SizeFrom::kSkip ? "f1" : "fl"}, "shape");
  b.Typed("hw", DType::kInt64, {2});
  b.Op("Slice", "take_hw", {"shape"}, "hw");
  b.Typed("hw2", DType::kInt64, {2});
  b.Op("Mul", "times_two", {"hw"}, "hw2");
  b.Typed("sizes", DType::kInt64, {4});
  b.Op("Concat", "sizes_concat", {from == SizeFrom::kSkip ? "hw" : "hw2"}, "sizes");
  b.Op("Resize", "up", {"fl", "sizes"}, "u", {1, 16, 32, 32});
  b.Op("Concat", "cat", {"u", "f1"}, "c", {1, 24, 32, 32});
  b.Op("Conv", "d1", {"c"}, "g", {1, 8, 32, 32});
  b.Op("Resize", "up2", {"g"}, "h", {1, 8, 64, 64});
  b.Op("Conv", "head", {"h"}, "y", {1, 1, 64, 64});
  b.Output("y");
}

}  // namespace grouping_test
}  // namespace graphgen

#endif  // PASSES_GROUPING_GROUPING_TEST_UTIL_H_
