// ONNX shape inference run in a child process. libonnx's per-op inference functions
// trust the model (libonnx 1.12's Conv inference dereferences null when a Conv's inputs
// are shifted: a fuzz finding), and we cannot fix the library; a crash there must cost
// the diagram its inferred shapes, not the user their run.
#ifndef IMPORTERS_ONNX_ONNX_SHAPE_INFERENCE_H_
#define IMPORTERS_ONNX_ONNX_SHAPE_INFERENCE_H_

#include <string>

#include "onnx/onnx_pb.h"

namespace graphgen {

// Fills the value_info of `model` (and of its subgraphs) with inferred types. On success
// `model`'s tensors lose their data (raw_data and the typed data fields): the importer
// reads only names, dims and types. On failure — the inference threw, crashed, ran past
// `max_seconds` of CPU, or could not be started — `model` is unchanged and the returned
// text (empty on success) says why, for a warning.
std::string InferShapesIsolated(onnx::ModelProto* model, int max_seconds);

}  // namespace graphgen

#endif  // IMPORTERS_ONNX_ONNX_SHAPE_INFERENCE_H_
