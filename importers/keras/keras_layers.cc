#include "importers/keras/keras_layers.h"

#include <algorithm>

namespace graphgen {
namespace {

using nlohmann::json;

// Dims above this are not real layer sizes; computing with them would only overflow.
constexpr int64_t kMaxDim = int64_t{1} << 40;

int64_t Int(const json& c, const char* key, int64_t fallback) {
  auto it = c.find(key);
  if (it == c.end() || !it->is_number_integer()) return fallback;
  const int64_t v = it->get<int64_t>();
  return v < 0 || v > kMaxDim ? fallback : v;
}

bool Bool(const json& c, const char* key, bool fallback) {
  auto it = c.find(key);
  return it != c.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

std::string Str(const json& c, const char* key) {
  auto it = c.find(key);
  return it != c.end() && it->is_string() ? it->get<std::string>() : "";
}

// An int or a list of ints ("kernel_size": 3 or [3, 3]) for `n` spatial axes.
std::vector<int64_t> Ints(const json& c, const char* key, size_t n, int64_t fallback) {
  std::vector<int64_t> out(n, fallback);
  auto it = c.find(key);
  if (it == c.end()) return out;
  if (it->is_number_integer()) {
    std::fill(out.begin(), out.end(), std::clamp<int64_t>(it->get<int64_t>(), 0, kMaxDim));
  } else if (it->is_array() && it->size() == n) {
    for (size_t i = 0; i < n; ++i) {
      if ((*it)[i].is_number_integer()) {
        out[i] = std::clamp<int64_t>((*it)[i].get<int64_t>(), 0, kMaxDim);
      }
    }
  }
  return out;
}

// a * b (+ ...), or -1 once anything is unknown or overflows.
int64_t Mul(int64_t a, int64_t b) {
  int64_t r;
  if (a < 0 || b < 0 || __builtin_mul_overflow(a, b, &r)) return -1;
  return r;
}
int64_t Add(int64_t a, int64_t b) {
  int64_t r;
  if (a < 0 || b < 0 || __builtin_add_overflow(a, b, &r)) return -1;
  return r;
}

int64_t Product(const std::vector<int64_t>& v) {
  int64_t p = 1;
  for (int64_t x : v) p = Mul(p, x);
  return p;
}

bool ChannelsFirst(const json& c) { return Str(c, "data_format") == "channels_first"; }

// The size of `axis` (negative counts from the end) of a known-rank type; -1 if unknown.
int64_t DimAt(const TensorType& t, int64_t axis) {
  if (!t.rank_known) return -1;
  const int64_t rank = static_cast<int64_t>(t.dims.size());
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) return -1;
  return t.dims[axis].value;
}

int64_t ChannelDim(const TensorType& t, const json& c) {
  return DimAt(t, ChannelsFirst(c) ? 1 : -1);
}

int64_t AxisOf(const json& c, int64_t fallback) {
  auto it = c.find("axis");
  if (it == c.end()) return fallback;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_array() && it->size() == 1 && (*it)[0].is_number_integer()) {
    return (*it)[0].get<int64_t>();
  }
  return fallback;
}

TensorType Unknown(DType dtype) {
  TensorType t;
  t.dtype = dtype;
  return t;
}

// Number of spatial axes of a convolution or pooling class: Conv2D -> 2.
size_t SpatialAxes(const std::string& cls) {
  if (cls.find("1D") != std::string::npos) return 1;
  if (cls.find("3D") != std::string::npos) return 3;
  return 2;
}

bool IsConv(const std::string& cls) {
  return cls == "Conv1D" || cls == "Conv2D" || cls == "Conv3D" || cls == "Convolution2D" ||
         cls == "Conv1DTranspose" || cls == "Conv2DTranspose" || cls == "Conv3DTranspose" ||
         cls == "DepthwiseConv2D" || cls == "DepthwiseConv1D" || cls == "SeparableConv2D" ||
         cls == "SeparableConv1D";
}

bool IsPool(const std::string& cls) {
  return cls.rfind("MaxPooling", 0) == 0 || cls.rfind("AveragePooling", 0) == 0;
}

// Output type of a convolution or pooling over the spatial axes of `in`.
TensorType Spatial(const std::string& cls, const json& c, const TensorType& in, int64_t channels) {
  const size_t n = SpatialAxes(cls);
  if (!in.rank_known || in.dims.size() != n + 2) return Unknown(in.dtype);
  const bool pool = IsPool(cls);
  const bool transpose = cls.find("Transpose") != std::string::npos;
  const auto k = Ints(c, pool ? "pool_size" : "kernel_size", n, pool ? 2 : 1);
  const auto s = Ints(c, "strides", n, -1);
  const auto d = Ints(c, "dilation_rate", n, 1);
  const bool same = Str(c, "padding") == "same";
  TensorType out = in;
  const size_t first = ChannelsFirst(c) ? 2 : 1;
  for (size_t i = 0; i < n; ++i) {
    const int64_t stride = s[i] > 0 ? s[i] : (pool ? k[i] : 1);
    const int64_t x = in.dims[first + i].value;
    int64_t y = -1;
    // Checked: kernel, dilation, stride and dim may each be up to kMaxDim (2^40), and
    // their products overflow int64; an overflow makes the dim unknown (-1).
    const int64_t span = k[i] >= 1 ? Add(Mul(d[i], k[i] - 1), 1) : -1;
    if (x >= 0 && stride > 0 && span > 0) {
      if (transpose) {
        const int64_t grown = Mul(x, stride);
        y = same || grown < 0 ? grown : Add(grown, std::max<int64_t>(span - stride, 0));
      } else if (same) {
        y = (x - 1) / stride + 1;  // ceil(x / stride) without x + stride overflowing
        if (x == 0) y = 0;
      } else {
        y = x >= span ? (x - span) / stride + 1 : 0;
      }
    }
    out.dims[first + i] = Dim{y, ""};
  }
  if (channels != 0) out.dims[ChannelsFirst(c) ? 1 : n + 1] = Dim{channels, ""};
  return out;
}

bool IsRecurrent(const std::string& cls) {
  return cls == "LSTM" || cls == "GRU" || cls == "SimpleRNN" || cls == "CuDNNLSTM" ||
         cls == "CuDNNGRU";
}

// The layer inside a Bidirectional / TimeDistributed wrapper.
bool Wrapped(const json& c, std::string* cls, const json** config) {
  auto layer = c.find("layer");
  if (layer == c.end() || !layer->is_object()) return false;
  *cls = Str(*layer, "class_name");
  auto inner = layer->find("config");
  if (inner == layer->end() || !inner->is_object()) return false;
  *config = &*inner;
  return true;
}

}  // namespace

