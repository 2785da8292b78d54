// What graphgen reads off one TensorFlow Lite operator: its name (builtin by name, custom
// by its custom code), its builtin options as attributes in TensorFlow's spellings (the
// layout is NHWC, as in TensorFlow, so passes read strides and windows alike), its fused
// activation, and the subgraphs control flow calls.
#ifndef IMPORTERS_TFLITE_TFLITE_OPS_H_
#define IMPORTERS_TFLITE_TFLITE_OPS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/layer_graph.h"
#include "core/status.h"
#include "importers/importer.h"
#include "third_party/tflite/graphgen_tflite_generated.h"

namespace graphgen {
namespace tflite_ops {

// The builtin code of an operator code: the larger of deprecated_builtin_code (files
// before schema 3a) and builtin_code (codes past 127), as TFLite itself reads it.
int32_t BuiltinCode(const tflite::OperatorCode& code);

// The op type drawn: "CONV_2D"; a custom op's custom_code ("Convolution2DTransposeBias");
// "BUILTIN_<n>" for a builtin code newer than our schema. Errors name `what` for a
// negative code, an empty or oversized custom code.
StatusOr<std::string> OpType(const tflite::OperatorCode& code, const std::string& what,
                             const ImportOptions& options);

// The op name of a fused activation: "RELU6"; empty for NONE (or a value we do not know).
std::string ActivationName(tflite::ActivationFunctionType activation);

// Reads the operator's builtin options into `node`: attributes (strides as [1, h, w, 1],
// padding, dilations, pooling window as ksize, axis, ...), and a fused activation as
// node->activation and one FusedOp, so the box reads "CONV_2D · RELU6".
void ReadBuiltinOptions(const tflite::Operator& op, Node* node);

// Reads the options of the custom ops whose layout is known: MediaPipe's
// Convolution2DTransposeBias keeps TFLite's transposed-conv parameters as a raw struct
// (padding, stride_w, stride_h as int32). Reads no byte past custom_options.
void ReadCustomOptions(const tflite::Operator& op, Node* node);

// A subgraph control flow runs: "cond" and "body" of WHILE, "then" and "else" of IF,
// "init" of CALL_ONCE, "call" of CALL.
struct CalledSubgraph {
  std::string role;
  int64_t index = -1;
};
std::vector<CalledSubgraph> CalledSubgraphs(const tflite::Operator& op);

}  // namespace tflite_ops
}  // namespace graphgen

#endif  // IMPORTERS_TFLITE_TFLITE_OPS_H_
