// Writes the hostile-input manifest's model files (fixtures/hostile/MANIFEST.tsv says
// what graphgen must answer to each): truncations at every structural point of an ONNX
// and a GraphDef binary, wrong magic, valid protobufs of the wrong message, cycles
// (direct, through a subgraph, through TensorFlow function calls), dangling inputs,
// duplicate names, nesting past every limit, absurd dims and ranks, and names built to
// break DOT, SVG and terminals. Deterministic: the same bytes on every run.
//
// Usage: make_hostile_fixtures OUT_DIR   (prints the names of the files it wrote)
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "onnx/onnx_pb.h"
#include "third_party/tensorflow/tf_graph.pb.h"

namespace {

std::string g_dir;
bool g_ok = true;

void Write(const std::string& name, const std::string& bytes) {
  std::ofstream out(g_dir + "/" + name, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  g_ok &= static_cast<bool>(out);
  std::cout << name << "\n";
}

// x -> Relu -> y, with a float[1,4] input: the smallest model every case starts from.
onnx::ModelProto BaseModel() {
  onnx::ModelProto m;
  m.set_ir_version(8);
  m.set_producer_name("graphgen-hostile");
  auto* op = m.add_opset_import();
  op->set_domain("");
  op->set_version(17);
  auto* g = m.mutable_graph();
  g->set_name("hostile");
  auto* in = g->add_input();
  in->set_name("x");
  auto* tt = in->mutable_type()->mutable_tensor_type();
  tt->set_elem_type(onnx::TensorProto::FLOAT);
  tt->mutable_shape()->add_dim()->set_dim_value(1);
  tt->mutable_shape()->add_dim()->set_dim_value(4);
  auto* n = g->add_node();
  n->set_op_type("Relu");
  n->set_name("relu");
  n->add_input("x");
  n->add_output("y");
  g->add_output()->set_name("y");
  return m;
}

onnx::NodeProto* AddNode(onnx::GraphProto* g, const std::string& op, const std::string& name,
                         std::vector<std::string> inputs, std::vector<std::string> outputs) {
  auto* n = g->add_node();
  n->set_op_type(op);
  n->set_name(name);
  for (const auto& i : inputs) n->add_input(i);
  for (const auto& o : outputs) n->add_output(o);
  return n;
}

// Byte offsets where a field starts: every field of the top-level message, and every
// field of the length-delimited fields in `nested` (by field number), recursively one
// level. Cutting a file at each gives "truncated at every structural point".
void FieldStarts(const std::string& b, size_t begin, size_t end, bool descend,
                 std::vector<size_t>* out) {
  size_t pos = begin;
  const auto varint = [&](uint64_t* v) {
    *v = 0;
    for (int shift = 0; pos < end && shift < 64; shift += 7) {
      const unsigned char c = static_cast<unsigned char>(b[pos++]);
      *v |= static_cast<uint64_t>(c & 0x7F) << shift;
      if (!(c & 0x80)) return true;
    }
    return false;
  };
  while (pos < end) {
    out->push_back(pos);
    uint64_t tag, v;
    if (!varint(&tag)) return;
    switch (tag & 7) {
      case 0:
        varint(&v);
        break;
      case 1:
        pos += 8;
        break;
      case 5:
        pos += 4;
        break;
      case 2:
        if (!varint(&v)) return;
        if (descend) FieldStarts(b, pos, pos + v, false, out);
        pos += v;
        break;
      default:
        return;
    }
  }
}

void Truncations(const std::string& prefix, const std::string& ext, const std::string& full) {
  std::vector<size_t> starts;
  FieldStarts(full, 0, full.size(), true, &starts);
  std::set<size_t> cuts;
  for (size_t s : starts) {
    // At the field boundary, and two bytes in: inside its tag or length.
    for (size_t cut : {s, s + 2}) {
      if (cut > 0 && cut < full.size()) cuts.insert(cut);
    }
  }
  for (size_t cut : cuts) {
    char name[64];
    std::snprintf(name, sizeof(name), "%s_at_%03zu%s", prefix.c_str(), cut, ext.c_str());
    Write(name, full.substr(0, cut));
  }
}

void NamedModel(const std::string& file, const std::string& name) {
  onnx::ModelProto m = BaseModel();
  auto* g = m.mutable_graph();
  // The name as node name, op type, tensor name and graph name: every place it is drawn.
  g->set_name(name);
  g->mutable_node(0)->set_name(name);
  g->mutable_node(0)->set_doc_string(name);
  AddNode(g, name, name + "/inner", {"y"}, {name});
  auto* attr = g->mutable_node(1)->add_attribute();
  attr->set_name(name);
  attr->set_type(onnx::AttributeProto::STRING);
  attr->set_s(name);
  g->mutable_output(0)->set_name(name);
  Write(file, m.SerializeAsString());
}

graphgen::tf::NodeDef* TfNode(graphgen::tf::GraphDef* g, const std::string& name,
                              const std::string& op, std::vector<std::string> inputs) {
  auto* n = g->add_node();
  n->set_name(name);
  n->set_op(op);
  for (const auto& i : inputs) n->add_input(i);
  return n;
}

}  // namespace

// The importer-level cases the unit and CLI tests name directly (fixtures/hostile/*.onnx:
// a non-UTF-8 name, a negative dim, dims whose product overflows, rank 70, If nested 40
// deep, external weights that are missing, a cut-off file).
void WriteImporterCases() {
  onnx::ModelProto m = BaseModel();
  m.mutable_graph()->mutable_node(0)->set_name("relu\xff\xfe");
  Write("non_utf8_name.onnx", m.SerializeAsString());

  m = BaseModel();
  m.mutable_graph()
      ->mutable_input(0)
      ->mutable_type()
      ->mutable_tensor_type()
      ->mutable_shape()
      ->mutable_dim(1)
      ->set_dim_value(-7);
  Write("negative_dim.onnx", m.SerializeAsString());

  m = BaseModel();
  auto* w = m.mutable_graph()->add_initializer();
  w->set_name("w");
  w->set_data_type(onnx::TensorProto::FLOAT);
  for (int i = 0; i < 4; ++i) w->add_dims(int64_t{1} << 40);
  m.mutable_graph()->mutable_node(0)->add_input("w");
  Write("overflow_dims.onnx", m.SerializeAsString());

  m = BaseModel();
  auto* shape =
      m.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape();
  for (int i = 0; i < 70; ++i) shape->add_dim()->set_dim_value(1);
  Write("rank70.onnx", m.SerializeAsString());

  // An If whose then-branch holds an If whose then-branch ... 40 deep.
  m = BaseModel();
  onnx::GraphProto inner;
  inner.set_name("leaf");
  for (int depth = 0; depth < 40; ++depth) {
    onnx::GraphProto outer;
    outer.set_name("level" + std::to_string(depth));
    auto* node = outer.add_node();
    node->set_op_type("If");
    node->set_name("if" + std::to_string(depth));
    node->add_input("x");
    node->add_output("o" + std::to_string(depth));
    auto* then_branch = node->add_attribute();
    then_branch->set_name("then_branch");
    then_branch->set_type(onnx::AttributeProto::GRAPH);
    *then_branch->mutable_g() = inner;
    outer.add_output()->set_name("o" + std::to_string(depth));
    inner = outer;
  }
  auto* top = m.mutable_graph()->add_node();
  top->set_op_type("If");
  top->set_name("top_if");
  top->add_input("x");
  top->add_output("z");
  auto* attr = top->add_attribute();
  attr->set_name("then_branch");
  attr->set_type(onnx::AttributeProto::GRAPH);
  *attr->mutable_g() = inner;
  Write("deep_nesting.onnx", m.SerializeAsString());

  // Not hostile, but not expressible in text either: weights in an external file that
  // is not there. It must draw, with the weights counted from their dims.
  m = BaseModel();
  auto* ext = m.mutable_graph()->add_initializer();
  ext->set_name("ext_w");
  ext->set_data_type(onnx::TensorProto::FLOAT);
  ext->add_dims(4);
  ext->add_dims(4);
  ext->set_data_location(onnx::TensorProto::EXTERNAL);
  auto* entry = ext->add_external_data();
  entry->set_key("location");
  entry->set_value("missing_weights.bin");
  auto* matmul = m.mutable_graph()->add_node();
  matmul->set_op_type("MatMul");
  matmul->set_name("proj");
  matmul->add_input("y");
  matmul->add_input("ext_w");
  matmul->add_output("z");
  m.mutable_graph()->add_output()->set_name("z");
  Write("external_data.onnx", m.SerializeAsString());

  const std::string full = BaseModel().SerializeAsString();
  Write("truncated.onnx", full.substr(0, full.size() - 9));
}

// An If whose then-branch holds an If ... `depth` deep under a top-level If.
onnx::ModelProto NestedIfModel(int depth) {
  onnx::ModelProto m = BaseModel();
  onnx::GraphProto inner;
  inner.set_name("leaf");
  for (int level = 0; level < depth; ++level) {
    onnx::GraphProto outer;
    outer.set_name("level" + std::to_string(level));
    auto* node =
        AddNode(&outer, "If", "if" + std::to_string(level), {"x"}, {"o" + std::to_string(level)});
    auto* then_branch = node->add_attribute();
    then_branch->set_name("then_branch");
    then_branch->set_type(onnx::AttributeProto::GRAPH);
    *then_branch->mutable_g() = std::move(inner);
    outer.add_output()->set_name("o" + std::to_string(level));
    inner = std::move(outer);
  }
  auto* top = AddNode(m.mutable_graph(), "If", "top_if", {"x"}, {"z"});
  auto* attr = top->add_attribute();
  attr->set_name("then_branch");
  attr->set_type(onnx::AttributeProto::GRAPH);
  *attr->mutable_g() = std::move(inner);
  return m;
}

// Issue 21, undefined behaviour: numbers from the file that overflow int64 when graphgen
// multiplies or sums them, and flag values that overflowed the arithmetic done with them.
void WriteOverflowCases() {
  // Three weights of 2^62 elements each (declared, never stored): every count fits int64,
  // the model's total does not. The total saturates and reads "≥ 9.2e18".
  onnx::ModelProto m = BaseModel();
  std::string in = "y";
  for (int i = 0; i < 3; ++i) {
    auto* w = m.mutable_graph()->add_initializer();
    w->set_name("w" + std::to_string(i));
    w->set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : {int64_t{1} << 30, int64_t{1} << 30, int64_t{1}, int64_t{4}}) w->add_dims(d);
    const std::string out = "m" + std::to_string(i);
    AddNode(m.mutable_graph(), "Mul", "scale" + std::to_string(i), {in, w->name()}, {out});
    in = out;
  }
  m.mutable_graph()->mutable_output(0)->set_name(in);
  Write("params_overflow_int64.onnx", m.SerializeAsString());

