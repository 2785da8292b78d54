#include "importers/tf/meta_graph_model.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/text.h"
#include "importers/common/model_checks.h"
#include "importers/tf/graphdef_model.h"

namespace graphgen {
namespace {

// TensorFlow's own bookkeeping signature (runs the init op): never a model's.
constexpr const char* kInitSignature = "__saved_model_init_op";

std::string Q(const std::string& s) { return "'" + Quote(s) + "'"; }

std::vector<std::string> SortedTags(const std::vector<std::string>& tags) {
  std::vector<std::string> out;
  for (std::string t : tags) {
    t.erase(0, t.find_first_not_of(" \t"));
    t.erase(t.find_last_not_of(" \t") + 1);
    if (!t.empty()) out.push_back(t);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string JoinQuoted(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + Q(s);
  return out;
}

// The graph tensors a TensorInfo names: one for a dense tensor, its parts otherwise.
void TensorNames(const tf::TensorInfo& info, std::vector<std::string>* names) {
  switch (info.encoding_case()) {
    case tf::TensorInfo::kName:
      names->push_back(info.name());
      break;
    case tf::TensorInfo::kCooSparse:
      names->push_back(info.coo_sparse().values_tensor_name());
      break;
    case tf::TensorInfo::kCompositeTensor:
      for (const auto& c : info.composite_tensor().components()) {
        if (c.encoding_case() == tf::TensorInfo::kName) names->push_back(c.name());
      }
      break;
    default:
      break;
  }
}

std::vector<std::pair<std::string, std::string>> SortedTensors(
    const google::protobuf::Map<std::string, tf::TensorInfo>& map) {
  std::vector<std::string> keys;
  for (const auto& [key, info] : map) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& key : keys) {
    std::vector<std::string> names;
    TensorNames(map.at(key), &names);
    for (size_t i = 0; i < names.size(); ++i) {
      out.emplace_back(names.size() == 1 ? key : key + "." + std::to_string(i), names[i]);
    }
  }
  return out;
}

}  // namespace

StatusOr<const tf::MetaGraphDef*> ChooseMetaGraph(const tf::SavedModel& model,
                                                  const ImportOptions& options) {
  if (model.meta_graphs_size() == 0) return BadInput("the SavedModel holds no MetaGraphDef");
  std::vector<std::string> wanted;
  {
    std::vector<std::string> parts;
    std::string cur;
    for (char c : options.tags + ",") {
      if (c == ',') {
        parts.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    wanted = SortedTags(parts);
  }
  const bool chosen_by_user = !wanted.empty();
  if (!chosen_by_user) wanted = {"serve"};
  std::vector<std::string> sets;
  for (const tf::MetaGraphDef& meta : model.meta_graphs()) {
    const auto& t = meta.meta_info_def().tags();
    const std::vector<std::string> tags = SortedTags({t.begin(), t.end()});
    if (tags == wanted) return &meta;
    std::string set;
    for (const std::string& s : tags) set += (set.empty() ? "" : ",") + s;
    sets.push_back(set);
  }
  if (!chosen_by_user) return &model.meta_graphs(0);
  std::string want;
  for (const std::string& s : wanted) want += (want.empty() ? "" : ",") + s;
  return BadInput("no MetaGraphDef is tagged " + Q(want) + " (--tags); the SavedModel has " +
                  JoinQuoted(sets, ", "));
}

StatusOr<LayerGraph> ConvertMetaGraph(const tf::MetaGraphDef& meta, const std::string& format,
                                      const ImportOptions& options, Warnings* warnings) {
  if (!meta.has_graph_def() || meta.graph_def().node_size() == 0) {
    return BadInput("the MetaGraphDef holds no graph_def nodes");
  }
  std::vector<std::string> names;
  for (const auto& [name, sig] : meta.signature_def()) {
    if (name != kInitSignature && !sig.outputs().empty()) names.push_back(name);
  }
  std::sort(names.begin(), names.end());

  GraphDefSelection selection;
  std::vector<std::string> drawn;
  const std::string& wanted = options.signature;
  if (wanted == "all") {
    drawn = names;
    selection.cluster_each = names.size() > 1;
  } else if (!wanted.empty()) {
    if (std::find(names.begin(), names.end(), wanted) == names.end()) {
      return BadInput("no signature " + Q(wanted) + " (--signature); " +
                      (names.empty() ? std::string("the model has none")
                                     : "there are " + JoinQuoted(names, ", ")));
    }
    drawn = {wanted};
  } else if (std::find(names.begin(), names.end(), "serving_default") != names.end()) {
    drawn = {"serving_default"};
  } else if (!names.empty()) {
    drawn = {names.front()};
  }
  for (const std::string& name : drawn) {
    const tf::SignatureDef& sig = meta.signature_def().at(name);
    TfSignature s;
    s.name = name;
    s.inputs = SortedTensors(sig.inputs());
    s.outputs = SortedTensors(sig.outputs());
    // A signature's name and its keys become cluster and input/output node names: they
    // get the checks every node name gets (length, UTF-8).
    const std::string what = "signature " + Q(name);
    GRAPHGEN_RETURN_IF_ERROR(CheckName(name, what, options));
    for (const auto& [key, tensor] : s.inputs) {
      GRAPHGEN_RETURN_IF_ERROR(CheckName(key, what + ": input " + Q(key), options));
    }
    for (const auto& [key, tensor] : s.outputs) {
      GRAPHGEN_RETURN_IF_ERROR(CheckName(key, what + ": output " + Q(key), options));
    }
    selection.signatures.push_back(std::move(s));
  }
  selection.drop_training = drawn.empty();

  auto graph = ConvertGraphDef(meta.graph_def(), selection, options, warnings);
  if (!graph.ok()) return graph.status();
  graph->format = format;
  graph->channels_last = true;  // TensorFlow's NHWC
  std::vector<std::string> notes;
  const auto& tags = meta.meta_info_def().tags();
  if (!tags.empty()) notes.push_back("tags " + JoinQuoted({tags.begin(), tags.end()}, ","));
  if (!meta.meta_info_def().tensorflow_version().empty()) {
    notes.push_back("TensorFlow " + Quote(meta.meta_info_def().tensorflow_version(), 32));
  }
  if (names.empty()) {
    notes.push_back("no signatures");
  } else {
    notes.push_back("signatures " + JoinQuoted(names, ", "));
  }
  graph->notes.insert(graph->notes.begin(), notes.begin(), notes.end());
  return graph;
}

}  // namespace graphgen
