// Tests for passes/fold_constants: which constant-category nodes fold into their reader
// (single use, chains, any node order) and which stay (shared, graph outputs, unread, fed
// by computed values); how many parameters the reader gains (parameter dtypes, known
// shapes only); shared weight reads and variables; readers standing for folded copies;
// and DropSubgraphs.
#include "passes/fold_constants/fold_constants.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/layer_graph.h"

namespace graphgen {
namespace {

TensorType Type(DType dtype, std::vector<int64_t> dims) {
  TensorType t;
  t.dtype = dtype;
  t.rank_known = true;
  for (int64_t d : dims) t.dims.push_back(Dim{d, ""});
  return t;
}

TensorType Float(std::vector<int64_t> dims) { return Type(DType::kFloat32, std::move(dims)); }

// Builds graphs op by op; each op writes one tensor "<name>:0" of the given type.
class Builder {
 public:
  int Input(const std::string& name) {
    Node n;
    n.kind = NodeKind::kInput;
    n.name = name;
    n.op_type = "Input";
    return Emit(std::move(n), {}, Float({1, 8}));
  }
  int Op(const std::string& name, const std::string& op, std::vector<int> inputs,
         TensorType type = Float({1, 8}), int scope = 0) {
    Node n;
    n.name = name;
    n.op_type = op;
    n.scope = scope;
    return Emit(std::move(n), std::move(inputs), std::move(type));
  }
  void Output(int tensor, const std::string& name = "out") {
    Node n;
    n.kind = NodeKind::kOutput;
    n.name = name;
    n.op_type = "Output";
    n.inputs.push_back(tensor);
    g.AddNode(std::move(n));
    g.RebuildTensorLinks();
  }
  // The node called `name`; throws (failing the test) when there is none.
  Node& Get(const std::string& name) {
    for (Node& n : g.nodes) {
      if (n.name == name) return n;
    }
    throw std::out_of_range("no node " + name);
  }
  LayerGraph g;

