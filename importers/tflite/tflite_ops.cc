#include "importers/tflite/tflite_ops.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/text.h"
#include "importers/common/model_checks.h"

namespace graphgen {
namespace tflite_ops {
namespace {

using tflite::ActivationFunctionType;
using tflite::BuiltinOptions;

Attribute IntsAttr(const std::string& name, std::vector<int64_t> values) {
  Attribute a;
  a.name = name;
  a.kind = AttrKind::kInts;
  a.value = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    a.value += (i > 0 ? ", " : "") + std::to_string(values[i]);
  }
  a.value += "]";
  a.ints = std::move(values);
  return a;
}

Attribute IntAttr(const std::string& name, int64_t value) {
  Attribute a;
  a.name = name;
  a.kind = AttrKind::kInt;
  a.value = std::to_string(value);
  a.ints.push_back(value);
  return a;
}

Attribute FloatAttr(const std::string& name, double value) {
  Attribute a;
  a.name = name;
  a.kind = AttrKind::kFloat;
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%g", value);
  a.value = buf;
  a.floats.push_back(value);
  return a;
}

Attribute TextAttr(const std::string& name, const std::string& value) {
  Attribute a;
  a.name = name;
  a.value = value;
  return a;
}

std::string PaddingName(tflite::Padding padding) {
  return padding == tflite::Padding::VALID ? "VALID" : "SAME";
}

// Strides, dilations and windows in TensorFlow's NHWC spelling: [1, h, w, 1].
std::vector<int64_t> Nhwc(int64_t h, int64_t w) { return {1, h, w, 1}; }

void SetActivation(ActivationFunctionType activation, Node* node) {
  const std::string name = ActivationName(activation);
  if (name.empty()) return;
  node->activation = name;
  node->fused.push_back(FusedOp{"", name, false});
}

void ReadConvLike(tflite::Padding padding, int stride_h, int stride_w, int dilation_h,
                  int dilation_w, Node* node) {
  node->attributes.push_back(TextAttr("padding", PaddingName(padding)));
  node->attributes.push_back(IntsAttr("strides", Nhwc(stride_h, stride_w)));
  if (dilation_h != 1 || dilation_w != 1) {
    node->attributes.push_back(IntsAttr("dilations", Nhwc(dilation_h, dilation_w)));
  }
}

void ReadFlag(const std::string& name, bool value, Node* node) {
  if (value) node->attributes.push_back(TextAttr(name, "true"));
}

}  // namespace

int32_t BuiltinCode(const tflite::OperatorCode& code) {
  return std::max<int32_t>(code.deprecated_builtin_code(),
                           static_cast<int32_t>(code.builtin_code()));
}

StatusOr<std::string> OpType(const tflite::OperatorCode& code, const std::string& what,
                             const ImportOptions& options) {
  const int32_t builtin = BuiltinCode(code);
  if (builtin < 0) {
    return BadInput(what + ": builtin code " + std::to_string(builtin) +
                    " is not a TensorFlow Lite operator");
  }
  if (builtin == static_cast<int32_t>(tflite::BuiltinOperator::CUSTOM)) {
    const std::string custom = code.custom_code() ? code.custom_code()->str() : "";
    GRAPHGEN_RETURN_IF_ERROR(CheckName(custom, what + ": custom code", options));
    return custom.empty() ? std::string("CUSTOM") : custom;
  }
  const char* name = tflite::EnumNameBuiltinOperator(static_cast<tflite::BuiltinOperator>(builtin));
  if (name == nullptr || *name == '\0') return "BUILTIN_" + std::to_string(builtin);
  return std::string(name);
}

std::string ActivationName(ActivationFunctionType activation) {
  switch (activation) {
    case ActivationFunctionType::RELU:
      return "RELU";
    case ActivationFunctionType::RELU_N1_TO_1:
      return "RELU_N1_TO_1";
    case ActivationFunctionType::RELU6:
      return "RELU6";
    case ActivationFunctionType::TANH:
      return "TANH";
    case ActivationFunctionType::SIGN_BIT:
      return "SIGN_BIT";
    default:
      return "";
  }
}

void ReadBuiltinOptions(const tflite::Operator& op, Node* node) {
  // A file may set the union's type and leave its table out: nothing to read then.
  if (op.builtin_options() == nullptr) return;
  switch (op.builtin_options_type()) {
    case BuiltinOptions::Conv2DOptions: {
      const auto* o = op.builtin_options_as_Conv2DOptions();
      ReadConvLike(o->padding(), o->stride_h(), o->stride_w(), o->dilation_h_factor(),
                   o->dilation_w_factor(), node);
      SetActivation(o->fused_activation_function(), node);
      break;
    }
    case BuiltinOptions::DepthwiseConv2DOptions: {
      const auto* o = op.builtin_options_as_DepthwiseConv2DOptions();
      ReadConvLike(o->padding(), o->stride_h(), o->stride_w(), o->dilation_h_factor(),
                   o->dilation_w_factor(), node);
      if (o->depth_multiplier() > 1) {
        node->attributes.push_back(IntAttr("depth_multiplier", o->depth_multiplier()));
      }
      SetActivation(o->fused_activation_function(), node);
      break;
    }
    case BuiltinOptions::TransposeConvOptions: {
      const auto* o = op.builtin_options_as_TransposeConvOptions();
      ReadConvLike(o->padding(), o->stride_h(), o->stride_w(), 1, 1, node);
      SetActivation(o->fused_activation_function(), node);
      break;
    }
    case BuiltinOptions::Conv3DOptions: {
      const auto* o = op.builtin_options_as_Conv3DOptions();
      node->attributes.push_back(TextAttr("padding", PaddingName(o->padding())));
      node->attributes.push_back(
          IntsAttr("strides", {1, o->stride_d(), o->stride_h(), o->stride_w(), 1}));
      if (o->dilation_d_factor() != 1 || o->dilation_h_factor() != 1 ||
          o->dilation_w_factor() != 1) {
        node->attributes.push_back(IntsAttr(
            "dilations",
            {1, o->dilation_d_factor(), o->dilation_h_factor(), o->dilation_w_factor(), 1}));
      }
      SetActivation(o->fused_activation_function(), node);
      break;
    }
    case BuiltinOptions::Pool2DOptions: {
      const auto* o = op.builtin_options_as_Pool2DOptions();
      node->attributes.push_back(TextAttr("padding", PaddingName(o->padding())));
      node->attributes.push_back(IntsAttr("ksize", Nhwc(o->filter_height(), o->filter_width())));
      node->attributes.push_back(IntsAttr("strides", Nhwc(o->stride_h(), o->stride_w())));
      SetActivation(o->fused_activation_function(), node);
      break;
    }
    case BuiltinOptions::FullyConnectedOptions: {
      const auto* o = op.builtin_options_as_FullyConnectedOptions();
      ReadFlag("keep_num_dims", o->keep_num_dims(), node);
      SetActivation(o->fused_activation_function(), node);
      break;
    }
    case BuiltinOptions::SoftmaxOptions: {
      const float beta = op.builtin_options_as_SoftmaxOptions()->beta();
      if (beta != 1.0f) node->attributes.push_back(FloatAttr("beta", beta));
      break;
    }
    case BuiltinOptions::ConcatenationOptions: {
      const auto* o = op.builtin_options_as_ConcatenationOptions();
      node->attributes.push_back(IntAttr("axis", o->axis()));
      SetActivation(o->fused_activation_function(), node);
      break;
    }
    case BuiltinOptions::AddOptions:
      SetActivation(op.builtin_options_as_AddOptions()->fused_activation_function(), node);
      break;
    case BuiltinOptions::MulOptions:
      SetActivation(op.builtin_options_as_MulOptions()->fused_activation_function(), node);
      break;
    case BuiltinOptions::SubOptions:
      SetActivation(op.builtin_options_as_SubOptions()->fused_activation_function(), node);
      break;
    case BuiltinOptions::DivOptions:
      SetActivation(op.builtin_options_as_DivOptions()->fused_activation_function(), node);
      break;
    case BuiltinOptions::ResizeBilinearOptions: {
      const auto* o = op.builtin_options_as_ResizeBilinearOptions();
      ReadFlag("align_corners", o->align_corners(), node);
      ReadFlag("half_pixel_centers", o->half_pixel_centers(), node);
      break;
    }
    case BuiltinOptions::ResizeNearestNeighborOptions: {
      const auto* o = op.builtin_options_as_ResizeNearestNeighborOptions();
      ReadFlag("align_corners", o->align_corners(), node);
      ReadFlag("half_pixel_centers", o->half_pixel_centers(), node);
      break;
    }
    case BuiltinOptions::ReshapeOptions: {
      const auto* shape = op.builtin_options_as_ReshapeOptions()->new_shape();
      if (shape == nullptr) break;
      std::vector<int64_t> dims;
      for (size_t i = 0; i < shape->size() && dims.size() < kMaxAttributeNumbers; ++i) {
        dims.push_back(shape->Get(static_cast<flatbuffers::uoffset_t>(i)));
      }
      node->attributes.push_back(IntsAttr("new_shape", std::move(dims)));
      break;
    }
    case BuiltinOptions::SpaceToDepthOptions:
      node->attributes.push_back(
          IntAttr("block_size", op.builtin_options_as_SpaceToDepthOptions()->block_size()));
      break;
    case BuiltinOptions::DepthToSpaceOptions:
      node->attributes.push_back(
          IntAttr("block_size", op.builtin_options_as_DepthToSpaceOptions()->block_size()));
      break;
    case BuiltinOptions::ReducerOptions:
      ReadFlag("keep_dims", op.builtin_options_as_ReducerOptions()->keep_dims(), node);
      break;
    case BuiltinOptions::LeakyReluOptions:
      node->attributes.push_back(
          FloatAttr("alpha", op.builtin_options_as_LeakyReluOptions()->alpha()));
      break;
    default:
      break;  // control flow's options are read by CalledSubgraphs
  }
}

void ReadCustomOptions(const tflite::Operator& op, Node* node) {
  const auto* options = op.custom_options();
  if (node->op_type != "Convolution2DTransposeBias" || options == nullptr ||
      options->size() < 3 * sizeof(int32_t)) {
    return;
  }
  int32_t fields[3];  // TfLitePadding (1 SAME, 2 VALID), stride_width, stride_height
  std::memcpy(fields, options->data(), sizeof(fields));
  if (fields[0] == 1 || fields[0] == 2) {
    node->attributes.push_back(TextAttr("padding", fields[0] == 2 ? "VALID" : "SAME"));
  }
  node->attributes.push_back(IntsAttr("strides", Nhwc(fields[2], fields[1])));
}

std::vector<CalledSubgraph> CalledSubgraphs(const tflite::Operator& op) {
  if (op.builtin_options() == nullptr) return {};
  switch (op.builtin_options_type()) {
    case BuiltinOptions::WhileOptions: {
      const auto* o = op.builtin_options_as_WhileOptions();
      return {{"cond", o->cond_subgraph_index()}, {"body", o->body_subgraph_index()}};
    }
    case BuiltinOptions::IfOptions: {
      const auto* o = op.builtin_options_as_IfOptions();
      return {{"then", o->then_subgraph_index()}, {"else", o->else_subgraph_index()}};
    }
    case BuiltinOptions::CallOnceOptions:
      return {{"init", op.builtin_options_as_CallOnceOptions()->init_subgraph_index()}};
    case BuiltinOptions::CallOptions:
      return {{"call", op.builtin_options_as_CallOptions()->subgraph()}};
    default:
      return {};
  }
}

}  // namespace tflite_ops
}  // namespace graphgen
