"""Source text facts the gate needs for a finding: positions, enclosing function,
normalised line text.

clang-tidy reports byte offsets. Its text output counts columns in bytes from 1;
SARIF viewers count UTF-16 code units (GitHub's default `columnKind`), so both are
computed here from the same bytes.

The enclosing function is found with a small lexer and brace matcher, not a parser:
it is only used to make baseline fingerprints survive edits elsewhere in a file, so
it must be stable, not exact. It names the innermost function definition around an
offset, qualified by the classes and namespaces that enclose it
(`ns::Table::sweep`), skips lambdas, control statements and initialiser braces, and
returns "" at file scope or when it cannot tell.
"""
import os
import re

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CONTROL_KEYWORDS = {"if", "for", "while", "switch", "catch", "return", "sizeof", "alignof",
                     "decltype", "noexcept", "static_assert", "alignas", "requires", "co_return",
                     "co_await", "co_yield", "throw", "new", "delete", "typeid"}
_TRAILING_QUALIFIERS = {"const", "volatile", "noexcept", "override", "final", "mutable",
                        "&", "&&", "try", "constexpr", "->"}
_CLASS_KEYWORDS = {"class", "struct", "union"}


def utf16_length(text):
    """Length of `text` in UTF-16 code units, as SARIF columns count by default."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


class SourceFile:
    """One file's bytes with offset arithmetic. Offsets are clang's byte offsets."""

    def __init__(self, path, data):
        self.path = path
        self.data = data
        self.line_starts = [0] + [m.end() for m in re.finditer(rb"\n", data)]
        self._scopes = None

    @classmethod
    def read(cls, path):
        with open(path, "rb") as f:
            return cls(path, f.read())

    def line_of(self, offset):
        """1-based line number of a byte offset."""
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    def position(self, offset):
        """(line, byte column, UTF-16 column), all 1-based, of a byte offset."""
        offset = max(0, min(offset, len(self.data)))
        line = self.line_of(offset)
        start = self.line_starts[line - 1]
        prefix = self.data[start:offset].decode("utf-8", errors="replace")
        return line, offset - start + 1, utf16_length(prefix) + 1

    def line_text(self, line):
        """The text of a 1-based line, without its line break."""
        if line < 1 or line > len(self.line_starts):
            return ""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.data)
        return self.data[start:end].decode("utf-8", errors="replace").rstrip("\r\n")

    def normalised_line(self, line):
        """The line's code with comments and all whitespace removed, so that
        re-indenting, reformatting or commenting a line keeps its fingerprint."""
        code = "".join(text for kind, text, _ in _lex(self.line_text(line)) if kind != "comment")
        return re.sub(r"\s+", "", code)

    def enclosing_function(self, offset):
        """Qualified name of the function definition enclosing `offset`; "" if none."""
        if self._scopes is None:
            self._scopes = _scopes(self.data.decode("utf-8", errors="replace"))
        # Byte offsets and character offsets differ after non-ASCII text.
        char_offset = len(self.data[:offset].decode("utf-8", errors="replace"))
        names = []
        innermost_function = None
        for start, end, kind, name in self._scopes:
            if start <= char_offset < end:
                names.append((kind, name))
                if kind == "function":
                    innermost_function = len(names)
        if innermost_function is None:
            return ""
        # Blocks (loops, lambdas' bodies, initialisers) add nothing to the name.
        return "::".join(name for kind, name in names[:innermost_function]
                         if kind != "block" and name)


class SourceCache:
    """Reads each file once per run; a file that cannot be read yields None."""

    def __init__(self):
        self._files = {}

    def get(self, path):
        path = os.path.normpath(path)
        if path not in self._files:
            try:
                self._files[path] = SourceFile.read(path)
            except OSError:
                self._files[path] = None
        return self._files[path]


# -- lexing ---------------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<raw>R"(?P<delim>[^()\\\s]{0,16})\(.*?\)(?P=delim)")
  | (?P<string>"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?)
  | (?P<preproc>^[ \t]*\#(?:\\\n|[^\n])*)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>\.?[0-9](?:[eEpP][+-]|[A-Za-z0-9_.'])*)
  | (?P<punct>::|->|&&|\|\||[{}()\[\]<>;:,=&*~.!?+\-/%^|])
  | (?P<space>\s+)
  | (?P<other>.)
""", re.S | re.M | re.X)


