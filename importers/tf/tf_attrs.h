// TensorFlow attribute and type values as graphgen shows and reads them: DataType to
// DType, shapes as text, and an AttrValue as an Attribute (display text, and the numbers
// of an int, float or list of them typed).
#ifndef IMPORTERS_TF_TF_ATTRS_H_
#define IMPORTERS_TF_TF_ATTRS_H_

#include <string>

#include "core/layer_graph.h"
#include "third_party/tensorflow/tf_graph.pb.h"

namespace graphgen {

DType ConvertDType(tf::DataType t);

// "[1, 224, 224, 3]"; "?" for an unknown rank, "?" for an unknown dim.
std::string FormatTfShape(const tf::TensorShapeProto& s);

// An attribute value's display text, lists clipped to a readable length.
std::string AttrText(const tf::AttrValue& v);

// The attribute with its display text and, for numbers, its typed value.
Attribute TypedAttr(const std::string& key, const tf::AttrValue& v);

}  // namespace graphgen

#endif  // IMPORTERS_TF_TF_ATTRS_H_