  // Keras convolutions whose kernel × dilation and dim × stride pass int64 (each number
  // is within the importer's 2^40 bound; their products are not).
  const std::string big = std::to_string(int64_t{1} << 40);
  Write("keras_conv_overflow.json",
        "{\"class_name\": \"Functional\", \"config\": {\"name\": \"overflow\", \"layers\": [\n"
        " {\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, " +
            big +
            ", 3], \"name\": \"in\"}, \"name\": \"in\", \"inbound_nodes\": []},\n"
            " {\"class_name\": \"Conv1D\", \"config\": {\"name\": \"dilated\", \"filters\": 2, "
            "\"kernel_size\": " +
            big + ", \"dilation_rate\": " + big +
            "}, \"name\": \"dilated\", \"inbound_nodes\": [[[\"in\", 0, 0, {}]]]},\n"
            " {\"class_name\": \"Conv1DTranspose\", \"config\": {\"name\": \"up\", \"filters\": 2, "
            "\"kernel_size\": 2, \"strides\": " +
            big +
            "}, \"name\": \"up\", \"inbound_nodes\": [[[\"in\", 0, 0, {}]]]},\n"
            " {\"class_name\": \"Conv1DTranspose\", \"config\": {\"name\": \"up_same\", "
            "\"filters\": 2, \"kernel_size\": 2, \"padding\": \"same\", \"strides\": " +
            big +
            "}, \"name\": \"up_same\", \"inbound_nodes\": [[[\"in\", 0, 0, {}]]]}\n"
            "], \"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"dilated\", 0, 0], "
            "[\"up\", 0, 0], [\"up_same\", 0, 0]]}}\n");

