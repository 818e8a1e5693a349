//===- ContainerIdentityTest.cpp - resolveObject, resolvePointee, rebase -----===//
//
// ContainerIdentity proves that two expressions name one object, and answers
// nullopt ("unknown") whenever it cannot: a pointer that is reassigned, the
// result of a call. Each sink function below takes the expression under test.
//
//===----------------------------------------------------------------------===//
#include "mapsafety/containers/ContainerIdentity.h"
#include "TestAST.h"
#include "mapsafety/containers/ContainerModel.h"

#include "clang/AST/DeclCXX.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace mapsafety;
using mapsafety::test::TestAST;

namespace {

const char *const Code = R"cpp(
#include <functional>
#include <map>
using Map = std::map<int, int>;
struct Holder { Map m; Map n; };
Map &lookup();
void viaRef(Map &);  void viaPtr(Map &);  void viaReassigned(Map &);  void viaMember(Map &);
void viaArrowMember(Map &);  void viaWrapperGet(Map &);  void viaStdRef(std::reference_wrapper<Map>);
void viaRefConversion(Map &);  void viaCallResult(Map &);  void viaParam(Map &);
void viaHolder(Holder &);
void ptrOfAddr(Map *);  void ptrVar(Map *);  void ptrReassigned(Map *);

void f(Map &param, Holder &h, Holder *hp) {
  Map m;
  Map &r = m;
  Map *p = &m;
  Map *q = &m;
  q = nullptr;
  auto w = std::ref(m);
  viaRef(r);
  viaPtr(*p);
  viaReassigned(*q);
  viaMember(h.m);
  viaArrowMember(hp->n);
  viaWrapperGet(w.get());
  viaStdRef(std::ref(m));
  viaRefConversion(std::ref(m));
  viaCallResult(lookup());
  viaParam(param);
  viaHolder(h);
  ptrOfAddr(&m);
  ptrVar(p);
  ptrReassigned(q);
}

struct Service {
  Map table;
  void g();
};
void viaThisMember(Map &);  void thisPtr(Service *);
void Service::g() {
  viaThisMember(table);
  thisPtr(this);
}
)cpp";

class ContainerIdentityTest : public mapsafety::test::SnippetTest {
protected:
  static void SetUpTestSuite() { parse(Code); }
  void SetUp() override {
    mapsafety::test::SnippetTest::SetUp();
    if (HasFatalFailure())
      return;
    F = AST->function("f");
    ASSERT_NE(F, nullptr);
    M = AST->decl("m", F);
    ASSERT_NE(M, nullptr);
  }
  /// What the argument of the call of Sink (in f) resolves to.
  std::optional<ContainerPath> object(llvm::StringRef Sink, const Decl *In = nullptr) {
    const Expr *Arg = AST->argumentOf(Sink, In ? In : F);
    EXPECT_NE(Arg, nullptr) << Sink.str();
    return Arg ? resolveObject(Arg, AST->ctx()) : std::nullopt;
  }
  std::optional<ContainerPath> pointee(llvm::StringRef Sink, const Decl *In = nullptr) {
    const Expr *Arg = AST->argumentOf(Sink, In ? In : F);
    EXPECT_NE(Arg, nullptr) << Sink.str();
    return Arg ? resolvePointee(Arg, AST->ctx()) : std::nullopt;
  }
  const FieldDecl *field(llvm::StringRef Name) {
    return dyn_cast_or_null<FieldDecl>(AST->decl(Name));
  }
  /// The path of the local `m` itself.
  ContainerPath localM() const {
    ContainerPath P;
    P.Root = M;
    return P;
  }

  const FunctionDecl *F = nullptr;
  const ValueDecl *M = nullptr;
};

TEST_F(ContainerIdentityTest, ReferenceVariableResolvesToWhatItIsBoundTo) {
  std::optional<ContainerPath> P = object("viaRef");
  ASSERT_TRUE(P.has_value());
  EXPECT_EQ(P->Root, M);
  EXPECT_FALSE(P->RootIsPointee);
  EXPECT_TRUE(P->Fields.empty());
  EXPECT_EQ(*P, localM());
}

TEST_F(ContainerIdentityTest, NeverReassignedPointerDereferencesToItsTarget) {
  std::optional<ContainerPath> P = object("viaPtr");
  ASSERT_TRUE(P.has_value());
  EXPECT_EQ(*P, localM());
}

TEST_F(ContainerIdentityTest, ReassignedPointerIsUnknown) {
  EXPECT_FALSE(object("viaReassigned").has_value());
  EXPECT_FALSE(pointee("ptrReassigned").has_value());
}

TEST_F(ContainerIdentityTest, CallResultIsUnknown) {
  EXPECT_FALSE(object("viaCallResult").has_value());
}