def _lex(text):
    """(kind, text, offset) for every token, comments and whitespace included."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "delim":
            kind = "raw"
        yield ("string" if kind == "raw" else kind), m.group(0), m.start()


def _code_tokens(text):
    return [(kind, tok, pos) for kind, tok, pos in _lex(text)
            if kind not in ("comment", "space", "preproc")]


def _scopes(text):
    """(start, end, kind, name) for every brace block; kind is namespace, class,
    function or block. Blocks left open at the end of the file end there."""
    tokens = _code_tokens(text)
    stack = []
    scopes = []
    for i, (_, tok, pos) in enumerate(tokens):
        if tok == "{":
            kind, name = _classify_brace(tokens, i)
            stack.append((pos, kind, name))
        elif tok == "}" and stack:
            start, kind, name = stack.pop()
            scopes.append((start, pos + 1, kind, name))
    scopes.extend((start, len(text), kind, name) for start, kind, name in stack)
    scopes.sort()
    return scopes


def _skip_back_balanced(tokens, i, close, open_):
    """Index of the token matching the closer at tokens[i], or -1."""
    depth = 0
    while i >= 0:
        tok = tokens[i][1]
        if tok == close:
            depth += 1
        elif tok == open_:
            depth -= 1
            if depth == 0:
                return i
        i -= 1
    return -1


def _qualified_name_ending_at(tokens, i):
    """The name (`A::B<T>::f`, `operator==`, `~X`) whose last token is tokens[i];
    returns (name, index of its first token) or (None, i)."""
    parts = []
    j = i
    while j >= 0:
        tok = tokens[j][1]
        if tok == ">":  # template arguments of a qualifier: A<T>::f
            k = _skip_back_balanced(tokens, j, ">", "<")
            if k <= 0:
                break
            j = k - 1
            continue
        if not _IDENT.fullmatch(tok):
            break
        name = tok
        if j >= 1 and tokens[j - 1][1] == "~":
            name, j = "~" + tok, j - 1
        parts.append(name)
        if j >= 2 and tokens[j - 1][1] == "::":
            j -= 2
            continue
        break
    if not parts:
        return None, i
    return "::".join(reversed(parts)), j


def _function_name_before_paren(tokens, open_paren):
    """The function name before a parameter list's `(`, or None if this `(` belongs
    to a control statement, a lambda or a call."""
    j = open_paren - 1
    if j < 0:
        return None
    tok = tokens[j][1]
    if tok == "]":
        return None  # lambda
    # operator(), operator==, operator[] ...
    k = j
    while k >= 0 and tokens[k][1] != "operator" and j - k < 3:
        k -= 1
    if k >= 0 and tokens[k][1] == "operator" and k < open_paren:
        op = "".join(t[1] for t in tokens[k + 1:open_paren])
        owner, _ = _qualified_name_ending_at(tokens, k - 2) if k >= 2 and tokens[k - 1][1] == "::" else (None, k)
        return (owner + "::" if owner else "") + "operator" + op
    if not _IDENT.fullmatch(tok) or tok in _CONTROL_KEYWORDS:
        return None
    return _qualified_name_ending_at(tokens, j)[0]


def _classify_brace(tokens, i):
    """What the `{` at tokens[i] opens: (kind, name)."""
    j = i - 1
    if j >= 0 and tokens[j][1] == "}":
        # `Table() : a_(1), b_{2} {`: the last member initialiser is braced.
        open_brace = _skip_back_balanced(tokens, j, "}", "{")
        if open_brace >= 2 and _IDENT.fullmatch(tokens[open_brace - 1][1]) \
                and tokens[open_brace - 2][1] in (":", ",") and _is_member_init_list(tokens, open_brace - 2):
            return _classify_brace_after_init_list(tokens, open_brace - 2, i)
        return "block", ""
    # Skip trailing qualifiers and a trailing return type back to the `)`.
    while j >= 0 and tokens[j][1] != ")":
        tok = tokens[j][1]
        if tok in (";", "{", "}", "=", ",", "(", "return"):
            break
        j -= 1
    if j >= 0 and tokens[j][1] == ")":
        between = [t[1] for t in tokens[j + 1:i]]
        if all(t in _TRAILING_QUALIFIERS or _IDENT.fullmatch(t) or t in ("::", "<", ">", "*", "&", "(", ")")
               for t in between):
            open_paren = _skip_back_balanced(tokens, j, ")", "(")
            if open_paren > 0:
                # `noexcept(...)` or an init-list entry `b_(x)`: step back further.
                name = _function_name_before_paren(tokens, open_paren)
                if name == "noexcept" or (name and open_paren >= 2 and tokens[open_paren - 2][1] in (":", ",")
                                          and _is_member_init_list(tokens, open_paren - 2)):
                    return _classify_brace_after_init_list(tokens, open_paren - 2, i)
                if name:
                    return "function", name
                return "block", ""
    return _classify_non_function_brace(tokens, i)


def _is_member_init_list(tokens, k):
    """True if tokens[k] (a `:` or `,`) is inside a constructor's member initialiser list."""
    while k >= 0:
        tok = tokens[k][1]
        if tok == ":":
            return k >= 1 and tokens[k - 1][1] in (")", "noexcept", "const")
        if tok in (")", "}"):
            k = _skip_back_balanced(tokens, k, tok, "(" if tok == ")" else "{") - 1
            continue
        if tok in (";", "{"):
            return False
        k -= 1
    return False


def _classify_brace_after_init_list(tokens, k, brace):
    """Finds the constructor whose initialiser list contains tokens[k]."""
    while k >= 0 and tokens[k][1] != ":":
        tok = tokens[k][1]
        if tok in (")", "}"):
            k = _skip_back_balanced(tokens, k, tok, "(" if tok == ")" else "{")
        k -= 1
    if k >= 1:
        close = k - 1
        while close >= 0 and tokens[close][1] != ")":
            close -= 1
        open_paren = _skip_back_balanced(tokens, close, ")", "(")
        name = _function_name_before_paren(tokens, open_paren) if open_paren > 0 else None
        if name:
            return "function", name
    return "block", ""


def _classify_non_function_brace(tokens, i):
    j = i - 1
    # namespace a::b {   /   namespace {
    k = j
    while k >= 0 and (_IDENT.fullmatch(tokens[k][1]) or tokens[k][1] == "::") and tokens[k][1] != "namespace":
        k -= 1
    if k >= 0 and tokens[k][1] == "namespace":
        return "namespace", "".join(t[1] for t in tokens[k + 1:i]) or "(anonymous)"
    # class X final : public Base<T> {
    k = j
    while k >= 0 and tokens[k][1] not in (";", "{", "}", "(", ")", "="):
        if tokens[k][1] in _CLASS_KEYWORDS:
            name, _ = _class_name_after(tokens, k + 1, i)
            return "class", name
        k -= 1
    return "block", ""


def _class_name_after(tokens, k, end):
    parts = []
    while k < end and (_IDENT.fullmatch(tokens[k][1]) or tokens[k][1] == "::"):
        if tokens[k][1] not in ("final", "alignas"):
            parts.append(tokens[k][1])
        k += 1
    return "".join(parts), k
