#include "core/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <vector>

namespace graphgen {
namespace {

std::string ErrnoText(int err) { return std::strerror(err); }

Status WriteAll(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return OutputError(ErrnoText(errno));
    }
    done += static_cast<size_t>(n);
  }
  return OkStatus();
}

// The mkstemp template for writing `path`: "<name>.tmp.XXXXXX" beside it, or
// "<temp_basename>.XXXXXX". A name is at most NAME_MAX bytes, and a valid output name
// can be that long (issue 21: a 250-byte name was refused because its temp name was
// not), so the name part is clipped, at a UTF-8 character boundary, to leave room.
std::string TempTemplate(const std::string& path, const std::string& temp_basename) {
  const size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  std::string base = temp_basename.empty() ? path.substr(dir.size()) : temp_basename;
  const std::string suffix = temp_basename.empty() ? ".tmp.XXXXXX" : ".XXXXXX";
  if (base.size() + suffix.size() > NAME_MAX) {
    size_t cut = NAME_MAX - suffix.size();
    while (cut > 0 && (static_cast<unsigned char>(base[cut]) & 0xC0) == 0x80) --cut;
    base.resize(cut);
  }
  return dir + base + suffix;
}

// Opens `path` for reading and checks it is a regular file within `max_bytes`; on success
// *fd is open and *size holds its size.
Status OpenChecked(const std::string& path, int64_t max_bytes, int* out_fd, int64_t* size) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever
  // (found building the hostile manifest); fstat below refuses anything not regular.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) return BadInput("no such file");
    return BadInput("cannot open: " + ErrnoText(err));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return BadInput("cannot stat: " + ErrnoText(err));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return BadInput("is a directory, not a model file");
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return BadInput("is not a regular file");
  }
  // Regular files never block; reads go back to blocking mode all the same.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  if (st.st_size > max_bytes) {
    ::close(fd);
    return LimitExceeded("file is " + std::to_string(st.st_size) +
                         " bytes, more than the limit of " + std::to_string(max_bytes) +
                         " (raise it with --max-file-mb)");
  }
  *out_fd = fd;
  *size = st.st_size;
  return OkStatus();
}

}  // namespace

StatusOr<std::string> ReadFileHead(const std::string& path, size_t head_bytes, int64_t max_bytes,
                                   int64_t* size) {
  int fd = -1;
  GRAPHGEN_RETURN_IF_ERROR(OpenChecked(path, max_bytes, &fd, size));
  std::string head(head_bytes, '\0');
  size_t done = 0;
  while (done < head_bytes) {
    const ssize_t n = ::read(fd, &head[done], head_bytes - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return BadInput("read failed: " + ErrnoText(err));
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  head.resize(done);
  return head;
}

StatusOr<std::string> ReadStdin(int64_t max_bytes) {
  std::string bytes;
  std::vector<char> buf(1 << 16);
  while (true) {
    const ssize_t n = ::read(STDIN_FILENO, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return BadInput("read failed: " + ErrnoText(errno));
    }
    if (n == 0) break;
    if (static_cast<int64_t>(bytes.size()) + n > max_bytes) {
      return LimitExceeded("standard input is larger than the limit of " +
                           std::to_string(max_bytes) + " bytes (raise it with --max-file-mb)");
    }
    bytes.append(buf.data(), static_cast<size_t>(n));
  }
  return bytes;
}

StatusOr<std::string> ReadFile(const std::string& path, int64_t max_bytes) {
  int fd = -1;
  int64_t size = 0;
  GRAPHGEN_RETURN_IF_ERROR(OpenChecked(path, max_bytes, &fd, &size));
  struct stat st;
  st.st_size = size;
  // The size comes from the file system, not from the file's content; still read in
  // chunks so a file that grows while we read cannot push us past the limit.
  std::string bytes;
  bytes.reserve(static_cast<size_t>(st.st_size));
  std::vector<char> buf(1 << 16);
  while (true) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return BadInput("read failed: " + ErrnoText(err));
    }
    if (n == 0) break;
    if (static_cast<int64_t>(bytes.size()) + n > max_bytes) {
      ::close(fd);
      return LimitExceeded("file grew past the limit of " + std::to_string(max_bytes) +
                           " bytes while being read (raise it with --max-file-mb)");
    }
    bytes.append(buf.data(), static_cast<size_t>(n));
  }
  ::close(fd);
  return bytes;
}

Status WriteFileAtomically(const std::string& path, const std::string& bytes,
                           const std::string& temp_basename) {
  if (path == "-") {
    if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() ||
        std::fflush(stdout) != 0) {
      return OutputError("cannot write to standard output");
    }
    return OkStatus();
  }
  // Only a regular file (or a link to one, which is replaced) or a new path is written: a
  // rename over a device node or FIFO (a copy of /dev/null, /dev/full) would destroy it.
  struct stat existing;
  if (::stat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode)) {
    return OutputError(S_ISDIR(existing.st_mode)
                           ? "is a directory"
                           : "is not a regular file (a device, FIFO or socket); graphgen writes "
                             "only regular files and new paths (-o - writes to stdout)");
  }
  const std::string tmpl = TempTemplate(path, temp_basename);
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) return OutputError("cannot create a file beside it: " + ErrnoText(errno));
  const std::string tmp(name.data());
  // mkstemp makes 0600 files; give the output the permissions a plain create would.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  Status status = WriteAll(fd, bytes);
  if (status.ok() && ::fsync(fd) != 0) status = OutputError(ErrnoText(errno));
  if (::close(fd) != 0 && status.ok()) status = OutputError(ErrnoText(errno));
  if (status.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    status = OutputError("cannot replace it: " + ErrnoText(errno));
  }
  if (!status.ok()) ::unlink(tmp.c_str());
  return status;
}

Status MakeDirectories(const std::string& path) {
  if (path.empty()) return OutputError("empty directory name");
  // Each prefix ending before a '/', then the whole path.
  for (size_t end = path.find('/', 1);; end = path.find('/', end + 1)) {
    const std::string dir = path.substr(0, end);
    struct stat st;
    if (::stat(dir.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) return OutputError("'" + dir + "' is not a directory");
    } else if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) {
      return OutputError("cannot create directory '" + dir + "': " + ErrnoText(errno));
    }
    if (end == std::string::npos) break;
  }
  return OkStatus();
}

}  // namespace graphgen
