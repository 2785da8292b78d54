// JSON model files from strangers (TF.js model.json, Keras to_json()): a bounded parse
// that rejects deep nesting before building it, and a first-bytes check.
#ifndef IMPORTERS_COMMON_JSON_INPUT_H_
#define IMPORTERS_COMMON_JSON_INPUT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.h"
#include "importers/importer.h"

namespace graphgen {

// Whether `head`, past white space (and a UTF-8 byte order mark), opens a JSON object.
bool LooksLikeJsonObject(std::string_view head);

// The deepest JSON nesting accepted: generous for nested Keras models up to
// options.max_nesting_depth levels, far below what would exhaust the stack.
int MaxJsonDepth(const ImportOptions& options);

// Parses `bytes` as one JSON document. Errors: "JSON does not parse: ..." with the byte
// offset, or a limit error naming --max-depth when nesting exceeds MaxJsonDepth.
StatusOr<nlohmann::json> ParseJson(const std::string& bytes, const ImportOptions& options);

// "object", "array", "string", ... for messages.
std::string JsonTypeName(const nlohmann::json& j);

}  // namespace graphgen

#endif  // IMPORTERS_COMMON_JSON_INPUT_H_
