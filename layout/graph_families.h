// Deterministic model-shaped layout graphs (boxes, edges, clusters; no ops or text) for
// the layered engine's tests and the layout benchmark: chains, ResNets, U-Nets (with or
// without nested clusters), transformers and encoder-decoder transformers of about N
// nodes. Boxes are 54-121 pt wide and 36 pt tall, widths fixed per op kind.
#ifndef LAYOUT_GRAPH_FAMILIES_H_
#define LAYOUT_GRAPH_FAMILIES_H_

#include <string>
#include <vector>

#include "layout/layout_graph.h"

namespace graphgen {

// A chain of `nodes` boxes.
LayoutGraph ChainGraph(int nodes);
// Input, then [Conv, BN+ReLU, Add] repeated; each Add also takes the node 3 back.
LayoutGraph ResNetGraph(int nodes);
// L levels (3 at <= 300 nodes, up to 6 at 100k): encoder chains ending in MaxPool, a
// bottleneck chain, decoder levels ConvTranspose -> Concat -> chain, a skip from the end
// of each encoder level into the matching Concat. With `clusters`: nested clusters
// encoder{down0..}, bottleneck, decoder{up..0}.
LayoutGraph UNetGraph(int nodes, bool clusters);
// Embedding, then 24-node blocks: LayerNorm -> Q/K/V MatMuls, 4 heads (QK^T MatMul ->
// Softmax -> AV MatMul), Concat, projection, residual Add, MLP (LayerNorm, MatMul, GELU,
// MatMul, residual Add).
LayoutGraph TransformerGraph(int nodes);
// Encoder and decoder stacks with equal block counts; a 43-node decoder block has
// self-attention, cross-attention and MLP; the encoder's final LayerNorm feeds K and V of
// every decoder block's cross-attention.
LayoutGraph EncDecTransformerGraph(int nodes);

// The benchmark's family names, and a graph by family name ("" for an unknown name).
std::vector<std::string> GraphFamilyNames();
LayoutGraph FamilyGraph(const std::string& family, int nodes);

}  // namespace graphgen

#endif  // LAYOUT_GRAPH_FAMILIES_H_
