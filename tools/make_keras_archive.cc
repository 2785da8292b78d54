// Writes a Keras model archive (.keras) the way Keras' saving_lib does: metadata.json,
// then config.json, then the weights (an empty stand-in here; graphgen never reads it),
// with a fixed timestamp so the bytes are the same on every run.
//
// Usage: make_keras_archive OUT.keras [CONFIG.json]   (no CONFIG: an archive without one)
//        make_keras_archive --truncate N IN.keras OUT.keras
#include <zip.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

bool Add(zip_t* archive, const char* name, const std::string& bytes) {
  // libzip keeps the buffer until zip_close: a copy it frees itself.
  void* copy = std::malloc(bytes.size() + 1);
  if (copy == nullptr) return false;
  std::memcpy(copy, bytes.data(), bytes.size());
  zip_source_t* source = zip_source_buffer(archive, copy, bytes.size(), 1);
  if (source == nullptr) return false;
  const zip_int64_t index = zip_file_add(archive, name, source, ZIP_FL_OVERWRITE);
  if (index < 0) {
    zip_source_free(source);
    return false;
  }
  return zip_file_set_mtime(archive, index, 315532800, 0) == 0;  // 1980-01-01
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 5 && std::string(argv[1]) == "--truncate") {
    const std::string bytes = Slurp(argv[3]);
    std::ofstream out(argv[4], std::ios::binary);
    out << bytes.substr(0, std::stoul(argv[2]));
    return out ? 0 : 1;
  }
  if (argc != 2 && argc != 3) {
    std::cerr << "usage: make_keras_archive OUT.keras [CONFIG.json]\n";
    return 2;
  }
  int error = 0;
  zip_t* archive = zip_open(argv[1], ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (archive == nullptr) return 1;
  bool ok = Add(archive, "metadata.json",
                "{\"keras_version\": \"3.4.1\", \"date_saved\": \"1980-01-01@00:00:00\"}");
  if (argc == 3) ok &= Add(archive, "config.json", Slurp(argv[2]));
  ok &= Add(archive, "model.weights.h5", "");
  ok &= zip_close(archive) == 0;
  return ok ? 0 : 1;
}
