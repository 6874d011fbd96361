"""Public pages from the shared cache (ADR 0014): what a news link or a mailing sends a
crowd to is rendered once per change, not once per visitor.

A cached page is keyed by what it shows: the path with its query, the language, whether
htmx asked for a fragment, the day (periods are counted in days and months), and the
*generation* of every kind of content it reads — ``registry`` (life situations, services,
bodies, synonyms), ``ratings`` (the published figures and «Вы сказали — мы сделали»),
``journeys`` (published maps). A write that changes such content ``bump``s its generation
when its transaction commits: every page that read it misses from then on, so no page is
stale after the change is committed, and nothing has to know which pages to delete.
A write that rolls back has renewed pages for nothing, which costs a render, never a stale page.

Only anonymous GETs with no message waiting are served from the cache: a signed-in
person's header names them and their capabilities. The page is stored with its CSRF token
replaced by a placeholder and gets the visitor's own token when served, so the language
switch and every form keep working. Each stored page carries a weak ``ETag`` and a
``Last-Modified``; a browser that has it gets ``304 Not Modified`` and no body.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.messages import get_messages
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags
from django.utils.translation import get_language

from lib import shared_cache

#: The kinds of public content, each with its generation.
SCOPES = ("registry", "ratings", "journeys", "research")
#: A page is kept at most this long even if nothing changes (a day's periods move on).
TIMEOUT = 600
_PLACEHOLDER = "__kc_csrf_token__"
_HIT_HEADER = "X-Cache"
#: Pages each process also keeps in its own memory, the most recently served first: a key
#: names the generations it was built under, so a bump makes a copy here unreachable as it
#: does the shared one, and a hit costs one small read (the generations), not the page's
#: bytes. A copy ends when the shared entry would; deleting the shared entry by hand does
#: not reach the copies (a bump does). Files (downloads) and large pages are not kept.
LOCAL_PAGES = 256
LOCAL_MAX_BYTES = 256 * 1024
_local: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()
_local_lock = threading.Lock()


def _generation_key(scope: str) -> str:
    return f"kc:gen:{scope}"


def bump(*scopes: str) -> None:
    """Make every cached page that reads these kinds of content miss: at once, and again
    when the current transaction commits. The second renewal is the one that matters: a
    visitor who read the rows before the commit may have stored the old page under the
    first new generation; none can after the commit. (The first lets pages read inside
    the writing transaction — and tests, which never commit — see the change.)"""
    unknown = set(scopes) - set(SCOPES)
    if unknown:
        raise ValueError(f"unknown public cache scopes: {sorted(unknown)}")

    def renew() -> None:
        shared_cache.set_many({_generation_key(s): uuid.uuid4().hex for s in scopes}, None)

    renew()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(renew, robust=True)


def bump_all() -> None:
    bump(*SCOPES)


def generations(scopes: Iterable[str]) -> list[str] | None:
    """The current generation of each scope; a scope the cache has lost (evicted, or a
    fresh cache) gets a new one, which makes every page of it miss — never a stale hit.
    None when the cache is down: pages are then rendered, not cached."""
    keys = [_generation_key(s) for s in scopes]
    found = shared_cache.get_many(keys)
    for key in keys:
        if key not in found:
            shared_cache.add(key, uuid.uuid4().hex, None)
            found[key] = shared_cache.get(key)
            if found[key] is None:
                return None
    return [str(found[k]) for k in keys]


def _cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    # A message waiting for the visitor (after a form) is shown once, on their page only.
    return not len(get_messages(request))


def _key(request: HttpRequest, scopes: tuple[str, ...]) -> str | None:
    current = generations(scopes)
    if current is None:
        return None
    parts = [
        request.get_full_path(),
        get_language() or "",
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        timezone.localdate().isoformat(),
        *current,
    ]
    return "kc:page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


#: Response headers a stored page keeps (the rest is set afresh by the middleware).
_KEPT = ("Content-Type", "Content-Disposition", "Content-Language", "Access-Control-Allow-Origin")


#: Where a page holds the visitor's (masked) CSRF token: the forms' hidden field and the
#: header htmx sends (``base.html``). Each is stored as the placeholder.
_TOKENS = re.compile(
    rb'(?<=name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(?=")'
    rb'|(?<="X-CSRFToken": ")[A-Za-z0-9]{64}(?=")'
)


def _store(
    key: str, response: HttpResponse, keep: Callable[[HttpResponse], Any] | None
) -> dict[str, Any] | None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    content = _TOKENS.sub(_PLACEHOLDER.encode(), response.content)
    entry = {
        "kept": keep(response) if keep else None,
        "content": content,
        "headers": {h: response[h] for h in _KEPT if response.has_header(h)},
        "etag": 'W/"' + hashlib.sha256(content).hexdigest()[:32] + '"',
        "modified": http_date(),
        "expires": time.time() + TIMEOUT,  # the copies in each process end with it
    }
    shared_cache.set(key, entry, TIMEOUT)
    _remember(key, entry)
    return entry


def _remember(key: str, entry: dict[str, Any]) -> None:
    if len(entry["content"]) > LOCAL_MAX_BYTES or "Content-Disposition" in entry["headers"]:
        return
    with _local_lock:
        _local[key] = (float(entry.get("expires", 0)), entry)
        _local.move_to_end(key)
        while len(_local) > LOCAL_PAGES:
            _local.popitem(last=False)


def _recall(key: str) -> dict[str, Any] | None:
    """The page from this process's memory, else from the shared cache (and remembered)."""
    with _local_lock:
        found = _local.get(key)
        if found is not None:
            if found[0] > time.time():
                _local.move_to_end(key)
                return found[1]
            del _local[key]  # past the shared entry's end
    entry: dict[str, Any] | None = shared_cache.get(key)
    if entry is not None:
        _remember(key, entry)
    return entry


