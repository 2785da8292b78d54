#include "importers/common/model_checks.h"

#include <cstdio>

#include "core/name_scopes.h"
#include "core/text.h"

namespace graphgen {

Status CheckName(const std::string& name, const std::string& what, const ImportOptions& options) {
  if (name.size() > options.max_name_bytes) {
    return LimitExceeded(
        what + " is " + std::to_string(name.size()) + " bytes long, more than the limit of " +
        std::to_string(options.max_name_bytes) + " (raise it with --max-name-bytes)");
  }
  const size_t bad = FindInvalidUtf8(name);
  if (bad != std::string::npos) {
    char buf[96];
    std::snprintf(buf, sizeof(buf), " is not valid UTF-8 (byte 0x%02X at offset %zu)",
                  static_cast<unsigned char>(name[bad]), bad);
    return BadInput(what + buf);
  }
  return OkStatus();
}

Status CheckScopeDepth(const std::string& name, const std::string& what,
                       const ImportOptions& options) {
  const size_t depth = ScopeComponents(name).size();
  if (depth <= static_cast<size_t>(options.max_nesting_depth)) return OkStatus();
  return LimitExceeded(what + " nests " + std::to_string(depth) +
                       " scopes, more than the limit of " +
                       std::to_string(options.max_nesting_depth) + " (raise it with --max-depth)");
}

Status CheckAttributeCount(int64_t count, const std::string& what, const ImportOptions& options) {
  if (count <= options.max_attributes) return OkStatus();
  return LimitExceeded(
      what + " has " + std::to_string(count) + " attributes, more than the limit of " +
      std::to_string(options.max_attributes) + " (raise it with --max-attributes)");
}

Status CheckStringValue(const std::string& value, const std::string& what,
                        const ImportOptions& options) {
  if (static_cast<int64_t>(value.size()) <= options.max_string_bytes) return OkStatus();
  return LimitExceeded(
      what + " is a string of " + std::to_string(value.size()) + " bytes, more than the limit of " +
      std::to_string(options.max_string_bytes) + " (raise it with --max-string-bytes)");
}

Status CheckEdgeCount(int64_t edges, const ImportOptions& options) {
  if (edges <= options.max_edges) return OkStatus();
  return LimitExceeded("the model has more than " + std::to_string(options.max_edges) +
                       " edges (raise it with --max-edges)");
}

Status CheckRank(int64_t rank, const std::string& what, const ImportOptions& options) {
  if (rank <= options.max_rank) return OkStatus();
  return LimitExceeded(what + " has rank " + std::to_string(rank) + ", more than the limit of " +
                       std::to_string(options.max_rank) + " (raise it with --max-rank)");
}

Status CheckDim(int64_t dim, int axis, int64_t lowest, const std::string& what,
                const ImportOptions& options) {
  if (dim >= lowest && dim <= options.max_dim) return OkStatus();
  return BadInput(what + " has an absurd dimension " + std::to_string(dim) + " at axis " +
                  std::to_string(axis));
}

}  // namespace graphgen
