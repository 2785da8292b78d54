#include "graphgen/project_config.h"

#include <sys/stat.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

#include "core/file_io.h"
#include "core/text.h"

namespace graphgen {
namespace {

// A config is a short hand-written file; anything bigger is not one.
constexpr int64_t kMaxConfigBytes = 4 << 20;

using Json = nlohmann::json;

bool IsFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool IsDir(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The directory part of `path` ("" for a bare name).
std::string DirOf(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

std::string Resolve(const std::string& dir, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  return dir + path;
}

Status Problem(const std::string& where, const std::string& what) {
  return InvalidArgument(where + ": " + what);
}

// Option values become "--name=value"; the CLI's own parser then checks them.
StatusOr<std::string> FlagFor(const std::string& where, const std::string& key, const Json& value,
                              const std::vector<ConfigOption>& allowed) {
  const ConfigOption* option = nullptr;
  for (const ConfigOption& o : allowed) {
    if (key == o.name) option = &o;
  }
  if (option == nullptr) return Problem(where, "unknown option '" + Quote(key, 60) + "'");
  if (option->is_switch) {
    if (!value.is_boolean()) {
      return Problem(where, "option '" + key + "' takes true or false");
    }
    return value.get<bool>() ? "--" + key : std::string();
  }
  std::string text;
  if (value.is_boolean()) {
    text = value.get<bool>() ? "true" : "false";
  } else if (value.is_number_integer() || value.is_number_unsigned()) {
    text = value.dump();
  } else if (value.is_number_float()) {
    text = value.dump();
  } else if (value.is_string()) {
    text = value.get<std::string>();
  } else {
    return Problem(where, "option '" + key + "' must be a string, number or boolean");
  }
  return "--" + key + "=" + text;
}

Status AddFlags(const std::string& where, const Json& options,
                const std::vector<ConfigOption>& allowed, std::vector<std::string>* flags) {
  if (!options.is_object()) return Problem(where, "'options' must be an object");
  for (auto it = options.begin(); it != options.end(); ++it) {
    auto flag = FlagFor(where + ": options", it.key(), it.value(), allowed);
    if (!flag.ok()) return flag.status();
    if (!flag->empty()) flags->push_back(*flag);
  }
  return OkStatus();
}

StatusOr<std::string> PathString(const std::string& where, const char* key, const Json& v) {
  if (!v.is_string() || v.get<std::string>().empty()) {
    return Problem(where, std::string("'") + key + "' must be a non-empty path");
  }
  const std::string s = v.get<std::string>();
  if (FindInvalidUtf8(s) != std::string::npos || s.find('\0') != std::string::npos) {
    return Problem(where, std::string("'") + key + "' is not a valid path");
  }
  return s;
}

// The canonical absolute form of `path` as the file system resolves it: realpath of the
// whole path when `follow_last` and it exists, else of its nearest existing ancestor with
// the rest appended. Empty when a component to append is ".." or "." (it could climb out
// of wherever the ancestor is) or nothing resolves.
std::string CanonicalPath(const std::string& path, bool follow_last) {
  if (follow_last) {
    if (char* real = ::realpath(path.c_str(), nullptr)) {
      std::string out(real);
      std::free(real);
      return out;
    }
  }
  std::string head = path;
  std::vector<std::string> tail;  // components after `head`, last first
  while (true) {
    while (head.size() > 1 && head.back() == '/') head.pop_back();
    const size_t slash = head.find_last_of('/');
    const std::string last = slash == std::string::npos ? head : head.substr(slash + 1);
    if (last.empty() || last == "." || last == "..") return "";
    tail.push_back(last);
    head = slash == std::string::npos ? "." : (slash == 0 ? "/" : head.substr(0, slash));
    if (char* real = ::realpath(head.c_str(), nullptr)) {
      std::string out(real);
      std::free(real);
      for (auto it = tail.rbegin(); it != tail.rend(); ++it) {
        out += (out.back() == '/' ? "" : "/") + *it;
      }
      return out;
    }
    if (head == "." || head == "/") return "";
  }
}

bool IsWithin(const std::string& path, const std::string& root) {
  if (path.empty()) return false;
  if (root == "/") return true;
  return path == root || (path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
                          path[root.size()] == '/');
}

}  // namespace

Status CheckConfined(const ProjectConfig& config) {
  const std::string dir = DirOf(config.path);
  const std::string root = CanonicalPath(dir.empty() ? "." : dir, true);
  if (root.empty())
    return InvalidArgument(Quote(config.path, 200) + ": cannot resolve its directory");
  const std::string name = Quote(config.path, 200);
  const auto outside = [&](const DiagramSpec& d, const char* what, const std::string& path) {
    return Problem(d.where, std::string(what) + " '" + Quote(path, 200) + "' is outside " + name +
                                "'s directory; --allow-outside allows that");
  };
  for (const DiagramSpec& d : config.diagrams) {
    if (!IsWithin(CanonicalPath(d.model, true), root)) return outside(d, "model", d.model);
    for (const std::string& output : d.outputs) {
      // An output's own symlink is replaced, never written through: resolve its directory.
      if (!IsWithin(CanonicalPath(output, false), root)) return outside(d, "output", output);
    }
  }
  return OkStatus();
}

StatusOr<std::string> FindProjectConfig(const std::string& dir) {
  std::string prefix = dir == "." ? std::string() : dir + "/";
  // Walk up until the parent is the directory itself (the root).
  for (int level = 0; level < 256; ++level) {
    std::vector<std::string> found;
    for (const char* name : kProjectConfigNames) {
      if (IsFile(prefix + name)) found.push_back(prefix + name);
    }
    if (found.size() > 1) {
      return InvalidArgument(found[0] + " and " + found[1] +
                             ": two project configs in one directory; keep one");
    }
    if (found.size() == 1) return found[0];
    struct stat here, up;
    if (::stat((prefix.empty() ? "." : prefix).c_str(), &here) != 0 ||
        ::stat((prefix + "..").c_str(), &up) != 0 ||
        (here.st_dev == up.st_dev && here.st_ino == up.st_ino)) {
      break;
    }
    prefix += "../";
  }
  return InvalidArgument(
      "no graphgen.json or .graphgen.json here or in a parent directory; give --config FILE");
}

StatusOr<ProjectConfig> ParseProjectConfig(const std::string& text, const std::string& path,
                                           const std::vector<ConfigOption>& allowed) {
  const std::string file = Quote(path, 200);
  Json root;
  try {
    root = Json::parse(text);
  } catch (const Json::exception& e) {
    return InvalidArgument(file + ": not valid JSON: " + e.what());
  }
  if (!root.is_object()) return InvalidArgument(file + ": must hold a JSON object");
  std::vector<std::string> defaults;
  const Json* diagrams = nullptr;
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (it.key() == "diagrams") {
      diagrams = &it.value();
    } else if (it.key() == "options") {
      GRAPHGEN_RETURN_IF_ERROR(AddFlags(file, it.value(), allowed, &defaults));
    } else {
      return InvalidArgument(file + ": unknown key '" + Quote(it.key(), 60) +
                             "' (known: diagrams, options)");
    }
  }
  if (diagrams == nullptr || !diagrams->is_array() || diagrams->empty()) {
    return InvalidArgument(file + ": 'diagrams' must be a non-empty list");
  }

  ProjectConfig config;
  config.path = path;
  const std::string dir = DirOf(path);
  std::set<std::string> seen_outputs;
  for (size_t i = 0; i < diagrams->size(); ++i) {
    const Json& d = (*diagrams)[i];
    DiagramSpec spec;
    spec.where = file + ": diagrams[" + std::to_string(i) + "]";
    if (!d.is_object()) return Problem(spec.where, "must be an object");
    spec.flags = defaults;
    bool has_model = false;
    for (auto it = d.begin(); it != d.end(); ++it) {
      const std::string& key = it.key();
      if (key == "model") {
        auto p = PathString(spec.where, "model", it.value());
        if (!p.ok()) return p.status();
        spec.model = Resolve(dir, *p);
        has_model = true;
      } else if (key == "output") {
        auto p = PathString(spec.where, "output", it.value());
        if (!p.ok()) return p.status();
        spec.outputs.push_back(Resolve(dir, *p));
      } else if (key == "outputs") {
        if (!it.value().is_array() || it.value().empty()) {
          return Problem(spec.where, "'outputs' must be a non-empty list of paths");
        }
        for (const Json& o : it.value()) {
          auto p = PathString(spec.where, "outputs", o);
          if (!p.ok()) return p.status();
          spec.outputs.push_back(Resolve(dir, *p));
        }
      } else if (key == "options") {
        GRAPHGEN_RETURN_IF_ERROR(AddFlags(spec.where, it.value(), allowed, &spec.flags));
      } else {
        return Problem(spec.where, "unknown key '" + Quote(key, 60) +
                                       "' (known: model, output, outputs, options)");
      }
    }
    if (!has_model) return Problem(spec.where, "'model' is missing");
    if (spec.outputs.empty()) return Problem(spec.where, "'output' or 'outputs' is missing");
    for (const std::string& o : spec.outputs) {
      if (!seen_outputs.insert(o).second) {
        return Problem(spec.where, "output '" + Quote(o, 200) + "' is listed twice");
      }
    }
    config.diagrams.push_back(std::move(spec));
  }
  return config;
}

StatusOr<ProjectConfig> LoadProjectConfig(const std::string& path,
                                          const std::vector<ConfigOption>& allowed) {
  if (IsDir(path)) return InvalidArgument(Quote(path, 200) + ": is a directory");
  auto text = ReadFile(path, kMaxConfigBytes);
  if (!text.ok()) return InvalidArgument(text.status().WithContext(Quote(path, 200)).message());
  return ParseProjectConfig(*text, path, allowed);
}

Status RunProject(const std::vector<ProjectJob>& jobs, WriteMode mode, FILE* out, FILE* err) {
  size_t stale = 0;
  Status first_error;
  for (const ProjectJob& job : jobs) {
    Config config = job.config;
    config.mode = mode;
    const Status s = Run(config, out, err);
    if (s.ok()) continue;
    std::fprintf(err, "graphgen: %s\n", s.message().c_str());
    if (s.code() == StatusCode::kStale) {
      ++stale;
    } else if (first_error.ok()) {
      first_error = s;
    }
  }
  std::fflush(err);
  if (!first_error.ok()) {
    return Status(first_error.code(),
                  "some diagrams could not be " +
                      std::string(mode == WriteMode::kCheck ? "checked" : "updated") +
                      " (see above)");
  }
  if (stale > 0) {
    return Status(StatusCode::kStale, std::to_string(stale) + " of " + std::to_string(jobs.size()) +
                                          (jobs.size() == 1 ? " diagram" : " diagrams") +
                                          (stale == 1 ? " is" : " are") +
                                          " stale; `graphgen update` rewrites them");
  }
  return OkStatus();
}

}  // namespace graphgen
