"""A reader for the YAML that clang-tidy writes (--export-fixes, --dump-config).

The gate may use the standard library only, which has no YAML parser. LLVM's YAML
writer (llvm::yaml::Output) emits a small, regular subset, and this reads exactly
that subset:

- documents delimited by ``---`` and ``...``;
- block mappings ``Key: value`` and block sequences ``- item``, nested by indentation
  (a sequence may sit at its key's indentation, as YAML allows);
- scalars: plain, single-quoted (``''`` escapes a quote), double-quoted (backslash
  escapes, used by LLVM for text with newlines or control characters), and quoted
  scalars folded over several lines;
- flow collections of scalars: ``[]``, ``{}``, ``[a, 'b']``.

Every scalar is returned as a ``str``; callers convert numbers. Anything outside the
subset raises ``YamlError`` with the line number, so a format change in a future
clang-tidy is reported instead of misread.
"""


class YamlError(ValueError):
    """The text is not in the subset this module reads."""


_DOUBLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
    "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_HEX_ESCAPE_LENGTHS = {"x": 2, "u": 4, "U": 8}


def _unescape_double(body, line_number):
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        if i + 1 >= len(body):
            raise YamlError(f"line {line_number}: dangling backslash in double-quoted scalar")
        e = body[i + 1]
        if e in _HEX_ESCAPE_LENGTHS:
            n = _HEX_ESCAPE_LENGTHS[e]
            digits = body[i + 2:i + 2 + n]
            try:
                out.append(chr(int(digits, 16)))
            except ValueError:
                raise YamlError(f"line {line_number}: bad escape \\{e}{digits}") from None
            i += 2 + n
        elif e in _DOUBLE_ESCAPES:
            out.append(_DOUBLE_ESCAPES[e])
            i += 2
        else:
            raise YamlError(f"line {line_number}: unknown escape \\{e}")
    return "".join(out)


def _fold(lines):
    """YAML line folding for a quoted scalar written over several lines: a single line
    break becomes a space, each empty line a newline."""
    out = lines[0].rstrip(" \t")
    pending_newlines = 0
    for raw in lines[1:]:
        text = raw.strip(" \t")
        if not text:
            pending_newlines += 1
            continue
        out += ("\n" * pending_newlines) if pending_newlines else " "
        out += text
        pending_newlines = 0
    return out + "\n" * pending_newlines


