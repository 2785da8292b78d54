#include "render/tfevents/tfevents_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "importers/registry.h"
#include "passes/passes.h"
#include "render/tfevents/group_scopes.h"
#include "render/tfevents/tfrecord.h"
#include "third_party/tensorflow/tf_event.pb.h"

namespace graphgen {
namespace {

std::string Hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
  }
  return out;
}

// Our reader: TFRecord framing with both CRCs checked, then every record as an Event,
// the way TensorBoard's loader reads the file.
std::vector<tf::Event> ReadEvents(const std::string& file) {
  std::vector<tf::Event> events;
  auto records = ReadTfRecords(file);
  EXPECT_TRUE(records.ok()) << records.status().message();
  if (!records.ok()) return events;
  for (const std::string& r : *records) {
    tf::Event e;
    EXPECT_TRUE(e.ParseFromString(r)) << "a record is not an Event";
    events.push_back(e);
  }
  return events;
}

// The GraphDef of the file's (last) graph_def event.
tf::GraphDef GraphOf(const std::string& file) {
  tf::GraphDef def;
  int graphs = 0;
  for (const tf::Event& e : ReadEvents(file)) {
    if (e.what_case() != tf::Event::kGraphDef) continue;
    ++graphs;
    EXPECT_TRUE(def.ParseFromString(e.graph_def())) << "graph_def is not a GraphDef";
  }
  EXPECT_EQ(graphs, 1);
  return def;
}

const tf::NodeDef* FindNode(const tf::GraphDef& def, const std::string& name) {
  for (const tf::NodeDef& n : def.node()) {
    if (n.name() == name) return &n;
  }
  return nullptr;
}

std::vector<std::string> Inputs(const tf::NodeDef& n) {
  return std::vector<std::string>(n.input().begin(), n.input().end());
}

// The node an input names, as TensorBoard's frontend reads it (normalizeInputs in
// tf_graph_common/graph.ts): "^" marks a control edge, then "name:out_arg:k" or "name:k".
std::string FrontendInputNode(std::string input) {
  if (!input.empty() && input[0] == '^') input = input.substr(1);
  static const std::regex kFunctionOutput("(.*):(\\w+:\\d+)$");
  static const std::regex kOutputIndex("(.*):(\\d+)$");
  std::smatch m;
  if (std::regex_match(input, m, kFunctionOutput) || std::regex_match(input, m, kOutputIndex)) {
    return m[1];
  }
  return input;
}

// A small graph built by hand: input x -> a/conv (two outputs) -> a/conv/bias_add,
// where "a/conv" is both a node and a scope.
struct Small {
  LayerGraph g;
  int x, conv, add;
};

Small MakeSmall() {
  Small s;
  LayerGraph& g = s.g;
  Node in;
  in.kind = NodeKind::kInput;
  in.name = "x";
  in.op_type = "Input";
  s.x = g.AddNode(in);
  const int tx = g.AddTensor("x");
  g.nodes[s.x].outputs.push_back(tx);
  g.tensors[tx].type = {DType::kFloat32, true, {{-1, "N"}, {8, ""}}};

  Node conv;
  conv.name = "a/conv";
  conv.op_type = "Conv";
  conv.params = 72;
  conv.attributes = {{"kernel_shape", "[3, 3]"}, {"T", "float32"}, {"axis", "1"}};
  conv.scope = g.ChildScope(0, "a", ScopeKind::kModule);
  s.conv = g.AddNode(conv);
  const int t0 = g.AddTensor("c0"), t1 = g.AddTensor("c1");
  g.nodes[s.conv].outputs = {t0, t1};
  g.tensors[t0].type = {DType::kFloat32, true, {{-1, "N"}, {8, ""}}};
  g.tensors[t1].type = {DType::kFloat32, false, {}};
  g.Connect(tx, s.conv);

  Node add;
  add.name = "a/conv/bias_add";
  add.op_type = "Add";
  add.scope = g.ChildScope(conv.scope, "conv", ScopeKind::kModule);
  s.add = g.AddNode(add);
  g.Connect(t0, s.add);
  g.Connect(t1, s.add);
  g.RebuildTensorLinks();
  return s;
}

