#include "importers/tflite/tflite_model.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/text.h"
#include "importers/common/model_checks.h"
#include "importers/tflite/tflite_ops.h"
#include "third_party/tflite/graphgen_tflite_generated.h"

namespace graphgen {
namespace {

using flatbuffers::uoffset_t;

// The schema nests tables at most five deep (Model, SubGraph, Tensor, quantization,
// details): a bound well above that costs nothing and stops nothing real.
constexpr uoffset_t kMaxTableDepth = 16;
constexpr int kMaxAttributesKept = 32;

std::string Q(const std::string& s) { return "'" + Quote(s) + "'"; }

std::string Str(const flatbuffers::String* s) { return s == nullptr ? "" : s->str(); }

DType ConvertDType(tflite::TensorType t) {
  using T = tflite::TensorType;
  switch (t) {
    case T::FLOAT32:
      return DType::kFloat32;
    case T::FLOAT16:
      return DType::kFloat16;
    case T::BFLOAT16:
      return DType::kBFloat16;
    case T::FLOAT64:
      return DType::kFloat64;
    case T::INT8:
      return DType::kInt8;
    case T::INT16:
      return DType::kInt16;
    case T::INT32:
      return DType::kInt32;
    case T::INT64:
      return DType::kInt64;
    case T::UINT8:
      return DType::kUInt8;
    case T::UINT16:
      return DType::kUInt16;
    case T::UINT32:
      return DType::kUInt32;
    case T::UINT64:
      return DType::kUInt64;
    case T::BOOL:
      return DType::kBool;
    case T::STRING:
      return DType::kString;
    case T::COMPLEX64:
      return DType::kComplex64;
    case T::COMPLEX128:
      return DType::kComplex128;
    default:
      return DType::kUnknown;  // INT4, RESOURCE, VARIANT
  }
}

// Whether the tensor carries quantization parameters: its integers stand for real values
// (an int32 bias of a quantized conv is a weight, not an index).
bool IsQuantized(const tflite::Tensor& t) {
  return t.quantization() != nullptr && t.quantization()->scale() != nullptr &&
         t.quantization()->scale()->size() > 0;
}

// "scale 0.0078, zero point -128"; per-axis: "32 scales on axis 3 (0.0012, 0.0031, ...)".
std::string QuantizationText(const tflite::Tensor& t) {
  const auto* q = t.quantization();
  const auto* scale = q->scale();
  const auto* zero = q->zero_point();
  char buf[64];
  if (scale->size() == 1) {
    std::snprintf(buf, sizeof(buf), "scale %g", static_cast<double>(scale->Get(0)));
    std::string text = buf;
    if (zero != nullptr && zero->size() >= 1) {
      // The verifier aligns a vector's length, not its 8-byte elements: copy, never load.
      int64_t zero_point = 0;
      std::memcpy(&zero_point, zero->Data(), sizeof(zero_point));
      text += ", zero point " + std::to_string(zero_point);
    }
    return text;
  }
  std::string text = std::to_string(scale->size()) + " scales on axis " +
                     std::to_string(q->quantized_dimension()) + " (";
  for (uoffset_t i = 0; i < scale->size() && i < 3; ++i) {
    std::snprintf(buf, sizeof(buf), "%s%g", i > 0 ? ", " : "", static_cast<double>(scale->Get(i)));
    text += buf;
  }
  return text + (scale->size() > 3 ? ", ...)" : ")");
}

// The operator's name: the first location of its first output's name. The converter joins
// the TensorFlow ops it fused with ';' ("model/re_lu/Relu6;model/bn/FusedBatchNormV3").
std::string NameFromTensor(const std::string& tensor_name) {
  return tensor_name.substr(0, tensor_name.find(';'));
}

bool IsWeightDecoder(const std::string& op_type) {
  // Weights stored as float16 or sparse are decoded at load time by these ops; their
  // outputs are the weights the next op reads.
  return op_type == "DEQUANTIZE" || op_type == "DENSIFY";
}

// The weight input whose shape gives a convolution's window, and where in it the spatial
// dims start and how many there are.
struct KernelLayout {
  int input = -1;
  int first = 1;
  int count = 2;
};

KernelLayout KernelOf(const std::string& op_type) {
  // CONV_2D and TRANSPOSE_CONV weights are [out, h, w, in], DEPTHWISE_CONV_2D's
  // [1, h, w, out], MediaPipe's transposed conv follows CONV_2D, CONV_3D's [d, h, w, in, out].
  if (op_type == "CONV_2D" || op_type == "DEPTHWISE_CONV_2D" ||
      op_type == "Convolution2DTransposeBias") {
    return {1, 1, 2};
  }
  if (op_type == "TRANSPOSE_CONV") return {1, 1, 2};
  if (op_type == "CONV_3D") return {1, 0, 3};
  return {};
}

class Converter {
 public:
  Converter(const std::string& bytes, const ImportOptions& options)
      : bytes_(bytes), options_(options) {}