class _Reader:
    def __init__(self, text):
        self.lines = text.splitlines()
        self.pos = 0

    # -- line helpers ------------------------------------------------------------------
    def _skip_blank(self):
        while self.pos < len(self.lines):
            stripped = self.lines[self.pos].strip()
            if stripped and not stripped.startswith("#"):
                return
            self.pos += 1

    def _indent_of(self, index):
        line = self.lines[index]
        return len(line) - len(line.lstrip(" "))

    def _at_document_marker(self):
        line = self.lines[self.pos]
        return line.startswith("---") or line.startswith("...")

    # -- scalars -----------------------------------------------------------------------
    def _quoted(self, text, line_number):
        """Reads a quoted scalar starting at text[0]; returns (value, rest of line).
        Continues onto following lines when the closing quote is not on this one."""
        quote = text[0]
        pieces = [text[1:]]
        while True:
            body = "\n".join(pieces)
            end = self._closing_quote(body, quote)
            if end is not None:
                break
            if self.pos >= len(self.lines):
                raise YamlError(f"line {line_number}: unterminated {quote}-quoted scalar")
            pieces.append(self.lines[self.pos])
            self.pos += 1
        inner, rest = body[:end], body[end + 1:]
        if "\n" in inner:
            inner = _fold(inner.split("\n"))
        if quote == "'":
            return inner.replace("''", "'"), rest
        return _unescape_double(inner, line_number), rest

    @staticmethod
    def _closing_quote(body, quote):
        i = 0
        while i < len(body):
            c = body[i]
            if quote == '"' and c == "\\":
                i += 2
                continue
            if c == quote:
                if quote == "'" and body[i + 1:i + 2] == "'":
                    i += 2
                    continue
                return i
            i += 1
        return None

    def _scalar_or_flow(self, text, line_number):
        """A value written on the line itself: a scalar or a one-line flow collection."""
        text = text.strip()
        if text.startswith(("'", '"')):
            value, rest = self._quoted(text, line_number)
            rest = rest.strip()
            if rest and not rest.startswith("#"):
                raise YamlError(f"line {line_number}: text after a quoted scalar: {rest!r}")
            return value
        if text.startswith("[") and text.endswith("]"):
            inner = text[1:-1].strip()
            return [self._scalar_or_flow(p, line_number) for p in inner.split(",")] if inner else []
        if text == "{}":
            return {}
        if text.startswith(("{", "[", "|", ">", "&", "*", "!")):
            raise YamlError(f"line {line_number}: unsupported YAML construct: {text!r}")
        comment = text.find(" #")
        return text[:comment].rstrip() if comment >= 0 else text

    # -- blocks ------------------------------------------------------------------------
    def block(self, indent):
        """Reads the block node whose lines start at exactly `indent` spaces."""
        self._skip_blank()
        line = self.lines[self.pos]
        if line[indent:].startswith("- ") or line[indent:] == "-":
            return self._sequence(indent)
        return self._mapping(indent)

    def _sequence(self, indent):
        items = []
        while True:
            self._skip_blank()
            if self.pos >= len(self.lines) or self._at_document_marker():
                return items
            line = self.lines[self.pos]
            if self._indent_of(self.pos) != indent or not (line[indent:].startswith("- ") or line[indent:] == "-"):
                return items
            item_text = line[indent + 2:]
            if not item_text.strip():
                self.pos += 1
                items.append(self.block(self._indent_of(self.pos)))
            elif self._looks_like_key(item_text):
                # "- Key: value": a mapping whose entries continue at indent + 2.
                self.lines[self.pos] = " " * (indent + 2) + item_text
                items.append(self._mapping(indent + 2))
            else:
                self.pos += 1
                items.append(self._scalar_or_flow(item_text, self.pos))
        # unreachable

    @staticmethod
    def _looks_like_key(text):
        if text.startswith(("'", '"', "[", "{")):
            return False
        colon = text.find(":")
        return colon > 0 and (colon + 1 == len(text) or text[colon + 1] == " ")

    def _mapping(self, indent):
        mapping = {}
        while True:
            self._skip_blank()
            if self.pos >= len(self.lines) or self._at_document_marker():
                return mapping
            if self._indent_of(self.pos) != indent:
                if self._indent_of(self.pos) > indent:
                    raise YamlError(f"line {self.pos + 1}: unexpected indentation")
                return mapping
            line = self.lines[self.pos][indent:]
            if line.startswith("- "):
                return mapping
            if not self._looks_like_key(line):
                raise YamlError(f"line {self.pos + 1}: expected 'key: value', got {line!r}")
            key, _, value_text = line.partition(":")
            line_number = self.pos + 1
            self.pos += 1
            if value_text.strip():
                mapping[key] = self._scalar_or_flow(value_text, line_number)
                continue
            self._skip_blank()
            nested = self.pos < len(self.lines) and not self._at_document_marker()
            if nested and self._indent_of(self.pos) > indent:
                mapping[key] = self.block(self._indent_of(self.pos))
            elif nested and self._indent_of(self.pos) == indent and self.lines[self.pos][indent:].startswith("- "):
                mapping[key] = self._sequence(indent)
            else:
                mapping[key] = ""

    def documents(self):
        docs = []
        while True:
            self._skip_blank()
            if self.pos >= len(self.lines):
                return docs
            line = self.lines[self.pos]
            if line.startswith("..."):
                self.pos += 1
                continue
            if line.startswith("---"):
                self.pos += 1
                rest = line[3:].strip()
                if rest:
                    docs.append(self._scalar_or_flow(rest, self.pos))
                    continue
                self._skip_blank()
                if self.pos >= len(self.lines) or self._at_document_marker():
                    docs.append(None)
                    continue
            docs.append(self.block(self._indent_of(self.pos)))


def load_all(text):
    """All documents in `text`, as nested dicts, lists and strings."""
    return _Reader(text).documents()


def load(text):
    """The first document of `text` (None if there is none)."""
    docs = load_all(text)
    return docs[0] if docs else None
