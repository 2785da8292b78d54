// Tests for importers/tf/graphdef_model.h through ConvertGraphDef: nodes, inputs, output
// tensors and control edges; shapes, dtypes and attribute texts; function calls drawn as
// subgraph scopes (labels, tooltips, arguments, results, cycles, depth); the training
// filter and signatures; and each error message word for word. Graphs are written inline
// as text protos, plus the checked-in fixtures under fixtures/tf/.
#include "importers/tf/graphdef_model.h"

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/file_io.h"
#include "importers/tf/tf_text.h"

namespace graphgen {
namespace {

using Edges = std::vector<std::pair<int, int>>;
using Strings = std::vector<std::string>;

// The text protos below use the delimiter "tf", which clang-format leaves as written.

tf::GraphDef Parse(const std::string& text) {
  tf::GraphDef g;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &g)) << text;
  return g;
}

tf::GraphDef Fixture(const std::string& name) {
  auto bytes = ReadFile("fixtures/tf/" + name, int64_t{1} << 20);
  EXPECT_TRUE(bytes.ok()) << name << ": " << bytes.status().message();
  tf::GraphDef g;
  if (bytes.ok()) {
    const Status s = ParseTfText(*bytes, "GraphDef", 32, &g);
    EXPECT_TRUE(s.ok()) << s.message();
  }
  return g;
}

// Converts `text`, expecting success.
LayerGraph Convert(const std::string& text, const GraphDefSelection& selection = {},
                   const ImportOptions& options = ImportOptions(), Warnings* warnings = nullptr) {
  Warnings local;
  auto g = ConvertGraphDef(Parse(text), selection, options, warnings ? warnings : &local);
  EXPECT_TRUE(g.ok()) << g.status().message();
  return g.ok() ? std::move(*g) : LayerGraph();
}

// Converts `text`, expecting an error; returns it.
Status Error(const std::string& text, const ImportOptions& options = ImportOptions(),
             const GraphDefSelection& selection = {}) {
  Warnings warnings;
  auto g = ConvertGraphDef(Parse(text), selection, options, &warnings);
  EXPECT_FALSE(g.ok());
  return g.status();
}

// The id of the node called `name`; throws (failing the test) when there is none.
int Id(const LayerGraph& g, const std::string& name) {
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    if (g.nodes[i].name == name) return static_cast<int>(i);
  }
  throw std::out_of_range("no node " + name);
}

Strings Names(const LayerGraph& g) {
  Strings names;
  for (const Node& n : g.nodes) names.push_back(n.name);
  return names;
}

Strings InputNames(const LayerGraph& g, const std::string& node) {
  Strings names;
  for (int t : g.nodes[Id(g, node)].inputs) names.push_back(g.tensors[t].name);
  return names;
}

const TensorType& OutputType(const LayerGraph& g, const std::string& node, int k = 0) {
  return g.tensors[g.nodes[Id(g, node)].outputs.at(k)].type;
}

std::string Attr(const LayerGraph& g, const std::string& node, const std::string& key) {
  for (const Attribute& a : g.nodes[Id(g, node)].attributes) {
    if (a.name == key) return a.value;
  }
  return "<none>";
}

constexpr char kX[] = "\xC3\x97";  // the multiplication sign between dims

TEST(ConvertGraphDef, NodesEdgesAndOutputTensors) {
  const LayerGraph g = Convert(R"tf(
    node { name: "x" op: "Placeholder" }
    node { name: "split" op: "Split" input: "x" }
    node { name: "add" op: "AddV2" input: "split:1" input: "split" }
    versions { producer: 27 }
  )tf");
  EXPECT_EQ(g.format, "TensorFlow GraphDef");
  EXPECT_EQ(g.notes, Strings{"producer 27"});
  EXPECT_EQ(Names(g), (Strings{"x", "split", "add", "add"}));  // the last: add's Output box
  EXPECT_EQ(g.nodes[0].kind, NodeKind::kInput);
  EXPECT_EQ(g.nodes[1].kind, NodeKind::kOp);
  EXPECT_EQ(g.nodes[1].op_type, "Split");
  // Output 0 is named like its node, the others "node:k".
  EXPECT_EQ(InputNames(g, "add"), (Strings{"split:1", "split"}));
  EXPECT_EQ(g.nodes[1].outputs.size(), 2u);
  EXPECT_EQ(g.EdgeCount(), 4);
  EXPECT_TRUE(g.control_edges.empty());
}

TEST(ConvertGraphDef, NoProducerVersionNoNote) {
  EXPECT_TRUE(Convert(R"tf(node { name: "x" op: "Placeholder" })tf").notes.empty());
}

