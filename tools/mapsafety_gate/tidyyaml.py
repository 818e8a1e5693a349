"""Reads the YAML that clang-tidy writes (--export-fixes, --dump-config) with PyYAML
(Debian: python3-yaml).

LLVM's YAML writer quotes only what YAML 1.2 would misread, but PyYAML reads YAML 1.1,
where a plain `on`, `no`, `1:20` or `2001-12-14` is a bool, a number or a date: a fix-it
whose replacement text is `on` would come back as True. So every scalar is read as the
string clang-tidy wrote (callers convert offsets with int()); the loader is otherwise
PyYAML's SafeLoader, which builds plain dicts, lists and strings only.
"""
import yaml


class YamlError(ValueError):
    """Text that is not YAML; the message names the source and line."""


class _StringsLoader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
    """SafeLoader without implicit typing: every scalar is a str."""

    yaml_implicit_resolvers = {}


def load(text, source):
    """The first YAML document of `text` (None if empty); YamlError naming `source`
    and the line on malformed input."""
    try:
        return next(iter(yaml.load_all(text, Loader=_StringsLoader)), None)
    except yaml.YAMLError as e:
        raise YamlError(_describe(e, source)) from None


def _describe(error, source):
    """`source:LINE: what`, at the construct that is broken (an unterminated quote is
    reported where it opens, not at the end of the text)."""
    mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
    where = f"{source}:{mark.line + 1}" if mark else source
    context = getattr(error, "context", None)
    problem = getattr(error, "problem", None) or str(error)
    return f"{where}: {context + ', ' if context else ''}{problem}"
