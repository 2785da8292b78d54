#include "importers/model_files.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>

#include "importers/registry.h"

namespace graphgen {
namespace {

constexpr int kMaxDepth = 16;

bool EndsWith(const std::string& name, const std::string& ext) {
  return name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0;
}

void Find(const std::string& dir, int depth, std::vector<std::string>* out) {
  if (depth > kMaxDepth) return;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return;
  std::vector<std::string> names;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] != '.') names.push_back(e->d_name);
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    const std::string path = dir + "/" + name;
    struct stat st;
    const bool saved_model_dir =
        stat((path + "/saved_model.pb").c_str(), &st) == 0 && S_ISREG(st.st_mode);
    if (EndsWith(name, ".onnx") || name == "frozen.pb" || EndsWith(name, ".pbtxt") ||
        EndsWith(name, ".meta") || EndsWith(name, ".tflite") || saved_model_dir) {
      out->push_back(path);
    } else if (EndsWith(name, ".json")) {
      if (SomeImporterSniffs(path)) out->push_back(path);
    } else {
      Find(path, depth + 1, out);
    }
  }
}

}  // namespace

bool SomeImporterSniffs(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  std::string head(4096, '\0');
  head.resize(std::fread(&head[0], 1, head.size(), f));
  std::fclose(f);
  for (const auto& importer : AllImporters()) {
    if (importer->Sniff(head).match) return true;
  }
  return false;
}

std::vector<std::string> FindModelFiles(const std::string& dir) {
  std::vector<std::string> files;
  Find(dir, 0, &files);
  return files;
}

}  // namespace graphgen