TEST(ConvertGraphDef, ControlInputsBecomeControlEdgesOnce) {
  const LayerGraph g = Convert(R"tf(
    node { name: "a" op: "Placeholder" }
    node { name: "b" op: "Relu" input: "a" input: "^a" input: "^a" }
    node { name: "c" op: "NoOp" input: "^b" input: "^a" }
  )tf");
  EXPECT_EQ(g.control_edges, (Edges{{0, 1}, {1, 2}, {0, 2}}));
  EXPECT_EQ(g.EdgeCount(), 2);  // a -> b, b -> its Output; control inputs carry none
}

TEST(ConvertGraphDef, FixtureWithControlDependenciesIntoAndOutOfACall) {
  Warnings warnings;
  auto g = ConvertGraphDef(Fixture("control_deps.pbtxt"), ImportOptions(), &warnings);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(g->control_edges, (Edges{{Id(*g, "check/Assert"), Id(*g, "checked")},
                                     {Id(*g, "Identity"), Id(*g, "done")},
                                     {Id(*g, "check/Assert"), Id(*g, "MatMul")},
                                     {Id(*g, "MatMul"), Id(*g, "NoOp")},
                                     {Id(*g, "NoOp"), Id(*g, "Identity")}}));
}

TEST(ConvertGraphDef, FixtureConvBlock) {
  Warnings warnings;
  auto g = ConvertGraphDef(Fixture("conv_block.pbtxt"), ImportOptions(), &warnings);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(Names(*g),
            (Strings{"input", "block1/conv/kernel", "block1/conv/kernel/read", "block1/conv/Conv2D",
                     "block1/relu", "split", "split/dim", "output", "output"}));
  EXPECT_EQ(InputNames(*g, "split"), (Strings{"split/dim", "block1/relu"}));
  EXPECT_EQ(Attr(*g, "block1/conv/Conv2D", "strides"), "[1, 1, 1, 1]");
  EXPECT_EQ(FormatShape(OutputType(*g, "split/dim")), "scalar");
  EXPECT_EQ(OutputType(*g, "split/dim").dtype, DType::kInt32);
}

TEST(ConvertGraphDef, ShapesFromEverySource) {
  const LayerGraph g = Convert(R"tf(
    node {
      name: "x" op: "Placeholder"
      attr { key: "shape" value { shape { dim { size: -1 } dim { size: 8 } } } }
      attr { key: "dtype" value { type: DT_HALF } }
    }
    node {
      name: "k" op: "Const"
      attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape { dim { size: 2 } } } } }
    }
    node {
      name: "v" op: "VarHandleOp"
      attr { key: "shape" value { shape { dim { size: 8 } dim { size: 4 } } } }
      attr { key: "dtype" value { type: DT_FLOAT } }
      attr { key: "_output_shapes" value { list { shape { } } } }
    }
    node {
      name: "mm" op: "MatMul" input: "x" input: "v"
      attr { key: "T" value { type: DT_FLOAT_REF } }
      attr { key: "_output_shapes" value { list { shape { dim { size: -1 } dim { size: 4 } } } } }
    }
    node {
      name: "r" op: "Reshape" input: "mm" input: "k"
      attr { key: "_output_shapes" value { list { shape { unknown_rank: true } } } }
    }
  )tf");
  EXPECT_EQ(FormatShape(OutputType(g, "x")), std::string("?") + kX + "8");
  EXPECT_EQ(OutputType(g, "x").dtype, DType::kFloat16);
  EXPECT_EQ(FormatShape(OutputType(g, "k")), "2");
  EXPECT_EQ(OutputType(g, "k").dtype, DType::kInt32);
  // A variable's handle is a scalar; its `shape` is the weight's, which wins.
  EXPECT_EQ(FormatShape(OutputType(g, "v")), std::string("8") + kX + "4");
  EXPECT_EQ(FormatShape(OutputType(g, "mm")), std::string("?") + kX + "4");
  // A reference type holds its base type's elements.
  EXPECT_EQ(OutputType(g, "mm").dtype, DType::kFloat32);
  EXPECT_EQ(FormatShape(OutputType(g, "r")), "?");
}

TEST(ConvertGraphDef, RecordedShapesGiveOutputsNobodyReads) {
  const LayerGraph g = Convert(R"tf(
    node {
      name: "s" op: "Split"
      attr { key: "_output_shapes" value { list {
        shape { dim { size: 1 } } shape { dim { size: 2 } } shape { dim { size: 3 } } } } }
    }
  )tf");
  ASSERT_EQ(g.nodes[0].outputs.size(), 3u);
  EXPECT_EQ(g.tensors[g.nodes[0].outputs[2]].name, "s:2");
  EXPECT_EQ(FormatShape(OutputType(g, "s", 2)), "3");
}

