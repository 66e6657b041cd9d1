"""Request validation against LINE's official OpenAPI documents (vendored in `openapi/`).

Why not hand the YAML to jsonschema as it is: LINE describes polymorphism with OpenAPI
`discriminator` + `mapping` on a *base* schema (Message, Action, FlexComponent, Template, ...)
whose subtypes `allOf` the base. JSON Schema ignores `discriminator`, so a Flex box with a wrong
`layout` or a postback action without `data` would only be checked against the bare base and
pass. openapi-schema-validator follows a discriminator only when it sits beside oneOf/anyOf/allOf,
which is not LINE's shape. So each document is rewritten once, at first use:

* a discriminated base ``B`` becomes a dispatcher: the property (``type``) is required and must be
  one of the mapping keys, and the keyword ``x-discriminator`` validates the instance against the
  mapped subtype only (one dict lookup, no trying every branch);
* the subtypes' ``allOf: [{$ref: B}]`` are pointed at ``B__base`` (B without the discriminator) so
  the dispatch never recurses into itself;
* OpenAPI 3.0 ``nullable`` becomes a JSON Schema type union and every ``$ref`` becomes absolute, so
  any sub-schema (an operation's request body) can be validated on its own;
* limits LINE documents only in prose (``LIMITS``) are merged into the component schemas;
  message text, which LINE counts in UTF-16 code units, is checked again by ``utf16_errors``.

Everything is prepared once per process (``load_api`` is cached) because validation is on the
hot path of the benchmarks: request bodies are checked by closures compiled from the rewritten
schemas (`fastcheck`, ~30 µs for a typical reply); jsonschema on the same schemas stays available
as the reference (``body_errors(..., reference=True)``, ``schema_errors``) and the tests check
that both agree.
"""

from __future__ import annotations

import copy
import functools
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import yaml
from jsonschema import Draft202012Validator, FormatChecker, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .fastcheck import Compiler

SPEC_DIR = Path(__file__).parent / "openapi"

# Specs whose paths the stand-in recognises (liff.yml is a different host; webhook.yml has
# no paths of ours but its schemas validate the events we generate).
API_SPECS = ("messaging-api", "insight", "manage-audience", "module", "module-attach", "shop")

_HTTPS = {"type": "string", "pattern": "^https://", "maxLength": 2000}
_ALT_TEXT = {"type": "string", "minLength": 1, "maxLength": 1500}
_USER_ID = "^U[0-9a-f]{32}$"


def _labelled(limit: int, required: bool = True) -> dict[str, Any]:
    """An action whose label LINE limits by where the action sits ("Specifications of the
    label"). LINE counts grapheme clusters; maxLength counts code points, never fewer, so the
    stand-in errs on the strict side."""
    action: dict[str, Any] = {"$ref": "#/components/schemas/Action", "properties": {"label": {"maxLength": limit}}}
    if required:
        action["required"] = ["label"]
    return action


