// Node labels in ONNX text: newer ONNX writes a node's name as "[name]" before its
// outputs ("[conv1] y = Conv (x, w)"); ONNX 1.12's parser predates that. We strip the
// labels before parsing and put the names back on the parsed nodes.
#ifndef IMPORTERS_ONNX_ONNX_TEXT_LABELS_H_
#define IMPORTERS_ONNX_ONNX_TEXT_LABELS_H_

#include <string>
#include <string_view>
#include <vector>

#include "onnx/onnx_pb.h"

namespace graphgen {

struct NodeLabel {
  std::string name;          // the label, without brackets or quotes
  std::string first_output;  // the statement's first output, to find its node again
};

// `text` with every node label replaced by spaces (so parse error positions still point
// at the right column), and the labels in text order. A '[' is a label only where a node
// statement can start: after '{', '}', ')' or '>' (ignoring blanks and comments); types
// ("float[N]") and lists ("[1, 1]") never sit there.
std::string StripNodeLabels(std::string_view text, std::vector<NodeLabel>* labels);

// Names the nodes of `model` (subgraphs included, depth first, which is text order) from
// `labels`, matching each label to the next node whose first output is the label's.
// Returns how many labels found their node.
size_t ApplyNodeLabels(const std::vector<NodeLabel>& labels, onnx::ModelProto* model);

}  // namespace graphgen

#endif  // IMPORTERS_ONNX_ONNX_TEXT_LABELS_H_
