#include "entities/data_dir.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "entities/ner.h"

namespace dateline::entities {
namespace {

// Sets $DATELINE_DATA for one test and puts the old value back.
class DataDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* old = std::getenv("DATELINE_DATA");
    had_ = old != nullptr;
    if (had_) saved_ = old;
  }
  void TearDown() override {
    if (had_) {
      setenv("DATELINE_DATA", saved_.c_str(), 1);
    } else {
      unsetenv("DATELINE_DATA");
    }
  }

 private:
  bool had_ = false;
  std::string saved_;
};

TEST_F(DataDirTest, FollowsEnvironment) {
  setenv("DATELINE_DATA", "/some/where", 1);
  EXPECT_EQ(default_data_dir(), "/some/where");
  EXPECT_EQ(default_ner_model_path(), "/some/where/ner-en.model");
}

TEST_F(DataDirTest, UnsetOrEmptyMeansTheBuildsDataDir) {
  unsetenv("DATELINE_DATA");
  const std::string built_in = default_data_dir();
  EXPECT_FALSE(built_in.empty());
  EXPECT_TRUE(built_in.ends_with("/data")) << built_in;
  setenv("DATELINE_DATA", "", 1);
  EXPECT_EQ(default_data_dir(), built_in);
  EXPECT_EQ(default_ner_model_path(), built_in + "/ner-en.model");
}

}  // namespace
}  // namespace dateline::entities
