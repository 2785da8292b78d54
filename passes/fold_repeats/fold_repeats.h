// Repeated-block folding (--fold): finds maximal runs of consecutive, structurally identical
// blocks of ops — transformer layers, ResNet bottlenecks, unrolled RNN steps — and keeps one
// block of each run, in a kRepeat scope that says how many it stands for.
#ifndef PASSES_FOLD_REPEATS_FOLD_REPEATS_H_
#define PASSES_FOLD_REPEATS_FOLD_REPEATS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/layer_graph.h"
#include "passes/pass.h"

namespace graphgen {

struct FoldOptions {
  // Fold runs of at least this many identical blocks (--fold min=K; default 3; 0 = off).
  int min_repeats = 3;
  // Largest block considered, in ops. Bounds the search at O(nodes × max_block_ops); on
  // graphs past 40,000 ops the search lowers it to keep nodes × block ops near 2^24.
  int max_block_ops = 512;
  // Runs to leave expanded (--unfold NAME): a run whose name (without ×N) is NAME, or one
  // whose first block holds a node named NAME or scoped under NAME.
  std::vector<std::string> unfold;
  // Compare ops without their parameter counts and output shapes (type, attributes,
  // dtype, rank and wiring still match): blocks alike but for their widths, as DenseNet's
  // layers each reading more channels. Such a run is labelled "×N (widths vary)" and its
  // kept nodes hold their copies' summed parameters. Off by default; RunPasses uses it
  // only when the identical-block picture does not fit.
  bool alike = false;
};

struct FoldedRun {
  int scope = -1;       // the kRepeat scope holding the kept block
  std::string name;     // "layers", "Conv→Relu"
  int64_t repeats = 0;  // blocks folded into one
  int64_t block_ops = 0;
};

// Blocks are identical when their ops match one for one in type, domain, attributes,
// parameters used (owned or shared: the first layer owns a weight all layers read) and
// output shapes, their internal wiring matches, each block reads the previous one's
// outputs at the same places, and whatever else they read is the same tensor for every
// block (an encoder memory fanned out to each decoder layer). Parallel
// copies (attention heads side by side) are not a run: each block must read the one
// before it. Nodes inside control-flow bodies are never folded.
//
// The first block of a run stays; the others are removed and their readers outside the
// run read the first block's matching tensors. The kept block's nodes get `copies` = N
// (a node whose copies own different parameters, a shared weight's first reader among
// them, instead holds the sum of its copies' parameters and ops once) and move into a new kRepeat
// scope placed under the run's common scope; their own scopes below the per-block one are rebuilt
// inside it.
std::vector<FoldedRun> FoldRepeats(LayerGraph& graph, const FoldOptions& options);

// "fold-repeats": FoldRepeats of identical blocks (--fold, --unfold), each run noted in
// graph.notes, then FoldConstants again unless --show-constants: a weight every folded
// block read (an unrolled GRU's kernels) now feeds one block.
class FoldRepeatsPass : public Pass {
 public:
  std::string_view Name() const override { return "fold-repeats"; }
  bool Enabled(const PassOptions& options) const override { return options.fold_min >= 2; }
  bool ReducesBoxes() const override { return true; }
  PassStage Stage() const override { return PassStage::kDrawing; }
  Status Run(LayerGraph& graph, PassContext& context) const override;
};

// The FoldOptions --fold and --unfold ask for.
FoldOptions FoldOptionsFor(const PassOptions& options);

}  // namespace graphgen

#endif  // PASSES_FOLD_REPEATS_FOLD_REPEATS_H_