TEST_F(ContainerIdentityTest, MemberOfReferenceParameter) {
  std::optional<ContainerPath> P = object("viaMember");
  ASSERT_TRUE(P.has_value());
  EXPECT_EQ(P->Root, AST->decl("h", F));
  EXPECT_FALSE(P->RootIsPointee);
  ASSERT_EQ(P->Fields.size(), 1u);
  EXPECT_EQ(P->Fields[0], field("Holder::m"));
}

TEST_F(ContainerIdentityTest, MemberThroughPointerParameterIsRootedAtItsPointee) {
  std::optional<ContainerPath> P = object("viaArrowMember");
  ASSERT_TRUE(P.has_value());
  EXPECT_EQ(P->Root, AST->decl("hp", F));
  EXPECT_TRUE(P->RootIsPointee);
  ASSERT_EQ(P->Fields.size(), 1u);
  EXPECT_EQ(P->Fields[0], field("Holder::n"));
}

TEST_F(ContainerIdentityTest, ReferenceParameterIsItsOwnRoot) {
  std::optional<ContainerPath> P = object("viaParam");
  ASSERT_TRUE(P.has_value());
  EXPECT_EQ(P->Root, AST->decl("param", F));
  EXPECT_TRUE(P->Fields.empty());
}

TEST_F(ContainerIdentityTest, StdRefAndReferenceWrapperResolveToTheWrappedObject) {
  std::optional<ContainerPath> Direct = object("viaStdRef");
  ASSERT_TRUE(Direct.has_value());
  EXPECT_EQ(*Direct, localM());
  std::optional<ContainerPath> Converted = object("viaRefConversion");
  ASSERT_TRUE(Converted.has_value());
  EXPECT_EQ(*Converted, localM());
  std::optional<ContainerPath> Get = object("viaWrapperGet");
  ASSERT_TRUE(Get.has_value());
  EXPECT_EQ(*Get, localM());
}

TEST_F(ContainerIdentityTest, MemberOfThisIsThisRooted) {
  const FunctionDecl *G = AST->function("g");
  ASSERT_NE(G, nullptr);
  std::optional<ContainerPath> P = object("viaThisMember", G);
  ASSERT_TRUE(P.has_value());
  EXPECT_TRUE(P->isThisRooted());
  ASSERT_EQ(P->Fields.size(), 1u);
  EXPECT_EQ(P->Fields[0], field("Service::table"));
  std::optional<ContainerPath> This = pointee("thisPtr", G);
  ASSERT_TRUE(This.has_value());
  EXPECT_TRUE(This->isThisRooted());
  EXPECT_TRUE(This->Fields.empty());
  EXPECT_TRUE(This->isPrefixOf(*P));
}

TEST_F(ContainerIdentityTest, PointeeOfAddressAndOfUnchangedPointer) {
  std::optional<ContainerPath> Addr = pointee("ptrOfAddr");
  ASSERT_TRUE(Addr.has_value());
  EXPECT_EQ(*Addr, localM());
  std::optional<ContainerPath> Var = pointee("ptrVar");
  ASSERT_TRUE(Var.has_value());
  EXPECT_EQ(*Var, localM());
}

TEST_F(ContainerIdentityTest, RebaseMapsAPathIntoTheCalleesFrame) {
  std::optional<ContainerPath> Member = object("viaMember"); // h.m
  std::optional<ContainerPath> Whole = object("viaHolder");  // h
  ASSERT_TRUE(Member && Whole);
  EXPECT_TRUE(Whole->isPrefixOf(*Member));
  EXPECT_FALSE(Member->isPrefixOf(*Whole));
  // The caller's h becomes the callee's `this`: h.m is this->m there.
  std::optional<ContainerPath> InCallee = rebase(*Member, *Whole, ContainerPath{});
  ASSERT_TRUE(InCallee.has_value());
  EXPECT_TRUE(InCallee->isThisRooted());
  ASSERT_EQ(InCallee->Fields.size(), 1u);
  EXPECT_EQ(InCallee->Fields[0], field("Holder::m"));
  // From is not a prefix of the path: no answer.
  EXPECT_FALSE(rebase(*Whole, *Member, ContainerPath{}).has_value());
  EXPECT_FALSE(rebase(localM(), *Whole, ContainerPath{}).has_value());
}

} // namespace

