// Deterministic model-shaped ONNX graphs for benchmarks and big fixtures: built with the
// protobuf API, no weights data (initializer dims only), named like a PyTorch export.
#ifndef BENCH_MODEL_GEN_H_
#define BENCH_MODEL_GEN_H_

#include <vector>

#include "onnx/onnx_pb.h"

namespace graphgen {

// A torchvision bottleneck ResNet with BatchNorm folded into the convolutions, as
// exporters emit it: stem, sum(blocks) bottleneck blocks (the first of each stage with a
// projection shortcut), pooling and the classifier. Node names as torch.onnx.export
// writes them ("/layer3/layer3.12/conv1/Conv").
onnx::ModelProto MakeResNetModel(const std::vector<int>& blocks, const std::string& name);

// ResNet-50: blocks {3, 4, 6, 3}, 122 nodes.
onnx::ModelProto MakeResNet50Model();

// ResNet-152: blocks {3, 8, 36, 3}, 50 bottleneck blocks, 360 nodes.
onnx::ModelProto MakeResNet152Model();

struct TransformerGenOptions {
  int layers = 12;     // decoder-only (GPT-style) pre-norm layers
  int heads = 12;      // attention heads, each its own Slice/MatMul/Softmax chain
  int head_dim = 64;   // d_model = heads * head_dim
  int sequence = 128;  // tokens
  int vocab = 50257;
  // Nodes named as old exporters without scopes name them ("MatMul_123": op type and a
  // global index), tensors by number; otherwise "/h.3/attn/MatMul_4"-style scoped names.
  bool flat_names = true;
};

// A GPT-style transformer spelled out op by op the way unfused exports are: LayerNorm as
// ReduceMean/Sub/Pow/ReduceMean/Add/Sqrt/Div/Mul/Add, GELU as Div/Erf/Add/Mul/Mul, and
// every head's attention as its own chain. 38 + 9 * heads ops per layer.
onnx::ModelProto MakeTransformerModel(const TransformerGenOptions& options);

}  // namespace graphgen

#endif  // BENCH_MODEL_GEN_H_
