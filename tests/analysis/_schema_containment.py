"""Whether every document one JSON Schema accepts is also accepted by another, for the keywords reports use.

Handles what pydantic generates and the answer-report contracts hold: $ref into $defs, anyOf, type,
enum/const, minimum/maximum (and exclusive ones), required, properties, additionalProperties and
items. A keyword outside that list in the wider schema is reported rather than ignored, so the
check never passes by not understanding something.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]
_UNDERSTOOD = {
    "$schema", "$id", "$defs", "$ref", "title", "description", "default", "examples",
    "type", "enum", "const", "anyOf", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "required", "properties", "additionalProperties", "items",
}  # fmt: skip


def containment_problems(narrow: Schema, wide: Schema) -> list[str]:
    """What ``narrow`` accepts that ``wide`` refuses, one line each; empty when ``narrow`` fits inside ``wide``."""
    problems: list[str] = []
    _compare(narrow, narrow, wide, wide, "report", problems)
    return problems


def _resolve(schema: Schema | bool, root: Schema) -> Schema | bool:
    while isinstance(schema, dict) and "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/$defs/"):
            raise ValueError(f"cannot follow $ref {ref!r}")
        schema = root["$defs"][ref.removeprefix("#/$defs/")]
    return schema


def _types(schema: Schema) -> set[str] | None:
    """The JSON types a schema allows, or None when it does not say."""
    if "type" in schema:
        declared = schema["type"]
        return {declared} if isinstance(declared, str) else set(declared)
    values = schema["enum"] if "enum" in schema else [schema["const"]] if "const" in schema else None
    if values is None:
        return None
    names = {bool: "boolean", int: "integer", float: "number", str: "string", type(None): "null"}
    return {names[type(v)] for v in values}


def _compare(
    narrow: Schema | bool, n_root: Schema, wide: Schema | bool, w_root: Schema, at: str, out: list[str]
) -> None:
    narrow, wide = _resolve(narrow, n_root), _resolve(wide, w_root)
    if wide is True or wide == {} or narrow is False:
        return
    if wide is False:
        out.append(f"{at}: allowed here but refused by the wider schema")
        return
    if narrow is True:
        out.append(f"{at}: anything is allowed here, the wider schema is stricter")
        return
    for keyword in sorted(set(wide) - _UNDERSTOOD):
        out.append(f"{at}: the wider schema uses {keyword!r}, which this check does not understand")
    if "anyOf" in narrow:
        for option in narrow["anyOf"]:
            _compare(option, n_root, wide, w_root, at, out)
        return
    if "anyOf" in wide:
        # One option is enough: keep the shortest list of complaints, empty when one option fits.
        tries: list[list[str]] = []
        for option in wide["anyOf"]:
            tries.append([])
            _compare(narrow, n_root, option, w_root, at, tries[-1])
        out.extend(min(tries, key=len))
        return
    _compare_types(narrow, wide, at, out)
    _compare_bounds(narrow, wide, at, out)
    types = _types(narrow) or set()
    if "object" in types:
        _compare_objects(narrow, n_root, wide, w_root, at, out)
    if "array" in types and "items" in wide:
        _compare(narrow.get("items", True), n_root, wide["items"], w_root, f"{at}[]", out)


def _compare_types(narrow: Schema, wide: Schema, at: str, out: list[str]) -> None:
    allowed, given = _types(wide), _types(narrow)
    if allowed is not None:
        if given is None:
            out.append(f"{at}: any type is allowed, the wider schema wants {sorted(allowed)}")
        else:
            for kind in sorted(given):
                if kind not in allowed and not (kind == "integer" and "number" in allowed):
                    out.append(f"{at}: type {kind!r} is allowed, the wider schema wants {sorted(allowed)}")
    if "enum" in wide or "const" in wide:
        permitted = wide["enum"] if "enum" in wide else [wide["const"]]
        values = narrow["enum"] if "enum" in narrow else [narrow["const"]] if "const" in narrow else None
        if values is None:
            out.append(f"{at}: any value is allowed, the wider schema wants one of {permitted}")
        elif extra := [v for v in values if v not in permitted]:
            out.append(f"{at}: values {extra} are allowed, the wider schema wants one of {permitted}")


def _compare_bounds(narrow: Schema, wide: Schema, at: str, out: list[str]) -> None:
    if not (_types(narrow) or set()) & {"integer", "number"}:
        return
    low = [(narrow[k], k == "exclusiveMinimum") for k in ("minimum", "exclusiveMinimum") if k in narrow]
    high = [(-narrow[k], k == "exclusiveMaximum") for k in ("maximum", "exclusiveMaximum") if k in narrow]
    for keyword, sign, limits in (
        ("minimum", 1, low),
        ("exclusiveMinimum", 1, low),
        ("maximum", -1, high),
        ("exclusiveMaximum", -1, high),
    ):
        if keyword not in wide:
            continue
        bound, strict = sign * wide[keyword], keyword.startswith("exclusive")
        # (limit, exclusive) is at least as tight as the wider bound when it lies above it, or on it
        # and the wider one lets the bound itself through, or both leave it out.
        if not any(limit > bound or (limit == bound and (own or not strict)) for limit, own in limits):
            out.append(f"{at}: no {keyword} of {wide[keyword]} as the wider schema has")


def _compare_objects(narrow: Schema, n_root: Schema, wide: Schema, w_root: Schema, at: str, out: list[str]) -> None:
    required = set(narrow.get("required", []))
    for key in wide.get("required", []):
        if key not in required:
            out.append(f"{at}.{key}: required by the wider schema, optional here")
    n_props: dict[str, Any] = narrow.get("properties", {})
    w_props: dict[str, Any] = wide.get("properties", {})
    n_rest = narrow.get("additionalProperties", True)
    w_rest = wide.get("additionalProperties", True)
    for key, rule in w_props.items():
        # A key this schema never defines can still appear through additionalProperties.
        _compare(n_props.get(key, n_rest), n_root, rule, w_root, f"{at}.{key}", out)
    for key, rule in n_props.items():
        if key not in w_props:
            _compare(rule, n_root, w_rest, w_root, f"{at}.{key}", out)
    _compare(n_rest, n_root, w_rest, w_root, f"{at}.<other keys>", out)
