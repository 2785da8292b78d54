// Op patterns: a layer an exporter wrote as several ops (LayerNorm as ReduceMean, Sub, Pow,
// ReduceMean, Add, Sqrt, Div, Mul, Add; GELU as Div, Erf, Add, Mul, Mul; SiLU as Sigmoid and
// Mul) drawn as the one box a person calls it, and ops whose type is an exporter's spelling
// of a layer (LayerNormalization, _FusedConv2D) renamed to it. The patterns are data
// (op_pattern_table.cc), written from each op's definition rather than from any model.
#ifndef PASSES_OP_PATTERNS_OP_PATTERNS_H_
#define PASSES_OP_PATTERNS_OP_PATTERNS_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/layer_graph.h"
#include "core/status.h"
#include "passes/pass.h"

namespace graphgen {

// One pattern, as written in the table: the layer's name and its ops in data-flow order.
//
// `steps` is a list separated by ';'. A step is OPS [*] [?] (REFS):
//   OPS   op types separated by '|', ONNX and TensorFlow spellings alike ("Add|AddV2").
//   *     the op's data inputs may come in any order (Add, Mul).
//   ?     the step may be missing (LayerNorm's affine Mul and Add); a later reference to
//         it then means its first input.
//   REFS  the step's data inputs: x (the pattern's input) or the number of an earlier step.
// Weights folded into an op are not data inputs, so Pow(1) is "Pow of step 1's output by a
// constant exponent". A node may have inputs beyond its REFS only when they are weights (a
// constant no node computes). Step 0 is the anchor.
struct OpPatternSpec {
  std::string_view name;   // the box's op type: "LayerNorm"; "@0" keeps the anchor's
  std::string_view steps;  // "Sigmoid(x); Mul*(x,0)"
  // Op types that must not produce x, '|'-separated: RMSNorm's steps are a LayerNorm's
  // tail, and x centred by a Sub means a LayerNorm whose first steps did not match.
  std::string_view not_after = "";
};

// Every pattern, tried in this order (a longer pattern before one that matches its tail).
std::vector<OpPatternSpec> OpPatternTable();

// Op types that are an exporter's spelling of a layer, and the layer's name.
std::map<std::string, std::string> OpRenameTable();

struct PatternStep {
  std::vector<std::string> ops;
  bool any_order = false;
  bool optional = false;
  std::vector<int> refs;  // -1: the pattern's input x; k >= 0: step k's output
};

struct OpPattern {
  std::string name;
  std::vector<PatternStep> steps;
  std::vector<std::string> not_after;
};

// Parses a spec; kInternal with the spec's text when it is malformed (a table bug, caught
// by the test that parses every row).
StatusOr<OpPattern> ParseOpPattern(const OpPatternSpec& spec);

struct PatternResult {
  std::map<std::string, int> matches;  // layer name -> boxes made
  int renamed = 0;                     // ops renamed by OpRenameTable
};

// Replaces every match by one node, in table order then model order. A match holds only
// unmatched ops of one scope (never crossing a module or subgraph boundary), each with one
// output that nothing outside the match reads, except the last step's output, which
// becomes the box's. The box keeps the last op's place and outputs; its type is the
// pattern's name, its inputs the match's external inputs in first-use order, its params,
// shared params and op count the sums, and Node::pattern_ops lists the ops it holds.
PatternResult ApplyOpPatterns(LayerGraph& graph);

// "op-patterns": ApplyOpPatterns unless --patterns off.
class OpPatternsPass : public Pass {
 public:
  std::string_view Name() const override { return "op-patterns"; }
  bool Enabled(const PassOptions& options) const override { return options.patterns; }
  bool ReducesBoxes() const override { return true; }
  Status Run(LayerGraph& graph, PassContext& context) const override;
};

}  // namespace graphgen

#endif  // PASSES_OP_PATTERNS_OP_PATTERNS_H_