  StatusOr<LayerGraph> Convert() {
    GRAPHGEN_RETURN_IF_ERROR(Verify());
    model_ = tflite::GetModel(bytes_.data());
    const auto* subgraphs = model_->subgraphs();
    if (subgraphs == nullptr || subgraphs->size() == 0) {
      return BadInput("the model has no subgraphs");
    }
    GRAPHGEN_RETURN_IF_ERROR(CheckBuffers());
    graph_.format = "TensorFlow Lite";
    graph_.channels_last = true;  // TFLite's builtin ops are NHWC
    graph_.producer = Quote(Str(model_->description()), 200);
    graph_.graph_name = Quote(Str(subgraphs->Get(0)->name()), 200);
    GRAPHGEN_RETURN_IF_ERROR(ReadSignature());
    std::vector<int64_t> stack;
    GRAPHGEN_RETURN_IF_ERROR(ConvertSubgraph(0, 0, &stack));
    if (graph_.nodes.empty()) return BadInput("subgraph 0 has no operators, inputs or outputs");
    AddNotes();
    return std::move(graph_);
  }

 private:
  // A weight of the subgraph being converted: the first reader owns its elements.
  struct Weight {
    int64_t elements = 0;
    bool parameter = false;
    bool claimed = false;
  };

  // What one subgraph's conversion keeps: TFLite tensor index -> layer-graph tensor, and
  // the weights by tensor index. Lookup only; nothing iterates them.
  struct Scope {
    int64_t index = 0;
    int scope = 0;
    const flatbuffers::Vector<flatbuffers::Offset<tflite::Tensor>>* tensors = nullptr;
    std::unordered_map<int32_t, int> tensor_ids;
    std::unordered_map<int32_t, Weight> weights;
    std::unordered_map<int32_t, std::string> writers;  // tensor -> "operator #3 (ADD)"
  };

  Status Verify() {
    if (bytes_.size() < 8) {
      return BadInput("a TensorFlow Lite file is at least 8 bytes; this one has " +
                      std::to_string(bytes_.size()));
    }
    if (std::memcmp(bytes_.data() + 4, tflite::ModelIdentifier(), 4) != 0) {
      return BadInput("no 'TFL3' identifier at byte 4, so not a TensorFlow Lite model");
    }
    uint32_t root = 0;
    std::memcpy(&root, bytes_.data(), 4);  // little-endian, as FlatBuffers are
    if (root >= bytes_.size()) {
      return BadInput("the root table is at byte " + std::to_string(root) +
                      ", past the end of the " + std::to_string(bytes_.size()) +
                      "-byte file (truncated?)");
    }
    // FlatBuffers address at most 2 GB; weights past that lie after the FlatBuffer, which
    // begins the file.
    const size_t size = std::min<size_t>(bytes_.size(), FLATBUFFERS_MAX_BUFFER_SIZE - 1);
    flatbuffers::Verifier::Options verifier_options;
    verifier_options.max_depth = kMaxTableDepth;
    // A table takes at least 4 bytes, so a file holds at most size / 4 of them; more means
    // offsets reusing tables, which only a hostile file does (verifying them could take
    // time exponential in the file's size).
    verifier_options.max_tables = static_cast<uoffset_t>(size / 4 + 1);
    flatbuffers::Verifier verifier(reinterpret_cast<const uint8_t*>(bytes_.data()), size,
                                   verifier_options);
    if (!tflite::VerifyModelBuffer(verifier)) {
      return BadInput(
          "not a valid TensorFlow Lite FlatBuffer (truncated or corrupt: the FlatBuffers "
          "verifier rejects it)");
    }
    return OkStatus();
  }

