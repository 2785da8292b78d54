#include "core/file_io.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace graphgen {
namespace {

std::string TempDir() {
  std::string tmpl =
      std::string(std::getenv("TEST_TMPDIR") ? std::getenv("TEST_TMPDIR") : "/tmp") + "/ioXXXXXX";
  return mkdtemp(tmpl.data());
}

int CountFiles(const std::string& dir) {
  int n = 0;
  DIR* d = opendir(dir.c_str());
  while (dirent* e = readdir(d)) n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

TEST(ReadFile, ReportsMissingDirectoryAndLimit) {
  const std::string dir = TempDir();
  EXPECT_EQ(ReadFile(dir + "/missing", 100).status().message(), "no such file");
  EXPECT_EQ(ReadFile(dir, 100).status().code(), StatusCode::kBadInput);
  std::ofstream(dir + "/f") << "0123456789";
  auto ok = ReadFile(dir + "/f", 10);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, "0123456789");
  auto big = ReadFile(dir + "/f", 9);
  EXPECT_EQ(big.status().code(), StatusCode::kLimitExceeded);
  EXPECT_NE(big.status().message().find("--max-file-mb"), std::string::npos);
}

TEST(WriteFileAtomically, ReplacesWholeAndLeavesNoTempFile) {
  const std::string dir = TempDir();
  const std::string path = dir + "/out.svg";
  ASSERT_TRUE(WriteFileAtomically(path, "old").ok());
  ASSERT_TRUE(WriteFileAtomically(path, "new content").ok());
  auto back = ReadFile(path, 1000);
  EXPECT_EQ(*back, "new content");
  EXPECT_EQ(CountFiles(dir), 1);
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_NE(st.st_mode & S_IRGRP, 0u) << "output should not stay 0600 like a temp file";
}

TEST(WriteFileAtomically, FailureKeepsTheOldFile) {
  const std::string dir = TempDir();
  const std::string path = dir + "/out.svg";
  ASSERT_TRUE(WriteFileAtomically(path, "old").ok());
  // The target is a directory: the rename fails, the temp file is removed.
  const std::string target = dir + "/sub";
  ASSERT_EQ(mkdir(target.c_str(), 0755), 0);
  std::ofstream(target + "/keep") << "x";
  const Status s = WriteFileAtomically(target, "new");
  EXPECT_EQ(s.code(), StatusCode::kOutputError);
  EXPECT_EQ(CountFiles(dir), 2);
  EXPECT_EQ(*ReadFile(path, 100), "old");
  EXPECT_EQ(WriteFileAtomically(dir + "/no/such/dir/x.svg", "x").code(), StatusCode::kOutputError);
}

TEST(WriteFileAtomically, TempBasenameKeepsTheTempFileOutOfSight) {
  const std::string dir = TempDir();
  const std::string path = dir + "/events.out.tfevents.1.graphgen";
  // A directory in the way of the rename leaves the temp file for a moment; it must be
  // the named hidden one, and gone afterwards.
  ASSERT_EQ(mkdir(path.c_str(), 0755), 0);
  EXPECT_EQ(WriteFileAtomically(path, "x", ".graphgen-events").code(), StatusCode::kOutputError);
  EXPECT_EQ(CountFiles(dir), 1);
  ASSERT_EQ(rmdir(path.c_str()), 0);
  ASSERT_TRUE(WriteFileAtomically(path, "events", ".graphgen-events").ok());
  EXPECT_EQ(*ReadFile(path, 100), "events");
  int hidden = 0;
  DIR* d = opendir(dir.c_str());
  while (dirent* e = readdir(d)) hidden += std::string(e->d_name).rfind(".graphgen", 0) == 0;
  closedir(d);
  EXPECT_EQ(hidden, 0);
}

// A name of NAME_MAX bytes is a valid output; its temp name is clipped to fit (issue 21:
// a 250-byte name was refused with ENAMETOOLONG), multi-byte characters kept whole.
TEST(WriteFileAtomically, LongestValidNameIsWritten) {
  const std::string dir = TempDir();
  for (const std::string& name :
       {std::string(250, 'n'), std::string(255, 'm'), std::string(83, 'x') + [] {
          std::string e;
          for (int i = 0; i < 80; ++i) e += "\xC3\xA9";  // é, two bytes each
          return e;
        }() + "s.svg"}) {
    ASSERT_LE(name.size(), 255u);
    const std::string path = dir + "/" + name;
    const Status s = WriteFileAtomically(path, "<svg/>");
    EXPECT_TRUE(s.ok()) << name.size() << " bytes: " << s.message();
    std::ifstream in(path);
    std::string got;
    std::getline(in, got);
    EXPECT_EQ(got, "<svg/>");
  }
  EXPECT_EQ(CountFiles(dir), 3) << "no temp file left behind";
}

TEST(MakeDirectories, CreatesParentsAndRejectsFiles) {
  const std::string dir = TempDir();
  ASSERT_TRUE(MakeDirectories(dir + "/a/b/c").ok());
  ASSERT_TRUE(MakeDirectories(dir + "/a/b/c/").ok());  // exists: fine
  struct stat st;
  ASSERT_EQ(stat((dir + "/a/b/c").c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  std::ofstream(dir + "/file") << "x";
  const Status s = MakeDirectories(dir + "/file/sub");
  EXPECT_EQ(s.code(), StatusCode::kOutputError);
  EXPECT_NE(s.message().find("is not a directory"), std::string::npos);
}

}  // namespace
}  // namespace graphgen

namespace graphgen {
namespace {

// A device node or FIFO named as the output is never replaced by a file (renaming over a
// copy of /dev/null would destroy it); a directory neither.
TEST(WriteFileAtomically, RefusesToReplaceWhatIsNotARegularFile) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir = tmp != nullptr ? tmp : "/tmp";
  const std::string fifo = dir + "/out.fifo";
  ::unlink(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  Status s = WriteFileAtomically(fifo, "x");
  EXPECT_EQ(s.code(), StatusCode::kOutputError);
  EXPECT_NE(s.message().find("not a regular file"), std::string::npos) << s.message();
  struct stat st;
  ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  s = WriteFileAtomically(dir, "x");
  EXPECT_EQ(s.message(), "is a directory");
  // A regular file is still replaced.
  const std::string file = dir + "/out.svg";
  ASSERT_TRUE(WriteFileAtomically(file, "a").ok());
  ASSERT_TRUE(WriteFileAtomically(file, "b").ok());
}

}  // namespace
}  // namespace graphgen
