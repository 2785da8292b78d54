// Chain fusion (--fuse): a Conv, ConvTranspose, Gemm or MatMul with the normalisation,
// activation and weighted element-wise ops that only it feeds, drawn as one "Conv · BN · Relu"
// box, the way Keras plot_model draws a layer with its activation and Netron a Conv with its BN.
#ifndef PASSES_FUSE_CHAINS_FUSE_CHAINS_H_
#define PASSES_FUSE_CHAINS_FUSE_CHAINS_H_

#include <cstdint>
#include <string>

#include "core/layer_graph.h"
#include "passes/pass.h"

namespace graphgen {

struct FuseOptions {
  // Most ops fused after one head, weight-only feeders not counted (default 8): keeps a
  // label and tooltip readable on a model that stacks activations without end.
  int max_followers = 8;
};

struct FuseResult {
  int64_t chains = 0;   // heads that took at least one op
  int64_t removed = 0;  // nodes gone into their heads (weight-only feeders included)
  // The first chain's label, "Conv · BN · Relu", to show on stderr what fusing means.
  std::string example;
};

// In model order, each head (an op of category convolution or linear in op_table.h) takes
// the ops after it while every link holds:
//  - the op so far has exactly one output that anything reads, that output has exactly one
//    reader and so is no graph output (an output node would be a second reader), and the
//    reader is an op of category normalization, activation or element-wise;
//  - the reader's other inputs are each the only output of a weight-only op (no inputs,
//    read by nothing else: the Unsqueeze of a caffe2 export's scale), which is fused too;
//    an element-wise reader needs a weight (its own parameters or such a feeder);
//  - all of them sit in the head's scope (never across a module, fold or subgraph
//    boundary) and stand for as many folded copies as the head; none has control edges,
//    owns a subgraph or links to one;
//  - where both shapes are known, the reader's output has the head's output shape, so a
//    fused box never hides a change of size (a stage boundary the grouping pass looks for).
// The head keeps its name, type, attributes and place; it gains the fused ops (Node::fused),
// their parameters and op counts, and the last op's outputs. Deterministic: model order.
FuseResult FuseChains(LayerGraph& graph, const FuseOptions& options = FuseOptions());

// The op types a node draws, joined with " · " and shortened (ShortOpName): "Conv · BN ·
// Relu"; a fused Mul then Add (each with its weight) reads "Scale", Caffe's name for that
// per-channel affine. The op type alone for a node with nothing fused.
std::string ChainLabel(const Node& node);

// "fuse-chains": FuseChains with --fuse on (--fuse auto fuses inside fit-to-page).
class FuseChainsPass : public Pass {
 public:
  std::string_view Name() const override { return "fuse-chains"; }
  bool Enabled(const PassOptions& options) const override { return options.fuse == FuseMode::kOn; }
  bool ReducesBoxes() const override { return true; }
  PassStage Stage() const override { return PassStage::kDrawing; }
  Status Run(LayerGraph& graph, PassContext& context) const override;
};

// FuseChains with a note in graph.notes when anything was fused: --fuse on, and
// fit-to-page's fusing under --fuse auto.
FuseResult FuseChainsWithNote(LayerGraph& graph);

}  // namespace graphgen

#endif  // PASSES_FUSE_CHAINS_FUSE_CHAINS_H_
