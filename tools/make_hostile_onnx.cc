// Writes ONNX binaries that the text syntax cannot express, for graphgen's bad-input
// tests: a name that is not UTF-8, absurd and overflowing dims, too deep nesting, a
// truncated file; and one good model whose weights live in a missing external file. Each is small and built directly with the protobuf API.
//
// Usage: make_hostile_onnx OUT_DIR
#include <fstream>
#include <iostream>
#include <string>

#include "onnx/onnx_pb.h"

namespace {

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

bool Write(const std::string& dir, const std::string& name, const std::string& bytes) {
  std::ofstream out(dir + "/" + name, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_hostile_onnx OUT_DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  bool ok = true;

  onnx::ModelProto m = BaseModel();
  m.mutable_graph()->mutable_node(0)->set_name("relu\xff\xfe");
  ok &= Write(dir, "non_utf8_name.onnx", m.SerializeAsString());

  m = BaseModel();
  m.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()
      ->mutable_shape()->mutable_dim(1)->set_dim_value(-7);
  ok &= Write(dir, "negative_dim.onnx", m.SerializeAsString());

  m = BaseModel();
  auto* w = m.mutable_graph()->add_initializer();
  w->set_name("w");
  w->set_data_type(onnx::TensorProto::FLOAT);
  for (int i = 0; i < 4; ++i) w->add_dims(int64_t{1} << 40);
  m.mutable_graph()->mutable_node(0)->add_input("w");
  ok &= Write(dir, "overflow_dims.onnx", m.SerializeAsString());

  m = BaseModel();
  auto* shape = m.mutable_graph()->mutable_input(0)->mutable_type()
                    ->mutable_tensor_type()->mutable_shape();
  for (int i = 0; i < 70; ++i) shape->add_dim()->set_dim_value(1);
  ok &= Write(dir, "rank70.onnx", m.SerializeAsString());

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
  ok &= Write(dir, "deep_nesting.onnx", m.SerializeAsString());

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
  ok &= Write(dir, "external_data.onnx", m.SerializeAsString());

  const std::string full = BaseModel().SerializeAsString();
  ok &= Write(dir, "truncated.onnx", full.substr(0, full.size() - 9));

  if (!ok) {
    std::cerr << "make_hostile_onnx: cannot write to " << dir << "\n";
    return 1;
  }
  return 0;
}