# Limits from the Messaging API reference prose that the YAML does not carry. Each entry is
# merged into the named component schema (``required`` lists are extended, ``properties`` are
# added beside the schema's own, so both apply).
LIMITS: dict[str, dict[str, Any]] = {
    "TextMessage": {"properties": {"text": {"minLength": 1, "maxLength": 5000}}},
    "TextMessageV2": {"properties": {"text": {"minLength": 1, "maxLength": 5000}}},
    "StickerMessage": {"required": ["packageId", "stickerId"]},
    "ImageMessage": {
        "required": ["originalContentUrl", "previewImageUrl"],
        "properties": {"originalContentUrl": _HTTPS, "previewImageUrl": _HTTPS},
    },
    "TemplateMessage": {"properties": {"altText": _ALT_TEXT}},
    "FlexMessage": {"properties": {"altText": _ALT_TEXT}},
    "ImagemapMessage": {"properties": {"altText": _ALT_TEXT}},
    "FlexCarousel": {"properties": {"contents": {"minItems": 1, "maxItems": 12}}},
    "FlexImage": {"properties": {"url": _HTTPS}},
    "QuickReply": {"required": ["items"]},
    "QuickReplyItem": {
        "required": ["type", "action"],
        "properties": {"type": {"const": "action"}, "imageUrl": _HTTPS, "action": _labelled(20)},
    },
    "ButtonsTemplate": {
        "properties": {
            "actions": {"minItems": 1, "maxItems": 4, "items": _labelled(20)},
            "title": {"maxLength": 40},
            "text": {"maxLength": 160},
            "thumbnailImageUrl": _HTTPS,
        }
    },
    "ConfirmTemplate": {
        "properties": {"actions": {"minItems": 2, "maxItems": 2, "items": _labelled(20)}, "text": {"maxLength": 240}}
    },
    "CarouselTemplate": {"properties": {"columns": {"minItems": 1, "maxItems": 10}}},
    "CarouselColumn": {
        "properties": {
            "actions": {"minItems": 1, "maxItems": 3, "items": _labelled(20)},
            "title": {"maxLength": 40},
            "text": {"maxLength": 120},
            "thumbnailImageUrl": _HTTPS,
        }
    },
    "ImageCarouselTemplate": {"properties": {"columns": {"minItems": 1, "maxItems": 10}}},
    "ImageCarouselColumn": {"properties": {"imageUrl": _HTTPS, "action": _labelled(12, required=False)}},
    "FlexButton": {"properties": {"action": _labelled(40)}},
    "MessageAction": {"required": ["text"], "properties": {"text": {"minLength": 1, "maxLength": 300}}},
    "PostbackAction": {"required": ["data"], "properties": {"displayText": {"maxLength": 300}}},
    "DatetimePickerAction": {"required": ["data", "mode"], "properties": {"data": {"maxLength": 300}}},
    "URIAction": {"required": ["uri"], "properties": {"uri": {"maxLength": 1000}}},
    "RichMenuSwitchAction": {"required": ["richMenuAliasId", "data"]},
    "PushMessageRequest": {"properties": {"to": {"pattern": "^[UCR][0-9a-f]{32}$"}}},
    "MulticastRequest": {"properties": {"to": {"items": {"pattern": _USER_ID}}}},
    "RichMenuRequest": {
        "required": ["size", "selected", "name", "chatBarText", "areas"],
        "properties": {"areas": {"maxItems": 20}, "chatBarText": {"minLength": 1}},
    },
    "RichMenuSize": {
        "required": ["width", "height"],
        "properties": {"width": {"minimum": 800, "maximum": 2500}, "height": {"minimum": 250}},
    },
    "RichMenuArea": {"required": ["bounds", "action"], "properties": {"action": _labelled(20, required=False)}},
    "RichMenuBounds": {"required": ["x", "y", "width", "height"]},
    "ShowLoadingAnimationRequest": {
        "properties": {"chatId": {"pattern": _USER_ID}, "loadingSeconds": {"multipleOf": 5}}
    },
    "RichMenuBulkLinkRequest": {"properties": {"userIds": {"items": {"pattern": _USER_ID}}}},
    "RichMenuBulkUnlinkRequest": {"properties": {"userIds": {"items": {"pattern": _USER_ID}}}},
}

_URI_SCHEMES = {"http", "https", "line", "tel", "mailto"}


def _is_uri(value: object) -> bool:
    """LINE accepts absolute http(s)/line/tel/mailto URIs without spaces."""
    if not isinstance(value, str):
        return True  # `type` reports it
    if not value or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    if parts.scheme.lower() not in _URI_SCHEMES:
        return False
    return bool(parts.netloc) if parts.scheme.lower() in ("http", "https") else bool(parts.path or parts.netloc)


_FORMATS = FormatChecker(formats=())
_FORMATS.checks("uri")(_is_uri)


def _discriminator(validator, mapping, instance, schema) -> Iterator:
    """Validate the instance against the subtype its discriminator property names."""
    value = instance.get(mapping["propertyName"]) if isinstance(instance, dict) else None
    if not isinstance(value, str):
        return  # `required`/`type` on the property report it
    target = mapping["mapping"].get(value)
    if target is not None:
        yield from validator.descend(instance, {"$ref": target})


_Validator = validators.extend(Draft202012Validator, {"x-discriminator": _discriminator})


# --- preprocessing -------------------------------------------------------------------------


def _merge(schema: dict, extra: dict) -> None:
    for key, value in extra.items():
        if key == "required":
            schema["required"] = sorted(set(schema.get("required", [])) | set(value))
        elif key == "properties":
            props = schema.setdefault("properties", {})
            for name, constraint in value.items():
                props[name] = {**props.get(name, {}), **constraint}
        else:
            schema[key] = value


_DOC_ONLY = {"description", "example", "examples", "externalDocs", "xml", "deprecated", "title"}


