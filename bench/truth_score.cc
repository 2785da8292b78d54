#include "bench/truth_score.h"

#include <map>
#include <set>

namespace graphgen {
namespace {

constexpr const char* kRoles[] = {"encoder", "bottleneck", "decoder"};

}  // namespace

bool TruthScore::Good() const {
  if (plain) return !found;
  return found && f1 >= 0.95 && edges_found == edges;
}

TruthScore ScoreGroups(const nlohmann::json& truth, const nlohmann::json& groups) {
  TruthScore score;
  score.plain = truth.value("plain", false);
  score.found = groups.value("verdict", "") == "encoder-decoder found";
  if (score.plain) return score;
  // Ours: role and box per file node name. Schema 2 lists every node of the file; schema
  // 1 only the drawn boxes, under "nodes" too but without "box".
  const bool every_node = groups.contains("boxes");
  std::map<std::string, std::string> role;
  std::map<std::string, long long> box;
  for (const auto& n : groups.value("nodes", nlohmann::json::array())) {
    const std::string name = n.value("name", "");
    role[name] = n.value("role", "none");
    if (every_node && n.contains("box") && n["box"].is_number()) box[name] = n["box"];
  }
  const auto truth_groups = truth.value("groups", nlohmann::json::object());
  std::map<std::string, std::string> truth_role;
  for (const char* r : kRoles) {
    for (const auto& name : truth_groups.value(r, nlohmann::json::array())) {
      truth_role[name.get<std::string>()] = r;
    }
  }
  score.nodes = static_cast<int>(truth_role.size());
  double f1_sum = 0;
  int roles_counted = 0;
  for (const char* r : kRoles) {
    int tp = 0, fp = 0, fn = 0;
    for (const auto& [name, want] : truth_role) {
      const auto it = role.find(name);
      const std::string got = it == role.end() ? "none" : it->second;
      if (want == r && got == r) ++tp;
      if (want != r && got == r) ++fp;
      if (want == r && got != r) ++fn;
    }
    if (tp + fp + fn == 0) continue;  // a role neither side uses (a model with no bottleneck)
    f1_sum += 2.0 * tp / (2.0 * tp + fp + fn);
    ++roles_counted;
  }
  for (const auto& [name, want] : truth_role) score.nodes_listed += role.count(name) ? 1 : 0;
  score.f1 = roles_counted > 0 ? f1_sum / roles_counted : 0;
  // Typed edges: the same kind and tensor, entering the box that holds the truth's
  // consumer (schema 1 has no boxes: kind and tensor).
  std::set<std::pair<std::string, std::string>> ours;
  std::set<std::tuple<std::string, std::string, long long>> ours_boxed;
  for (const auto& e : groups.value("edges", nlohmann::json::array())) {
    const std::string kind = e.value("kind", "");
    const std::string tensor = e.value("tensor", "");
    ours.emplace(kind, tensor);
    if (e.contains("to_box") && e["to_box"].is_number()) {
      ours_boxed.emplace(kind, tensor, e["to_box"].get<long long>());
    }
  }
  for (const auto& e : truth.value("edges", nlohmann::json::array())) {
    const std::string kind = e.value("kind", "");
    if (kind != "skip" && kind != "memory" && kind != "state") continue;
    ++score.edges;
    const std::string tensor = e.value("tensor", "");
    if (!every_node) {
      score.edges_found += ours.count({kind, tensor}) ? 1 : 0;
      continue;
    }
    const auto dst = box.find(e.value("dst", ""));
    if (dst != box.end() && ours_boxed.count({kind, tensor, dst->second})) ++score.edges_found;
  }
  return score;
}

}  // namespace graphgen