 private:
  int Emit(Node n, std::vector<int> inputs, TensorType type) {
    n.inputs = std::move(inputs);
    const int t = g.AddTensor(n.name + ":0");
    g.tensors[t].type = std::move(type);
    n.outputs.push_back(t);
    g.AddNode(std::move(n));
    g.RebuildTensorLinks();
    return t;
  }
};

std::vector<std::string> Names(const LayerGraph& g) {
  std::vector<std::string> names;
  for (const Node& n : g.nodes) names.push_back(n.name);
  return names;
}

std::vector<std::string> InputNames(const LayerGraph& g, const Node& n) {
  std::vector<std::string> names;
  for (int t : n.inputs) names.push_back(g.tensors[t].name);
  return names;
}

using Strings = std::vector<std::string>;

TEST(FoldConstants, SingleUseConstantBecomesItsReadersParameters) {
  Builder b;
  const int x = b.Input("x");
  const int w = b.Op("w", "Constant", {}, Float({8, 4}));
  const int bias = b.Op("bias", "Const", {}, Float({4}));
  const int m = b.Op("mm", "MatMul", {x, w});
  b.Output(b.Op("add", "Add", {m, bias}));
  FoldConstants(b.g);
  EXPECT_EQ(Names(b.g), (Strings{"x", "mm", "add", "out"}));
  EXPECT_EQ(b.Get("mm").params, 32);
  EXPECT_EQ(b.Get("add").params, 4);
  // The weight is no longer an input edge.
  EXPECT_EQ(InputNames(b.g, b.Get("mm")), (Strings{"x:0"}));
  EXPECT_EQ(InputNames(b.g, b.Get("add")), (Strings{"mm:0"}));
  EXPECT_EQ(b.g.EdgeCount(), 3);
  EXPECT_EQ(b.g.TotalParams(), 36);
  // The folded constants' tensors stay, linked to nothing.
  EXPECT_EQ(b.g.tensors[w].producer, -1);
  EXPECT_TRUE(b.g.tensors[w].consumers.empty());
}

TEST(FoldConstants, EveryConstantCategoryOpFolds) {
  for (const char* op : {"Constant", "Const", "HostConst", "Fill", "Range", "ConstantOfShape"}) {
    SCOPED_TRACE(op);
    Builder b;
    const int x = b.Input("x");
    const int c = b.Op("c", op, {}, Float({2, 3}));
    b.Output(b.Op("mul", "Mul", {x, c}));
    FoldConstants(b.g);
    EXPECT_EQ(Names(b.g), (Strings{"x", "mul", "out"}));
    EXPECT_EQ(b.Get("mul").params, 6);
  }
}

TEST(FoldConstants, NonParameterDtypesFoldWithoutParameters) {
  for (DType dtype : {DType::kInt32, DType::kInt64, DType::kBool, DType::kString}) {
    SCOPED_TRACE(DTypeName(dtype));
    Builder b;
    const int x = b.Input("x");
    const int shape = b.Op("shape", "Constant", {}, Type(dtype, {4}));
    b.Output(b.Op("reshape", "Reshape", {x, shape}));
    FoldConstants(b.g);
    EXPECT_EQ(Names(b.g), (Strings{"x", "reshape", "out"}));
    EXPECT_EQ(b.Get("reshape").params, 0);
    EXPECT_EQ(InputNames(b.g, b.Get("reshape")), (Strings{"x:0"}));
  }
  // Half-precision, integer-quantised and double weights are parameters.
  for (DType dtype : {DType::kFloat16, DType::kBFloat16, DType::kFloat64, DType::kInt8,
                      DType::kUInt8, DType::kUnknown}) {
    SCOPED_TRACE(DTypeName(dtype));
    Builder b;
    const int x = b.Input("x");
    const int w = b.Op("w", "Constant", {}, Type(dtype, {5}));
    b.Op("mul", "Mul", {x, w});
    FoldConstants(b.g);
    EXPECT_EQ(b.Get("mul").params, 5);
  }
}

TEST(FoldConstants, UnknownShapesFoldWithoutParameters) {
  Builder b;
  const int x = b.Input("x");
  TensorType unranked;
  unranked.dtype = DType::kFloat32;
  const int a = b.Op("a", "Constant", {}, unranked);
  TensorType symbolic = Float({3, -1});
  symbolic.dims[1].symbol = "N";
  const int s = b.Op("s", "Constant", {}, symbolic);
  const int scalar = b.Op("scalar", "Constant", {}, Float({}));
  const int huge = b.Op("huge", "Constant", {}, Float({int64_t{1} << 40, int64_t{1} << 40}));
  const int t1 = b.Op("m1", "Mul", {x, a});
  const int t2 = b.Op("m2", "Mul", {t1, s});
  const int t3 = b.Op("m3", "Mul", {t2, scalar});
  b.Op("m4", "Mul", {t3, huge});
  FoldConstants(b.g);
  EXPECT_EQ(Names(b.g), (Strings{"x", "m1", "m2", "m3", "m4"}));
  EXPECT_EQ(b.Get("m1").params, 0);
  EXPECT_EQ(b.Get("m2").params, 0);
  EXPECT_EQ(b.Get("m3").params, 0);  // a rank-0 scalar is a hyperparameter, not a weight
  EXPECT_EQ(b.Get("m4").params, 0);  // 2^80 elements overflow: absurd, counted as 0
}

TEST(FoldConstants, ConstantsReadByTwoOpsStay) {
  Builder b;
  const int x = b.Input("x");
  const int c = b.Op("c", "Constant", {}, Float({8}));
  const int a = b.Op("a", "Add", {x, c});
  b.Op("m", "Mul", {a, c});
  FoldConstants(b.g);
  EXPECT_EQ(Names(b.g), (Strings{"x", "c", "a", "m"}));
  EXPECT_EQ(b.Get("a").params, 0);
  EXPECT_EQ(b.Get("m").params, 0);
  EXPECT_EQ(b.Get("a").shared_params, 0);
  EXPECT_EQ(InputNames(b.g, b.Get("m")), (Strings{"a:0", "c:0"}));
}

TEST(FoldConstants, GraphOutputsAndUnreadConstantsStay) {
  Builder b;
  const int c = b.Op("c", "Constant", {}, Float({8}));
  b.Output(c);
  b.Op("unread", "Constant", {}, Float({2}));
  const int d = b.Op("d", "Constant", {}, Float({3}));
  b.Output(b.Op("relu", "Relu", {d}), "out2");
  b.Output(d, "out3");  // read by an op and a graph output
  FoldConstants(b.g);
  EXPECT_EQ(Names(b.g), (Strings{"c", "out", "unread", "d", "relu", "out2", "out3"}));
  EXPECT_EQ(b.Get("relu").params, 0);
}

TEST(FoldConstants, OnlyConstantCategoryOpsFold) {
  Builder b;
  const int x = b.Input("x");
  const int w = b.Op("w", "Unsqueeze", {}, Float({8}));  // no inputs, but not a constant
  b.Op("m", "Mul", {x, w});
  FoldConstants(b.g);
  EXPECT_EQ(Names(b.g), (Strings{"x", "w", "m"}));
}

TEST(FoldConstants, ConstantComputedFromAnOpStays) {
  Builder b;
  const int x = b.Input("x");
  const int n = b.Op("n", "Relu", {x}, Type(DType::kInt64, {}));
  const int r = b.Op("r", "Range", {n}, Float({16}));
  b.Op("m", "Mul", {x, r});
  FoldConstants(b.g);
  EXPECT_EQ(Names(b.g), (Strings{"x", "n", "r", "m"}));
  EXPECT_EQ(b.Get("m").params, 0);
}

TEST(FoldConstants, ChainsFoldInAnyNodeOrder) {
  Builder b;
  // The consumer comes before its producers in the node list: folding still finds it.
  Node fill;
  fill.name = "fill";
  fill.op_type = "ConstantOfShape";
  b.g.AddNode(fill);
  const int x = b.Input("x");
  const int shape = b.Op("shape", "Constant", {}, Type(DType::kInt64, {2}));
  const int w = b.g.AddTensor("fill:0");
  b.g.tensors[w].type = Float({8, 3});
  b.g.nodes[0].inputs = {shape};
  b.g.nodes[0].outputs = {w};
  b.g.RebuildTensorLinks();
  b.Output(b.Op("conv", "Conv", {x, w}));
  FoldConstants(b.g);
  EXPECT_EQ(Names(b.g), (Strings{"x", "conv", "out"}));
  EXPECT_EQ(b.Get("conv").params, 24);  // the int64 shape adds nothing
  EXPECT_EQ(InputNames(b.g, b.Get("conv")), (Strings{"x:0"}));
}

TEST(FoldConstants, SharedReadOfAWeightFoldsIntoItsFirstReader) {
  Builder b;
  const int x = b.Input("x");
  const int w = b.Op("w", "Const", {}, Float({3, 3}));
  const int read = b.Op("w/read", "Identity", {w}, Float({3, 3}));
  const int a = b.Op("step0", "MatMul", {x, read});
  const int c = b.Op("step1", "MatMul", {a, read});
  b.Output(b.Op("step2", "MatMul", {c, read}));
  FoldConstants(b.g);
  EXPECT_EQ(Names(b.g), (Strings{"x", "step0", "step1", "step2", "out"}));
  EXPECT_EQ(b.Get("step0").params, 9);
  EXPECT_EQ(b.Get("step0").shared_params, 0);
  EXPECT_EQ(b.Get("step1").params, 0);
  EXPECT_EQ(b.Get("step1").shared_params, 9);
  EXPECT_EQ(b.Get("step2").shared_params, 9);
  EXPECT_EQ(b.g.TotalParams(), 9);
  EXPECT_EQ(InputNames(b.g, b.Get("step1")), (Strings{"step0:0"}));
}

TEST(FoldConstants, EveryPassThroughOpReadsAWeight) {
  for (const char* op : {"Identity", "ReadVariableOp", "Snapshot", "StopGradient"}) {
    SCOPED_TRACE(op);
    Builder b;
    const int x = b.Input("x");
    const int w = b.Op("w", "Const", {}, Float({4}));
    const int read = b.Op("read", op, {w}, Float({4}));
    b.Op("a", "Add", {x, read});
    b.Op("m", "Mul", {x, read});
    FoldConstants(b.g);
    EXPECT_EQ(Names(b.g), (Strings{"x", "a", "m"}));
    EXPECT_EQ(b.Get("a").params, 4);
    EXPECT_EQ(b.Get("m").shared_params, 4);
  }
}

TEST(FoldConstants, PassThroughOfAComputedValueStays) {
  Builder b;
  const int x = b.Input("x");
  const int id = b.Op("id", "Identity", {x});
  b.Op("relu", "Relu", {id});
  FoldConstants(b.g);
  EXPECT_EQ(Names(b.g), (Strings{"x", "id", "relu"}));
}

TEST(FoldConstants, AVariableGoesToItsReadNotToItsAssign) {
  Builder b;
  const int x = b.Input("x");
  const int init = b.Input("init");
  const int v = b.Op("v", "VariableV2", {}, Float({4, 2}));
  b.Op("v/Assign", "Assign", {v, init});
  const int read = b.Op("v/read", "Identity", {v}, Float({4, 2}));
  b.Output(b.Op("mm", "MatMul", {x, read}));
  FoldConstants(b.g);
  EXPECT_EQ(Names(b.g), (Strings{"x", "init", "v/Assign", "mm", "out"}));
  EXPECT_EQ(b.Get("mm").params, 8);
  EXPECT_EQ(b.Get("v/Assign").params, 0);
  EXPECT_EQ(b.Get("v/Assign").shared_params, 8);
  EXPECT_EQ(InputNames(b.g, b.Get("v/Assign")), (Strings{"init:0"}));
  EXPECT_EQ(b.g.TotalParams(), 8);
}

TEST(FoldConstants, AVariableWithoutAReadGoesToItsFirstReader) {
  Builder b;
  const int x = b.Input("x");
  const int v = b.Op("v", "VarHandleOp", {}, Float({5}));
  const int a = b.Op("a", "Add", {x, v});
  b.Op("m", "Mul", {a, v});
  FoldConstants(b.g);
  EXPECT_EQ(Names(b.g), (Strings{"x", "a", "m"}));
  EXPECT_EQ(b.Get("a").params, 5);
  EXPECT_EQ(b.Get("m").shared_params, 5);
}

TEST(FoldConstants, AWeightOfEveryFoldedCopyIsCountedOnce) {
  Builder b;
  const int run = b.g.ChildScope(0,
                                 "cell\xC3\x97"
                                 "3",
                                 ScopeKind::kRepeat);
  b.g.scopes[run].repeat.params = 3 * 5;
  const int inner = b.g.ChildScope(run, "dense", ScopeKind::kModule);
  const int x = b.Input("x");
  const int k = b.Op("kernel", "Const", {}, Float({4, 4}));
  b.Output(b.Op("cell/dense/MatMul", "MatMul", {x, k}, Float({1, 4}), inner));
  Node& reader = b.Get("cell/dense/MatMul");
  reader.params = 5;
  reader.op_count = 2;
  reader.shared_params = 16;
  reader.copies = 3;
  FoldConstants(b.g);
  const Node& r = b.Get("cell/dense/MatMul");
  EXPECT_EQ(r.copies, 1);
  EXPECT_EQ(r.params, 3 * 5 + 16);
  EXPECT_EQ(r.op_count, 6);
  EXPECT_EQ(r.shared_params, 0);
  EXPECT_EQ(b.g.scopes[run].repeat.params, 15 + 16);
  EXPECT_EQ(b.g.scopes[inner].repeat.params, 0);
  EXPECT_EQ(b.g.TotalParams(), 31);
}

TEST(FoldConstants, AShapeConstantLeavesFoldedCopiesAlone) {
  Builder b;
  const int x = b.Input("x");
  const int shape = b.Op("shape", "Constant", {}, Type(DType::kInt64, {2}));
  b.Op("reshape", "Reshape", {x, shape});
  b.Get("reshape").copies = 4;
  b.Get("reshape").op_count = 1;
  FoldConstants(b.g);
  EXPECT_EQ(b.Get("reshape").copies, 4);
  EXPECT_EQ(b.Get("reshape").op_count, 1);
  EXPECT_EQ(b.Get("reshape").params, 0);
}

TEST(FoldConstants, ControlEdgesAreRenumberedAroundFoldedNodes) {
  Builder b;
  const int x = b.Input("x");
  const int w = b.Op("w", "Constant", {}, Float({2}));
  const int a = b.Op("a", "Add", {x, w});
  b.Op("print", "Print", {a});
  b.g.control_edges = {{0, 2}, {1, 3}, {2, 3}};
  FoldConstants(b.g);
  EXPECT_EQ(Names(b.g), (Strings{"x", "a", "print"}));
  EXPECT_EQ(b.g.control_edges, (std::vector<std::pair<int, int>>{{0, 1}, {1, 2}}));
}

TEST(FoldConstants, NothingToFoldLeavesTheGraphAlone) {
  Builder b;
  const int x = b.Input("x");
  b.Output(b.Op("relu", "Relu", {x}));
  FoldConstants(b.g);
  EXPECT_EQ(Names(b.g), (Strings{"x", "relu", "out"}));
  LayerGraph empty;
  FoldConstants(empty);
  EXPECT_TRUE(empty.nodes.empty());
}

TEST(DropSubgraphs, RemovesBodiesAtAnyDepthAndKeepsTheRest) {
  Builder b;
  const int enc = b.g.ChildScope(0, "enc", ScopeKind::kModule);
  const int body = b.g.ChildScope(enc, "then_branch", ScopeKind::kSubgraph);
  const int inner = b.g.ChildScope(body, "block", ScopeKind::kModule);
  const int x = b.Input("x");
  const int iff = b.Op("enc/If", "If", {x}, Float({1, 8}), enc);
  b.Op("then/Relu", "Relu", {x}, Float({1, 8}), body);
  b.Op("then/block/Add", "Add", {x}, Float({1, 8}), inner);
  b.Output(b.Op("after", "Relu", {iff}));
  b.g.scopes[body].owner_node = 1;
  b.g.nesting_edges = {{1, 2}};
  DropSubgraphs(b.g);
  EXPECT_EQ(Names(b.g), (Strings{"x", "enc/If", "after", "out"}));
  EXPECT_TRUE(b.g.nesting_edges.empty());
  EXPECT_EQ(b.g.scopes[body].owner_node, 1);
  // x fed the bodies too; now it feeds only the If.
  EXPECT_EQ(b.g.tensors[x].consumers, (std::vector<int>{1}));
}

TEST(DropSubgraphs, GraphWithoutBodiesIsUnchanged) {
  Builder b;
  const int enc = b.g.ChildScope(0, "enc", ScopeKind::kModule);
  const int x = b.Input("x");
  b.Output(b.Op("enc/Relu", "Relu", {x}, Float({1, 8}), enc));
  b.g.control_edges = {{0, 1}};
  DropSubgraphs(b.g);
  EXPECT_EQ(Names(b.g), (Strings{"x", "enc/Relu", "out"}));
  EXPECT_EQ(b.g.control_edges, (std::vector<std::pair<int, int>>{{0, 1}}));
}

}  // namespace
}  // namespace graphgen
