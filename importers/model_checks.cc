#include "importers/model_checks.h"

#include <cstdio>

#include "graphgen/text.h"

namespace graphgen {

Status CheckName(const std::string& name, const std::string& what,
                 const ImportOptions& options) {
  if (name.size() > options.max_name_bytes) {
    return LimitExceeded(what + " is " + std::to_string(name.size()) +
                         " bytes long, more than the limit of " +
                         std::to_string(options.max_name_bytes));
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

Status CheckRank(int64_t rank, const std::string& what, const ImportOptions& options) {
  if (rank <= options.max_rank) return OkStatus();
  return LimitExceeded(what + " has rank " + std::to_string(rank) +
                       ", more than the limit of " + std::to_string(options.max_rank) +
                       " (raise it with --max-rank)");
}

Status CheckDim(int64_t dim, int axis, int64_t lowest, const std::string& what,
                const ImportOptions& options) {
  if (dim >= lowest && dim <= options.max_dim) return OkStatus();
  return BadInput(what + " has an absurd dimension " + std::to_string(dim) + " at axis " +
                  std::to_string(axis));
}

}  // namespace graphgen
