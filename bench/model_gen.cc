#include "bench/model_gen.h"

#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace graphgen {
namespace {

class Builder {
 public:
  // A graph `name` with one input `input` of the given element type and dims (a dim of
  // -1 is the symbolic batch size "N").
  Builder(const std::string& name, int elem_type, std::initializer_list<int64_t> dims) {
    model_.set_ir_version(8);
    model_.set_producer_name("graphgen-bench");
    auto* op = model_.add_opset_import();
    op->set_domain("");
    op->set_version(17);
    g_ = model_.mutable_graph();
    g_->set_name(name);
    auto* in = g_->add_input();
    in->set_name("input");
    auto* tt = in->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(elem_type);
    for (int64_t d : dims) {
      if (d < 0) {
        tt->mutable_shape()->add_dim()->set_dim_param("N");
      } else {
        tt->mutable_shape()->add_dim()->set_dim_value(d);
      }
    }
  }

  // Float weights carry dims only: the importer counts parameters from dims.
  std::string Weight(const std::string& name, std::initializer_list<int64_t> dims) {
    auto* w = g_->add_initializer();
    w->set_name(name);
    w->set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims) w->add_dims(d);
    return name;
  }

  // A small int64 vector with its data (Slice bounds), so shape inference can use it.
  std::string Ints64(const std::string& name, std::initializer_list<int64_t> values) {
    auto* w = g_->add_initializer();
    w->set_name(name);
    w->set_data_type(onnx::TensorProto::INT64);
    w->add_dims(static_cast<int64_t>(values.size()));
    for (int64_t v : values) w->add_int64_data(v);
    return name;
  }

  std::string Scalar(const std::string& name, float value) {
    auto* w = g_->add_initializer();
    w->set_name(name);
    w->set_data_type(onnx::TensorProto::FLOAT);
    w->add_float_data(value);
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
    return NodeWithOutput(name, op, inputs, name + "_output_0");
  }

  onnx::NodeProto* NodeWithOutput(const std::string& name, const std::string& op,
                                  std::initializer_list<std::string> inputs,
                                  const std::string& output) {
    auto* n = g_->add_node();
    n->set_name(name);
    n->set_op_type(op);
    for (const auto& i : inputs) n->add_input(i);
    n->add_output(output);
    return n;
  }

  onnx::NodeProto* NodeWithInputs(const std::string& name, const std::string& op,
                                  const std::vector<std::string>& inputs,
                                  const std::string& output) {
    auto* n = NodeWithOutput(name, op, {}, output);
    for (const auto& i : inputs) n->add_input(i);
    return n;
  }

  static void Ints(onnx::NodeProto* n, const std::string& name, std::initializer_list<int64_t> v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t x : v) a->add_ints(x);
  }

  static void Int(onnx::NodeProto* n, const std::string& name, int64_t v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v);
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

// Names nodes and tensors of the generated transformer: scoped ("/h.3/attn/MatMul_2")
// or flat ("MatMul_123", tensor "124") like exports without module scopes.
class Namer {
 public:
  explicit Namer(bool flat) : flat_(flat) {}
  void Enter(const std::string& scope) {
    scope_ = scope;
    per_scope_.clear();
  }
  // The next node's name and output tensor name.
  std::pair<std::string, std::string> Next(const std::string& op) {
    ++index_;
    if (flat_) return {op + "_" + std::to_string(index_), std::to_string(index_)};
    int& k = per_scope_[op];
    std::string name = scope_ + "/" + op + (k == 0 ? "" : "_" + std::to_string(k));
    ++k;
    return {name, name + "_output_0"};
  }
  std::string WeightName(const std::string& what) {
    if (flat_) return "onnx::" + what + "_" + std::to_string(++weights_);
    std::string s = scope_.substr(1);
    for (char& c : s) c = c == '/' ? '.' : c;
    return s + "." + what;
  }

 private:
  bool flat_;
  std::string scope_;
  std::map<std::string, int> per_scope_;
  int index_ = 0;
  int weights_ = 0;
};

