// Shape arithmetic on hand-built graphs: what folds (Shape chains, int constants, bool masks
// built from shapes), what never does (token ids and masks from graph inputs, float math,
// a graph output computed from shapes), and where the folded ops are listed.
#include "passes/fold_shapes/fold_shapes.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace graphgen {
namespace {

struct Builder {
  LayerGraph g;
  int T(const std::string& name, DType dtype = DType::kUnknown) {
    for (size_t t = 0; t < g.tensors.size(); ++t) {
      if (g.tensors[t].name == name) return static_cast<int>(t);
    }
    const int t = g.AddTensor(name);
    g.tensors[t].type.dtype = dtype;
    return t;
  }
  void Input(const std::string& name, DType dtype = DType::kFloat32) {
    Node n;
    n.kind = NodeKind::kInput;
    n.name = name;
    n.op_type = "Input";
    n.outputs = {T(name, dtype)};
    g.AddNode(n);
  }
  int Op(const std::string& op, std::vector<std::string> ins, const std::string& out, DType dtype) {
    Node n;
    n.op_type = op;
    n.name = out;
    for (const std::string& i : ins) n.inputs.push_back(T(i));
    n.outputs = {T(out, dtype)};
    return g.AddNode(n);
  }
  void Output(const std::string& name) {
    Node n;
    n.kind = NodeKind::kOutput;
    n.name = name + ":out";
    n.op_type = "Output";
    n.inputs = {T(name)};
    g.AddNode(n);
  }
  LayerGraph& Done() {
    g.RebuildTensorLinks();
    return g;
  }
  std::string Ops() const {
    std::string s;
    for (const Node& n : g.nodes) s += (s.empty() ? "" : " ") + n.op_type;
    return s;
  }
};

constexpr DType kF = DType::kFloat32;
constexpr DType kI = DType::kInt64;

// x.view(x.size(0), -1): Shape -> Gather -> Unsqueeze -> Concat -> Reshape.
TEST(FoldShapes, AReshapeTargetComputedFromShapesFoldsIntoTheReshape) {
  Builder b;
  b.Input("x");
  b.Op("Conv", {"x"}, "c", kF);
  b.Op("Shape", {"c"}, "s", kI);
  b.Op("Gather", {"s"}, "n", kI);
  b.Op("Unsqueeze", {"n"}, "u", kI);
  b.Op("Constant", {}, "minus1", kI);
  b.Op("Concat", {"u", "minus1"}, "shape", kI);
  b.Op("Reshape", {"c", "shape"}, "r", kF);
  b.Output("r");
  const FoldShapesResult r = FoldShapeArithmetic(b.Done());
  EXPECT_EQ(r.folded, 5);
  EXPECT_EQ(r.consumers, 1);
  EXPECT_EQ(b.Ops(), "Input Conv Reshape Output");
  const Node& reshape = b.g.nodes[2];
  ASSERT_EQ(reshape.inputs.size(), 1u);
  EXPECT_EQ(b.g.tensors[reshape.inputs[0]].name, "c");
  ASSERT_EQ(reshape.shape_ops.size(), 1u);  // its direct producer
  EXPECT_EQ(reshape.shape_ops[0].op_type, "Concat");
  // The Conv no longer feeds the Shape.
  EXPECT_EQ(b.g.tensors[b.g.nodes[1].outputs[0]].consumers.size(), 1u);
}

// Token ids and an attention mask are data: an integer graph input is never shape math.
TEST(FoldShapes, IntegerGraphInputsAreData) {
  Builder b;
  b.Input("ids", kI);
  b.Input("mask", kI);
  b.Op("Gather", {"ids"}, "emb", kF);
  b.Op("Unsqueeze", {"mask"}, "m1", kI);
  b.Op("Cast", {"m1"}, "mf", kF);
  b.Op("Add", {"emb", "mf"}, "y", kF);
  b.Output("y");
  EXPECT_EQ(FoldShapeArithmetic(b.Done()).folded, 0);
  EXPECT_EQ(b.Ops(), "Input Input Gather Unsqueeze Cast Add Output");
}

// ConstantOfShape -> Equal -> Where -> Expand (ViT's class token): the bool and int chain
// folds; the float Expand stays with its weight.
TEST(FoldShapes, MasksBuiltFromShapesFoldButFloatMathStays) {
  Builder b;
  b.Input("x");
  b.Op("ConstantOfShape", {}, "ones", kI);
  b.Op("Equal", {"ones"}, "eq", DType::kBool);
  b.Op("Where", {"eq", "ones"}, "shape", kI);
  b.Op("Expand", {"shape"}, "cls", kF);
  b.Op("Concat", {"cls", "x"}, "y", kF);
  b.Op("Div", {"y"}, "z", kF);
  b.Output("z");
  EXPECT_EQ(FoldShapeArithmetic(b.Done()).folded, 3);
  EXPECT_EQ(b.Ops(), "Input Expand Concat Div Output");
  EXPECT_TRUE(b.g.nodes[1].inputs.empty());
}

// Without types, an op computing only on shape data is shape data; one reading a float
// activation is not.
TEST(FoldShapes, UntypedOpsFollowWhatTheyRead) {
  Builder b;
  b.Input("x");
  b.Op("Shape", {"x"}, "s", DType::kUnknown);
  b.Op("StridedSlice", {"s"}, "n", DType::kUnknown);
  b.Op("Pack", {"n"}, "shape", DType::kUnknown);
  b.Op("Reshape", {"x", "shape"}, "r", DType::kUnknown);
  b.Op("Relu", {"r"}, "y", DType::kUnknown);
  b.Output("y");
  EXPECT_EQ(FoldShapeArithmetic(b.Done()).folded, 3);
  EXPECT_EQ(b.Ops(), "Input Reshape Relu Output");
}

// A model whose output is a shape keeps the ops that compute it.
TEST(FoldShapes, AGraphOutputKeepsItsShapeComputation) {
  Builder b;
  b.Input("x");
  b.Op("Shape", {"x"}, "s", kI);
  b.Op("Gather", {"s"}, "n", kI);
  b.Output("n");
  b.Op("Reshape", {"x", "s"}, "r", kF);
  b.Output("r");
  EXPECT_EQ(FoldShapeArithmetic(b.Done()).folded, 0);
  EXPECT_EQ(b.Ops(), "Input Shape Gather Output Reshape Output");
}

// A shared int constant feeding several ops folds into each; each lists it once.
TEST(FoldShapes, ASharedConstantIsListedByEachReader) {
  Builder b;
  b.Input("x");
  b.Op("Constant", {}, "axes", kI);
  b.Op("Unsqueeze", {"x", "axes"}, "a", kF);
  b.Op("Squeeze", {"a", "axes"}, "y", kF);
  b.Output("y");
  FoldShapeArithmetic(b.Done());
  EXPECT_EQ(b.Ops(), "Input Unsqueeze Squeeze Output");
  EXPECT_EQ(b.g.nodes[1].shape_ops.size(), 1u);
  EXPECT_EQ(b.g.nodes[2].shape_ops.size(), 1u);
  EXPECT_EQ(b.g.EdgeCount(), 3);
}

TEST(FoldShapes, NothingToFoldLeavesTheGraphAlone) {
  Builder b;
  b.Input("x");
  b.Op("Relu", {"x"}, "y", kF);
  b.Output("y");
  const FoldShapesResult r = FoldShapeArithmetic(b.Done());
  EXPECT_EQ(r.folded, 0);
  EXPECT_EQ(b.Ops(), "Input Relu Output");
}

}  // namespace
}  // namespace graphgen