TEST(ConvertGraphDef, AttributeTexts) {
  const LayerGraph g = Convert(R"tf(
    node {
      name: "c" op: "Conv2D"
      attr { key: "padding" value { s: "SAME" } }
      attr { key: "strides" value { list { i: [1, 2, 2, 1] } } }
      attr { key: "epsilon" value { f: 0.001 } }
      attr { key: "use_cudnn_on_gpu" value { b: true } }
      attr { key: "T" value { type: DT_BFLOAT16 } }
      attr { key: "group" value { i: -3 } }
      attr { key: "shape" value { shape { dim { size: -1 } dim { size: 32 } } } }
      attr { key: "any" value { shape { unknown_rank: true } } }
      attr { key: "value" value { tensor {
        dtype: DT_FLOAT tensor_shape { dim { size: 3 } dim { size: 3 } } } } }
      attr { key: "f" value { func { name: "body" } } }
      attr { key: "Tout" value { list { type: [DT_FLOAT, DT_INT64] } } }
      attr { key: "names" value { list { s: ["a", "b"] } } }
      attr { key: "_class" value { list { s: "loc:@x" } } }
    }
  )tf");
  EXPECT_EQ(Attr(g, "c", "padding"), "\"SAME\"");
  EXPECT_EQ(Attr(g, "c", "strides"), "[1, 2, 2, 1]");
  EXPECT_EQ(Attr(g, "c", "epsilon"), "0.001");
  EXPECT_EQ(Attr(g, "c", "use_cudnn_on_gpu"), "true");
  EXPECT_EQ(Attr(g, "c", "T"), "bfloat16");
  EXPECT_EQ(Attr(g, "c", "group"), "-3");
  EXPECT_EQ(Attr(g, "c", "shape"), "[?, 32]");
  EXPECT_EQ(Attr(g, "c", "any"), "?");
  EXPECT_EQ(Attr(g, "c", "value"), "tensor float32 [3, 3]");
  EXPECT_EQ(Attr(g, "c", "f"), "function body");
  EXPECT_EQ(Attr(g, "c", "Tout"), "[float32, int64]");
  EXPECT_EQ(Attr(g, "c", "names"), "[\"a\", \"b\"]");
  // Runtime bookkeeping ("_class", "_output_shapes") is not shown.
  EXPECT_EQ(Attr(g, "c", "_class"), "<none>");
  // Sorted by name, whatever order the map keeps.
  Strings keys;
  for (const Attribute& a : g.nodes[0].attributes) keys.push_back(a.name);
  EXPECT_EQ(keys, (Strings{"T", "Tout", "any", "epsilon", "f", "group", "names", "padding", "shape",
                           "strides", "use_cudnn_on_gpu", "value"}));
}