class TransformerGen {
 public:
  explicit TransformerGen(const TransformerGenOptions& o)
      : o_(o),
        d_(static_cast<int64_t>(o.heads) * o.head_dim),
        b_(o.flat_names ? "transformer" : "gpt", onnx::TensorProto::INT64, {1, o.sequence}),
        n_(o.flat_names) {}

  onnx::ModelProto Make() {
    eps_ = b_.Scalar("eps", 1e-5f);
    two_ = b_.Scalar("two", 2.0f);
    sqrt2_ = b_.Scalar("sqrt2", std::sqrt(2.0f));
    one_ = b_.Scalar("one", 1.0f);
    half_ = b_.Scalar("half", 0.5f);
    scale_ = b_.Scalar("scale", std::sqrt(static_cast<float>(o_.head_dim)));
    axes_ = b_.Ints64("slice_axes", {2});
    for (int h = 0; h < o_.heads; ++h) {
      starts_.push_back(b_.Ints64("head" + std::to_string(h) + "_start", {h * o_.head_dim}));
      ends_.push_back(b_.Ints64("head" + std::to_string(h) + "_end", {(h + 1) * o_.head_dim}));
    }
    mask_ = b_.Weight("causal_mask", {1, o_.sequence, o_.sequence});

    n_.Enter("/wte");
    std::string x = Op("Gather", {W("weight", {o_.vocab, d_}), "input"});
    n_.Enter("/wpe");
    x = Op("Add", {x, W("weight", {1, o_.sequence, d_})});
    for (int l = 0; l < o_.layers; ++l) x = Layer(x, "/h." + std::to_string(l));
    n_.Enter("/ln_f");
    x = LayerNorm(x);
    n_.Enter("/lm_head");
    x = Op("MatMul", {x, W("weight", {d_, o_.vocab})});
    return b_.Finish(x);
  }

 private:
  std::string Op(const std::string& op, const std::vector<std::string>& inputs) {
    auto names = n_.Next(op);
    last_ = b_.NodeWithInputs(names.first, op, inputs, names.second);
    return names.second;
  }
  std::string W(const std::string& what, std::initializer_list<int64_t> dims) {
    return b_.Weight(n_.WeightName(what), dims);
  }

  std::string LayerNorm(const std::string& x) {
    std::string mean = Op("ReduceMean", {x});
    Builder::Ints(last_, "axes", {-1});
    std::string centered = Op("Sub", {x, mean});
    std::string sq = Op("Pow", {centered, two_});
    std::string var = Op("ReduceMean", {sq});
    Builder::Ints(last_, "axes", {-1});
    std::string std_dev = Op("Sqrt", {Op("Add", {var, eps_})});
    std::string y = Op("Div", {centered, std_dev});
    y = Op("Mul", {y, W("weight", {d_})});
    return Op("Add", {y, W("bias", {d_})});
  }

  std::string Linear(const std::string& x, int64_t in, int64_t out) {
    return Op("Add", {Op("MatMul", {x, W("weight", {in, out})}), W("bias", {out})});
  }