namespace {

// The loop rule's extra identities (ResolveOptions::Accessors, ::Elements):
// reference-returning accessors read from their single return, smart
// pointers' get(), and elements named by an unchanged key. Without the
// options (the thread rules) the same expressions stay unknown.
const char *const AccessorCode = R"cpp(
#include <map>
#include <memory>
#include <string>
#include <vector>
using Map = std::map<int, int>;
using Queues = std::map<std::string, std::vector<int>>;
struct Table {
  Map rows_;
  Map &rows() { return rows_; }
  Map copy() const { return rows_; }
  Map &elsewhere();
  Table &self() { return *this; }
};
void viaAccessor(Map &);  void viaSelf(Map &);  void viaCopy(const Map &);
void viaUnknown(Map &);  void viaGet(Map *);  void viaDirect(Map &);
void atK(std::vector<int> &);  void atKAgain(std::vector<int> &);  void atJ(std::vector<int> &);
void atLiteral(std::vector<int> &);  void atChanged(std::vector<int> &);
void h(Table &t, std::shared_ptr<Map> sp, Queues &q, const std::string &k,
       const std::string &j, std::string changed) {
  viaDirect(t.rows_);
  viaAccessor(t.rows());
  viaSelf(t.self().rows_);
  viaCopy(t.copy());
  viaUnknown(t.elsewhere());
  viaGet(sp.get());
  atK(q.at(k));
  atKAgain(q[k]);
  atJ(q.at(j));
  atLiteral(q["jobs"]);
  changed += "x";
  atChanged(q.at(changed));
}
)cpp";

class LoopRuleIdentityTest : public mapsafety::test::SnippetTest {
protected:
  static void SetUpTestSuite() { parse(AccessorCode); }
  void SetUp() override {
    mapsafety::test::SnippetTest::SetUp();
    if (HasFatalFailure())
      return;
    H = AST->function("h");
    ASSERT_NE(H, nullptr);
  }
  std::optional<ContainerPath> resolve(llvm::StringRef Sink, ResolveOptions Opts) {
    const Expr *Arg = AST->argumentOf(Sink, H);
    EXPECT_NE(Arg, nullptr) << Sink.str();
    if (!Arg)
      return std::nullopt;
    return Arg->getType()->isPointerType() ? resolvePointee(Arg, AST->ctx(), Opts)
                                           : resolveObject(Arg, AST->ctx(), Opts);
  }
  std::optional<ContainerPath> loopRule(llvm::StringRef Sink) {
    return resolve(Sink, loopRuleResolve(Model));
  }

  ContainerModel Model{{}, ContainerScope::WithSequences};
  const FunctionDecl *H = nullptr;
};

TEST_F(LoopRuleIdentityTest, AccessorNamesTheMemberItReturns) {
  std::optional<ContainerPath> Direct = loopRule("viaDirect");
  ASSERT_TRUE(Direct.has_value());
  EXPECT_EQ(loopRule("viaAccessor"), Direct);
  EXPECT_EQ(loopRule("viaSelf"), Direct);
  // Without the option (the thread rules): unknown, as before.
  EXPECT_FALSE(resolve("viaAccessor", {}).has_value());
}

TEST_F(LoopRuleIdentityTest, CopiesAndBodiesOutsideTheUnitAreUnknown) {
  EXPECT_FALSE(loopRule("viaCopy").has_value());
  EXPECT_FALSE(loopRule("viaUnknown").has_value());
}

TEST_F(LoopRuleIdentityTest, SmartPointerGetNamesThePointee) {
  std::optional<ContainerPath> P = loopRule("viaGet");
  ASSERT_TRUE(P.has_value());
  EXPECT_EQ(P->Root, AST->decl("sp", H));
  EXPECT_TRUE(P->RootIsPointee);
  EXPECT_FALSE(resolve("viaGet", {}).has_value());
}

TEST_F(LoopRuleIdentityTest, ElementsWithTheSameKeyAreTheSameObject) {
  std::optional<ContainerPath> K = loopRule("atK");
  ASSERT_TRUE(K.has_value());
  ASSERT_EQ(K->Fields.size(), 1u);
  EXPECT_EQ(K->Fields[0], nullptr); // an element step
  ASSERT_EQ(K->Keys.size(), 1u);
  EXPECT_EQ(K->Keys[0].Var, AST->decl("k", H));
  EXPECT_EQ(loopRule("atKAgain"), K);
  std::optional<ContainerPath> J = loopRule("atJ");
  ASSERT_TRUE(J.has_value());
  EXPECT_NE(*J, *K);
  std::optional<ContainerPath> Literal = loopRule("atLiteral");
  ASSERT_TRUE(Literal.has_value());
  EXPECT_EQ(Literal->Keys.size(), 1u);
  EXPECT_NE(*Literal, *K);
}

TEST_F(LoopRuleIdentityTest, ModifiedKeyAndNoModelAreUnknown) {
  EXPECT_FALSE(loopRule("atChanged").has_value());
  EXPECT_FALSE(resolve("atK", {}).has_value());
}

} // namespace