TensorType KerasShape(const json& shape, DType dtype) {
  TensorType t;
  t.dtype = dtype;
  if (!shape.is_array() || shape.size() > 64) return t;
  for (const json& d : shape) {
    if (d.is_null()) {
      t.dims.push_back(Dim{-1, ""});
    } else if (d.is_number_integer()) {
      const int64_t v = d.get<int64_t>();
      t.dims.push_back(Dim{v >= 0 && v <= kMaxDim ? v : -1, ""});
    } else {
      return Unknown(dtype);
    }
  }
  t.rank_known = true;
  return t;
}

DType KerasDType(const json& dtype) {
  std::string name;
  if (dtype.is_string()) {
    name = dtype.get<std::string>();
  } else if (dtype.is_object()) {  // Keras 3: {"class_name": "DTypePolicy", "config": {...}}
    auto config = dtype.find("config");
    if (config != dtype.end() && config->is_object()) name = Str(*config, "name");
  }
  if (name == "float32" || name == "mixed_float16") return DType::kFloat32;
  if (name == "float16") return DType::kFloat16;
  if (name == "bfloat16" || name == "mixed_bfloat16") return DType::kBFloat16;
  if (name == "float64") return DType::kFloat64;
  if (name == "int32") return DType::kInt32;
  if (name == "int64") return DType::kInt64;
  if (name == "uint8") return DType::kUInt8;
  if (name == "bool") return DType::kBool;
  if (name == "string") return DType::kString;
  return DType::kUnknown;
}