  // Buffers kept after the FlatBuffer must lie inside the file. Nothing is read from them.
  Status CheckBuffers() {
    const auto* buffers = model_->buffers();
    if (buffers == nullptr) return OkStatus();
    const uint64_t file = bytes_.size();
    for (uoffset_t i = 0; i < buffers->size(); ++i) {
      const tflite::Buffer* b = buffers->Get(i);
      if (b->offset() <= 1) continue;  // 0 and 1 mean "no external data"
      if (b->offset() > file || b->size() > file - b->offset()) {
        return BadInput("buffer #" + std::to_string(i) + ": its data at offset " +
                        std::to_string(b->offset()) + ", " + std::to_string(b->size()) +
                        " bytes long, runs past the end of the " + std::to_string(file) +
                        "-byte file");
      }
    }
    return OkStatus();
  }

  // Input and output names from the signature that runs subgraph 0, when there is one.
  Status ReadSignature() {
    const auto* signatures = model_->signature_defs();
    if (signatures == nullptr) return OkStatus();
    for (uoffset_t s = 0; s < signatures->size(); ++s) {
      const tflite::SignatureDef* sig = signatures->Get(s);
      if (sig->subgraph_index() != 0) continue;
      const std::string key = Str(sig->signature_key());
      GRAPHGEN_RETURN_IF_ERROR(CheckName(key, "signature #" + std::to_string(s), options_));
      graph_.notes.push_back("signature " + Q(key));
      for (const auto* maps : {sig->inputs(), sig->outputs()}) {
        if (maps == nullptr) continue;
        for (uoffset_t i = 0; i < maps->size(); ++i) {
          const tflite::TensorMap* m = maps->Get(i);
          const std::string alias = Str(m->name());
          GRAPHGEN_RETURN_IF_ERROR(
              CheckName(alias, "signature " + Q(key) + ": tensor name", options_));
          signature_names_[m->tensor_index()] = alias;
        }
      }
      return OkStatus();
    }
    return OkStatus();
  }

  void AddNotes() {
    graph_.notes.push_back("TFLite schema version " + std::to_string(model_->version()));
    const auto* metadata = model_->metadata();
    if (metadata != nullptr && metadata->size() > 0) {
      std::string names;
      for (uoffset_t i = 0; i < metadata->size() && i < 8; ++i) {
        names += (i > 0 ? ", " : "") + Quote(Str(metadata->Get(i)->name()), 64);
      }
      graph_.notes.push_back("metadata: " + names + (metadata->size() > 8 ? ", ..." : ""));
    }
    const int64_t subgraphs = model_->subgraphs()->size();
    if (subgraphs > static_cast<int64_t>(drawn_subgraphs_.size())) {
      graph_.notes.push_back(std::to_string(subgraphs - drawn_subgraphs_.size()) +
                             " subgraphs not called from subgraph 0 are not drawn");
    }
    if (decoded_weights_ > 0) {
      graph_.notes.push_back(std::to_string(decoded_weights_) +
                             " weights decoded at load time (DEQUANTIZE, DENSIFY) drawn as "
                             "weights of the ops that read them");
    }
  }

  Status AddNodeChecked(Node node) {
    if (static_cast<int64_t>(graph_.nodes.size()) >= options_.max_nodes) {
      return LimitExceeded("the model has more than " + std::to_string(options_.max_nodes) +
                           " nodes (raise it with --max-nodes)");
    }
    graph_.AddNode(std::move(node));
    return OkStatus();
  }

  std::string DescribeTensor(const Scope& s, int32_t index) const {
    const std::string name = Str(s.tensors->Get(static_cast<uoffset_t>(index))->name());
    return "tensor #" + std::to_string(index) + (name.empty() ? "" : " " + Q(name));
  }

