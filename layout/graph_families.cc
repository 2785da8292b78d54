#include "layout/graph_families.h"

#include <algorithm>

namespace graphgen {
namespace {

constexpr double kHeight = 36;

// Box widths by op kind, as the diagram builder would size their labels.
enum class Op {
  kInput,
  kConv,
  kBnRelu,
  kAdd,
  kMaxPool,
  kConvT,
  kConcat,
  kLayerNorm,
  kMatMul,
  kSoftmax,
  kGelu,
  kGather,
  kOutput
};

double Width(Op op) {
  switch (op) {
    case Op::kInput:
      return 72;
    case Op::kConv:
      return 54;
    case Op::kBnRelu:
      return 121;
    case Op::kAdd:
      return 54;
    case Op::kMaxPool:
      return 70;
    case Op::kConvT:
      return 105;
    case Op::kConcat:
      return 62;
    case Op::kLayerNorm:
      return 121;
    case Op::kMatMul:
      return 66;
    case Op::kSoftmax:
      return 68;
    case Op::kGelu:
      return 54;
    case Op::kGather:
      return 60;
    case Op::kOutput:
      return 78;
  }
  return 54;
}

class Builder {
 public:
  int Node(Op op, int cluster = -1) {
    g_.nodes.push_back({Width(op), kHeight, cluster});
    return static_cast<int>(g_.nodes.size()) - 1;
  }
  void Edge(int a, int b) { g_.edges.push_back({a, b, true}); }
  int Then(int prev, Op op, int cluster = -1) {
    const int n = Node(op, cluster);
    Edge(prev, n);
    return n;
  }
  int Cluster(int parent, double label_width) {
    g_.clusters.push_back({parent, label_width, 14});
    return static_cast<int>(g_.clusters.size()) - 1;
  }
  int size() const { return static_cast<int>(g_.nodes.size()); }
  LayoutGraph Take() { return std::move(g_); }

