"""The export's JSON Schema and a small validator for the part of JSON Schema it uses.

``schema.json`` (draft 2020-12) is the machine-readable form of
docs/export-schema.md. :func:`validate` checks an instance against it without a
third-party package; it understands the keywords the schema uses: ``type``,
``const``, ``enum``, ``properties``, ``required``, ``additionalProperties``,
``items``, ``prefixItems``, ``minItems``, ``maxItems``, ``minimum``, ``oneOf``
and local ``$ref``. Unknown keywords are rejected, so the schema cannot
silently outgrow the validator.

JSON Schema cannot say that one value names another record, so
:func:`validate` also checks the export's references
(:func:`reference_errors`): every entity reference is the id of an entity
listed in ``entities``, and no two entities share an id.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("schema.json")

_TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}
_ANNOTATIONS = {"$schema", "$id", "$defs", "title", "description"}
_KNOWN = _ANNOTATIONS | {
    "type", "const", "enum", "properties", "required", "additionalProperties", "items",
    "prefixItems", "minItems", "maxItems", "minimum", "oneOf", "$ref",
}  # fmt: skip


@cache
def load_schema() -> dict[str, Any]:
    """The export JSON Schema, read once."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name == "boolean":
        return isinstance(value, bool)
    return isinstance(value, _TYPES[name])


def _resolve(ref: str, root: dict[str, Any]) -> dict[str, Any]:
    if not ref.startswith("#/"):
        raise ValueError(f"only local $ref is supported, not {ref!r}")
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def _check(value: Any, schema: Any, root: dict[str, Any], path: str, errors: list[str]) -> None:
    if schema is True or schema == {}:
        return
    if schema is False:
        errors.append(f"{path}: no value is allowed here")
        return
    unknown = set(schema) - _KNOWN
    if unknown:
        raise ValueError(f"schema keyword(s) not supported by this validator: {sorted(unknown)}")
    if "$ref" in schema:
        _check(value, _resolve(schema["$ref"], root), root, path, errors)
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, n) for n in names):
            errors.append(f"{path}: expected {' or '.join(names)}, got {type(value).__name__}")
            return
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: expected {schema['const']!r}, got {value!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} is not one of {schema['enum']}")
    if "minimum" in schema and _is_type(value, "number") and value < schema["minimum"]:
        errors.append(f"{path}: {value} is below the minimum {schema['minimum']}")
    if "oneOf" in schema:
        results = [_errors(value, sub, root, path) for sub in schema["oneOf"]]
        passing = sum(1 for r in results if not r)
        # When none passes, the alternatives of the right type say what is wrong.
        typed = [r for r in results if r and not r[0].startswith(f"{path}: expected ")]
        if passing == 0 and typed:
            errors.extend(typed[0])
        elif passing != 1:
            errors.append(f"{path}: matches {passing} of the oneOf alternatives, not exactly one")
    if isinstance(value, dict):
        _check_object(value, schema, root, path, errors)
    if isinstance(value, list):
        _check_array(value, schema, root, path, errors)


def _check_object(value: dict[str, Any], schema: dict[str, Any], root: dict[str, Any], path: str, errors: list[str]) -> None:
    for key in schema.get("required", []):
        if key not in value:
            errors.append(f"{path}: missing required key {key!r}")
    props = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if key in props:
            _check(item, props[key], root, f"{path}.{key}", errors)
        else:
            _check(item, extra, root, f"{path}.{key}", errors)


def _check_array(value: list[Any], schema: dict[str, Any], root: dict[str, Any], path: str, errors: list[str]) -> None:
    if "minItems" in schema and len(value) < schema["minItems"]:
        errors.append(f"{path}: fewer than {schema['minItems']} items")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        errors.append(f"{path}: more than {schema['maxItems']} items")
    prefix = schema.get("prefixItems", [])
    for i, item in enumerate(value):
        sub = prefix[i] if i < len(prefix) else schema.get("items", True)
        _check(item, sub, root, f"{path}[{i}]", errors)


def _errors(value: Any, schema: Any, root: dict[str, Any], path: str) -> list[str]:
    errors: list[str] = []
    _check(value, schema, root, path, errors)
    return errors


#: The entity references of each list: (list, key, whether the value is a list of references).
ENTITY_REFS: tuple[tuple[str, str, bool], ...] = (
    ("events", "actors", True),
    ("events", "recipients", True),
    ("events", "location", False),
    ("quotes", "speaker", False),
    ("claims", "subjects", True),
)


def entity_refs(record: dict[str, Any], name: str) -> list[tuple[str, Any]]:
    """(where, reference) for every entity reference of a record of list ``name`` (None left out);
    ``where`` is the key, with the index for an item of a list (``subjects[2]``)."""
    out: list[tuple[str, Any]] = []
    for list_name, key, many in ENTITY_REFS:
        if list_name != name or key not in record:
            continue
        value = record[key]
        if many and isinstance(value, list):
            out.extend((f"{key}[{i}]", ref) for i, ref in enumerate(value) if ref is not None)
        elif value is not None:
            out.append((key, value))
    return out


def reference_errors(instance: Any) -> list[str]:
    """Every entity reference of an export that names no entity of its ``entities`` list, and
    every entity id listed twice; [] when all references join."""
    if not isinstance(instance, dict) or not isinstance(instance.get("entities"), list):
        return []
    errors: list[str] = []
    ids: set[Any] = set()
    for i, entity in enumerate(instance["entities"]):
        entity_id = entity.get("id") if isinstance(entity, dict) else None
        if entity_id in ids:
            errors.append(f"$.entities[{i}].id: {entity_id!r} is listed twice")
        ids.add(entity_id)
    for name in dict.fromkeys(name for name, _, _ in ENTITY_REFS):
        items = instance.get(name)
        for i, record in enumerate(items if isinstance(items, list) else []):
            if not isinstance(record, dict):
                continue
            for key, ref in entity_refs(record, name):
                if not isinstance(ref, str) or ref not in ids:
                    errors.append(f"$.{name}[{i}].{key}: {ref!r} names no entity of $.entities")
    return errors


def validate(instance: Any, schema: dict[str, Any] | None = None) -> list[str]:
    """Every way ``instance`` breaks the schema (the export schema by default); [] when valid.

    Against the export schema, the entity references are checked too
    (:func:`reference_errors`)."""
    if schema is None:
        schema = load_schema()
        return _errors(instance, schema, schema, "$") + reference_errors(instance)
    return _errors(instance, schema, schema, "$")
