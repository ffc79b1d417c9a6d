"""Fixed-window rate limits, counted in the database so that every worker counts together.

Why the database and not Django's cache: the default cache is local memory, one per gunicorn
worker, so with two workers each counted alone (5 allowed failures became 10). The database
is the one store every worker and machine of a site already shares, on SQLite and PostgreSQL
alike, with no extra service. Why an upsert and not `DatabaseCache`: its `incr` is a read then
a write, so two workers can both read 4 and both write 5. Here each hit is one statement,
`INSERT ... ON CONFLICT DO UPDATE ... RETURNING count` (SQLite 3.35+, PostgreSQL 9.5+), which
the database runs atomically on the row: concurrent hits get 1, 2, 3, ... and never the same
number, so "at most N" holds exactly whatever the number of workers.

A hit made inside a transaction is part of it: when a new member's message is refused or
fails later, the hit is rolled back with it, so the limit counts what was really posted.

Callers reserve before they act (`allow`, or `hit` and compare) rather than check then count,
because a check followed by a separate count lets concurrent requests all pass the check.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest

from cinemeter.accounts.models import RateCounter

# The time source, one place for tests to move instead of sleeping through a window.
clock = time.time


def client_ip(request: HttpRequest) -> str:
    """The address a request came from; behind the site's own proxy, the one it saw."""
    if settings.TRUST_X_FORWARDED_FOR:
        # The proxy appends the address it saw; earlier entries are whatever the client sent.
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return str(request.META.get("REMOTE_ADDR", ""))


def _names() -> tuple[BaseDatabaseWrapper, str]:
    """The counters' connection and their table's quoted name."""
    connection = connections[router.db_for_write(RateCounter)]
    return connection, connection.ops.quote_name(RateCounter._meta.db_table)


@dataclass(frozen=True)
class Throttle:
    """At most `limit` hits per key in a window of `seconds`, counted from the first hit."""

    name: str
    limit: int
    seconds: int

    def _key(self, key: str) -> str:
        # Hashed: keys hold addresses and typed-in names, which the table need not show.
        digest = hashlib.sha256(key.lower().encode()).hexdigest()[:40]
        return f"{self.name}:{digest}"

    def count(self, key: str) -> int:
        """Hits so far in the key's current window (0 when it has none or it ended)."""
        row = (
            RateCounter.objects.filter(key=self._key(key), expires_at__gt=clock())
            .values_list("count", flat=True)
            .first()
        )
        return row or 0

    def exceeded(self, key: str) -> bool:
        return self.count(key) >= self.limit

    def hit(self, key: str) -> int:
        """Count one hit and return the window's count including it, atomically.

        A hit after the window ended starts a new one at 1; later hits never move the end.
        """
        now = clock()
        connection, table = _names()
        # Both SET expressions read the row as it was before this statement (SQL semantics on
        # SQLite and PostgreSQL alike), so the expiry test is the same in each.
        sql = (
            f'INSERT INTO {table} ("key", "count", expires_at) VALUES (%s, 1, %s) '  # noqa: S608
            f'ON CONFLICT ("key") DO UPDATE SET '
            f'"count" = CASE WHEN {table}.expires_at <= %s THEN 1 ELSE {table}."count" + 1 END, '
            f"expires_at = CASE WHEN {table}.expires_at <= %s "
            f"THEN excluded.expires_at ELSE {table}.expires_at END "
            f'RETURNING "count"'
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self._key(key), now + self.seconds, now, now])
            row = cursor.fetchone()
            count = int(row[0])
            if count == 1:
                # A new window: a good moment to drop the ended ones (by the expiry index), so
                # the table holds only the keys of the last window's worth of hits.
                cursor.execute(f"DELETE FROM {table} WHERE expires_at <= %s", [now])  # noqa: S608
        return count

    def allow(self, key: str) -> bool:
        """Count one hit; True while it is within the limit. The reserving form of a check."""
        return self.hit(key) <= self.limit

    def refund(self, key: str) -> None:
        """Take back one hit: an attempt reserved with `hit` that turned out not to count."""
        connection, table = _names()
        with connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE {table} SET "count" = "count" - 1 WHERE "key" = %s AND "count" > 0',  # noqa: S608
                [self._key(key)],
            )

    def reset(self, key: str) -> None:
        RateCounter.objects.filter(key=self._key(key)).delete()


def registration_throttle() -> Throttle:
    """Accepted registrations per client address (typos and refused forms do not count)."""
    return Throttle(
        "register", settings.ACCOUNTS_REGISTRATIONS_PER_IP, settings.ACCOUNTS_REGISTRATION_WINDOW
    )


def mail_throttle() -> Throttle:
    """E-mails a client address may make the site send: activation resends, password resets."""
    return Throttle("mail", settings.ACCOUNTS_MAILS_PER_IP, settings.ACCOUNTS_REGISTRATION_WINDOW)


def login_account_throttle() -> Throttle:
    """Failed log-ins per account (or per typed-in name that is no account)."""
    return Throttle(
        "login-account",
        settings.ACCOUNTS_LOGIN_FAILURES_ALLOWED,
        settings.ACCOUNTS_LOGIN_FAILURE_WINDOW,
    )


def login_address_throttle() -> Throttle:
    """Failed log-ins per client address, whatever the account: high enough for a NAT."""
    return Throttle(
        "login-address",
        settings.ACCOUNTS_LOGIN_FAILURES_PER_IP,
        settings.ACCOUNTS_LOGIN_FAILURE_WINDOW,
    )
