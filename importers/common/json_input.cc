#include "importers/common/json_input.h"

#include "core/checked_math.h"
#include "core/text.h"

namespace graphgen {
namespace {

struct TooDeep {};

}  // namespace

bool LooksLikeJsonObject(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  for (char c : head) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '{';
  }
  return false;
}

int MaxJsonDepth(const ImportOptions& options) {
  return ClampToInt(64 + int64_t{8} * options.max_nesting_depth);
}

StatusOr<nlohmann::json> ParseJson(const std::string& bytes, const ImportOptions& options) {
  const int max_depth = MaxJsonDepth(options);
  // The callback sees each value's depth as the parser opens it, before anything deeper
  // is built; nlohmann's parser itself keeps its stack on the heap.
  const nlohmann::json::parser_callback_t guard =
      [max_depth](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        if (depth > max_depth) throw TooDeep();
        return true;
      };
  try {
    return nlohmann::json::parse(bytes, guard);
  } catch (const TooDeep&) {
    return LimitExceeded("JSON nests deeper than " + std::to_string(max_depth) +
                         " levels (raise it with --max-depth)");
  } catch (const nlohmann::json::parse_error& e) {
    return BadInput("JSON does not parse at byte " + std::to_string(e.byte) + ": " +
                    Quote(e.what(), 200));
  } catch (const nlohmann::json::exception& e) {
    return BadInput("JSON does not parse: " + Quote(e.what(), 200));
  }
}

std::string JsonTypeName(const nlohmann::json& j) { return j.type_name(); }

}  // namespace graphgen