TensorType KerasOutputType(const std::string& cls, const json& c,
                           const std::vector<TensorType>& inputs) {
  const TensorType in = inputs.empty() ? TensorType() : inputs[0];
  const DType dtype = in.dtype;
  if (cls == "Dense") {
    if (!in.rank_known || in.dims.empty()) return Unknown(dtype);
    TensorType out = in;
    out.dims.back() = Dim{Int(c, "units", -1), ""};
    return out;
  }
  if (IsConv(cls)) {
    int64_t channels = Int(c, "filters", -1);
    if (cls.rfind("Depthwise", 0) == 0) {
      channels = Mul(ChannelDim(in, c), Int(c, "depth_multiplier", 1));
    }
    return Spatial(cls, c, in, channels);
  }
  if (IsPool(cls)) return Spatial(cls, c, in, 0);
  if (cls.rfind("Global", 0) == 0 && cls.find("Pooling") != std::string::npos) {
    if (!in.rank_known || in.dims.size() < 3) return Unknown(dtype);
    TensorType out = in;
    if (Bool(c, "keepdims", false)) {
      const size_t first = ChannelsFirst(c) ? 2 : 1;
      for (size_t i = first; i < first + in.dims.size() - 2; ++i) out.dims[i] = Dim{1, ""};
      return out;
    }
    out.dims = {in.dims[0], Dim{ChannelDim(in, c), ""}};
    return out;
  }
  if (cls == "Flatten") {
    if (!in.rank_known || in.dims.empty()) return Unknown(dtype);
    TensorType out = in;
    std::vector<int64_t> rest;
    for (size_t i = 1; i < in.dims.size(); ++i) rest.push_back(in.dims[i].value);
    out.dims = {in.dims[0], Dim{Product(rest), ""}};
    return out;
  }
  if (cls == "Reshape") {
    auto target = c.find("target_shape");
    if (target == c.end()) return Unknown(dtype);
    TensorType t = KerasShape(*target, dtype);
    if (!t.rank_known) return t;
    t.dims.insert(t.dims.begin(), in.rank_known && !in.dims.empty() ? in.dims[0] : Dim{});
    return t;
  }
  if (cls == "Embedding") {
    if (!in.rank_known) return Unknown(DType::kFloat32);
    TensorType out = in;
    out.dtype = DType::kFloat32;
    out.dims.push_back(Dim{Int(c, "output_dim", -1), ""});
    return out;
  }
  if (IsRecurrent(cls)) {
    if (!in.rank_known || in.dims.size() != 3) return Unknown(dtype);
    TensorType out = in;
    const Dim units{Int(c, "units", -1), ""};
    out.dims = Bool(c, "return_sequences", false) ? std::vector<Dim>{in.dims[0], in.dims[1], units}
                                                  : std::vector<Dim>{in.dims[0], units};
    return out;
  }
  if (cls == "Bidirectional") {
    std::string inner;
    const json* config = nullptr;
    if (!Wrapped(c, &inner, &config)) return Unknown(dtype);
    TensorType out = KerasOutputType(inner, *config, inputs);
    const std::string merge = Str(c, "merge_mode");
    if ((merge.empty() || merge == "concat") && out.rank_known && !out.dims.empty()) {
      out.dims.back().value = Mul(out.dims.back().value, 2);
    }
    return out;
  }
  if (cls == "Concatenate") {
    if (inputs.empty() || !in.rank_known) return Unknown(dtype);
    TensorType out = in;
    int64_t axis = AxisOf(c, -1);
    const int64_t rank = static_cast<int64_t>(in.dims.size());
    if (axis < 0) axis += rank;
    if (axis < 0 || axis >= rank) return Unknown(dtype);
    int64_t sum = 0;
    for (const TensorType& t : inputs) {
      if (!t.rank_known || static_cast<int64_t>(t.dims.size()) != rank) return Unknown(dtype);
      sum = Add(sum, t.dims[axis].value);
    }
    out.dims[axis] = Dim{sum, ""};
    return out;
  }
  if (cls == "UpSampling2D" || cls == "UpSampling1D") {
    const size_t n = SpatialAxes(cls);
    if (!in.rank_known || in.dims.size() != n + 2) return Unknown(dtype);
    const auto size = Ints(c, "size", n, 2);
    TensorType out = in;
    const size_t first = ChannelsFirst(c) ? 2 : 1;
    for (size_t i = 0; i < n; ++i) {
      out.dims[first + i].value = Mul(in.dims[first + i].value, size[i]);
    }
    return out;
  }
  if (cls == "RepeatVector") {
    if (!in.rank_known || in.dims.size() != 2) return Unknown(dtype);
    TensorType out = in;
    out.dims = {in.dims[0], Dim{Int(c, "n", -1), ""}, in.dims[1]};
    return out;
  }
  if (cls == "InputLayer") return in;
  // Layers that keep their input's shape: activations, normalisation, dropout, merges.
  static const char* const kSameShape[] = {"Activation",
                                           "Dropout",
                                           "SpatialDropout1D",
                                           "SpatialDropout2D",
                                           "GaussianNoise",
                                           "GaussianDropout",
                                           "AlphaDropout",
                                           "BatchNormalization",
                                           "LayerNormalization",
                                           "ReLU",
                                           "LeakyReLU",
                                           "PReLU",
                                           "ELU",
                                           "Softmax",
                                           "ThresholdedReLU",
                                           "Add",
                                           "Subtract",
                                           "Multiply",
                                           "Average",
                                           "Maximum",
                                           "Minimum",
                                           "Masking",
                                           "Rescaling",
                                           "Normalization",
                                           "ActivityRegularization",
                                           "UnitNormalization",
                                           "GroupNormalization"};
  for (const char* same : kSameShape) {
    if (cls == same) return in;
  }
  return Unknown(dtype);
}