def _convert(node: Any, base_uri: str) -> Any:
    """OpenAPI 3.0 → JSON Schema 2020-12: absolute $refs, `nullable`, no doc-only keywords."""
    if isinstance(node, list):
        return [_convert(item, base_uri) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in _DOC_ONLY:
            continue
        if key == "$ref" and isinstance(value, str) and value.startswith("#"):
            out[key] = base_uri + value
        elif key == "properties" and isinstance(value, dict):
            out[key] = {name: _convert(sub, base_uri) for name, sub in value.items()}
        else:
            out[key] = _convert(value, base_uri)
    if out.pop("nullable", False):
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    return out


def _resolve_discriminators(schemas: dict, base_uri: str) -> None:
    prefix = base_uri + "#/components/schemas/"
    for name in [n for n, s in schemas.items() if "discriminator" in s]:
        base = dict(schemas[name])
        disc = base.pop("discriminator")
        schemas[name + "__base"] = base
        mapping = {key: base_uri + ref for key, ref in disc["mapping"].items()}
        for ref in mapping.values():
            target = schemas[ref.rsplit("/", 1)[1]]
            for part in target.get("allOf", []):
                if part.get("$ref") == prefix + name:
                    part["$ref"] = prefix + name + "__base"
        prop = disc["propertyName"]
        schemas[name] = {
            "type": "object",
            "required": [prop],
            "properties": {prop: {"type": "string", "enum": sorted(mapping)}},
            "x-discriminator": {"propertyName": prop, "mapping": mapping},
        }


@dataclass(frozen=True)
class Operation:
    """One documented method+path: what the router hands to the API handlers."""

    spec: str
    method: str
    template: str
    operation_id: str
    body_schema: dict | None
    body_media: tuple[str, ...]
    bearer: bool
    data_api: bool
    check: Any = field(default=None, compare=False, repr=False)  # compiled (hot path)
    validator: Any = field(default=None, compare=False, repr=False)  # jsonschema (reference)


@dataclass
class Api:
    """A loaded spec: its operations by method and a matcher for path templates."""

    name: str
    uri: str
    document: dict
    registry: Registry
    literal: dict[tuple[str, str], Operation]
    templated: list[tuple[re.Pattern, str, Operation]]
    compiler: Compiler

    def validator_for(self, component: str):
        return _Validator({"$ref": f"{self.uri}#/components/schemas/{component}"},
                          registry=self.registry, format_checker=_FORMATS)


def _template_regex(template: str) -> re.Pattern:
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
    return re.compile(f"^{pattern}$")


def _load_yaml(name: str) -> dict:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(SPEC_DIR / f"{name}.yml", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)


@functools.cache
def load_api(name: str) -> Api:
    """Load, rewrite and compile one vendored spec (once per process)."""
    raw = _load_yaml(name)
    uri = f"urn:line-openapi:{name}"
    schemas = copy.deepcopy(raw.get("components", {}).get("schemas", {}))
    for component, extra in LIMITS.items():
        if component in schemas:
            _merge(schemas[component], extra)
    document = _convert({"components": {"schemas": schemas}}, uri)
    _resolve_discriminators(document["components"]["schemas"], uri)
    compiler = Compiler(lambda ref: _pointer(document, ref), {"uri": _is_uri})
    registry = Registry().with_resource(
        uri, Resource.from_contents(document, default_specification=DRAFT202012)
    ).crawl()

    literal: dict[tuple[str, str], Operation] = {}
    templated: list[tuple[re.Pattern, str, Operation]] = []
    global_bearer = bool(raw.get("security"))
    for template, item in (raw.get("paths") or {}).items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "delete", "patch"):
                continue
            content = (op.get("requestBody") or {}).get("content") or {}
            media = tuple(content)
            body_schema = None
            if "application/json" in content:
                body_schema = _convert(content["application/json"].get("schema"), uri)
            security = op.get("security", raw.get("security"))
            servers = op.get("servers") or raw.get("servers") or []
            operation = Operation(
                spec=name,
                method=method.upper(),
                template=template,
                operation_id=op.get("operationId", f"{method}:{template}"),
                body_schema=body_schema,
                body_media=media,
                bearer=bool(security) if security is not None else global_bearer,
                data_api=any("api-data" in s.get("url", "") for s in servers),
                check=compiler.compile(body_schema) if body_schema else None,
                validator=(_Validator(body_schema, registry=registry, format_checker=_FORMATS)
                           if body_schema else None),
            )
            if "{" in template:
                templated.append((_template_regex(template), template, operation))
            else:
                literal[(operation.method, template)] = operation
    # Literal segments win over parameters: /richmenu/list before /richmenu/{richMenuId}.
    templated.sort(key=lambda entry: (-entry[1].count("/"), entry[1].count("{"),
                                      [s.startswith("{") for s in entry[1].split("/")]))
    return Api(name, uri, document, registry, literal, templated, compiler)


