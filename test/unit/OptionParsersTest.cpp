//===- OptionParsersTest.cpp - the list options' syntax ---------------------===//
#include "mapsafety/concurrency/LockModel.h"
#include "mapsafety/concurrency/ThreadModel.h"
#include "mapsafety/support/OptionList.h"

#include "gtest/gtest.h"

using namespace mapsafety;

namespace {

TEST(OptionParsersTest, GuardTypeListAcceptsNamesAndKinds) {
  std::vector<GuardTypeSpec> Out;
  std::string Error;
  ASSERT_TRUE(parseGuardTypeList("a::B;c::D=shared; ::e::F = exclusive ;;", Out, Error)) << Error;
  EXPECT_TRUE(Error.empty());
  ASSERT_EQ(Out.size(), 3u);
  EXPECT_EQ(Out[0].QualifiedName, "a::B");
  EXPECT_FALSE(Out[0].Shared);
  EXPECT_EQ(Out[1].QualifiedName, "c::D");
  EXPECT_TRUE(Out[1].Shared);
  EXPECT_EQ(Out[2].QualifiedName, "e::F");
  EXPECT_FALSE(Out[2].Shared);
}

TEST(OptionParsersTest, GuardTypeListRejectsUnknownKind) {
  std::vector<GuardTypeSpec> Out;
  std::string Error;
  EXPECT_FALSE(parseGuardTypeList("a::B=weird", Out, Error));
  EXPECT_NE(Error.find("invalid entry 'a::B=weird'"), std::string::npos) << Error;
}

TEST(OptionParsersTest, GuardTypeListRejectsNonIdentifier) {
  std::vector<GuardTypeSpec> Out;
  std::string Error;
  EXPECT_FALSE(parseGuardTypeList("ok::Guard;1bad", Out, Error));
  EXPECT_NE(Error.find("'1bad'"), std::string::npos) << Error;
}

TEST(OptionParsersTest, QualifiedNameListDropsLeadingColons) {
  std::vector<std::string> Out;
  std::string Error;
  ASSERT_TRUE(parseQualifiedNameList(" ::my::Handle ; folly::Ptr;", Out, Error)) << Error;
  EXPECT_EQ(Out, (std::vector<std::string>{"my::Handle", "folly::Ptr"}));
}

TEST(OptionParsersTest, QualifiedNameListRejectsTemplateArguments) {
  std::vector<std::string> Out;
  std::string Error;
  EXPECT_FALSE(parseQualifiedNameList("std::map<int>", Out, Error));
  EXPECT_NE(Error.find("invalid entry 'std::map<int>'"), std::string::npos) << Error;
  EXPECT_FALSE(isQualifiedName("std::map<int>"));
  EXPECT_FALSE(isQualifiedName("a::::b"));
  EXPECT_TRUE(isQualifiedName("::QMutex"));
}

TEST(OptionParsersTest, MutexTypeListTakesTwoOrFourMethodNames) {
  std::vector<MutexTypeSpec> Out;
  std::string Error;
  ASSERT_TRUE(parseMutexTypeList(
      "sync::SpinLock;sync::Latch(acquire,release);sync::RwLatch(acquire,release,"
      "acquire_shared,release_shared)",
      Out, Error))
      << Error;
  ASSERT_EQ(Out.size(), 3u);
  EXPECT_EQ(Out[0].QualifiedName, "sync::SpinLock");
  EXPECT_TRUE(Out[0].Lock.empty());
  EXPECT_EQ(Out[1].Lock, "acquire");
  EXPECT_EQ(Out[1].Unlock, "release");
  EXPECT_TRUE(Out[1].LockShared.empty());
  EXPECT_EQ(Out[2].LockShared, "acquire_shared");
  EXPECT_EQ(Out[2].UnlockShared, "release_shared");
  EXPECT_FALSE(parseMutexTypeList("sync::Odd(acquire)", Out, Error));
  EXPECT_FALSE(parseMutexTypeList("1bad", Out, Error));
  EXPECT_FALSE(parseMutexTypeList("std::map<int>(lock,unlock)", Out, Error));
}

TEST(OptionParsersTest, LaunchFunctionListNeedsAName) {
  std::vector<LaunchFunctionSpec> Out;
  std::string Error;
  EXPECT_FALSE(parseLaunchFunctionList("1bad=0", Out, Error));
  EXPECT_FALSE(parseLaunchFunctionList("=0", Out, Error));
  EXPECT_NE(Error.find("invalid entry '=0'"), std::string::npos) << Error;
}

} // namespace
