"""Web security: CSRF on every form and on the API's cookie-authenticated writes, cookie flags, security headers."""

from __future__ import annotations

from flask import Flask, Response, current_app, g, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from flask_wtf.csrf import CSRFError, CSRFProtect, validate_csrf
from wtforms.validators import ValidationError

from routes.errors import RequestError, render_error_page

# Set by the API's bearer loader on the request whose user the token authenticated (not the cookie).
BEARER_FLAG = "authenticated_by_bearer"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# No inline script or style anywhere: every script and stylesheet is a vendored static file.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


class SessionInterface(SecureCookieSessionInterface):
    """The signed cookie session, marked Secure when configured so or when the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure by setting, or by the request's scheme (behind a proxy: with ProxyFix)."""
        configured = bool(app.config.get("SESSION_COOKIE_SECURE"))
        return configured or (has_request_context() and request.is_secure)


def _headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        # Over HTTPS (directly or as the trusted proxy reports it) the browser must never come back over HTTP.
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint != "static":
        # Pages and files carry personal data: neither a shared cache nor the back button after logout keeps them.
        response.headers.setdefault("Cache-Control", "no-store")
        if "Content-Disposition" in response.headers:
            # send_file marks a download "no-cache" (kept, revalidated): a document must not be kept at all.
            response.headers["Cache-Control"] = "no-store"
    return response


def _unless_configured(app: Flask, key: str, value: object) -> None:
    """Our value for a Flask setting, unless the configuration already changed Flask's default."""
    if app.config.get(key) == app.default_config.get(key):
        app.config[key] = value


def _csrf_failed(error: CSRFError) -> tuple[str, int]:
    message = "Форма устарела или отправлена не с этой страницы. Обновите страницу и повторите действие."
    return render_error_page(400, message)


def _api_csrf() -> None:
    """A write to the API authenticated by the session cookie carries the page's CSRF token in X-CSRFToken.

    Bearer-token calls are exempt: a browser never adds the token by itself, so a cross-site page cannot use it.
    """
    if request.blueprint != "api" or request.method in SAFE_METHODS:
        return
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    if not current_user.is_authenticated or g.get(BEARER_FLAG):
        return
    try:
        validate_csrf(request.headers.get("X-CSRFToken") or request.headers.get("X-CSRF-Token"))
    except ValidationError as exc:
        raise RequestError(
            403,
            "csrf_failed",
            "Запрос с cookie сеанса без CSRF-токена отклонён: передайте заголовок X-CSRFToken со страницы "
            "приложения или используйте токен Authorization: Bearer.",
        ) from exc


def init_web_security(app: Flask, csrf: CSRFProtect) -> None:
    """CSRFProtect (the bearer-token API exempt), cookie flags and the headers hook.

    WTF_CSRF_ENABLED and SESSION_COOKIE_SECURE come from the Settings (config.py).
    """
    # A form left open through a working day still posts; the token is bound to the session anyway.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 12 * 3600)
    _unless_configured(app, "SESSION_COOKIE_HTTPONLY", True)
    _unless_configured(app, "SESSION_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    app.session_interface = SessionInterface()
    csrf.init_app(app)
    api = app.blueprints.get("api")
    if api is not None:
        # Bearer-token calls need no CSRF token; the API's own check asks it of cookie-authenticated writes only.
        csrf.exempt(api)
        app.before_request(_api_csrf)
    app.register_error_handler(CSRFError, _csrf_failed)
    app.after_request(_headers)