def _pointer(document: dict, ref: str) -> dict:
    node: Any = document
    for part in ref.split("#", 1)[1].strip("/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


# --- routing and validation ----------------------------------------------------------------


def match(method: str, path: str) -> tuple[Operation, dict[str, str]] | None | bool:
    """Find the documented operation for a request.

    Returns ``(operation, path_params)``, ``None`` if no spec knows the path, or ``False`` if the
    path is known but not with this method (LINE answers both with 404).
    """
    known_path = False
    for name in API_SPECS:
        api = load_api(name)
        op = api.literal.get((method, path))
        if op is not None:
            return op, {}
        if any(m != method and p == path for m, p in api.literal):
            known_path = True
        for regex, _template, op in api.templated:
            found = regex.match(path)
            if found:
                if op.method == method:
                    return op, found.groupdict()
                known_path = True
    return False if known_path else None


def _property(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _detail(kind: str, path, schema: dict, instance: Any, extra: Any) -> dict[str, str]:
    """One LINE-style error detail from a failed keyword (``extra``: the missing property for
    ``required``, else the keyword's value)."""
    prop = _property(path)
    if kind == "required":
        return {"message": "must be specified", "property": f"{prop}.{extra}" if prop else extra}
    if kind in ("maxItems", "minItems"):
        message = (f"Size must be between {schema.get('minItems', 0)} and "
                   f"{schema.get('maxItems', 'unbounded')}")
    elif kind in ("maxLength", "minLength"):
        message = (f"Length must be between {schema.get('minLength', 0)} and "
                   f"{schema.get('maxLength', 'unbounded')}")
    elif kind in ("enum", "const"):
        choices = extra if kind == "enum" else [extra]
        message = "Must be one of the following values: [" + ", ".join(map(str, choices)) + "]"
    elif kind == "type":
        message = f"Type mismatch: expected {extra}"
    elif kind == "format":
        message = f"invalid {extra}"
    elif kind in ("maximum", "minimum"):
        message = f"Must be {'at most' if kind == 'maximum' else 'at least'} {extra}"
    elif kind == "multipleOf":
        message = f"Must be a multiple of {extra}"
    elif kind == "pattern":
        message = f"The property, '{prop}', in the request body is invalid"
    else:
        message = f"{kind} failed"
    return {"message": message, "property": prop}


def _detail_of(error) -> dict[str, str]:
    """The same detail from a jsonschema ValidationError."""
    extra = error.validator_value
    if error.validator == "required":
        extra = next((p for p in extra if repr(p) in error.message), "?")
    return _detail(error.validator, error.absolute_path, error.schema, error.instance, extra)


def body_errors(operation: Operation, body: Any, limit: int = 20, *,
                reference: bool = False) -> list[dict[str, str]]:
    """LINE-style details (``{"message", "property"}``) for a JSON body; empty when valid.
    ``reference=True`` uses jsonschema instead of the compiled checks (slow; for tests)."""
    if operation.check is None:
        return []
    if reference:
        return [_detail_of(e) for e in itertools.islice(operation.validator.iter_errors(body), limit)]
    errors: list = []
    operation.check(body, (), errors)
    return [_detail(*e) for e in errors[:limit]]


# LINE counts message text in UTF-16 code units (an emoji such as 🍎 is two); JSON Schema's
# maxLength counts code points, so these are checked again after the schema.
_UTF16_LIMITS = {"text": ("text", 5000), "flex": ("altText", 1500), "template": ("altText", 1500),
                 "imagemap": ("altText", 1500)}


def utf16_errors(body: Any) -> list[dict[str, str]]:
    """Details for message texts over LINE's limits as LINE counts them."""
    messages = body.get("messages") if isinstance(body, dict) else None
    details = []
    for index, message in enumerate(messages if isinstance(messages, list) else []):
        if not isinstance(message, dict) or message.get("type") not in _UTF16_LIMITS:
            continue
        key, limit = _UTF16_LIMITS[message["type"]]
        value = message.get(key)
        if isinstance(value, str) and len(value.encode("utf-16-le")) > 2 * limit:
            details.append({"message": f"Length must be between 0 and {limit}", "property": f"messages[{index}].{key}"})
    return details


def error_body(details: list[dict[str, str]]) -> dict:
    return {"message": f"The request body has {len(details)} error(s)", "details": details}


def schema_errors(spec: str, component: str, instance: Any) -> list[dict[str, str]]:
    """Validate any instance against a component (e.g. ``webhook``/``CallbackRequest``)."""
    validator = _component_validator(spec, component)
    return [_detail_of(e) for e in validator.iter_errors(instance)]


@functools.cache
def _component_validator(spec: str, component: str):
    return load_api(spec).validator_for(component)