 private:
  LayoutGraph g_;
};

// Multi-head attention: returns the output projection given the LayerNorm output (Q
// source) and the K/V source.
int Attention(Builder& b, int q_src, int kv_src, int cluster) {
  const int q = b.Then(q_src, Op::kMatMul, cluster);
  const int k = b.Then(kv_src, Op::kMatMul, cluster);
  const int v = b.Then(kv_src, Op::kMatMul, cluster);
  const int concat = b.Node(Op::kConcat, cluster);
  for (int h = 0; h < 4; ++h) {
    const int qk = b.Node(Op::kMatMul, cluster);
    b.Edge(q, qk);
    b.Edge(k, qk);
    const int sm = b.Then(qk, Op::kSoftmax, cluster);
    const int av = b.Node(Op::kMatMul, cluster);
    b.Edge(sm, av);
    b.Edge(v, av);
    b.Edge(av, concat);
  }
  return b.Then(concat, Op::kMatMul, cluster);
}

// The MLP half of a block: LayerNorm, MatMul, GELU, MatMul, residual Add.
int Mlp(Builder& b, int x) {
  int h = b.Then(x, Op::kLayerNorm);
  h = b.Then(h, Op::kMatMul);
  h = b.Then(h, Op::kGelu);
  h = b.Then(h, Op::kMatMul);
  const int add = b.Then(h, Op::kAdd);
  b.Edge(x, add);
  return add;
}

// LayerNorm, attention over itself (or over `memory`), residual Add: 19 nodes.
int AttentionHalf(Builder& b, int x, int memory) {
  const int ln = b.Then(x, Op::kLayerNorm);
  const int proj = Attention(b, ln, memory >= 0 ? memory : ln, -1);
  const int add = b.Then(proj, Op::kAdd);
  b.Edge(x, add);
  return add;
}

}  // namespace

LayoutGraph ChainGraph(int nodes) {
  Builder b;
  int prev = b.Node(Op::kInput);
  for (int i = 1; i < nodes; ++i) prev = b.Then(prev, i % 2 ? Op::kConv : Op::kBnRelu);
  return b.Take();
}

LayoutGraph ResNetGraph(int nodes) {
  Builder b;
  b.Node(Op::kInput);
  while (b.size() < nodes) {
    const int back3 = std::max(0, b.size() - 3);
    const int last = b.size() - 1;
    const int conv = b.Then(last, Op::kConv);
    const int bn = b.Then(conv, Op::kBnRelu);
    const int add = b.Then(bn, Op::kAdd);
    b.Edge(back3, add);
  }
  return b.Take();
}

LayoutGraph UNetGraph(int nodes, bool clusters) {
  const int levels = nodes <= 300 ? 3 : nodes <= 3000 ? 4 : nodes <= 30000 ? 5 : 6;
  // Encoder level: chain + MaxPool; decoder level: ConvT + Concat + chain; bottleneck.
  const int chain = std::max(1, (nodes - 2 - 3 * levels) / (2 * levels + 1));
  Builder b;
  const int encoder = clusters ? b.Cluster(-1, 70) : -1;
  std::vector<int> down(levels, -1), up(levels, -1);
  int x = b.Node(Op::kInput);
  std::vector<int> skip(levels);
  for (int l = 0; l < levels; ++l) {
    if (clusters) down[l] = b.Cluster(encoder, 60);
    for (int i = 0; i < chain; ++i) x = b.Then(x, i % 2 ? Op::kBnRelu : Op::kConv, down[l]);
    skip[l] = x;
    x = b.Then(x, Op::kMaxPool, down[l]);
  }
  const int bottleneck = clusters ? b.Cluster(-1, 90) : -1;
  for (int i = 0; i < chain; ++i) x = b.Then(x, i % 2 ? Op::kBnRelu : Op::kConv, bottleneck);
  const int decoder = clusters ? b.Cluster(-1, 70) : -1;
  for (int l = levels - 1; l >= 0; --l) {
    if (clusters) up[l] = b.Cluster(decoder, 40);
    x = b.Then(x, Op::kConvT, up[l]);
    const int concat = b.Then(x, Op::kConcat, up[l]);
    b.Edge(skip[l], concat);
    x = concat;
    for (int i = 0; i < chain; ++i) x = b.Then(x, i % 2 ? Op::kBnRelu : Op::kConv, up[l]);
  }
  b.Then(x, Op::kOutput);
  return b.Take();
}

LayoutGraph TransformerGraph(int nodes) {
  Builder b;
  int x = b.Then(b.Node(Op::kInput), Op::kGather);
  while (b.size() < nodes) x = Mlp(b, AttentionHalf(b, x, -1));
  return b.Take();
}

LayoutGraph EncDecTransformerGraph(int nodes) {
  // An encoder block is 24 nodes, a decoder block 43; the rest is a handful.
  const int blocks = std::max(1, (nodes - 6) / (24 + 43));
  Builder b;
  int enc = b.Then(b.Node(Op::kInput), Op::kGather);
  for (int i = 0; i < blocks; ++i) enc = Mlp(b, AttentionHalf(b, enc, -1));
  const int memory = b.Then(enc, Op::kLayerNorm);
  int dec = b.Then(b.Node(Op::kInput), Op::kGather);
  for (int i = 0; i < blocks; ++i) {
    dec = AttentionHalf(b, dec, -1);
    dec = AttentionHalf(b, dec, memory);
    dec = Mlp(b, dec);
  }
  b.Then(b.Then(dec, Op::kLayerNorm), Op::kOutput);
  return b.Take();
}

std::vector<std::string> GraphFamilyNames() {
  return {"resnet", "unet", "unet_clusters", "transformer", "encdec_transformer"};
}

LayoutGraph FamilyGraph(const std::string& family, int nodes) {
  if (family == "chain") return ChainGraph(nodes);
  if (family == "resnet") return ResNetGraph(nodes);
  if (family == "unet") return UNetGraph(nodes, false);
  if (family == "unet_clusters") return UNetGraph(nodes, true);
  if (family == "transformer") return TransformerGraph(nodes);
  if (family == "encdec_transformer") return EncDecTransformerGraph(nodes);
  return LayoutGraph();
}

}  // namespace graphgen
