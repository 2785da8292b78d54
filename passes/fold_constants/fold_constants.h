// Folding constants into their consumers, as weights: a Constant that feeds one node is
// part of that node's parameters, not a box of its own (plot_model and Netron agree).
#ifndef PASSES_FOLD_CONSTANTS_FOLD_CONSTANTS_H_
#define PASSES_FOLD_CONSTANTS_FOLD_CONSTANTS_H_

#include "core/layer_graph.h"
#include "passes/pass.h"

namespace graphgen {

// Removes every constant-category node whose inputs are all folded constants (or none)
// and whose every output feeds exactly one op; the consumer gains the constant's
// elements (parameter dtypes only) as parameters. Chains fold: ConstantOfShape fed by a
// Constant folds too. Constants shared by several nodes, or that are graph outputs, stay.
// A pass-through read (Identity, ReadVariableOp) of folded constants is a weight: it
// folds even when shared, its parameters going to its first reader, as an initializer's.
// Run again after folding repeated blocks, a weight shared by every block now feeds the
// kept block alone and folds into it: the reader, standing for N copies, then holds the
// copies' parameters plus the weight once (copies = 1), and its runs' totals grow.
void FoldConstants(LayerGraph& graph);

// Removes subgraph bodies (nodes in kSubgraph scopes): --expand-nested=false.
void DropSubgraphs(LayerGraph& graph);

// "fold-constants": FoldConstants, unless --show-constants.
class FoldConstantsPass : public Pass {
 public:
  std::string_view Name() const override { return "fold-constants"; }
  bool Enabled(const PassOptions& options) const override { return !options.show_constants; }
  Status Run(LayerGraph& graph, PassContext& context) const override;
};

// "drop-subgraphs": DropSubgraphs, with --expand-nested=false.
class DropSubgraphsPass : public Pass {
 public:
  std::string_view Name() const override { return "drop-subgraphs"; }
  bool Enabled(const PassOptions& options) const override { return !options.expand_nested; }
  Status Run(LayerGraph& graph, PassContext& context) const override;
};

}  // namespace graphgen

#endif  // PASSES_FOLD_CONSTANTS_FOLD_CONSTANTS_H_
