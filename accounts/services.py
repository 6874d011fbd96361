"""Writes about people, bodies and API keys."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import can_administer
from accounts.actions import Action
from accounts.models import ApiKey, Body, Role, Scope, User, hash_api_key
from accounts.roles import MAY_ACT_AS_CLIENT, Capacity
from audit.services import audit_record
from lib import shared_cache

KEY_PREFIX = "kc"
#: How far ahead a key's last day may be: long enough for an integration's release cycle,
#: short enough that a forgotten key stops working by itself.
MAX_KEY_DAYS = 3 * 366


#: What a key may do when the caller names nothing (tests, scripts): every scope but
#: those an administrator grants only on purpose.
DEFAULT_SCOPES = [s for s in Scope.values if s != Scope.APPEALS_IDENTIFIED]


@transaction.atomic
def api_key_issue(
    *,
    actor: User | None,
    system: User,
    name: str,
    scopes: list[str] | None = None,
    expires_on: dt.date | None = None,
    raw_key: str | None = None,
) -> tuple[ApiKey, str]:
    """Issue a key for an integration system with the scopes it needs (``None``: all of
    them, for tests and scripts; the administrator's page always names them) and the last
    day it works (``None``: no end, for tests, scripts and the demo; the page always asks).
    The raw key is returned once and only its hash is kept. ``raw_key`` lets the demo use
    a known key."""
    chosen = list(DEFAULT_SCOPES) if scopes is None else list(scopes)
    if not chosen:
        raise ValidationError({"scopes": _("Отметьте, что система может делать с ключом.")})
    if set(chosen) - set(Scope.values):
        raise ValidationError({"scopes": _("Неизвестное право ключа.")})
    if system.role != Role.SYSTEM:
        raise ValidationError({"system": _("Ключ выдаётся только информационной системе.")})
    if actor is not None and not can_administer(actor, system.body_id):
        raise ValidationError({"system": _("Ключи выдаёт администратор органа этой системы.")})
    if not name.strip():
        raise ValidationError({"name": _("Назовите ключ, чтобы потом его узнать.")})
    today = timezone.localdate()
    if expires_on is not None and expires_on < today:
        raise ValidationError({"expires_on": _("Выберите сегодняшний день или позже.")})
    if expires_on is not None and (expires_on - today).days > MAX_KEY_DAYS:
        raise ValidationError(
            {"expires_on": _("Ключ можно выдать не больше чем на три года. Выберите день раньше.")}
        )
    prefix = secrets.token_hex(4)
    raw = raw_key or f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    if raw_key:
        prefix = raw_key.split("_")[1] if raw_key.count("_") >= 2 else raw_key[:8]
    key = ApiKey.objects.create(
        system=system,
        name=name.strip(),
        prefix=prefix,
        key_hash=hash_api_key(raw),
        created_by=actor,
        scopes=[s for s in Scope.values if s in chosen],
        expires_on=expires_on,
    )
    audit_record(
        actor=actor,
        action=Action.API_KEY_ISSUE,
        obj=key,
        body=system.body,
        changes={
            "system": system.username,
            "name": key.name,
            "prefix": prefix,
            "scopes": key.scopes,
            "expires_on": expires_on.isoformat() if expires_on else None,
        },
    )
    return key, raw


@transaction.atomic
def api_key_revoke(*, actor: User, key: ApiKey) -> ApiKey:
    """Revoke a key at once; calls with it are refused from now on."""
    if not can_administer(actor, key.system.body_id):
        raise ValidationError({"key": _("Отозвать ключ может администратор органа.")})
    locked = ApiKey.objects.select_for_update().get(pk=key.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action=Action.API_KEY_REVOKE,
            obj=locked,
            body=key.system.body,
            changes={"revoked_at": locked.revoked_at},
        )
    return locked


def api_key_authenticate(raw_key: str) -> User | None:
    """The system a raw key belongs to, if the key is active."""
    key = api_key_lookup(raw_key)
    return key.system if key is not None and not key.is_expired else None


#: How long a key is kept in the shared cache at most (never extended by its use).
KEY_CACHE_SECONDS = 300


def _version_key(key_hash: str) -> str:
    return f"kc:apikeyver:{key_hash}"


def _version(key_hash: str) -> str | None:
    """The key's current version in the shared cache, or None when the cache is down."""
    found = shared_cache.get(_version_key(key_hash))
    if found is None:
        shared_cache.add(_version_key(key_hash), uuid.uuid4().hex, None)
        found = shared_cache.get(_version_key(key_hash))
    return str(found) if found is not None else None


def api_key_forget(key_hashes: list[str]) -> None:
    """A new version for each key, at once and again on commit (as
    ``lib.public_cache.bump``): a revoked key, a deactivated system, a moved body is
    refused on the next call, from every web process. A reader that loaded the key just
    before the commit stored it under the old version, which nobody reads any more."""
    if not key_hashes:
        return

    def renew() -> None:
        shared_cache.set_many({_version_key(h): uuid.uuid4().hex for h in key_hashes}, None)

    renew()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(renew, robust=True)


def api_key_lookup(raw_key: str) -> ApiKey | None:
    """The unrevoked key of an active system, with its system and body loaded. An expired
    key is returned too, so that its caller is told it expired (``ApiKey.is_expired``)
    rather than that it is unknown; it is not marked as used.

    Read from the shared cache under the key's version (issue 24): a busy integration
    costs no database round trip per call, and ``api_key_forget`` (wired in
    ``accounts.apps``) makes a changed key miss. Once a minute a call marks the key used
    with an update that matches only while it is still unrevoked and its system active,
    so even an entry a race left behind lives a minute at most. With the cache down, the
    key is read from the database."""
    if not raw_key or len(raw_key) > 200:
        return None
    key_hash = hash_api_key(raw_key)
    version = _version(key_hash)
    entry = f"kc:apikey:{key_hash}:{version}" if version else None
    key: ApiKey | None = shared_cache.get(entry) if entry else None
    if key is None:
        try:  # key_hash is unique; .get() spares the ORDER BY of .first()
            key = ApiKey.objects.active().select_related("system__body").get(key_hash=key_hash)
        except ApiKey.DoesNotExist:
            return None
        if entry:
            shared_cache.add(entry, key, KEY_CACHE_SECONDS)
    if not key.system.is_active:
        return None
    if key.is_expired:
        return key
    now = timezone.now()
    if version:  # throttled through the cache: one write a minute, whichever process
        due = shared_cache.add(f"kc:apikeyused:{key_hash}", 1, 60)
    else:
        due = key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60
    if due:
        still = ApiKey.objects.filter(
            pk=key.pk, revoked_at__isnull=True, system__is_active=True
        ).update(last_used_at=now)
        if not still:  # revoked or deactivated meanwhile: the entry is stale
            api_key_forget([key_hash])
            return None
    return key


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    body: Body | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    organisation_id: int | None = None,
) -> User:
    """Create a user with a role; body roles need a body, business roles an organisation."""
    user = User(
        username=username,
        role=role,
        body=body,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organisation_id=organisation_id,
        is_staff=role == Role.PLATFORM_ADMIN,
        is_superuser=role == Role.PLATFORM_ADMIN,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action=Action.USER_CREATE,
        obj=user,
        body=body,
        changes={"username": username, "role": role},
    )
    return user


@transaction.atomic
def password_reset_done(*, user: User) -> None:
    """Record that the person set a new password from the reset letter (their sessions
    elsewhere end: Django's session hash changes with the password)."""
    audit_record(actor=user, action=Action.PASSWORD_RESET, obj=user, body=user.body)


@transaction.atomic
def capacity_set(*, actor: User, capacity: Capacity) -> None:
    """Record that a staff member changed the capacity he acts in (seed 000): what he
    does next is an external client's act, or again his body's. Systems, citizens and
    businesses have one capacity only."""
    if Role(actor.role) not in MAY_ACT_AS_CLIENT:
        raise ValidationError({"capacity": _("Эта учётная запись действует в одной роли.")})
    audit_record(
        actor=actor,
        action=Action.CAPACITY_SWITCH,
        obj=actor,
        body=actor.body,
        changes={"capacity": str(capacity)},
    )