def forget_local() -> None:
    """Empty this process's copies (the test suite, with the shared cache)."""
    with _local_lock:
        _local.clear()


def _holds_token(entry: dict[str, Any]) -> bool:
    return _PLACEHOLDER.encode() in entry["content"]


def _etag(request: HttpRequest, entry: dict[str, Any]) -> str:
    """The page's ETag for this visitor: the browser's copy of a page with a form holds
    the CSRF token it was given, so a copy made under another CSRF cookie (after signing
    in and out, or with cookies cleared) is not the same page. A file or an API answer
    holds no token: one ETag for everyone."""
    if not _holds_token(entry):
        return str(entry["etag"])
    secret = request.META.get("CSRF_COOKIE", "")  # the cookie sent, or the one being set
    mark = hashlib.sha256(secret.encode()).hexdigest()[:8]
    return f'{entry["etag"][:-1]}-{mark}"'


def _serve(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
    etag = _etag(request, entry)
    wanted = parse_etags(request.headers.get("If-None-Match", ""))
    # A browser without a CSRF cookie has no working copy of a page with a form.
    usable = bool(request.META.get("CSRF_COOKIE")) or not _holds_token(entry)
    if usable and (etag in wanted or "*" in wanted):
        response: HttpResponse = HttpResponseNotModified()
    else:
        content: bytes = entry["content"]
        if _PLACEHOLDER.encode() in content:
            content = content.replace(_PLACEHOLDER.encode(), get_token(request).encode())
        response = HttpResponse(content)
        for header, value in entry["headers"].items():
            response[header] = value
    return _mark(request, response, entry, "hit")


def _mark(
    request: HttpRequest, response: HttpResponse, entry: dict[str, Any], hit: str
) -> HttpResponse:
    response["ETag"] = _etag(request, entry)
    response["Last-Modified"] = entry["modified"]
    # A browser asks each time (If-None-Match) instead of reusing its copy unasked after
    # a change; no shared proxy keeps a page that holds a visitor's CSRF token.
    response["Cache-Control"] = "private, no-cache"
    response[_HIT_HEADER] = hit
    return response


def cached_public(
    *scopes: str,
    keep: Callable[[HttpResponse], Any] | None = None,
    replay: Callable[[HttpRequest, Any], None] | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Serve an anonymous visitor's GET of this view from the shared cache, keyed by the
    generations of ``scopes`` (the kinds of content the page reads). ``keep`` takes what
    to store beside the page from the rendered response, and ``replay`` does, for each
    visitor served from the cache, what the view would have done (a download's log)."""
    unknown = set(scopes) - set(SCOPES)
    if unknown:
        raise ValueError(f"unknown public cache scopes: {sorted(unknown)}")

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            key = _key(request, scopes)
            if key is None:  # the cache is down: the page as if never cached
                return view(request, *args, **kwargs)
            entry = _recall(key)
            if entry is not None:
                if replay is not None and entry.get("kept") is not None:
                    replay(request, entry["kept"])
                served = _serve(request, entry)
                patch_vary_headers(served, ("HX-Request",))
                return served
            response = view(request, *args, **kwargs)
            stored = _store(key, response, keep)
            patch_vary_headers(response, ("HX-Request",))
            return _mark(request, response, stored, "miss") if stored else response

        return wrapper

    return decorate


def bump_on_writes(models: Iterable[type[Model]], *scopes: str) -> None:
    """Bump ``scopes`` whenever a row of these models is saved or deleted (an app's
    ``ready``). Bulk writes (``update``, ``bulk_create``) send no signal: the service that
    makes one calls ``bump`` itself."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def changed(**_kwargs: Any) -> None:
        bump(*scopes)

    for model in models:
        uid = f"kc-public-cache:{model._meta.label}:{','.join(scopes)}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":delete")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=uid + field.name)
