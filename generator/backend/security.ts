/**
 * `app/security.py` of the generated backend: what every request and
 * response goes through whatever the spec says: a body-size limit (413),
 * JSON bodies with only finite numbers (422 naming the field), security
 * headers on every response, and JSON that escapes `<`, `>` and `&` so no
 * stored text can be read as markup.
 *
 * @module
 */

/** The request body limit when MAX_BODY_BYTES is unset: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/** The Content-Security-Policy of API responses: they are data, never a page. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** `backend/app/security.py`. */
export const SECURITY_MODULE = String
  .raw`"""What every request and response goes through, whatever the route.

- Bodies larger than MAX_BODY_BYTES are refused with 413 before any route
  reads them, whether they declare their length or stream it.
- JSON bodies may hold only finite numbers: Infinity, NaN and literals
  beyond a float's range (1e400) are refused with 422 naming the field,
  so no such value is ever stored.
- Every response says it is data: nosniff, no framing, no referrer, and
  a Content-Security-Policy that lets nothing run (the /docs pages get one
  that allows the Swagger UI they load).
- JSON responses escape <, > and & (as JSON unicode escapes): stored text
  can never be read as markup, even by a client that sniffs.
"""
import json
import math
from collections.abc import Awaitable, Callable, MutableMapping
from email.message import Message
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

Scope = MutableMapping[str, Any]
Event = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Event]]
Send = Callable[[Event], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

API_CSP = "${API_CSP}"
# The interactive documentation loads the Swagger UI and ReDoc from a CDN.
DOCS_CSP = (
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none';"
    " script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net;"
    " style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net"
    " https://fonts.googleapis.com;"
    " font-src https://fonts.gstatic.com;"
    " img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly;"
    " connect-src 'self'; worker-src blob:"
)
DOCS_PATHS = ("/docs", "/redoc")
HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


# Characters JSON responses write as unicode escapes.
ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


class SafeJSONResponse(JSONResponse):
    """JSON with <, > and & escaped, and never NaN or Infinity."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(
            content, ensure_ascii=False, allow_nan=False, separators=(",", ":")
        )
        for char, escaped in ESCAPES:
            text = text.replace(char, escaped)
        return text.encode("utf-8")


async def http_error(request: Request, exc: HTTPException) -> Response:
    """HTTP errors as escaped JSON, with their headers (Retry-After...)."""
    headers = getattr(exc, "headers", None)
    if exc.status_code in (204, 304) or exc.status_code < 200:
        return Response(status_code=exc.status_code, headers=headers)
    return SafeJSONResponse(
        {"detail": exc.detail}, status_code=exc.status_code, headers=headers
    )


async def validation_error(
    request: Request, exc: RequestValidationError
) -> Response:
    """Invalid requests: 422 listing each problem (escaped JSON)."""
    return SafeJSONResponse(
        {"detail": jsonable_encoder(exc.errors())}, status_code=422
    )


def is_json(content_type: str | None) -> bool:
    """True when FastAPI reads a body of this type as JSON."""
    if not content_type:
        return True
    message = Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def non_finite(value: Any) -> str | None:
    """Where a JSON document holds a number that is not finite, or None."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return path or "body"
        if isinstance(item, dict):
            for key in reversed(list(item)):
                where = f"{path}.{key}" if path else str(key)
                stack.append((where, item[key]))
        elif isinstance(item, list):
            for index in reversed(range(len(item))):
                stack.append((f"{path}[{index}]", item[index]))
    return None


def body_problem(body: bytes, content_type: str | None) -> str | None:
    """Why a JSON body is refused before it reaches a route, or None.

    Syntax errors are left to FastAPI, which names the position."""
    if not body.strip() or not is_json(content_type):
        return None
    try:
        document = json.loads(body)
    except RecursionError:
        return "body: nested too deeply"
    except ValueError as error:
        if isinstance(error, (json.JSONDecodeError, UnicodeDecodeError)):
            return None
        # Python refuses integers of more than 4300 digits.
        return "body: a number is too long"
    path = non_finite(document)
    if path is None:
        return None
    return (
        f"{path}: must be a finite number"
        " (Infinity, NaN and numbers beyond 1e308 are refused)"
    )


class SecurityHeaders:
    """Adds the security headers to every HTTP response."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        docs = path in DOCS_PATHS or path.startswith("/docs/")
        csp = (DOCS_CSP if docs else API_CSP).encode()

        async def with_headers(message: Event) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                names = {name.lower() for name, _ in headers}
                extra = [(b"content-security-policy", csp), *HEADERS]
                if path.startswith("/api/"):
                    extra.append((b"cache-control", b"no-store"))
                message["headers"] = [
                    *headers,
                    *(pair for pair in extra if pair[0] not in names),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuses bodies over a size (413) and JSON numbers that are not
    finite (422), then hands the body on to the app."""

    def __init__(self, app: App, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def refuse(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        status: int,
        detail: str,
    ) -> None:
        """Answers with an error instead of running the app."""
        response = SafeJSONResponse({"detail": detail}, status_code=status)
        await response(scope, receive, send)

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {
            name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in scope.get("headers", [])
        }
        too_large = f"Request body too large: at most {self.max_bytes} bytes"
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                await self.refuse(
                    scope, receive, send, 400, "Invalid Content-Length"
                )
                return
            if int(declared) > self.max_bytes:
                await self.refuse(scope, receive, send, 413, too_large)
                return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = bool(message.get("more_body", False))
            if len(body) > self.max_bytes:
                await self.refuse(scope, receive, send, 413, too_large)
                return
        problem = body_problem(bytes(body), headers.get("content-type"))
        if problem is not None:
            await self.refuse(scope, receive, send, 422, problem)
            return
        replayed = False

        async def replay() -> Event:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {
                "type": "http.request",
                "body": bytes(body),
                "more_body": False,
            }

        await self.app(scope, replay, send)


def secure(app: FastAPI, max_body_bytes: int) -> None:
    """Installs the error handlers and the middleware that must be inside
    CORS (so refusals still carry CORS headers)."""
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
`;