int64_t KerasParams(const std::string& cls, const json& c, const std::vector<TensorType>& inputs) {
  const TensorType in = inputs.empty() ? TensorType() : inputs[0];
  const bool bias = Bool(c, "use_bias", true);
  int64_t p = -1;
  if (cls == "Dense") {
    const int64_t units = Int(c, "units", -1);
    p = Add(Mul(DimAt(in, -1), units), bias ? units : 0);
  } else if (IsConv(cls)) {
    const int64_t k = Product(Ints(c, "kernel_size", SpatialAxes(cls), -1));
    const int64_t cin = ChannelDim(in, c);
    const int64_t filters = Int(c, "filters", -1);
    if (cls.rfind("Depthwise", 0) == 0) {
      const int64_t out = Mul(cin, Int(c, "depth_multiplier", 1));
      p = Add(Mul(k, out), bias ? out : 0);
    } else if (cls.rfind("Separable", 0) == 0) {
      const int64_t mid = Mul(cin, Int(c, "depth_multiplier", 1));
      p = Add(Add(Mul(k, mid), Mul(mid, filters)), bias ? filters : 0);
    } else {
      const int64_t groups = std::max<int64_t>(Int(c, "groups", 1), 1);
      p = Add(Mul(Mul(k, cin >= 0 ? cin / groups : -1), filters), bias ? filters : 0);
    }
  } else if (cls == "BatchNormalization" || cls == "LayerNormalization") {
    const int64_t ch = DimAt(in, AxisOf(c, -1));
    const int64_t per = (Bool(c, "center", true) ? 1 : 0) + (Bool(c, "scale", true) ? 1 : 0) +
                        (cls == "BatchNormalization" ? 2 : 0);  // moving mean and variance
    p = Mul(ch, per);
  } else if (cls == "Embedding") {
    p = Mul(Int(c, "input_dim", -1), Int(c, "output_dim", -1));
  } else if (IsRecurrent(cls)) {
    const int64_t units = Int(c, "units", -1);
    const int64_t gates = cls.find("LSTM") != std::string::npos  ? 4
                          : cls.find("GRU") != std::string::npos ? 3
                                                                 : 1;
    // GRU's reset_after (TensorFlow 2's default) keeps a second bias.
    const bool two_biases = gates == 3 && Bool(c, "reset_after", cls == "GRU");
    const int64_t per_gate =
        Add(Mul(Add(DimAt(in, -1), units), units), bias ? Mul(units, two_biases ? 2 : 1) : 0);
    p = Mul(per_gate, gates);
  } else if (cls == "Bidirectional") {
    std::string inner;
    const json* config = nullptr;
    if (Wrapped(c, &inner, &config)) p = Mul(KerasParams(inner, *config, inputs), 2);
  }
  return p < 0 ? 0 : p;
}

int64_t KerasFrozenParams(const std::string& cls, const json& c,
                          const std::vector<TensorType>& inputs, int64_t params) {
  if (!Bool(c, "trainable", true)) return params;
  if (cls != "BatchNormalization" || inputs.empty()) return 0;
  const int64_t stats = Mul(DimAt(inputs[0], AxisOf(c, -1)), 2);  // moving mean, variance
  return stats < 0 ? 0 : std::min(stats, params);
}

}  // namespace graphgen