TEST(ConvertGraphDef, LongListsAndStringsAreClipped) {
  std::string ints;
  for (int i = 0; i < 20; ++i) ints += (i ? ", " : "") + std::to_string(i);
  const LayerGraph g = Convert(R"tf(node { name: "n" op: "Op"
    attr { key: "l" value { list { i: [)tf" +
                               ints + R"tf(] } } }
    attr { key: "s" value { s: ")tf" +
                               std::string(60, 's') + R"tf(" } } })tf");
  EXPECT_EQ(Attr(g, "n", "l"), "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, ...]");
  EXPECT_EQ(Attr(g, "n", "s"), "\"" + std::string(48, 's') + "...\"");
}

TEST(ConvertGraphDef, AtMost32AttributesAreKept) {
  std::string attrs;
  for (int i = 0; i < 40; ++i) {
    attrs += "attr { key: \"a" + std::string(i < 10 ? "0" : "") + std::to_string(i) +
             "\" value { i: " + std::to_string(i) + " } }\n";
  }
  const LayerGraph g = Convert("node { name: \"n\" op: \"Op\" " + attrs + "}");
  ASSERT_EQ(g.nodes[0].attributes.size(), 32u);
  EXPECT_EQ(g.nodes[0].attributes.back().name, "a31");
}

TEST(ConvertGraphDef, FusedOpsGiveTheActivation) {
  const LayerGraph g = Convert(R"tf(
    node { name: "f" op: "_FusedConv2D"
           attr { key: "fused_ops" value { list { s: ["BiasAdd", "Relu6"] } } } }
    node { name: "b" op: "_FusedMatMul"
           attr { key: "fused_ops" value { list { s: ["BiasAdd"] } } } }
  )tf");
  EXPECT_EQ(g.nodes[0].activation, "Relu6");
  EXPECT_EQ(g.nodes[1].activation, "");
}

// A graph calling "__inference_encoder_block_layer_call_and_return_conditional_losses_42"
// from a call node named `call_name`.
std::string CallGraph(const std::string& call_name) {
  return R"tf(
    node { name: "x" op: "Placeholder" }
    node {
      name: ")tf" +
         call_name + R"tf(" op: "StatefulPartitionedCall" input: "x"
      attr { key: "f" value { func {
        name: "__inference_encoder_block_layer_call_and_return_conditional_losses_42" } } }
    }
    node { name: "y" op: "Softmax" input: ")tf" +
         call_name + R"tf(" }
    library {
      function {
        signature {
          name: "__inference_encoder_block_layer_call_and_return_conditional_losses_42"
          input_arg { name: "inputs" }
          output_arg { name: "identity" }
        }
        node_def { name: "dense/MatMul" op: "MatMul" input: "inputs" }
        node_def { name: "Relu" op: "Relu" input: "dense/MatMul:product:0" }
        ret { key: "identity" value: "Relu:activations:0" }
      }
    }
  )tf";
}

TEST(ConvertGraphDef, CallBecomesASubgraphScopeWiredToItsCaller) {
  const LayerGraph g = Convert(CallGraph("model/encoder"));
  EXPECT_EQ(Names(g), (Strings{"x", "y", "dense/MatMul", "Relu", "y"}));
  const Scope& body = g.scopes[g.nodes[Id(g, "dense/MatMul")].scope];
  EXPECT_EQ(g.nodes[Id(g, "Relu")].scope, g.nodes[Id(g, "dense/MatMul")].scope);
  EXPECT_EQ(body.kind, ScopeKind::kSubgraph);
  // A chosen call name is kept before the function's short name.
  EXPECT_EQ(body.name, "encoder: encoder_block");
  EXPECT_EQ(body.path, "model/encoder: encoder_block");
  EXPECT_EQ(g.scopes[body.parent].kind, ScopeKind::kModule);
  EXPECT_EQ(g.scopes[body.parent].name, "model");
  EXPECT_EQ(body.tooltip,
            "call 'model/encoder' (StatefulPartitionedCall) of function "
            "'__inference_encoder_block_layer_call_and_return_conditional_losses_42'");
  // x feeds the body; the body's result feeds y.
  EXPECT_EQ(InputNames(g, "dense/MatMul"), (Strings{"x"}));
  EXPECT_EQ(InputNames(g, "y"), (Strings{"Relu"}));
  EXPECT_EQ(g.EdgeCount(), 4);
}

TEST(ConvertGraphDef, GeneratedCallNamesAreLeftOutOfTheLabel) {
  for (const char* name : {"StatefulPartitionedCall", "StatefulPartitionedCall_3",
                           "PartitionedCall", "encoder_block"}) {
    SCOPED_TRACE(name);
    const LayerGraph g = Convert(CallGraph(name));
    EXPECT_EQ(g.scopes[g.nodes[Id(g, "Relu")].scope].name, "encoder_block");
  }
}

TEST(ConvertGraphDef, ExpandCallsOffKeepsACallAsOneNode) {
  ImportOptions options;
  options.expand_calls = false;
  const LayerGraph g = Convert(CallGraph("enc"), {}, options);
  EXPECT_EQ(Names(g), (Strings{"x", "enc", "y", "y"}));
  EXPECT_EQ(g.nodes[1].op_type, "StatefulPartitionedCall");
  EXPECT_EQ(Attr(g, "enc", "f"), "function __inference_encoder_block_layer_call_and_return_...");
  EXPECT_EQ(g.scopes.size(), 1u);
}

TEST(ConvertGraphDef, LibraryFunctionAsOpIsACallToo) {
  const LayerGraph g = Convert(R"tf(
    node { name: "x" op: "Placeholder" }
    node { name: "twice" op: "Twice" input: "x" }
    library { function {
      signature { name: "Twice" input_arg { name: "a" } output_arg { name: "out" } }
      node_def { name: "add" op: "AddV2" input: "a" input: "a" }
      ret { key: "out" value: "add:z:0" }
    } }
  )tf");
  EXPECT_EQ(Names(g), (Strings{"x", "add", "add"}));  // the last: its Output box
  // The call's own name is not the function's: the label keeps it.
  EXPECT_EQ(g.scopes[g.nodes[1].scope].name, "twice: Twice");
  EXPECT_EQ(InputNames(g, "add"), (Strings{"x", "x"}));
}

TEST(ConvertGraphDef, TwoCallsLabelledAlikeAreTwoScopes) {
  const LayerGraph g = Convert(R"tf(
    node { name: "x" op: "Placeholder" }
    node { name: "F" op: "F" input: "x" }
    node { name: "F_1" op: "F" input: "F" }
    library { function {
      signature { name: "F" input_arg { name: "i" } output_arg { name: "o" } }
      node_def { name: "relu" op: "Relu" input: "i" }
      ret { key: "o" value: "relu:activations:0" }
    } }
  )tf");
  ASSERT_EQ(Names(g), (Strings{"x", "relu", "relu", "relu"}));  // and the Output box
  EXPECT_EQ(g.scopes[g.nodes[1].scope].name, "F");
  EXPECT_EQ(g.scopes[g.nodes[2].scope].name, "F #2");
  EXPECT_EQ(g.tensors[g.nodes[2].inputs[0]].producer, 1);
}

// Calls F, which takes two arguments, with one.
const char kOneArgumentShort[] = R"tf(
  node { name: "x" op: "Placeholder" }
  node { name: "c" op: "F" input: "x" }
  library { function {
    signature { name: "F" input_arg { name: "p" } input_arg { name: "q" }
                output_arg { name: "o" } }
    node_def { name: "n" op: "Neg" input: "p" }
    ret { key: "o" value: "n:y:0" }
  } }
)tf";

