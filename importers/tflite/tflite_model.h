// TensorFlow Lite FlatBuffers (.tflite) into the layer graph: subgraph 0 drawn, the
// subgraphs control flow calls (WHILE, IF, CALL_ONCE, CALL) drawn as clusters under their
// operator, weights counted from the tensors that hold buffers.
#ifndef IMPORTERS_TFLITE_TFLITE_MODEL_H_
#define IMPORTERS_TFLITE_TFLITE_MODEL_H_

#include <string>

#include "core/layer_graph.h"
#include "core/status.h"
#include "importers/importer.h"

namespace graphgen {

// Verifies `bytes` as a TFLite FlatBuffer before reading a field, then converts it. Every
// index (operator code, tensor, buffer, subgraph) is range-checked and every buffer kept
// after the FlatBuffer (offset and size, for models past 2 GB) must lie inside the file;
// no buffer's data is read. Errors name the subgraph, operator or tensor.
StatusOr<LayerGraph> ConvertTfliteModel(const std::string& bytes, const ImportOptions& options,
                                        Warnings* warnings);

}  // namespace graphgen

#endif  // IMPORTERS_TFLITE_TFLITE_MODEL_H_
