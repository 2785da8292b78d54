// Deterministic model-shaped ONNX graphs for benchmarks: built with the protobuf API,
// no weights data (initializer dims only), named like a PyTorch export.
#ifndef BENCH_MODEL_GEN_H_
#define BENCH_MODEL_GEN_H_

#include "onnx/onnx_pb.h"

namespace graphgen {

// ResNet-50 with BatchNorm folded into the convolutions, as exporters emit it: 122 nodes
// (stem, 16 bottleneck blocks with 4 projection shortcuts, pooling and the classifier).
onnx::ModelProto MakeResNet50Model();

}  // namespace graphgen

#endif  // BENCH_MODEL_GEN_H_