  // Issue 21, messages: If nested 100 deep is past protobuf's recursion bound for the
  // default --max-depth before graphgen's own depth check sees it; the error names the flag.
  Write("if_nesting_100.onnx", NestedIfModel(100).SerializeAsString());

  // ONNX text numbers past int64 / float: ONNX's parser threw "stol"; the message gives
  // line, column and what is out of range.
  const std::string header = "<ir_version: 8, opset_import: [\"\" : 17]>\n";
  Write("onnx_text_integer_overflow.onnxtxt",
        header +
            "g (float[1,4] x) => (float[1,4] y) {\n  y = Flatten <axis = 99999999999999999999> "
            "(x)\n}\n");
  Write("onnx_text_float_overflow.onnxtxt",
        header + "g (float[1,4] x) => (float[1,4] y) {\n  y = LeakyRelu <alpha = 1e999> (x)\n}\n");
  // A UTF-8 byte order mark before ONNX text and before Keras JSON, as Windows editors
  // write them: skipped, the models draw.
  const std::string bom = "\xEF\xBB\xBF";
  Write("onnx_text_bom.onnxtxt",
        bom + header + "g (float[1,4] x) => (float[1,4] y) {\n  y = Relu (x)\n}\n");
  Write("keras_bom.json",
        bom +
            "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"bom\", \"layers\": [\n"
            " {\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 4], "
            "\"name\": \"in\"}},\n"
            " {\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2}}]}}\n");

