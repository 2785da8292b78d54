// Writes the big generated fixtures for repeated-block folding (issue 10): a ResNet-152-
// shaped graph with torch.onnx.export names and a ~30k-node GPT-style transformer with
// flat names ("MatMul_123"), so folding is checked where no scope marks the layers.
// Deterministic: the same bytes on every run. The expected runs are in
// fixtures/fold/manifest.txt (the small PyTorch exports come from gen_fold_fixtures.py).
//
// Usage: make_fold_fixtures RESNET152.onnx TRANSFORMER30K.onnx
#include <cstdio>
#include <fstream>
#include <string>

#include "bench/model_gen.h"

namespace {

bool Write(const std::string& path, const onnx::ModelProto& model) {
  std::string bytes;
  if (!model.SerializeToString(&bytes)) return false;
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_fold_fixtures RESNET152.onnx TRANSFORMER30K.onnx\n");
    return 2;
  }
  graphgen::TransformerGenOptions t;
  // 205 layers of 38 + 9 * 12 = 146 ops: 29,942 nodes with the embedding and head.
  // Twelve heads (BERT-base, GPT-2) keep one drawn layer under the 300-box default.
  t.layers = 205;
  t.heads = 12;
  t.head_dim = 64;
  t.sequence = 128;
  t.flat_names = true;
  const bool ok = Write(argv[1], graphgen::MakeResNet152Model()) &&
                  Write(argv[2], graphgen::MakeTransformerModel(t));
  if (!ok) std::fprintf(stderr, "make_fold_fixtures: cannot write %s or %s\n", argv[1], argv[2]);
  return ok ? 0 : 1;
}
