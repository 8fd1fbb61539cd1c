"""The API's documentation page, rendered on the server from the OpenAPI schema.

Swagger UI and Redoc run scripts from elsewhere, which the site's Content Security Policy
refuses; the schema holds everything a reader needs, so the page is a template over it.
"""

from __future__ import annotations

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

from .exports import MAX_ROWS

METHODS = ("get", "post")
_schema = None


def schema() -> dict:
    global _schema
    if _schema is None:  # the schema follows the code, not the data: built once a process
        _schema = SchemaGenerator().get_schema(request=None, public=True)
    return _schema


def _resolve(spec: dict, node):
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = spec["components"]["schemas"].get(name, {})
    return node


def _fields(spec: dict, node, prefix: str = "", depth: int = 0) -> list[dict]:
    """The fields of a response, nested ones as `speaker.name`, a few levels deep."""
    node = _resolve(spec, node)
    if node.get("type") == "array":
        return _fields(spec, node.get("items", {}), prefix + "[]." if prefix else "", depth)
    rows = []
    for name, prop in (node.get("properties") or {}).items():
        prop = _resolve(spec, prop)
        if "allOf" in prop:
            prop = _resolve(spec, prop["allOf"][0])
        kind = prop.get("type", "object")
        if kind == "array":
            item = _resolve(spec, prop.get("items", {}))
            kind = f"list of {item.get('type', 'object')}"
        rows.append(
            {
                "name": prefix + name,
                "type": kind + (" or null" if prop.get("nullable") else ""),
                "description": prop.get("description", ""),
            }
        )
        if depth < 1 and (prop.get("properties") or prop.get("type") == "array"):
            inner = prop.get("items", prop) if prop.get("type") == "array" else prop
            if _resolve(spec, inner).get("properties"):
                rows += _fields(spec, inner, prefix + name + ".", depth + 1)
    return rows


def operations(spec: dict) -> list[dict]:
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            ok = next((op["responses"][c] for c in ("200", "201") if c in op["responses"]), {})
            content = ok.get("content", {})
            body = content.get("application/json", {}).get("schema", {})
            if body.get("type") == "object" and set(body.get("properties", {})) >= {"results"}:
                results = body["properties"]["results"]
                fields = _fields(spec, results.get("items", results))
            else:
                fields = _fields(spec, body)
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": op.get("operationId", ""),
                    "summary": (op.get("description") or "").strip(),
                    "tag": (op.get("tags") or [""])[0],
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "type": _resolve(spec, p.get("schema", {})).get("type", "string"),
                            "values": _resolve(spec, p.get("schema", {})).get("enum")
                            or _resolve(spec, p.get("schema", {}).get("items", {})).get("enum")
                            or [],
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "formats": sorted(content),
                    "paged": "results" in body.get("properties", {}),
                    "fields": fields,
                }
            )
    return found


def index(request):
    spec = schema()
    return render(
        request,
        "api/docs.html",
        {
            "info": spec.get("info", {}),
            "operations": operations(spec),
            "base": request.build_absolute_uri("/api/v1/"),
            "export_max": f"{MAX_ROWS:,}",
        },
    )