  StatusOr<const tflite::Tensor*> TensorAt(const Scope& s, int64_t index,
                                           const std::string& what) const {
    const int64_t count = s.tensors == nullptr ? 0 : s.tensors->size();
    if (index < 0 || index >= count) {
      return BadInput(what + " names tensor #" + std::to_string(index) + ", but subgraph " +
                      std::to_string(s.index) + " has " + std::to_string(count) + " tensors");
    }
    const tflite::Tensor* t = s.tensors->Get(static_cast<uoffset_t>(index));
    GRAPHGEN_RETURN_IF_ERROR(
        CheckName(Str(t->name()), "tensor #" + std::to_string(index) + ": name", options_));
    return t;
  }

  // The tensor's type: `shape`, with the dims shape_signature marks -1 unknown.
  StatusOr<TensorType> TypeOf(const tflite::Tensor& t, const std::string& what) const {
    TensorType type;
    type.dtype = ConvertDType(t.type());
    const auto* shape = t.shape();
    if (shape == nullptr && !t.has_rank()) return type;  // rank unknown
    const uoffset_t rank = shape == nullptr ? 0 : shape->size();
    GRAPHGEN_RETURN_IF_ERROR(CheckRank(rank, what, options_));
    const auto* signature = t.shape_signature();
    const bool use_signature = signature != nullptr && signature->size() == rank;
    type.rank_known = true;
    for (uoffset_t i = 0; i < rank; ++i) {
      const int64_t d = shape->Get(i);
      GRAPHGEN_RETURN_IF_ERROR(CheckDim(d, static_cast<int>(i), 0, what, options_));
      Dim dim{d, ""};
      if (use_signature) {
        const int64_t s = signature->Get(i);
        GRAPHGEN_RETURN_IF_ERROR(CheckDim(s, static_cast<int>(i), -1, what, options_));
        if (s < 0) dim.value = -1;
      }
      type.dims.push_back(dim);
    }
    return type;
  }

  // Whether the tensor's buffer holds data: a constant, which is a weight, not a node.
  bool HasData(const tflite::Tensor& t) const {
    const auto* buffers = model_->buffers();
    if (t.buffer() == 0 || buffers == nullptr || t.buffer() >= buffers->size()) return false;
    const tflite::Buffer* b = buffers->Get(t.buffer());
    return (b->data() != nullptr && b->data()->size() > 0) || (b->offset() > 1 && b->size() > 0);
  }

  Status CheckBufferIndex(const tflite::Tensor& t, const std::string& what) const {
    const int64_t count = model_->buffers() == nullptr ? 0 : model_->buffers()->size();
    if (t.buffer() == 0 || t.buffer() < count) return OkStatus();
    return BadInput(what + " names buffer #" + std::to_string(t.buffer()) + ", but the model has " +
                    std::to_string(count) + " buffers");
  }

  // A weight's elements: the product of its dims (a sparse tensor's dense shape). Nothing
  // is allocated from them.
  StatusOr<Weight> WeightOf(const tflite::Tensor& t, const std::string& what) const {
    auto type = TypeOf(t, what);
    if (!type.ok()) return type.status();
    Weight w;
    int64_t count = 1;
    for (const Dim& d : type->dims) {
      if (__builtin_mul_overflow(count, std::max<int64_t>(d.value, 0), &count)) {
        return BadInput(what + ": the product of its dimensions overflows int64");
      }
    }
    w.elements = count;
    // Scalars are hyperparameters (an epsilon, a clip bound); index tensors are not
    // learned, unless quantized (an int32 bias).
    w.parameter = !type->dims.empty() && (IsParameterDType(type->dtype) || IsQuantized(t));
    return w;
  }

  Status ClaimWeight(Scope& s, int32_t index, int node) {
    auto it = s.weights.find(index);
    if (it == s.weights.end()) {
      const tflite::Tensor* t = s.tensors->Get(static_cast<uoffset_t>(index));
      auto w = WeightOf(*t, DescribeTensor(s, index));
      if (!w.ok()) return w.status();
      it = s.weights.emplace(index, *w).first;
    }
    Weight& w = it->second;
    if (!w.parameter) return OkStatus();
    int64_t* count = w.claimed ? &graph_.nodes[node].shared_params : &graph_.nodes[node].params;
    w.claimed = true;
    // Each weight's count fits int64 (checked); a node reading several absurd ones saturates.
    if (__builtin_add_overflow(*count, w.elements, count)) *count = INT64_MAX;
    return OkStatus();
  }