TEST(ConvertGraphDef, TooFewInputsForAFunctionIsAWarning) {
  Warnings warnings;
  const LayerGraph g = Convert(kOneArgumentShort, {}, ImportOptions(), &warnings);
  EXPECT_EQ(warnings, Strings{"node 'c' (F) passes 1 inputs to function 'F', which takes 2"});
  EXPECT_EQ(InputNames(g, "n"), (Strings{"x"}));
}

TEST(ConvertGraphDef, ReadingAnArgumentNotPassedIsAnError) {
  std::string text = kOneArgumentShort;
  text.replace(text.find("input: \"p\" }"), 12, "input: \"p\" input: \"q\" }");
  EXPECT_EQ(Error(text).message(),
            "node 'n' (Neg): input 'q' names a function argument that was not passed");
}

TEST(ConvertGraphDef, CallErrors) {
  EXPECT_EQ(Error(R"tf(
              node { name: "x" op: "Placeholder" }
              node { name: "call" op: "PartitionedCall" input: "x" })tf")
                .message(),
            "node 'call' (PartitionedCall): has no function attribute 'f'");
  const Status missing = Error(R"tf(
    node { name: "x" op: "Placeholder" }
    node { name: "call" op: "StatefulPartitionedCall" input: "x"
           attr { key: "f" value { func { name: "__inference_gone_7" } } } })tf");
  EXPECT_EQ(missing.code(), StatusCode::kBadInput);
  EXPECT_EQ(missing.message(),
            "node 'call' (StatefulPartitionedCall): calls function '__inference_gone_7', which "
            "the graph's library does not define");
  EXPECT_EQ(Error(R"tf(
              node { name: "x" op: "Placeholder" }
              node { name: "c" op: "F" input: "x" }
              library { function {
                signature { name: "F" input_arg { name: "p" } output_arg { name: "o" } }
                node_def { name: "n" op: "Neg" input: "p" }
              } })tf")
                .message(),
            "function 'F': output 'o' is returned by no node");
  EXPECT_EQ(Error(R"tf(
              node { name: "x" op: "Placeholder" }
              node { name: "c" op: "F" input: "x" }
              node { name: "y" op: "Relu" input: "c:3" }
              library { function {
                signature { name: "F" input_arg { name: "p" } output_arg { name: "o" } }
                node_def { name: "n" op: "Neg" input: "p" }
                ret { key: "o" value: "n:y:0" }
              } })tf")
                .message(),
            "node 'c' (F): output 3 is read, but 'F' returns 1");
}

TEST(ConvertGraphDef, CallCyclesAreAnError) {
  Warnings warnings;
  auto g = ConvertGraphDef(Fixture("bad_recursive.pbtxt"), ImportOptions(), &warnings);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), StatusCode::kBadInput);
  EXPECT_EQ(g.status().message(), "function calls form a cycle: A -> B -> A");
}