  // If nested 1001 deep, binary and text: with --max-depth at its cap (1000) both are
  // refused by the limit, not by a stack overflow in a recursive parser.
  Write("if_nesting_1001.onnx", NestedIfModel(1001).SerializeAsString());
  // Valid ONNX text (each level's else-branch a leaf), so ONNX's recursive parser reads
  // all 1001 levels before graphgen's own limit refuses the model.
  const std::string leaf = "() => (float o) { o = Constant <value_float = 1.0> () }";
  std::string body = "leaf " + leaf;
  for (int i = 0; i < 1001; ++i) {
    body = "g () => (float o) { o = If <then_branch = " + body + ", else_branch = e " + leaf +
           "> (c) }";
  }
  Write("if_nesting_1001.onnxtxt",
        "<ir_version: 8, opset_import: [\"\" : 17]>\ntop (bool c) => (float o) {\n  o = If "
        "<then_branch = " +
            body + ", else_branch = e " + leaf + "> (c)\n}\n");
}

// Issue 21, hangs: inputs of a few KB to a few MB whose cost grew faster than their size.
void WriteSuperLinearCases() {
  // 5,000 calls of one function in one scope: each call's cluster name was made unique by
  // trying "f #2", "f #3"... against every sibling, O(n^3) in all.
  graphgen::tf::GraphDef calls;
  TfNode(&calls, "x", "Placeholder", {});
  auto* f = calls.mutable_library()->add_function();
  f->mutable_signature()->set_name("f");
  f->mutable_signature()->add_input_arg()->set_name("a");
  f->mutable_signature()->add_output_arg()->set_name("o");
  auto* body = f->add_node_def();
  body->set_name("r");
  body->set_op("Relu");
  body->add_input("a");
  (*f->mutable_ret())["o"] = "r:activations:0";
  for (int i = 0; i < 5000; ++i) TfNode(&calls, "f_" + std::to_string(i + 1), "f", {"x"});
  Write("graphdef_calls_5000_one_scope.pb", calls.SerializeAsString());

  // One Sum reading 200,000 tensors, each made by its own Relu: > 60 s and a signed
  // overflow in the fold pass, which summed the tensors live across each position.
  onnx::ModelProto m = BaseModel();
  std::vector<std::string> parts;
  for (int i = 0; i < 200000; ++i) {
    parts.push_back("r" + std::to_string(i));
    AddNode(m.mutable_graph(), "Relu", parts.back(), {"y"}, {parts.back()});
  }
  auto* sum = AddNode(m.mutable_graph(), "Sum", "sum", {}, {"s"});
  for (const std::string& part : parts) sum->add_input(part);
  m.mutable_graph()->mutable_output(0)->set_name("s");
  Write("sum_200000_inputs.onnx", m.SerializeAsString());

  // A JSON model whose layer list holds 300,000 objects: nlohmann's callback parser
  // rescanned the parent after every object, quadratic in the list.
  std::string layers;
  for (int i = 0; i < 300000; ++i) {
    layers += std::string(i ? "," : "") + "{\"class_name\": \"ReLU\", \"config\": {\"name\": \"r" +
              std::to_string(i) + "\"}}";
  }
  Write("keras_300k_layers.json",
        "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"wide\", \"layers\": [" + layers +
            "]}}\n");
}