  // A layer-graph tensor for TFLite tensor `index`, typed from the file.
  StatusOr<int> NewTensor(Scope& s, int32_t index, const tflite::Tensor& t) {
    const std::string what = DescribeTensor(s, index);
    auto type = TypeOf(t, what);
    if (!type.ok()) return type.status();
    const int id = graph_.AddTensor(Str(t.name()));
    graph_.tensors[id].type = std::move(*type);
    s.tensor_ids[index] = id;
    return id;
  }

  // An Input or Output node for tensor `index`, named by the signature when it has one.
  Node BoundaryNode(const Scope& s, int32_t index, NodeKind kind) const {
    Node node;
    node.kind = kind;
    node.op_type = kind == NodeKind::kInput ? "Input" : "Output";
    node.scope = s.scope;
    auto alias = signature_names_.find(index);
    node.name = s.index == 0 && alias != signature_names_.end()
                    ? alias->second
                    : Str(s.tensors->Get(static_cast<uoffset_t>(index))->name());
    if (node.name.empty()) node.name = "#" + std::to_string(index);
    const tflite::Tensor* t = s.tensors->Get(static_cast<uoffset_t>(index));
    if (IsQuantized(*t)) {
      node.detail = DTypeName(ConvertDType(t->type()));
      node.attributes.push_back(Attribute{"quantization", QuantizationText(*t)});
    }
    return node;
  }

  Status ConvertInputs(Scope& s, const tflite::SubGraph& sg) {
    if (sg.inputs() == nullptr) return OkStatus();
    for (uoffset_t i = 0; i < sg.inputs()->size(); ++i) {
      const int32_t index = sg.inputs()->Get(i);
      auto t = TensorAt(s, index, "subgraph input #" + std::to_string(i));
      if (!t.ok()) return t.status();
      if (s.tensor_ids.count(index)) {
        return BadInput("subgraph " + std::to_string(s.index) + " lists " +
                        DescribeTensor(s, index) + " as an input twice");
      }
      GRAPHGEN_RETURN_IF_ERROR(AddNodeChecked(BoundaryNode(s, index, NodeKind::kInput)));
      const int node = static_cast<int>(graph_.nodes.size()) - 1;
      auto id = NewTensor(s, index, **t);
      if (!id.ok()) return id.status();
      graph_.tensors[*id].producer = node;
      graph_.nodes[node].outputs.push_back(*id);
      s.writers[index] = "the subgraph's inputs";
    }
    return OkStatus();
  }

  Status ConvertOutputs(Scope& s, const tflite::SubGraph& sg) {
    if (sg.outputs() == nullptr) return OkStatus();
    for (uoffset_t i = 0; i < sg.outputs()->size(); ++i) {
      const int32_t index = sg.outputs()->Get(i);
      auto t = TensorAt(s, index, "subgraph output #" + std::to_string(i));
      if (!t.ok()) return t.status();
      auto it = s.tensor_ids.find(index);
      if (it == s.tensor_ids.end() && !HasData(**t)) {
        return BadInput("subgraph " + std::to_string(s.index) + ": output " +
                        DescribeTensor(s, index) + " is written by no operator");
      }
      GRAPHGEN_RETURN_IF_ERROR(AddNodeChecked(BoundaryNode(s, index, NodeKind::kOutput)));
      if (it != s.tensor_ids.end()) {
        graph_.Connect(it->second, static_cast<int>(graph_.nodes.size()) - 1);
      }
    }
    return OkStatus();
  }

  // The op type of operator code `index`, read once per code.
  StatusOr<std::string> OpTypeAt(uint32_t index, const std::string& what) {
    if (auto it = op_types_.find(index); it != op_types_.end()) return it->second;
    const auto* codes = model_->operator_codes();
    const int64_t count = codes == nullptr ? 0 : codes->size();
    if (index >= count) {
      return BadInput(what + " uses operator code #" + std::to_string(index) +
                      ", but the model has " + std::to_string(count));
    }
    auto type =
        tflite_ops::OpType(*codes->Get(index), "operator code #" + std::to_string(index), options_);
    if (!type.ok()) return type.status();
    op_types_[index] = *type;
    return *type;
  }

