#include "importers/tf/tf_attrs.h"

#include <cstdio>
#include <vector>

#include "core/text.h"

namespace graphgen {
namespace {

constexpr size_t kMaxListItemsShown = 16;

}  // namespace

DType ConvertDType(tf::DataType t) {
  // Reference types (DT_FLOAT_REF = 101) hold the same elements as their base type.
  const int base = static_cast<int>(t) > 100 ? static_cast<int>(t) - 100 : static_cast<int>(t);
  switch (base) {
    case tf::DT_FLOAT:
      return DType::kFloat32;
    case tf::DT_DOUBLE:
      return DType::kFloat64;
    case tf::DT_HALF:
      return DType::kFloat16;
    case tf::DT_BFLOAT16:
      return DType::kBFloat16;
    case tf::DT_INT8:
      return DType::kInt8;
    case tf::DT_INT16:
      return DType::kInt16;
    case tf::DT_INT32:
      return DType::kInt32;
    case tf::DT_INT64:
      return DType::kInt64;
    case tf::DT_UINT8:
      return DType::kUInt8;
    case tf::DT_UINT16:
      return DType::kUInt16;
    case tf::DT_UINT32:
      return DType::kUInt32;
    case tf::DT_UINT64:
      return DType::kUInt64;
    case tf::DT_BOOL:
      return DType::kBool;
    case tf::DT_STRING:
      return DType::kString;
    case tf::DT_COMPLEX64:
      return DType::kComplex64;
    case tf::DT_COMPLEX128:
      return DType::kComplex128;
    case tf::DT_QINT8:
      return DType::kInt8;
    case tf::DT_QUINT8:
      return DType::kUInt8;
    default:
      return DType::kUnknown;
  }
}

std::string FormatTfShape(const tf::TensorShapeProto& s) {
  if (s.unknown_rank()) return "?";
  std::string out = "[";
  for (int i = 0; i < s.dim_size(); ++i) {
    out += (i > 0 ? ", " : "") +
           (s.dim(i).size() < 0 ? std::string("?") : std::to_string(s.dim(i).size()));
  }
  return out + "]";
}

std::string AttrText(const tf::AttrValue& v) {
  switch (v.value_case()) {
    case tf::AttrValue::kS:
      return "\"" + Quote(v.s(), 48) + "\"";
    case tf::AttrValue::kI:
      return std::to_string(v.i());
    case tf::AttrValue::kF: {
      char buf[32];
      std::snprintf(buf, sizeof(buf), "%g", static_cast<double>(v.f()));
      return buf;
    }
    case tf::AttrValue::kB:
      return v.b() ? "true" : "false";
    case tf::AttrValue::kType:
      return DTypeName(ConvertDType(v.type()));
    case tf::AttrValue::kShape:
      return FormatTfShape(v.shape());
    case tf::AttrValue::kTensor:
      return std::string("tensor ") + DTypeName(ConvertDType(v.tensor().dtype())) + " " +
             FormatTfShape(v.tensor().tensor_shape());
    case tf::AttrValue::kFunc:
      return "function " + Quote(v.func().name(), 48);
    case tf::AttrValue::kList: {
      const auto& l = v.list();
      std::vector<std::string> items;
      for (const auto& s : l.s()) items.push_back("\"" + Quote(s, 32) + "\"");
      for (int64_t i : l.i()) items.push_back(std::to_string(i));
      for (int t : l.type()) {
        items.push_back(DTypeName(ConvertDType(static_cast<tf::DataType>(t))));
      }
      for (const auto& s : l.shape()) items.push_back(FormatTfShape(s));
      std::string out = "[";
      for (size_t i = 0; i < items.size() && i <= kMaxListItemsShown; ++i) {
        out += (i > 0 ? ", " : "") + (i == kMaxListItemsShown ? "..." : items[i]);
      }
      return out + "]";
    }
    default:
      return "";
  }
}

// The attribute with its display form and, for numbers, its typed value.
Attribute TypedAttr(const std::string& key, const tf::AttrValue& v) {
  Attribute out;
  out.name = Quote(key, 64);
  out.value = AttrText(v);
  switch (v.value_case()) {
    case tf::AttrValue::kI:
      out.kind = AttrKind::kInt;
      out.ints.push_back(v.i());
      break;
    case tf::AttrValue::kF:
      out.kind = AttrKind::kFloat;
      out.floats.push_back(v.f());
      break;
    case tf::AttrValue::kList:
      // A list of numbers only: TensorFlow lists hold one kind of item.
      if (v.list().i_size() > 0 && v.list().f_size() == 0) {
        out.kind = AttrKind::kInts;
        for (int i = 0; i < v.list().i_size() && out.ints.size() < kMaxAttributeNumbers; ++i) {
          out.ints.push_back(v.list().i(i));
        }
      } else if (v.list().f_size() > 0 && v.list().i_size() == 0) {
        out.kind = AttrKind::kFloats;
        for (int i = 0; i < v.list().f_size() && out.floats.size() < kMaxAttributeNumbers; ++i) {
          out.floats.push_back(v.list().f(i));
        }
      }
      break;
    default:
      break;
  }
  return out;
}

}  // namespace graphgen
