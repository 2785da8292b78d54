#include "importers/onnx/onnx_shape_inference.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>

#include "core/text.h"
#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

namespace graphgen {
namespace {

void ClearData(onnx::TensorProto* t) {
  t->clear_raw_data();
  t->clear_float_data();
  t->clear_int32_data();
  t->clear_string_data();
  t->clear_int64_data();
  t->clear_double_data();
  t->clear_uint64_data();
}

void ClearData(onnx::GraphProto* g) {
  for (auto& init : *g->mutable_initializer()) ClearData(&init);
  for (auto& sparse : *g->mutable_sparse_initializer()) {
    ClearData(sparse.mutable_values());
    ClearData(sparse.mutable_indices());
  }
  for (auto& node : *g->mutable_node()) {
    for (auto& a : *node.mutable_attribute()) {
      if (a.has_t()) ClearData(a.mutable_t());
      for (auto& t : *a.mutable_tensors()) ClearData(&t);
      if (a.has_g()) ClearData(a.mutable_g());
      for (auto& sub : *a.mutable_graphs()) ClearData(&sub);
    }
  }
}

bool WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// The child: infer, drop the weights (the parent does not need them and they would
// double the pipe traffic), send back 'M' + the model or 'E' + why.
[[noreturn]] void Child(onnx::ModelProto* model, int fd, int max_seconds) {
  // Die of a crash quietly: the parent reports it. Sanitizer and fuzzer handlers would
  // print a report and write a crash file for a fault in a library we cannot fix.
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) ::signal(sig, SIG_DFL);
  struct rlimit cpu = {static_cast<rlim_t>(max_seconds), static_cast<rlim_t>(max_seconds) + 1};
  ::setrlimit(RLIMIT_CPU, &cpu);
  std::string reply;
  try {
    onnx::ShapeInferenceOptions infer;
    infer.check_type = false;
    infer.error_mode = 0;
    infer.enable_data_propagation = true;
    onnx::shape_inference::InferShapes(*model, onnx::OpSchemaRegistry::Instance(), infer);
    ClearData(model->mutable_graph());
    reply = "M" + model->SerializeAsString();
  } catch (const std::exception& e) {
    reply = std::string("E") + e.what();
  }
  // _exit: no atexit handlers, no sanitizer leak check, no flushing the parent's stdio.
  ::_exit(WriteAll(fd, reply.data(), reply.size()) ? 0 : 1);
}

}  // namespace

std::string InferShapesIsolated(onnx::ModelProto* model, int max_seconds) {
  // libonnx registers its operator schemas on the first lookup. Left to the child, that
  // work is thrown away with it on every call; a lookup here does it once per process and
  // every later child inherits the table (the pipeline fuzz target spent nearly all of
  // its 300 ms per input rebuilding it). Later lookups are one map find.
  (void)onnx::OpSchemaRegistry::Schema("Relu", "");
  int fds[2];
  if (::pipe(fds) != 0) return std::string("cannot start it: ") + std::strerror(errno);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return std::string("cannot start it: ") + std::strerror(errno);
  }
  if (pid == 0) {
    ::close(fds[0]);
    Child(model, fds[1], max_seconds);
  }
  ::close(fds[1]);
  std::string reply;
  char buf[1 << 16];
  while (true) {
    const ssize_t n = ::read(fds[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    reply.append(buf, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    if (sig == SIGXCPU || sig == SIGKILL) {
      return "it ran past " + std::to_string(max_seconds) + " s of CPU";
    }
    return std::string("the ONNX library crashed on this file (") + strsignal(sig) + ")";
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || reply.empty()) {
    return "the ONNX library crashed on this file";
  }
  if (reply[0] == 'E') return Quote(reply.substr(1), 200);
  onnx::ModelProto inferred;
  if (reply[0] != 'M' ||
      !inferred.ParseFromArray(reply.data() + 1, static_cast<int>(reply.size() - 1))) {
    return "its result did not parse";
  }
  *model = std::move(inferred);
  return "";
}

}  // namespace graphgen