  // Whether every input of `op` is a constant (a buffer with data, or a decoded weight).
  bool AllInputsConstant(const Scope& s, const tflite::Operator& op) const {
    if (op.inputs() == nullptr || op.inputs()->size() == 0) return false;
    for (int32_t in : *op.inputs()) {
      if (in < 0) continue;
      if (s.weights.count(in)) continue;
      const tflite::Tensor* t = s.tensors->Get(static_cast<uoffset_t>(in));
      if (s.tensor_ids.count(in) || !HasData(*t)) return false;
    }
    return true;
  }

  Status ConvertOperator(Scope& s, uoffset_t i, const tflite::Operator& op,
                         std::vector<int64_t>* stack) {
    const std::string at =
        "subgraph " + std::to_string(s.index) + ": operator #" + std::to_string(i);
    auto op_type = OpTypeAt(op.opcode_index(), at);
    if (!op_type.ok()) return op_type.status();
    const std::string desc = at + " (" + Quote(*op_type) + ")";
    // Range-check every tensor index before anything reads one.
    for (const auto* list : {op.inputs(), op.outputs()}) {
      if (list == nullptr) continue;
      for (int32_t index : *list) {
        if (index == -1 && list == op.inputs()) continue;  // an optional input left out
        auto t = TensorAt(s, index, desc);
        if (!t.ok()) return t.status();
        GRAPHGEN_RETURN_IF_ERROR(CheckBufferIndex(**t, DescribeTensor(s, index)));
      }
    }
    // Weights kept as float16 or sparse and decoded at load time: the decoded tensor is
    // the weight, and the decoder is no layer.
    if (IsWeightDecoder(*op_type) && op.outputs() != nullptr && op.outputs()->size() > 0 &&
        AllInputsConstant(s, op)) {
      for (int32_t in : *op.inputs()) {
        if (in >= 0) s.weights.erase(in);
      }
      for (int32_t out : *op.outputs()) {
        GRAPHGEN_RETURN_IF_ERROR(ClaimWriter(s, out, desc));
        auto w = WeightOf(*s.tensors->Get(static_cast<uoffset_t>(out)), DescribeTensor(s, out));
        if (!w.ok()) return w.status();
        s.weights[out] = *w;
      }
      ++decoded_weights_;
      return OkStatus();
    }

    Node node;
    node.op_type = *op_type;
    node.scope = s.scope;
    if (op.outputs() != nullptr && op.outputs()->size() > 0) {
      const int32_t first = op.outputs()->Get(0);
      node.name = NameFromTensor(Str(s.tensors->Get(static_cast<uoffset_t>(first))->name()));
      const tflite::Tensor* out = s.tensors->Get(static_cast<uoffset_t>(first));
      if (IsQuantized(*out)) {
        node.detail = DTypeName(ConvertDType(out->type()));
        node.attributes.push_back(Attribute{"quantization", QuantizationText(*out)});
      }
    }
    GRAPHGEN_RETURN_IF_ERROR(CheckScopeDepth(node.name, desc + ": name", options_));
    tflite_ops::ReadBuiltinOptions(op, &node);
    tflite_ops::ReadCustomOptions(op, &node);
    AddKernelShape(s, op, &node);
    if (static_cast<int>(node.attributes.size()) > kMaxAttributesKept) {
      node.attributes.resize(kMaxAttributesKept);
    }
    GRAPHGEN_RETURN_IF_ERROR(AddNodeChecked(std::move(node)));
    const int id = static_cast<int>(graph_.nodes.size()) - 1;

    if (op.inputs() != nullptr) {
      for (int32_t in : *op.inputs()) {
        if (in < 0) continue;
        if (auto t = s.tensor_ids.find(in); t != s.tensor_ids.end()) {
          graph_.Connect(t->second, id);
          continue;
        }
        const tflite::Tensor* t = s.tensors->Get(static_cast<uoffset_t>(in));
        if (s.weights.count(in) || HasData(*t)) {
          GRAPHGEN_RETURN_IF_ERROR(ClaimWeight(s, in, id));
          continue;
        }
        if (t->is_variable()) {
          // State an op keeps across runs (an LSTM's cell): drawn as an input of its own.
          GRAPHGEN_RETURN_IF_ERROR(AddNodeChecked(BoundaryNode(s, in, NodeKind::kInput)));
          const int state = static_cast<int>(graph_.nodes.size()) - 1;
          auto tid = NewTensor(s, in, *t);
          if (!tid.ok()) return tid.status();
          graph_.tensors[*tid].producer = state;
          graph_.nodes[state].outputs.push_back(*tid);
          graph_.Connect(*tid, id);
          continue;
        }
        // Operators are stored in execution order: a read before the write is a cycle
        // or a broken file.
        return BadInput(desc + " reads " + DescribeTensor(s, in) +
                        ", which no earlier operator writes and which is no input");
      }
    }
    if (op.outputs() != nullptr) {
      for (int32_t out : *op.outputs()) {
        GRAPHGEN_RETURN_IF_ERROR(ClaimWriter(s, out, desc));
        auto tid = NewTensor(s, out, *s.tensors->Get(static_cast<uoffset_t>(out)));
        if (!tid.ok()) return tid.status();
        graph_.tensors[*tid].producer = id;
        graph_.nodes[id].outputs.push_back(*tid);
      }
    }
    for (const tflite_ops::CalledSubgraph& call : tflite_ops::CalledSubgraphs(op)) {
      Status status = ConvertCall(id, call, stack);
      // Context from the outer two levels finds the spot; more makes the line unreadable.
      if (stack->size() < 3) status = status.WithContext(desc);
      GRAPHGEN_RETURN_IF_ERROR(status);
    }
    return OkStatus();
  }