TEST(ConvertGraphDef, CallsNestedPastTheDepthLimit) {
  const std::string text = R"tf(
    node { name: "x" op: "Placeholder" }
    node { name: "outer" op: "A" input: "x" }
    library {
      function {
        signature { name: "A" input_arg { name: "a" } output_arg { name: "o" } }
        node_def { name: "inner" op: "B" input: "a" }
        ret { key: "o" value: "inner:o:0" }
      }
      function {
        signature { name: "B" input_arg { name: "b" } output_arg { name: "o" } }
        node_def { name: "leaf" op: "Relu" input: "b" }
        ret { key: "o" value: "leaf:activations:0" }
      }
    }
  )tf";
  ImportOptions options;
  options.max_nesting_depth = 2;
  const LayerGraph g = Convert(text, {}, options);
  EXPECT_EQ(Names(g), (Strings{"x", "leaf", "leaf"}));  // and the Output box
  const Scope& inner = g.scopes[g.nodes[1].scope];
  EXPECT_EQ(inner.path, "outer: A/inner: B");
  EXPECT_EQ(g.scopes[inner.parent].kind, ScopeKind::kSubgraph);
  options.max_nesting_depth = 1;
  const Status s = Error(text, options);
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(s.message(),
            "node 'inner' (B): function calls nest more than 1 deep (raise it with --max-depth)");
}

TEST(ConvertGraphDef, ErrorsInAFunctionBodyNameTheFunction) {
  EXPECT_EQ(Error(R"tf(
              node { name: "x" op: "Placeholder" }
              node { name: "c" op: "F" input: "x" }
              library { function {
                signature { name: "F" input_arg { name: "p" } output_arg { name: "o" } }
                node_def { name: "n" op: "Neg" input: "p" }
                node_def { name: "n" op: "Abs" input: "p" }
                ret { key: "o" value: "n:y:0" }
              } })tf")
                .message(),
            "function 'F': two nodes are named 'n' (#0 Neg and #1 Abs)");
}

const char kTrainingGraph[] = R"tf(
  node { name: "x" op: "Placeholder" }
  node { name: "w" op: "VariableV2" }
  node { name: "w/read" op: "Identity" input: "w" }
  node { name: "mm" op: "MatMul" input: "x" input: "w/read" }
  node { name: "loss" op: "Mean" input: "mm" }
  node { name: "w/Assign" op: "Assign" input: "w" input: "x" }
  node { name: "gradients/grad" op: "MatMul" input: "loss" }
  node { name: "train" op: "ApplyGradientDescent" input: "w" input: "gradients/grad" }
  node { name: "save/SaveV2" op: "SaveV2" input: "w" }
  node { name: "init" op: "NoOp" input: "^w/Assign" }
)tf";

TEST(ConvertGraphDef, DropTrainingLeavesOutTrainingSavingAndInitialisation) {
  GraphDefSelection selection;
  selection.drop_training = true;
  const LayerGraph g = Convert(kTrainingGraph, selection);
  EXPECT_EQ(Names(g), (Strings{"x", "w", "w/read", "mm", "loss", "loss"}));
  EXPECT_EQ(g.notes, Strings{"5 of 10 nodes left out (training, saving, initialisation)"});
  // Without the filter every node is drawn.
  EXPECT_EQ(Convert(kTrainingGraph).nodes.size(), 10u);
}

TEST(ConvertGraphDef, DropTrainingOfOnlyTrainingIsAnError) {
  GraphDefSelection selection;
  selection.drop_training = true;
  EXPECT_EQ(Error(R"tf(node { name: "save/Const" op: "Const" }
                       node { name: "init" op: "NoOp" })tf",
                  ImportOptions(), selection)
                .message(),
            "every node of the graph trains, saves or initialises");
}

TfSignature Signature(const std::string& name, std::vector<std::pair<std::string, std::string>> in,
                      std::vector<std::pair<std::string, std::string>> out) {
  TfSignature s;
  s.name = name;
  s.inputs = std::move(in);
  s.outputs = std::move(out);
  return s;
}

TEST(ConvertGraphDef, SignatureDrawsWhatComputesItsOutputs) {
  GraphDefSelection selection;
  selection.signatures = {
      Signature("serving_default", {{"features", "mm:0"}}, {{"scores", "loss:0"}})};
  const LayerGraph g = Convert(kTrainingGraph, selection);
  // mm is the signature's input: what feeds it is not drawn, and it is a graph input.
  EXPECT_EQ(Names(g), (Strings{"mm", "loss", "scores"}));
  EXPECT_EQ(g.nodes[0].kind, NodeKind::kInput);
  EXPECT_TRUE(g.nodes[0].inputs.empty());
  EXPECT_EQ(g.nodes[2].kind, NodeKind::kOutput);
  EXPECT_EQ(g.nodes[2].op_type, "Output");
  EXPECT_EQ(InputNames(g, "scores"), (Strings{"loss"}));
  EXPECT_EQ(g.notes, Strings{"signature 'serving_default': 2 of 10 graph nodes compute its "
                             "outputs, 8 left out (training, saving, other signatures)"});
}

