// Turns a parsed ONNX ModelProto into a LayerGraph; shared by the ONNX binary and ONNX
// text importers. Validates what a drawing depends on: SSA names, dangling inputs,
// cycles, dims, ranks, UTF-8 names, nesting depth.
#ifndef IMPORTERS_ONNX_ONNX_MODEL_H_
#define IMPORTERS_ONNX_ONNX_MODEL_H_

#include "importers/importer.h"
#include "onnx/onnx_pb.h"

namespace graphgen {

// Converts `model`, running ONNX shape inference on it first when options ask for it
// (which is why it is taken by value). Shape inference failures become warnings.
StatusOr<LayerGraph> ConvertOnnxModel(onnx::ModelProto model, const ImportOptions& options,
                                      Warnings* warnings);

}  // namespace graphgen

#endif  // IMPORTERS_ONNX_ONNX_MODEL_H_