  std::string Layer(const std::string& x, const std::string& scope) {
    n_.Enter(scope + "/ln_1");
    const std::string ln = LayerNorm(x);
    n_.Enter(scope + "/attn");
    const std::string q = Linear(ln, d_, d_);
    const std::string k = Linear(ln, d_, d_);
    const std::string v = Linear(ln, d_, d_);
    std::vector<std::string> heads;
    for (int h = 0; h < o_.heads; ++h) {
      const std::string qh = Op("Slice", {q, starts_[h], ends_[h], axes_});
      const std::string kh = Op("Slice", {k, starts_[h], ends_[h], axes_});
      const std::string vh = Op("Slice", {v, starts_[h], ends_[h], axes_});
      const std::string kt = Op("Transpose", {kh});
      Builder::Ints(last_, "perm", {0, 2, 1});
      std::string s = Op("Div", {Op("MatMul", {qh, kt}), scale_});
      s = Op("Softmax", {Op("Add", {s, mask_})});
      Builder::Int(last_, "axis", -1);
      heads.push_back(Op("MatMul", {s, vh}));
    }
    std::string a = Op("Concat", heads);
    Builder::Int(last_, "axis", 2);
    a = Linear(a, d_, d_);
    n_.Enter(scope);
    const std::string r1 = Op("Add", {x, a});
    n_.Enter(scope + "/ln_2");
    const std::string ln2 = LayerNorm(r1);
    n_.Enter(scope + "/mlp");
    const std::string up = Linear(ln2, d_, 4 * d_);
    const std::string erf = Op("Erf", {Op("Div", {up, sqrt2_})});
    const std::string gelu = Op("Mul", {Op("Mul", {up, Op("Add", {erf, one_})}), half_});
    const std::string down = Linear(gelu, 4 * d_, d_);
    n_.Enter(scope);
    return Op("Add", {r1, down});
  }

  const TransformerGenOptions o_;
  const int64_t d_;
  Builder b_;
  Namer n_;
  onnx::NodeProto* last_ = nullptr;
  std::string eps_, two_, sqrt2_, one_, half_, scale_, axes_, mask_;
  std::vector<std::string> starts_, ends_;
};

}  // namespace

onnx::ModelProto MakeResNetModel(const std::vector<int>& blocks, const std::string& name) {
  Builder b(name, onnx::TensorProto::FLOAT, {-1, 3, 224, 224});
  std::string x = b.Conv("/conv1", "input", 3, 64, 7, 2);
  x = b.Op("/relu/Relu", "Relu", {x});
  auto* pool = b.Node("/maxpool/MaxPool", "MaxPool", {x});
  Builder::Ints(pool, "kernel_shape", {3, 3});
  Builder::Ints(pool, "strides", {2, 2});
  Builder::Ints(pool, "pads", {1, 1, 1, 1});
  x = pool->output(0);
  int64_t cin = 64;
  for (size_t layer = 0; layer < blocks.size(); ++layer) {
    const int64_t width = int64_t{64} << layer;
    const int64_t cout = width * 4;
    const std::string stage = "layer" + std::to_string(layer + 1);
    for (int i = 0; i < blocks[layer]; ++i) {
      const std::string s = "/" + stage + "/" + stage + "." + std::to_string(i);
      const int stride = (i == 0 && layer > 0) ? 2 : 1;
      std::string y = b.Conv(s + "/conv1", x, cin, width, 1, 1);
      y = b.Op(s + "/relu/Relu", "Relu", {y});
      y = b.Conv(s + "/conv2", y, width, width, 3, stride);
      y = b.Op(s + "/relu_1/Relu", "Relu", {y});
      y = b.Conv(s + "/conv3", y, width, cout, 1, 1);
      std::string shortcut = x;
      if (i == 0) shortcut = b.Conv(s + "/downsample/downsample.0", x, cin, cout, 1, stride);
      y = b.Op(s + "/Add", "Add", {y, shortcut});
      x = b.Op(s + "/relu_2/Relu", "Relu", {y});
      cin = cout;
    }
  }
  x = b.Op("/avgpool/GlobalAveragePool", "GlobalAveragePool", {x});
  x = b.Op("/Flatten", "Flatten", {x});
  auto* fc = b.Node("/fc/Gemm", "Gemm",
                    {x, b.Weight("fc.weight", {1000, cin}), b.Weight("fc.bias", {1000})});
  Builder::Int(fc, "transB", 1);
  return b.Finish(fc->output(0));
}

onnx::ModelProto MakeResNet50Model() { return MakeResNetModel({3, 4, 6, 3}, "resnet50"); }

onnx::ModelProto MakeResNet152Model() { return MakeResNetModel({3, 8, 36, 3}, "resnet152"); }

onnx::ModelProto MakeTransformerModel(const TransformerGenOptions& options) {
  return TransformerGen(options).Make();
}

}  // namespace graphgen