// Issue 21, exponential call expansion: 31 functions each calling the next twice, 2^31
// expansions from a few KB.
void WriteCallBombCases() {
  onnx::ModelProto m = BaseModel();
  m.mutable_graph()->mutable_node(0)->set_op_type("f0");
  m.mutable_graph()->mutable_node(0)->set_domain("bomb");
  auto* bomb_opset = m.add_opset_import();
  bomb_opset->set_domain("bomb");
  bomb_opset->set_version(1);
  for (int i = 0; i <= 30; ++i) {
    auto* fn = m.add_functions();
    fn->set_name("f" + std::to_string(i));
    fn->set_domain("bomb");
    fn->add_input("a");
    fn->add_output("b");
    auto* op = fn->add_opset_import();
    op->set_domain("");
    op->set_version(17);
    if (i == 30) {
      auto* relu = fn->add_node();
      relu->set_op_type("Relu");
      relu->add_input("a");
      relu->add_output("b");
      continue;
    }
    auto* dom = fn->add_opset_import();
    dom->set_domain("bomb");
    dom->set_version(1);
    for (const char* step : {"t", "b"}) {
      auto* call = fn->add_node();
      call->set_op_type("f" + std::to_string(i + 1));
      call->set_domain("bomb");
      call->add_input(std::string(step) == "t" ? "a" : "t");
      call->add_output(step);
    }
  }
  Write("onnx_functions_call_twice_31.onnx", m.SerializeAsString());

  graphgen::tf::GraphDef g;
  TfNode(&g, "x", "Placeholder", {});
  TfNode(&g, "call", "f0", {"x"});
  for (int i = 0; i <= 30; ++i) {
    auto* fn = g.mutable_library()->add_function();
    fn->mutable_signature()->set_name("f" + std::to_string(i));
    fn->mutable_signature()->add_input_arg()->set_name("a");
    if (i == 30) continue;  // the leaf: empty, so expanding it adds no node
    for (const char* name : {"c1", "c2"}) {
      auto* call = fn->add_node_def();
      call->set_name(name);
      call->set_op("f" + std::to_string(i + 1));
      call->add_input("a");
    }
  }
  Write("graphdef_functions_call_twice_31.pb", g.SerializeAsString());
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_hostile_fixtures OUT_DIR\n";
    return 2;
  }
  g_dir = argv[1];
  WriteImporterCases();
  WriteOverflowCases();
  WriteSuperLinearCases();
  WriteCallBombCases();

  // Truncated at every structural point.
  Truncations("onnx_truncated", ".onnx", BaseModel().SerializeAsString());
  graphgen::tf::GraphDef gd;
  TfNode(&gd, "x", "Placeholder", {});
  TfNode(&gd, "relu", "Relu", {"x"});
  gd.mutable_versions()->set_producer(1000);
  Truncations("graphdef_truncated", ".pb", gd.SerializeAsString());

  // Wrong magic: files people mistake for models.
  Write("magic_png.onnx", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  Write("magic_zip_pytorch.onnx", std::string("PK\x03\x04\x14\0\0\0\0\0", 10) + "archive/data.pkl");
  Write("magic_hdf5_keras.onnx", std::string("\x89HDF\r\n\x1a\n\0\0\0\0", 12));
  Write("zeros.onnx", std::string(4096, '\0'));

  // Valid protobufs of the wrong message.
  onnx::TensorProto tensor;
  tensor.add_dims(2);
  tensor.set_data_type(onnx::TensorProto::FLOAT);
  tensor.add_float_data(1);
  tensor.add_float_data(2);
  tensor.set_name("weights");
  Write("wrong_message_tensor.onnx", tensor.SerializeAsString());
  Write("wrong_message_graph.onnx", BaseModel().graph().SerializeAsString());

  // Cycles.
  onnx::ModelProto m = BaseModel();
  AddNode(m.mutable_graph(), "Add", "self", {"y", "s"}, {"s"});
  Write("cycle_self.onnx", m.SerializeAsString());
  m = BaseModel();
  {
    // "post" reads the If's output; the If's body reads "post"'s output from outside.
    auto* g = m.mutable_graph();
    auto* cond = g->add_input();
    cond->set_name("c");
    cond->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::BOOL);
    auto* iff = AddNode(g, "If", "branch", {"c"}, {"z"});
    AddNode(g, "Relu", "post", {"z"}, {"p"});
    for (const char* branch : {"then_branch", "else_branch"}) {
      auto* a = iff->add_attribute();
      a->set_name(branch);
      a->set_type(onnx::AttributeProto::GRAPH);
      a->mutable_g()->set_name(branch);
      AddNode(a->mutable_g(), "Identity", std::string(branch) + "_id", {"p"}, {"out"});
      a->mutable_g()->add_output()->set_name("out");
    }
    g->add_output()->set_name("p");
  }
  Write("cycle_through_subgraph.onnx", m.SerializeAsString());

  // Dangling inputs and duplicate names.
  m = BaseModel();
  m.mutable_graph()->mutable_node(0)->set_input(0, "nowhere");
  Write("dangling_input.onnx", m.SerializeAsString());
  m = BaseModel();
  AddNode(m.mutable_graph(), "Relu", "relu2", {"x"}, {"y"});
  Write("duplicate_tensor.onnx", m.SerializeAsString());
  m = BaseModel();
  *m.mutable_graph()->add_input() = m.graph().input(0);
  Write("duplicate_graph_input.onnx", m.SerializeAsString());

  // Nesting: scopes 10^6 deep (a 2 MB name), and 100 deep in a short name.
  std::string deep;
  for (int i = 0; i < 1000000; ++i) deep += "a/";
  m = BaseModel();
  m.mutable_graph()->mutable_node(0)->set_name(deep + "Relu");
  Write("scope_depth_1e6.onnx", m.SerializeAsString());
  deep.clear();
  for (int i = 0; i < 100; ++i) deep += "s/";
  m = BaseModel();
  m.mutable_graph()->mutable_node(0)->set_name(deep + "Relu");
  Write("scope_depth_100.onnx", m.SerializeAsString());
  {
    // If bodies nested 20,000 deep in ONNX text: 1 MB that once overflowed the stack.
    std::string body = "leaf () => (float o) { o = Constant <value_float = 1.0> () }";
    for (int i = 0; i < 20000; ++i)
      body = "g () => (float o) { o = If (c) <then_branch = " + body + "> ()}";
    Write("subgraph_depth_20000.onnxtxt",
          "<ir_version: 8, opset_import: [\"\" : 17]>\ntop (bool c) => (float o) {\n  o = If (c) "
          "<then_branch = " +
              body + "> ()\n}\n");
  }

  // Dims: 10^9 elements declared (and never allocated), negative, rank 10^4.
  m = BaseModel();
  {
    auto* w = m.mutable_graph()->add_initializer();
    w->set_name("w");
    w->set_data_type(onnx::TensorProto::FLOAT);
    for (int i = 0; i < 3; ++i) w->add_dims(1000);
    AddNode(m.mutable_graph(), "Mul", "scale", {"y", "w"}, {"z"});
    m.mutable_graph()->mutable_output(0)->set_name("z");
    m.mutable_graph()
        ->mutable_input(0)
        ->mutable_type()
        ->mutable_tensor_type()
        ->mutable_shape()
        ->mutable_dim(1)
        ->set_dim_value(1000000000);
  }
  Write("dims_1e9_elements.onnx", m.SerializeAsString());
  m = BaseModel();
  {
    auto* w = m.mutable_graph()->add_initializer();
    w->set_name("w");
    w->set_data_type(onnx::TensorProto::FLOAT);
    w->add_dims(4);
    w->add_dims(-3);
    AddNode(m.mutable_graph(), "Mul", "scale", {"y", "w"}, {"z"});
  }
  Write("negative_initializer_dim.onnx", m.SerializeAsString());
  m = BaseModel();
  {
    auto* shape =
        m.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape();
    for (int i = 0; i < 10000; ++i) shape->add_dim()->set_dim_value(1);
  }
  Write("rank_10000.onnx", m.SerializeAsString());

  // Names: every one valid UTF-8 must render, escaped.
  NamedModel("name_nul.onnx", std::string("relu\0evil", 9));
  NamedModel("name_rtl_override.onnx", "\xE2\x80\xAEgnp.exe");
  NamedModel("name_xml_specials.onnx", "\"<>&'");
  NamedModel("name_cdata_end.onnx", "]]>");
  NamedModel("name_svg_script.onnx", "</svg><script>alert(1)</script>");
  NamedModel("name_dot_syntax.onnx",
             "\\N \\G \\L \\\"; } digraph { node [label=x] subgraph strict edge \\");
  NamedModel("name_xml_comment.onnx", "--><!-- a -- b");
  NamedModel("name_invalid_utf8.onnx", "relu\xC0\xAF");
  // Issue 21: valid UTF-8 that is still no text. U+FFFE, U+FFFF and U+FDD0 (outside XML's
  // Char production or noncharacters), and C1 controls: U+009B is CSI to a terminal.
  NamedModel("name_noncharacters.onnx", "relu\xEF\xBF\xBE\xEF\xBF\xBF\xEF\xB7\x90");
  NamedModel("name_c1_csi.onnx",
             "relu\xC2\x9B"
             "31mred\xC2\x9B"
             "0m\xC2\x85");
  m = BaseModel();
  m.mutable_graph()->mutable_node(0)->set_name(std::string(10 << 20, 'n'));
  Write("name_10mb.onnx", m.SerializeAsString());

  // Attribute limits.
  m = BaseModel();
  for (int i = 0; i < 1001; ++i) {
    auto* a = m.mutable_graph()->mutable_node(0)->add_attribute();
    a->set_name("a" + std::to_string(i));
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(i);
  }
  Write("attributes_1001.onnx", m.SerializeAsString());
  m = BaseModel();
  {
    auto* a = m.mutable_graph()->mutable_node(0)->add_attribute();
    a->set_name("blob");
    a->set_type(onnx::AttributeProto::STRING);
    a->set_s(std::string((16 << 20) + 1, 's'));
  }
  Write("attribute_string_16mib.onnx", m.SerializeAsString());

  // TensorFlow: cycles are drawn (while loops make them), function calls are drawn as
  // ops whatever their library says, absurd output indices and nesting are refused.
  graphgen::tf::GraphDef cyc;
  TfNode(&cyc, "x", "Placeholder", {});
  TfNode(&cyc, "merge", "Merge", {"x", "next"});
  TfNode(&cyc, "next", "NextIteration", {"merge"});
  Write("graphdef_cycle.pb", cyc.SerializeAsString());
  graphgen::tf::GraphDef fn;
  TfNode(&fn, "x", "Placeholder", {});
  TfNode(&fn, "call", "f", {"x"});
  for (const char* name : {"f", "g"}) {
    auto* def = fn.mutable_library()->add_function();
    def->mutable_signature()->set_name(name);
    auto* call = def->add_node_def();
    call->set_name("call_other");
    call->set_op(std::string(name) == "f" ? "g" : "f");
  }
  Write("graphdef_function_call_cycle.pb", fn.SerializeAsString());
  graphgen::tf::GraphDef bad_index;
  TfNode(&bad_index, "x", "Placeholder", {});
  TfNode(&bad_index, "relu", "Relu", {"x:99999"});
  Write("graphdef_absurd_output_index.pb", bad_index.SerializeAsString());
  graphgen::tf::GraphDef dup;
  TfNode(&dup, "x", "Placeholder", {});
  TfNode(&dup, "x", "Relu", {"x"});
  Write("graphdef_duplicate_names.pb", dup.SerializeAsString());
  graphgen::tf::GraphDef nonchar;
  TfNode(&nonchar, "x\xEF\xBF\xBF", "Placeholder", {});
  TfNode(&nonchar, "relu\xEF\xBF\xBE\xC2\x9B", "Relu", {"x\xEF\xBF\xBF"});
  Write("graphdef_name_noncharacters.pb", nonchar.SerializeAsString());
  {
    // Issue 21, messages: a SavedModel (recognised: it parses as one and holds a graph)
    // whose graph is wrong. Its first bytes also start an ONNX ModelProto, and the error
    // used to be headlined "unknown model format (ONNX binary: the model has no graph; ..."
    // with SavedModel's own reason further in.
    graphgen::tf::SavedModel saved;
    saved.set_saved_model_schema_version(1);
    auto* meta = saved.add_meta_graphs();
    meta->mutable_meta_info_def()->add_tags("serve");
    auto* graph = meta->mutable_graph_def();
    TfNode(graph, "x", "Placeholder", {});
    TfNode(graph, "relu", "Relu", {"nowhere"});
    Write("saved_model_dangling_input.pb", saved.SerializeAsString());
  }
  graphgen::tf::GraphDef dangling;
  TfNode(&dangling, "relu", "Relu", {"nowhere"});
  Write("graphdef_dangling_input.pb", dangling.SerializeAsString());
  {
    // An attribute holding a function whose attribute holds a function ... 10,000 deep.
    std::string text = "node { name: \"x\" op: \"Placeholder\" ";
    std::string close;
    for (int i = 0; i < 10000; ++i) {
      text += "attr { key: \"f\" value { func { name: \"f\" ";
      close += "} } } ";
    }
    Write("graphdef_nesting_10000.pbtxt", text + close + "}\n");
  }

  {
    // A protobuf bomb in SavedModel clothing: one MetaGraphDef whose GraphDef holds
    // 2 Mi empty NodeDefs of two bytes each. Protobuf spends ~100 bytes on each object a
    // file declares, so this 4 MiB file would cost 200 MB and seconds to parse; the wire
    // pre-scan refuses it first, as it does a bare GraphDef.
    const auto varint = [](uint64_t v) {
      std::string out;
      for (; v >= 0x80; v >>= 7) out += static_cast<char>((v & 0x7F) | 0x80);
      return out + static_cast<char>(v);
    };
    std::string nodes;
    for (int i = 0; i < (2 << 20); ++i) nodes += std::string("\x0a\x00", 2);
    const std::string meta = "\x12" + varint(nodes.size()) + nodes;  // graph_def = 2
    Write("saved_model_node_bomb.pb",
          std::string("\x08\x01\x12") + varint(meta.size()) + meta);  // meta_graphs = 2
  }

  // JSON (TF.js, Keras): no JSON importer yet, so these are unknown formats; they stay in
  // the manifest to hold the JSON importers to a clean answer when they land.
  Write("json_duplicate_keys.json",
        "{\"format\": \"layers-model\", \"format\": \"graph-model\", \"modelTopology\": {}, "
        "\"modelTopology\": []}\n");
  Write("json_deep_arrays.json", std::string(1000000, '[') + std::string(1000000, ']'));

  if (!g_ok) {
    std::cerr << "make_hostile_fixtures: cannot write to " << g_dir << "\n";
    return 1;
  }
  return 0;
}
