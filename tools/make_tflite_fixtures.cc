// Writes the TensorFlow Lite fixtures with the FlatBuffers builder of our own schema
// (third_party/tflite): small models for the importer and golden tests, and the hostile
// files of fixtures/hostile/MANIFEST.tsv (truncations, indices and offsets out of range,
// absurd dims, nesting past the limit, a subgraph calling itself). Deterministic: the same
// bytes on every run.
//
// Usage: make_tflite_fixtures models|hostile OUT_DIR   (prints the names it wrote)
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "third_party/tflite/graphgen_tflite_generated.h"

namespace {

namespace tfl = graphgen::tflite;
using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

// A tensor as the fixtures describe it; serialised by Build below.
struct T {
  std::string name;
  std::vector<int32_t> shape;
  tfl::TensorType type = tfl::TensorType::FLOAT32;
  int data_bytes = 0;              // > 0: a constant whose own buffer holds this many zero bytes
  bool external = false;           // the buffer's data lies after the FlatBuffer (offset, size)
  std::vector<int32_t> signature;  // shape_signature, -1 for unknown dims
  std::vector<float> scales;
  std::vector<int64_t> zero_points;
  int32_t quantized_dimension = 0;
  bool variable = false;
};

using Options = std::function<std::pair<tfl::BuiltinOptions, Offset<void>>(FlatBufferBuilder&)>;

struct Op {
  uint32_t code = 0;
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
  Options options;
};

struct Sub {
  std::string name;
  std::vector<T> tensors;
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
  std::vector<Op> ops;
};

struct Code {
  int32_t builtin = 0;
  std::string custom;
  bool legacy = false;  // deprecated_builtin_code only, as files before schema 3a
};

struct Model {
  std::string description;
  std::vector<Code> codes;
  std::vector<Sub> subgraphs;
  // Signature of subgraph 0: (alias, tensor index) for inputs and outputs.
  std::vector<std::pair<std::string, uint32_t>> sig_inputs, sig_outputs;
  std::vector<std::string> metadata;
};

std::string Build(const Model& m, uint64_t external_offset) {
  FlatBufferBuilder fbb;
  std::vector<Offset<tfl::Buffer>> buffers = {tfl::CreateBuffer(fbb)};
  std::vector<Offset<tfl::SubGraph>> subgraphs;
  uint64_t external_at = external_offset;
  for (const Sub& s : m.subgraphs) {
    std::vector<Offset<tfl::Tensor>> tensors;
    for (const T& t : s.tensors) {
      uint32_t buffer = 0;
      if (t.data_bytes > 0) {
        buffer = static_cast<uint32_t>(buffers.size());
        if (t.external) {
          buffers.push_back(tfl::CreateBuffer(fbb, 0, external_at, t.data_bytes));
          external_at += t.data_bytes;
        } else {
          std::vector<uint8_t> zeros(t.data_bytes, 0);
          const auto data = fbb.CreateVector(zeros);
          buffers.push_back(tfl::CreateBuffer(fbb, data));
        }
      }
      Offset<tfl::QuantizationParameters> q = 0;
      if (!t.scales.empty()) {
        // Every nested object made in its own statement: argument evaluation order is
        // unspecified (gcc and clang differ), and the bytes must not depend on the compiler.
        const auto scales = fbb.CreateVector(t.scales);
        const auto zero_points = fbb.CreateVector(t.zero_points);
        q = tfl::CreateQuantizationParameters(fbb, 0, 0, scales, zero_points,
                                              tfl::QuantizationDetails::NONE, 0,
                                              t.quantized_dimension);
      }
      const auto shape = fbb.CreateVector(t.shape);
      const auto name = fbb.CreateString(t.name);
      const auto signature = t.signature.empty() ? Offset<flatbuffers::Vector<int32_t>>(0)
                                                 : fbb.CreateVector(t.signature);
      tensors.push_back(
          tfl::CreateTensor(fbb, shape, t.type, buffer, name, q, t.variable, 0, signature));
    }
    std::vector<Offset<tfl::Operator>> ops;
    for (const Op& op : s.ops) {
      std::pair<tfl::BuiltinOptions, Offset<void>> options = {tfl::BuiltinOptions::NONE, 0};
      if (op.options) options = op.options(fbb);
      const auto inputs = fbb.CreateVector(op.inputs);
      const auto outputs = fbb.CreateVector(op.outputs);
      ops.push_back(
          tfl::CreateOperator(fbb, op.code, inputs, outputs, options.first, options.second));
    }
    const auto tensor_list = fbb.CreateVector(tensors);
    const auto sub_inputs = fbb.CreateVector(s.inputs);
    const auto sub_outputs = fbb.CreateVector(s.outputs);
    const auto op_list = fbb.CreateVector(ops);
    const auto sub_name = fbb.CreateString(s.name);
    subgraphs.push_back(
        tfl::CreateSubGraph(fbb, tensor_list, sub_inputs, sub_outputs, op_list, sub_name));
  }
  std::vector<Offset<tfl::OperatorCode>> codes;
  for (const Code& c : m.codes) {
    const int8_t legacy = static_cast<int8_t>(c.builtin < 127 ? c.builtin : 127);
    const auto custom =
        c.custom.empty() ? Offset<flatbuffers::String>(0) : fbb.CreateString(c.custom);
    codes.push_back(tfl::CreateOperatorCode(
        fbb, legacy, custom, 1,
        c.legacy ? tfl::BuiltinOperator::ADD : static_cast<tfl::BuiltinOperator>(c.builtin)));
  }
  std::vector<Offset<tfl::Metadata>> metadata;
  for (const std::string& name : m.metadata) {
    const uint32_t buffer = static_cast<uint32_t>(buffers.size());
    const std::string value = "1.5.0";
    const auto bytes =
        fbb.CreateVector(reinterpret_cast<const uint8_t*>(value.data()), value.size());
    buffers.push_back(tfl::CreateBuffer(fbb, bytes));
    const auto meta_name = fbb.CreateString(name);
    metadata.push_back(tfl::CreateMetadata(fbb, meta_name, buffer));
  }
  Offset<flatbuffers::Vector<Offset<tfl::SignatureDef>>> signatures = 0;
  if (!m.sig_inputs.empty() || !m.sig_outputs.empty()) {
    const auto maps = [&](const std::vector<std::pair<std::string, uint32_t>>& list) {
      std::vector<Offset<tfl::TensorMap>> out;
      for (const auto& [alias, index] : list) {
        const auto alias_name = fbb.CreateString(alias);
        out.push_back(tfl::CreateTensorMap(fbb, alias_name, index));
      }
      return fbb.CreateVector(out);
    };
    const auto inputs = maps(m.sig_inputs);
    const auto outputs = maps(m.sig_outputs);
    const auto key = fbb.CreateString("serving_default");
    const auto def = tfl::CreateSignatureDef(fbb, inputs, outputs, key, 0);
    signatures = fbb.CreateVector(std::vector<Offset<tfl::SignatureDef>>{def});
  }
  const auto code_list = fbb.CreateVector(codes);
  const auto subgraph_list = fbb.CreateVector(subgraphs);
  const auto description = fbb.CreateString(m.description);
  const auto buffer_list = fbb.CreateVector(buffers);
  const auto metadata_list = metadata.empty()
                                 ? Offset<flatbuffers::Vector<Offset<tfl::Metadata>>>(0)
                                 : fbb.CreateVector(metadata);
  const auto model = tfl::CreateModel(fbb, 3, code_list, subgraph_list, description, buffer_list, 0,
                                      metadata_list, signatures);
  tfl::FinishModelBuffer(fbb, model);
  return std::string(reinterpret_cast<const char*>(fbb.GetBufferPointer()), fbb.GetSize());
}

// The model's bytes, with the external buffers' data (zeros) appended after the
// FlatBuffer at a 16-byte boundary, as TFLite's converter writes models past 2 GB.
std::string Serialize(const Model& m) {
  int64_t external = 0;
  for (const Sub& s : m.subgraphs) {
    for (const T& t : s.tensors) external += t.external ? t.data_bytes : 0;
  }
  if (external == 0) return Build(m, 0);
  // The offsets are fixed-width fields: the FlatBuffer's size does not depend on them.
  const size_t size = Build(m, 16).size();
  const size_t at = (size + 15) / 16 * 16;
  std::string bytes = Build(m, at);
  bytes.resize(at, '\0');
  bytes.append(static_cast<size_t>(external), '\0');
  return bytes;
}

Options Conv(int stride, tfl::ActivationFunctionType act) {
  return [=](FlatBufferBuilder& fbb) {
    return std::make_pair(
        tfl::BuiltinOptions::Conv2DOptions,
        tfl::CreateConv2DOptions(fbb, tfl::Padding::SAME, stride, stride, act).Union());
  };
}

Options Depthwise(int stride, tfl::ActivationFunctionType act) {
  return [=](FlatBufferBuilder& fbb) {
    return std::make_pair(
        tfl::BuiltinOptions::DepthwiseConv2DOptions,
        tfl::CreateDepthwiseConv2DOptions(fbb, tfl::Padding::SAME, stride, stride, 1, act).Union());
  };
}

Options Add(tfl::ActivationFunctionType act) {
  return [=](FlatBufferBuilder& fbb) {
    return std::make_pair(tfl::BuiltinOptions::AddOptions, tfl::CreateAddOptions(fbb, act).Union());
  };
}

Options While(int cond, int body) {
  return [=](FlatBufferBuilder& fbb) {
    return std::make_pair(tfl::BuiltinOptions::WhileOptions,
                          tfl::CreateWhileOptions(fbb, cond, body).Union());
  };
}

int32_t Code(tfl::BuiltinOperator op) { return static_cast<int32_t>(op); }

using B = tfl::BuiltinOperator;
using A = tfl::ActivationFunctionType;

// image -> CONV_2D · RELU6 (float16 weights, decoded by DEQUANTIZE) -> DEPTHWISE_CONV_2D ·
// RELU -> CONV_2D -> ADD · RELU (skip from the first conv) -> MEAN -> FULLY_CONNECTED ->
// SOFTMAX, batch unknown (shape_signature -1), named by a signature.
Model MobileBlock() {
  Model m;
  m.description = "graphgen mobile_block fixture";
  m.codes = {{Code(B::DEQUANTIZE)}, {Code(B::CONV_2D)}, {Code(B::DEPTHWISE_CONV_2D)},
             {Code(B::ADD)},        {Code(B::MEAN)},    {Code(B::FULLY_CONNECTED)},
             {Code(B::SOFTMAX)}};
  Sub s;
  s.name = "main";
  const std::vector<int32_t> map16 = {-1, 16, 16, 8};
  s.tensors = {
      {"serving_default_image:0",
       {1, 32, 32, 3},
       tfl::TensorType::FLOAT32,
       0,
       false,
       {-1, 32, 32, 3}},
      {"model/conv1/Conv2D_fp16", {8, 3, 3, 3}, tfl::TensorType::FLOAT16, 432},
      {"model/conv1/Conv2D", {8, 3, 3, 3}},
      {"model/conv1/BiasAdd/bias", {8}, tfl::TensorType::FLOAT32, 32},
      {"model/conv1/Relu6;model/conv1/BiasAdd",
       {1, 16, 16, 8},
       tfl::TensorType::FLOAT32,
       0,
       false,
       map16},
      {"model/block/depthwise/weights", {1, 3, 3, 8}, tfl::TensorType::FLOAT32, 288},
      {"model/block/depthwise/bias", {8}, tfl::TensorType::FLOAT32, 32},
      {"model/block/depthwise;model/block/Relu",
       {1, 16, 16, 8},
       tfl::TensorType::FLOAT32,
       0,
       false,
       map16},
      {"model/block/project/weights", {8, 1, 1, 8}, tfl::TensorType::FLOAT32, 256},
      {"model/block/project/bias", {8}, tfl::TensorType::FLOAT32, 32},
      {"model/block/project", {1, 16, 16, 8}, tfl::TensorType::FLOAT32, 0, false, map16},
      {"model/block/add", {1, 16, 16, 8}, tfl::TensorType::FLOAT32, 0, false, map16},
      {"model/pool/Mean/reduction_indices", {2}, tfl::TensorType::INT32, 8},
      {"model/pool/Mean", {1, 8}, tfl::TensorType::FLOAT32, 0, false, {-1, 8}},
      {"model/head/MatMul/weights", {4, 8}, tfl::TensorType::FLOAT32, 128},
      {"model/head/BiasAdd/bias", {4}, tfl::TensorType::FLOAT32, 16},
      {"model/head/MatMul;model/head/BiasAdd", {1, 4}, tfl::TensorType::FLOAT32, 0, false, {-1, 4}},
      {"StatefulPartitionedCall:0", {1, 4}, tfl::TensorType::FLOAT32, 0, false, {-1, 4}},
  };
  s.inputs = {0};
  s.outputs = {17};
  s.ops = {
      {0, {1}, {2}},
      {1, {0, 2, 3}, {4}, Conv(2, A::RELU6)},
      {2, {4, 5, 6}, {7}, Depthwise(1, A::RELU)},
      {1, {7, 8, 9}, {10}, Conv(1, A::NONE)},
      {3, {4, 10}, {11}, Add(A::RELU)},
      {4, {11, 12}, {13}},
      {5, {13, 14, 15}, {16}},
      {6, {16}, {17}},
  };
  m.subgraphs = {s};
  m.sig_inputs = {{"image", 0}};
  m.sig_outputs = {{"probs", 17}};
  m.metadata = {"min_runtime_version"};
  return m;
}

// QUANTIZE -> CONV_2D on int8 with per-channel weight scales and an int32 bias ->
// DEQUANTIZE: what full-integer quantization writes.
Model Quantized() {
  Model m;
  m.description = "graphgen quantized fixture";
  m.codes = {{Code(B::QUANTIZE)}, {Code(B::CONV_2D)}, {Code(B::DEQUANTIZE)}};
  Sub s;
  T x{"x", {1, 8, 8, 3}};
  T xq{"x_int8", {1, 8, 8, 3}, tfl::TensorType::INT8};
  xq.scales = {0.0078125f};
  xq.zero_points = {-1};
  T w{"conv/weights", {4, 3, 3, 3}, tfl::TensorType::INT8, 108};
  w.scales = {0.01f, 0.02f, 0.03f, 0.04f};
  w.zero_points = {0, 0, 0, 0};
  T b{"conv/bias", {4}, tfl::TensorType::INT32, 16};
  b.scales = {0.0001f, 0.0002f, 0.0003f, 0.0004f};
  b.zero_points = {0, 0, 0, 0};
  T y{"conv/Relu", {1, 8, 8, 4}, tfl::TensorType::INT8};
  y.scales = {0.05f};
  y.zero_points = {-128};
  T out{"y", {1, 8, 8, 4}};
  s.tensors = {x, xq, w, b, y, out};
  s.inputs = {0};
  s.outputs = {5};
  s.ops = {{0, {0}, {1}}, {1, {1, 2, 3}, {4}, Conv(1, A::RELU)}, {2, {4}, {5}}};
  m.subgraphs = {s};
  return m;
}

// WHILE (cond and body subgraphs), IF (then and else), CALL_ONCE, a custom op, and one
// subgraph nothing calls.
Model ControlFlow() {
  Model m;
  m.description = "graphgen control_flow fixture";
  m.codes = {
      {Code(B::WHILE)},  {Code(B::IF)},   {Code(B::CALL_ONCE)}, {Code(B::LESS)},
      {Code(B::ADD)},    {Code(B::RELU)}, {Code(B::TANH)},      {Code(B::CUSTOM), "MyCustomOp"},
      {Code(B::GREATER)}};
  Sub main;
  main.name = "main";
  main.tensors = {{"x", {1}},
                  {"loop/out", {1}},
                  {"zero", {1}, tfl::TensorType::FLOAT32, 4},
                  {"flag", {1}, tfl::TensorType::BOOL},
                  {"branch/out", {1}},
                  {"custom/out", {1}}};
  main.inputs = {0};
  main.outputs = {5};
  main.ops = {
      {2,
       {},
       {},
       [](FlatBufferBuilder& fbb) {
         return std::make_pair(tfl::BuiltinOptions::CallOnceOptions,
                               tfl::CreateCallOnceOptions(fbb, 5).Union());
       }},
      {0, {0}, {1}, While(1, 2)},
      {8, {1, 2}, {3}},
      {1,
       {3, 1},
       {4},
       [](FlatBufferBuilder& fbb) {
         return std::make_pair(tfl::BuiltinOptions::IfOptions,
                               tfl::CreateIfOptions(fbb, 3, 4).Union());
       }},
      {7, {4}, {5}},
  };
  Sub cond{"while_cond",
           {{"i", {1}},
            {"limit", {1}, tfl::TensorType::FLOAT32, 4},
            {"i < limit", {1}, tfl::TensorType::BOOL}},
           {0},
           {2},
           {{3, {0, 1}, {2}}}};
  Sub body{"while_body",
           {{"i", {1}}, {"one", {1}, tfl::TensorType::FLOAT32, 4}, {"i + 1", {1}}},
           {0},
           {2},
           {{4, {0, 1}, {2}}}};
  Sub then_branch{"then", {{"v", {1}}, {"relu", {1}}}, {0}, {1}, {{5, {0}, {1}}}};
  Sub else_branch{"else", {{"v", {1}}, {"tanh", {1}}}, {0}, {1}, {{6, {0}, {1}}}};
  Sub init{"init",
           {{"state", {1}, tfl::TensorType::FLOAT32, 0, false, {}, {}, {}, 0, true}, {"bump", {1}}},
           {},
           {},
           {{4, {0, 0}, {1}}}};
  Sub unused{"unused", {{"u", {1}}}, {0}, {0}, {}};
  m.subgraphs = {main, cond, body, then_branch, else_branch, init, unused};
  return m;
}

// A conv whose weights lie after the FlatBuffer (Buffer.offset and size), with operator
// codes as files before schema 3a wrote them (deprecated_builtin_code only).
Model ExternalWeights() {
  Model m;
  m.description = "graphgen external_weights fixture";
  m.codes = {{Code(B::CONV_2D), "", true}};
  Sub s;
  T w{"conv/weights", {16, 3, 3, 8}, tfl::TensorType::FLOAT32, 16 * 3 * 3 * 8 * 4};
  w.external = true;
  s.tensors = {{"x", {1, 8, 8, 8}}, w, {"y", {1, 8, 8, 16}}};
  s.inputs = {0};
  s.outputs = {2};
  s.ops = {{0, {0, 1}, {2}, Conv(1, A::NONE)}};
  m.subgraphs = {s};
  return m;
}

// The smallest model the hostile cases start from: x -> RELU -> y.
Model Relu() {
  Model m;
  m.codes = {{Code(B::RELU)}};
  m.subgraphs = {{"main", {{"x", {1, 4}}, {"y", {1, 4}}}, {0}, {1}, {{0, {0}, {1}}}}};
  return m;
}

std::string g_dir;
bool g_ok = true;

void Write(const std::string& name, const std::string& bytes) {
  std::ofstream out(g_dir + "/" + name, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  g_ok &= static_cast<bool>(out);
  std::cout << name << "\n";
}

void WriteModels() {
  Write("mobile_block.tflite", Serialize(MobileBlock()));
  Write("quantized.tflite", Serialize(Quantized()));
  Write("control_flow.tflite", Serialize(ControlFlow()));
  Write("external_weights.tflite", Serialize(ExternalWeights()));
}

void WriteHostile() {
  // Truncated: before the root table, inside the tables, and just short of the end.
  const std::string full = Serialize(MobileBlock());
  const std::pair<const char*, size_t> cuts[] = {
      {"0012", 12}, {"0064", 64}, {"half", full.size() / 2}, {"end", full.size() - 4}};
  for (const auto& [name, cut] : cuts) {
    Write(std::string("tflite_truncated_at_") + name + ".tflite", full.substr(0, cut));
  }
  // The root offset points far past the end.
  std::string root = Serialize(Relu());
  const uint32_t far = 0x7fffff00;
  std::memcpy(&root[0], &far, 4);
  Write("tflite_root_past_end.tflite", root);

  Model m = Relu();
  m.subgraphs[0].ops[0].code = 7;
  Write("tflite_bad_opcode_index.tflite", Serialize(m));

  m = Relu();
  m.subgraphs[0].ops[0].inputs = {99};
  Write("tflite_bad_tensor_index.tflite", Serialize(m));

  m = Relu();
  m.subgraphs[0].ops[0].inputs = {1};
  m.subgraphs[0].ops[0].outputs = {0};
  Write("tflite_read_before_write.tflite", Serialize(m));

  // Weights declared after the FlatBuffer, the file cut before them.
  std::string external = Serialize(ExternalWeights());
  Write("tflite_buffer_past_end.tflite", external.substr(0, external.size() - 100));

  // 2^31-1 in every dim of a weight: counted, never allocated; the count overflows.
  m = Relu();
  m.codes = {{Code(B::FULLY_CONNECTED)}};
  m.subgraphs[0].tensors.push_back(
      {"w", {2147483647, 2147483647, 2147483647}, tfl::TensorType::FLOAT32, 4});
  m.subgraphs[0].ops[0].inputs = {0, 2};
  Write("tflite_huge_dims.tflite", Serialize(m));

  m = Relu();
  m.subgraphs[0].tensors[1].shape = {1, -5};
  Write("tflite_negative_dim.tflite", Serialize(m));

  m = Relu();
  m.subgraphs[0].tensors[0].name = std::string("x\xC0\x80", 3);
  Write("tflite_name_invalid_utf8.tflite", Serialize(m));

  // WHILE bodies nested 40 deep, past the default --max-depth of 32.
  m = Relu();
  m.codes = {{Code(B::WHILE)}, {Code(B::RELU)}};
  m.subgraphs.clear();
  for (int i = 0; i < 40; ++i) {
    Sub s{"level" + std::to_string(i), {{"v", {1}}, {"w", {1}}}, {0}, {1}, {}};
    s.ops.push_back({0, {0}, {1}, While(i + 1, i + 1)});
    m.subgraphs.push_back(s);
  }
  m.subgraphs.push_back({"leaf", {{"v", {1}}, {"w", {1}}}, {0}, {1}, {{1, {0}, {1}}}});
  Write("tflite_deep_nesting.tflite", Serialize(m));

  // A body that runs itself.
  m.subgraphs = {{"main", {{"v", {1}}, {"w", {1}}}, {0}, {1}, {{0, {0}, {1}, While(1, 1)}}},
                 {"body", {{"v", {1}}, {"w", {1}}}, {0}, {1}, {{0, {0}, {1}, While(1, 1)}}}};
  Write("tflite_recursive_call.tflite", Serialize(m));

  m.subgraphs = {{"main", {{"v", {1}}, {"w", {1}}}, {0}, {1}, {{0, {0}, {1}, While(1, 9)}}},
                 {"cond", {{"v", {1}}}, {0}, {0}, {}}};
  Write("tflite_bad_subgraph_index.tflite", Serialize(m));

  // A vector whose length claims more elements than the file holds.
  std::string lying = Serialize(Relu());
  const std::string needle("main", 4);
  const size_t at = lying.find(needle);
  const uint32_t huge = 0x40000000;
  if (at != std::string::npos && at >= 4) std::memcpy(&lying[at - 4], &huge, 4);
  Write("tflite_string_past_end.tflite", lying);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || (std::string(argv[1]) != "models" && std::string(argv[1]) != "hostile")) {
    std::cerr << "usage: make_tflite_fixtures models|hostile OUT_DIR\n";
    return 2;
  }
  g_dir = argv[2];
  if (std::string(argv[1]) == "models") {
    WriteModels();
  } else {
    WriteHostile();
  }
  return g_ok ? 0 : 1;
}
