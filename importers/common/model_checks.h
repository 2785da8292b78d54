// Checks every importer applies to what a model file says, with one wording for each
// kind of problem whatever the format: names, ranks, dimensions.
#ifndef IMPORTERS_COMMON_MODEL_CHECKS_H_
#define IMPORTERS_COMMON_MODEL_CHECKS_H_

#include <cstdint>
#include <string>

#include "core/status.h"
#include "importers/importer.h"

namespace graphgen {

// A name must be valid UTF-8 and no longer than options.max_name_bytes (--max-name-bytes). `what`
// starts the message: "node #3: name".
Status CheckName(const std::string& name, const std::string& what, const ImportOptions& options);

// A node name that nests more scopes than options.max_nesting_depth ("a/b/c/Conv" nests
// 3) is a limit error naming --max-depth: every scope becomes a nested cluster.
Status CheckScopeDepth(const std::string& name, const std::string& what,
                       const ImportOptions& options);

// More than options.max_attributes attributes on one node is a limit error.
Status CheckAttributeCount(int64_t count, const std::string& what, const ImportOptions& options);

// A string attribute value longer than options.max_string_bytes is a limit error.
Status CheckStringValue(const std::string& value, const std::string& what,
                        const ImportOptions& options);

// More than options.max_edges producer -> consumer links is a limit error.
Status CheckEdgeCount(int64_t edges, const ImportOptions& options);

// A rank above options.max_rank is a limit error naming --max-rank.
Status CheckRank(int64_t rank, const std::string& what, const ImportOptions& options);

// A dimension below `lowest` (0, or -1 where -1 means unknown) or above options.max_dim.
Status CheckDim(int64_t dim, int axis, int64_t lowest, const std::string& what,
                const ImportOptions& options);

}  // namespace graphgen

#endif  // IMPORTERS_COMMON_MODEL_CHECKS_H_
