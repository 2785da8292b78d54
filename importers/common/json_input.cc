#include "importers/common/json_input.h"

#include "core/checked_math.h"
#include "core/text.h"

namespace graphgen {
namespace {

// A SAX pass that builds nothing and stops at the first value nested past `max_depth`.
// It replaced nlohmann's parse callback, whose DOM parser re-examined the parent after
// each element: a 300,000-object array was quadratic (issue 21). nlohmann's parser keeps
// its own stack on the heap, so neither pass recurses on the document.
class DepthCheck {
 public:
  using json = nlohmann::json;
  explicit DepthCheck(int max_depth) : max_depth_(max_depth) {}
  bool too_deep() const { return too_deep_; }

  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(json::number_integer_t) { return true; }
  bool number_unsigned(json::number_unsigned_t) { return true; }
  bool number_float(json::number_float_t, const json::string_t&) { return true; }
  bool string(json::string_t&) { return true; }
  bool binary(json::binary_t&) { return true; }
  bool key(json::string_t&) { return true; }
  bool start_object(std::size_t) { return Open(); }
  bool start_array(std::size_t) { return Open(); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  // The full parse that follows reports it, with nlohmann's own message.
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }

 private:
  bool Open() {
    // Depth as the old callback counted it: the top-level value's members are depth 1.
    too_deep_ = ++depth_ > max_depth_;
    return !too_deep_;
  }
  bool Close() {
    --depth_;
    return true;
  }

  int max_depth_;
  int depth_ = 0;
  bool too_deep_ = false;
};

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
  try {
    // Nesting is checked before anything is built, then the document is parsed plainly.
    DepthCheck check(max_depth);
    nlohmann::json::sax_parse(bytes, &check);
    if (check.too_deep()) {
      return LimitExceeded("JSON nests deeper than " + std::to_string(max_depth) +
                           " levels (raise it with --max-depth)");
    }
    return nlohmann::json::parse(bytes);
  } catch (const nlohmann::json::parse_error& e) {
    return BadInput("JSON does not parse at byte " + std::to_string(e.byte) + ": " +
                    Quote(e.what(), 200));
  } catch (const nlohmann::json::exception& e) {
    return BadInput("JSON does not parse: " + Quote(e.what(), 200));
  }
}

std::string JsonTypeName(const nlohmann::json& j) { return j.type_name(); }

}  // namespace graphgen
