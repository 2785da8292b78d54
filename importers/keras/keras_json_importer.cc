#include "importers/keras/keras_json_importer.h"

#include <algorithm>
#include <map>
#include <queue>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/text.h"
#include "importers/common/json_input.h"
#include "importers/common/model_checks.h"
#include "importers/keras/keras_layers.h"

namespace graphgen {
namespace {

using nlohmann::json;

constexpr size_t kMaxAttributesShown = 12;

std::string Q(const std::string& s) { return "'" + Quote(s) + "'"; }

bool IsModelClass(const std::string& cls) {
  return cls == "Sequential" || cls == "Functional" || cls == "Model";
}

const json* Member(const json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

std::string StrMember(const json& obj, const char* key) {
  const json* v = Member(obj, key);
  return v != nullptr && v->is_string() ? v->get<std::string>() : "";
}

// A reference to one output of one call of a layer: Keras's [name, node, tensor].
struct TensorKey {
  std::string layer;
  int64_t node = 0;
  int64_t tensor = 0;
};

// Keras 2: [name, node_index, tensor_index(, kwargs)].
bool ReadKey(const json& j, TensorKey* key) {
  if (!j.is_array() || j.size() < 3 || !j[0].is_string() || !j[1].is_number_integer() ||
      !j[2].is_number_integer()) {
    return false;
  }
  *key = {j[0].get<std::string>(), j[1].get<int64_t>(), j[2].get<int64_t>()};
  return key->node >= 0 && key->tensor >= 0 && key->tensor < 4096;
}

// Keras 3: every {"class_name": "__keras_tensor__", "config": {"keras_history": [...]}}
// anywhere in a call's args, in order. The depth is bounded by the JSON parse.
void CollectKerasTensors(const json& j, std::vector<TensorKey>* keys) {
  if (j.is_object()) {
    if (StrMember(j, "class_name") == "__keras_tensor__") {
      const json* config = Member(j, "config");
      const json* history = config != nullptr ? Member(*config, "keras_history") : nullptr;
      TensorKey key;
      if (history != nullptr && ReadKey(*history, &key)) keys->push_back(key);
      return;
    }
    for (const auto& [k, v] : j.items()) CollectKerasTensors(v, keys);
  } else if (j.is_array()) {
    for (const json& v : j) CollectKerasTensors(v, keys);
  }
}

// The inputs of one call (one entry of "inbound_nodes"), in either format.
Status CallInputs(const json& call, const std::string& layer, std::vector<TensorKey>* keys) {
  if (call.is_array()) {  // Keras 2: a list of [name, node, tensor, kwargs]
    for (const json& k : call) {
      TensorKey key;
      if (!ReadKey(k, &key)) {
        return BadInput("layer " + Q(layer) + ": an inbound node is not [name, node, tensor]");
      }
      keys->push_back(key);
    }
    return OkStatus();
  }
  if (call.is_object()) {  // Keras 3: {"args": [...], "kwargs": {...}}
    const json* args = Member(call, "args");
    if (args != nullptr) CollectKerasTensors(*args, keys);
    const json* kwargs = Member(call, "kwargs");
    if (kwargs != nullptr) CollectKerasTensors(*kwargs, keys);
    return OkStatus();
  }
  return BadInput("layer " + Q(layer) + ": an inbound node is a JSON " + JsonTypeName(call));
}

// "input_layers" / "output_layers": a list of keys, or (Keras 3, one tensor) one key.
std::vector<TensorKey> EndpointKeys(const json* list) {
  std::vector<TensorKey> keys;
  if (list == nullptr || !list->is_array()) return keys;
  TensorKey key;
  if (ReadKey(*list, &key)) return {key};
  for (const json& k : *list) {
    if (ReadKey(k, &key)) keys.push_back(key);
  }
  return keys;
}

std::string ConfigValueText(const json& v) {
  if (v.is_string()) return "\"" + Quote(v.get<std::string>(), 40) + "\"";
  if (v.is_number() || v.is_boolean()) return v.dump();
  if (v.is_array() && v.size() <= 8) {
    for (const json& x : v) {
      if (!x.is_number() && !x.is_null()) return "";
    }
    return v.dump();
  }
  return "";
}

// A config entry as an attribute: its display text and, for a number or a list of
// numbers (strides, kernel_size, size), the typed value. Nulls in a list are skipped.
Attribute TypedConfigValue(const std::string& key, const std::string& text, const json& v) {
  Attribute out;
  out.name = Quote(key, 64);
  out.value = text;
  const auto add = [&](const json& x) {
    if (x.is_number_integer() || x.is_number_unsigned()) {
      out.ints.push_back(x.get<int64_t>());
    } else if (x.is_number_float()) {
      out.floats.push_back(x.get<double>());
    }
  };
  if (v.is_number()) {
    add(v);
    out.kind = out.ints.empty() ? AttrKind::kFloat : AttrKind::kInt;
  } else if (v.is_array()) {
    bool any_float = false;
    for (const json& x : v) any_float = any_float || x.is_number_float();
    for (const json& x : v) {
      if (!x.is_number()) continue;
      if (any_float) {
        out.floats.push_back(x.get<double>());
      } else {
        add(x);
      }
    }
    out.kind = any_float ? AttrKind::kFloats : AttrKind::kInts;
  }
  return out;
}

class Converter {
 public:
  Converter(const ImportOptions& options, Warnings* warnings)
      : options_(options), warnings_(warnings) {}

  Status Convert(const json& model, const json* manifest) {
    std::vector<int> outputs;
    GRAPHGEN_RETURN_IF_ERROR(BuildModel(model, 0, {}, 0, &outputs));
    if (graph_.nodes.empty()) return BadInput("the model has no layers");
    if (manifest != nullptr) ApplyManifest(*manifest);
    return OkStatus();
  }

  LayerGraph TakeGraph() { return std::move(graph_); }

 private:
  Status BuildModel(const json& model, int scope, const std::vector<int>& inputs, int depth,
                    std::vector<int>* outputs) {
    const std::string cls = StrMember(model, "class_name");
    const json* config = Member(model, "config");
    if (config == nullptr) return BadInput("model " + Q(cls) + " has no config");
    if (depth > options_.max_nesting_depth) {
      return LimitExceeded("nested models go deeper than " +
                           std::to_string(options_.max_nesting_depth) +
                           " levels (raise it with --max-depth)");
    }
    // Keras before 2.2.3 wrote a Sequential's config as the bare layer list.
    const json* layers = config->is_array() ? config : Member(*config, "layers");
    if (layers == nullptr || !layers->is_array()) {
      return BadInput("model " + Q(StrMember(*config, "name")) + " (" + Quote(cls) +
                      ") has no layer list");
    }
    if (cls == "Sequential") return BuildSequential(*layers, scope, inputs, depth, outputs);
    return BuildFunctional(*config, *layers, scope, inputs, depth, outputs);
  }

  Status BuildSequential(const json& layers, int scope, std::vector<int> current, int depth,
                         std::vector<int>* outputs) {
    for (size_t i = 0; i < layers.size(); ++i) {
      const json& layer = layers[i];
      const std::string cls = StrMember(layer, "class_name");
      const json* config = Member(layer, "config");
      if (config == nullptr || !config->is_object()) {
        return BadInput("layer #" + std::to_string(i) + " (" + Quote(cls) + ") has no config");
      }
      const std::string name = StrMember(*config, "name");
      if (current.empty()) {
        // The model's input: an InputLayer, or the first layer's batch_input_shape.
        const std::string input_name = cls == "InputLayer" ? name : name + "_input";
        GRAPHGEN_RETURN_IF_ERROR(AddInput(input_name, *config, scope, &current));
        if (cls == "InputLayer") continue;
      } else if (cls == "InputLayer") {
        continue;  // a nested model's input is the tensor it is called on
      }
      std::vector<int> next;
      GRAPHGEN_RETURN_IF_ERROR(BuildLayer(layer, scope, current, 0, depth, &next));
      current = std::move(next);
    }
    *outputs = current;
    return OkStatus();
  }

  // One call of one layer in a functional model, waiting for its inputs.
  struct Call {
    int layer = 0;  // index in the layer list
    int64_t node = 0;
    std::vector<TensorKey> inputs;
    std::vector<int> outputs;  // tensors, once built
    bool built = false;
  };

  Status BuildFunctional(const json& config, const json& layers, int scope,
                         const std::vector<int>& outer_inputs, int depth,
                         std::vector<int>* outputs) {
    std::unordered_map<std::string, int> layer_index;  // lookup only
    std::vector<Call> calls;
    std::map<std::pair<int, int64_t>, int> call_of;  // (layer, node index) -> call
    const std::vector<TensorKey> input_keys = EndpointKeys(Member(config, "input_layers"));
    for (size_t i = 0; i < layers.size(); ++i) {
      const json& layer = layers[i];
      const json* lc = Member(layer, "config");
      std::string name = StrMember(layer, "name");
      if (name.empty() && lc != nullptr) name = StrMember(*lc, "name");
      GRAPHGEN_RETURN_IF_ERROR(CheckName(name, "layer #" + std::to_string(i) + ": name", options_));
      if (name.empty()) return BadInput("layer #" + std::to_string(i) + " has no name");
      if (!layer_index.emplace(name, static_cast<int>(i)).second) {
        return BadInput("two layers are named " + Q(name));
      }
      const json* inbound = Member(layer, "inbound_nodes");
      if (StrMember(layer, "class_name") == "InputLayer" || inbound == nullptr ||
          !inbound->is_array() || inbound->empty()) {
        Call c;
        c.layer = static_cast<int>(i);
        call_of[{c.layer, 0}] = static_cast<int>(calls.size());
        calls.push_back(std::move(c));
        continue;
      }
      for (size_t k = 0; k < inbound->size(); ++k) {
        Call c;
        c.layer = static_cast<int>(i);
        c.node = static_cast<int64_t>(k);
        GRAPHGEN_RETURN_IF_ERROR(CallInputs((*inbound)[k], name, &c.inputs));
        call_of[{c.layer, c.node}] = static_cast<int>(calls.size());
        calls.push_back(std::move(c));
      }
    }
    // Which call produces each input, checked before anything is built.
    std::vector<std::vector<int>> producers(calls.size());
    std::vector<std::vector<int>> consumers(calls.size());
    std::vector<int> waiting(calls.size(), 0);
    for (size_t c = 0; c < calls.size(); ++c) {
      const std::string& name = StrMember(layers[calls[c].layer], "name");
      for (const TensorKey& key : calls[c].inputs) {
        auto l = layer_index.find(key.layer);
        if (l == layer_index.end()) {
          return BadInput("layer " + Q(name) + ": input " + Q(key.layer) +
                          " is no layer of the model");
        }
        auto p = call_of.find({l->second, key.node});
        if (p == call_of.end()) {
          return BadInput("layer " + Q(name) + ": input " + Q(key.layer) + " has no call #" +
                          std::to_string(key.node));
        }
        producers[c].push_back(p->second);
        consumers[p->second].push_back(static_cast<int>(c));
        ++waiting[c];
      }
    }
    // Model inputs: the outer tensors for a nested model, else graph inputs.
    size_t next_outer = 0;
    std::priority_queue<int, std::vector<int>, std::greater<int>> ready;  // model order
    for (size_t c = 0; c < calls.size(); ++c) {
      if (waiting[c] == 0) ready.push(static_cast<int>(c));
    }
    size_t built = 0;
    while (!ready.empty()) {
      const int c = ready.top();
      ready.pop();
      Call& call = calls[c];
      const json& layer = layers[call.layer];
      const std::string cls = StrMember(layer, "class_name");
      if (call.inputs.empty()) {
        const json* lc = Member(layer, "config");
        const std::string name = StrMember(layer, "name");
        if (cls != "InputLayer") {
          warnings_->push_back("layer " + Q(name) + " has no inbound nodes; drawn unconnected");
        }
        if (!outer_inputs.empty() && cls == "InputLayer") {
          // Inputs in input_layers order; a model read with fewer inputs repeats the last.
          size_t pos = next_outer;
          for (size_t k = 0; k < input_keys.size(); ++k) {
            if (input_keys[k].layer == name) pos = k;
          }
          call.outputs = {outer_inputs[std::min(pos, outer_inputs.size() - 1)]};
          ++next_outer;
        } else if (cls == "InputLayer") {
          GRAPHGEN_RETURN_IF_ERROR(AddInput(name, lc ? *lc : json::object(), scope, &call.outputs));
        } else {
          GRAPHGEN_RETURN_IF_ERROR(BuildLayer(layer, scope, {}, call.node, depth, &call.outputs));
        }
      } else {
        std::vector<int> in;
        for (size_t k = 0; k < call.inputs.size(); ++k) {
          const Call& p = calls[producers[c][k]];
          const int64_t t = call.inputs[k].tensor;
          if (t >= static_cast<int64_t>(p.outputs.size())) {
            return BadInput("layer " + Q(StrMember(layer, "name")) + ": input " +
                            Q(call.inputs[k].layer) + " has no output #" + std::to_string(t));
          }
          in.push_back(p.outputs[t]);
        }
        GRAPHGEN_RETURN_IF_ERROR(BuildLayer(layer, scope, in, call.node, depth, &call.outputs));
      }
      call.built = true;
      ++built;
      for (int d : consumers[c]) {
        if (--waiting[d] == 0) ready.push(d);
      }
    }
    if (built != calls.size()) {
      for (const Call& call : calls) {
        if (!call.built) {
          return BadInput("layer " + Q(StrMember(layers[call.layer], "name")) +
                          " is on a cycle of inbound nodes");
        }
      }
    }
    // The model's outputs; without output_layers, the last call's.
    std::vector<TensorKey> out_keys = EndpointKeys(Member(config, "output_layers"));
    outputs->clear();
    for (const TensorKey& key : out_keys) {
      auto l = layer_index.find(key.layer);
      auto p = l == layer_index.end() ? call_of.end() : call_of.find({l->second, key.node});
      if (p == call_of.end() ||
          key.tensor >= static_cast<int64_t>(calls[p->second].outputs.size())) {
        return BadInput("output " + Q(key.layer) + " is no layer output of the model");
      }
      outputs->push_back(calls[p->second].outputs[key.tensor]);
    }
    if (out_keys.empty() && !calls.empty()) *outputs = calls.back().outputs;
    return OkStatus();
  }

  Status AddInput(const std::string& name, const json& config, int scope,
                  std::vector<int>* outputs) {
    GRAPHGEN_RETURN_IF_ERROR(CheckName(name, "input " + Q(name), options_));
    Node node;
    node.kind = NodeKind::kInput;
    node.name = name;
    node.op_type = "Input";
    node.scope = scope;
    const json* shape = Member(config, "batch_input_shape");
    if (shape == nullptr) shape = Member(config, "batch_shape");  // Keras 3
    const json* dtype = Member(config, "dtype");
    TensorType type =
        KerasShape(shape ? *shape : json(), dtype ? KerasDType(*dtype) : DType::kUnknown);
    if (type.rank_known)
      GRAPHGEN_RETURN_IF_ERROR(CheckRank(type.dims.size(), "input " + Q(name), options_));
    GRAPHGEN_RETURN_IF_ERROR(AddNode(std::move(node)));
    const int t = graph_.AddTensor(name);
    graph_.tensors[t].type = type;
    graph_.tensors[t].producer = static_cast<int>(graph_.nodes.size()) - 1;
    graph_.nodes.back().outputs.push_back(t);
    *outputs = {t};
    return OkStatus();
  }

  Status AddNode(Node node) {
    if (static_cast<int64_t>(graph_.nodes.size()) >= options_.max_nodes) {
      return LimitExceeded("the model has more than " + std::to_string(options_.max_nodes) +
                           " layers (raise it with --max-nodes)");
    }
    graph_.AddNode(std::move(node));
    return OkStatus();
  }

  // One call of a layer on `inputs`; a nested model becomes a cluster (or one node).
  Status BuildLayer(const json& layer, int scope, const std::vector<int>& inputs, int64_t call,
                    int depth, std::vector<int>* outputs) {
    const std::string cls = StrMember(layer, "class_name");
    const json* config = Member(layer, "config");
    if (config == nullptr || !config->is_object()) {
      return BadInput("layer " + Q(StrMember(layer, "name")) + " (" + Quote(cls) +
                      ") has no config object");
    }
    std::string name = StrMember(*config, "name");
    if (name.empty()) name = StrMember(layer, "name");
    GRAPHGEN_RETURN_IF_ERROR(CheckName(name, "layer name", options_));
    GRAPHGEN_RETURN_IF_ERROR(CheckName(cls, "layer " + Q(name) + ": class_name", options_));
    if (cls.empty()) return BadInput("layer " + Q(name) + " has no class_name");
    std::vector<TensorType> in_types;
    for (int t : inputs) in_types.push_back(graph_.tensors[t].type);

    if (IsModelClass(cls)) {
      const std::string label =
          call == 0 ? name : name + " (call " + std::to_string(call + 1) + ")";
      if (options_.expand_calls) {
        const int body = graph_.ChildScope(scope, Quote(label, 64), ScopeKind::kSubgraph);
        return BuildModel(layer, body, inputs, depth + 1, outputs);
      }
      // Collapsed: one node holding the nested model's weights.
      Converter inner(options_, warnings_);
      std::vector<int> inner_outputs;
      std::vector<int> inner_inputs;
      for (int t : inputs) {
        const int it = inner.graph_.AddTensor(graph_.tensors[t].name);
        inner.graph_.tensors[it].type = graph_.tensors[t].type;
        inner_inputs.push_back(it);
      }
      GRAPHGEN_RETURN_IF_ERROR(inner.BuildModel(layer, 0, inner_inputs, depth + 1, &inner_outputs));
      Node node;
      node.name = label;
      node.op_type = cls;
      node.scope = scope;
      node.params = call == 0 ? inner.graph_.TotalParams() : 0;
      node.frozen_params = call == 0 ? inner.graph_.TotalFrozenParams() : 0;
      node.op_count = static_cast<int64_t>(inner.graph_.nodes.size());
      std::vector<TensorType> out_types;
      for (int t : inner_outputs) out_types.push_back(inner.graph_.tensors[t].type);
      return FinishNode(std::move(node), inputs, out_types, outputs);
    }

    Node node;
    node.name = name;
    node.op_type = cls;
    node.scope = scope;
    const std::string activation = StrMember(*config, "activation");
    if (!activation.empty() && activation != "linear") node.activation = Quote(activation, 32);
    for (const auto& [key, value] : config->items()) {
      if (key == "name" || key == "trainable" || key == "dtype" || key == "batch_input_shape" ||
          key == "batch_shape" || node.attributes.size() >= kMaxAttributesShown) {
        continue;
      }
      const std::string text = ConfigValueText(value);
      if (!text.empty()) node.attributes.push_back(TypedConfigValue(key, text, value));
    }
    // A shared layer's weights are counted at its first call.
    if (call == 0) {
      node.params = KerasParams(cls, *config, in_types);
      node.frozen_params = KerasFrozenParams(cls, *config, in_types, node.params);
    }
    TensorType out = KerasOutputType(cls, *config, in_types);
    if (out.dtype == DType::kUnknown) {
      const json* dtype = Member(*config, "dtype");
      if (dtype != nullptr) out.dtype = KerasDType(*dtype);
    }
    // return_state: the state tensors follow the output.
    std::vector<TensorType> out_types = {out};
    if (config->value("return_state", false) == true) {
      const int states = cls == "LSTM" ? 2 : 1;
      for (int s = 0; s < states; ++s) out_types.push_back(TensorType());
    }
    if (call == 0) layer_node_.emplace(name, static_cast<int>(graph_.nodes.size()));
    return FinishNode(std::move(node), inputs, out_types, outputs);
  }

  Status FinishNode(Node node, const std::vector<int>& inputs,
                    const std::vector<TensorType>& out_types, std::vector<int>* outputs) {
    const std::string name = node.name;
    GRAPHGEN_RETURN_IF_ERROR(AddNode(std::move(node)));
    const int id = static_cast<int>(graph_.nodes.size()) - 1;
    for (int t : inputs) graph_.Connect(t, id);
    outputs->clear();
    for (size_t k = 0; k < out_types.size(); ++k) {
      const int t = graph_.AddTensor(k == 0 ? name : name + ":" + std::to_string(k));
      graph_.tensors[t].type = out_types[k];
      graph_.tensors[t].producer = id;
      graph_.nodes[id].outputs.push_back(t);
      outputs->push_back(t);
    }
    return OkStatus();
  }

  // TF.js layers-model: weights named "<layer>/<weight>" (or deeper); their shapes replace
  // the counts computed from configs for the layers they name.
  void ApplyManifest(const json& manifest) {
    std::map<int, int64_t> counted;  // node -> elements, ordered for determinism
    for (const json& group : manifest) {
      const json* weights = Member(group, "weights");
      if (weights == nullptr || !weights->is_array()) continue;
      for (const json& w : *weights) {
        const std::string name = StrMember(w, "name");
        const json* shape = Member(w, "shape");
        if (name.empty() || shape == nullptr) continue;
        const TensorType t = KerasShape(*shape, DType::kFloat32);
        if (!t.rank_known) continue;
        int64_t elements = 1;
        bool ok = true;
        for (const Dim& d : t.dims) {
          ok = ok && d.value >= 0 && !__builtin_mul_overflow(elements, d.value, &elements);
        }
        if (!ok) continue;
        // The longest '/'-prefix of the weight's name that names a layer.
        for (size_t cut = name.rfind('/'); cut != std::string::npos && cut > 0;
             cut = name.rfind('/', cut - 1)) {
          auto it = layer_node_.find(name.substr(0, cut));
          if (it != layer_node_.end()) {
            counted[it->second] += elements;
            break;
          }
          if (cut == 0) break;
        }
      }
    }
    for (const auto& [node, elements] : counted) graph_.nodes[node].params = elements;
  }

  const ImportOptions& options_;
  Warnings* warnings_;
  LayerGraph graph_;
  std::unordered_map<std::string, int> layer_node_;  // layer name -> first node; lookup
};

}  // namespace

SniffResult KerasJsonImporter::Sniff(std::string_view head) const {
  if (!LooksLikeJsonObject(head)) return {false, "does not start with '{' as JSON does"};
  if (head.find("\"class_name\"") != std::string_view::npos ||
      head.find("\"modelTopology\"") != std::string_view::npos ||
      head.find("\"layers-model\"") != std::string_view::npos) {
    return {true, ""};
  }
  return {false, "a JSON object without \"class_name\" or \"modelTopology\" near its start"};
}

StatusOr<LayerGraph> KerasJsonImporter::Import(const std::string& bytes,
                                               const ImportOptions& options,
                                               Warnings* warnings) const {
  auto doc = ParseJson(bytes, options);
  if (!doc.ok()) return doc.status();
  if (!doc->is_object()) return BadInput("a JSON " + JsonTypeName(*doc) + ", not a Keras model");
  const json* model = &*doc;
  const json* manifest = nullptr;
  std::string format = "Keras model JSON";
  if (const json* topology = Member(*doc, "modelTopology")) {
    const std::string f = StrMember(*doc, "format");
    if (!f.empty() && f != "layers-model") {
      return BadInput("a TF.js " + Quote(f, 40) + ", not a layers-model");
    }
    format = "TensorFlow.js layers-model";
    // tfjs-layers writes the Keras model itself; the Python converter wraps it in
    // {"model_config": ..., "training_config": ...}.
    const json* inner = Member(*topology, "model_config");
    model = inner != nullptr ? inner : topology;
    manifest = Member(*doc, "weightsManifest");
    if (manifest != nullptr && !manifest->is_array()) manifest = nullptr;
  }
  const std::string cls = StrMember(*model, "class_name");
  if (!IsModelClass(cls)) {
    return BadInput(cls.empty() ? std::string("not a Keras model: no \"class_name\"")
                                : "not a Keras model: class_name is " + Q(cls));
  }
  Converter converter(options, warnings);
  GRAPHGEN_RETURN_IF_ERROR(converter.Convert(*model, manifest));
  LayerGraph graph = converter.TakeGraph();
  graph.format = format;
  // Keras' default data_format, and TF.js's.
  graph.channels_last = true;
  const json* config = Member(*model, "config");
  if (config != nullptr) graph.graph_name = Quote(StrMember(*config, "name"), 80);
  for (const char* key : {"keras_version", "backend"}) {
    const std::string v = StrMember(*model, key);
    if (!v.empty()) graph.notes.push_back(std::string(key) + " " + Quote(v, 40));
  }
  return graph;
}

}  // namespace graphgen