  // Records `writer` as the one writer of tensor `index`.
  Status ClaimWriter(Scope& s, int32_t index, const std::string& writer) const {
    auto [it, inserted] = s.writers.emplace(index, writer);
    if (inserted) return OkStatus();
    return BadInput(DescribeTensor(s, index) + " is written twice: by " + it->second + " and by " +
                    writer);
  }

  // "kernel_shape" [h, w] from the weight's shape, which is where TFLite records it.
  void AddKernelShape(const Scope& s, const tflite::Operator& op, Node* node) const {
    const KernelLayout k = KernelOf(node->op_type);
    if (k.input < 0 || op.inputs() == nullptr || op.inputs()->size() <= uoffset_t(k.input)) return;
    const int32_t w = op.inputs()->Get(static_cast<uoffset_t>(k.input));
    if (w < 0) return;
    const auto* shape = s.tensors->Get(static_cast<uoffset_t>(w))->shape();
    if (shape == nullptr || shape->size() < static_cast<uoffset_t>(k.first + k.count)) return;
    std::vector<int64_t> kernel;
    for (int d = k.first; d < k.first + k.count; ++d) {
      kernel.push_back(shape->Get(static_cast<uoffset_t>(d)));
    }
    Attribute a;
    a.name = "kernel_shape";
    a.kind = AttrKind::kInts;
    for (size_t d = 0; d < kernel.size(); ++d) {
      a.value += (d > 0 ? "\xC3\x97" : "") + std::to_string(kernel[d]);
    }
    a.ints = std::move(kernel);
    node->attributes.push_back(std::move(a));
  }