TEST(ConvertGraphDef, EachSignatureInItsOwnCluster) {
  GraphDefSelection selection;
  selection.cluster_each = true;
  selection.signatures = {Signature("a", {{"x", "x:0"}}, {{"out", "mm"}}),
                          Signature("b", {{"x", "x"}}, {{"out", "w/read:0"}})};
  const LayerGraph g = Convert(kTrainingGraph, selection);
  ASSERT_EQ(g.scopes.size(), 3u);
  EXPECT_EQ(g.scopes[1].name, "a");
  EXPECT_EQ(g.scopes[1].kind, ScopeKind::kSubgraph);
  EXPECT_EQ(g.scopes[2].name, "b");
  for (const Node& n : g.nodes) EXPECT_NE(n.scope, 0) << n.name;
  EXPECT_EQ(g.notes.size(), 2u);
}

TEST(ConvertGraphDef, SignatureErrors) {
  GraphDefSelection selection;
  selection.signatures = {Signature("s", {{"x", "nope:0"}}, {{"y", "mm:0"}})};
  EXPECT_EQ(Error(kTrainingGraph, ImportOptions(), selection).message(),
            "signature 's': input 'x' is tensor 'nope:0', which no node produces");
  selection.signatures = {Signature("s", {}, {{"y", "gone"}})};
  EXPECT_EQ(Error(kTrainingGraph, ImportOptions(), selection).message(),
            "signature 's': output 'y' is tensor 'gone', which no node produces");
  selection.signatures = {Signature("s", {{"x", "x:0"}}, {})};
  EXPECT_EQ(Error(kTrainingGraph, ImportOptions(), selection).message(),
            "signature 's' has no outputs");
}

TEST(ConvertGraphDef, GraphErrors) {
  EXPECT_EQ(Error("").message(), "the graph has no nodes");
  EXPECT_EQ(Error(R"tf(node { name: "a" op: "Relu" input: "nowhere:0" })tf").message(),
            "node 'a' (Relu): input 'nowhere:0' is produced by no node");
  EXPECT_EQ(Error(R"tf(node { name: "a" op: "Relu" input: "^ghost" })tf").message(),
            "node 'a' (Relu): control input '^ghost' names no node");
  EXPECT_EQ(Error(R"tf(node { name: "a" op: "Relu" } node { name: "a" op: "AddV2" })tf").message(),
            "two nodes are named 'a' (#0 Relu and #1 AddV2)");
  EXPECT_EQ(Error(R"tf(node { name: "a" op: "Relu" } node { op: "AddV2" })tf").message(),
            "node #1 has no name");
  EXPECT_EQ(Error(R"tf(node { name: "a" })tf").message(), "node 'a' (): empty op");
}

