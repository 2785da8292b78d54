// What graphgen knows about Keras layer classes: the output type of a layer from its
// config and input types, and how many weights it holds. Unknown layers get an unknown
// output type and no weights, never an error.
#ifndef IMPORTERS_KERAS_KERAS_LAYERS_H_
#define IMPORTERS_KERAS_KERAS_LAYERS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/layer_graph.h"

namespace graphgen {

// A Keras shape list ([null, 28, 28, 1]) as a TensorType; null and negative dims are
// unknown. Anything but a list of integers and nulls gives an unknown rank.
TensorType KerasShape(const nlohmann::json& shape, DType dtype);

// "float32" -> kFloat32; also a Keras 3 dtype policy object. kUnknown otherwise.
DType KerasDType(const nlohmann::json& dtype);

// The output type of a `class_name` layer with this `config` reading `inputs`.
TensorType KerasOutputType(const std::string& class_name, const nlohmann::json& config,
                           const std::vector<TensorType>& inputs);

// The weights (trainable or not, as Keras's summary counts them) of a `class_name` layer
// with this `config` reading `inputs`; 0 when it has none or they cannot be computed.
int64_t KerasParams(const std::string& class_name, const nlohmann::json& config,
                    const std::vector<TensorType>& inputs);

// Of those `params`, the ones Keras's summary calls non-trainable: all of a layer with
// "trainable": false, else a BatchNormalization's moving mean and variance.
int64_t KerasFrozenParams(const std::string& class_name, const nlohmann::json& config,
                          const std::vector<TensorType>& inputs, int64_t params);

}  // namespace graphgen

#endif  // IMPORTERS_KERAS_KERAS_LAYERS_H_