  // A subgraph control flow runs, drawn as a cluster under its operator.
  Status ConvertCall(int owner, const tflite_ops::CalledSubgraph& call,
                     std::vector<int64_t>* stack) {
    const int64_t count = model_->subgraphs()->size();
    if (call.index < 0 || call.index >= count) {
      return BadInput("its " + call.role + " subgraph is #" + std::to_string(call.index) +
                      ", but the model has " + std::to_string(count) + " subgraphs");
    }
    for (int64_t caller : *stack) {
      if (caller == call.index) {
        return BadInput("subgraph " + std::to_string(call.index) + " calls itself");
      }
    }
    if (static_cast<int64_t>(stack->size()) > options_.max_nesting_depth) {
      return LimitExceeded("subgraphs are nested more than " +
                           std::to_string(options_.max_nesting_depth) +
                           " deep (raise it with --max-depth)");
    }
    // A subgraph is drawn at each call: count the calls too, so a file calling an empty
    // subgraph from everywhere cannot take unbounded time.
    if (++calls_ > options_.max_nodes) {
      return LimitExceeded("the model calls subgraphs more than " +
                           std::to_string(options_.max_nodes) +
                           " times (raise it with --max-nodes)");
    }
    const tflite::SubGraph* body = model_->subgraphs()->Get(static_cast<uoffset_t>(call.index));
    const std::string name = Str(body->name());
    GRAPHGEN_RETURN_IF_ERROR(
        CheckName(name, "subgraph " + std::to_string(call.index) + ": name", options_));
    const int scope =
        graph_.ChildScope(graph_.nodes[owner].scope, graph_.DisplayName(owner) + "." + call.role,
                          ScopeKind::kSubgraph);
    graph_.scopes[scope].owner_node = owner;
    graph_.scopes[scope].tooltip =
        "subgraph " + std::to_string(call.index) + (name.empty() ? "" : " " + Q(name));
    const size_t first = graph_.nodes.size();
    Status status = ConvertSubgraph(call.index, scope, stack);
    if (stack->size() < 2) {
      status = status.WithContext(call.role);
    }
    GRAPHGEN_RETURN_IF_ERROR(status);
    // Hang the body under its operator: link the owner to the body's entry nodes.
    for (size_t n = first; n < graph_.nodes.size(); ++n) {
      if (graph_.nodes[n].scope != scope) continue;
      bool entry = true;
      for (int t : graph_.nodes[n].inputs) {
        if (graph_.tensors[t].producer >= static_cast<int>(first)) entry = false;
      }
      if (entry) graph_.nesting_edges.emplace_back(owner, static_cast<int>(n));
    }
    return OkStatus();
  }

  Status ConvertSubgraph(int64_t index, int scope, std::vector<int64_t>* stack) {
    const tflite::SubGraph* sg = model_->subgraphs()->Get(static_cast<uoffset_t>(index));
    drawn_subgraphs_.insert(index);
    Scope s;
    s.index = index;
    s.scope = scope;
    s.tensors = sg->tensors();
    const int64_t tensors = s.tensors == nullptr ? 0 : s.tensors->size();
    if (tensors > options_.max_edges) {
      return LimitExceeded("subgraph " + std::to_string(index) + " has " + std::to_string(tensors) +
                           " tensors, more than the limit of " +
                           std::to_string(options_.max_edges) + " (raise it with --max-edges)");
    }
    stack->push_back(index);
    Status status = ConvertBody(s, *sg, stack);
    stack->pop_back();  // also on errors: the callers' context depends on the depth
    return status;
  }

  Status ConvertBody(Scope& s, const tflite::SubGraph& sg, std::vector<int64_t>* stack) {
    GRAPHGEN_RETURN_IF_ERROR(ConvertInputs(s, sg));
    if (sg.operators() != nullptr) {
      for (uoffset_t i = 0; i < sg.operators()->size(); ++i) {
        GRAPHGEN_RETURN_IF_ERROR(ConvertOperator(s, i, *sg.operators()->Get(i), stack));
      }
    }
    return ConvertOutputs(s, sg);
  }

  const std::string& bytes_;
  const ImportOptions& options_;
  const tflite::Model* model_ = nullptr;
  LayerGraph graph_;
  // Lookup only; nothing iterates them in an order that reaches the output.
  std::unordered_map<uint32_t, std::string> op_types_;
  std::unordered_map<uint32_t, std::string> signature_names_;
  std::set<int64_t> drawn_subgraphs_;
  int64_t calls_ = 0;
  int64_t decoded_weights_ = 0;
};

}  // namespace

StatusOr<LayerGraph> ConvertTfliteModel(const std::string& bytes, const ImportOptions& options,
                                        Warnings* warnings) {
  (void)warnings;  // nothing in a TFLite file is worth a warning yet
  return Converter(bytes, options).Convert();
}

}  // namespace graphgen
