//===- ExecutorShapeTest.cpp - home-grown pools recognised by their code ----===//
//
// ExecutorShapes decides from a class's code alone (real libstdc++ headers):
// none of these names means anything to it.
//
//===----------------------------------------------------------------------===//
#include "mapsafety/concurrency/ExecutorShape.h"
#include "TestAST.h"

#include "clang/AST/DeclCXX.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace mapsafety;
using mapsafety::test::TestAST;

namespace {

const char *const Code = R"cpp(
#include <deque>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

class OneWorker {
public:
  OneWorker() : t_([this] { loop(); }) {}
  void Submit(int priority, std::function<void()> fn) {
    std::lock_guard<std::mutex> l(mu_);
    q_.push_back(std::move(fn));
  }
  void Note(std::function<void()> fn) { notes_.push_back(fn); }
private:
  void loop() {
    for (;;) {
      std::function<void()> f;
      {
        std::lock_guard<std::mutex> l(mu_);
        f = std::move(q_.front());
        q_.pop_front();
      }
      f();
    }
  }
  std::mutex mu_;
  std::deque<std::function<void()>> q_;
  std::vector<std::function<void()>> notes_;
  std::thread t_;
};

class ManyWorkers {
public:
  explicit ManyWorkers(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back(&ManyWorkers::work, this);
  }
  template <typename F> void Post(F &&f) { tasks_.emplace(std::forward<F>(f)); }
private:
  void work() { runOne(); }
  void runOne() {
    auto next = std::move(tasks_.front());
    tasks_.pop();
    next();
  }
  std::queue<std::function<void()>> tasks_;
  std::vector<std::thread> workers_;
};

class Hub {
public:
  void On(std::function<void()> cb) { callbacks_.push_back(std::move(cb)); }
  void Fire() { callbacks_.front()(); }
private:
  std::vector<std::function<void()>> callbacks_;
};

void use(ManyWorkers &pool) { pool.Post([] {}); }
)cpp";

const CXXMethodDecl *method(const TestAST &AST, llvm::StringRef Name) {
  return dyn_cast_or_null<CXXMethodDecl>(AST.function(Name));
}

TEST(ExecutorShapeTest, OneWorkerDrainingTheQueueIsASerialExecutor) {
  TestAST AST(Code);
  ASSERT_TRUE(AST.ok()) << AST.errors();
  ExecutorShapes Shapes(AST.ctx());
  std::optional<Submission> S = Shapes.submission(method(AST, "OneWorker::Submit"));
  ASSERT_TRUE(S.has_value());
  EXPECT_EQ(S->CallableParam, 1u);
  EXPECT_TRUE(S->SingleWorker);
  ASSERT_NE(S->Queue, nullptr);
  EXPECT_EQ(S->Queue->getName(), "q_");
}

TEST(ExecutorShapeTest, ContainerNoWorkerDrainsIsNoQueue) {
  TestAST AST(Code);
  ASSERT_TRUE(AST.ok()) << AST.errors();
  ExecutorShapes Shapes(AST.ctx());
  EXPECT_FALSE(Shapes.submission(method(AST, "OneWorker::Note")).has_value());
}

TEST(ExecutorShapeTest, WorkersStartedInALoopThroughAHelperAreNotSerial) {
  TestAST AST(Code);
  ASSERT_TRUE(AST.ok()) << AST.errors();
  // The template's instantiation for the lambda use() passes.
  const auto *Call = AST.call("Post", AST.function("use"));
  ASSERT_NE(Call, nullptr);
  ExecutorShapes Shapes(AST.ctx());
  std::optional<Submission> S =
      Shapes.submission(dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee()));
  ASSERT_TRUE(S.has_value());
  EXPECT_EQ(S->CallableParam, 0u);
  EXPECT_FALSE(S->SingleWorker);
}

TEST(ExecutorShapeTest, CallbacksRunOnTheCallersThreadAreNoExecutor) {
  TestAST AST(Code);
  ASSERT_TRUE(AST.ok()) << AST.errors();
  ExecutorShapes Shapes(AST.ctx());
  EXPECT_FALSE(Shapes.submission(method(AST, "Hub::On")).has_value());
}

} // namespace
