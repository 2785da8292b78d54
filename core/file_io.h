// Reading model files within a size limit, and writing outputs atomically: a failure
// never leaves a half-written or clobbered file.
#ifndef CORE_FILE_IO_H_
#define CORE_FILE_IO_H_

#include <cstdint>
#include <string>

#include "core/status.h"

namespace graphgen {

// The whole file at `path`. Missing, unreadable, a directory, or larger than
// `max_bytes` is kBadInput / kLimitExceeded with a message that does not repeat the path.
StatusOr<std::string> ReadFile(const std::string& path, int64_t max_bytes);

// Standard input to its end (a model piped in as "-"), at most `max_bytes`: more is
// kLimitExceeded, a read error kBadInput.
StatusOr<std::string> ReadStdin(int64_t max_bytes);

// The first `head_bytes` bytes of the file at `path` (fewer if it is shorter), after the
// same checks as ReadFile, the size limit included; *size gets the file's size. Lets a
// caller refuse a file by its first bytes without reading 2 GB of it.
StatusOr<std::string> ReadFileHead(const std::string& path, size_t head_bytes, int64_t max_bytes,
                                   int64_t* size);

// Writes `bytes` to a temporary file beside `path` and renames it over `path`, so readers
// see the old file or the new one, never a mix. "-" writes to stdout. The temporary file
// is `path`.tmp.XXXXXX, or `temp_basename`.XXXXXX in the same directory when given (for
// readers that pick files up by name while they are written, like TensorBoard).
Status WriteFileAtomically(const std::string& path, const std::string& bytes,
                           const std::string& temp_basename = "");

// Creates `path` and its missing parents (mode 0777 less the umask), like mkdir -p. An
// existing directory is fine; anything else in the way is kOutputError.
Status MakeDirectories(const std::string& path);

}  // namespace graphgen

#endif  // CORE_FILE_IO_H_