TEST(ConvertGraphDef, AbsurdOutputIndices) {
  for (const std::string input : {"x:4097", "x:99999", "x:123456", "x:", "x:1:2:3", "x:out:"}) {
    SCOPED_TRACE(input);
    EXPECT_EQ(Error(R"tf(node { name: "x" op: "Placeholder" }
                         node { name: "a" op: "Relu" input: ")tf" +
                    input + "\" }")
                  .message(),
              "node 'a' (Relu): input '" + input + "' names an absurd output");
  }
  // 4096 is the highest output index accepted.
  const LayerGraph g = Convert(R"tf(node { name: "x" op: "Placeholder" }
                                    node { name: "a" op: "Relu" input: "x:4096" })tf");
  EXPECT_EQ(g.nodes[0].outputs.size(), 4097u);
  EXPECT_EQ(InputNames(g, "a"), (Strings{"x:4096"}));
}

TEST(ConvertGraphDef, LimitsFromTheOptions) {
  ImportOptions options;
  options.max_nodes = 1;
  const Status nodes =
      Error(R"tf(node { name: "a" op: "Relu" } node { name: "b" op: "Relu" })tf", options);
  EXPECT_EQ(nodes.code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(nodes.message(), "the model has more than 1 nodes (raise it with --max-nodes)");

  options = ImportOptions();
  options.max_attributes = 1;
  EXPECT_EQ(Error(R"tf(node { name: "a" op: "Relu" attr { key: "T" value { type: DT_FLOAT } }
                                                  attr { key: "U" value { type: DT_FLOAT } } })tf",
                  options)
                .message(),
            "node 'a' (Relu) has 2 attributes, more than the limit of 1 (raise it with "
            "--max-attributes)");

  options = ImportOptions();
  options.max_string_bytes = 3;
  EXPECT_EQ(
      Error(
          R"tf(node { name: "a" op: "Relu" attr { key: "p" value { list { s: ["ok", "long"] } } } })tf",
          options)
          .message(),
      "node 'a' (Relu): attribute 'p' is a string of 4 bytes, more than the limit of 3 (raise "
      "it with --max-string-bytes)");

  options = ImportOptions();
  options.max_nesting_depth = 1;
  EXPECT_EQ(Error(R"tf(node { name: "a/b/Relu" op: "Relu" })tf", options).message(),
            "node 'a/b/Relu' (Relu): name nests 2 scopes, more than the limit of 1 (raise it "
            "with --max-depth)");

  options = ImportOptions();
  options.max_name_bytes = 3;
  EXPECT_EQ(Error(R"tf(node { name: "abcd" op: "Relu" })tf", options).message(),
            "node #0: name is 4 bytes long, more than the limit of 3 (raise it with "
            "--max-name-bytes)");

  options = ImportOptions();
  options.max_rank = 1;
  EXPECT_EQ(Error(R"tf(node { name: "x" op: "Placeholder"
                        attr { key: "shape" value { shape { dim { size: 1 } dim { size: 2 } } } } })tf",
                  options)
                .message(),
            "node 'x' (Placeholder): shape has rank 2, more than the limit of 1 (raise it with "
            "--max-rank)");
}

TEST(ConvertGraphDef, AbsurdDimensions) {
  const Status s = Error(R"tf(node { name: "x" op: "Placeholder"
    attr { key: "_output_shapes" value { list { shape { dim { size: 4 } dim { size: -7 } } } } } })tf");
  EXPECT_EQ(s.code(), StatusCode::kBadInput);
  EXPECT_EQ(s.message(),
            "node 'x' (Placeholder): output shape has an absurd dimension -7 at axis 1");
}

TEST(ConvertGraphDef, NamesThatAreNotUtf8) {
  tf::GraphDef def;
  tf::NodeDef* node = def.add_node();
  node->set_name("a\xFF");
  node->set_op("Relu");
  Warnings warnings;
  auto g = ConvertGraphDef(def, ImportOptions(), &warnings);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), StatusCode::kBadInput);
  EXPECT_EQ(g.status().message(), "node #0: name is not valid UTF-8 (byte 0xFF at offset 1)");
}

TEST(ConvertGraphDef, WhileLoopCyclesAreDrawn) {
  const LayerGraph g = Convert(R"tf(
    node { name: "x" op: "Placeholder" }
    node { name: "merge" op: "Merge" input: "x" input: "next" }
    node { name: "body" op: "Relu" input: "merge" }
    node { name: "next" op: "NextIteration" input: "body" }
  )tf");
  EXPECT_EQ(g.nodes.size(), 4u);
  EXPECT_EQ(InputNames(g, "merge"), (Strings{"x", "next"}));
  EXPECT_EQ(g.EdgeCount(), 4);
}

// Issue 21: functions each calling the next twice are counted before anything expands;
// an empty leaf adds no node, so counting nodes as they are added never stopped them.
TEST(ConvertGraphDef, ExponentialCallExpansionIsRefusedBeforeExpanding) {
  std::string text =
      "node { name: 'x' op: 'Placeholder' }\nnode { name: 'call' op: 'f0' input: 'x' }\n"
      "library {\n";
  for (int i = 0; i <= 20; ++i) {
    text += "  function { signature { name: 'f" + std::to_string(i) + "' input_arg { name: 'a' } }";
    if (i < 20) {
      for (const char* c : {"c1", "c2"}) {
        text += " node_def { name: '" + std::string(c) + "' op: 'f" + std::to_string(i + 1) +
                "' input: 'a' }";
      }
    }
    text += " }\n";
  }
  text += "}\n";
  ImportOptions options;
  options.max_nodes = 1000;
  const Status s = Error(text, options);
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(s.message(),
            "function calls expand to 2097152 ops and calls, more than the node limit of 1000 "
            "(raise it with --max-nodes)");
}

}  // namespace
}  // namespace graphgen
