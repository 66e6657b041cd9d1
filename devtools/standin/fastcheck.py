"""Compile the rewritten LINE schemas into plain Python closures, for the hot path.

jsonschema interprets a schema on every call (≈0.7 ms for a text reply with quick replies,
≈7 ms for a ten-bubble carousel). The LINE documents use a small keyword set, so each schema is
compiled once into nested closures instead (≈20× faster). Unknown keywords fail at compile time,
so a newer spec cannot be silently under-checked; ``tests/standin`` compares the results with
jsonschema's on valid and invalid bodies.
"""

from __future__ import annotations

import re
from typing import Any, Callable

Path = tuple
Errors = list
Check = Callable[[Any, Path, Errors], None]
Report = Callable[[str, Path, dict, Any, Any], None]

# Keywords that never reject anything.
_IGNORED = {"default", "x-enum-varnames", "x-enum-descriptions", "readOnly", "writeOnly", "$id",
            "components", "schemas"}

_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool))
    or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _same(a: Any, b: Any) -> bool:
    """JSON equality: True is not 1."""
    return a == b and isinstance(a, bool) == isinstance(b, bool)


class Compiler:
    """Compiles schemas of one document; ``resolve(uri)`` returns the schema a $ref names."""

    def __init__(self, resolve: Callable[[str], dict], formats: dict[str, Callable[[Any], bool]]):
        self._resolve = resolve
        self._formats = formats
        self._refs: dict[str, Check] = {}

    def ref(self, uri: str) -> Check:
        check = self._refs.get(uri)
        if check is None:
            cell: list[Check] = []
            self._refs[uri] = lambda inst, path, errs: cell[0](inst, path, errs)
            cell.append(self.compile(self._resolve(uri)))
            check = self._refs[uri] = cell[0]
        return check

    def compile(self, schema: dict) -> Check:
        checks: list[Check] = []
        for key, value in schema.items():
            build = getattr(self, "_k_" + key.replace("-", "_").replace("$", ""), None)
            if build is not None:
                checks.append(build(value, schema))
            elif key not in _IGNORED:
                raise ValueError(f"fastcheck: unsupported keyword {key!r}")
        if len(checks) == 1:
            return checks[0]

        def all_of(inst: Any, path: Path, errs: Errors) -> None:
            for check in checks:
                check(inst, path, errs)

        return all_of

    # --- keywords: each returns a check; errors are (keyword, path, schema, instance, extra) ---

    def _k_ref(self, uri: str, schema: dict) -> Check:
        target: list[Check] = []

        def ref(inst: Any, path: Path, errs: Errors) -> None:
            if not target:
                target.append(self.ref(uri))
            target[0](inst, path, errs)

        return ref

    def _k_type(self, kind: str | list, schema: dict) -> Check:
        tests = [_TYPES[k] for k in ([kind] if isinstance(kind, str) else kind)]

        def type_(inst: Any, path: Path, errs: Errors) -> None:
            for test in tests:
                if test(inst):
                    return
            errs.append(("type", path, schema, inst, kind))

        return type_

    def _k_properties(self, properties: dict, schema: dict) -> Check:
        compiled = [(name, self.compile(sub)) for name, sub in properties.items()]

        def properties_(inst: Any, path: Path, errs: Errors) -> None:
            if isinstance(inst, dict):
                for name, check in compiled:
                    if name in inst:
                        check(inst[name], path + (name,), errs)

        return properties_

    def _k_additionalProperties(self, extra: Any, schema: dict) -> Check:
        known = set(schema.get("properties", {}))
        sub = None if isinstance(extra, bool) else self.compile(extra)

        def additional(inst: Any, path: Path, errs: Errors) -> None:
            if isinstance(inst, dict):
                for name, value in inst.items():
                    if name in known:
                        continue
                    if sub is not None:
                        sub(value, path + (name,), errs)
                    elif extra is False:
                        errs.append(("additionalProperties", path + (name,), schema, value, name))

        return additional

    def _k_required(self, names: list, schema: dict) -> Check:
        def required(inst: Any, path: Path, errs: Errors) -> None:
            if isinstance(inst, dict):
                for name in names:
                    if name not in inst:
                        errs.append(("required", path, schema, inst, name))

        return required

    def _k_items(self, items: dict, schema: dict) -> Check:
        check = self.compile(items)

        def items_(inst: Any, path: Path, errs: Errors) -> None:
            if isinstance(inst, list):
                for index, value in enumerate(inst):
                    check(value, path + (index,), errs)

        return items_

    def _k_allOf(self, parts: list, schema: dict) -> Check:
        checks = [self.compile(part) for part in parts]

        def all_of(inst: Any, path: Path, errs: Errors) -> None:
            for check in checks:
                check(inst, path, errs)

        return all_of

    def _k_enum(self, choices: list, schema: dict) -> Check:
        def enum(inst: Any, path: Path, errs: Errors) -> None:
            if not any(_same(inst, choice) for choice in choices):
                errs.append(("enum", path, schema, inst, choices))

        return enum

    def _k_const(self, value: Any, schema: dict) -> Check:
        def const(inst: Any, path: Path, errs: Errors) -> None:
            if not _same(inst, value):
                errs.append(("const", path, schema, inst, value))

        return const

    def _length(self, keyword: str, limit: int, schema: dict, kind: type, too_far) -> Check:
        def length(inst: Any, path: Path, errs: Errors) -> None:
            if isinstance(inst, kind) and too_far(len(inst), limit):
                errs.append((keyword, path, schema, inst, limit))

        return length

    def _k_maxLength(self, limit: int, schema: dict) -> Check:
        return self._length("maxLength", limit, schema, str, lambda n, m: n > m)

    def _k_minLength(self, limit: int, schema: dict) -> Check:
        return self._length("minLength", limit, schema, str, lambda n, m: n < m)

    def _k_maxItems(self, limit: int, schema: dict) -> Check:
        return self._length("maxItems", limit, schema, list, lambda n, m: n > m)

    def _k_minItems(self, limit: int, schema: dict) -> Check:
        return self._length("minItems", limit, schema, list, lambda n, m: n < m)

    def _k_pattern(self, pattern: str, schema: dict) -> Check:
        regex = re.compile(pattern)

        def pattern_(inst: Any, path: Path, errs: Errors) -> None:
            if isinstance(inst, str) and not regex.search(inst):
                errs.append(("pattern", path, schema, inst, pattern))

        return pattern_

    def _bound(self, keyword: str, limit: float, schema: dict, outside) -> Check:
        def bound(inst: Any, path: Path, errs: Errors) -> None:
            if _is_number(inst) and outside(inst, limit):
                errs.append((keyword, path, schema, inst, limit))

        return bound

    def _k_maximum(self, limit: float, schema: dict) -> Check:
        return self._bound("maximum", limit, schema, lambda v, m: v > m)

    def _k_minimum(self, limit: float, schema: dict) -> Check:
        return self._bound("minimum", limit, schema, lambda v, m: v < m)

    def _k_multipleOf(self, step: float, schema: dict) -> Check:
        return self._bound("multipleOf", step, schema, lambda v, m: (v / m) != int(v / m))

    def _k_format(self, name: str, schema: dict) -> Check:
        test = self._formats.get(name)

        def format_(inst: Any, path: Path, errs: Errors) -> None:
            if test is not None and not test(inst):
                errs.append(("format", path, schema, inst, name))

        return format_

    def _k_x_discriminator(self, spec: dict, schema: dict) -> Check:
        prop, mapping = spec["propertyName"], spec["mapping"]
        targets: dict[str, Check] = {}

        def discriminator(inst: Any, path: Path, errs: Errors) -> None:
            if isinstance(inst, dict):
                uri = mapping.get(inst.get(prop)) if isinstance(inst.get(prop), str) else None
                if uri is not None:
                    check = targets.get(uri)
                    if check is None:
                        check = targets[uri] = self.ref(uri)
                    check(inst, path, errs)

        return discriminator
