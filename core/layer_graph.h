// The layer graph: what a model means, independent of its file format. Importers build
// it, passes rewrite it, and the diagram builder reads it. Ids are dense indices into
// the vectors; every vector is in model order, which is the order everything iterates in.
#ifndef CORE_LAYER_GRAPH_H_
#define CORE_LAYER_GRAPH_H_

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace graphgen {

enum class DType {
  kUnknown,
  kFloat32,
  kFloat16,
  kBFloat16,
  kFloat64,
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kUInt8,
  kUInt16,
  kUInt32,
  kUInt64,
  kBool,
  kString,
  kComplex64,
  kComplex128,
};

// "float32", "int64", ... ; "?" for kUnknown.
const char* DTypeName(DType dtype);

// Whether tensors of this type hold learned weights when they are constant: shape and
// index tensors (int32/int64), masks (bool) and strings are not parameters.
bool IsParameterDType(DType dtype);

// Whether tensors of this type hold shape data when computed: integers and booleans
// (sizes, indices, pads, masks).
bool IsShapeDType(DType dtype);

struct Dim {
  int64_t value = -1;  // >= 0 when the size is known
  std::string symbol;  // the symbolic name ("N", "batch") when value < 0; may be empty
};

struct TensorType {
  DType dtype = DType::kUnknown;
  bool rank_known = false;
  std::vector<Dim> dims;
};

// "N×3×224×224", "batch×seq×512", "scalar"; "?" for an unknown dim or rank.
std::string FormatShape(const TensorType& type);

struct Tensor {
  std::string name;
  TensorType type;
  int producer = -1;           // node id, or -1 for a weight or an unresolved tensor
  std::vector<int> consumers;  // node ids in model order; a node appears once per use
};

enum class NodeKind {
  kOp,      // an operation
  kInput,   // a graph (or subgraph) input
  kOutput,  // a graph (or subgraph) output
  kGroup,   // a scope collapsed into one node by --depth
};

// What an attribute holds, as far as passes care: numbers they may read, or anything else.
enum class AttrKind {
  kOther,   // strings, types, shapes, tensors, graphs, functions: display form only
  kInt,     // one integer (in `ints`)
  kFloat,   // one real number (in `floats`)
  kInts,    // a list of integers (strides, kernel_shape, axes, perm)
  kFloats,  // a list of real numbers (scales)
};

// At most this many numbers of one list attribute are kept typed; the display form says
// how long the list was. Bounds memory on hostile files; no stride, scale or axis list of a
// real model comes near it.
inline constexpr size_t kMaxAttributeNumbers = 1024;

struct Attribute {
  std::string name;
  std::string value;  // display form, already clipped to a readable length
  // The typed value the importer read from the file, so no pass parses `value` again.
  AttrKind kind = AttrKind::kOther;
  std::vector<int64_t> ints;   // kInt, kInts
  std::vector<double> floats;  // kFloat, kFloats
};

// The node's attribute called `name`, or null.
// True when input `slot` of an op of type `op_type` is a running statistic that training
// does not update: input_mean and input_var of ONNX BatchNormalization, mean and variance
// of TensorFlow's FusedBatchNorm (V1-V3).
bool IsRunningStatistic(const std::string& op_type, size_t slot);

const Attribute* FindAttribute(const struct Node& node, const std::string& name);

// An attribute's numbers in order, integers converted; empty for kOther.
std::vector<double> AttributeNumbers(const Attribute& attribute);

// An op drawn inside the node before it (fuse_chains.h): a BatchNormalization or Relu
// after a Conv, or a weight-only op (the Unsqueeze of a caffe2 scale) feeding one of them.
struct FusedOp {
  std::string name;
  std::string op_type;
  bool weight = false;  // feeds a fused op a weight; not part of the chain's label
};

struct Node {
  NodeKind kind = NodeKind::kOp;
  std::string name;          // as in the model; may be empty
  std::string op_type;       // "Conv", "MatMul"; for kGroup the scope's name
  std::string domain;        // operator set domain; empty for the default one
  std::vector<int> inputs;   // tensor ids, model order; weights are not listed
  std::vector<int> outputs;  // tensor ids, model order
  int64_t params = 0;        // elements of the weights this node owns
  // Of `params`: elements training does not update (a batch norm's running mean and
  // variance, a Keras layer marked trainable: false), for the summary's Non-trainable line.
  int64_t frozen_params = 0;
  // Elements of weights this node reads that another node owns (a weight shared by
  // several ops counts once, at its first reader): what the op uses, for comparing ops.
  int64_t shared_params = 0;
  int64_t op_count = 1;  // ops this node stands for (kGroup: the collapsed ops)
  // Identical copies this node stands for: a node of a block folded ×N has N (its params
  // and op_count are per copy; totals multiply).
  int64_t copies = 1;
  int scope = 0;           // innermost scope id; 0 is the root
  std::string activation;  // fused activation, when the op carries one
  std::vector<Attribute> attributes;
  // The ops fused into this one after it, in chain order (--fuse); empty for most nodes.
  // params, shared_params and op_count already include theirs; outputs are the last's.
  std::vector<FusedOp> fused;
  // The ops an op pattern drew as this one box (passes/op_patterns), in model order: the
  // nine ops of a decomposed LayerNorm. Empty for an op the file wrote as itself.
  std::vector<FusedOp> pattern_ops;
  // The integer shape computations folded into this op (passes/fold_shapes): the Shape,
  // Gather and Concat that worked out a Reshape's target. Listed once each, model order.
  std::vector<FusedOp> shape_ops;
  // Shown after the op type in the box's title: "12 heads" (MultiHeadAttention · 12 heads).
  std::string detail;
  // The part of the model the node belongs to as the grouping found it on the whole model
  // (its role: encoder, bottleneck, decoder; 0 for none). Passes that draw the model
  // smaller never merge nodes of different parts, so a fold, a fused chain or a collapsed
  // scope stays inside one group.
  int partition = 0;
};

enum class ScopeKind {
  kRoot,
  kModule,    // a name scope: "/encoder/down1/" or "encoder.down1."
  kSubgraph,  // the body of an If / Loop / Scan attribute
  kRepeat,    // one block standing for a run of identical blocks (folding)
};

// What a kRepeat scope stands for: the run it folded.
struct RepeatInfo {
  int64_t repeats = 0;    // blocks in the run
  int64_t block_ops = 0;  // ops per block
  int64_t params = 0;     // parameters of the whole run
  std::string shape_in;   // the tensor entering the first block ("" if unknown)
  std::string shape_out;  // the tensor leaving the last block
  // Whether the scope stands in for each block's own scope ("layers.0"), which node names
  // still spell out.
  bool replaces_block_scope = false;
  // The run's name without "×N": "layers", "Conv→Relu".
  std::string name;
  // Blocks alike but for their widths (FoldOptions::alike): each kept node's params are
  // its copies' sum, not one copy's.
  bool alike = false;
  // Each block's first and last node names, in run order: the folded nodes are gone
  // from the graph, and --groups-json says which nodes each block was.
  std::vector<std::pair<std::string, std::string>> blocks;
};

struct Scope {
  ScopeKind kind = ScopeKind::kRoot;
  std::string name;  // own component: "down1", or "then_branch" for a subgraph
  std::string path;  // full path for display: "encoder/down1"
  int parent = -1;
  int depth = 0;              // the root is 0
  int owner_node = -1;        // kSubgraph: the node whose attribute holds the body
  std::vector<int> children;  // child scope ids, in order of first appearance
  RepeatInfo repeat;          // kRepeat only
  // More to show on hover than the path (a TensorFlow call's node and function names);
  // may be empty.
  std::string tooltip;
};

// One model graph. Edges are implied: producer(tensor) -> each consumer(tensor).
class LayerGraph {
 public:
  LayerGraph();

  std::vector<Node> nodes;
  std::vector<Tensor> tensors;
  std::vector<Scope> scopes;  // scopes[0] is the root

  // Links the drawing keeps that are not data flow: a control-flow node to the first
  // nodes of its subgraph, so the body is drawn under its node.
  std::vector<std::pair<int, int>> nesting_edges;

  // Control dependencies (TensorFlow's "^name" inputs): (from, to) node ids, meaning `to`
  // runs after `from` though no tensor passes. Ordering, not data: passes that reason
  // about data flow (grouping, folding's block matching) never read them; passes that
  // renumber or merge nodes carry them along. Drawn dotted; --no-control-edges drops them.
  std::vector<std::pair<int, int>> control_edges;

  std::string format;  // "ONNX", "TensorFlow GraphDef", ...
  // The format's convention for feature maps: NHWC (TensorFlow, TF.js, Keras) rather than
  // NCHW (ONNX). Set by the importer; a pass reads layouts from here, never from `format`.
  bool channels_last = false;
  std::string graph_name;          // the model's own name for its graph, if any
  std::string producer;            // "pytorch 2.6.0"
  std::vector<std::string> notes;  // facts worth a --verbose line (opsets, ...)

  // Where each node of the graph as imported is now (TrackImportedNodes() starts it): the
  // id of the node that stands for it after passes folded it into a weight, a pattern, a
  // shape computation, a fused chain, a folded block or a collapsed scope; -1 when it is
  // no longer drawn (outside --layer-range, in a hidden subgraph). RemoveNodes and
  // RedirectNodes keep it; empty when nobody asked. --groups-json maps every node of the
  // file to its box through it.
  std::vector<int> imported_node_box;

  int AddNode(Node node);
  int AddTensor(std::string name);
  // The child scope of `parent` called `name`, created on first use.
  int ChildScope(int parent, const std::string& name, ScopeKind kind);
  // Whether `parent` has a child scope named `name`, of any kind made by ChildScope: a
  // lookup, not a scan of the children.
  bool HasChildScope(int parent, const std::string& name) const;

  // Adds an edge by recording `node` as consumer of `tensor` and the tensor as its input.
  void Connect(int tensor, int node);

  // Recomputes every tensor's producer and consumers from the nodes' input and output
  // lists; passes that rewrite nodes call it instead of patching links by hand.
  void RebuildTensorLinks();

  // Deletes the marked nodes, dropping their tensor links, and renumbers the rest in
  // order. Tensors they produced keep existing with producer -1.
  void RemoveNodes(const std::vector<bool>& remove);

  // For passes that merge nodes: `new_id` maps each node to the one that now stands for
  // it (-1: gone). Control edges move to the new ends, dropping those that become
  // self-loops or repeats, and imported_node_box follows. Call it before RemoveNodes
  // with the merged nodes mapped to their survivors.
  void RedirectNodes(const std::vector<int>& new_id);

  // Starts imported_node_box: every node stands for itself.
  void TrackImportedNodes();

  // Total parameters of the model: every node's, times the copies it stands for.
  int64_t TotalParams() const;
  // Of those, the non-trainable ones (Node::frozen_params).
  int64_t TotalFrozenParams() const;
  // Number of producer -> consumer links (each use counted once).
  int64_t EdgeCount() const;
  // The name to show for a node: its name, or "<op>_<index>" when it has none.
  std::string DisplayName(int node) const;

 private:
  // (parent, kind, name) -> scope id, so building scopes stays linear in the node count.
  std::map<std::tuple<int, int, std::string>, int> scope_index_;
};

}  // namespace graphgen

#endif  // CORE_LAYER_GRAPH_H_
