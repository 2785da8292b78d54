#include "graphgen/check.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "core/file_io.h"
#include "core/text.h"
#include "render/outputs.h"

namespace graphgen {
namespace {

// A diagram we compare against is at most this large; bigger is not one of ours.
constexpr int64_t kMaxDiagramBytes = int64_t{1} << 31;

bool StartsWith(const std::string& s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

const std::string* Find(const Metadata& meta, const char* key) {
  for (const auto& [k, v] : meta) {
    if (k == key) return &v;
  }
  return nullptr;
}

// "rankdir=TB depth=all layer_range=a b:c" -> ordered (key, value); a token without '='
// continues the previous value (a --layer-range regex may hold spaces).
Metadata SplitOptions(const std::string& text) {
  Metadata out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string token = text.substr(start, end - start);
    const size_t eq = token.find('=');
    if (eq == std::string::npos || eq == 0) {
      if (!out.empty()) out.back().second += " " + token;
    } else {
      out.emplace_back(token.substr(0, eq), token.substr(eq + 1));
    }
    start = end + 1;
  }
  return out;
}

std::string DescribeOptionChanges(const std::string& before, const std::string& now) {
  const Metadata a = SplitOptions(before), b = SplitOptions(now);
  std::string s;
  const auto add = [&](const std::string& key, const std::string* x, const std::string* y) {
    if (!s.empty()) s += ", ";
    s += Quote(key, 40) + " " + (x ? Quote(*x, 40) : "(unset)") + " -> " +
         (y ? Quote(*y, 40) : "(unset)");
  };
  for (const auto& [key, value] : b) {
    const std::string* old = Find(a, key.c_str());
    if (old == nullptr || *old != value) add(key, old, &value);
  }
  for (const auto& [key, value] : a) {
    if (Find(b, key.c_str()) == nullptr) add(key, &value, nullptr);
  }
  return s;
}

std::string VersionOf(const std::string& generator) {
  return StartsWith(generator, "graphgen ") ? generator.substr(9) : generator;
}

}  // namespace

Metadata ReadProvenance(const std::string& bytes) { return OutputRegistry().ReadProvenance(bytes); }

std::string DescribeProvenanceChange(const Metadata& old_meta, const Metadata& new_meta,
                                     const LayerGraph& graph) {
  std::vector<std::string> reasons;
  const auto get = [](const Metadata& m, const char* key) {
    const std::string* v = Find(m, key);
    return v ? *v : std::string();
  };
  const std::string old_gen = get(old_meta, kMetaGenerator);
  const std::string new_gen = get(new_meta, kMetaGenerator);
  if (old_gen != new_gen) {
    reasons.push_back("graphgen version changed (" + Quote(VersionOf(old_gen), 40) + " -> " +
                      Quote(VersionOf(new_gen), 40) + ")");
  }
  const std::string old_model = get(old_meta, kMetaModel);
  const std::string new_model = get(new_meta, kMetaModel);
  if (old_model != new_model) {
    reasons.push_back("model file name changed (" + Quote(old_model, 60) + " -> " +
                      Quote(new_model, 60) + ")");
  }
  const std::string old_format = get(old_meta, kMetaModelFormat);
  const std::string new_format = get(new_meta, kMetaModelFormat);
  if (old_format != new_format) {
    reasons.push_back("model format changed (" + Quote(old_format, 40) + " -> " +
                      Quote(new_format, 40) + ")");
  }
  const std::string* old_hash = Find(old_meta, kMetaModelHash);
  const std::string new_hash = get(new_meta, kMetaModelHash);
  if (old_hash == nullptr) {
    reasons.push_back("the file has no model hash (written by an older graphgen)");
  } else if (*old_hash != new_hash) {
    std::vector<NodeHash> before, now;
    const std::string* old_nodes = Find(old_meta, kMetaModelNodes);
    if (old_nodes != nullptr && ParseNodeHashes(*old_nodes, &before) &&
        ParseNodeHashes(get(new_meta, kMetaModelNodes), &now)) {
      const std::string nodes = DescribeNodeChanges(before, now, graph);
      reasons.push_back(nodes.empty() ? "model changed (graph name or subgraph nesting)"
                                      : "model changed: " + nodes);
    } else {
      reasons.push_back("model changed");
    }
  }
  const std::string old_options = get(old_meta, kMetaOptions);
  const std::string new_options = get(new_meta, kMetaOptions);
  if (old_options != new_options) {
    const std::string changes = DescribeOptionChanges(old_options, new_options);
    reasons.push_back(changes.empty() ? "options changed" : "options changed: " + changes);
  }
  std::string s;
  for (const std::string& r : reasons) s += (s.empty() ? "" : "; ") + r;
  return s;
}

Status CheckFile(const std::string& path, const std::string& bytes, const Metadata& new_meta,
                 const LayerGraph& graph) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return Status(StatusCode::kStale, "stale: the diagram does not exist");
    }
    return OutputError(std::string("cannot read the diagram: ") + std::strerror(errno));
  }
  auto old = ReadFile(path, kMaxDiagramBytes);
  if (!old.ok()) return OutputError(old.status().message());
  if (*old == bytes) return OkStatus();
  const Metadata old_meta = ReadProvenance(*old);
  if (old_meta.empty()) {
    return Status(StatusCode::kStale,
                  "stale: the file carries no graphgen provenance (not written by graphgen, "
                  "or not in the format its name says)");
  }
  const std::string why = DescribeProvenanceChange(old_meta, new_meta, graph);
  if (!why.empty()) return Status(StatusCode::kStale, "stale: " + why);
  // Same provenance, other bytes: diagrams written before issue 23 by the same version
  // carry their SVG provenance as <meta> elements, or DOT lines graphviz cannot read.
  if (old->find("<metadata>") != std::string::npos &&
      old->find("<meta name=\"") != std::string::npos) {
    return Status(StatusCode::kStale,
                  "stale: written with the old SVG provenance (<meta> elements, which end an "
                  "inline SVG in HTML); write it again");
  }
  if (StartsWith(*old, "// ") && old->find("//   ") == std::string::npos &&
      old->find("// model-nodes: ") != std::string::npos &&
      bytes.find("//   ") != std::string::npos) {
    return Status(StatusCode::kStale,
                  "stale: written with the old DOT provenance (one line per value, too long "
                  "for Graphviz); write it again");
  }
  return Status(StatusCode::kStale,
                "stale: its bytes differ from what this graphgen writes for the same model, "
                "options and version (edited by hand, or a PDF rendered with another "
                "SOURCE_DATE_EPOCH)");
}

}  // namespace graphgen