TEST(EscapeTfNameComponent, SyntaxAndInvalidUtf8AreEscaped) {
  EXPECT_EQ(EscapeTfNameComponent("conv1"), "conv1");
  EXPECT_EQ(EscapeTfNameComponent("a:0"), "a%3A0");
  EXPECT_EQ(EscapeTfNameComponent("^x"), "%5Ex");
  EXPECT_EQ(EscapeTfNameComponent("a/b"), "a%2Fb");
  EXPECT_EQ(EscapeTfNameComponent("a b%"), "a%20b%25");
  EXPECT_EQ(EscapeTfNameComponent("q\"\\'"), "q%22%5C%27");
  EXPECT_EQ(EscapeTfNameComponent("\x01\x7F"), "%01%7F");
  // Valid UTF-8 stays readable; an invalid byte (and a truncated sequence) does not.
  EXPECT_EQ(EscapeTfNameComponent("\xC3\xA9t\xC3\xA9"), "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(EscapeTfNameComponent("x\xFFy\xC3"), "x%FFy%C3");
  EXPECT_EQ(EscapeTfNameComponent("\xED\xA0\x80"), "%ED%A0%80");  // a surrogate
}

TEST(TfEventsFileName, ZeroPaddedLikeTensorFlow) {
  EXPECT_EQ(TfEventsFileName(1700000000), "events.out.tfevents.1700000000.graphgen");
  EXPECT_EQ(TfEventsFileName(42), "events.out.tfevents.0000000042.graphgen");
}

TEST(SerializeDeterministically, WorkedEncodingFromTheSpec) {
  tf::GraphDef def;
  tf::NodeDef* n = def.add_node();
  n->set_name("a/b");
  n->set_op("Conv2D");
  n->add_input("x");
  n->add_input("^y");
  auto* shape = (*n->mutable_attr())["_output_shapes"].mutable_list()->add_shape();
  shape->add_dim()->set_size(-1);
  shape->add_dim()->set_size(8);
  def.mutable_versions()->set_producer(1);
  EXPECT_EQ(Hex(SerializeDeterministically(def)),
            "0a3d0a03612f621206436f6e7632441a01781a025e79"
            "2a270a0e5f6f75747075745f736861706573"
            "12150a133a11120b08ffffffffffffffffff0112020808"
            "22020801");
}

TEST(BuildTfGraph, NamesInputsShapesAndAttrs) {
  const Small s = MakeSmall();
  const TfGraph tg = BuildTfGraph(s.g, TfEventsOptions());
  ASSERT_EQ(tg.def.node_size(), 3);
  const tf::NodeDef& x = tg.def.node(tg.node_index[s.x]);
  const tf::NodeDef& conv = tg.def.node(tg.node_index[s.conv]);
  const tf::NodeDef& add = tg.def.node(tg.node_index[s.add]);
  EXPECT_EQ(x.name(), "x");
  EXPECT_EQ(x.op(), "Input");
  EXPECT_EQ(x.attr().at("dtype").type(), tf::DT_FLOAT);
  // "a/conv" is also the scope of "a/conv/bias_add": renamed as the frontend shows it.
  EXPECT_EQ(conv.name(), "a/conv/(conv)");
  EXPECT_EQ(conv.op(), "Conv");
  EXPECT_EQ(Inputs(conv), std::vector<std::string>({"x"}));
  EXPECT_EQ(add.name(), "a/conv/bias_add");
  EXPECT_EQ(Inputs(add), std::vector<std::string>({"a/conv/(conv)", "a/conv/(conv):1"}));

  const auto& shapes = conv.attr().at("_output_shapes").list().shape();
  ASSERT_EQ(shapes.size(), 2);
  ASSERT_EQ(shapes[0].dim_size(), 2);
  EXPECT_EQ(shapes[0].dim(0).size(), -1);
  EXPECT_EQ(shapes[0].dim(0).name(), "N");
  EXPECT_EQ(shapes[0].dim(1).size(), 8);
  EXPECT_FALSE(shapes[0].unknown_rank());
  EXPECT_TRUE(shapes[1].unknown_rank());
  EXPECT_EQ(shapes[1].dim_size(), 0);

  // Typed T wins over the model's display-form "T"; weights are a count, not data.
  EXPECT_EQ(conv.attr().at("T").type(), tf::DT_FLOAT);
  EXPECT_EQ(conv.attr().at("parameters").i(), 72);
  EXPECT_EQ(conv.attr().at("kernel_shape").s(), "[3, 3]");
  EXPECT_EQ(conv.attr().at("axis").s(), "1");
  EXPECT_EQ(conv.attr().size(), 5u);
  // No outputs: no _output_shapes; the type comes from the first input.
  EXPECT_EQ(add.attr().count("_output_shapes"), 0u);
  EXPECT_EQ(add.attr().at("T").type(), tf::DT_FLOAT);
}

TEST(BuildTfGraph, NumericAttrsAreTyped) {
  Small s = MakeSmall();
  Attribute strides{"strides", "2, 2"};
  strides.kind = AttrKind::kInts;
  strides.ints = {2, 2};
  Attribute group{"group", "4"};
  group.kind = AttrKind::kInt;
  group.ints = {4};
  Attribute alpha{"alpha", "0.2"};
  alpha.kind = AttrKind::kFloat;
  alpha.floats = {0.2};
  Attribute scales{"scales", "1, 2"};
  scales.kind = AttrKind::kFloats;
  scales.floats = {1, 2};
  Attribute huge{"huge", "[0, 0, ... 5000 values]"};
  huge.kind = AttrKind::kInts;
  huge.ints.assign(kMaxAttributeNumbers, 0);  // cut by the importer: the text says more
  s.g.nodes[s.conv].attributes = {strides, group, alpha, scales, huge};
  const TfGraph tg = BuildTfGraph(s.g, TfEventsOptions());
  const tf::NodeDef& conv = tg.def.node(tg.node_index[s.conv]);
  ASSERT_EQ(conv.attr().at("strides").list().i_size(), 2);
  EXPECT_EQ(conv.attr().at("strides").list().i(1), 2);
  EXPECT_EQ(conv.attr().at("group").i(), 4);
  EXPECT_FLOAT_EQ(conv.attr().at("alpha").f(), 0.2f);
  ASSERT_EQ(conv.attr().at("scales").list().f_size(), 2);
  EXPECT_EQ(conv.attr().at("huge").s(), "[0, 0, ... 5000 values]");
}

TEST(BuildTfGraph, AttrsAreSortedAndClippedAndBytesRepeat) {
  Small s = MakeSmall();
  s.g.nodes[s.conv].attributes.push_back({"zz_long", std::string(5000, 'v')});
  const TfGraph tg = BuildTfGraph(s.g, TfEventsOptions());
  const tf::NodeDef& conv = tg.def.node(tg.node_index[s.conv]);
  EXPECT_LE(conv.attr().at("zz_long").s().size(), 1024u);
  const std::string bytes = SerializeDeterministically(conv);
  // Map entries in key order: T < _output_shapes < axis < kernel_shape < parameters.
  size_t last = 0;
  for (const char* key : {"T", "_output_shapes", "axis", "kernel_shape", "parameters", "zz_long"}) {
    const size_t at = bytes.find(key);
    ASSERT_NE(at, std::string::npos) << key;
    EXPECT_GT(at, last) << key;
    last = at;
  }
  EXPECT_EQ(WriteTfEventFile(s.g, TfEventsOptions()), WriteTfEventFile(s.g, TfEventsOptions()));
}

TEST(BuildTfGraph, CollisionsSyntaxAndPrefixHook) {
  LayerGraph g;
  const auto add = [&](const std::string& name, int scope) {
    Node n;
    n.name = name;
    n.op_type = "Relu";
    n.scope = scope;
    return g.AddNode(n);
  };
  const int enc = g.ChildScope(0, "enc", ScopeKind::kModule);
  const int a = add("enc/relu", enc);
  const int b = add("enc.relu", enc);    // same leaf in the same scope
  const int c = add("//enc//x:0", enc);  // '/' runs, ':' at the end
  const int d = add("^y\xFF", 0);        // '^' first, an invalid byte
  const int e = add("", 0);              // no name at all
  TfEventsOptions options;
  EXPECT_EQ(BuildTfGraph(g, options).def.node(c).name(), "enc/x%3A0");
  options.name_prefix = [](const LayerGraph& graph, int node) {
    return graph.nodes[node].scope != 0 ? std::vector<std::string>{"encoder", "stage:1"}
                                        : std::vector<std::string>{};
  };
  const TfGraph tg = BuildTfGraph(g, options);
  EXPECT_EQ(tg.def.node(tg.node_index[a]).name(), "encoder/stage%3A1/enc/relu");
  EXPECT_EQ(tg.def.node(tg.node_index[b]).name(), "encoder/stage%3A1/enc/relu_1");
  EXPECT_EQ(tg.def.node(tg.node_index[c]).name(), "encoder/stage%3A1/enc/x%3A0");
  EXPECT_EQ(tg.def.node(tg.node_index[d]).name(), "%5Ey%FF");
  EXPECT_EQ(tg.def.node(tg.node_index[e]).name(), "Relu_4");
}

TEST(PrefixPerNode, RolesGoFirstUnlessTheModelSaysThemAlready) {
  // The corpus U-Net's style: scopes encoder1, pool1, ...; the fixture's: encoder/...
  LayerGraph g;
  const auto add = [&](const std::string& name, int scope) {
    Node n;
    n.name = name;
    n.op_type = "Conv";
    n.scope = scope;
    return g.AddNode(n);
  };
  const int enc1 = g.ChildScope(0, "encoder1", ScopeKind::kModule);
  const int encoder = g.ChildScope(0, "encoder", ScopeKind::kModule);
  const int down1 = g.ChildScope(encoder, "down1", ScopeKind::kModule);
  const int a = add("/encoder1/conv/Conv", enc1);
  const int b = add("/encoder/down1/conv/Conv", down1);
  const int c = add("/final_conv/Conv", 0);
  TfEventsOptions options;
  options.name_prefix = PrefixPerNode({{"encoder", "stage1"}, {"encoder", "stage1"}, {}});
  const TfGraph tg = BuildTfGraph(g, options);
  EXPECT_EQ(tg.def.node(tg.node_index[a]).name(), "encoder/stage1/encoder1/Conv");
  EXPECT_EQ(tg.def.node(tg.node_index[b]).name(), "encoder/down1/Conv");
  EXPECT_EQ(tg.def.node(tg.node_index[c]).name(), "Conv");
}

TEST(BuildTfGraph, ManyNamesEscapingToOneStayFast) {
  // 100000 distinct names that all become "s/x": each gets the next suffix without
  // retrying the ones before it (quadratic would run for hours and time out).
  LayerGraph g;
  const int scope = g.ChildScope(0, "s", ScopeKind::kModule);
  for (int i = 0; i < 100000; ++i) {
    Node n;
    n.name = "s" + std::string(static_cast<size_t>(i % 50) + 1, '/') + "x";
    n.op_type = "Relu";
    n.scope = scope;
    g.AddNode(n);
  }
  const TfGraph tg = BuildTfGraph(g, TfEventsOptions());
  EXPECT_EQ(tg.def.node(0).name(), "s/x");
  EXPECT_EQ(tg.def.node(99999).name(), "s/x_99999");
}

TEST(BuildTfGraph, InputAndOutputNamesKeepTheirSlashes) {
  LayerGraph g;
  Node in;
  in.kind = NodeKind::kInput;
  in.name = "gpu_0/data_0";
  in.op_type = "Input";
  const int i = g.AddNode(in);
  const int t = g.AddTensor("gpu_0/data_0");
  g.nodes[i].outputs.push_back(t);
  Node out;
  out.kind = NodeKind::kOutput;
  out.name = "prob.1:0";
  out.op_type = "Output";
  const int o = g.AddNode(out);
  g.Connect(t, o);
  g.RebuildTensorLinks();
  const TfGraph tg = BuildTfGraph(g, TfEventsOptions());
  EXPECT_EQ(tg.def.node(0).name(), "gpu_0/data_0");
  EXPECT_EQ(tg.def.node(1).name(), "prob.1%3A0");
  EXPECT_EQ(Inputs(tg.def.node(1)), std::vector<std::string>({"gpu_0/data_0"}));
}

TEST(BuildTfGraph, UnproducedTensorsBecomePlaceholdersAndNestingIsControl) {
  LayerGraph g;
  Node loop;
  loop.name = "loop";
  loop.op_type = "Loop";
  const int l = g.AddNode(loop);
  Node body;
  body.name = "add";
  body.op_type = "Add";
  body.scope = g.ChildScope(0, "loop.body", ScopeKind::kSubgraph);
  g.scopes[body.scope].owner_node = l;
  const int b = g.AddNode(body);
  const int cut = g.AddTensor("/enc/relu_out");  // its producer fell outside the range
  g.tensors[cut].type = {DType::kFloat32, true, {{4, ""}}};
  g.Connect(cut, b);
  g.nesting_edges.emplace_back(l, b);
  const TfGraph tg = BuildTfGraph(g, TfEventsOptions());
  ASSERT_EQ(tg.def.node_size(), 3);
  EXPECT_EQ(tg.def.node(0).name(), "loop/(loop)");   // "loop" is also its body's scope
  EXPECT_EQ(tg.def.node(1).name(), "enc/relu_out");  // just before its first consumer
  EXPECT_EQ(tg.def.node(1).op(), "Placeholder");
  EXPECT_EQ(tg.def.node(1).attr().at("_output_shapes").list().shape(0).dim(0).size(), 4);
  const tf::NodeDef& add = tg.def.node(tg.node_index[b]);
  EXPECT_EQ(add.name(), "loop/body/add");
  EXPECT_EQ(Inputs(add), std::vector<std::string>({"enc/relu_out", "^loop/(loop)"}));
}

TEST(WriteTfEventFile, VersionThenGraphThenProvenance) {
  const Small s = MakeSmall();
  TfEventsOptions options;
  options.wall_time = 1700000000;
  options.writer = "graphgen 9.9";
  options.provenance = "model: small.onnx";
  const std::vector<tf::Event> events = ReadEvents(WriteTfEventFile(s.g, options));
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].file_version(), "brain.Event:2");
  EXPECT_EQ(events[0].source_metadata().writer(), "graphgen 9.9");
  EXPECT_EQ(events[1].what_case(), tf::Event::kGraphDef);
  ASSERT_EQ(events[2].summary().value_size(), 1);
  const tf::Summary::Value& v = events[2].summary().value(0);
  EXPECT_EQ(v.tag(), "graphgen/provenance");
  EXPECT_EQ(v.metadata().plugin_data().plugin_name(), "text");
  EXPECT_EQ(v.tensor().dtype(), tf::DT_STRING);
  ASSERT_EQ(v.tensor().string_val_size(), 1);
  EXPECT_EQ(v.tensor().string_val(0), "model: small.onnx");
  for (const tf::Event& e : events) EXPECT_EQ(e.wall_time(), 1700000000.0);

  // The key bytes of the spec's table: wall_time [09], file_version [1A],
  // source_metadata [52] holding writer [0A]; graph_def [22]; summary [2A].
  auto records = ReadTfRecords(WriteTfEventFile(s.g, options));
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(Hex((*records)[0]),
            "0900000040fc54d9411a0d627261696e2e4576656e743a32"
            "520e0a0c"
            "677261706867656e20392e39");
  EXPECT_EQ(Hex((*records)[1].substr(0, 10)), "0900000040fc54d94122");
  EXPECT_EQ(Hex((*records)[2].substr(0, 10)), "0900000040fc54d9412a");

  options.provenance.clear();
  options.writer = std::string(300, 'w');
  const std::vector<tf::Event> short_file = ReadEvents(WriteTfEventFile(s.g, options));
  ASSERT_EQ(short_file.size(), 2u);
  EXPECT_LE(short_file[0].source_metadata().writer().size(), 128u);
}

