#include "bench/model_gen.h"

#include <string>

namespace graphgen {
namespace {

class Builder {
 public:
  Builder() {
    model_.set_ir_version(8);
    model_.set_producer_name("graphgen-bench");
    auto* op = model_.add_opset_import();
    op->set_domain("");
    op->set_version(17);
    g_ = model_.mutable_graph();
    g_->set_name("resnet50");
    auto* in = g_->add_input();
    in->set_name("input");
    auto* tt = in->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(onnx::TensorProto::FLOAT);
    tt->mutable_shape()->add_dim()->set_dim_param("N");
    for (int d : {3, 224, 224}) tt->mutable_shape()->add_dim()->set_dim_value(d);
  }

  std::string Weight(const std::string& name, std::initializer_list<int64_t> dims) {
    auto* w = g_->add_initializer();
    w->set_name(name);
    w->set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims) w->add_dims(d);
    return name;
  }

  std::string Conv(const std::string& scope, const std::string& x, int64_t cin, int64_t cout, int k,
                   int stride) {
    auto* n =
        Node(scope + "/Conv", "Conv",
             {x, Weight(scope + ".weight", {cout, cin, k, k}), Weight(scope + ".bias", {cout})});
    Ints(n, "kernel_shape", {k, k});
    Ints(n, "strides", {stride, stride});
    const int p = k / 2;
    Ints(n, "pads", {p, p, p, p});
    return n->output(0);
  }

  std::string Op(const std::string& name, const std::string& op,
                 std::initializer_list<std::string> inputs) {
    return Node(name, op, inputs)->output(0);
  }

  onnx::NodeProto* Node(const std::string& name, const std::string& op,
                        std::initializer_list<std::string> inputs) {
    auto* n = g_->add_node();
    n->set_name(name);
    n->set_op_type(op);
    for (const auto& i : inputs) n->add_input(i);
    n->add_output(name + "_output_0");
    return n;
  }

  static void Ints(onnx::NodeProto* n, const std::string& name, std::initializer_list<int64_t> v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t x : v) a->add_ints(x);
  }

  onnx::ModelProto Finish(const std::string& out) {
    auto* o = g_->add_output();
    o->set_name(out);
    return model_;
  }

 private:
  onnx::ModelProto model_;
  onnx::GraphProto* g_;
};

}  // namespace

onnx::ModelProto MakeResNet50Model() {
  Builder b;
  std::string x = b.Conv("/conv1", "input", 3, 64, 7, 2);
  x = b.Op("/relu/Relu", "Relu", {x});
  auto* pool = b.Node("/maxpool/MaxPool", "MaxPool", {x});
  Builder::Ints(pool, "kernel_shape", {3, 3});
  Builder::Ints(pool, "strides", {2, 2});
  Builder::Ints(pool, "pads", {1, 1, 1, 1});
  x = pool->output(0);
  const int blocks[] = {3, 4, 6, 3};
  int64_t cin = 64;
  for (int layer = 0; layer < 4; ++layer) {
    const int64_t width = 64 << layer;
    const int64_t cout = width * 4;
    for (int i = 0; i < blocks[layer]; ++i) {
      const std::string s = "/layer" + std::to_string(layer + 1) + "/" + std::to_string(i);
      const int stride = (i == 0 && layer > 0) ? 2 : 1;
      std::string y = b.Conv(s + "/conv1", x, cin, width, 1, 1);
      y = b.Op(s + "/relu/Relu", "Relu", {y});
      y = b.Conv(s + "/conv2", y, width, width, 3, stride);
      y = b.Op(s + "/relu_1/Relu", "Relu", {y});
      y = b.Conv(s + "/conv3", y, width, cout, 1, 1);
      std::string shortcut = x;
      if (i == 0) shortcut = b.Conv(s + "/downsample/0", x, cin, cout, 1, stride);
      y = b.Op(s + "/Add", "Add", {y, shortcut});
      x = b.Op(s + "/relu_2/Relu", "Relu", {y});
      cin = cout;
    }
  }
  x = b.Op("/avgpool/GlobalAveragePool", "GlobalAveragePool", {x});
  x = b.Op("/Flatten", "Flatten", {x});
  auto* fc = b.Node("/fc/Gemm", "Gemm",
                    {x, b.Weight("fc.weight", {1000, 2048}), b.Weight("fc.bias", {1000})});
  auto* t = fc->add_attribute();
  t->set_name("transB");
  t->set_type(onnx::AttributeProto::INT);
  t->set_i(1);
  return b.Finish(fc->output(0));
}

}  // namespace graphgen
