// Status and StatusOr: how errors cross module boundaries in graphgen.
// A Status carries a category (which decides the CLI exit code in main) and a message
// that callers extend with context as it bubbles up ("node 'conv1' (Conv): ...").
#ifndef CORE_STATUS_H_
#define CORE_STATUS_H_

#include <optional>
#include <string>
#include <utility>

namespace graphgen {

// Each code maps to one documented exit code in main.cc; nothing else sees exit codes.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad flags or option values (exit 2)
  kBadInput,         // the model: missing, unreadable, malformed, invalid (exit 3)
  kLimitExceeded,    // the model exceeds an ImportOptions limit (exit 3)
  kOutputError,      // the output could not be written (exit 4)
  kStale,            // a checked diagram differs from what would be written (exit 1)
  kInternal,         // a bug in graphgen (exit 70)
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns this status with "context: " put before the message; OK stays OK.
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    Status s(code_, context + ": " + message_);
    s.recognised_ = recognised_;
    return s;
  }

  // An import error from a file that was recognised as the importer's format (it parsed
  // as the format's message and holds a model), not a sign it is some other format: the
  // importer registry reports it alone rather than every format's reason (issue 21).
  Status Recognised() const {
    Status s = *this;
    s.recognised_ = !ok();
    return s;
  }
  bool recognised() const { return recognised_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  bool recognised_ = false;
};

inline Status OkStatus() { return Status(); }
inline Status BadInput(std::string m) { return Status(StatusCode::kBadInput, std::move(m)); }
inline Status InvalidArgument(std::string m) {
  return Status(StatusCode::kInvalidArgument, std::move(m));
}
inline Status LimitExceeded(std::string m) {
  return Status(StatusCode::kLimitExceeded, std::move(m));
}
inline Status OutputError(std::string m) { return Status(StatusCode::kOutputError, std::move(m)); }
inline Status Internal(std::string m) { return Status(StatusCode::kInternal, std::move(m)); }

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design
  StatusOr(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace graphgen

#define GRAPHGEN_RETURN_IF_ERROR(expr)       \
  do {                                       \
    ::graphgen::Status _gg_status = (expr);  \
    if (!_gg_status.ok()) return _gg_status; \
  } while (0)

#endif  // CORE_STATUS_H_