// Every fixture, through the importer and the default passes, written and read back:
// the GraphDef must say what the LayerGraph says.
struct RoundTripCase {
  const char* file;
  int depth;  // --depth; -1 = all
};

class RoundTrip : public ::testing::TestWithParam<RoundTripCase> {};

TEST_P(RoundTrip, NamesInputsAndShapesMatchTheLayerGraph) {
  Warnings warnings;
  auto imported =
      ImportModel(std::string("fixtures/") + GetParam().file, ImportOptions(), &warnings);
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  LayerGraph g = std::move(*imported);
  PassOptions passes;
  passes.depth = GetParam().depth;
  ASSERT_TRUE(RunPasses(g, passes, &warnings).ok());

  const TfGraph built = BuildTfGraph(g, TfEventsOptions());
  const tf::GraphDef def = GraphOf(WriteTfEventFile(g, TfEventsOptions()));
  ASSERT_EQ(def.node_size(), built.def.node_size());

  std::map<std::string, int> by_name;  // GraphDef node name -> index
  for (int i = 0; i < def.node_size(); ++i) {
    EXPECT_TRUE(by_name.emplace(def.node(i).name(), i).second)
        << "duplicate name " << def.node(i).name();
    EXPECT_EQ(def.node(i).name().find("//"), std::string::npos);
    EXPECT_NE(def.node(i).name()[0], '/');
    EXPECT_NE(def.node(i).name()[0], '^');
  }
  // No node is hidden behind a scope of the same name.
  for (const auto& [name, index] : by_name) {
    for (size_t slash = name.find('/'); slash != std::string::npos;
         slash = name.find('/', slash + 1)) {
      EXPECT_EQ(by_name.count(name.substr(0, slash)), 0u) << name;
    }
  }
  std::vector<int> layer_node_of(def.node_size(), -1);
  for (size_t i = 0; i < g.nodes.size(); ++i)
    layer_node_of[built.node_index[i]] = static_cast<int>(i);

  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& node = g.nodes[i];
    const tf::NodeDef& nd = def.node(built.node_index[i]);
    SCOPED_TRACE(nd.name());
    EXPECT_EQ(nd.op(), node.op_type);
    // Module scopes are the name's leading components.
    std::string path;
    bool modules_only = true;
    for (int s = node.scope; s > 0; s = g.scopes[s].parent) {
      modules_only = modules_only && g.scopes[s].kind == ScopeKind::kModule;
      path = EscapeTfNameComponent(g.scopes[s].name) + (path.empty() ? "" : "/") + path;
    }
    if (modules_only && !path.empty()) {
      EXPECT_EQ(nd.name().rfind(path + "/", 0), 0u);
    }

    // Data inputs in order, each naming the producer and output index of the tensor.
    ASSERT_GE(nd.input_size(), static_cast<int>(node.inputs.size()));
    for (size_t j = 0; j < node.inputs.size(); ++j) {
      const int t = node.inputs[j];
      std::string producer = nd.input(static_cast<int>(j));
      ASSERT_NE(producer[0], '^');
      int k = 0;
      const size_t colon = producer.rfind(':');  // names never hold ':' (escaped)
      if (colon != std::string::npos) {
        k = std::stoi(producer.substr(colon + 1));
        producer = producer.substr(0, colon);
        EXPECT_GT(k, 0);
      }
      ASSERT_EQ(by_name.count(producer), 1u) << "input " << nd.input(static_cast<int>(j));
      EXPECT_EQ(FrontendInputNode(nd.input(static_cast<int>(j))), producer);
      const int p = layer_node_of[by_name[producer]];
      EXPECT_EQ(p, g.tensors[t].producer);
      if (p >= 0) {
        ASSERT_LT(k, static_cast<int>(g.nodes[p].outputs.size()));
        EXPECT_EQ(g.nodes[p].outputs[k], t);
      } else {
        EXPECT_EQ(def.node(by_name[producer]).op(), "Placeholder");
      }
    }
    for (int j = static_cast<int>(node.inputs.size()); j < nd.input_size(); ++j) {
      ASSERT_EQ(nd.input(j)[0], '^');
      EXPECT_EQ(by_name.count(nd.input(j).substr(1)), 1u);
      EXPECT_EQ(FrontendInputNode(nd.input(j)), nd.input(j).substr(1));
    }
    // One shape per output, unknown dims -1, unknown rank flagged.
    if (node.outputs.empty()) {
      EXPECT_EQ(nd.attr().count("_output_shapes"), 0u);
    } else {
      const auto& shapes = nd.attr().at("_output_shapes").list().shape();
      ASSERT_EQ(shapes.size(), static_cast<int>(node.outputs.size()));
      for (size_t o = 0; o < node.outputs.size(); ++o) {
        const TensorType& type = g.tensors[node.outputs[o]].type;
        EXPECT_EQ(shapes[static_cast<int>(o)].unknown_rank(), !type.rank_known);
        ASSERT_EQ(shapes[static_cast<int>(o)].dim_size(), static_cast<int>(type.dims.size()));
        for (size_t d = 0; d < type.dims.size(); ++d) {
          const int64_t want = type.dims[d].value >= 0 ? type.dims[d].value : -1;
          EXPECT_EQ(shapes[static_cast<int>(o)].dim(static_cast<int>(d)).size(), want);
        }
      }
    }
    for (const auto& [key, value] : nd.attr()) {
      if (value.value_case() == tf::AttrValue::kS) {
        EXPECT_LE(value.s().size(), 1024u) << key;
      }
    }
    if (node.params > 0) {
      EXPECT_EQ(nd.attr().at("parameters").i(), node.params);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, RoundTrip,
    ::testing::Values(RoundTripCase{"unet_small.onnx", -1}, RoundTripCase{"unet_small.onnx", 1},
                      RoundTripCase{"mlp.onnx", -1}, RoundTripCase{"control_flow.onnx", -1},
                      RoundTripCase{"constants.onnx", -1}, RoundTripCase{"opset18.onnx", -1},
                      RoundTripCase{"tf/conv_block.pbtxt", -1},
                      RoundTripCase{"tf/conv_block.pb", -1}));

TEST(Fixtures, UnetScopesAreTheGraphsTabBoxes) {
  Warnings warnings;
  auto g = ImportModel("fixtures/unet_small.onnx", ImportOptions(), &warnings);
  ASSERT_TRUE(g.ok());
  ASSERT_TRUE(RunPasses(*g, PassOptions(), &warnings).ok());
  const tf::GraphDef def = GraphOf(WriteTfEventFile(*g, TfEventsOptions()));
  std::vector<std::string> top;  // first components, in order of first appearance
  for (const tf::NodeDef& n : def.node()) {
    const std::string first = n.name().substr(0, n.name().find('/'));
    if (std::find(top.begin(), top.end(), first) == top.end()) top.push_back(first);
  }
  EXPECT_EQ(
      top, std::vector<std::string>({"image", "encoder", "bottleneck", "decoder", "head", "mask"}));
  const tf::NodeDef* conv = FindNode(def, "decoder/up2/conv1/Conv");
  ASSERT_NE(conv, nullptr);
  EXPECT_EQ(Inputs(*conv), std::vector<std::string>({"decoder/up2/Concat"}));
  const tf::NodeDef* concat = FindNode(def, "decoder/up2/Concat");
  ASSERT_NE(concat, nullptr);
  EXPECT_EQ(Inputs(*concat), std::vector<std::string>(
                                 {"decoder/up2/upconv/ConvTranspose", "encoder/down2/relu2/Relu"}));
  EXPECT_EQ(conv->attr().at("parameters").i(), 32 * 64 * 9 + 32);
}

TEST(Fixtures, TensorFlowOutputIndices) {
  Warnings warnings;
  auto g = ImportModel("fixtures/tf/conv_block.pbtxt", ImportOptions(), &warnings);
  ASSERT_TRUE(g.ok());
  ASSERT_TRUE(RunPasses(*g, PassOptions(), &warnings).ok());
  const tf::GraphDef def = GraphOf(WriteTfEventFile(*g, TfEventsOptions()));
  const tf::NodeDef* out = FindNode(def, "output");
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(Inputs(*out), std::vector<std::string>({"split", "split:1"}));
  const tf::NodeDef* conv = FindNode(def, "block1/conv/Conv2D");
  ASSERT_NE(conv, nullptr);
  EXPECT_EQ(Inputs(*conv), std::vector<std::string>({"input"}));
  EXPECT_EQ(conv->attr().at("padding").s(), "\"SAME\"");
}

// What the pipeline gives TensorBoard: the graph the grouping read, its roles as prefixes.
struct ModelRun {
  LayerGraph drawn;
  LayerGraph model;
  GroupedModel grouped;
};

ModelRun RunModel(const std::string& path) {
  ModelRun run;
  Warnings warnings;
  auto g = ImportModel(path, ImportOptions(), &warnings);
  EXPECT_TRUE(g.ok()) << path << ": " << g.status().message();
  if (!g.ok()) return run;
  run.drawn = std::move(*g);
  EXPECT_TRUE(RunPassesGrouped(run.drawn, PassOptions(), GroupingOptions(), &warnings, &run.grouped,
                               &run.model)
                  .ok());
  return run;
}

bool HasTimesSign(const std::string& s) { return s.find("\xC3\x97") != std::string::npos; }

TEST(ModelGraph, EveryOpUnderTheModelsScopesNotTheFoldedDrawing) {
  const ModelRun run = RunModel("fixtures/fold/transformer_encoder12.onnx");
  // The drawing folded the twelve layers into one block ×12 ...
  bool drawn_folded = false;
  for (const Scope& sc : run.drawn.scopes) drawn_folded |= sc.kind == ScopeKind::kRepeat;
  ASSERT_TRUE(drawn_folded);
  ASSERT_LT(run.drawn.nodes.size(), run.model.nodes.size());
  // ... TensorBoard gets every op of every layer, each named by the model's own scopes.
  TfEventsOptions options;
  options.name_prefix = PrefixPerNode(GroupScopePrefixes(run.model, run.grouped.model));
  const TfGraph built = BuildTfGraph(run.model, options);
  const tf::GraphDef def = GraphOf(WriteTfEventFile(run.model, options));
  ASSERT_EQ(def.node_size(), built.def.node_size());
  std::set<int> layers_seen;
  bool typed_list = false;
  for (int i = 0; i < static_cast<int>(run.model.nodes.size()); ++i) {
    ASSERT_GE(built.node_index[i], 0);
    const tf::NodeDef& nd = def.node(built.node_index[i]);
    EXPECT_FALSE(HasTimesSign(nd.name())) << nd.name();
    EXPECT_EQ(nd.op(), run.model.nodes[i].op_type.empty() ? "Unknown" : run.model.nodes[i].op_type);
    EXPECT_EQ(nd.attr().count("op_count"), 0u) << nd.name() << " is a collapsed scope";
    std::smatch m;
    static const std::regex kLayer("(^|/)layers\\.([0-9]+)/");
    if (std::regex_search(nd.name(), m, kLayer)) layers_seen.insert(std::stoi(m[2]));
    for (const auto& [key, value] : nd.attr()) {
      if (key != "_output_shapes" && value.has_list() && value.list().i_size() > 0) {
        typed_list = true;
      }
    }
  }
  EXPECT_EQ(layers_seen.size(), 12u) << "each layer is its own scope";
  EXPECT_TRUE(typed_list) << "list attributes stay typed (list of i)";
}

TEST(ModelGraph, GroupingRolesAreTheTopScopes) {
  const ModelRun run = RunModel("fixtures/grouping/unet_paper.onnx");
  ASSERT_TRUE(run.grouped.model.found);
  const auto prefixes = GroupScopePrefixes(run.model, run.grouped.model);
  TfEventsOptions options;
  options.name_prefix = PrefixPerNode(prefixes);
  const TfGraph built = BuildTfGraph(run.model, options);
  std::set<std::string> tops;
  int with_role = 0;
  for (int i = 0; i < static_cast<int>(run.model.nodes.size()); ++i) {
    const std::string& name = built.def.node(built.node_index[i]).name();
    const Role role = run.grouped.model.roles[i];
    if (role == Role::kNone) continue;
    ++with_role;
    const std::string top = name.substr(0, name.find('/'));
    EXPECT_EQ(top, RoleName(role)) << name;
    tops.insert(top);
    EXPECT_FALSE(HasTimesSign(name)) << name;
  }
  EXPECT_GT(with_role, 0);
  EXPECT_EQ(tops, std::set<std::string>({"encoder", "bottleneck", "decoder"}));
  // The encoder's stages are numbered under it: encoder/stage1/down1/...
  const tf::NodeDef* conv = FindNode(built.def, "encoder/stage1/down1/down1.0/Conv");
  EXPECT_NE(conv, nullptr);
}

TEST(GroupScopePrefixes, RoleThenStageWhenTheRoleHasSeveral) {
  LayerGraph g;
  for (int i = 0; i < 4; ++i) g.AddNode(Node());
  Grouping grouping;
  EXPECT_EQ(GroupScopePrefixes(g, grouping), std::vector<std::vector<std::string>>(4));
  grouping.found = true;
  grouping.roles = {Role::kEncoder, Role::kEncoder, Role::kBottleneck, Role::kNone};
  grouping.stages.resize(3);
  grouping.stages[0].role = Role::kEncoder;
  grouping.stages[1].role = Role::kEncoder;
  grouping.stages[2].role = Role::kBottleneck;
  grouping.stage_of = {0, 1, 2, -1};
  EXPECT_EQ(GroupScopePrefixes(g, grouping),
            std::vector<std::vector<std::string>>(
                {{"encoder", "stage1"}, {"encoder", "stage2"}, {"bottleneck"}, {}}));
}

}  // namespace
}  // namespace graphgen
